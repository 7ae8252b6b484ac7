/**
 * The report model: everything an incident report shows, read from the case database once.
 * Every output format (Markdown, HTML, JSON, CSV, ECS NDJSON) is a pure function of this model,
 * so two formats of the same report can never disagree.
 *
 * The `document` part is exactly what `analyze --json` prints (buildAnalysisDocument); the report
 * adds a summary, ranked causes and per-attempt timelines on top of it.
 */
import type { Store } from '../store/types.js';
import type { StoredEvent } from '../model/event.js';
import type { AnalysisDocument, Attempt, Finding, JoinKey, Severity, StageId } from '../model/analysis.js';
import { fmtTime, pct } from './labels.js';
import { describeEvent } from '../catalog/describe.js';
import { buildAnalysisDocument, byString, type ReportFilter } from './document.js';

export { buildAnalysisDocument, findingMatches, rankFindings, type ReportFilter } from './document.js';

export const REPORT_SCHEMA_VERSION = 1;

/** The part of an event description the report needs (the catalog's describeEvent returns more). */
export interface EventDescription {
  title: string;
  summary: string;
}
export type EventDescriber = (ev: StoredEvent) => EventDescription;

export interface ReportOptions {
  filter?: ReportFilter;
  /** only stored in the model when given: keeps reports byte-identical otherwise */
  generatedAt?: string;
  /** decodes one event into a title and a one-line meaning (default: the catalog's describeEvent) */
  describe?: EventDescriber;
  /** at most this many attempt timelines (most relevant first); 0 = no limit */
  maxTimelines?: number;
}

export interface TimelineEvent {
  eventId: number;
  time: string;
  host: string;
  channel: string;
  provider: string;
  eventCode: number;
  recordId: number | null;
  activityId: string | null;
  stage: StageId | null;
  joinKey: JoinKey;
  confidence: number;
  title: string;
  meaning: string;
  /** ids of the findings that cite this event as evidence */
  evidenceFor: string[];
}

export interface AttemptTimeline {
  attemptId: string;
  host: string;
  side: Attempt['side'];
  clientAddress: string | null;
  clientPort: number | null;
  target: string | null;
  user: string | null;
  start: string;
  end: string;
  stage: StageId;
  outcome: Attempt['outcome'];
  disconnect: Attempt['disconnect'];
  /** the same connection seen from the other side, and how the two were matched */
  peerAttemptId: string | null;
  peerJoin: string | null;
  /** findings that name this attempt */
  findingIds: string[];
  events: TimelineEvent[];
}

export interface RankedCause {
  rank: number;
  findingId: string;
  anchor: string;
  pattern: string;
  title: string;
  severity: Severity;
  confidence: number;
  count: number;
  host: string;
  clientAddress: string | null;
  user: string | null;
  firstSeen: string;
  lastSeen: string;
  /** one plain-text paragraph: what, where, how often, how sure, what to do first */
  paragraph: string;
}

export interface ReportSummary {
  /** servers connected to (all hosts when there is no attempt) */
  hosts: string[];
  /** connections: an attempt seen on both client and server counts once */
  attempts: number;
  failedAttempts: number;
  clients: string[];
  users: string[];
  firstFailure: string | null;
  lastFailure: string | null;
  /** one sentence: what failed, for whom, since when */
  headline: string;
  causes: RankedCause[];
}

export interface ReportModel {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  filter: ReportFilter;
  document: AnalysisDocument;
  summary: ReportSummary;
  /** finding id → HTML/Markdown anchor (stable, unique) */
  anchors: Record<string, string>;
  timelines: AttemptTimeline[];
  /** failing attempts left out because of maxTimelines */
  timelinesOmitted: number;
}

export const STAGES: readonly { id: StageId; name: string }[] = [
  { id: 'S0', name: 'Listener' },
  { id: 'S1', name: 'TCP accepted' },
  { id: 'S2', name: 'Security negotiation' },
  { id: 'S3', name: 'TLS handshake' },
  { id: 'S4', name: 'CredSSP / NLA' },
  { id: 'S5', name: 'MCS / licensing' },
  { id: 'S6', name: 'Winlogon logon' },
  { id: 'S7', name: 'Session start' },
  { id: 'S8', name: 'UDP transport' },
  { id: 'S9', name: 'Disconnect' },
  { id: 'S10', name: 'Reconnect' },
  { id: 'S11', name: 'Logoff' },
];

export function stageName(id: StageId | null): string {
  if (id === null) return 'unstaged';
  return STAGES.find((s) => s.id === id)?.name ?? id;
}

const DEFAULT_MAX_TIMELINES = 100;

