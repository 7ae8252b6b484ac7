/**
 * Population signatures (the security lens): count attempts per source, account or host within a
 * sliding window, after every attempt has its cause. A burst that reaches the threshold is one
 * finding with counts, window, sources and accounts — never one finding per event.
 */
import type { Attempt } from '../model/analysis.js';
import { addressClass, compileMatcher, matchesEvent, normalizeAddress, timeMs } from './match.js';
import { DeadlineQueue } from '../util/deadline-queue.js';
import { describeMatch, type PreparedView, type EvidenceCandidate } from './engine.js';
import type { AttemptSelection, CodeLookup, EventMatcher, PopulationSignature, Rule } from './types.js';

export interface PopulationMatch {
  rule: Rule;
  sig: PopulationSignature;
  host: string;
  clientAddress: string | null;
  user: string | null;
  attempts: Attempt[];
  evidence: EvidenceCandidate[];
  confidence: number;
  notes: string[];
}

function selectionMatchers(s: AttemptSelection | undefined): EventMatcher[] {
  return s?.anyEvent ?? [];
}

/** Every event matcher a population signature uses (for collecting evidence during the attempt pass). */
export function populationMatchers(sig: PopulationSignature): EventMatcher[] {
  return [...selectionMatchers(sig.select), ...selectionMatchers(sig.followedBy?.select), ...selectionMatchers(sig.during), ...selectionMatchers(sig.context?.select)];
}

const userKey = (u: string | null): string | null => {
  const t = u?.trim().toLowerCase();
  if (!t) return null;
  // DOMAIN\user and user@domain name the same account for grouping; case and domain spelling vary by source
  const bs = t.lastIndexOf('\\');
  const at = t.indexOf('@');
  return bs >= 0 ? t.slice(bs + 1) : at > 0 ? t.slice(0, at) : t;
};

/** Gathers, during the attempt pass, which population matchers each attempt's events satisfy. */
export class PopulationCollector {
  private readonly matchers: EventMatcher[];
  /** attempt id → evidence it carries for population matchers */
  private readonly hits = new Map<string, Array<{ matcher: EventMatcher; ev: EvidenceCandidate }>>();

  constructor(private readonly rules: readonly Rule[], private readonly lookup?: CodeLookup) {
    const all = new Set<EventMatcher>();
    for (const r of rules) for (const s of r.signatures) if (s.scope === 'population') for (const m of populationMatchers(s)) all.add(m);
    this.matchers = [...all];
  }

  get active(): boolean {
    return this.rules.some((r) => r.signatures.some((s) => s.scope === 'population'));
  }

  observe(view: PreparedView): void {
    if (this.matchers.length === 0) return;
    const found: Array<{ matcher: EventMatcher; ev: EvidenceCandidate }> = [];
    for (const m of this.matchers) {
      const c = compileMatcher(m);
      for (const id of c.eventIds) {
        for (const l of view.byEventId.get(id) ?? []) {
          if (matchesEvent(c, l.event, this.lookup)) {
            found.push({ matcher: m, ev: { eventId: l.event.id, time: l.event.time, meaning: describeMatch(m, l.event, this.lookup) } });
          }
        }
      }
    }
    if (found.length) this.hits.set(view.attempt.id, found);
  }

  /**
   * Does `a` meet the selection? Asked of every attempt for every signature, so it builds nothing:
   * the evidence (evidenceOf) is made only for the few attempts that end up in a burst.
   */
  private passes(s: AttemptSelection, a: Attempt, cause: string | undefined): boolean {
    if (s.causes && (!cause || !s.causes.includes(cause))) return false;
    if (s.attempt) {
      const t = s.attempt;
      if (t.side && a.side !== t.side) return false;
      if (t.outcome && !t.outcome.includes(a.outcome)) return false;
    }
    if (s.address) {
      const cls = addressClass(this.clientOf(a));
      if (!cls || !s.address.includes(cls)) return false;
    }
    if (s.anyEvent && s.anyEvent.length) return (this.hits.get(a.id) ?? []).some((h) => s.anyEvent!.includes(h.matcher));
    return true;
  }

