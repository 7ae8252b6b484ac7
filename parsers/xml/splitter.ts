/**
 * Streaming splitter: cuts complete `<Event …>…</Event>` records out of decoded text as it arrives,
 * whatever surrounds them (an `<Events>` root or none, XML declarations before every record,
 * `Record N` lines, a tool banner, Event Viewer "- " fold markers, comments). Only the record in
 * progress is buffered, and a record longer than the cap is skipped without being held in memory.
 */
import type { PositionTracker } from './decode.js';

export interface Position {
  offset: number;
  line: number;
}

export type Piece =
  | ({ t: 'event'; text: string } & Position)
  | ({ t: 'decl'; text: string } & Position)
  | ({ t: 'root'; name: string } & Position)
  | { t: 'marker'; marker: 'record' | 'banner' | 'fold' | 'comment' }
  | ({ t: 'stray'; text: string } & Position)
  | ({ t: 'problem'; kind: string; message: string } & Position);

/** `<Event` start or `</Event` end; element names such as EventData or EventID do not match. */
const EVENT_TAG = /<\/?Event[\s>/]/g;
/** Top-level text longer than this without any markup is handled without waiting for more. */
const TOP_TEXT_LIMIT = 64 * 1024;
/** Top-level markup (declaration, comment, DOCTYPE, wrapper tag) longer than this is given up on. */
const MARKUP_LIMIT = 1024 * 1024;
/** Longest top-level element name looked at (wrapper names are a few characters). */
const MAX_NAME = 256;
/**
 * A record still open after this many characters is collected as a list of pieces instead of one
 * growing string, so each new chunk is searched once and nothing is copied again until the end.
 */
const LONG_RECORD = 1024 * 1024;
/** Characters kept in the buffer while collecting a long record, so a tag split across chunks is found. */
const OVERLAP = 16;

interface LongRecord {
  parts: string[];
  length: number;
  start: Position;
}

export class Splitter {
  private buf = '';
  /** absolute index of buf[0] in the decoded text */
  private base = 0;
  /** everything before this index in buf has been handled */
  private pos = 0;
  /** start (in buf) of the record being collected, or -1 */
  private evStart = -1;
  private searchFrom = 0;
  private skipping = false;
  private long: LongRecord | null = null;
  /** per needle: absolute [from, to) where find() saw it absent */
  private absent = new Map<string, { from: number; to: number }>();
  private out: Piece[] = [];

  constructor(
    private readonly tracker: PositionTracker,
    private readonly maxEventChars: number,
  ) {}

  push(text: string): Piece[] {
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    this.run(false);
    this.compact();
    return this.take();
  }

  finish(): Piece[] {
    this.run(true);
    this.compact();
    return this.take();
  }

