/**
 * Streaming reader for every XML export form of Windows event logs (see format.ts for the list).
 *
 * bytes → encoding sniffed from the first bytes → stateful decoding (decode.ts) → records cut from
 * the text (splitter.ts) → each record scanned (scanner.ts, with a fast-xml-parser fallback) →
 * RawEvent with its byte offset and line. Memory holds one record at a time, capped.
 */
import type { ParseIssue, ParserItem, RawEvent } from '../../src/model/event.js';
import type { EventReader } from '../types.js';
import { createDecoder, isTwoByteEncoding, PositionTracker, sniffEncoding, type TextEncoding } from './decode.js';
import { detectFormat, newHints, type FormatHints, type XmlFormat } from './format.js';
import { parseRecord, type RecordResult } from './record.js';
import { Splitter, type Piece, type Position } from './splitter.js';

export { renderEventXml } from './render.js';
export type { XmlFormat } from './format.js';

/** Largest record accepted, in characters (16 Mi); a longer one is reported and skipped. */
export const MAX_EVENT_CHARS = 16 * 1024 * 1024;

export interface XmlReaderOptions {
  maxEventChars?: number;
}

export const parseXml: EventReader = (source, opts) => readXml(source, opts);

export async function* readXml(
  source: AsyncIterable<Uint8Array>,
  opts: { file: string } & XmlReaderOptions,
): AsyncGenerator<ParserItem, void, undefined> {
  const file = opts.file;
  let state: ReaderState | null = null;
  const it = source[Symbol.asyncIterator]();
  let done = false;
  const next = async (): Promise<IteratorResult<Uint8Array>> => {
    try {
      const r = await it.next();
      if (r.done) done = true;
      return r;
    } catch (e) {
      done = true;
      throw new SourceError(e);
    }
  };
  try {
    const parts: Buffer[] = [];
    let headLength = 0;
    while (headLength < 4) {
      const r = await next();
      if (r.done) break;
      const b = Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
      parts.push(b);
      headLength += b.length;
    }
    const head = Buffer.concat(parts);
    if (head.length === 0) {
      yield { kind: 'info', info: { format: 'unknown', encoding: 'utf-8' } };
      yield issue(file, { offset: 0, line: 1 }, 'empty-input', 'the input is empty');
      return;
    }
    const { encoding, bomLength } = sniffEncoding(head);
    const tracker = new PositionTracker(isTwoByteEncoding(encoding), bomLength);
    const decoder = createDecoder(encoding, tracker, bomLength);
    const splitter = new Splitter(tracker, opts.maxEventChars ?? MAX_EVENT_CHARS);
    state = new ReaderState(file, encoding);
    let reportedInvalid = false;
    const feed = (pieces: Piece[]): ParserItem[] => {
      const items = state!.handle(pieces);
      if (!reportedInvalid && decoder.firstInvalidByte !== null && !state!.stopped) {
        reportedInvalid = true;
        const at = decoder.firstInvalidByte;
        items.push(...state!.push(issue(file, { offset: at, line: null }, 'encoding-invalid', `${decoder.invalidWhat} at byte ${at} (and maybe later): it reads as U+FFFD; the records are kept`)));
      }
      return items;
    };
    for (const item of feed(splitter.push(decoder.write(head.subarray(bomLength))))) yield item;
    while (!done && !state.stopped) {
      const r = await next();
      if (r.done) break;
      for (const item of feed(splitter.push(decoder.write(r.value)))) yield item;
    }
    if (!state.stopped) {
      for (const item of feed(splitter.push(decoder.end()))) yield item;
      for (const item of feed(splitter.finish())) yield item;
    }
    for (const item of state.finish()) yield item;
  } catch (e) {
    // Reading the source failed (I/O error, corrupt gzip…), or this reader has a bug: report it
    // as an issue instead of throwing, keeping everything yielded so far.
    const items: ParserItem[] = [];
    const source = e instanceof SourceError;
    const cause = source ? e.cause : e;
    const text = (cause as Error)?.message ?? String(cause);
    if (!state) items.push({ kind: 'info', info: { format: 'unknown', encoding: 'utf-8' } });
    else items.push(...state.finish(true));
    items.push(issue(file, { offset: null, line: null }, source ? 'read-error' : 'internal-error', source ? `input could not be read: ${text}` : `reading stopped on an internal error: ${text}`));
    for (const item of items) yield item;
  } finally {
    // stopped early (not XML) or abandoned by the consumer: let the source release its file
    if (!done && typeof it.return === 'function') await it.return().catch(() => undefined);
  }
}

class SourceError extends Error {
  constructor(override readonly cause: unknown) {
    super('source failed');
  }
}

function issue(file: string, at: { offset: number | null; line: number | null }, kind: string, message: string): ParserItem {
  const i: ParseIssue = { file, offset: at.offset, line: at.line, kind, message };
  return { kind: 'issue', issue: i };
}

/** Turns pieces into items; holds items back until the format is known so `info` comes first. */
class ReaderState {
  stopped = false;
  private format: XmlFormat | null = null;
  private readonly hints: FormatHints = newHints();
  private pending: ParserItem[] = [];
  private sawContent = false;
  private strayOpen = false;
  private events = 0;
  private issues = 0;
  private finished = false;

  constructor(
    private readonly file: string,
    private readonly encoding: TextEncoding,
  ) {}

