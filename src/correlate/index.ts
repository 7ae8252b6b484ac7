/**
 * Correlation over the case database: for each host, stream its events in time order through the
 * host correlator, then join client and server attempts across hosts, then replace the stored
 * attempts/sessions of each host. Re-running gives identical rows.
 */
import type { Store } from '../store/types.js';
import type { Attempt, Session } from '../model/analysis.js';
import type { StoredEvent } from '../model/event.js';
import { HostCorrelator, COVERAGE_GAP_MS, type CorrelateOptions, type HostCoverage, type HostResult } from './host-correlator.js';
import { joinAcrossHosts, DEFAULT_SKEW_MS } from './cross-host.js';
import { timeMs } from './facts.js';
import { PROVIDER } from '../catalog/index.js';

export { correlateHost, HostCorrelator, coverageIntervals } from './host-correlator.js';
export type { CorrelateOptions, HostCoverage, HostResult } from './host-correlator.js';
export { joinAcrossHosts, DEFAULT_SKEW_MS } from './cross-host.js';

export interface CorrelateStoreOptions extends CorrelateOptions {
  /** clock-skew tolerance for joining client and server attempts (default 2 min) */
  skewMs?: number;
  /** only these hosts (default: every host in the store) */
  hosts?: string[];
  /**
   * Sees every stored event of the case (all providers, each host in time order) during the same read
   * the correlator uses, so a later stage needs no pass of its own.
   */
  onEvent?: (ev: StoredEvent) => void;
}

export interface CorrelateStoreResult {
  attempts: number;
  sessions: number;
  crossHostPairs: number;
  hosts: Array<{ host: string; attempts: number; sessions: number } & HostResult['stats']>;
}

const CORRELATED_PROVIDERS = [PROVIDER.rdpCoreTs, PROVIDER.lsm, PROVIDER.rcm, 'TermService', PROVIDER.security, PROVIDER.rdpClient, PROVIDER.schannel, PROVIDER.termdd, PROVIDER.lsaSrv];
const RDPCORETS = 'microsoft-windows-remotedesktopservices-rdpcorets';
const RCM = 'microsoft-windows-terminalservices-remoteconnectionmanager';
const LSM = 'microsoft-windows-terminalservices-localsessionmanager';

/** Which logs the host has, and when RdpCoreTS was logging (decides what opens a server attempt). */
export async function hostCoverage(store: Store, host: string): Promise<HostCoverage> {
  return (await caseCoverage(store, host)).get(host) ?? { rdpCoreTs: [], hasRcm: false, hasLsm: false };
}

/**
 * hostCoverage for every host (or one) in two scans of the events, not several queries per host.
 * Interval starts are the RdpCoreTS events more than COVERAGE_GAP_MS after the host's previous one.
 */
export async function caseCoverage(store: Store, onlyHost?: string): Promise<Map<string, HostCoverage>> {
  const hostWhere = onlyHost !== undefined ? 'WHERE host = ?' : '';
  const hostParam = onlyHost !== undefined ? [onlyHost] : [];
  const logs = await store.all<{ host: string; rcm: number; lsm: number; last: string | null }>(
    `SELECT host, sum(p = ?) AS rcm, sum(p = ?) AS lsm, max(CASE WHEN p = ? THEN t END) AS last
     FROM (SELECT host, lower(provider) AS p, time_created AS t FROM events ${hostWhere}) GROUP BY host`,
    [RCM, LSM, RDPCORETS, ...hostParam],
  );
  const rows = await store.all<{ host: string; t: string; prev: string | null }>(
    `SELECT host, t, prev FROM (
       SELECT host, time_created AS t, LAG(time_created) OVER (PARTITION BY host ORDER BY time_created) AS prev
       FROM events WHERE lower(provider) = ? ${onlyHost !== undefined ? 'AND host = ?' : ''})
     WHERE prev IS NULL OR (julianday(substr(t, 1, 23)) - julianday(substr(prev, 1, 23))) * 86400000.0 > ?
     ORDER BY host, t`,
    [RDPCORETS, ...hostParam, COVERAGE_GAP_MS],
  );
  const starts = new Map<string, Array<{ start: number; prevEnd: number | null }>>();
  for (const r of rows) {
    const list = starts.get(r.host) ?? [];
    list.push({ start: timeMs(r.t), prevEnd: r.prev ? timeMs(r.prev) : null });
    starts.set(r.host, list);
  }
  const out = new Map<string, HostCoverage>();
  for (const l of logs) {
    out.set(l.host, {
      rdpCoreTs: l.last ? intervalsFromBoundaries(starts.get(l.host) ?? [], timeMs(l.last)) : [],
      hasRcm: l.rcm > 0,
      hasLsm: l.lsm > 0,
    });
  }
  return out;
}

