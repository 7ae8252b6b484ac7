/**
 * One record's text → RawEvent parts: the scanner first, fast-xml-parser for what it refuses.
 *
 * Raw C0 control characters (U+0001 … except tab/LF/CR), U+FFFE and U+FFFF are not allowed in XML,
 * but real exports contain them (evtxexport writes a Security 4739 value with a raw U+0001). Such a
 * record is kept: each of those characters is replaced by U+FFFD and the caller reports it.
 */
import { EventBuilder, type BinaryEncoding, type BuiltEvent } from './event-builder.js';
import { fallbackParse } from './fallback.js';
import { scanEvent, type ScanProblem } from './scanner.js';

const INVALID_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const INVALID_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;

export interface RecordResult {
  event?: BuiltEvent;
  problem?: ScanProblem;
  /** invalid characters replaced by U+FFFD: how many and the first one */
  replaced?: { count: number; first: number };
  /** true when the fallback parser produced the event */
  viaFallback?: boolean;
}

export function parseRecord(text: string, binary: BinaryEncoding): RecordResult {
  let replaced: RecordResult['replaced'];
  if (INVALID_CHAR.test(text)) {
    let count = 0;
    let first = -1;
    text = text.replace(INVALID_CHARS, (ch) => {
      if (first < 0) first = ch.charCodeAt(0);
      count++;
      return '\uFFFD';
    });
    replaced = { count, first };
  }
  let b = new EventBuilder(binary);
  const problem = scanEvent(text, b);
  if (!problem) return { event: b.result(), replaced };
  if (problem.fatal) return { problem, replaced };
  b = new EventBuilder(binary);
  const fb = fallbackParse(text, b);
  if (fb) return { problem: fb, replaced };
  return { event: b.result(), replaced, viaFallback: true };
}

/** Parses with the fallback only (used by the differential tests). */
export function parseRecordWithFallback(text: string, binary: BinaryEncoding): RecordResult {
  const b = new EventBuilder(binary);
  const fb = fallbackParse(text, b);
  return fb ? { problem: fb } : { event: b.result() };
}
