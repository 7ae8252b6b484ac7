import type { ParserItem } from '../src/model/event.js';

export interface ParseOptions {
  /** the input's name as the user gave it; goes into origins and parse issues */
  file: string;
  /** EVTX: also recover records from slack / unallocated chunk space */
  carve?: boolean;
  /** bound on gzip decompression (default GZIP_LIMIT in ./input.ts) */
  gzipLimit?: { ratio: number; floor: number };
}

/**
 * Every reader has this shape: bytes in (any chunking), items out in input order.
 * It yields one `info` item as soon as the format is known, then events and issues.
 * It never throws for bad input: problems become `issue` items and reading goes on.
 */
export type EventReader = (source: AsyncIterable<Uint8Array>, opts: ParseOptions) => AsyncGenerator<ParserItem, void, undefined>;
