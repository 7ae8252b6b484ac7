/**
 * From explanations to findings: pick one cause per attempt (the most specific rule wins, so a
 * failure explained by the certificate is not also blamed on the network), share a cause between a
 * client attempt and the server attempt it was joined to, then group into findings per
 * pattern + host + client + user with counts, time span, capped evidence and confidence.
 */
import type { Attempt, EvidenceRef, Finding, Severity } from '../model/analysis.js';
import type { StoredEvent } from '../model/event.js';
import { capEvidence, type EvidenceCandidate, type Explanation } from './engine.js';
import type { Rule } from './types.js';

export interface Claim {
  attempt: Attempt;
  explanation: Explanation;
  /** the attempt on the other side whose cause this attempt shares, if any */
  via: Attempt | null;
  /** the server-side attempt of a joined client/server pair whose cause is the same rule (findings sit there) */
  anchor: Attempt | null;
}

function better(a: Explanation, b: Explanation): boolean {
  if (a.rule.rank !== b.rule.rank) return a.rule.rank < b.rule.rank;
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  return a.rule.id < b.rule.id;
}

/** One cause per attempt; host-only explanations of a rule that also explained attempts on that host are dropped. */
export function chooseCauses(
  attempts: readonly Attempt[],
  explanations: readonly Explanation[],
  /** `rule id \u0000 host` of attempt explanations left out beforehand because they could not win */
  alsoOnHost: ReadonlySet<string> = new Set(),
): { claims: Claim[]; hostOnly: Explanation[] } {
  const own = new Map<string, Explanation>();
  const ruleOnHost = new Set<string>(alsoOnHost);
  for (const e of explanations) {
    if (e.attemptId === null) continue;
    ruleOnHost.add(`${e.rule.id}\u0000${e.host}`);
    const cur = own.get(e.attemptId);
    if (cur && cur.rule === e.rule) {
      // the same rule read from the attempt and from host events: one explanation with all the evidence
      own.set(e.attemptId, {
        ...cur,
        confidence: Math.max(cur.confidence, e.confidence),
        evidence: [...cur.evidence, ...e.evidence],
        evidenceCount: Math.max(cur.evidenceCount, e.evidenceCount),
        note: cur.note ?? e.note,
      });
    } else if (!cur || better(e, cur)) own.set(e.attemptId, e);
  }
  const byId = new Map(attempts.map((a) => [a.id, a]));
  const claims: Claim[] = [];
  for (const a of attempts) {
    const mine = own.get(a.id) ?? null;
    const peer = a.peerAttemptId ? byId.get(a.peerAttemptId) : undefined;
    const theirs = peer ? own.get(peer.id) ?? null : null;
    // the other side's cause wins only when it is more specific (both sides' own evidence is kept otherwise)
    if (theirs && (!mine || theirs.rule.rank < mine.rule.rank)) claims.push({ attempt: a, explanation: theirs, via: peer!, anchor: null });
    else if (mine) claims.push({ attempt: a, explanation: mine, via: null, anchor: null });
  }
  // a client attempt and its server attempt blamed on the same rule are one story: report it at the server
  const ruleOf = new Map(claims.map((c) => [c.attempt.id, c.explanation.rule.id]));
  for (const c of claims) {
    const peer = c.attempt.peerAttemptId ? byId.get(c.attempt.peerAttemptId) : undefined;
    if (c.attempt.side === 'server') c.anchor = c.attempt;
    else if (peer && peer.side === 'server' && ruleOf.get(peer.id) === c.explanation.rule.id) c.anchor = peer;
  }
  const candidates = explanations
    .filter((e) => e.attemptId === null && !ruleOnHost.has(`${e.rule.id}\u0000${e.host}`))
    .sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  // the same host events read by two rules are one story: keep the more specific reading
  const hostOnly: Explanation[] = [];
  // kept explanations by the events they cite: a candidate is covered by one that cites its first event and all the others
  const citing = new Map<number, Array<{ host: string; ids: Set<number> }>>();
  for (const e of candidates) {
    const ids = e.evidence.map((x) => x.eventId);
    const covered = ids.length === 0
      ? hostOnly.some((k) => k.host === e.host)
      : (citing.get(ids[0]!) ?? []).some((k) => k.host === e.host && ids.every((id) => k.ids.has(id)));
    if (covered) continue;
    hostOnly.push(e);
    const entry = { host: e.host, ids: new Set(ids) };
    for (const id of entry.ids) {
      const list = citing.get(id);
      if (list) list.push(entry);
      else citing.set(id, [entry]);
    }
  }
  return { claims, hostOnly };
}

