/**
 * Sniffs an input's first bytes and hands it to the right reader: gzip is unwrapped first, an
 * `ElfFile\0` header means EVTX, anything else goes to the XML reader (which sniffs the text
 * encoding and export form itself). File names are never trusted for this.
 */
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import type { ParserItem } from '../src/model/event.js';
import type { ParseOptions } from './types.js';
import { parseXml } from './xml/index.js';
import { parseEvtx } from './evtx/index.js';

const GZIP = [0x1f, 0x8b];
const EVTX = Buffer.from('ElfFile\0', 'latin1');

/** Reads until at least `n` bytes are buffered (or the source ends); returns them and the rest. */
async function peek(source: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Buffer; rest: AsyncIterable<Uint8Array> }> {
  const it = source[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let len = 0;
  let done = false;
  while (len < n) {
    const r = await it.next();
    if (r.done) { done = true; break; }
    const b = Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
    parts.push(b);
    len += b.length;
  }
  const head = Buffer.concat(parts);
  async function* rest(): AsyncGenerator<Uint8Array> {
    if (head.length) yield head;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, rest: rest() };
}

export async function* readEvents(source: AsyncIterable<Uint8Array>, opts: ParseOptions): AsyncGenerator<ParserItem, void, undefined> {
  let { head, rest } = await peek(source, 8);
  let gz = false;
  if (head.length >= 2 && head[0] === GZIP[0] && head[1] === GZIP[1]) {
    gz = true;
    const gunzip = createGunzip();
    const decompressed = Readable.from(rest).pipe(gunzip);
    ({ head, rest } = await peek(decompressed, 8));
  }
  const reader = head.length >= 8 && head.subarray(0, 8).equals(EVTX) ? parseEvtx : parseXml;
  for await (const item of reader(rest, opts)) {
    if (gz && item.kind === 'info') yield { kind: 'info', info: { ...item.info, encoding: `${item.info.encoding}+gzip` } };
    else yield item;
  }
}
