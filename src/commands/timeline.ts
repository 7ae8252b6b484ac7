/**
 * `rdplens timeline`: the correlated connection attempts of a case database, and one attempt's
 * ordered timeline with the key that joined each event and how sure that join is.
 */
import { existsSync } from 'node:fs';
import type { RegisterCommand } from './types.js';
import type { CliIO } from '../util/io.js';
import { UserError, EXIT } from '../util/io.js';
import { termSafe } from '../util/sanitize.js';
import { openStore } from '../store/sqlite-store.js';
import type { Store } from '../store/types.js';
import type { Attempt, AttemptEventLink, Session } from '../model/analysis.js';
import type { StoredEvent } from '../model/event.js';
import { correlateStore, correlationIsCurrent } from '../correlate/index.js';
import { normalizeAddress } from '../normalize/address.js';
import { defaultCatalog, type CatalogPort } from '../correlate/catalog-port.js';
import { timeMs } from '../correlate/facts.js';
import { DEFAULT_DB, resolveDb } from './ingest.js';

export interface TimelineOptions {
  db: string;
  host?: string;
  client?: string;
  user?: string;
  since?: string;
  until?: string;
  attempt?: string;
  json?: boolean;
  recorrelate?: boolean;
}

export const registerTimeline: RegisterCommand = (program, io, setExit) => {
  program
    .command('timeline')
    .description('list connection attempts (stage reached, outcome, disconnect reason) or one attempt\'s timeline')
    .option('--db <file>', 'case database', DEFAULT_DB)
    .option('--host <name>', 'only attempts logged by this host')
    .option('--client <ip>', 'only attempts from this client address (server side) or to this server (client side)')
    .option('--user <name>', 'only attempts of this user (DOMAIN\\user or user)')
    .option('--since <time>', 'only attempts still running at or after this time (ISO 8601, UTC unless an offset is given)')
    .option('--until <time>', 'only attempts started at or before this time')
    .option('--attempt <id>', 'show the ordered timeline of one attempt')
    .option('--recorrelate', 'rebuild attempts and sessions even if the stored ones are current')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  rdplens timeline --db case.db
  rdplens timeline --host RDSH01 --client 10.0.2.17 --since 2024-03-04T10:00
  rdplens timeline --attempt RDSH01/s/845
  rdplens timeline --user CORP\\alice --json`,
    )
    .action(async (o: TimelineOptions) => {
      setExit(await runTimeline(o, io));
    });
};

/** Accepts ISO 8601 (date, date+time, with or without zone) and returns the stored UTC form. */
export function parseTimeArg(name: string, v: string): string {
  const t = v.trim();
  const withZone = /(?:z|[+-]\d\d:?\d\d)$/i.test(t) || /^\d{4}-\d{2}-\d{2}$/.test(t) ? t : `${t}Z`;
  const ms = Date.parse(withZone.replace(' ', 'T'));
  if (!/^\d{4}-\d{2}-\d{2}/.test(t) || Number.isNaN(ms)) throw new UserError(`--${name}: not a date/time: ${termSafe(v)} (use e.g. 2024-03-04T10:00:00Z)`);
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

export async function runTimeline(o: TimelineOptions, io: CliIO, catalog: CatalogPort = defaultCatalog): Promise<number> {
  const dbPath = resolveDb(o.db ?? DEFAULT_DB, io.cwd);
  if (dbPath !== ':memory:' && !existsSync(dbPath)) throw new UserError(`no case database at ${termSafe(o.db)} (run rdplens ingest first)`);
  const since = o.since !== undefined ? parseTimeArg('since', o.since) : undefined;
  const until = o.until !== undefined ? parseTimeArg('until', o.until) : undefined;
  const store = await openStore(dbPath);
  try {
    // events ingested since the last correlation (or never correlated): rebuild first
    if (o.recorrelate || !(await correlationIsCurrent(store))) await correlateStore(store);
    if (o.attempt !== undefined) {
      const a = await store.attempt(o.attempt);
      if (!a) throw new UserError(`no attempt with id ${termSafe(o.attempt)} (rdplens timeline lists them)`);
      const rows = await attemptTimeline(store, a, catalog);
      const sessions = (await store.sessions({ host: a.host })).filter((s) => s.attemptIds.includes(a.id)).map(({ events: _e, ...s }) => s);
      if (o.json) io.stdout.write(`${JSON.stringify({ attempt: withoutEvents(a), sessions, timeline: rows }, null, 2)}\n`);
      else io.stdout.write(formatAttemptTimeline(a, rows, sessions));
      return EXIT.ok;
    }
    // `10.0.2.17:57064`, `[::ffff:10.0.2.17]` … select the same stored address
    const client = o.client !== undefined ? (normalizeAddress(o.client).display ?? o.client.trim()) : undefined;
    // `--host RDSH01` also selects RDSH01.corp.example (logs name machines either way)
    const hosts = o.host === undefined ? [undefined] : matchHosts(await store.hosts(), o.host);
    const attempts = (await Promise.all(hosts.map((host) => store.attempts({ host, client, user: o.user, since, until }))))
      .flat()
      .sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    const filtered = o.user !== undefined && o.user.includes('\\') ? attempts.filter((a) => a.user?.toLowerCase() === o.user!.toLowerCase()) : attempts;
    if (o.json) io.stdout.write(`${JSON.stringify({ attempts: filtered.map(withoutEvents) }, null, 2)}\n`);
    else io.stdout.write(formatAttemptList(filtered));
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

/** Hosts named `name`, or whose first DNS label is `name` when none is named exactly (case-insensitive). */
export function matchHosts(hosts: string[], name: string): string[] {
  const n = name.trim().toLowerCase();
  const exact = hosts.filter((h) => h.toLowerCase() === n);
  if (exact.length) return exact;
  const byLabel = hosts.filter((h) => h.split('.')[0]!.toLowerCase() === n);
  return byLabel.length ? byLabel : [name];
}

export interface TimelineRow {
  time: string;
  /** milliseconds after the attempt's start */
  offsetMs: number;
  stage: string | null;
  host: string;
  channel: string;
  provider: string;
  eventId: number;
  recordId: number | null;
  summary: string;
  joinKey: string;
  confidence: number;
  rowId: number;
}

export async function attemptTimeline(store: Store, a: Attempt, catalog: CatalogPort): Promise<TimelineRow[]> {
  const events = await store.getEvents(a.events.map((l) => l.eventId));
  const byId = new Map<number, StoredEvent>(events.map((e) => [e.id, e]));
  const t0 = timeMs(a.start);
  const rows: TimelineRow[] = [];
  for (const l of a.events) {
    const e = byId.get(l.eventId);
    if (!e) continue;
    rows.push(row(e, l, t0, catalog));
  }
  return rows.sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : x.rowId - y.rowId));
}

function row(e: StoredEvent, l: AttemptEventLink, t0: number, catalog: CatalogPort): TimelineRow {
  return {
    time: e.time, offsetMs: timeMs(e.time) - t0, stage: l.stage, host: e.host, channel: e.channel, provider: e.provider,
    eventId: e.eventId, recordId: e.recordId, summary: catalog.describeEvent(e), joinKey: l.joinKey, confidence: l.confidence, rowId: e.id,
  };
}

function withoutEvents(a: Attempt): Omit<Attempt, 'events'> & { eventCount: number } {
  const { events, ...rest } = a;
  return { ...rest, eventCount: events.length };
}

function shortTime(t: string): string {
  return t.replace('T', ' ').slice(0, 23);
}

function disconnectText(a: Attempt): string {
  const d = a.disconnect;
  if (!d) return '-';
  // mstsc and MS-RDPBCGR quote these in hex; LSM 40 and RdpCoreTS 103 log small decimals
  const code = d.table === 'lsm40' || d.table === 'rdpcorets103' ? String(d.code) : `0x${d.code.toString(16).toUpperCase()}`;
  return `${d.table} ${code} ${d.name}`;
}

const MAX_CELL = 40;

function cut(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function formatAttemptList(attempts: Attempt[]): string {
  if (!attempts.length) return 'No connection attempts match.\n';
  const head = ['START (UTC)', 'HOST', 'SIDE', 'CLIENT / TARGET', 'USER', 'STAGE', 'OUTCOME', 'DISCONNECT', 'ID'];
  const rows = attempts.map((a) => [
    shortTime(a.start),
    a.host,
    a.side,
    a.side === 'client' ? (a.target ?? a.clientAddress ?? '-') : a.clientAddress ? (a.clientPort ? `${a.clientAddress.includes(':') ? `[${a.clientAddress}]` : a.clientAddress}:${a.clientPort}` : a.clientAddress) : '-',
    a.user ?? '-',
    a.stage,
    a.outcome + (a.peerAttemptId ? ' ⇄' : ''),
    disconnectText(a),
    a.id,
  ].map((c) => termSafe(c)));
  const widths = head.map((h, i) => Math.min(MAX_CELL, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  // the id (last column) is what --attempt takes: never cut; other cells are cut to keep columns aligned
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : pad(cut(c, widths[i]!), widths[i]!))).join('  ').trimEnd();
  const counts = new Map<string, number>();
  for (const a of attempts) counts.set(a.outcome, (counts.get(a.outcome) ?? 0) + 1);
  const summary = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([k, v]) => `${v} ${k}`).join(', ');
  return `${[line(head), ...rows.map(line)].join('\n')}\n\n${attempts.length} attempt(s): ${summary}\n`;
}

export function formatAttemptTimeline(a: Attempt, rows: TimelineRow[], sessions: Array<Omit<Session, 'events'>> = []): string {
  const out: string[] = [];
  out.push(`Attempt ${termSafe(a.id)} (${a.side} side, host ${termSafe(a.host)})`);
  if (a.side === 'client') out.push(`  target      ${termSafe(a.target ?? '-')}${a.clientAddress ? ` (${termSafe(a.clientAddress)})` : ''}`);
  else out.push(`  client      ${termSafe(a.clientAddress ?? '-')}${a.clientPort ? ` port ${a.clientPort}` : ''}`);
  out.push(`  user        ${termSafe(a.user ?? '-')}`);
  out.push(`  time        ${shortTime(a.start)} → ${shortTime(a.end)} UTC`);
  out.push(`  reached     ${a.stage}; outcome ${a.outcome}`);
  out.push(`  disconnect  ${termSafe(disconnectText(a))}${a.disconnect?.description ? ` — ${termSafe(a.disconnect.description)}` : ''}`);
  const keys = [a.connectionName && `connection ${a.connectionName}`, a.sessionId !== null && `session ${a.sessionId}`, a.logonId && `logon id ${a.logonId}`, a.activityId && `activity ${a.activityId}`].filter(Boolean);
  if (keys.length) out.push(`  keys        ${termSafe(keys.join(', '))}`);
  if (a.peerAttemptId) out.push(`  other side  ${termSafe(a.peerAttemptId)} (${termSafe(a.peerJoin ?? '')})`);
  for (const s of sessions) {
    const span = `${shortTime(s.start)} → ${s.end ? shortTime(s.end) : 'end of logs'}`;
    out.push(`  session     ${termSafe(s.id)}: ${termSafe(s.user ?? '-')}, session ${s.sessionId ?? '-'}, ${span}, ${s.reconnects} reconnect(s), ${s.disconnects} disconnect(s), ${s.outcome}; attempts ${termSafe(s.attemptIds.join(', '))}`);
  }
  out.push('');
  out.push(`  ${pad('+TIME', 10)}  ${pad('STAGE', 5)}  ${pad('EVENT', 22)}  ${pad('JOINED BY', 18)}  CONF  SUMMARY`);
  for (const r of rows) {
    const ev = `${shortChannel(r.channel, r.provider)} ${r.eventId}`;
    out.push(`  ${pad(offset(r.offsetMs), 10)}  ${pad(r.stage ?? '-', 5)}  ${pad(termSafe(ev), 22)}  ${pad(r.joinKey, 18)}  ${r.confidence.toFixed(2)}  ${termSafe(r.summary)}`);
  }
  return `${out.join('\n')}\n`;
}

function offset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const s = Math.abs(ms) / 1000;
  if (s < 1000) return `${sign}${s.toFixed(3)}s`;
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = Math.floor(s % 60);
  return `${sign}${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}

function shortChannel(channel: string, provider: string): string {
  const p = provider.toLowerCase();
  if (p.endsWith('rdpcorets')) return 'RdpCoreTS';
  if (p.endsWith('localsessionmanager')) return 'LSM';
  if (p.endsWith('remoteconnectionmanager')) return 'RCM';
  if (p.endsWith('clientactivexcore')) return 'RDPClient';
  if (p === 'microsoft-windows-security-auditing') return 'Security';
  if (channel === 'System') return provider;
  return provider.replace(/^Microsoft-Windows-/, '');
}