  handle(pieces: Piece[]): ParserItem[] {
    const out: ParserItem[] = [];
    for (const p of pieces) {
      if (this.stopped) break;
      switch (p.t) {
        case 'event':
          this.strayOpen = false;
          this.sawContent = true;
          if (this.format === null) out.push(...this.decide(p.text));
          this.record(p, out);
          break;
        case 'decl':
          this.sawContent = true;
          this.hints.declarations++;
          if (/version\s*=\s*["']1\.1["']/.test(p.text)) this.hints.xml11 = true;
          break;
        case 'root':
          this.sawContent = true;
          this.hints.root ??= p.name;
          // a wrapper opens before the records; an element opened between records is out of place
          // (e.g. two exports pasted together): said once per run, the records around it are kept
          if (this.events > 0 && !this.strayOpen) {
            this.strayOpen = true;
            out.push(...this.push(issue(this.file, p, 'stray-markup', `unexpected element <${printable(p.name)}> between records; skipped (the records before and after it are read)`)));
          }
          break;
        case 'marker':
          this.sawContent = true;
          if (p.marker === 'banner') this.hints.banner = true;
          else if (p.marker === 'record') this.hints.recordMarkers = true;
          else if (p.marker === 'fold') this.hints.foldMarkers = true;
          break;
        case 'stray':
          if (!this.sawContent) {
            // The very first thing in the input is not markup: not an XML export at all.
            out.push(...this.push(issue(this.file, p, 'not-xml', `not an XML event export: it starts with "${printable(p.text)}"`)));
            this.stopped = true;
            break;
          }
          if (!this.strayOpen) {
            this.strayOpen = true;
            out.push(...this.push(issue(this.file, p, 'stray-text', `unexpected text outside any record: "${printable(p.text)}"; ignored up to the next record`)));
          }
          break;
        case 'problem':
          this.sawContent = true;
          out.push(...this.push(issue(this.file, p, p.kind, p.message)));
          break;
      }
    }
    return out;
  }

  /** Items to emit for `item`: nothing yet while the format is undecided. */
  push(item: ParserItem): ParserItem[] {
    if (item.kind === 'issue') this.issues++;
    if (this.format === null) {
      this.pending.push(item);
      return [];
    }
    return [item];
  }

  /** `failed`: reading stopped on an error that is reported separately. */
  finish(failed = false): ParserItem[] {
    if (this.finished) return [];
    this.finished = true;
    const out: ParserItem[] = [];
    if (this.format === null) out.push(...this.decide(null));
    if (this.events === 0 && this.issues === 0 && !failed) {
      out.push(issue(this.file, { offset: null, line: null }, 'no-events', this.sawContent ? 'no <Event> records found in this XML' : 'the input holds only whitespace'));
    }
    return out;
  }

  private decide(firstRecord: string | null): ParserItem[] {
    this.format = detectFormat(this.hints, this.encoding, firstRecord);
    const out: ParserItem[] = [{ kind: 'info', info: { format: this.format, encoding: this.encoding } }, ...this.pending];
    this.pending = [];
    return out;
  }

  private record(p: { text: string } & Position, out: ParserItem[]): void {
    let r: RecordResult;
    try {
      r = parseRecord(p.text, this.format === 'python-evtx' ? 'base64' : 'auto');
    } catch (e) {
      // a bug must cost one record, not the rest of the input
      r = { problem: { fatal: true, kind: 'internal-error', message: `internal error: ${(e as Error)?.message ?? String(e)}`, at: 0 } };
    }
    if (r.replaced || r.problem || r.event?.system.eventId === undefined) {
      out.push(...this.recordWithIssues(p, r));
      return;
    }
    const built = r.event!;
    const event: RawEvent = { system: built.system, fields: built.fields, origin: { file: this.file, offset: p.offset, line: p.line } };
    if (built.rendering) event.rendering = built.rendering;
    this.events++;
    out.push({ kind: 'event', event });
  }

  private recordWithIssues(p: { text: string } & Position, r: RecordResult): ParserItem[] {
    const where = recordLabel(p.text);
    if (r.problem) return this.push(issue(this.file, p, r.problem.kind, `${where} skipped: ${r.problem.message}`));
    const built = r.event!;
    if (built.system.eventId === undefined) return this.push(issue(this.file, p, 'event-incomplete', `${where} skipped: it has no System/EventID`));
    const out: ParserItem[] = [];
    if (r.replaced) {
      const cp = r.replaced.first.toString(16).toUpperCase().padStart(4, '0');
      const message = `${where}: ${r.replaced.count} character(s) not allowed in XML (first U+${cp}) replaced by U+FFFD; record kept`;
      out.push(...this.push(issue(this.file, p, 'xml-invalid-char', message)));
    }
    const event: RawEvent = { system: built.system, fields: built.fields, origin: { file: this.file, offset: p.offset, line: p.line } };
    if (built.rendering) event.rendering = built.rendering;
    this.events++;
    out.push({ kind: 'event', event });
    return out;
  }

}

/** "record 1234" when the EventRecordID can be read from the text, else "record". */
function recordLabel(text: string): string {
  const m = /<EventRecordID>\s*(\d+)\s*<\/EventRecordID>/.exec(text);
  return m ? `record ${m[1]}` : 'record';
}

function printable(s: string): string {
  return s.replace(/[\x00-\x1F\x7F-\x9F\uFFFD]/g, '?').replace(/\s+/g, ' ').trim().substring(0, 40);
}
