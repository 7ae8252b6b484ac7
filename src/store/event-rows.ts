/**
 * Events as ready-to-run SQL row literals. Binding ~25 parameters per event through the sqlite3
 * addon costs the storing thread far more than parsing the event did; instead the thread that
 * parses (the ingest worker) encodes each event as one `(…,…)` tuple of SQL literals, and the store
 * only runs a few multi-row INSERTs of plain text per batch. Pure (no imports but types) so that a
 * worker thread can load it cheaply; the column list lives here and nowhere outside src/store.
 *
 * Values keep exactly what parameter binding stored: strings as '…' with quotes doubled, a string
 * holding NUL (which would end the SQL text) as the hex of its UTF-8 bytes cast back to TEXT,
 * integers as digits, null/non-finite numbers as NULL. A lone UTF-16 surrogate becomes U+FFFD, as
 * the addon's own UTF-8 conversion of a bound string does.
 */
import type { NormalizedEvent } from '../model/event.js';
import { sqlString, wellFormed } from './sql-literal.js';

export const EVENT_COLS = [
  'host', 'channel', 'provider', 'provider_guid', 'event_id', 'qualifiers', 'version', 'level', 'task', 'opcode',
  'keywords', 'time_created', 'record_id', 'activity_id', 'related_activity_id', 'process_id', 'thread_id',
  'user_sid', 'fields', 'message', 'level_text', 'import_id', 'source_offset', 'source_line', 'identity_time',
] as const;

const EVENT_INSERT_HEAD = `INSERT OR IGNORE INTO events(${EVENT_COLS.map((c) => `"${c}"`).join(',')}) VALUES `;

/**
 * Insert statements for `rows` events, to run in order in one transaction. Opaque outside src/store.
 * A batch is cut into statements of STATEMENT_ROWS rows: SQLite's parse tree of a statement grows
 * with its text, and the storing thread turns each statement back into a string when it runs it;
 * statements of a few dozen rows stay small ordinary heap objects on both sides, where statements
 * of hundreds of rows (large-object strings) cost 20 MiB of peak memory, at no gain in speed.
 */
export interface EventRowBatch {
  /**
   * Each statement's UTF-8 bytes (views into buffers only this batch uses). Bytes, not strings: a
   * batch crosses from the parse worker to the storing thread by transfer (transferList), and batches
   * waiting there stay out of its V8 heap (whose young generation otherwise grows to its maximum to
   * hold them); each is made a string only when it runs (statementText) and dies right after.
   */
  readonly statements: readonly Uint8Array[];
  readonly rows: number;
}

/** The buffers holding a batch's statements (to transfer with it, or to hand back for reuse). */
export function transferList(batch: EventRowBatch): ArrayBuffer[] {
  return [...new Set(batch.statements.map((s) => s.buffer as ArrayBuffer))];
}

/**
 * Where statement bytes are written: a buffer of at least `minBytes` that the encoder may fill from
 * its start. By default each statement gets a buffer of its own; the parse worker passes a pool of
 * buffers that the storing thread hands back once a batch is stored (see src/ingest/buffer-pool.ts).
 */
export type BufferSource = (minBytes: number) => Uint8Array;

const ownBuffer: BufferSource = (minBytes) => new Uint8Array(new ArrayBuffer(minBytes));

export function statementText(s: Uint8Array): string {
  return Buffer.from(s.buffer, s.byteOffset, s.byteLength).toString('utf8');
}

/** The one literal encoder of the store (./sql-literal.ts); re-exported for the tests of this form. */
export { sqlString };

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
  private statements: Uint8Array[] = [];
  /** rows of the statement being collected, GROUP_ROWS joined into one flat string */
  private groups: string[] = [];
  private group: string[] = [];
  private statementRows = 0;
  private count = 0;
  private chars = 0;
  /** the buffer statements are being written into, and how much of it is used */
  private buffer: Uint8Array | null = null;
  private used = 0;

  constructor(
    private readonly importId: number,
    private readonly maxRows = 2000,
    private readonly maxChars = 16 << 20,
    private readonly buffers: BufferSource = ownBuffer,
  ) {}

  add(e: NormalizedEvent): EventRowBatch | null {
    const row = eventRowLiteral(this.importId, e);
    this.group.push(row);
    // A row is a tree of concatenated pieces pointing into the decoded input; joining a few rows
    // at a time makes them flat and lets the pieces die young (much less garbage collection).
    if (this.group.length >= GROUP_ROWS) this.closeGroup();
    if (++this.statementRows >= STATEMENT_ROWS) this.closeStatement();
    this.count++;
    this.chars += row.length;
    return this.count >= this.maxRows || this.chars >= this.maxChars ? this.take() : null;
  }

  private closeGroup(): void {
    if (this.group.length) this.groups.push(this.group.join(','));
    this.group = [];
  }

  private closeStatement(): void {
    this.closeGroup();
    if (!this.groups.length) return;
    let sql = EVENT_INSERT_HEAD + this.groups.join(',');
    // U+FFFD for lone surrogates (they never pair across values: a quote always sits between)
    sql = wellFormed(sql);
    // as bytes at once: as a string it would survive scavenges (and be copied) until the batch is sent
    this.statements.push(this.write(sql));
    this.groups = [];
    this.statementRows = 0;
  }

  /** The UTF-8 bytes of `sql`, in the current buffer while it has room, else in a new one. */
  private write(sql: string): Uint8Array {
    const bytes = Buffer.byteLength(sql, 'utf8');
    if (!this.buffer || this.used + bytes > this.buffer.byteLength) {
      this.buffer = this.buffers(bytes);
      this.used = 0;
    }
    const b = this.buffer;
    Buffer.from(b.buffer, b.byteOffset, b.byteLength).write(sql, this.used, 'utf8');
    const view = b.subarray(this.used, this.used + bytes);
    this.used += bytes;
    return view;
  }

  take(): EventRowBatch | null {
    if (!this.count) return null;
    this.closeStatement();
    const batch = { statements: this.statements, rows: this.count };
    // the buffers now belong to the batch (they leave with it); the next batch starts a new one
    this.buffer = null;
    this.used = 0;
    this.statements = [];
    this.count = 0;
    this.chars = 0;
    return batch;
  }
}

const STATEMENT_ROWS = 50;
const GROUP_ROWS = 25;