function intervalsFromBoundaries(starts: Array<{ start: number; prevEnd: number | null }>, lastMs: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const s of starts) {
    if (s.prevEnd !== null && out.length) out[out.length - 1]![1] = s.prevEnd;
    out.push([s.start, s.start]);
  }
  if (out.length) out[out.length - 1]![1] = lastMs;
  return out;
}

/**
 * Names that are one machine: a NetBIOS name and the single FQDN whose first label it is (a host
 * that joined a domain logs `DESKTOP-23PS6ES` before and `DESKTOP-23PS6ES.corp.com` after). Two
 * different FQDNs are never merged. Each group is sorted, groups in the order of their first name.
 */
export function hostAliasGroups(hosts: string[]): string[][] {
  const sorted = [...hosts].sort();
  const byLabel = new Map<string, string[]>();
  for (const h of sorted) {
    const label = h.split('.')[0]!.toLowerCase();
    const list = byLabel.get(label) ?? [];
    list.push(h);
    byLabel.set(label, list);
  }
  const groups: string[][] = [];
  for (const list of byLabel.values()) {
    const fqdns = list.filter((h) => h.includes('.'));
    const bare = list.filter((h) => !h.includes('.'));
    if (fqdns.length <= 1) groups.push(list);
    else {
      for (const f of fqdns) groups.push([f]);
      if (bare.length) groups.push(bare);
    }
  }
  return groups.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/** Merges time-ordered event streams (time, then row id). */
async function* mergeByTime(streams: AsyncIterable<StoredEvent>[]): AsyncGenerator<StoredEvent> {
  const its = streams.map((s) => s[Symbol.asyncIterator]());
  const heads = await Promise.all(its.map((it) => it.next()));
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i]!;
      if (h.done) continue;
      const b = best >= 0 ? (heads[best]!.value as StoredEvent) : null;
      if (!b || h.value.time < b.time || (h.value.time === b.time && h.value.id < b.id)) best = i;
    }
    if (best < 0) return;
    yield heads[best]!.value as StoredEvent;
    heads[best] = await its[best]!.next();
  }
}

const CORRELATED = new Set(CORRELATED_PROVIDERS.map((p) => p.toLowerCase()));

function mergeCoverage(list: HostCoverage[]): HostCoverage {
  const ivs = list.flatMap((c) => c.rdpCoreTs).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const iv of ivs) {
    const last = merged[merged.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push([iv[0], iv[1]]);
  }
  return { rdpCoreTs: merged, hasRcm: list.some((c) => c.hasRcm), hasLsm: list.some((c) => c.hasLsm) };
}

/** The correlation of a case before it is stored: per host, its attempts and sessions. */
export interface CaseCorrelation {
  result: CorrelateStoreResult;
  hosts: Array<{ host: string; attempts: Attempt[]; sessions: Session[] }>;
  /** the stamp to store with it (see correlationIsCurrent); null when only some hosts were correlated */
  stamp: string | null;
}

