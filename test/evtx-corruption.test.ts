/**
 * Damage a real EVTX file in memory and check the reader's promises: it never throws or hangs,
 * reports what it could not read (kind, offset), and keeps every record it can still read intact.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from '../parsers/evtx/crc32.js';
import type { RawEvent } from '../src/model/event.js';
import { FIXTURES, pieces, readAll, type ReadResult } from './evtx-support.js';

const ORIGINAL = readFileSync(join(FIXTURES, 'Security_short_selected.evtx'));
const CHUNK = 4096;
const CHUNK_LEN = 65536;

async function parse(buf: Buffer, carve = false): Promise<ReadResult> {
  return readAll(pieces(buf), 'mutant.evtx', carve);
}
function copy(): Buffer { return Buffer.from(ORIGINAL); }

/** Record start offsets (file offsets) of the pristine single-chunk file. */
function recordOffsets(buf: Buffer): number[] {
  const out: number[] = [];
  let off = CHUNK + 512;
  const free = CHUNK + buf.readUInt32LE(CHUNK + 48);
  while (off < free) { out.push(off); off += buf.readUInt32LE(off + 4); }
  return out;
}
function fixChunkCrcs(buf: Buffer, chunk = CHUNK): void {
  const free = buf.readUInt32LE(chunk + 48);
  buf.writeUInt32LE(crc32(buf.subarray(chunk + 512, chunk + free)), chunk + 52);
  buf.writeUInt32LE(crc32(buf.subarray(chunk, chunk + 120), buf.subarray(chunk + 128, chunk + 512)), chunk + 124);
}
function fixHeaderCrc(buf: Buffer): void { buf.writeUInt32LE(crc32(buf.subarray(0, 120)), 124); }
const kinds = (r: ReadResult) => r.issues.map((i) => i.kind);
const ids = (events: RawEvent[]) => events.map((e) => e.system.recordId);

