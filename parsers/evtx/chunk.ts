/**
 * One 64 KiB EVTX chunk → events and parse issues.
 *
 * Chunk layout: 512-byte header (`ElfChnk\0`, record number range, free-space offset, CRC-32 of
 * the record area, CRC-32 of the header), then event records (`**\0\0`, size, record number,
 * written time, BinXML, size again). A damaged chunk is reported and read as far as it can be; a
 * damaged record is reported and the walk resumes at the next plausible record.
 */
import type { ParserItem, ParseIssue } from '../../src/model/event.js';
import { BinXmlError, ChunkContext, type XEl } from './binxml.js';
import { CHUNK_SIZE } from './blocks.js';
import { crc32 } from './crc32.js';
import { toRawEvent } from './event.js';

const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');
const RECORD_MAGIC = Buffer.from([0x2a, 0x2a, 0, 0]);
const CHUNK_HEADER_SIZE = 512;
/** record header (24) + at least a BinXML EOF token + size copy (4) */
const MIN_RECORD_SIZE = 29;
const ZERO_CHUNK = Buffer.alloc(CHUNK_SIZE);

export interface ChunkResult {
  /** did the block carry the chunk signature */
  hasMagic: boolean;
  /** every byte zero (an unused, pre-allocated chunk) */
  empty: boolean;
}

export interface ChunkInput {
  buf: Buffer;
  index: number;
  /** file offset of the chunk's first byte */
  offset: number;
  file: string;
  carve: boolean;
}

function recordSizeAt(buf: Buffer, off: number, limit: number): number {
  if (off + 8 > buf.length || !buf.subarray(off, off + 4).equals(RECORD_MAGIC)) return 0;
  const size = buf.readUInt32LE(off + 4);
  if (size < MIN_RECORD_SIZE || off + size > limit || size > CHUNK_SIZE - CHUNK_HEADER_SIZE) return 0;
  return buf.readUInt32LE(off + size - 4) === size ? size : 0;
}

/** Next offset in [from, limit) that holds a well-framed record, or -1. */
function nextRecord(buf: Buffer, from: number, limit: number): number {
  let at = from;
  // each step moves forward by at least one byte, so this ends after < 64 Ki steps
  while (at < limit) {
    const hit = buf.indexOf(RECORD_MAGIC, at);
    if (hit < 0 || hit >= limit) return -1;
    if (recordSizeAt(buf, hit, buf.length) > 0) return hit;
    at = hit + 1;
  }
  return -1;
}

