/**
 * Sniffs an input's first bytes and hands it to the right reader: gzip is unwrapped first, an
 * `ElfFile\0` header means EVTX, anything else goes to the XML reader (which sniffs the text
 * encoding and export form itself). File names are never trusted for this.
 */
import { createGunzip } from 'node:zlib';
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

/**
 * Decompression bound: real event logs compress 5–40×; a gzip bomb (zeros, spaces) over 1000×.
 * Output beyond `ratio` times the compressed bytes read so far, once past `floor` bytes, stops
 * reading with an issue: what was decompressed until then is kept, and memory and time stay bounded.
 */
export interface GzipLimit {
  ratio: number;
  floor: number;
}
export const GZIP_LIMIT: GzipLimit = { ratio: 200, floor: 256 * 1024 * 1024 };

interface GunzipState {
  compressed: number;
  decompressed: number;
  /** set when the bound stopped decompression */
  stoppedAt: number | null;
  /** a zlib or read error, reported by readEvents as an issue after the reader finished */
  error: Error | null;
}

/**
 * Gunzips `source` lazily (nothing is decompressed ahead of what the reader asks for). Errors of
 * the compressed stream (truncation, bad CRC, read errors) end the output instead of throwing, so
 * the reader sees a short input (and reports a truncated record if one was cut) and readEvents adds
 * the cause; a thrown zlib error could otherwise surface outside the reader's error handling.
 */
async function* gunzipBounded(source: AsyncIterable<Uint8Array>, limit: GzipLimit, state: GunzipState): AsyncGenerator<Uint8Array> {
  const gunzip = createGunzip();
  let stop = false;
  const writable = () =>
    new Promise<void>((resolve) => {
      const done = () => { gunzip.off('drain', done); gunzip.off('close', done); resolve(); };
      gunzip.on('drain', done);
      gunzip.on('close', done);
    });
  // Feeds compressed bytes with backpressure: zlib holds at most its buffers, never the file.
  const feeding = (async () => {
    try {
      for await (const chunk of source) {
        if (stop || gunzip.destroyed) return;
        state.compressed += chunk.byteLength;
        if (!gunzip.write(chunk)) await writable();
      }
      if (!gunzip.destroyed) gunzip.end();
    } catch (e) {
      gunzip.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  })();
  try {
    for await (const out of gunzip) {
      const b = out as Buffer;
      if (state.decompressed + b.length > limit.floor && state.decompressed + b.length > limit.ratio * state.compressed) {
        state.stoppedAt = state.decompressed;
        return;
      }
      state.decompressed += b.length;
      yield b;
    }
  } catch (e) {
    state.error = e instanceof Error ? e : new Error(String(e));
  } finally {
    stop = true;
    gunzip.destroy();
    await feeding;
  }
}

export async function* readEvents(source: AsyncIterable<Uint8Array>, opts: ParseOptions): AsyncGenerator<ParserItem, void, undefined> {
  let { head, rest } = await peek(source, 8);
  let gz: GunzipState | null = null;
  if (head.length >= 2 && head[0] === GZIP[0] && head[1] === GZIP[1]) {
    gz = { compressed: 0, decompressed: 0, stoppedAt: null, error: null };
    ({ head, rest } = await peek(gunzipBounded(rest, opts.gzipLimit ?? GZIP_LIMIT, gz), 8));
  }
  const reader = head.length >= 8 && head.subarray(0, 8).equals(EVTX) ? parseEvtx : parseXml;
  for await (const item of reader(rest, opts)) {
    if (gz && item.kind === 'info') yield { kind: 'info', info: { ...item.info, encoding: `${item.info.encoding}+gzip` } };
    else yield item;
  }
  if (gz?.stoppedAt != null) {
    const limit = opts.gzipLimit ?? GZIP_LIMIT;
    yield {
      kind: 'issue',
      issue: {
        file: opts.file, offset: gz.stoppedAt, line: null, kind: 'gzip-bomb',
        message: `decompression stopped at byte ${gz.stoppedAt} of the decompressed data: it grew past ${limit.ratio} times the ${gz.compressed} compressed bytes read (a decompression bomb?); records before that point are kept`,
      },
    };
  } else if (gz?.error) {
    yield {
      kind: 'issue',
      issue: { file: opts.file, offset: gz.decompressed, line: null, kind: 'gzip-error', message: `the gzip data is damaged after ${gz.decompressed} decompressed bytes (${gz.error.message}); records before that point are kept` },
    };
  }
}
