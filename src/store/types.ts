/**
 * The case database as the later stages see it. Implementation: ./sqlite-store.ts (sqlite3 package).
 * All reads return deterministic orders (time, then host/channel/record id, then row id).
 */
import type { NormalizedEvent, StoredEvent, ParseIssue } from '../model/event.js';
import type { Attempt, Session, Finding, CoverageNote, InputSummary } from '../model/analysis.js';
import type { EventRowBatch } from './event-rows.js';

export interface EventQuery {
  host?: string;
  channels?: string[];
  since?: string;
  until?: string;
  /** provider names (case-insensitive) */
  providers?: string[];
  /** Windows event ids */
  eventIds?: number[];
  /** page size of the keyset pagination behind streamEvents (default 2000) */
  pageSize?: number;
}

export interface Store {
  readonly path: string;
  /** low-level access for ad-hoc queries (TUI filters, reports) */
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T | undefined>;
  run(sql: string, params?: unknown[]): Promise<void>;

  // --- events
  hosts(): Promise<string[]>;
  /** streams events of one host in time order (bounded memory) */
  streamEvents(q: EventQuery): AsyncIterable<StoredEvent>;
  /** The same events a page at a time (one asynchronous step per page instead of per event). */
  streamEventPages(q: EventQuery): AsyncIterable<StoredEvent[]>;
  getEvents(ids: number[]): Promise<StoredEvent[]>;
  countEvents(q?: EventQuery): Promise<number>;

  // --- ingest (used by src/ingest)
  beginImport(meta: { path: string; sha256: string; size: number; filter?: string }): Promise<number>;
  /** a finished import of the same bytes with the same --xpath filter (re-reading it adds nothing) */
  findCompletedImport(sha256: string, filter?: string): Promise<InputSummary | undefined>;
  /** inserts a batch in one transaction; returns how many were new (duplicates are ignored) */
  insertEvents(importId: number, events: NormalizedEvent[]): Promise<number>;
  /** the same for rows encoded ahead (see ./event-rows.ts: the ingest worker encodes, this thread only stores) */
  insertEventRows(batch: EventRowBatch): Promise<number>;
  addIssues(importId: number, issues: ParseIssue[]): Promise<void>;
  finishImport(importId: number, summary: Omit<InputSummary, 'path'>): Promise<void>;
  imports(): Promise<InputSummary[]>;
  issues(limit?: number): Promise<ParseIssue[]>;

  // --- correlation results (replaced wholesale for a host: re-running gives identical rows)
  replaceCorrelation(host: string, attempts: Attempt[], sessions: Session[]): Promise<void>;
  /**
   * Replaces the correlation of several hosts (and sets `meta` keys) in one transaction that SQLite
   * runs without waiting on the caller: other work can go on while it is written.
   */
  replaceCorrelations(hosts: ReadonlyArray<{ host: string; attempts: Attempt[]; sessions: Session[] }>, meta?: Record<string, string>): Promise<void>;
  /** `links: false` leaves `events` empty (cheaper when only the attempts themselves are needed) */
  attempts(filter?: { host?: string; client?: string; user?: string; since?: string; until?: string; links?: boolean }): Promise<Attempt[]>;
  attempt(id: string): Promise<Attempt | undefined>;
  sessions(filter?: { host?: string; links?: boolean }): Promise<Session[]>;

  // --- diagnosis results
  replaceFindings(findings: Finding[], coverage: CoverageNote[]): Promise<void>;
  findings(): Promise<Finding[]>;
  coverage(): Promise<CoverageNote[]>;

  close(): Promise<void>;
}
