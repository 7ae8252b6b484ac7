/** BinXML value rendering on crafted bytes: every type Windows renders, read by its declared size. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { VT, renderArray, renderScalar } from '../parsers/evtx/values.js';

const hex = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');
const r = (type: number, h: string) => { const b = hex(h); return renderScalar(b, type, 0, b.length); };

describe('EVTX value rendering', () => {
  it('integers: decimal, signed where signed, 64-bit exact', () => {
    assert.equal(r(VT.Int8, 'ff'), '-1');
    assert.equal(r(VT.UInt8, 'ff'), '255');
    assert.equal(r(VT.Int16, 'feff'), '-2');
    assert.equal(r(VT.UInt16, 'feff'), '65534');
    assert.equal(r(VT.Int32, 'ffffffff'), '-1');
    assert.equal(r(VT.UInt32, 'ffffffff'), '4294967295');
    assert.equal(r(VT.Int64, 'ffffffffffffffff'), '-1');
    assert.equal(r(VT.UInt64, 'ffffffffffffffff'), '18446744073709551615');
    assert.equal(r(VT.UInt64, '0500000000000000'), '5');
  });

  it('hex types, size_t and keywords: lower-case 0x without padding', () => {
    assert.equal(r(VT.HexInt32, '6d0000c0'), '0xc000006d');
    assert.equal(r(VT.HexInt64, 'e703000000000000'), '0x3e7');
    assert.equal(r(VT.HexInt64, '0000000000002080'), '0x8020000000000000');
    assert.equal(r(VT.SizeT, 'd401000000000000'), '0x1d4');
    assert.equal(r(VT.SizeT, 'd4010000'), '0x1d4');
    assert.equal(r(VT.HexInt64, '0000000001000000'), '0x100000000');
  });

  it('booleans are 4 bytes and any non-zero value is true', () => {
    assert.equal(r(VT.Bool, '00000000'), 'false');
    assert.equal(r(VT.Bool, '01000000'), 'true');
    assert.equal(r(VT.Bool, '00000100'), 'true');
  });

  it('floats', () => {
    assert.equal(r(VT.Real32, '0000c03f'), '1.5');
    assert.equal(r(VT.Real32, 'cdcccc3d'), '0.1');
    assert.equal(r(VT.Real64, '9a9999999999b93f'), '0.1');
  });

  it('GUID upper case in braces, SID with its authority', () => {
    assert.equal(r(VT.Guid, '2596845478549449a5ba3e3b0328c30d'), '{54849625-5478-4994-A5BA-3E3B0328C30D}');
    assert.equal(r(VT.Sid, '010100000000000512000000'), 'S-1-5-18');
    assert.equal(r(VT.Sid, '010500000000000515000000caad1e0b5197ffe95234a106f4010000'), 'S-1-5-21-186559946-3925841745-111227986-500');
    assert.equal(r(VT.Sid, '010001000000000000000000'.slice(0, 16)), 'S-1-0x010000000000');
  });

  it('FILETIME exact to 100 ns, SYSTEMTIME in UTC', () => {
    // 2016-06-29T15:24:34.3459999Z = 131116874743459999 ticks
    const ft = Buffer.alloc(8);
    ft.writeBigUInt64LE(131116874743459999n);
    assert.equal(renderScalar(ft, VT.FileTime, 0, 8), '2016-06-29T15:24:34.3459999Z');
    ft.writeBigUInt64LE(0n);
    assert.equal(renderScalar(ft, VT.FileTime, 0, 8), '1601-01-01T00:00:00.0000000Z');
    const st = Buffer.alloc(16);
    [2021, 2, 5, 12, 23, 4, 5, 678].forEach((v, i) => st.writeUInt16LE(v, 2 * i));
    assert.equal(renderScalar(st, VT.SystemTime, 0, 16), '2021-02-12T23:04:05.6780000Z');
  });

  it('strings: UTF-16 and Windows-1252, trailing NULs removed; binary as upper-case hex', () => {
    assert.equal(r(VT.WString, Buffer.from('User32 \0', 'utf16le').toString('hex')), 'User32 ');
    assert.equal(r(VT.AnsiString, '80416200'), '€Ab');
    assert.equal(r(VT.Binary, '00ab10'), '00AB10');
  });

  it('arrays split into items by element size or NUL', () => {
    const strings = Buffer.from('a\0\0b\0', 'utf16le');
    assert.deepEqual(renderArray(strings, VT.ArrayFlag | VT.WString, 0, strings.length), ['a', '', 'b']);
    const u32 = hex('0100000002000000');
    assert.deepEqual(renderArray(u32, VT.ArrayFlag | VT.UInt32, 0, 8), ['1', '2']);
    const hex64 = hex('0100000000000000ff00000000000000');
    assert.deepEqual(renderArray(hex64, VT.ArrayFlag | VT.HexInt64, 0, 16), ['0x1', '0xff']);
    const sids = hex('010100000000000512000000 010100000000000513000000');
    assert.deepEqual(renderArray(sids, VT.ArrayFlag | VT.Sid, 0, sids.length), ['S-1-5-18', 'S-1-5-19']);
  });
});
