/**
 * The case database on the `sqlite3` package. Writes are batched into transactions of multi-row
 * INSERTs of SQL literals (the addon pays a thread-pool hop per statement and converts every bound
 * value on the calling thread; literal text is parsed by SQLite on its own thread); reads stream
 * with keyset pagination, a page as one JSON text, so memory stays flat however large the case is.
 */
import type { NormalizedEvent, ParseIssue, StoredEvent } from '../model/event.js';
import type { Attempt, AttemptEventLink, CoverageNote, Finding, InputSummary, Session } from '../model/analysis.js';
import type { EventQuery, Store } from './types.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import * as q from './sqlite.js';
import type { Db } from './sqlite.js';
import { sqlString, sqlValue, wellFormed } from './sql-literal.js';
import { EventRowEncoder, statementText, type EventRowBatch } from './event-rows.js';

/** Bounds of one multi-row INSERT of literals. */
const ROWS_PER_STATEMENT = 5000;
const CHARS_PER_STATEMENT = 4 << 20;

interface EventRow {
  id: number; host: string; channel: string; provider: string; provider_guid: string | null; event_id: number;
  qualifiers: number | null; version: number | null; level: number | null; task: number | null; opcode: number | null;
  keywords: string | null; time_created: string; record_id: number; activity_id: string | null;
  related_activity_id: string | null; process_id: number | null; thread_id: number | null; user_sid: string | null;
  fields: string; message: string | null; level_text: string | null; source_offset: number | null; source_line: number | null;
  file: string | null;
}


/** Column order of a streamed page row (see streamEvents). `fields` is embedded as a JSON object. */
const PAGE_COLUMNS = [
  'id', 'host', 'channel', 'provider', 'provider_guid', 'event_id', 'qualifiers', 'version', 'level', 'task', 'opcode',
  'keywords', 'time_created', 'record_id', 'activity_id', 'related_activity_id', 'process_id', 'thread_id', 'user_sid',
  'json(fields)', 'message', 'level_text', 'source_offset', 'source_line', 'file',
].join(', ');
type PageRow = [
  number, string, string, string, string | null, number, number | null, number | null, number | null, number | null, number | null,
  string | null, string, number, string | null, string | null, number | null, number | null, string | null,
  Record<string, string>, string | null, string | null, number | null, number | null, string | null,
];

function pageRowToEvent(r: PageRow): StoredEvent {
  return {
    id: r[0], host: r[1], channel: r[2], provider: r[3], providerGuid: r[4], eventId: r[5], qualifiers: r[6], version: r[7],
    level: r[8], task: r[9], opcode: r[10], keywords: r[11], time: r[12], recordId: r[13] < 0 ? null : r[13],
    activityId: r[14], relatedActivityId: r[15], processId: r[16], threadId: r[17], userSid: r[18], fields: r[19],
    message: r[20], levelText: r[21],
    origin: { file: r[24] ?? '', offset: r[22] ?? 0, ...(r[23] != null ? { line: r[23] } : {}) },
  };
}

const EVENT_SELECT = `SELECT e.*, i.path AS file FROM events e LEFT JOIN imports i ON i.id = e.import_id`;

export interface OpenStoreOptions {
  readonly?: boolean;
}

export async function openStore(path: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const db = await q.openDb(path, opts.readonly);
  db.serialize();
  try {
    await q.exec(db, 'PRAGMA busy_timeout = 10000;');
    if (!opts.readonly) {
      // 8 MiB of page cache: the inserts touch the end of two indexes, and more cache bought no speed
      await q.exec(db, 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -8192; PRAGMA foreign_keys = OFF;');
      await migrate(db);
    } else {
      const v = await q.get<{ user_version: number }>(db, 'PRAGMA user_version');
      if ((v?.user_version ?? 0) !== SCHEMA_VERSION) throw new Error(`${path} is not an rdplens case database of schema version ${SCHEMA_VERSION}`);
    }
  } catch (err) {
    await q.close(db).catch(() => undefined);
    throw err;
  }
  return new SqliteStore(path, db);
}

async function migrate(db: Db): Promise<void> {
  const row = await q.get<{ user_version: number }>(db, 'PRAGMA user_version');
  const current = row?.user_version ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new Error(`this database has schema version ${current}, newer than this rdplens (${SCHEMA_VERSION}); upgrade rdplens`);
  }
  if (current === 0) {
    // A non-empty database with user_version 0 is not ours: refuse rather than scribble on it.
    const t = await q.get<{ n: number }>(db, "SELECT count(*) AS n FROM sqlite_master WHERE type='table'");
    if ((t?.n ?? 0) > 0) throw new Error('this file is an SQLite database that rdplens did not create; choose another --db');
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    await q.exec(db, `BEGIN IMMEDIATE; ${MIGRATIONS[v]}; PRAGMA user_version = ${v + 1}; COMMIT;`).catch(async (err) => {
      await q.exec(db, 'ROLLBACK').catch(() => undefined);
      throw err;
    });
  }
}