/** Correlates every host (or `opts.hosts`) of the store and joins client and server attempts; stores nothing. */
export async function correlateCase(store: Store, opts: CorrelateStoreOptions = {}): Promise<CaseCorrelation> {
  const hosts = opts.hosts ?? (await store.hosts());
  const stamp = opts.hosts ? null : await eventsStamp(store);
  const perHost = new Map<string, { attempts: Attempt[]; sessions: Session[]; stats: HostResult['stats'] }>();
  const coverageOf = await caseCoverage(store);
  const none: HostCoverage = { rdpCoreTs: [], hasRcm: false, hasLsm: false };
  for (const group of hostAliasGroups(hosts)) {
    const coverage = mergeCoverage(group.map((h) => coverageOf.get(h) ?? none));
    // only the providers the correlator reads (real Security/System logs are mostly other events),
    // unless someone else watches the whole stream
    const watch = opts.onEvent;
    const query = (host: string) => ({ host, providers: watch ? undefined : CORRELATED_PROVIDERS, pageSize: 10_000 });
    const c = new HostCorrelator(group[0]!, coverage, opts);
    const push = (ev: StoredEvent) => {
      if (!watch) c.push(ev);
      else {
        watch(ev);
        if (CORRELATED.has(ev.provider.toLowerCase())) c.push(ev);
      }
    };
    if (group.length === 1) {
      // a page at a time: no asynchronous step per event
      for await (const page of store.streamEventPages(query(group[0]!))) for (const ev of page) push(ev);
    } else {
      for await (const ev of mergeByTime(group.map((host) => store.streamEvents(query(host))))) push(ev);
    }
    const r = c.finish();
    for (const host of group) {
      perHost.set(host, {
        attempts: r.attempts.filter((a) => a.host === host),
        sessions: r.sessions.filter((s) => s.host === host),
        // counts are per group: attributed to its first name
        stats: host === group[0] ? r.stats : { events: 0, relevant: 0, linked: 0, unlinked: 0, peakState: 0 },
      });
    }
  }
  const all = [...perHost.values()].flatMap((r) => r.attempts);
  const crossHostPairs = joinAcrossHosts(all, opts.skewMs ?? DEFAULT_SKEW_MS);
  const result: CorrelateStoreResult = { attempts: 0, sessions: 0, crossHostPairs, hosts: [] };
  for (const [host, r] of perHost) {
    result.attempts += r.attempts.length;
    result.sessions += r.sessions.length;
    result.hosts.push({ host, attempts: r.attempts.length, sessions: r.sessions.length, ...r.stats });
  }
  return { result, hosts: [...perHost].map(([host, r]) => ({ host, attempts: r.attempts, sessions: r.sessions })), stamp };
}

/**
 * Replaces the stored attempts and sessions of the correlated hosts, in one transaction that SQLite
 * runs on its own thread (the caller may go on working before awaiting it).
 */
export function storeCorrelation(store: Store, c: CaseCorrelation): Promise<void> {
  return store.replaceCorrelations(c.hosts, c.stamp !== null ? { [STAMP_KEY]: c.stamp } : {});
}

export async function correlateStore(store: Store, opts: CorrelateStoreOptions = {}): Promise<CorrelateStoreResult> {
  const c = await correlateCase(store, opts);
  await storeCorrelation(store, c);
  return c.result;
}

const STAMP_KEY = 'correlation.events';

/** What the stored correlation was computed from: the event count and the last import. */
async function eventsStamp(store: Store): Promise<string> {
  const r = await store.get<{ n: number; last: number | null }>('SELECT (SELECT count(*) FROM events) AS n, (SELECT max(id) FROM events) AS last');
  return `${r?.n ?? 0}:${r?.last ?? 0}`;
}

/** True when attempts/sessions were computed from exactly the events now stored. */
export async function correlationIsCurrent(store: Store): Promise<boolean> {
  const row = await store.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [STAMP_KEY]);
  return row !== undefined && row.value === (await eventsStamp(store));
}

