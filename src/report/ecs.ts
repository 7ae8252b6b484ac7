/**
 * ECS NDJSON: one JSON object per line, per event of the timelines (and per evidence event) and per
 * finding, named after the Elastic Common Schema so the lines can be shipped into Elasticsearch,
 * OpenSearch or Splunk as they are. Findings are `event.kind: "alert"` with `rule.*`; rdplens-specific
 * values live under `rdplens.*` (custom fields are allowed outside the ECS names).
 */
import { isIP } from 'node:net';
import type { Finding, Severity } from '../model/analysis.js';
import type { AttemptTimeline, ReportModel, TimelineEvent } from './model.js';
import { stageName } from './model.js';

export const ECS_VERSION = '8.11.0';

/** event.severity is numeric in ECS; these follow Elastic Security's low/medium/high risk scores. */
const SEVERITY_SCORE: Record<Severity, number> = { info: 21, warning: 47, error: 73 };

type Json = Record<string, unknown>;

/** ECS source.ip must hold a valid address (the field is typed ip); anything else goes to source.address. */
function endpoint(address: string | null, port: number | null): Json | undefined {
  if (!address) return undefined;
  const out: Json = isIP(address) ? { ip: address, address } : { address };
  if (port !== null) out.port = port;
  return out;
}

function userFields(user: string | null): Json | undefined {
  if (!user) return undefined;
  const i = user.indexOf('\\');
  return i > 0 ? { name: user.slice(i + 1), domain: user.slice(0, i) } : { name: user };
}

function related(hosts: (string | null)[], ips: (string | null)[], users: (string | null)[]): Json {
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))].sort();
  const out: Json = {};
  const h = uniq(hosts);
  const ip = uniq(ips.filter((x) => x !== null && isIP(x) !== 0));
  const u = uniq(users.map((x) => (x && x.includes('\\') ? x.slice(x.indexOf('\\') + 1) : x)));
  if (h.length) out.hosts = h;
  if (ip.length) out.ip = ip;
  if (u.length) out.user = u;
  return out;
}

/** Drops undefined members so every line carries only what is known. */
function compact(o: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

function eventLine(e: TimelineEvent, attempts: AttemptTimeline[], model: ReportModel): Json {
  const a = attempts[0];
  const peer = a.side === 'server' ? endpoint(a.clientAddress, a.clientPort) : undefined;
  const dest = a.side === 'client' && a.target ? endpoint(a.target, null) : undefined;
  return compact({
    '@timestamp': e.time,
    ecs: { version: ECS_VERSION },
    event: compact({
      kind: 'event',
      module: 'rdplens',
      dataset: 'rdplens.timeline',
      code: String(e.eventCode),
      provider: e.provider,
      action: e.title,
    }),
    message: e.meaning,
    host: { name: e.host },
    winlog: compact({
      channel: e.channel,
      provider_name: e.provider,
      event_id: String(e.eventCode),
      record_id: e.recordId === null ? undefined : String(e.recordId),
      computer_name: e.host,
      activity_id: e.activityId ?? undefined,
    }),
    source: peer,
    destination: dest,
    user: userFields(a.user),
    related: related([e.host, a.host], [a.clientAddress, a.target], [a.user]),
    rdplens: {
      version: model.document.version,
      event_row_id: e.eventId,
      attempt_ids: attempts.map((x) => x.attemptId),
      outcome: a.outcome,
      stage: e.stage,
      stage_name: stageName(e.stage),
      join_key: e.joinKey,
      join_confidence: e.confidence,
      evidence_for: e.evidenceFor,
    },
  });
}

function findingLine(f: Finding, model: ReportModel): Json {
  return compact({
    '@timestamp': f.firstSeen,
    ecs: { version: ECS_VERSION },
    event: {
      kind: 'alert',
      module: 'rdplens',
      dataset: 'rdplens.finding',
      severity: SEVERITY_SCORE[f.severity],
      start: f.firstSeen,
      end: f.lastSeen,
      reason: f.title,
    },
    message: f.explanation,
    rule: compact({
      id: f.pattern,
      name: f.title,
      category: f.category,
      ruleset: 'rdplens',
      version: model.document.version,
      reference: f.references[0],
    }),
    log: { level: f.severity },
    host: { name: f.host },
    source: endpoint(f.clientAddress, null),
    user: userFields(f.user),
    related: related([f.host, ...f.evidence.map((e) => e.host)], [f.clientAddress], [f.user]),
    rdplens: {
      version: model.document.version,
      finding_id: f.id,
      confidence: f.confidence,
      count: f.count,
      attempt_ids: f.attemptIds,
      evidence: f.evidence.map((e) => ({
        event_row_id: e.eventId,
        host: e.host,
        channel: e.channel,
        event_id: e.eventCode,
        record_id: e.recordId,
        time: e.time,
        meaning: e.meaning,
      })),
      remedy: f.remedy.map((r) => compact({ text: r.text, command: r.command, weakens_security: r.weakensSecurity === true })),
    },
  });
}

export function toEcsLines(model: ReportModel): Json[] {
  // One line per event even when two attempts share it (e.g. a time-joined Schannel event).
  const byEvent = new Map<number, { e: TimelineEvent; attempts: AttemptTimeline[] }>();
  for (const t of model.timelines) {
    for (const e of t.events) {
      const entry = byEvent.get(e.eventId);
      if (entry) entry.attempts.push(t);
      else byEvent.set(e.eventId, { e, attempts: [t] });
    }
  }
  const events = [...byEvent.values()].sort((a, b) => (a.e.time < b.e.time ? -1 : a.e.time > b.e.time ? 1 : a.e.eventId - b.e.eventId));
  const lines: Json[] = events.map(({ e, attempts }) => eventLine(e, attempts, model));
  // Evidence events outside every shown timeline still get a line of their own.
  const citedBy = new Map<number, string[]>();
  for (const f of model.document.findings) {
    for (const ev of f.evidence) {
      const list = citedBy.get(ev.eventId) ?? citedBy.set(ev.eventId, []).get(ev.eventId)!;
      if (!list.includes(f.id)) list.push(f.id);
    }
  }
  const evidenceOnly = new Map<number, Json>();
  for (const f of model.document.findings) {
    for (const ev of f.evidence) {
      if (byEvent.has(ev.eventId) || evidenceOnly.has(ev.eventId)) continue;
      evidenceOnly.set(ev.eventId, compact({
        '@timestamp': ev.time,
        ecs: { version: ECS_VERSION },
        event: { kind: 'event', module: 'rdplens', dataset: 'rdplens.evidence', code: String(ev.eventCode), provider: ev.provider },
        message: ev.meaning,
        host: { name: ev.host },
        winlog: compact({ channel: ev.channel, provider_name: ev.provider, event_id: String(ev.eventCode), record_id: ev.recordId === null ? undefined : String(ev.recordId), computer_name: ev.host }),
        rdplens: { version: model.document.version, event_row_id: ev.eventId, evidence_for: citedBy.get(ev.eventId) ?? [] },
      }));
    }
  }
  const extra = [...evidenceOnly.entries()].sort((a, b) => {
    const ta = a[1]['@timestamp'] as string;
    const tb = b[1]['@timestamp'] as string;
    return ta < tb ? -1 : ta > tb ? 1 : a[0] - b[0];
  });
  lines.push(...extra.map(([, v]) => v));
  lines.push(...model.document.findings.map((f) => findingLine(f, model)));
  return lines;
}

export function toEcsNdjson(model: ReportModel): string {
  return toEcsLines(model).map((l) => `${JSON.stringify(l)}\n`).join('');
}