class SqliteStore implements Store {
  constructor(readonly path: string, private db: Db) {}

  all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return q.all<T>(this.db, sql, params);
  }
  get<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return q.get<T>(this.db, sql, params);
  }
  async run(sql: string, params: unknown[] = []): Promise<void> {
    await q.run(this.db, sql, params);
  }

  /**
   * Multi-row inserts for `rows` (call inside a transaction) as statements of literals (see
   * ./sql-literal.ts); resolves with the number of rows changed. Statements run one after the
   * other, each awaited: when one fails (SQLITE_FULL may roll the whole transaction back by itself),
   * none of the later ones may run, since in autocommit mode they would each commit a part of a
   * batch that the caller believes rolled back.
   */
  private async insertRows(verb: string, table: string, cols: readonly string[], rows: unknown[][]): Promise<number> {
    let changed = 0;
    for (const sql of this.insertStatements(verb, table, cols, rows)) changed += (await q.run(this.db, sql)).changes;
    return changed;
  }

  /** The multi-row INSERT statements of literals for `rows` (bounded in rows and characters each). */
  private insertStatements(verb: string, table: string, cols: readonly string[], rows: unknown[][]): string[] {
    const head = `${verb} INTO ${table}(${cols.map((c) => `"${c}"`).join(',')}) VALUES `;
    const out: string[] = [];
    let parts: string[] = [];
    let chars = 0;
    const flush = () => {
      if (parts.length) out.push(wellFormed(head + parts.join(',')));
      parts = [];
      chars = 0;
    };
    for (const r of rows) {
      let t = '(';
      for (let i = 0; i < r.length; i++) t += (i ? ',' : '') + sqlValue(r[i]);
      t += ')';
      parts.push(t);
      chars += t.length;
      if (parts.length >= ROWS_PER_STATEMENT || chars >= CHARS_PER_STATEMENT) flush();
    }
    flush();
    return out;
  }

  /**
   * Runs a whole script of statements as one transaction, handed to SQLite in one call: it runs on
   * SQLite's thread from BEGIN to COMMIT while this thread goes on with other work. Queued with the
   * other transactions; on any error the transaction is rolled back.
   */
  private transactionScript(statements: string[]): Promise<void> {
    return this.queued(() => this.rollingBackOnError(() => q.exec(this.db, `BEGIN IMMEDIATE;\n${statements.join(';\n')};\nCOMMIT;`)));
  }

  /**
   * Runs `work` in one transaction. Transactions are queued: the ingest pipeline commits a batch of
   * events while it goes on parsing and may store parse issues meanwhile, and two BEGINs interleaved
   * on one connection fail ("cannot start a transaction within a transaction").
   */
  private transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.queued(async () => {
      await q.exec(this.db, 'BEGIN IMMEDIATE');
      return this.rollingBackOnError(async () => {
        const result = await work();
        await q.exec(this.db, 'COMMIT');
        return result;
      });
    });
  }

  /** Tail of the queue of write transactions on this connection. */
  private txTail: Promise<unknown> = Promise.resolve();

  private queued<T>(run: () => Promise<T>): Promise<T> {
    const p = this.txTail.then(run, run);
    this.txTail = p.catch(() => undefined);
    return p;
  }

  private async rollingBackOnError<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      await q.exec(this.db, 'ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  // ---------------------------------------------------------------- events

  async hosts(): Promise<string[]> {
    const rows = await this.all<{ host: string }>('SELECT DISTINCT host FROM events ORDER BY host');
    return rows.map((r) => r.host);
  }

  private where(qy: EventQuery): { sql: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (qy.host !== undefined) { parts.push('e.host = ?'); params.push(qy.host); }
    if (qy.channels?.length) { parts.push(`e.channel IN (${qy.channels.map(() => '?').join(',')})`); params.push(...qy.channels); }
    if (qy.providers?.length) { parts.push(`lower(e.provider) IN (${qy.providers.map(() => '?').join(',')})`); params.push(...qy.providers.map((p) => p.toLowerCase())); }
    if (qy.eventIds?.length) { parts.push(`e.event_id IN (${qy.eventIds.map(() => '?').join(',')})`); params.push(...qy.eventIds); }
    if (qy.since) { parts.push('e.time_created >= ?'); params.push(qy.since); }
    if (qy.until) { parts.push('e.time_created <= ?'); params.push(qy.until); }
    return { sql: parts.length ? parts.join(' AND ') : '1', params };
  }

  async *streamEvents(qy: EventQuery): AsyncIterable<StoredEvent> {
    for await (const page of this.streamEventPages(qy)) yield* page;
  }

  async *streamEventPages(qy: EventQuery): AsyncIterable<StoredEvent[]> {
    const { sql, params } = this.where(qy);
    const pageSize = qy.pageSize ?? 2000;
    let lastTime = '';
    let lastId = -1;
    // Each page comes back as ONE JSON text built by SQLite: converting thousands of 27-column rows
    // into JS objects through the addon costs several times more than one JSON.parse.
    const pageSql = `SELECT json_group_array(json_array(${PAGE_COLUMNS})) AS page FROM (
        ${EVENT_SELECT} WHERE ${sql} AND (e.time_created > ? OR (e.time_created = ? AND e.id > ?)) ORDER BY e.time_created, e.id LIMIT ?)`;
    const fetch = () => {
      const p = this.get<{ page: string }>(pageSql, [...params, lastTime, lastTime, lastId, pageSize]);
      p.catch(() => undefined); // awaited below; a consumer that stops early must not leave it unhandled
      return p;
    };
    let next = fetch();
    for (;;) {
      const row = await next;
      const page = JSON.parse(row?.page ?? '[]') as PageRow[];
      // aggregate order is not promised by SQLite; the page is small and (nearly) sorted already
      page.sort((a, b) => (a[12] < b[12] ? -1 : a[12] > b[12] ? 1 : a[0] - b[0]));
      const more = page.length === pageSize;
      if (more) {
        // SQLite reads the next page on its own thread while this one is being consumed
        const last = page[page.length - 1]!;
        lastTime = last[12];
        lastId = last[0];
        next = fetch();
      }
      if (page.length) yield page.map(pageRowToEvent);
      if (!more) return;
    }
  }

  async getEvents(ids: number[]): Promise<StoredEvent[]> {
    const byId = new Map<number, StoredEvent>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const row = await this.get<{ page: string }>(
        `SELECT json_group_array(json_array(${PAGE_COLUMNS})) AS page FROM (${EVENT_SELECT} WHERE e.id IN (${chunk.map(() => '?').join(',')}))`,
        chunk,
      );
      for (const r of JSON.parse(row?.page ?? '[]') as PageRow[]) byId.set(r[0], pageRowToEvent(r));
    }
    return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
  }

  async countEvents(qy: EventQuery = {}): Promise<number> {
    const { sql, params } = this.where(qy);
    const r = await this.get<{ n: number }>(`SELECT count(*) AS n FROM events e WHERE ${sql}`, params);
    return r?.n ?? 0;
  }

  // ---------------------------------------------------------------- ingest

  async beginImport(meta: { path: string; sha256: string; size: number; filter?: string }): Promise<number> {
    const r = await q.run(this.db, 'INSERT INTO imports(path, sha256, size, filter, started_at) VALUES (?,?,?,?,?)', [
      meta.path, meta.sha256, meta.size, meta.filter ?? '', new Date().toISOString(),
    ]);
    return r.lastID;
  }

  /** A completed import of the same bytes with the same filter: re-reading it cannot add anything. */
  async findCompletedImport(sha256: string, filter = ''): Promise<InputSummary | undefined> {
    const r = await this.get<ImportRow>(
      `SELECT * FROM imports WHERE sha256 = ? AND filter = ? AND status IN ('ok','partial') ORDER BY id LIMIT 1`,
      [sha256, filter],
    );
    return r ? importRowToSummary(r) : undefined;
  }

  insertEvents(importId: number, events: NormalizedEvent[]): Promise<number> {
    if (!events.length) return Promise.resolve(0);
    const enc = new EventRowEncoder(importId, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    for (const e of events) enc.add(e);
    return this.insertEventRows(enc.take()!);
  }

  /**
   * One batch of encoded rows (./event-rows.ts): statements of literals, nothing to bind. Each is
   * awaited before the next runs, for the reason given at insertRows.
   */
  insertEventRows(batch: EventRowBatch): Promise<number> {
    if (!batch.rows) return Promise.resolve(0);
    return this.transaction(async () => {
      let changed = 0;
      for (const sql of batch.statements) changed += (await q.run(this.db, statementText(sql))).changes;
      return changed;
    });
  }

  async addIssues(importId: number, issues: ParseIssue[]): Promise<void> {
    if (!issues.length) return;
    const rows = issues.map((i) => [importId, i.file, i.offset, i.line, i.kind, i.message]);
    await this.transaction(() => this.insertRows('INSERT', 'parse_issues', ['import_id', 'file', 'offset', 'line', 'kind', 'message'], rows));
  }

  async finishImport(importId: number, s: Omit<InputSummary, 'path'>): Promise<void> {
    await q.run(
      this.db,
      'UPDATE imports SET sha256=?, size=?, format=?, encoding=?, events_read=?, events_new=?, issues=?, status=?, finished_at=? WHERE id=?',
      [s.sha256, s.size, s.format, s.encoding, s.events, s.newEvents, s.issues, s.status, new Date().toISOString(), importId],
    );
  }

  async imports(): Promise<InputSummary[]> {
    // One line per distinct input (latest completed import of each path+hash), in a stable order.
    const rows = await this.all<ImportRow>(
      `SELECT * FROM imports WHERE id IN (SELECT max(id) FROM imports WHERE status != 'running' GROUP BY path, sha256) ORDER BY path, sha256`,
    );
    return rows.map(importRowToSummary);
  }

  async issues(limit = 10000): Promise<ParseIssue[]> {
    const rows = await this.all<{ file: string; offset: number | null; line: number | null; kind: string; message: string }>(
      `SELECT DISTINCT file, offset, line, kind, message FROM parse_issues ORDER BY file, offset, line, kind, message LIMIT ?`,
      [limit],
    );
    return rows.map((r) => ({ file: r.file, offset: r.offset, line: r.line, kind: r.kind, message: r.message }));
  }

  // ---------------------------------------------------------------- correlation

  replaceCorrelation(host: string, attempts: Attempt[], sessions: Session[], meta?: Record<string, string>): Promise<void> {
    return this.replaceCorrelations([{ host, attempts, sessions }], meta);
  }

  replaceCorrelations(hosts: ReadonlyArray<{ host: string; attempts: Attempt[]; sessions: Session[] }>, meta: Record<string, string> = {}): Promise<void> {
    const script: string[] = [];
    for (const { host, attempts, sessions } of hosts) {
      const h = sqlString(host);
      script.push(
        `DELETE FROM attempt_events WHERE attempt_id IN (SELECT id FROM attempts WHERE host = ${h})`,
        `DELETE FROM attempts WHERE host = ${h}`,
        `DELETE FROM session_events WHERE session_id IN (SELECT id FROM sessions WHERE host = ${h})`,
        `DELETE FROM session_attempts WHERE session_id IN (SELECT id FROM sessions WHERE host = ${h})`,
        `DELETE FROM sessions WHERE host = ${h}`,
        ...this.insertStatements('INSERT', 'attempts', ATTEMPT_COLS, attempts.map(attemptParams)),
        ...this.insertStatements('INSERT', 'attempt_events', LINK_COLS('attempt_id'), attempts.flatMap((a) => linkRows(a.id, a.events))),
        ...this.insertStatements('INSERT', 'sessions', SESSION_COLS, sessions.map(sessionParams)),
        ...this.insertStatements('INSERT', 'session_attempts', ['session_id', 'attempt_id', 'ord'], sessions.flatMap((s) => s.attemptIds.map((a, i) => [s.id, a, i]))),
        ...this.insertStatements('INSERT', 'session_events', LINK_COLS('session_id'), sessions.flatMap((s) => linkRows(s.id, s.events))),
      );
    }
    script.push(...this.insertStatements('INSERT OR REPLACE', 'meta', ['key', 'value'], Object.entries(meta)));
    return this.transactionScript(script);
  }

  /**
   * Event links of many owners (attempts or sessions) in one query: one JSON text per owner instead
   * of one addon row object per link.
   */
  private async linksOf(table: 'attempt_events' | 'session_events', owner: 'attempt_id' | 'session_id', ownerQuery: string, params: unknown[]): Promise<Map<string, AttemptEventLink[]>> {
    const rows = await this.all<{ owner: string; links: string }>(
      `SELECT ${owner} AS owner, json_group_array(json_array(ord, event_id, join_key, confidence, stage)) AS links
       FROM ${table} WHERE ${owner} IN (${ownerQuery}) GROUP BY ${owner}`,
      params,
    );
    const m = new Map<string, AttemptEventLink[]>();
    for (const r of rows) {
      const list = JSON.parse(r.links) as [number, number, string, number, string | null][];
      list.sort((a, b) => a[0] - b[0]);
      m.set(r.owner, list.map(([, eventId, joinKey, confidence, stage]) => ({
        eventId, joinKey: joinKey as AttemptEventLink['joinKey'], confidence, stage: stage as AttemptEventLink['stage'],
      })));
    }
    return m;
  }

  async attempts(f: { host?: string; client?: string; user?: string; since?: string; until?: string; links?: boolean } = {}): Promise<Attempt[]> {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (f.host !== undefined) { parts.push('lower(host) = lower(?)'); params.push(f.host); }
    if (f.client !== undefined) { parts.push('client_address = ?'); params.push(f.client); }
    if (f.user !== undefined) { parts.push("(lower(user) = lower(?) OR lower(user) LIKE '%\\' || lower(?))"); params.push(f.user, f.user); }
    if (f.since !== undefined) { parts.push('"end" >= ?'); params.push(f.since); }
    if (f.until !== undefined) { parts.push('start <= ?'); params.push(f.until); }
    const where = parts.length ? `WHERE ${parts.join(' AND ')}` : '';
    const rows = await this.all<AttemptRow>(`SELECT * FROM attempts ${where} ORDER BY start, host, id`, params);
    const byOwner = f.links === false ? new Map<string, AttemptEventLink[]>() : await this.linksOf('attempt_events', 'attempt_id', `SELECT id FROM attempts ${where}`, params);
    return rows.map((r) => attemptRowToAttempt(r, byOwner.get(r.id) ?? []));
  }

  async attempt(id: string): Promise<Attempt | undefined> {
    const r = await this.get<AttemptRow>('SELECT * FROM attempts WHERE id = ?', [id]);
    if (!r) return undefined;
    const links = await this.linksOf('attempt_events', 'attempt_id', '?', [id]);
    return attemptRowToAttempt(r, links.get(id) ?? []);
  }

  async sessions(f: { host?: string; links?: boolean } = {}): Promise<Session[]> {
    const where = f.host !== undefined ? 'WHERE lower(host) = lower(?)' : '';
    const params = f.host !== undefined ? [f.host] : [];
    const rows = await this.all<SessionRow>(`SELECT * FROM sessions ${where} ORDER BY start, host, id`, params);
    const byOwner = f.links === false ? new Map<string, AttemptEventLink[]>() : await this.linksOf('session_events', 'session_id', `SELECT id FROM sessions ${where}`, params);
    const att = await this.all<{ session_id: string; attempt_id: string }>(
      `SELECT session_id, attempt_id FROM session_attempts WHERE session_id IN (SELECT id FROM sessions ${where}) ORDER BY session_id, ord`,
      params,
    );
    const attemptsBySession = new Map<string, string[]>();
    for (const a of att) {
      const list = attemptsBySession.get(a.session_id) ?? [];
      list.push(a.attempt_id);
      attemptsBySession.set(a.session_id, list);
    }
    return rows.map((r) => ({
      id: r.id, host: r.host, user: r.user, sessionId: r.session_id, clientAddress: r.client_address, start: r.start,
      end: r.end, attemptIds: attemptsBySession.get(r.id) ?? [], reconnects: r.reconnects, disconnects: r.disconnects,
      outcome: r.outcome as Session['outcome'], events: byOwner.get(r.id) ?? [],
    }));
  }

  // ---------------------------------------------------------------- findings

  async replaceFindings(findings: Finding[], coverage: CoverageNote[]): Promise<void> {
    // statement by statement (each a few MiB at most): nothing else waits on this write
    await this.transaction(async () => {
      await q.exec(this.db, 'DELETE FROM finding_evidence; DELETE FROM finding_attempts; DELETE FROM findings; DELETE FROM coverage;');
      await this.insertRows('INSERT', 'findings', FINDING_COLS, findings.map((f, i) => findingParams(f, i)));
      await this.insertRows('INSERT', 'finding_attempts', ['finding_id', 'attempt_id', 'ord'], findings.flatMap((f) => f.attemptIds.map((a, i) => [f.id, a, i])));
      await this.insertRows('INSERT', 'finding_evidence', ['finding_id', 'event_id', 'meaning', 'ord'], findings.flatMap((f) => f.evidence.map((e, i) => [f.id, e.eventId, e.meaning, i])));
      await this.insertRows('INSERT OR REPLACE', 'coverage', ['host', 'kind', 'message'], coverage.map((c) => [c.host, c.kind, c.message]));
    });
  }

  async findings(): Promise<Finding[]> {
    const rows = await this.all<FindingRow>('SELECT * FROM findings ORDER BY ord');
    const atts = await this.all<{ finding_id: string; attempt_id: string }>('SELECT finding_id, attempt_id FROM finding_attempts ORDER BY finding_id, ord');
    const ev = await this.all<{ finding_id: string; meaning: string } & EventRow>(
      `SELECT fe.finding_id, fe.meaning, e.id, e.host, e.channel, e.provider, e.event_id, e.record_id, e.time_created
       FROM finding_evidence fe JOIN events e ON e.id = fe.event_id ORDER BY fe.finding_id, fe.ord`,
    );
    const attemptsBy = new Map<string, string[]>();
    for (const a of atts) (attemptsBy.get(a.finding_id) ?? attemptsBy.set(a.finding_id, []).get(a.finding_id)!).push(a.attempt_id);
    const evidenceBy = new Map<string, Finding['evidence']>();
    for (const e of ev) {
      (evidenceBy.get(e.finding_id) ?? evidenceBy.set(e.finding_id, []).get(e.finding_id)!).push({
        eventId: e.id, host: e.host, channel: e.channel, provider: e.provider, eventCode: e.event_id,
        recordId: e.record_id < 0 ? null : e.record_id, time: e.time_created, meaning: e.meaning,
      });
    }
    return rows.map((r) => ({
      id: r.id, pattern: r.pattern, category: r.category as Finding['category'], severity: r.severity as Finding['severity'],
      title: r.title, host: r.host, clientAddress: r.client_address, user: r.user, attemptIds: attemptsBy.get(r.id) ?? [],
      firstSeen: r.first_seen, lastSeen: r.last_seen, count: r.count, confidence: r.confidence,
      evidence: evidenceBy.get(r.id) ?? [], explanation: r.explanation,
      remedy: JSON.parse(r.remedy) as Finding['remedy'], references: JSON.parse(r.refs) as string[],
    }));
  }

  async coverage(): Promise<CoverageNote[]> {
    return this.all<CoverageNote>('SELECT host, kind, message FROM coverage ORDER BY host, kind');
  }

  async close(): Promise<void> {
    await q.close(this.db);
  }
}