  /** The events that make `a` meet the selection (which it must), or its opening event. */
  private evidenceOf(s: AttemptSelection, a: Attempt, cause: string | undefined): EvidenceCandidate[] {
    if (s.anyEvent && s.anyEvent.length) return (this.hits.get(a.id) ?? []).filter((h) => s.anyEvent!.includes(h.matcher)).map((h) => h.ev);
    const opener = a.events.find((l) => l.joinKey === 'opener') ?? a.events[0];
    return opener ? [{ eventId: opener.eventId, time: a.start, meaning: `connection attempt${a.clientAddress ? ` from ${a.clientAddress}` : ''}${cause ? ` (${cause})` : ''}` }] : [];
  }

  /** Evaluates every population signature over all attempts; `causes` maps attempt id → claimed rule id. */
  evaluate(attempts: readonly Attempt[], causes: ReadonlyMap<string, string>): PopulationMatch[] {
    const out: PopulationMatch[] = [];
    const sorted = [...attempts].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
    this.startsMs = sorted.map((a) => this.startOf(a));
    for (const rule of this.rules) {
      for (const sig of rule.signatures) {
        if (sig.scope !== 'population') continue;
        out.push(...this.evaluateSignature(rule, sig, sorted, causes));
      }
    }
    return out;
  }

  private evaluateSignature(rule: Rule, sig: PopulationSignature, attempts: readonly Attempt[], causes: ReadonlyMap<string, string>): PopulationMatch[] {
    const keyOf = (a: Attempt): string | null => {
      switch (sig.per) {
        case 'client': { const c = this.clientOf(a); return c ? `${a.host}\u0000${c}` : null; }
        case 'user': { const u = userKey(a.user); return u ? `${a.host}\u0000${u}` : null; }
        case 'host': return a.host;
        case 'client-all-hosts': return this.clientOf(a);
      }
    };
    const distinctOf = (a: Attempt): string | null => {
      switch (sig.minDistinct?.of) {
        case 'client': return this.clientOf(a);
        case 'user': return userKey(a.user);
        case 'host': return a.host;
        default: return null;
      }
    };
    const groups = new Map<string, Array<{ a: Attempt; ms: number }>>();
    // attempts a `during` condition can refer to, per host, selected once
    const active = new Map<string, Array<{ b: Attempt; from: number; to: number; client: string | null }>>();
    if (sig.during) {
      for (const b of attempts) {
        if (!this.passes(sig.during, b, causes.get(b.id))) continue;
        const list = active.get(b.host) ?? [];
        list.push({ b, from: this.startOf(b), to: timeMs(b.end), client: this.clientOf(b) });
        active.set(b.host, list);
      }
    }
    // Is another address's `during` attempt on the same host in progress when `a` starts? Asked in
    // start order, so one sweep per host keeps the attempts in progress, counted per address: each
    // attempt is added and removed once instead of every question scanning them all.
    const sweeps = new Map<string, DuringSweep>();
    const isDuring = (a: Attempt): boolean => {
      let sw = sweeps.get(a.host);
      if (!sw) sweeps.set(a.host, (sw = new DuringSweep(active.get(a.host) ?? [])));
      // `a` itself never counts: its own address is the one left out
      return sw.othersAt(this.startOf(a), this.clientOf(a));
    };
    for (const a of attempts) {
      if (!this.passes(sig.select, a, causes.get(a.id))) continue;
      if (sig.during && !isDuring(a)) continue;
      const k = keyOf(a);
      if (k === null) continue;
      const list = groups.get(k) ?? [];
      list.push({ a, ms: this.startOf(a) });
      groups.set(k, list);
    }
    const out: PopulationMatch[] = [];
    const win = sig.windowSeconds * 1000;
    for (const k of [...groups.keys()].sort()) {
      const list = groups.get(k)!;
      // mark every attempt that lies in some window holding enough attempts (two-pointer sweep)
      const inBurst = new Array<boolean>(list.length).fill(false);
      // everything up to here is marked already: each attempt is marked once, not once per window holding it
      let marked = -1;
      let lo = 0;
      const counts = new Map<string, number>();
      for (let hi = 0; hi < list.length; hi++) {
        const dh = distinctOf(list[hi]!.a);
        if (dh !== null) counts.set(dh, (counts.get(dh) ?? 0) + 1);
        while (list[hi]!.ms - list[lo]!.ms > win) {
          const dl = distinctOf(list[lo]!.a);
          if (dl !== null) { const n = counts.get(dl)! - 1; if (n === 0) counts.delete(dl); else counts.set(dl, n); }
          lo++;
        }
        const enough = hi - lo + 1 >= sig.minCount && (!sig.minDistinct || counts.size >= sig.minDistinct.count);
        if (enough) {
          for (let i = Math.max(lo, marked + 1); i <= hi; i++) inBurst[i] = true;
          marked = hi;
        }
      }
      // consecutive marked attempts no further apart than the window form one burst
      let burst: typeof list = [];
      const flush = () => {
        if (burst.length) {
          const m = this.toMatch(rule, sig, burst, attempts, causes);
          if (m) out.push(m);
        }
        burst = [];
      };
      for (let i = 0; i < list.length; i++) {
        if (!inBurst[i]) { flush(); continue; }
        if (burst.length && list[i]!.ms - burst[burst.length - 1]!.ms > (sig.mergeGapSeconds ?? sig.windowSeconds) * 1000) flush();
        burst.push(list[i]!);
      }
      flush();
    }
    return out;
  }