/** Used when no catalog description is available: provider, id and the rendered message if any. */
export function plainDescription(ev: StoredEvent): EventDescription {
  const title = `${ev.provider.replace(/^Microsoft-Windows-/, '')} ${ev.eventId}`;
  const message = ev.message?.split(/\r?\n/).find((l) => l.trim() !== '')?.trim();
  return { title, summary: message ? `${title} — ${message}` : title };
}

/** Stable, unique, URL-safe anchors: "finding-<pattern>-<host>-<n>" style slugs of the finding id. */
export function findingAnchors(findings: Finding[]): Record<string, string> {
  const used = new Set<string>();
  const out: Record<string, string> = {};
  for (const f of findings) {
    const base = `finding-${slug(f.id) || 'x'}`.slice(0, 80).replace(/-+$/, '');
    let anchor = base;
    for (let n = 2; used.has(anchor); n++) anchor = `${base}-${n}`;
    used.add(anchor);
    out[f.id] = anchor;
  }
  return out;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Attempts that deserve a timeline: failed ones and any a failure finding names (e.g. a drop after logon). */
function failingAttempts(doc: AnalysisDocument): Omit<Attempt, 'events'>[] {
  const named = new Set<string>();
  for (const f of doc.findings) if (f.category === 'failure') f.attemptIds.forEach((id) => named.add(id));
  return doc.attempts.filter((a) => a.outcome === 'failed-before-logon' || named.has(a.id));
}

function causeParagraph(f: Finding): string {
  const who = [f.user ? `user ${f.user}` : null, f.clientAddress ? `client ${f.clientAddress}` : null].filter(Boolean).join(', ');
  const span = f.firstSeen === f.lastSeen ? `at ${fmtTime(f.firstSeen)}` : `from ${fmtTime(f.firstSeen)} to ${fmtTime(f.lastSeen)}`;
  const first = firstSentence(f.explanation);
  const step = f.remedy.find((r) => !r.weakensSecurity) ?? f.remedy[0];
  const parts = [
    `On ${f.host}${who ? ` (${who})` : ''}: seen ${f.count} time${f.count === 1 ? '' : 's'} ${span}, confidence ${pct(f.confidence)}.`,
    first,
    step ? `First step: ${step.text}${step.weakensSecurity ? ' (lowers security; use only to test)' : ''}` : '',
  ];
  return parts.filter((p) => p !== '').join(' ');
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const m = /^(.{20,}?[.!?])(\s|$)/.exec(flat);
  const sentence = m ? m[1] : flat;
  return sentence.length > 600 ? `${sentence.slice(0, 599)}…` : sentence;
}

/** "a, b, c" or "a, b, c, d, e and 245 more": a headline stays one readable sentence. */
function someOf(list: string[], max = 5): string {
  return list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')} and ${list.length - max} more`;
}

function headline(s: Omit<ReportSummary, 'headline' | 'causes'>): string {
  const where = s.hosts.length === 0 ? 'no host' : someOf(s.hosts);
  if (s.attempts === 0) return `No connection attempts were found for ${where}.`;
  if (s.failedAttempts === 0) return `${s.attempts} connection attempt${s.attempts === 1 ? '' : 's'} to ${where}; none failed before logon.`;
  const whom = [
    s.users.length ? `user${s.users.length === 1 ? '' : 's'} ${someOf(s.users)}` : null,
    s.clients.length ? `client${s.clients.length === 1 ? '' : 's'} ${someOf(s.clients)}` : null,
  ].filter(Boolean).join(' from ');
  const when = s.firstFailure === s.lastFailure ? `at ${fmtTime(s.firstFailure)}` : `between ${fmtTime(s.firstFailure)} and ${fmtTime(s.lastFailure)}`;
  return `${s.failedAttempts} of ${s.attempts} connection attempts to ${where} failed before logon${whom ? ` for ${whom}` : ''}, ${when}.`;
}

function summarize(doc: AnalysisDocument, anchors: Record<string, string>): ReportSummary {
  // A connection seen from both sides (client attempt joined to its server attempt) counts once,
  // from the server's side; a client attempt without a server match counts on its own.
  const present = new Set(doc.attempts.map((a) => a.id));
  const connections = doc.attempts.filter((a) => !(a.side === 'client' && a.peerAttemptId !== null && present.has(a.peerAttemptId)));
  const failed = connections.filter((a) => a.outcome === 'failed-before-logon');
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null && x !== ''))].sort(byString);
  const server = (a: Omit<Attempt, 'events'>) => (a.side === 'server' ? a.host : a.target ?? a.host);
  const client = (a: Omit<Attempt, 'events'>) => (a.side === 'server' ? a.clientAddress : a.host);
  const base = {
    hosts: connections.length ? uniq(connections.map(server)) : doc.hosts.map((h) => h.host),
    attempts: connections.length,
    failedAttempts: failed.length,
    clients: uniq(failed.map(client)),
    users: uniq(failed.map((a) => a.user)),
    firstFailure: failed.length ? failed.map((a) => a.start).sort(byString)[0] : null,
    lastFailure: failed.length ? failed.map((a) => a.end).sort(byString)[failed.length - 1] : null,
  };
  const causes = doc.findings
    .filter((f) => f.category === 'failure')
    .map((f, i): RankedCause => ({
      rank: i + 1,
      findingId: f.id,
      anchor: anchors[f.id],
      pattern: f.pattern,
      title: f.title,
      severity: f.severity,
      confidence: f.confidence,
      count: f.count,
      host: f.host,
      clientAddress: f.clientAddress,
      user: f.user,
      firstSeen: f.firstSeen,
      lastSeen: f.lastSeen,
      paragraph: causeParagraph(f),
    }));
  return { ...base, headline: headline(base), causes };
}