// ------------------------------------------------------------------ row mapping

interface ImportRow {
  id: number; path: string; sha256: string; size: number; format: string | null; encoding: string | null;
  events_read: number; events_new: number; issues: number; status: string;
}
function importRowToSummary(r: ImportRow): InputSummary {
  return {
    path: r.path, sha256: r.sha256, size: r.size, format: r.format ?? 'unknown', encoding: r.encoding ?? 'unknown',
    events: r.events_read, newEvents: r.events_new, issues: r.issues, status: r.status as InputSummary['status'],
  };
}

const LINK_COLS = (owner: string) => [owner, 'event_id', 'join_key', 'confidence', 'stage', 'ord'];
function linkRows(owner: string, links: AttemptEventLink[]): unknown[][] {
  return links.map((l, i) => [owner, l.eventId, l.joinKey, l.confidence, l.stage, i]);
}

const ATTEMPT_COLS = [
  'id', 'host', 'side', 'client_address', 'client_port', 'target', 'user', 'start', 'end', 'stage', 'outcome',
  'disconnect_code', 'disconnect_table', 'disconnect_name', 'disconnect_description', 'activity_id', 'connection_name',
  'session_id', 'logon_id', 'peer_attempt_id', 'peer_join',
];
interface AttemptRow {
  id: string; host: string; side: string; client_address: string | null; client_port: number | null; target: string | null;
  user: string | null; start: string; end: string; stage: string; outcome: string; disconnect_code: number | null;
  disconnect_table: string | null; disconnect_name: string | null; disconnect_description: string | null;
  activity_id: string | null; connection_name: string | null; session_id: number | null; logon_id: string | null;
  peer_attempt_id: string | null; peer_join: string | null;
}
function attemptParams(a: Attempt): unknown[] {
  return [
    a.id, a.host, a.side, a.clientAddress, a.clientPort, a.target, a.user, a.start, a.end, a.stage, a.outcome,
    a.disconnect?.code ?? null, a.disconnect?.table ?? null, a.disconnect?.name ?? null, a.disconnect?.description ?? null,
    a.activityId, a.connectionName, a.sessionId, a.logonId, a.peerAttemptId, a.peerJoin,
  ];
}
function attemptRowToAttempt(r: AttemptRow, events: AttemptEventLink[]): Attempt {
  return {
    id: r.id, host: r.host, side: r.side as Attempt['side'], clientAddress: r.client_address, clientPort: r.client_port,
    target: r.target, user: r.user, start: r.start, end: r.end, stage: r.stage as Attempt['stage'],
    outcome: r.outcome as Attempt['outcome'],
    disconnect: r.disconnect_code === null ? null : {
      code: r.disconnect_code, table: r.disconnect_table ?? '', name: r.disconnect_name ?? '', description: r.disconnect_description ?? '',
    },
    activityId: r.activity_id, connectionName: r.connection_name, sessionId: r.session_id, logonId: r.logon_id,
    peerAttemptId: r.peer_attempt_id, peerJoin: r.peer_join, events,
  };
}

