/**
 * The generic evaluator of the rule language (./types.ts). It knows nothing about certificates or
 * passwords: it runs attempt signatures over one attempt's linked events, collects host-level
 * trigger events while the host's events stream past, and decides which failing attempts each
 * host-level trigger explains. Picking one cause per attempt and building findings is ./findings.ts.
 */
import type { Attempt, StageId } from '../model/analysis.js';
import type { StoredEvent } from '../model/event.js';
import { compileMatcher, matchesEvent, normalizeAddress, timeMs, parseNumber, type CompiledMatcher } from './match.js';
import type {
  AttemptSignature, AttemptTest, AttemptView, CodeLookup, EventMatcher, HostSignature, LinkedEvent, Rule,
} from './types.js';

const STAGES: StageId[] = ['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9', 'S10', 'S11'];
export const stageIndex = (s: StageId): number => STAGES.indexOf(s);

/** An event cited as evidence, before it is fetched again for the report. */
export interface EvidenceCandidate {
  eventId: number;
  time: string;
  meaning: string;
  /** kept whatever the cap (e.g. the successful logon after password guessing) */
  pinned?: boolean;
}

/** One rule explaining one attempt (or, with attemptId null, host-level evidence on its own). */
export interface Explanation {
  rule: Rule;
  host: string;
  attemptId: string | null;
  /** client address from the host-level trigger, for host-only findings */
  clientAddress: string | null;
  confidence: number;
  evidence: EvidenceCandidate[];
  /** total number of evidence events before capping */
  evidenceCount: number;
  note: string | null;
}

// ---------------------------------------------------------------- meaning of an evidence event

/** "Schannel … (ErrorCode 0x8009030D = SEC_E_UNKNOWN_CREDENTIALS)": the matcher's words plus the decoded values it tested. */
export function describeMatch(m: EventMatcher, ev: StoredEvent, lookup?: CodeLookup): string {
  const parts: string[] = [];
  for (const t of m.where ?? []) {
    if (!t.field || t.absent) continue;
    const raw = ev.fields[t.field];
    if (raw === undefined || raw.trim() === '') continue;
    const value = raw.trim();
    const table = t.table ?? t.codeTable;
    const decoded = table ? lookup?.(table, value) : undefined;
    const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
    parts.push(decoded ? `${t.field} ${shown} = ${decoded.name}` : `${t.field} ${shown}`);
  }
  if (parts.length === 0) {
    // classic events (RCM 105x) carry their status text positionally: show it, it says why
    const text = Object.entries(ev.fields).find(([k, v]) => k.startsWith('Data[') && /[a-z]{3}/i.test(v))?.[1];
    if (text) {
      const t = text.replace(/<\/?string>/g, ' ').replace(/\s+/g, ' ').trim();
      return `${m.meaning}: "${t.length > 80 ? `${t.slice(0, 77)}…` : t}"`;
    }
  }
  return parts.length ? `${m.meaning} (${parts.join(', ')})` : m.meaning;
}

// ---------------------------------------------------------------- attempt scope

function attemptPasses(t: AttemptTest | undefined, a: Attempt): boolean {
  if (!t) return true;
  if (t.side && a.side !== t.side) return false;
  if (t.outcome && !t.outcome.includes(a.outcome)) return false;
  if (t.stageAtLeast && stageIndex(a.stage) < stageIndex(t.stageAtLeast)) return false;
  if (t.stageAtMost && stageIndex(a.stage) > stageIndex(t.stageAtMost)) return false;
  if (t.disconnect) {
    const d = a.disconnect;
    if (!d || !t.disconnect.codes.includes(d.code)) return false;
    if (t.disconnect.tables && !t.disconnect.tables.includes(d.table)) return false;
  }
  if (t.hasPeer !== undefined && (a.peerAttemptId !== null) !== t.hasPeer) return false;
  if (t.maxDurationSeconds !== undefined) {
    const dur = (timeMs(a.end) - timeMs(a.start)) / 1000;
    if (!(dur <= t.maxDurationSeconds)) return false;
  }
  return true;
}

function byTime(a: LinkedEvent, b: LinkedEvent): number {
  return a.event.time < b.event.time ? -1 : a.event.time > b.event.time ? 1 : a.event.id - b.event.id;
}

/** An attempt's events sorted by time and indexed by event id, prepared once for all signatures. */
export interface PreparedView {
  attempt: Attempt;
  events: LinkedEvent[];
  byEventId: Map<number, LinkedEvent[]>;
}

