/**
 * The document `rdplens analyze --json` prints, read from the case database and narrowed by a filter.
 * It is the shared base of every report (src/report/model.ts adds summary and timelines on top), so
 * `analyze --json` and `report --format json` can never disagree about the same database.
 */
import type { Store } from '../store/types.js';
import type { AnalysisDocument, Attempt, CoverageNote, Finding, HostSummary, InputSummary, Session, Severity } from '../model/analysis.js';
import { VERSION } from '../version.js';

/** What the admin narrowed the report to; every field optional. Times are normalised store times. */
export interface ReportFilter {
  host?: string;
  client?: string;
  since?: string;
  until?: string;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sameText(a: string | null | undefined, b: string | undefined): boolean {
  return b === undefined || (a ?? '').toLowerCase() === b.toLowerCase();
}

/** Do [first, last] and the filter's [since, until] overlap? (store times sort as strings) */
function inWindow(first: string, last: string, f: ReportFilter): boolean {
  if (f.since !== undefined && last < f.since) return false;
  if (f.until !== undefined && first > f.until) return false;
  return true;
}

export function findingMatches(finding: Finding, f: ReportFilter, attemptIds: Set<string>): boolean {
  if (!sameText(finding.host, f.host)) return false;
  if (f.client !== undefined && !sameText(finding.clientAddress, f.client) && !finding.attemptIds.some((id) => attemptIds.has(id))) {
    return false;
  }
  return inWindow(finding.firstSeen, finding.lastSeen, f);
}

/** Causes first (failures), most severe, most certain, most frequent; ties broken by time and id. */
export function rankFindings(findings: Finding[]): Finding[] {
  const categoryRank = { failure: 0, security: 1, noise: 2, normal: 3 } as const;
  return [...findings].sort(
    (a, b) =>
      categoryRank[a.category] - categoryRank[b.category] ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      b.confidence - a.confidence ||
      b.count - a.count ||
      byString(a.firstSeen, b.firstSeen) ||
      byString(a.id, b.id),
  );
}

async function hostSummaries(store: Store, hosts: string[], attempts: Omit<Attempt, 'events'>[]): Promise<HostSummary[]> {
  // Aggregates run inside SQLite (indexed on host, time): no event is loaded into memory.
  const counts = await store.all<{ host: string; n: number; first: string | null; last: string | null }>(
    'SELECT host, count(*) AS n, min(time_created) AS first, max(time_created) AS last FROM events GROUP BY host',
  );
  const channels = await store.all<{ host: string; channel: string }>('SELECT DISTINCT host, channel FROM events');
  const byHost = new Map(counts.map((c) => [c.host, c]));
  const attemptsOf = new Map<string, Omit<Attempt, 'events'>[]>();
  for (const a of attempts) (attemptsOf.get(a.host) ?? attemptsOf.set(a.host, []).get(a.host)!).push(a);
  const channelsOf = new Map<string, string[]>();
  for (const r of channels) (channelsOf.get(r.host) ?? channelsOf.set(r.host, []).get(r.host)!).push(r.channel);
  return hosts.map((host) => {
    const c = byHost.get(host);
    const mine = attemptsOf.get(host) ?? [];
    return {
      host,
      events: c?.n ?? 0,
      firstEvent: c?.first ?? null,
      lastEvent: c?.last ?? null,
      channels: [...(channelsOf.get(host) ?? [])].sort(byString),
      attempts: mine.length,
      failures: mine.filter((a) => a.outcome === 'failed-before-logon').length,
    };
  });
}

/**
 * What the caller has just computed and stored (analyze): the same rows the store would give back,
 * so they need not be read again. Must be exactly what was stored.
 */
export interface KnownAnalysis {
  attempts: readonly Attempt[];
  sessions: readonly Session[];
  findings: readonly Finding[];
  coverage: readonly CoverageNote[];
}

/** The store keeps one coverage note per host and kind, the last one written. */
function oneNotePerKind(notes: readonly CoverageNote[]): CoverageNote[] {
  const byKey = new Map<string, CoverageNote>();
  for (const n of notes) byKey.set(`${n.host}\u0000${n.kind}`, { host: n.host, kind: n.kind, message: n.message });
  return [...byKey.values()];
}

function withoutEvents<T extends { events: unknown }>(x: T): Omit<T, 'events'> {
  const { events: _events, ...rest } = x;
  return rest;
}

/**
 * The document `analyze --json` prints, narrowed by the filter. A pure read of the store: running it
 * twice on the same database gives equal documents.
 */
export async function buildAnalysisDocument(
  store: Store,
  filter: ReportFilter = {},
  generatedAt?: string,
  known?: KnownAnalysis,
): Promise<AnalysisDocument> {
  // The client filter is applied here, not in SQL: it also matches the target of client-side attempts.
  const attemptsFull = known ? known.attempts : await store.attempts({ host: filter.host, since: filter.since, until: filter.until, links: false });
  const attempts = attemptsFull
    .filter((a) => sameText(a.host, filter.host) && (filter.client === undefined || sameText(a.clientAddress, filter.client) || sameText(a.target, filter.client)))
    .filter((a) => inWindow(a.start, a.end, filter))
    .map(withoutEvents)
    .sort((a, b) => byString(a.start, b.start) || byString(a.host, b.host) || byString(a.id, b.id));
  const attemptIds = new Set(attempts.map((a) => a.id));

  const sessions = (known ? known.sessions : await store.sessions(filter.host ? { host: filter.host, links: false } : { links: false }))
    .filter((s) => sameText(s.host, filter.host))
    .filter((s) => filter.client === undefined || sameText(s.clientAddress, filter.client) || s.attemptIds.some((id) => attemptIds.has(id)))
    .filter((s) => inWindow(s.start, s.end ?? '9999', filter))
    .map(withoutEvents)
    .sort((a, b) => byString(a.start, b.start) || byString(a.host, b.host) || byString(a.id, b.id));

  const findings = rankFindings((known ? known.findings : await store.findings()).filter((f) => findingMatches(f, filter, attemptIds)));
  const coverage = (known ? oneNotePerKind(known.coverage) : await store.coverage())
    .filter((c) => sameText(c.host, filter.host))
    .sort((a, b) => byString(a.host, b.host) || byString(a.kind, b.kind) || byString(a.message, b.message));

  const allHosts = (await store.hosts()).filter((h) => sameText(h, filter.host)).sort(byString);
  const hosts = await hostSummaries(store, allHosts, attempts);

  const inputs: InputSummary[] = [...(await store.imports())].sort(
    (a, b) => byString(a.path, b.path) || byString(a.sha256, b.sha256),
  );
  const issues = [...(await store.issues())].sort(
    (a, b) => byString(a.file, b.file) || (a.offset ?? -1) - (b.offset ?? -1) || (a.line ?? -1) - (b.line ?? -1) || byString(a.kind, b.kind) || byString(a.message, b.message),
  );

  // Key order is part of the output format; generatedAt only appears when asked for.
  return {
    tool: 'rdplens',
    version: VERSION,
    ...(generatedAt !== undefined ? { generatedAt } : {}),
    inputs, hosts, attempts, sessions, findings, issues, coverage,
  };
}