const SESSION_COLS = ['id', 'host', 'user', 'session_id', 'client_address', 'start', 'end', 'reconnects', 'disconnects', 'outcome'];
interface SessionRow {
  id: string; host: string; user: string | null; session_id: number | null; client_address: string | null; start: string;
  end: string | null; reconnects: number; disconnects: number; outcome: string;
}
function sessionParams(s: Session): unknown[] {
  return [s.id, s.host, s.user, s.sessionId, s.clientAddress, s.start, s.end, s.reconnects, s.disconnects, s.outcome];
}

const FINDING_COLS = [
  'id', 'ord', 'pattern', 'category', 'severity', 'title', 'host', 'client_address', 'user', 'first_seen', 'last_seen',
  'count', 'confidence', 'explanation', 'remedy', 'refs',
];
interface FindingRow {
  id: string; pattern: string; category: string; severity: string; title: string; host: string; client_address: string | null;
  user: string | null; first_seen: string; last_seen: string; count: number; confidence: number; explanation: string;
  remedy: string; refs: string;
}
function findingParams(f: Finding, ord: number): unknown[] {
  return [
    f.id, ord, f.pattern, f.category, f.severity, f.title, f.host, f.clientAddress, f.user, f.firstSeen, f.lastSeen,
    f.count, f.confidence, f.explanation, JSON.stringify(f.remedy), JSON.stringify(f.references),
  ];
}