export function prepareView(view: AttemptView): PreparedView {
  const events = [...view.events].sort(byTime);
  const byEventId = new Map<number, LinkedEvent[]>();
  for (const l of events) {
    const list = byEventId.get(l.event.eventId);
    if (list) list.push(l);
    else byEventId.set(l.event.eventId, [l]);
  }
  return { attempt: view.attempt, events, byEventId };
}

/** Evaluates one attempt signature; returns the evidence links when it matches, else null. */
export function evaluateAttemptSignature(
  sig: AttemptSignature, view: PreparedView, lookup?: CodeLookup,
): { evidence: Array<{ link: LinkedEvent; matcher: EventMatcher }>; cited: boolean } | null {
  if (!attemptPasses(sig.attempt, view.attempt)) return null;
  const events = view.events;
  const hits = (m: EventMatcher): LinkedEvent[] => {
    const c: CompiledMatcher = compileMatcher(m);
    const out: LinkedEvent[] = [];
    for (const id of c.eventIds) {
      for (const l of view.byEventId.get(id) ?? []) if (matchesEvent(c, l.event, lookup)) out.push(l);
    }
    return c.eventIds.size > 1 ? out.sort(byTime) : out;
  };
  const evidence: Array<{ link: LinkedEvent; matcher: EventMatcher }> = [];
  for (const m of sig.none ?? []) if (hits(m).length > 0) return null;
  for (const m of sig.all ?? []) {
    const h = hits(m);
    if (h.length === 0) return null;
    for (const link of h) evidence.push({ link, matcher: m });
  }
  if (sig.any && sig.any.length > 0) {
    let found = false;
    for (const m of sig.any) {
      const h = hits(m);
      if (h.length > 0) found = true;
      for (const link of h) evidence.push({ link, matcher: m });
    }
    if (!found) return null;
  }
  if (sig.sequence && sig.sequence.length > 0) {
    let from = 0;
    for (const m of sig.sequence) {
      const c = compileMatcher(m);
      let idx = -1;
      for (let i = from; i < events.length; i++) if (matchesEvent(c, events[i]!.event, lookup)) { idx = i; break; }
      if (idx < 0) return null;
      evidence.push({ link: events[idx]!, matcher: m });
      from = idx + 1;
    }
  }
  if (evidence.length === 0) {
    // a signature on the attempt's own facts (outcome, disconnect code): cite the opener and the last event
    const opener = events.find((l) => l.joinKey === 'opener') ?? events[0];
    const last = events[events.length - 1];
    const cite: EventMatcher = { provider: [], eventId: [], meaning: 'connection attempt' };
    if (opener) evidence.push({ link: opener, matcher: { ...cite, meaning: 'first event of the attempt' } });
    if (last && last !== opener) evidence.push({ link: last, matcher: { ...cite, meaning: 'last event of the attempt' } });
    return { evidence, cited: true };
  }
  return { evidence, cited: false };
}

const EVIDENCE_CAP = 10;

/**
 * Keeps the first and last EVIDENCE_CAP/2 events (sorted by time), dropping duplicates; pinned
 * events (up to EVIDENCE_CAP of them) are kept in addition.
 */
export function capEvidence(list: EvidenceCandidate[]): { kept: EvidenceCandidate[]; total: number } {
  const seen = new Map<number, EvidenceCandidate>();
  for (const e of list) {
    const prev = seen.get(e.eventId);
    if (!prev) seen.set(e.eventId, e);
    else if (e.pinned && !prev.pinned) seen.set(e.eventId, e);
  }
  const order = (a: EvidenceCandidate, b: EvidenceCandidate) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.eventId - b.eventId);
  const sorted = [...seen.values()].sort(order);
  if (sorted.length <= EVIDENCE_CAP) return { kept: sorted, total: sorted.length };
  const pinned = sorted.filter((e) => e.pinned).slice(0, EVIDENCE_CAP);
  const rest = sorted.filter((e) => !e.pinned);
  const half = EVIDENCE_CAP / 2;
  const ends = rest.length <= EVIDENCE_CAP ? rest : [...rest.slice(0, half), ...rest.slice(-half)];
  return { kept: [...pinned, ...ends].sort(order), total: sorted.length };
}