  /** per attempt, values every signature asks for again and again */
  private readonly memo = new Map<Attempt, { start: number; client: string | null }>();
  private memoOf(a: Attempt): { start: number; client: string | null } {
    let m = this.memo.get(a);
    if (!m) {
      m = { start: timeMs(a.start), client: normalizeAddress(a.clientAddress) };
      this.memo.set(a, m);
    }
    return m;
  }
  private startOf(a: Attempt): number {
    return this.memoOf(a).start;
  }
  private clientOf(a: Attempt): string | null {
    return this.memoOf(a).client;
  }

  /** start times (ms) of the attempts given to evaluate(), in their (sorted) order */
  private startsMs: number[] = [];

  /** The attempts (sorted by start) starting within [from, to]: found by binary search, not a scan of all. */
  private startingBetween(attempts: readonly Attempt[], from: number, to: number): Attempt[] {
    const s = this.startsMs;
    let lo = 0, hi = s.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (s[mid]! < from) lo = mid + 1; else hi = mid; }
    const out: Attempt[] = [];
    for (let i = lo; i < s.length && s[i]! <= to; i++) out.push(attempts[i]!);
    return out;
  }

  private toMatch(
    rule: Rule, sig: PopulationSignature, burst: Array<{ a: Attempt; ms: number }>,
    attempts: readonly Attempt[], causes: ReadonlyMap<string, string>,
  ): PopulationMatch | null {
    const first = burst[0]!.ms;
    const last = burst[burst.length - 1]!.ms;
    const hosts = new Set(burst.map((b) => b.a.host));
    const clients = new Set(burst.flatMap((b) => { const c = this.clientOf(b.a); return c ? [c] : []; }));
    const users = new Set(burst.flatMap((b) => { const u = b.a.user?.trim(); return u ? [u] : []; }));
    const members = burst.map((b) => b.a);
    const evidence = burst.flatMap((b) => this.evidenceOf(sig.select, b.a, causes.get(b.a.id)));
    const notes: string[] = [];
    const when = (t: string) => t.slice(0, 19).replace('T', ' ');
    const span = burst.length === 1 ? `at ${when(burst[0]!.a.start)} UTC` : `between ${when(burst[0]!.a.start)} and ${when(burst[burst.length - 1]!.a.start)} UTC`;
    notes.push(`${burst.length} attempt${burst.length === 1 ? '' : 's'} ${span}` +
      `${clients.size ? ` from ${listSome(clients, 5)}` : ''}` +
      `${users.size ? `; accounts: ${listSome(users, 5)}` : '; no account names in these events'}` +
      `${hosts.size > 1 ? `; hosts: ${listSome(hosts, 5)}` : ''}.`);
    const memberSet = new Set(members);
    if (sig.followedBy) {
      const f = sig.followedBy;
      const userKeys = new Set([...users].map((u) => userKey(u)));
      const followers = this.startingBetween(attempts, first, last + f.withinSeconds * 1000).filter((b) => {
        if (!hosts.has(b.host) || memberSet.has(b)) return false;
        const sameClient = clients.has(this.clientOf(b) ?? '');
        const sameUser = userKeys.has(userKey(b.user));
        const ok = f.same === 'client' ? sameClient : f.same === 'user' ? sameUser : sameClient || sameUser;
        return ok && this.passes(f.select, b, causes.get(b.id));
      });
      if (followers.length === 0) return null;
      for (const b of followers) evidence.push(...this.evidenceOf(f.select, b, causes.get(b.id)).map((e) => ({ ...e, pinned: true })));
      members.push(...followers);
      for (const b of followers) memberSet.add(b);
      notes.push(`Then succeeded: ${listInOrder(followers.map((b) => `${b.user ?? 'unknown user'} from ${b.clientAddress ?? 'unknown address'} at ${when(b.start)}`), 5)}.`);
    }
    if (sig.context) {
      const c = sig.context;
      const win = sig.windowSeconds * 1000;
      const ctx = this.startingBetween(attempts, first - win, last + win).filter((b) => hosts.has(b.host) && !memberSet.has(b) &&
        this.passes(c.select, b, causes.get(b.id)));
      if (ctx.length) {
        for (const b of ctx) evidence.push(...this.evidenceOf(c.select, b, causes.get(b.id)).map((e) => ({ ...e, pinned: true })));
        notes.push(`${c.label}: ${listInOrder(ctx.map((b) => `${b.user ?? 'unknown user'} from ${b.clientAddress ?? 'unknown address'} at ${when(b.start)}`), 6)}.`);
      }
    }
    const single = (s: Set<string>) => (s.size === 1 ? [...s][0]! : null);
    return {
      rule, sig,
      host: sig.per === 'client-all-hosts' ? [...hosts].sort()[0]! : burst[0]!.a.host,
      clientAddress: sig.per === 'client' || sig.per === 'client-all-hosts' ? single(clients) : null,
      user: sig.per === 'user' ? single(users) : null,
      attempts: members,
      evidence,
      confidence: sig.confidence ?? rule.confidence,
      notes: sig.note ? [sig.note, ...notes] : notes,
    };
  }
}