export interface Group {
  rule: Rule;
  host: string;
  clientAddress: string | null;
  user: string | null;
  attempts: Map<string, Attempt>;
  evidence: EvidenceCandidate[];
  evidenceTotal: number;
  confidence: number;
  first: string;
  last: string;
  notes: Set<string>;
  clients: Set<string>;
  targets: Set<string>;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function normUser(u: string | null): string | null {
  const t = u?.trim();
  return t ? t : null;
}

/** Groups claims and host-only explanations into findings (evidence not yet resolved). */
export function groupFindings(claims: readonly Claim[], hostOnly: readonly Explanation[]): Group[] {
  const groups = new Map<string, Group>();
  const groupFor = (rule: Rule, host: string, client: string | null, user: string | null, target: string | null): Group => {
    const perClient = rule.groupBy === 'host+client+user';
    const key = [rule.id, host, perClient ? client ?? '' : '', perClient ? (user ?? '').toLowerCase() : '', perClient ? target ?? '' : ''].join('\u0000');
    let g = groups.get(key);
    if (!g) {
      g = {
        rule, host, clientAddress: perClient ? client : null, user: perClient ? user : null,
        attempts: new Map(), evidence: [], evidenceTotal: 0, confidence: 0, first: '', last: '',
        notes: new Set(), clients: new Set(), targets: new Set(),
      };
      groups.set(key, g);
    }
    if (client) g.clients.add(client);
    if (target) g.targets.add(target);
    return g;
  };
  const span = (g: Group, from: string, to: string) => {
    if (!g.first || from < g.first) g.first = from;
    if (!g.last || to > g.last) g.last = to;
  };
  const absorb = (g: Group, e: Explanation) => {
    g.evidence.push(...e.evidence);
    g.evidenceTotal = Math.max(g.evidenceTotal, e.evidenceCount);
    g.confidence = Math.max(g.confidence, e.confidence);
    if (e.note) g.notes.add(e.note);
    for (const ev of e.evidence) span(g, ev.time, ev.time);
  };
  for (const c of claims) {
    // a shared cause is reported where it sits: at the server of a joined pair, else on the attempt whose evidence it is
    const owner = c.anchor ?? c.via ?? c.attempt;
    const client = owner.side === 'server' ? owner.clientAddress : null;
    const target = owner.side === 'client' ? owner.target ?? owner.clientAddress : null;
    const g = groupFor(c.explanation.rule, owner.host, client, normUser(owner.user), target);
    g.attempts.set(c.attempt.id, c.attempt);
    absorb(g, { ...c.explanation, confidence: c.via ? c.explanation.confidence * 0.9 : c.explanation.confidence });
    span(g, c.attempt.start, c.attempt.end);
  }
  for (const e of hostOnly) absorb(groupFor(e.rule, e.host, e.clientAddress, null, null), e);
  return [...groups.values()];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function listSome(values: Iterable<string>, n: number): string {
  const all = [...values].sort();
  return all.length <= n ? all.join(', ') : `${all.slice(0, n).join(', ')} and ${all.length - n} more`;
}

/** Builds the final findings, resolving evidence events through `getEvents`. Deterministic order. */
export async function buildFindings(
  groups: readonly Group[],
  getEvents: (ids: number[]) => Promise<StoredEvent[]>,
): Promise<Finding[]> {
  const capped = groups.map((g) => ({ g, ...capEvidence(g.evidence) }));
  const ids = [...new Set(capped.flatMap((c) => c.kept.map((e) => e.eventId)))].sort((a, b) => a - b);
  const events = new Map<number, StoredEvent>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const ev of await getEvents(ids.slice(i, i + 500))) events.set(ev.id, ev);
  }
  const findings: Finding[] = capped.map(({ g, kept, total }) => {
    const evidence: EvidenceRef[] = kept.flatMap((c) => {
      const ev = events.get(c.eventId);
      if (!ev) return [];
      return [{
        eventId: ev.id, host: ev.host, channel: ev.channel, provider: ev.provider, eventCode: ev.eventId,
        recordId: ev.recordId, time: ev.time, meaning: c.meaning,
      }];
    });
    const attemptIds = [...g.attempts.keys()].sort();
    const extra: string[] = [...g.notes];
    if (g.rule.groupBy === 'host' && g.clients.size > 0) {
      extra.push(`Sources: ${g.clients.size} address${g.clients.size === 1 ? '' : 'es'} (${listSome(g.clients, 5)}).`);
    }
    if (g.targets.size > 0) extra.push(`Seen by the client connecting to ${listSome(g.targets, 3)}.`);
    const evTotal = Math.max(total, g.evidenceTotal);
    if (evTotal > evidence.length) extra.push(`Evidence: the first and last of ${evTotal} events are listed.`);
    const failing = attemptIds.length > 0;
    const severity: Severity = failing || g.rule.category !== 'failure' ? g.rule.severity : g.rule.severityWithoutFailures ?? 'warning';
    const first = g.first || g.last;
    return {
      id: [g.rule.id, g.host, g.clientAddress ?? '-', g.user ?? '-', first].join(':'),
      pattern: g.rule.id,
      category: g.rule.category,
      severity,
      title: g.rule.title,
      host: g.host,
      clientAddress: g.clientAddress,
      user: g.user,
      attemptIds,
      firstSeen: first,
      lastSeen: g.last || first,
      count: failing ? attemptIds.length : evTotal,
      confidence: round2(Math.min(1, g.confidence)),
      evidence,
      explanation: [g.rule.explanation, ...extra].join(' '),
      remedy: g.rule.remedy.map((r) => ({ ...r })),
      references: [...g.rule.references],
    };
  });
  const rank = new Map(groups.map((g) => [g.rule.id, g.rule.rank]));
  return findings.sort((a, b) =>
    cmp(a.host, b.host) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (rank.get(a.pattern) ?? 0) - (rank.get(b.pattern) ?? 0) ||
    cmp(a.clientAddress ?? '', b.clientAddress ?? '') ||
    cmp(a.user ?? '', b.user ?? '') ||
    cmp(a.firstSeen, b.firstSeen) ||
    cmp(a.id, b.id));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Each population burst is its own finding (several bursts of one source are several findings). */
export function groupsFromPopulation(matches: readonly import('./population.js').PopulationMatch[]): Group[] {
  return matches.map((m) => {
    const times = [...m.attempts.flatMap((a) => [a.start, a.end]), ...m.evidence.map((e) => e.time)].sort();
    return {
      rule: m.rule, host: m.host, clientAddress: m.clientAddress, user: m.user,
      attempts: new Map(m.attempts.map((a) => [a.id, a])),
      evidence: m.evidence, evidenceTotal: new Set(m.evidence.map((e) => e.eventId)).size,
      confidence: m.confidence, first: times[0] ?? '', last: times[times.length - 1] ?? '',
      notes: new Set(m.notes), clients: new Set<string>(), targets: new Set<string>(),
    };
  });
}