/** All attempt-scope explanations of one attempt (one per rule: its best-matching signature). */
export function explainAttempt(rules: readonly Rule[], plain: AttemptView | PreparedView, lookup?: CodeLookup): Explanation[] {
  const out: Explanation[] = [];
  const view = 'byEventId' in plain ? plain : prepareView(plain);
  for (const rule of rules) {
    let best: Explanation | null = null;
    for (const sig of rule.signatures) {
      if (sig.scope !== 'attempt') continue;
      const r = evaluateAttemptSignature(sig, view, lookup);
      if (!r) continue;
      // a match resting only on events the correlator joined by time (several overlapping attempts) is weaker;
      // one strongly linked event is enough to be sure the evidence belongs to this attempt
      const linkConf = r.cited ? 1 : r.evidence.reduce((max, e) => Math.max(max, e.link.confidence), 0);
      const confidence = (sig.confidence ?? rule.confidence) * linkConf;
      if (best && best.confidence >= confidence) continue;
      const { kept, total } = capEvidence(r.evidence.map((e) => ({
        eventId: e.link.event.id, time: e.link.event.time, meaning: describeMatch(e.matcher, e.link.event, lookup),
      })));
      best = {
        rule, host: view.attempt.host, attemptId: view.attempt.id, clientAddress: view.attempt.clientAddress,
        confidence, evidence: kept, evidenceCount: total, note: sig.note ?? null,
      };
    }
    if (best) out.push(best);
  }
  return out;
}

// ---------------------------------------------------------------- host scope

/** A host event remembered compactly (host logs can hold millions of events). */
interface Compact {
  id: number;
  time: string;
  ms: number;
  client: string | null;
  meaning: string;
  /** values of the fields a requiresEarlier comparison needs (lower case, trimmed) */
  keys?: Record<string, string>;
}

function keyFields(ev: StoredEvent, names: readonly string[]): Record<string, string> | undefined {
  if (names.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const n of names) out[n] = (ev.fields[n] ?? '').trim().toLowerCase();
  return out;
}

interface SignatureState {
  rule: Rule;
  sig: HostSignature;
  triggers: Compact[];
  unless: number[];
  until: number[];
  earlier: Compact[];
  resets: number[];
}

/**
 * Collects, while one host's events stream past in time order, the events host signatures need.
 * Only the matching events are kept, as small records.
 */
export class HostCollector {
  private readonly states: SignatureState[] = [];
  /** event id → the signature states with a matcher on that id: most host events concern none */
  private readonly interested = new Map<number, SignatureState[]>();

  constructor(readonly host: string, rules: readonly Rule[], private readonly lookup?: CodeLookup) {
    for (const rule of rules) {
      for (const sig of rule.signatures) {
        if (sig.scope !== 'host') continue;
        const st: SignatureState = { rule, sig, triggers: [], unless: [], until: [], earlier: [], resets: [] };
        this.states.push(st);
        for (const m of matchersOf(sig)) {
          for (const id of compileMatcher(m).eventIds) {
            const list = this.interested.get(id) ?? [];
            if (!list.includes(st)) list.push(st);
            this.interested.set(id, list);
          }
        }
      }
    }
    // keep the rule order within each list, as the unindexed loop had it
    for (const list of this.interested.values()) list.sort((a, b) => this.states.indexOf(a) - this.states.indexOf(b));
  }

  push(ev: StoredEvent): void {
    const states = this.interested.get(ev.eventId);
    if (!states) return;
    for (const st of states) {
      const { sig } = st;
      const compared = [...(sig.requiresEarlier?.sameFields ?? []), ...(sig.requiresEarlier?.differentFields ?? [])];
      for (const m of sig.trigger) {
        if (matchesEvent(compileMatcher(m), ev, this.lookup)) {
          const field = sig.explains.clientField;
          st.triggers.push({
            id: ev.id, time: ev.time, ms: timeMs(ev.time),
            client: field ? normalizeAddress(ev.fields[field]) : null,
            meaning: describeMatch(m, ev, this.lookup),
            keys: keyFields(ev, compared),
          });
          break;
        }
      }
      if (sig.unless && sig.unless.matchers.some((m) => matchesEvent(compileMatcher(m), ev, this.lookup))) st.unless.push(timeMs(ev.time));
      if (sig.requiresEarlier) {
        const m = sig.requiresEarlier.matchers.find((x) => matchesEvent(compileMatcher(x), ev, this.lookup));
        if (m) st.earlier.push({ id: ev.id, time: ev.time, ms: timeMs(ev.time), client: null, meaning: describeMatch(m, ev, this.lookup), keys: keyFields(ev, compared) });
        if (sig.requiresEarlier.resetBy?.some((x) => matchesEvent(compileMatcher(x), ev, this.lookup))) st.resets.push(timeMs(ev.time));
      }
      if (sig.explains.until && sig.explains.until.some((m) => matchesEvent(compileMatcher(m), ev, this.lookup))) st.until.push(timeMs(ev.time));
    }
  }

