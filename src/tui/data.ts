/**
 * The TUI's data layer: async loaders over the case database. Screens ask for what they show —
 * a page of list rows, one attempt's page of timeline rows, one event — and never hold more.
 *
 * Attempts are indexed once when the browser opens (one light row each: no event links, no event
 * bodies); filtering and sorting run over that index. Events are only ever fetched by id, a page
 * at a time.
 */
import type { Attempt, AttemptEventLink, CoverageNote, Finding, JoinKey, Outcome, Session, Severity, StageId } from '../model/analysis.js';
import type { StoredEvent } from '../model/event.js';
import type { Store } from '../store/types.js';
import type { EventDescription, EventKnowledge } from './describe.js';
import { allMatch, parseFilter, type ParsedFilter } from './filter.js';

export type SortKey = 'failures' | 'time' | 'host' | 'outcome';
export const SORT_KEYS: readonly SortKey[] = ['failures', 'time', 'host', 'outcome'];

export interface Page<T> {
  offset: number;
  total: number;
  rows: T[];
}

export interface AttemptRow {
  id: string;
  host: string;
  side: 'server' | 'client';
  start: string;
  end: string;
  /** client address (server side) or target (client side) */
  client: string;
  user: string;
  stage: StageId;
  outcome: Outcome;
  /** failed before logon, or cited by an error-severity finding */
  failed: boolean;
  topPattern: string | null;
  topSeverity: Severity | null;
  findingIds: string[];
  disconnect: string | null;
}

/** What a timeline belongs to: a connection attempt, or a session (logon → reconnects → logoff). */
export type TimelineSource = 'attempt' | 'session';

export interface SessionRow {
  id: string;
  host: string;
  user: string;
  sessionId: number | null;
  client: string;
  start: string;
  end: string | null;
  reconnects: number;
  disconnects: number;
  outcome: Session['outcome'];
  attempts: number;
  events: number;
  /** some event of the session is a finding's evidence */
  evidence: boolean;
}

export interface TimelineRow {
  eventId: number;
  time: string;
  /** milliseconds since the attempt started */
  relMs: number;
  host: string;
  channel: string;
  provider: string;
  code: number;
  recordId: number | null;
  stage: StageId | null;
  joinKey: JoinKey;
  confidence: number;
  family: string | null;
  title: string;
  summary: string;
  /** findings citing this event */
  evidenceFor: string[];
}

export interface HostLine {
  host: string;
  events: number;
  attempts: number;
  failures: number;
  first: string | null;
  last: string | null;
}

export interface Overview {
  dbPath: string;
  events: number;
  hosts: HostLine[];
  first: string | null;
  last: string | null;
  attemptsByOutcome: [Outcome, number][];
  attempts: number;
  findingsBySeverity: [Severity, number][];
  topFindings: Finding[];
  coverage: CoverageNote[];
  inputs: number;
  parseIssues: number;
}

export interface FindingRef {
  id: string;
  title: string;
  severity: Severity;
}

export interface EventDetail {
  event: StoredEvent;
  description: EventDescription;
  raw: string;
  evidenceFor: FindingRef[];
}

