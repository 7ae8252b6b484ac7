/**
 * Streaming, corruption-tolerant reader for Windows .evtx files.
 *
 * The file is read as a 4 KiB header plus 64 KiB chunks, one chunk in memory at a time. Every chunk
 * slot up to the end of the file is visited, whatever the header's chunk count says (headers of
 * copied or live logs are often stale). Each record becomes a RawEvent shaped exactly as the XML
 * reader would produce it from Windows' rendering of the same record; everything that cannot be
 * read becomes a ParseIssue with the chunk and byte offset, and reading goes on.
 */
import type { ParserItem } from '../../src/model/event.js';
import type { EventReader } from '../types.js';
import { CHUNK_SIZE, FILE_HEADER_SIZE, evtxBlocks } from './blocks.js';
import { readChunk, type ChunkResult } from './chunk.js';
import { crc32 } from './crc32.js';

const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');
const FLAG_DIRTY = 0x1;

export const parseEvtx: EventReader = async function* (source, opts) {
  yield { kind: 'info', info: { format: 'evtx', encoding: 'binary' } };
  const file = opts.file;
  const issue = (kind: string, offset: number | null, message: string): ParserItem =>
    ({ kind: 'issue', issue: { file, offset, line: null, kind, message } });

  let headerChunks = -1;
  let chunksSeen = 0;
  let index = -1;
  try {
    for await (const block of evtxBlocks(source)) {
      if (index < 0) {
        index = 0;
        if (block.length < 8 || !block.subarray(0, 8).equals(FILE_MAGIC)) {
          yield issue('evtx-not-evtx', 0, 'no EVTX file signature (ElfFile) at the start; not read');
          return;
        }
        if (block.length < 128) {
          yield issue('evtx-truncated', 0, `file ends ${block.length} bytes into the file header; no records`);
          return;
        }
        const stored = block.readUInt32LE(124);
        const actual = crc32(block.subarray(0, 120));
        if (stored !== actual) {
          yield issue('evtx-header-crc', 124, `file header checksum 0x${actual.toString(16)} does not match stored 0x${stored.toString(16)}; reading every chunk anyway`);
        }
        if (block.readUInt32LE(120) & FLAG_DIRTY) {
          yield issue('evtx-dirty', 120, 'information: the file header is marked dirty (the log was not closed cleanly, e.g. copied from a live system or a shadow copy); its counts may be stale, so every chunk is read');
        }
        headerChunks = block.readUInt16LE(42);
        if (block.length < FILE_HEADER_SIZE) {
          yield issue('evtx-truncated', 0, `file ends ${block.length} bytes into the ${FILE_HEADER_SIZE}-byte file header; no records`);
          return;
        }
        continue;
      }
      const result: ChunkResult = { hasMagic: false, empty: false };
      yield* readChunk({ buf: block, index, offset: FILE_HEADER_SIZE + index * CHUNK_SIZE, file, carve: opts.carve === true }, result);
      if (result.hasMagic) chunksSeen++;
      index++;
    }
  } catch (e) {
    // only the input stream itself can throw here (e.g. a read error); parsing errors are issues
    yield issue('evtx-read-error', index < 0 ? 0 : FILE_HEADER_SIZE + index * CHUNK_SIZE, `reading stopped: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (index < 0) {
    yield issue('evtx-truncated', 0, 'empty input');
    return;
  }
  if (headerChunks >= 0 && chunksSeen > headerChunks) {
    yield issue('evtx-header-chunk-count', 42, `information: the file header lists ${headerChunks} chunks but ${chunksSeen} were found and read`);
  } else if (headerChunks > chunksSeen) {
    // more chunks promised than present: the file was cut short (or the count is damaged)
    yield issue('evtx-header-chunk-count', 42, `the file header lists ${headerChunks} chunks but only ${chunksSeen} were found; the file may be truncated`);
  }
};