describe('EVTX reader on damaged input', async () => {
  const clean = await parse(ORIGINAL);
  const offsets = recordOffsets(ORIGINAL);

  it('reads the pristine file without issues, identically in any chunking', async () => {
    assert.equal(clean.events.length, 7);
    assert.deepEqual(clean.issues, []);
    assert.equal(clean.infos, 1);
    const whole = await readAll((async function* () { yield ORIGINAL; })(), 'mutant.evtx');
    assert.deepEqual(whole.events, clean.events);
    assert.equal(offsets.length, 7);
  });

  it('reports a chunk header checksum mismatch and keeps every record', async () => {
    const b = copy();
    b[CHUNK + 124] ^= 0xff;
    const r = await parse(b);
    assert.deepEqual(kinds(r), ['evtx-chunk-crc']);
    assert.equal(r.issues[0]!.offset, CHUNK);
    assert.deepEqual(r.events, clean.events);
  });

  it('reports a record-area checksum mismatch when record bytes change', async () => {
    const b = copy();
    // change one character of a string in the last record (its UTF-16 text stays valid)
    const last = offsets[6]!;
    const at = b.indexOf(Buffer.from('TEMPORAL', 'utf16le'), last);
    assert.ok(at > last);
    b[at] = 'X'.charCodeAt(0);
    const r = await parse(b);
    assert.deepEqual(kinds(r), ['evtx-chunk-crc']);
    assert.equal(r.events.length, 7);
    assert.deepEqual(r.events.slice(0, 6), clean.events.slice(0, 6));
  });

  it('skips a record whose size is zeroed and resumes at the next record', async () => {
    const b = copy();
    b.writeUInt32LE(0, offsets[2]! + 4);
    const r = await parse(b);
    assert.ok(kinds(r).includes('evtx-record-corrupt'));
    assert.ok(r.issues.some((i) => i.kind === 'evtx-record-corrupt' && i.offset === offsets[2]));
    assert.deepEqual(ids(r.events), ids(clean.events.filter((_, i) => i !== 2)));
    assert.deepEqual(r.events, clean.events.filter((_, i) => i !== 2));
  });

  for (const [label, target] of [
    ['its own template instance (a loop)', (rec: number) => rec - CHUNK + 28],
    ['beyond the chunk', () => 0xfffffff0],
    ['into the chunk header', () => 16],
  ] as const) {
    it(`reports a template reference pointing ${label} and keeps the other records`, async () => {
      const b = copy();
      const rec = offsets[3]!;
      assert.equal(b[rec + 28], 0x0c, 'record starts with a template instance');
      b.writeUInt32LE(target(rec), rec + 28 + 6);
      fixChunkCrcs(b);
      const r = await parse(b);
      assert.deepEqual(kinds(r), ['evtx-record-corrupt']);
      assert.equal(r.issues[0]!.offset, rec);
      assert.deepEqual(r.events, clean.events.filter((_, i) => i !== 3));
    });
  }

  it('reads the complete records of a truncated file and reports the cut', async () => {
    const cut = offsets[4]! + 100;
    const r = await parse(ORIGINAL.subarray(0, cut));
    assert.ok(kinds(r).includes('evtx-truncated'));
    assert.ok(r.issues.some((i) => i.kind === 'evtx-truncated' && i.offset === offsets[4]));
    assert.deepEqual(r.events, clean.events.slice(0, 4));
  });

  it('copes with empty, tiny and header-only input', async () => {
    for (const b of [Buffer.alloc(0), ORIGINAL.subarray(0, 100), ORIGINAL.subarray(0, CHUNK), ORIGINAL.subarray(0, CHUNK + 300)]) {
      const r = await parse(Buffer.from(b));
      assert.equal(r.events.length, 0);
      if (b.length !== CHUNK) assert.ok(kinds(r).includes('evtx-truncated'), `issue for ${b.length} bytes`);
    }
    const notEvtx = await parse(Buffer.from('<Events></Events>'));
    assert.deepEqual(kinds(notEvtx), ['evtx-not-evtx']);
  });

  it('reports a wrong file header checksum and the dirty flag, and reads on', async () => {
    const b = copy();
    b[60] ^= 0x5a; // an unused byte inside the checksummed first 120 bytes
    b.writeUInt32LE(b.readUInt32LE(120) | 1, 120); // flags are outside the checksum
    let r = await parse(b);
    assert.deepEqual(kinds(r), ['evtx-header-crc', 'evtx-dirty']);
    assert.deepEqual(r.events, clean.events);
    b[60] ^= 0x5a;
    r = await parse(b);
    assert.deepEqual(kinds(r), ['evtx-dirty']);
    assert.deepEqual(r.events, clean.events);
  });

  it('walks every chunk whatever the header says, skipping zeroed chunks', async () => {
    const chunk = ORIGINAL.subarray(CHUNK, CHUNK + CHUNK_LEN);
    const b = Buffer.concat([ORIGINAL.subarray(0, CHUNK), chunk, Buffer.alloc(CHUNK_LEN), chunk, chunk]);
    b.writeUInt16LE(1, 42); // header claims one chunk
    fixHeaderCrc(b);
    const r = await parse(b);
    assert.equal(r.events.length, 21);
    assert.deepEqual(kinds(r), ['evtx-header-chunk-count']);
    // origins point at each copy
    assert.equal(r.events[7]!.origin.offset, clean.events[0]!.origin.offset + 2 * CHUNK_LEN);
  });

  it('reads the records of a chunk whose signature is damaged', async () => {
    const b = copy();
    b.write('XXXXXXXX', CHUNK, 'latin1');
    const r = await parse(b);
    assert.equal(kinds(r)[0], 'evtx-chunk-magic');
    assert.deepEqual(r.events, clean.events);
  });

  it('recovers a record left in slack space only when carving', async () => {
    const b = copy();
    b.writeUInt32LE(offsets[6]! - CHUNK, CHUNK + 48); // free space now starts at the last record
    fixChunkCrcs(b);
    const plain = await parse(b);
    assert.deepEqual(plain.issues, []);
    assert.deepEqual(plain.events, clean.events.slice(0, 6));
    const carved = await parse(b, true);
    assert.deepEqual(kinds(carved), ['evtx-carved']);
    assert.equal(carved.issues[0]!.offset, offsets[6]);
    assert.deepEqual(carved.events, clean.events);
  });

  it('survives random damage: never throws, never invents records', async () => {
    let seed = 0x2545f491;
    const rand = (n: number) => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) % n; };
    const end = CHUNK + ORIGINAL.readUInt32LE(CHUNK + 48);
    for (let m = 0; m < 300; m++) {
      const b = copy();
      const mode = m % 3;
      if (mode === 0) for (let k = 0; k < 1 + rand(30); k++) b[CHUNK + rand(end - CHUNK)] = rand(256);
      else if (mode === 1) b.fill(0, CHUNK + 512 + rand(end - CHUNK - 512)).subarray(0, 0);
      else for (let k = 0; k < 6; k++) b.writeUInt32LE(rand(2) ? 0xffffffff : rand(0x10000), CHUNK + 4 * rand((end - CHUNK) / 4));
      const cut = mode === 1 ? b.subarray(0, CHUNK + 512 + rand(end - CHUNK)) : b;
      for (const carve of [false, true]) {
        const r = await parse(Buffer.from(cut), carve);
        assert.ok(r.events.length <= 7 + (carve ? 7 : 0), `mutant ${m}: ${r.events.length} events`);
        for (const e of r.events) assert.equal(typeof e.system.recordId, 'string');
      }
    }
  });
});
