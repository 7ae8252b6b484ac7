/**
 * Events as ready-to-run SQL row literals. Binding ~25 parameters per event through the sqlite3
 * addon costs the storing thread far more than parsing the event did; instead the thread that
 * parses (the ingest worker) encodes each event as one `(…,…)` tuple of SQL literals, and the store
 * runs one multi-row INSERT of plain text per batch. Pure and dependency-free so that a worker
 * thread can import it; the column list lives here and nowhere outside src/store.
 *
 * Values keep exactly what parameter binding stored: strings as '…' with quotes doubled, a string
 * holding NUL (which would end the SQL text) as the hex of its UTF-8 bytes cast back to TEXT,
 * integers as digits, null/non-finite numbers as NULL. A lone UTF-16 surrogate becomes U+FFFD, as
 * the addon's own UTF-8 conversion of a bound string does.
 */
import type { NormalizedEvent } from '../model/event.js';

export const EVENT_COLS = [
  'host', 'channel', 'provider', 'provider_guid', 'event_id', 'qualifiers', 'version', 'level', 'task', 'opcode',
  'keywords', 'time_created', 'record_id', 'activity_id', 'related_activity_id', 'process_id', 'thread_id',
  'user_sid', 'fields', 'message', 'level_text', 'import_id', 'source_offset', 'source_line', 'identity_time',
] as const;

/** The statement an EventRowBatch completes (the store appends the batch's tuples). */
export const EVENT_INSERT_HEAD = `INSERT OR IGNORE INTO events(${EVENT_COLS.map((c) => `"${c}"`).join(',')}) VALUES `;

/** Comma-separated row tuples for EVENT_INSERT_HEAD; `rows` of them. Opaque outside src/store. */
export interface EventRowBatch {
  readonly values: string;
  readonly rows: number;
}

/** ES2024 string methods (Node ≥ 20), not in this project's ES2022 lib typings. */
type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };

/** A SQL string literal holding exactly `s` (see the module comment for NUL). */
export function sqlString(s: string): string {
  if (s.indexOf('\0') !== -1) {
    const wf = (s as unknown as WellFormed).isWellFormed() ? s : (s as unknown as WellFormed).toWellFormed();
    return `CAST(X'${Buffer.from(wf, 'utf8').toString('hex')}' AS TEXT)`;
  }
  return s.indexOf("'") === -1 ? `'${s}'` : `'${s.replaceAll("'", "''")}'`;
}

function text(s: string | null): string {
  return s === null ? 'NULL' : sqlString(s);
}

function int(n: number | null): string {
  // normalized numbers are safe integers or null; anything else is stored as NULL, as the addon
  // does with a bound NaN
  return n === null || !Number.isFinite(n) ? 'NULL' : String(n);
}

/** One event as a `(…)` tuple in EVENT_COLS order. */
export function eventRowLiteral(importId: number, e: NormalizedEvent): string {
  return `(${sqlString(e.host)},${sqlString(e.channel)},${sqlString(e.provider)},${text(e.providerGuid)},${int(e.eventId)},${int(e.qualifiers)},${int(e.version)},${int(e.level)},${int(e.task)},${int(e.opcode)},${text(e.keywords)},${sqlString(e.time)},${int(e.recordId ?? -1)},${text(e.activityId)},${text(e.relatedActivityId)},${int(e.processId)},${int(e.threadId)},${text(e.userSid)},${sqlString(JSON.stringify(e.fields))},${text(e.message)},${text(e.levelText)},${int(importId)},${int(e.origin.offset)},${int(e.origin.line ?? null)},${sqlString(e.time.slice(0, 19))})`;
}

/**
 * Collects row tuples into batches. `add` returns a finished batch once `maxRows` rows or about
 * `maxChars` characters of SQL text are collected (ordinary events stay far below that; events with
 * huge values must not make one giant statement); `take` returns what is collected so far.
 */
export class EventRowEncoder {
  private parts: string[] = [];
  private chars = 0;

  constructor(private readonly importId: number, private readonly maxRows = 2000, private readonly maxChars = 16 << 20) {}

  get pending(): number {
    return this.parts.length;
  }

  add(e: NormalizedEvent): EventRowBatch | null {
    const row = eventRowLiteral(this.importId, e);
    this.parts.push(row);
    this.chars += row.length;
    return this.parts.length >= this.maxRows || this.chars >= this.maxChars ? this.take() : null;
  }

  take(): EventRowBatch | null {
    if (!this.parts.length) return null;
    let values = this.parts.join(',');
    // Lone surrogates never pair across tuples (a quote or comma always sits between values).
    if (!(values as unknown as WellFormed).isWellFormed()) values = (values as unknown as WellFormed).toWellFormed();
    const batch = { values, rows: this.parts.length };
    this.parts = [];
    this.chars = 0;
    return batch;
  }
}
