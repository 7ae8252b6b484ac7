import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCode, decodeCode, findCode, decodeTermddBinary, describeEvent, CODE_TABLES, CHANNEL, PROVIDER, type CodeTableId } from '../src/catalog/index.js';
import { nev } from './helpers/catalog-event.js';

test('parseCode reads any 32-bit value in hex (any case, padded), decimal and signed form', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.boolean(), fc.nat(4), (n, upper, pad) => {
    let hex = n.toString(16).padStart(pad + 1, '0');
    hex = upper ? hex.toUpperCase() : hex;
    assert.equal(parseCode(`0x${hex}`), n);
    assert.equal(parseCode(`0X${hex}`), n);
    assert.equal(parseCode(String(n)), n);
    assert.equal(parseCode(n), n);
    const signed = n | 0;
    assert.equal(parseCode(signed), n);
    assert.equal(parseCode(String(signed)), n);
  }));
});

test('every listed entry is found again from its hex and its decimal form', () => {
  for (const [table, list] of Object.entries(CODE_TABLES) as [CodeTableId, typeof CODE_TABLES[CodeTableId]][]) {
    for (const e of list) {
      assert.equal(decodeCode(table, e.hex), e, `${table} ${e.hex}`);
      assert.equal(decodeCode(table, e.hex.toLowerCase()), e);
      assert.equal(decodeCode(table, String(e.code)), e);
      assert.ok(findCode(e.hex).some((f) => f.table === table && f.code === e.code), `${table} ${e.hex} not found by findCode`);
    }
  }
});

test('parseCode never throws and refuses text that is not a number', () => {
  fc.assert(fc.property(fc.string(), (s) => {
    const v = parseCode(s);
    assert.ok(v === undefined || (Number.isSafeInteger(v) && v >= 0));
  }));
  fc.assert(fc.property(fc.stringMatching(/^[g-z ._]+$/), (s) => assert.equal(parseCode(s), undefined)));
});

test('TermDD binary decoding never throws on arbitrary hex', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
    const hex = Buffer.from(bytes).toString('hex');
    const d = decodeTermddBinary(hex);
    if (bytes.length < 40) assert.equal(d, undefined);
    else assert.ok(d && d.dumpData.length <= (bytes.length - 40) * 2);
  }));
});

test('describeEvent never throws and keeps summaries on one terminal-safe line', () => {
  const kinds: [string, string, number][] = [
    [CHANNEL.rdpCoreTs, PROVIDER.rdpCoreTs, 131], [CHANNEL.rdpCoreTs, PROVIDER.rdpCoreTs, 72], [CHANNEL.rdpClient, PROVIDER.rdpClient, 1026],
    ['System', 'Schannel', 36888], ['System', 'TermDD', 56], ['Security', PROVIDER.security, 4625], [CHANNEL.lsm, PROVIDER.lsm, 40],
  ];
  const field = fc.constantFrom('ClientIP', 'ConnType', 'MethodName', 'Value', 'AlertDesc', 'ErrorState', 'Binary', 'Data[2]', 'Status', 'SubStatus', 'LogonType', 'Reason', 'TargetUserName', 'IpAddress');
  fc.assert(fc.property(fc.constantFrom(...kinds), fc.dictionary(field, fc.string({ maxLength: 40 })), ([ch, p, id], fields) => {
    const d = describeEvent(nev(ch, p, id, fields));
    assert.doesNotMatch(d.summary, /[\u0000-\u001f\u007f-\u009f]/);
    assert.ok(d.summary.length > 0);
  }));
});