function listSome(values: Iterable<string>, n: number): string {
  const all = [...new Set(values)].sort();
  return all.length <= n ? all.join(', ') : `${all.slice(0, n).join(', ')} and ${all.length - n} more`;
}

/** Keeps the given (time) order; says how many more there are. */
function listInOrder(values: string[], n: number): string {
  return values.length <= n ? values.join(', ') : `${values.slice(0, n).join(', ')} and ${values.length - n} more`;
}

/**
 * Attempts in progress at a moving time, counted by client address. `othersAt` must be asked with
 * non-decreasing times; `spans` must be sorted by start.
 */
export class DuringSweep {
  private next = 0;
  private readonly ends = new DeadlineQueue<string | null>();
  private readonly perClient = new Map<string | null, number>();
  private total = 0;

  constructor(private readonly spans: ReadonlyArray<{ from: number; to: number; client: string | null }>) {}

  /** Is an attempt from an address other than `client` in progress at `t` (started at or before, ended at or after)? */
  othersAt(t: number, client: string | null): boolean {
    while (this.next < this.spans.length && this.spans[this.next]!.from <= t) {
      const s = this.spans[this.next++]!;
      this.ends.push(s.to, s.client);
      this.perClient.set(s.client, (this.perClient.get(s.client) ?? 0) + 1);
      this.total++;
    }
    for (let c = this.ends.popBefore(t); c !== undefined; c = this.ends.popBefore(t)) {
      this.perClient.set(c, this.perClient.get(c)! - 1);
      this.total--;
    }
    return this.total - (this.perClient.get(client) ?? 0) > 0;
  }
}