  private take(): Piece[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Byte offset and line of buf[idx]; positions must be asked for in increasing order. */
  private at(idx: number): Position {
    const t = this.tracker;
    const rel = t.char - this.base;
    if (idx > rel) t.advance(this.buf.substring(rel, idx));
    return { offset: t.byte, line: t.line };
  }

  private compact(): void {
    const keep = this.evStart >= 0 ? this.evStart : this.pos;
    if (keep === 0) return;
    this.at(keep);
    this.buf = this.buf.substring(keep);
    this.base += keep;
    this.pos -= keep;
    this.searchFrom = Math.max(0, this.searchFrom - keep);
    if (this.evStart >= 0) this.evStart -= keep;
  }

  private problem(idx: number, kind: string, message: string): void {
    this.out.push({ t: 'problem', kind, message, ...this.at(idx) });
  }

  private run(eof: boolean): void {
    const buf = this.buf;
    for (;;) {
      if (this.skipping) {
        if (!this.skip(eof)) return;
        continue;
      }
      if (this.long) {
        if (!this.continueLong(eof)) return;
        continue;
      }
      if (this.evStart >= 0) {
        if (!this.finishEvent(eof)) return;
        continue;
      }
      const lt = buf.indexOf('<', this.pos);
      if (lt === -1) {
        if (eof || buf.length - this.pos > TOP_TEXT_LIMIT) {
          this.topText(this.pos, buf.length);
          this.pos = buf.length;
        }
        return;
      }
      if (lt > this.pos) this.topText(this.pos, lt);
      this.pos = lt;
      if (!eof && buf.length - lt < 16) return; // not enough to classify the markup yet
      const c = buf.charCodeAt(lt + 1);
      if (c === 63 /* ? */) {
        const end = this.find('?>', lt + 2);
        if (end === -1) {
          if (!this.giveUp(lt, eof)) return;
          continue;
        }
        this.out.push({ t: 'decl', text: buf.substring(lt, end + 2), ...this.at(lt) });
        this.pos = end + 2;
      } else if (c === 33 /* ! */) {
        if (buf.startsWith('<!--', lt)) {
          const end = this.find('-->', lt + 4);
          if (end === -1) {
            if (!this.giveUp(lt, eof)) return;
            continue;
          }
          this.out.push({ t: 'marker', marker: 'comment' });
          this.pos = end + 3;
        } else if (buf.startsWith('<!DOCTYPE', lt) || buf.startsWith('<!ENTITY', lt)) {
          const end = declarationEnd(buf, lt + 2);
          if (end === -2) {
            // a `<` before the declaration's `>`: not a declaration; do not let it swallow a record
            this.problem(lt, 'doctype-refused', 'DOCTYPE/ENTITY declaration refused (and it is malformed): entities are never expanded');
            this.pos = lt + 1;
            continue;
          }
          if (end === -1) {
            if (!this.giveUp(lt, eof)) return;
            continue;
          }
          this.problem(lt, 'doctype-refused', 'DOCTYPE/ENTITY declaration refused: entities are never expanded; the declaration is ignored');
          this.pos = end + 1;
        } else {
          this.stray(lt);
          this.pos = lt + 1;
        }
      } else if (c === 47 /* / */) {
        const gt = this.find('>', lt + 2);
        if (gt === -1) {
          if (!this.giveUp(lt, eof)) return;
          continue;
        }
        if (this.ltBefore(lt + 2, gt)) continue;
        if (/^<\/Event\s*>$/.test(buf.substring(lt, gt + 1))) {
          this.problem(lt, 'xml-unbalanced', '</Event> without a matching <Event>');
        }
        // any other end tag closes a wrapper such as <Events>
        this.pos = gt + 1;
      } else {
        let j = lt + 1;
        // element names are short; the bound keeps a run of '<' or name characters from being rescanned per '<'
        while (j < buf.length && j - lt <= MAX_NAME && !isNameEnd(buf.charCodeAt(j))) j++;
        const name = buf.substring(lt + 1, j);
        if (name === 'Event') {
          this.evStart = lt;
          this.searchFrom = lt + 6;
          continue;
        }
        if (name === '' || !/^[A-Za-z_][\w.:-]*$/.test(name)) {
          this.stray(lt);
          this.pos = lt + 1;
          continue;
        }
        const gt = this.find('>', j);
        if (gt === -1) {
          if (!this.giveUp(lt, eof)) return;
          continue;
        }
        if (this.ltBefore(j, gt)) continue;
        this.out.push({ t: 'root', name, ...this.at(lt) });
        this.pos = gt + 1;
      }
    }
  }

  /**
   * `buf.indexOf(needle, from)`, remembering the stretch of the text where the needle is known to be
   * absent: top-level markup that never ends (`<a<a<a…`, `<!--<!--…`) is then searched once in
   * total instead of once per `<`, which was quadratic.
   */
  private find(needle: string, from: number): number {
    const absFrom = this.base + from;
    const known = this.absent.get(needle);
    const covered = known !== undefined && known.from <= absFrom && absFrom < known.to;
    const start = covered ? Math.max(from, known.to - this.base - needle.length + 1) : from;
    const i = this.buf.indexOf(needle, start);
    if (i === -1) this.absent.set(needle, { from: covered ? known.from : absFrom, to: this.base + this.buf.length });
    return i;
  }

  /**
   * A `<` between a tag's name and its `>` (never legal) means the tag is broken and the `>` belongs
   * to later markup, perhaps a record: the `<` at `pos` is reported as stray instead of swallowing it.
   */
  private ltBefore(from: number, gt: number): boolean {
    const next = this.buf.indexOf('<', from);
    if (next === -1 || next > gt) return false;
    this.stray(this.pos);
    this.pos += 1;
    return true;
  }

  /** Unterminated top-level markup: wait for more input unless at the end or past the limit. */
  private giveUp(lt: number, eof: boolean): boolean {
    if (!eof && this.buf.length - lt <= MARKUP_LIMIT) return false;
    this.stray(lt);
    this.pos = lt + 1;
    return true;
  }

  private stray(idx: number): void {
    let text = this.buf.substring(idx, idx + 60);
    const nl = text.indexOf('\n');
    if (nl > 0) text = text.substring(0, nl);
    const lt = text.indexOf('<', 1);
    if (lt > 0) text = text.substring(0, lt);
    this.out.push({ t: 'stray', text, ...this.at(idx) });
  }

  private finishEvent(eof: boolean): boolean {
    const buf = this.buf;
    EVENT_TAG.lastIndex = this.searchFrom;
    for (;;) {
      const m = EVENT_TAG.exec(buf);
      if (!m) break;
      if (m[0].charCodeAt(1) === 47 /* / */) {
        const gt = buf.indexOf('>', m.index + 7);
        if (gt === -1) {
          if (!eof) {
            this.searchFrom = m.index;
            return this.checkCap();
          }
          break;
        }
        this.out.push({ t: 'event', text: buf.substring(this.evStart, gt + 1), ...this.at(this.evStart) });
        this.pos = gt + 1;
        this.evStart = -1;
        return true;
      }
      // another record starts before this one ended
      this.problem(this.evStart, 'xml-truncated', 'record is cut off: the next <Event> starts before its </Event>');
      this.evStart = m.index;
      EVENT_TAG.lastIndex = m.index + 6;
    }
    if (eof) {
      this.problem(this.evStart, 'xml-truncated', `input ends inside a record (${buf.length - this.evStart} characters without </Event>)`);
      this.pos = buf.length;
      this.evStart = -1;
      return true;
    }
    this.searchFrom = Math.max(this.evStart + 6, buf.length - 8);
    if (buf.length - this.evStart > LONG_RECORD && buf.length - this.evStart <= this.maxEventChars) {
      const start = this.at(this.evStart);
      const moved = buf.substring(this.evStart, buf.length - OVERLAP);
      this.long = { parts: [moved], length: moved.length, start };
      this.pos = buf.length - OVERLAP;
      this.evStart = -1;
      return false;
    }
    return this.checkCap();
  }

  /** A long record: look for its end in the new text only; keep collecting otherwise. */
  private continueLong(eof: boolean): boolean {
    const buf = this.buf;
    const long = this.long!;
    EVENT_TAG.lastIndex = this.pos;
    const m = EVENT_TAG.exec(buf);
    if (m && m[0].charCodeAt(1) === 47 /* / */) {
      const gt = buf.indexOf('>', m.index + 7);
      if (gt !== -1) {
        long.parts.push(buf.substring(this.pos, gt + 1));
        this.out.push({ t: 'event', text: long.parts.join(''), ...long.start });
        this.long = null;
        this.pos = gt + 1;
        return true;
      }
      if (!eof) return false;
    } else if (m) {
      this.out.push({ t: 'problem', kind: 'xml-truncated', message: 'record is cut off: the next <Event> starts before its </Event>', ...long.start });
      this.long = null;
      this.pos = m.index; // leaves the cut-off tail behind without calling it stray text
      this.evStart = m.index;
      this.searchFrom = m.index + 6;
      return true;
    }
    if (eof) {
      this.out.push({ t: 'problem', kind: 'xml-truncated', message: `input ends inside a record (${long.length + buf.length - this.pos} characters without </Event>)`, ...long.start });
      this.long = null;
      this.pos = buf.length;
      return true;
    }
    const keepFrom = Math.max(this.pos, buf.length - OVERLAP);
    const moved = buf.substring(this.pos, keepFrom);
    long.parts.push(moved);
    long.length += moved.length;
    this.pos = keepFrom;
    if (long.length > this.maxEventChars) {
      this.out.push({ t: 'problem', kind: 'event-oversize', message: `record larger than ${this.maxEventChars} characters; skipped up to the next </Event>`, ...long.start });
      this.long = null;
      this.skipping = true;
      this.searchFrom = this.pos;
    }
    return false;
  }

  /** Called while a record is incomplete: past the cap, report it and drop what is buffered. */
  private checkCap(): boolean {
    if (this.buf.length - this.evStart <= this.maxEventChars) return false;
    this.problem(this.evStart, 'event-oversize', `record larger than ${this.maxEventChars} characters; skipped up to the next </Event>`);
    this.skipping = true;
    this.pos = Math.max(this.evStart + 1, this.buf.length - 8);
    this.searchFrom = this.pos;
    this.evStart = -1;
    return false;
  }

  private skip(eof: boolean): boolean {
    const buf = this.buf;
    EVENT_TAG.lastIndex = this.searchFrom;
    const m = EVENT_TAG.exec(buf);
    if (m) {
      if (m[0].charCodeAt(1) === 47 /* / */) {
        const gt = buf.indexOf('>', m.index + 7);
        if (gt === -1 && !eof) {
          this.searchFrom = m.index;
          return false;
        }
        this.pos = gt === -1 ? buf.length : gt + 1;
      } else this.pos = m.index;
      this.skipping = false;
      return true;
    }
    if (eof) {
      this.pos = buf.length;
      this.skipping = false;
      return true;
    }
    this.pos = Math.max(this.pos, buf.length - 8);
    this.searchFrom = this.pos;
    return false;
  }

  /** Text between top-level markup: blank, tool markers, or stray text worth an issue. */
  private topText(a: number, b: number): void {
    const s = this.buf.substring(a, b);
    if (!/\S/.test(s)) return;
    let k = 0;
    while (k < s.length) {
      const nl = s.indexOf('\n', k);
      const lineEnd = nl === -1 ? s.length : nl;
      const line = s.substring(k, lineEnd);
      const t = line.trim();
      if (t) {
        if (t === '-') this.out.push({ t: 'marker', marker: 'fold' });
        else if (/^Record \d+$/.test(t)) this.out.push({ t: 'marker', marker: 'record' });
        else if (/^evtxexport \d+$/.test(t)) this.out.push({ t: 'marker', marker: 'banner' });
        else this.stray(a + k + (line.length - line.trimStart().length));
      }
      k = lineEnd + 1;
    }
  }
}

function isNameEnd(c: number): boolean {
  return c === 32 || c === 62 || c === 47 || c === 10 || c === 13 || c === 9 || c === 60;
}

/** End of `<!DOCTYPE …>` including an internal subset in brackets; -1 when not in `buf` yet. */
function declarationEnd(buf: string, from: number): number {
  let depth = 0;
  let quote = 0;
  for (let k = from; k < buf.length; k++) {
    const c = buf.charCodeAt(k);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 91 /* [ */) depth++;
    else if (c === 93 /* ] */) depth--;
    else if (c === 62 /* > */ && depth <= 0) return k;
    else if (c === 60 /* < */ && depth <= 0) return -2; // markup outside the internal subset: broken
  }
  return -1;
}