export interface TuiData {
  overview(): Promise<Overview>;
  attemptPage(filter: string, sort: SortKey, offset: number, limit: number): Promise<Page<AttemptRow>>;
  /** position of an attempt in the filtered, sorted list; -1 when filtered out */
  attemptPosition(filter: string, sort: SortKey, id: string): Promise<number>;
  attemptRow(id: string): Promise<AttemptRow | undefined>;
  /** index of the next (dir 1) or previous (-1) failed attempt after `from` in the list; -1 if none */
  nextFailed(filter: string, sort: SortKey, from: number, dir: 1 | -1): Promise<number>;
  timelinePage(id: string, offset: number, limit: number, source?: TimelineSource): Promise<Page<TimelineRow>>;
  /** indexes (in timeline order) of events matching the filter's free text / event ids */
  timelineMatches(id: string, filter: string, source?: TimelineSource): Promise<number[]>;
  /** sessions in time order, filtered by host:, client:, user: and free text */
  sessionPage(filter: string, offset: number, limit: number): Promise<Page<SessionRow>>;
  sessionRow(id: string): Promise<SessionRow | undefined>;
  event(id: number): Promise<EventDetail | undefined>;
  findings(filter: string): Promise<Finding[]>;
  finding(id: string): Promise<Finding | undefined>;
  /** the attempt (preferring `hint`) whose timeline holds an event, and the event's index in it */
  locateEvent(eventId: number, hint: string[]): Promise<{ attemptId: string; index: number } | null>;
  /** finding ids citing an event */
  evidenceOf(eventId: number): FindingRef[];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const OUTCOME_ORDER: Outcome[] = ['failed-before-logon', 'disconnected', 'succeeded', 'logged-off', 'probe', 'unknown'];
/** Most events a timeline search looks at (an attempt is normally a few dozen). */
const MATCH_SCAN_LIMIT = 20_000;
const FETCH_CHUNK = 500;

/** ISO time with 7 fractional digits → epoch milliseconds. */
export function timeMs(iso: string): number {
  const ms = Date.parse(iso.length > 23 ? `${iso.slice(0, 23)}Z` : iso);
  return Number.isNaN(ms) ? 0 : ms;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function failureRank(r: AttemptRow): number {
  if (r.failed) return 0;
  if (r.topSeverity === 'warning' || r.outcome === 'disconnected') return 1;
  return 2;
}

const SORTERS: Record<SortKey, (a: AttemptRow, b: AttemptRow) => number> = {
  failures: (a, b) => failureRank(a) - failureRank(b) || compareText(a.start, b.start) || compareText(a.id, b.id),
  time: (a, b) => compareText(a.start, b.start) || compareText(a.id, b.id),
  host: (a, b) => compareText(a.host, b.host) || compareText(a.start, b.start) || compareText(a.id, b.id),
  outcome: (a, b) =>
    OUTCOME_ORDER.indexOf(a.outcome) - OUTCOME_ORDER.indexOf(b.outcome) || compareText(a.start, b.start) || compareText(a.id, b.id),
};

/** The columns of an attempt the list needs; read without its event links. */
interface AttemptHead {
  id: string;
  host: string;
  side: 'server' | 'client';
  clientAddress: string | null;
  target: string | null;
  user: string | null;
  start: string;
  end: string;
  stage: StageId;
  outcome: Outcome;
  disconnectName: string | null;
}

function headOf(a: Attempt): AttemptHead {
  return {
    id: a.id, host: a.host, side: a.side, clientAddress: a.clientAddress, target: a.target, user: a.user, start: a.start, end: a.end,
    stage: a.stage, outcome: a.outcome, disconnectName: a.disconnect?.name ?? null,
  };
}

/**
 * Attempt heads straight from the case database's `attempts` table (documented schema), so opening
 * a large case does not materialise every attempt's event links. Other Store implementations fall
 * back to `attempts()`.
 */
async function loadAttemptHeads(store: Store): Promise<AttemptHead[]> {
  try {
    // one JSON text for the whole table: turning 100,000 rows into objects through the addon costs
    // about twice as much as one JSON.parse
    const row = await store.get<{ heads: string }>(
      `SELECT json_group_array(json_array(a.id, a.host, a.side, a.client_address, a.target, a.user, a.start, a."end", a.stage, a.outcome,
              a.disconnect_name)) AS heads
         FROM attempts a`,
    );
    type Row = [string, string, AttemptHead['side'], string | null, string | null, string | null, string, string, AttemptHead['stage'], AttemptHead['outcome'], string | null];
    return (JSON.parse(row?.heads ?? '[]') as Row[]).map((r) => ({
      id: r[0], host: r[1], side: r[2], clientAddress: r[3], target: r[4], user: r[5], start: r[6], end: r[7], stage: r[8], outcome: r[9], disconnectName: r[10],
    }));
  } catch {
    return (await store.attempts()).map(headOf);
  }
}

/** Ids of attempts holding an event with one of these Windows event ids (SQL when available). */
async function attemptsWithEventIds(store: Store, ids: number[], heads: AttemptHead[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  try {
    for (const id of ids) {
      const rows = await store.all<{ attempt_id: string }>(
        `SELECT DISTINCT ae.attempt_id FROM events e JOIN attempt_events ae ON ae.event_id = e.id WHERE e.event_id = ?`,
        [id],
      );
      out.set(id, new Set(rows.map((r) => r.attempt_id)));
    }
    return out;
  } catch {
    for (const id of ids) out.set(id, new Set());
    for (const h of heads) {
      const a = await store.attempt(h.id);
      const evIds = a ? a.events.map((l) => l.eventId) : [];
      for (let i = 0; i < evIds.length; i += FETCH_CHUNK) {
        for (const ev of await store.getEvents(evIds.slice(i, i + FETCH_CHUNK))) out.get(ev.eventId)?.add(h.id);
      }
    }
    return out;
  }
}

function rowOf(a: AttemptHead, findings: Finding[]): AttemptRow {
  const top = findings[0] ?? null;
  return {
    id: a.id,
    host: a.host,
    side: a.side,
    start: a.start,
    end: a.end,
    client: a.side === 'client' ? (a.target ?? a.clientAddress ?? '') : (a.clientAddress ?? ''),
    user: a.user ?? '',
    stage: a.stage,
    outcome: a.outcome,
    failed: a.outcome === 'failed-before-logon' || findings.some((f) => f.severity === 'error' && f.category === 'failure'),
    topPattern: top ? top.pattern : null,
    topSeverity: top ? top.severity : null,
    findingIds: findings.map((f) => f.id),
    disconnect: a.disconnectName,
  };
}

function rowMatches(r: AttemptRow, f: ParsedFilter, patterns: string[]): boolean {
  return (
    allMatch(f.host, [r.host]) &&
    allMatch(f.client, [r.client]) &&
    allMatch(f.user, [r.user]) &&
    allMatch(f.pattern, patterns) &&
    allMatch(f.outcome, [r.outcome]) &&
    allMatch(f.text, [r.id, r.host, r.client, r.user, r.outcome, r.stage, r.disconnect, ...patterns])
  );
}

export interface TuiDataOptions {
  knowledge: EventKnowledge;
}

/** Builds the data layer over an open store. Reads the attempt index and findings once. */
export async function openTuiData(store: Store, opts: TuiDataOptions): Promise<TuiData> {
  const { describe, renderRaw } = opts.knowledge;
  const findings = [...(await store.findings())].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.confidence - a.confidence || compareText(a.firstSeen, b.firstSeen) || compareText(a.id, b.id),
  );
  const findingById = new Map(findings.map((f) => [f.id, f]));
  const findingsByAttempt = new Map<string, Finding[]>();
  const evidence = new Map<number, FindingRef[]>();
  for (const f of findings) {
    for (const id of f.attemptIds) {
      const list = findingsByAttempt.get(id) ?? [];
      list.push(f);
      findingsByAttempt.set(id, list);
    }
    for (const e of f.evidence) {
      const list = evidence.get(e.eventId) ?? [];
      if (!list.some((x) => x.id === f.id)) list.push({ id: f.id, title: f.title, severity: f.severity });
      evidence.set(e.eventId, list);
    }
  }

  // The attempt index is built after the overview has been drawn (queries on one connection run in
  // order): the overview comes from SQL aggregates, so a large case opens at once, and the index is
  // usually ready by the time the list is asked for.
  interface Index {
    heads: AttemptHead[];
    rows: AttemptRow[];
    rowById: Map<string, AttemptRow>;
  }
  let indexBuild: Promise<Index> | null = null;
  const index = (): Promise<Index> => (indexBuild ??= buildIndex());
  const buildIndex = () => loadAttemptHeads(store).then((heads) => {
    const rows: AttemptRow[] = [];
    const rowById = new Map<string, AttemptRow>();
    for (const a of heads) {
      const r = rowOf(a, findingsByAttempt.get(a.id) ?? []);
      rows.push(r);
      rowById.set(r.id, r);
    }
    return { heads, rows, rowById };
  });
  const patternsOf = (r: AttemptRow) => r.findingIds.map((id) => findingById.get(id)!.pattern);

  // Event-id filters: which attempts hold an event with that Windows id, asked once per id.
  const byEventId = new Map<number, Set<string>>();
  async function attemptsHolding(ids: number[]): Promise<(id: string) => boolean> {
    const missing = ids.filter((id) => !byEventId.has(id));
    if (missing.length) for (const [id, set] of await attemptsWithEventIds(store, missing, (await index()).heads)) byEventId.set(id, set);
    return (attemptId) => ids.every((id) => byEventId.get(id)!.has(attemptId));
  }

  // The last filtered+sorted list is kept, so paging through it costs a slice.
  let cacheKey: string | null = null;
  let cached: AttemptRow[] = [];
  async function listFor(filter: string, sort: SortKey): Promise<AttemptRow[]> {
    const key = `${sort}\u0000${filter}`;
    if (key === cacheKey) return cached;
    const { rows } = await index();
    const f = parseFilter(filter);
    let list = f.empty ? rows.slice() : rows.filter((r) => rowMatches(r, f, patternsOf(r)));
    if (f.eventIds.length) {
      const holds = await attemptsHolding(f.eventIds);
      list = list.filter((r) => holds(r.id));
    }
    list.sort(SORTERS[sort]);
    cacheKey = key;
    cached = list;
    return list;
  }

  const attemptCache = new Map<string, Attempt>();
  async function attemptById(id: string): Promise<Attempt | undefined> {
    const hit = attemptCache.get(id);
    if (hit) return hit;
    const a = await store.attempt(id);
    if (a) {
      if (attemptCache.size > 64) attemptCache.clear();
      attemptCache.set(id, a);
    }
    return a;
  }

  // Sessions are read on first use (the sessions view), with their event links.
  let sessionsLoad: Promise<{ rows: SessionRow[]; byId: Map<string, Session> }> | null = null;
  const sessionIndex = () =>
    (sessionsLoad ??= store.sessions().then((list) => ({
      rows: list.map((x) => ({
        id: x.id, host: x.host, user: x.user ?? '', sessionId: x.sessionId, client: x.clientAddress ?? '', start: x.start, end: x.end,
        reconnects: x.reconnects, disconnects: x.disconnects, outcome: x.outcome, attempts: x.attemptIds.length, events: x.events.length,
        evidence: x.events.some((l) => evidence.has(l.eventId)),
      })),
      byId: new Map(list.map((x) => [x.id, x])),
    })));

  async function linksOf(id: string, source: TimelineSource): Promise<{ start: string; events: AttemptEventLink[] } | undefined> {
    if (source === 'session') return (await sessionIndex()).byId.get(id);
    return attemptById(id);
  }

  function timelineRow(a: { start: string }, link: AttemptEventLink, ev: StoredEvent): TimelineRow {
    const d = describe(ev);
    return {
      eventId: ev.id,
      time: ev.time,
      relMs: timeMs(ev.time) - timeMs(a.start),
      host: ev.host,
      channel: ev.channel,
      provider: ev.provider,
      code: ev.eventId,
      recordId: ev.recordId,
      stage: link.stage ?? d.stage,
      joinKey: link.joinKey,
      confidence: link.confidence,
      family: d.family,
      title: d.title,
      summary: d.summary,
      evidenceFor: (evidence.get(ev.id) ?? []).map((f) => f.id),
    };
  }

  async function eventsOf(ids: number[]): Promise<Map<number, StoredEvent>> {
    const out = new Map<number, StoredEvent>();
    for (let i = 0; i < ids.length; i += FETCH_CHUNK) {
      for (const ev of await store.getEvents(ids.slice(i, i + FETCH_CHUNK))) out.set(ev.id, ev);
    }
    return out;
  }

  let lastMatches: { key: string; hits: number[] } | null = null;
  async function findMatches(id: string, filter: string, source: TimelineSource): Promise<number[]> {
    const f = parseFilter(filter);
    if (f.empty) return [];
    const a = await linksOf(id, source);
    if (!a) return [];
    const links = a.events.slice(0, MATCH_SCAN_LIMIT);
    const evs = await eventsOf(links.map((l) => l.eventId));
    const hits: number[] = [];
    links.forEach((l, i) => {
      const ev = evs.get(l.eventId);
      if (!ev) return;
      const d = describe(ev);
      const idOk = f.eventIds.length === 0 || f.eventIds.includes(ev.eventId);
      const textOk = allMatch(f.text, [d.title, d.summary, ev.channel, ev.provider, String(ev.eventId), d.family, ...Object.values(ev.fields)]);
      if (idOk && textOk && (f.eventIds.length > 0 || f.text.length > 0)) hits.push(i);
    });
    return hits;
  }

  interface HostAgg {
    host: string;
    attempts: number;
    failures: number;
    first: string | null;
    last: string | null;
  }
  /** attempts per host and outcome from SQL; from the index when the store is not the SQLite one */
  async function attemptAggregates(): Promise<{ hosts: HostAgg[]; outcomes: Map<Outcome, number> }> {
    const errorAttempts = [...findingsByAttempt.entries()].filter(([, fs]) => fs.some((f) => f.severity === 'error' && f.category === 'failure')).map(([id]) => id);
    try {
      const failed = new Set(errorAttempts);
      const hosts = await store.all<HostAgg & { failedOutcome: number }>(
        `SELECT host, count(*) AS attempts, sum(outcome = 'failed-before-logon') AS failedOutcome, min(start) AS first, max("end") AS last
           FROM attempts GROUP BY host ORDER BY host`,
      );
      // attempts failed only through an error finding (outcome not failed-before-logon) are added on top
      const extra = new Map<string, number>();
      if (failed.size) {
        const ids = [...failed];
        for (let i = 0; i < ids.length; i += FETCH_CHUNK) {
          const chunk = ids.slice(i, i + FETCH_CHUNK);
          const r = await store.all<{ host: string; n: number }>(
            `SELECT host, count(*) AS n FROM attempts WHERE outcome <> 'failed-before-logon' AND id IN (${chunk.map(() => '?').join(',')}) GROUP BY host`,
            chunk,
          );
          for (const x of r) extra.set(x.host, (extra.get(x.host) ?? 0) + x.n);
        }
      }
      const outcomes = new Map<Outcome, number>();
      for (const r of await store.all<{ outcome: Outcome; n: number }>(`SELECT outcome, count(*) AS n FROM attempts GROUP BY outcome`)) outcomes.set(r.outcome, r.n);
      return { hosts: hosts.map((h) => ({ host: h.host, attempts: h.attempts, failures: h.failedOutcome + (extra.get(h.host) ?? 0), first: h.first, last: h.last })), outcomes };
    } catch {
      const { rows } = await index();
      const byHost = new Map<string, HostAgg>();
      const outcomes = new Map<Outcome, number>();
      for (const r of rows) {
        const h = byHost.get(r.host) ?? { host: r.host, attempts: 0, failures: 0, first: null, last: null };
        h.attempts++;
        if (r.failed) h.failures++;
        if (h.first === null || r.start < h.first) h.first = r.start;
        if (h.last === null || r.end > h.last) h.last = r.end;
        byHost.set(r.host, h);
        outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
      }
      return { hosts: [...byHost.values()], outcomes };
    }
  }

  async function hostLines(aggs: HostAgg[]): Promise<HostLine[]> {
    const lines: HostLine[] = [];
    for (const host of await store.hosts()) {
      const a = aggs.find((x) => x.host === host);
      lines.push({ host, events: await store.countEvents({ host }), attempts: a?.attempts ?? 0, failures: a?.failures ?? 0, first: a?.first ?? null, last: a?.last ?? null });
    }
    return lines;
  }

  return {
    async overview() {
      const agg = await attemptAggregates();
      const hosts = await hostLines(agg.hosts);
      const byOutcome = agg.outcomes;
      const bySeverity = new Map<Severity, number>();
      for (const f of findings) bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
      const inputs = await store.imports();
      const firsts = hosts.map((h) => h.first).filter((x): x is string => !!x).sort();
      const lasts = hosts.map((h) => h.last).filter((x): x is string => !!x).sort();
      const o: Overview = {
        dbPath: store.path,
        events: await store.countEvents(),
        hosts,
        first: firsts[0] ?? null,
        last: lasts[lasts.length - 1] ?? null,
        attemptsByOutcome: OUTCOME_ORDER.filter((o) => byOutcome.has(o)).map((o) => [o, byOutcome.get(o)!]),
        attempts: [...byOutcome.values()].reduce((n, c) => n + c, 0),
        findingsBySeverity: (['error', 'warning', 'info'] as Severity[]).filter((s) => bySeverity.has(s)).map((s) => [s, bySeverity.get(s)!]),
        topFindings: findings.slice(0, 5),
        coverage: await store.coverage(),
        inputs: inputs.length,
        parseIssues: inputs.reduce((n, i) => n + i.issues, 0),
      };
      index().catch(() => undefined); // prefetch; errors surface when a list asks for it
      return o;
    },

    async attemptPage(filter, sort, offset, limit) {
      const list = await listFor(filter, sort);
      const start = Math.max(0, Math.min(offset, list.length));
      return { offset: start, total: list.length, rows: list.slice(start, start + limit) };
    },

    async attemptPosition(filter, sort, id) {
      return (await listFor(filter, sort)).findIndex((r) => r.id === id);
    },

    async attemptRow(id) {
      return (await index()).rowById.get(id);
    },

    async nextFailed(filter, sort, from, dir) {
      const list = await listFor(filter, sort);
      for (let i = from + dir; i >= 0 && i < list.length; i += dir) if (list[i]!.failed) return i;
      return -1;
    },

    async timelinePage(id, offset, limit, source = 'attempt') {
      const a = await linksOf(id, source);
      if (!a) return { offset: 0, total: 0, rows: [] };
      const start = Math.max(0, Math.min(offset, a.events.length));
      const links = a.events.slice(start, start + limit);
      const evs = await eventsOf(links.map((l) => l.eventId));
      const out: TimelineRow[] = [];
      for (const l of links) {
        const ev = evs.get(l.eventId);
        if (ev) out.push(timelineRow(a, l, ev));
      }
      return { offset: start, total: a.events.length, rows: out };
    },

    async timelineMatches(id, filter, source = 'attempt') {
      // Remembered for the last timeline + filter: moving within a timeline asks again on every key.
      const key = `${source}\u0000${id}\u0000${filter}`;
      if (lastMatches?.key !== key) lastMatches = { key, hits: await findMatches(id, filter, source) };
      return lastMatches.hits;
    },

    async sessionPage(filter, offset, limit) {
      const { rows } = await sessionIndex();
      const f = parseFilter(filter);
      const list = f.empty
        ? rows
        : rows.filter(
            (r) =>
              allMatch(f.host, [r.host]) && allMatch(f.client, [r.client]) && allMatch(f.user, [r.user]) && allMatch(f.outcome, [r.outcome]) &&
              allMatch(f.text, [r.id, r.host, r.client, r.user, r.outcome]) && f.pattern.length === 0 && f.eventIds.length === 0,
          );
      const start = Math.max(0, Math.min(offset, list.length));
      return { offset: start, total: list.length, rows: list.slice(start, start + limit) };
    },

    async sessionRow(id) {
      return (await sessionIndex()).rows.find((r) => r.id === id);
    },

    async event(id) {
      const [ev] = await store.getEvents([id]);
      if (!ev) return undefined;
      return { event: ev, description: describe(ev), raw: renderRaw(ev), evidenceFor: evidence.get(id) ?? [] };
    },

    async findings(filter) {
      const f = parseFilter(filter);
      if (f.empty) return findings;
      return findings.filter(
        (x) =>
          allMatch(f.host, [x.host]) &&
          allMatch(f.client, [x.clientAddress]) &&
          allMatch(f.user, [x.user]) &&
          allMatch(f.pattern, [x.pattern]) &&
          (f.eventIds.length === 0 || f.eventIds.every((id) => x.evidence.some((e) => e.eventCode === id))) &&
          allMatch(f.text, [x.title, x.pattern, x.host, x.clientAddress, x.user, x.severity, x.explanation]),
      );
    },

    async finding(id) {
      return findingById.get(id);
    },

    async locateEvent(eventId, hint) {
      // Hinted attempts (the finding's) first; the fallback scan is bounded.
      const { rows } = await index();
      const candidates = [...hint, ...rows.slice(0, 2000).map((r) => r.id).filter((id) => !hint.includes(id))];
      for (const id of candidates) {
        const a = await attemptById(id);
        const index = a ? a.events.findIndex((l) => l.eventId === eventId) : -1;
        if (index >= 0) return { attemptId: id, index };
      }
      return null;
    },

    evidenceOf(eventId) {
      return evidence.get(eventId) ?? [];
    },
  };
}