  /** Decides which attempts each trigger explains. Attempts: all attempts of this host. */
  explain(attempts: readonly Attempt[]): Explanation[] {
    const out: Explanation[] = [];
    for (const st of this.states) out.push(...explainHostSignature(st, attempts, this.host));
    return out;
  }
}

function firstAtOrAfter(sorted: number[], t: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid]! < t) lo = mid + 1; else hi = mid; }
  return lo;
}

/** Attempts longer than this are checked one by one instead of through the start-time index. */
const LONG_ATTEMPT_MS = 300_000;

function explainHostSignature(st: SignatureState, attempts: readonly Attempt[], host: string): Explanation[] {
  const { rule, sig } = st;
  const baseConf = sig.confidence ?? rule.confidence;
  const note = sig.note ?? null;
  const cmp = (a: number, b: number) => a - b;
  const unless = [...st.unless].sort(cmp);
  const until = [...st.until].sort(cmp);
  // triggers that a later "all is well" event cancels (a renewal that succeeded) do not count
  const earlier = [...st.earlier].sort((a, b) => a.ms - b.ms || a.id - b.id);
  const earlierMs = earlier.map((e) => e.ms);
  const resets = [...st.resets].sort(cmp);
  /** the earlier events a trigger rests on (the latest one and those logged with it), or null when it does not qualify */
  const priorOf = (t: Compact): Compact[] | null | undefined => {
    if (!sig.requiresEarlier) return undefined;
    const req = sig.requiresEarlier;
    // the latest earlier event whose compared fields relate to the trigger as required
    const fits = (e: Compact) =>
      (req.sameFields ?? []).every((f) => e.keys?.[f] !== '' && e.keys?.[f] === t.keys?.[f]) &&
      (req.differentFields ?? []).every((f) => e.keys?.[f] !== t.keys?.[f]);
    let i = firstAtOrAfter(earlierMs, t.ms + 1) - 1;
    while (i >= 0 && !fits(earlier[i]!)) {
      if (t.ms - earlier[i]!.ms > req.withinSeconds * 1000) { i = -1; break; }
      i--;
    }
    if (i < 0) return null;
    const e = earlier[i]!;
    if (t.ms - e.ms > sig.requiresEarlier.withinSeconds * 1000) return null;
    const r = firstAtOrAfter(resets, e.ms + 1);
    if (r < resets.length && resets[r]! <= t.ms) return null;
    const burst: Compact[] = [];
    for (let j = i; j >= 0 && e.ms - earlier[j]!.ms <= 60_000; j--) if (fits(earlier[j]!)) burst.push(earlier[j]!);
    return burst;
  };
  const withPrior = new Map<Compact, Compact[]>();
  const triggers = st.triggers
    .filter((t) => {
      if (sig.unless) {
        const i = firstAtOrAfter(unless, t.ms);
        if (i < unless.length && unless[i]! - t.ms <= sig.unless.withinSeconds * 1000) return false;
      }
      const p = priorOf(t);
      if (p === null) return false;
      if (p) withPrior.set(t, p);
      return true;
    })
    .sort((a, b) => a.ms - b.ms || a.id - b.id);
  if (triggers.length === 0) return [];
  const cite = (ts: Compact[]): Compact[] => [...ts, ...ts.flatMap((t) => withPrior.get(t) ?? [])];

  const eligible = attempts
    .filter((a) => sig.explains.outcomes.includes(a.outcome) && (!sig.explains.side || a.side === sig.explains.side))
    .map((a) => ({ a, start: timeMs(a.start), end: timeMs(a.end), client: normalizeAddress(a.clientAddress) }))
    .sort((x, y) => x.start - y.start || (x.a.id < y.a.id ? -1 : 1));
  const starts = eligible.map((e) => e.start);
  const mk = (attemptId: string | null, client: string | null, confidence: number, ev: Compact[]): Explanation => {
    const { kept, total } = capEvidence(cite(ev).map((c) => ({ eventId: c.id, time: c.time, meaning: c.meaning })));
    return { rule, host, attemptId, clientAddress: client, confidence, evidence: kept, evidenceCount: total, note };
  };
  const out: Explanation[] = [];
  const unexplained: Compact[] = [];

  if (sig.explains.mode === 'near') {
    const win = (sig.explains.seconds ?? 5) * 1000;
    const long = eligible.filter((e) => e.end - e.start > LONG_ATTEMPT_MS);
    const perAttempt = new Map<string, { conf: number; ev: Compact[] }>();
    for (const t of triggers) {
      const hi = firstAtOrAfter(starts, t.ms + win + 1);
      const cands = new Set<(typeof eligible)[number]>();
      for (let i = hi - 1; i >= 0 && eligible[i]!.start >= t.ms - win - LONG_ATTEMPT_MS; i--) {
        const e = eligible[i]!;
        if (e.end + win >= t.ms) cands.add(e);
      }
      for (const e of long) if (e.start - win <= t.ms && e.end + win >= t.ms) cands.add(e);
      let matched = [...cands];
      let byAddress = false;
      if (t.client) {
        matched = matched.filter((e) => e.client === t.client);
        byAddress = true;
      }
      if (matched.length === 0) { unexplained.push(t); continue; }
      // joined by time only with several overlapping attempts: say so through a lower confidence
      const conf = baseConf * (byAddress || matched.length === 1 ? 1 : 0.7);
      for (const e of matched) {
        const cur = perAttempt.get(e.a.id) ?? { conf: 0, ev: [] };
        cur.conf = Math.max(cur.conf, conf);
        cur.ev.push(t);
        perAttempt.set(e.a.id, cur);
      }
    }
    for (const e of eligible) {
      const p = perAttempt.get(e.a.id);
      if (p) out.push(mk(e.a.id, e.a.clientAddress, p.conf, p.ev));
    }
  } else {
    // 'after': a state that lasts from the trigger until repaired; merge overlapping triggers into intervals
    const limit = sig.explains.seconds !== undefined ? sig.explains.seconds * 1000 : Number.POSITIVE_INFINITY;
    const intervals: Array<{ from: number; to: number; ev: Compact[] }> = [];
    for (const t of triggers) {
      const u = firstAtOrAfter(until, t.ms);
      const to = Math.min(u < until.length ? until[u]! : Number.POSITIVE_INFINITY, t.ms + limit);
      const last = intervals[intervals.length - 1];
      if (last && t.ms <= last.to) { last.to = Math.max(last.to, to); last.ev.push(t); }
      else intervals.push({ from: t.ms, to, ev: [t] });
    }
    for (const iv of intervals) {
      let any = false;
      for (let i = firstAtOrAfter(starts, iv.from); i < eligible.length && eligible[i]!.start < iv.to; i++) {
        const e = eligible[i]!;
        out.push(mk(e.a.id, e.a.clientAddress, baseConf, iv.ev));
        any = true;
      }
      if (!any) unexplained.push(...iv.ev);
    }
  }

  // host evidence that explains no attempt still counts, on its own (grouped by the address it names)
  if (sig.standalone === false) return out;
  const byClient = new Map<string, Compact[]>();
  for (const t of unexplained) {
    const k = t.client ?? '';
    const list = byClient.get(k) ?? [];
    list.push(t);
    byClient.set(k, list);
  }
  for (const k of [...byClient.keys()].sort()) out.push(mk(null, k === '' ? null : k, baseConf, byClient.get(k)!));
  return out;
}

export { parseNumber };

/** Every event matcher a signature refers to (tests and tooling walk rules with it). */
export function matchersOf(sig: import('./types.js').Signature): EventMatcher[] {
  switch (sig.scope) {
    case 'attempt': return [...(sig.all ?? []), ...(sig.any ?? []), ...(sig.none ?? []), ...(sig.sequence ?? [])];
    case 'host': return [...sig.trigger, ...(sig.unless?.matchers ?? []), ...(sig.explains.until ?? []), ...(sig.requiresEarlier?.matchers ?? []), ...(sig.requiresEarlier?.resetBy ?? [])];
    case 'population': return [sig.select, sig.followedBy?.select, sig.during, sig.context?.select].flatMap((x) => x?.anyEvent ?? []);
  }
}