async function buildTimeline(
  store: Store,
  attempt: Omit<Attempt, 'events'>,
  doc: AnalysisDocument,
  evidenceFor: Map<number, string[]>,
  describe: EventDescriber,
): Promise<AttemptTimeline> {
  const full = await store.attempt(attempt.id);
  const links = full?.events ?? [];
  const events = await store.getEvents(links.map((l) => l.eventId));
  const byId = new Map(events.map((e) => [e.id, e]));
  const rows: TimelineEvent[] = [];
  for (const link of links) {
    const ev = byId.get(link.eventId);
    if (!ev) continue; // link to an event outside the store (should not happen); nothing to show
    const d = describe(ev);
    rows.push({
      eventId: ev.id,
      time: ev.time,
      host: ev.host,
      channel: ev.channel,
      provider: ev.provider,
      eventCode: ev.eventId,
      recordId: ev.recordId,
      activityId: ev.activityId,
      stage: link.stage,
      joinKey: link.joinKey,
      confidence: link.confidence,
      title: d.title,
      meaning: d.summary,
      evidenceFor: evidenceFor.get(ev.id) ?? [],
    });
  }
  rows.sort((a, b) => byString(a.time, b.time) || byString(a.host, b.host) || byString(a.channel, b.channel) || (a.recordId ?? -1) - (b.recordId ?? -1) || a.eventId - b.eventId);
  return {
    attemptId: attempt.id,
    host: attempt.host,
    side: attempt.side,
    clientAddress: attempt.clientAddress,
    clientPort: attempt.clientPort,
    target: attempt.target,
    user: attempt.user,
    start: attempt.start,
    end: attempt.end,
    stage: attempt.stage,
    outcome: attempt.outcome,
    disconnect: attempt.disconnect,
    peerAttemptId: attempt.peerAttemptId,
    peerJoin: attempt.peerJoin,
    findingIds: doc.findings.filter((f) => f.attemptIds.includes(attempt.id)).map((f) => f.id),
    events: rows,
  };
}

/** Attempts named by findings come first (in finding rank order), then the other failures by time. */
function timelineOrder(doc: AnalysisDocument): Omit<Attempt, 'events'>[] {
  const failing = failingAttempts(doc);
  const rank = new Map<string, number>();
  doc.findings.forEach((f, i) => f.attemptIds.forEach((id) => { if (!rank.has(id)) rank.set(id, i); }));
  return [...failing].sort(
    (a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity) || byString(a.start, b.start) || byString(a.id, b.id),
  );
}

export async function buildReportModel(store: Store, opts: ReportOptions = {}): Promise<ReportModel> {
  const filter = opts.filter ?? {};
  const doc = await buildAnalysisDocument(store, filter, opts.generatedAt);
  const anchors = findingAnchors(doc.findings);
  const evidenceFor = new Map<number, string[]>();
  for (const f of doc.findings) {
    for (const e of f.evidence) {
      const list = evidenceFor.get(e.eventId) ?? [];
      if (!list.includes(f.id)) list.push(f.id);
      evidenceFor.set(e.eventId, list);
    }
  }
  const ordered = timelineOrder(doc);
  const max = opts.maxTimelines ?? DEFAULT_MAX_TIMELINES;
  const chosen = max > 0 ? ordered.slice(0, max) : ordered;
  const describe = opts.describe ?? describeEvent;
  const timelines: AttemptTimeline[] = [];
  for (const a of chosen) timelines.push(await buildTimeline(store, a, doc, evidenceFor, describe));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    filter,
    document: doc,
    summary: summarize(doc, anchors),
    anchors,
    timelines,
    timelinesOmitted: ordered.length - chosen.length,
  };
}