export function* readChunk(input: ChunkInput, result: ChunkResult): Generator<ParserItem, void, undefined> {
  const { buf, index, offset, file } = input;
  const issue = (kind: string, at: number, message: string): ParserItem => {
    const i: ParseIssue = { file, offset: at, line: null, kind, message };
    return { kind: 'issue', issue: i };
  };
  const where = `chunk ${index} (offset ${offset})`;
  const complete = buf.length === CHUNK_SIZE;
  result.hasMagic = buf.length >= 8 && buf.subarray(0, 8).equals(CHUNK_MAGIC);
  result.empty = false;

  if (!result.hasMagic) {
    if (buf.equals(ZERO_CHUNK.subarray(0, buf.length))) { result.empty = true; return; }
    // A chunk whose signature alone is damaged still has its records at offset 512.
    const looksLikeChunk = buf.length > CHUNK_HEADER_SIZE + 8 && recordSizeAt(buf, CHUNK_HEADER_SIZE, buf.length) > 0;
    yield issue('evtx-chunk-magic', offset, `${where}: no chunk signature${looksLikeChunk ? '; records follow at offset 512, reading them' : ''}`);
    if (!looksLikeChunk) {
      if (input.carve) yield* carve(input, new ChunkContext(buf), 0, buf.length);
      return;
    }
  }
  if (buf.length < CHUNK_HEADER_SIZE) {
    yield issue('evtx-truncated', offset, `${where}: file ends ${buf.length} bytes into the chunk header`);
    return;
  }

  const storedHeaderCrc = buf.readUInt32LE(124);
  const headerCrc = crc32(buf.subarray(0, 120), buf.subarray(128, CHUNK_HEADER_SIZE));
  if (result.hasMagic && headerCrc !== storedHeaderCrc) {
    yield issue('evtx-chunk-crc', offset, `${where}: header checksum 0x${headerCrc.toString(16)} does not match stored 0x${storedHeaderCrc.toString(16)}; reading its records anyway`);
  }
  let freeSpace = buf.readUInt32LE(48);
  if (freeSpace < CHUNK_HEADER_SIZE || freeSpace > CHUNK_SIZE) {
    if (result.hasMagic) yield issue('evtx-chunk-header', offset + 48, `${where}: free-space offset ${freeSpace} is outside the chunk; reading to the chunk end`);
    freeSpace = CHUNK_SIZE;
  } else if (complete && result.hasMagic) {
    const storedDataCrc = buf.readUInt32LE(52);
    const dataCrc = crc32(buf.subarray(CHUNK_HEADER_SIZE, freeSpace));
    if (dataCrc !== storedDataCrc) {
      yield issue('evtx-chunk-crc', offset + CHUNK_HEADER_SIZE, `${where}: record-area checksum 0x${dataCrc.toString(16)} does not match stored 0x${storedDataCrc.toString(16)}; records are read but may be damaged`);
    }
  }
  if (!complete) {
    yield issue('evtx-truncated', offset, `${where}: file ends ${buf.length} bytes into this ${CHUNK_SIZE}-byte chunk; reading the complete records before the cut`);
  }

  const ctx = new ChunkContext(buf);
  const limit = Math.min(freeSpace, buf.length);
  let off = CHUNK_HEADER_SIZE;
  while (off + MIN_RECORD_SIZE <= limit) {
    const size = recordSizeAt(buf, off, limit);
    if (size > 0) {
      yield* record(input, ctx, off, size, false);
      off += size;
      continue;
    }
    // A record that starts well but runs past the end of a truncated file
    if (!complete && buf.subarray(off, off + 4).equals(RECORD_MAGIC) && off + 8 <= buf.length && off + buf.readUInt32LE(off + 4) > buf.length) {
      yield issue('evtx-truncated', offset + off, `${where}: record at offset ${offset + off} is cut off by the end of the file`);
      off = limit;
      break;
    }
    const next = nextRecord(buf, off + 1, limit);
    const skipped = (next < 0 ? limit : next) - off;
    yield issue('evtx-record-corrupt', offset + off, `${where}: no valid record at offset ${offset + off} (bad signature or size); skipped ${skipped} bytes`);
    if (next < 0) { off = limit; break; }
    off = next;
  }
  if (input.carve && off < buf.length) yield* carve(input, ctx, Math.max(off, CHUNK_HEADER_SIZE), buf.length);
}

function* record(input: ChunkInput, ctx: ChunkContext, off: number, size: number, carved: boolean): Generator<ParserItem, boolean, undefined> {
  const at = input.offset + off;
  const where = `chunk ${input.index}, record at offset ${at}`;
  try {
    const frag = ctx.fragment(off + 24, off + size - 4, 0, false);
    const out: (XEl | string)[] = [];
    ctx.render(frag.nodes, null, out);
    const root = out.find((x): x is XEl => typeof x !== 'string');
    const ev = root ? toRawEvent(root, { file: input.file, offset: at }) : null;
    if (!ev) {
      if (!carved) yield { kind: 'issue', issue: { file: input.file, offset: at, line: null, kind: 'evtx-record-corrupt', message: `${where}: record holds no <Event> element` } };
      return false;
    }
    if (ev.system.recordId === undefined) ev.system.recordId = ctx.buf.readBigUInt64LE(off + 8).toString();
    if (carved) {
      yield { kind: 'issue', issue: { file: input.file, offset: at, line: null, kind: 'evtx-carved', message: `${where}: record ${ev.system.recordId} recovered from unused chunk space` } };
    }
    yield { kind: 'event', event: ev };
    return true;
  } catch (e) {
    if (carved) return false;
    const why = e instanceof BinXmlError ? e.message : `unexpected ${e instanceof Error ? e.message : String(e)}`;
    yield { kind: 'issue', issue: { file: input.file, offset: at, line: null, kind: 'evtx-record-corrupt', message: `${where}: ${why}; record skipped` } };
    return false;
  }
}

/** Looks for well-framed records in [from, to) that the chunk no longer lists (slack, old data). */
function* carve(input: ChunkInput, ctx: ChunkContext, from: number, to: number): Generator<ParserItem, void, undefined> {
  let at = from;
  while (at < to) {
    const hit = nextRecord(ctx.buf, at, to);
    if (hit < 0) return;
    const size = recordSizeAt(ctx.buf, hit, ctx.buf.length);
    const ok = yield* record(input, ctx, hit, size, true);
    at = ok ? hit + size : hit + 1;
  }
}
