/**
 * Diagnosis as a consumer of streams, so it can ride along the correlation pass instead of reading
 * the case again: attempts arrive one by one with their linked events (attempt and population
 * scope), host events arrive in time order (host scope), and `finish` picks causes and builds the
 * findings once every attempt is known.
 *
 * The result does not depend on the order attempts arrive in: explanations are put back into the
 * order of hosts (sorted) and attempts (start, host, id) before causes are chosen.
 */
import type { Attempt, CoverageNote, Finding } from '../model/analysis.js';
import type { StoredEvent } from '../model/event.js';
import { catalogLookup } from './catalog-lookup.js';
import { coverageNotes, HostStats } from './coverage.js';
import { explainAttempt, HostCollector, prepareView, type Explanation } from './engine.js';
import { buildFindings, chooseCauses, groupFindings, groupsFromPopulation } from './findings.js';
import { PopulationCollector } from './population.js';
import { RULES } from './rules/index.js';
import type { CodeLookup, LinkedEvent, Rule } from './types.js';

export interface DiagnoseOptions {
  rules?: readonly Rule[];
  /** decodes a value in a code table (for `codeTable` tests and evidence meanings); default: the catalog */
  lookup?: CodeLookup;
}

export interface Diagnosis {
  findings: Finding[];
  coverage: CoverageNote[];
}

/** Attempt-scope explanations, computed for each answer a `hasPeer` test may still get. */
interface AttemptReading {
  /** explanations when the attempt turns out to have no peer / to have one */
  withoutPeer: Explanation[];
  withPeer: Explanation[];
}

export class Diagnoser {
  private readonly rules: readonly Rule[];
  private readonly lookup: CodeLookup;
  private readonly population: PopulationCollector;
  /** a rule tests `hasPeer`: the client↔server join comes after attempts are read, so read both ways */
  private readonly peerSensitive: boolean;
  private readonly readings = new Map<string, AttemptReading>();
  /** `rule \u0000 host` of every attempt explanation, kept or not (see keepContenders) */
  private readonly rulesOnHost = new Set<string>();
  private readonly hostScope = new Map<string, { collector: HostCollector; stats: HostStats }>();

  constructor(opts: DiagnoseOptions = {}) {
    this.rules = opts.rules ?? RULES;
    this.lookup = opts.lookup ?? catalogLookup;
    this.population = new PopulationCollector(this.rules, this.lookup);
    this.peerSensitive = this.rules.some((r) => r.signatures.some((s) => s.scope === 'attempt' && s.attempt?.hasPeer !== undefined));
  }

  /** One attempt with its linked events (any order of attempts; each attempt once). */
  observeAttempt(attempt: Attempt, events: LinkedEvent[]): void {
    const view = prepareView({ attempt, events });
    if (!this.peerSensitive) {
      const ex = this.keepContenders(explainAttempt(this.rules, view, this.lookup));
      this.readings.set(attempt.id, { withoutPeer: ex, withPeer: ex });
    } else {
      const as = (peer: string | null) => this.keepContenders(explainAttempt(this.rules, { ...view, attempt: { ...attempt, peerAttemptId: peer } }, this.lookup)
        .map((e) => ({ ...e, attemptId: attempt.id })));
      this.readings.set(attempt.id, { withoutPeer: as(null), withPeer: as(attempt.peerAttemptId ?? '(joined later)') });
    }
    this.population.observe(view);
  }

  /**
   * Only an attempt's explanations of its best rank can become its cause (a lower rank always loses,
   * whatever merges with it later), so the others are dropped now: a large case keeps one or two per
   * attempt. Which rules explained attempts on a host is still remembered, as choosing causes needs it.
   */
  private keepContenders(ex: Explanation[]): Explanation[] {
    for (const e of ex) this.rulesOnHost.add(`${e.rule.id}\u0000${e.host}`);
    if (ex.length <= 1) return ex;
    let best = Number.POSITIVE_INFINITY;
    for (const e of ex) best = Math.min(best, e.rule.rank);
    return ex.filter((e) => e.rule.rank === best);
  }

  /** One host event; each host's events must arrive in time order. */
  observeEvent(ev: StoredEvent): void {
    const scope = this.scopeOf(ev.host);
    scope.collector.push(ev);
    scope.stats.push(ev);
  }

  private scopeOf(host: string): { collector: HostCollector; stats: HostStats } {
    let s = this.hostScope.get(host);
    if (!s) {
      s = { collector: new HostCollector(host, this.rules, this.lookup), stats: new HostStats(host) };
      this.hostScope.set(host, s);
    }
    return s;
  }

  /**
   * Chooses causes and builds findings. `attempts`: every attempt of the case (peers joined);
   * `hosts`: every host of the case; `getEvents` resolves evidence events.
   */
  async finish(
    hosts: readonly string[],
    attempts: readonly Attempt[],
    getEvents: (ids: number[]) => Promise<StoredEvent[]>,
  ): Promise<Diagnosis> {
    const byHost = new Map<string, Attempt[]>();
    for (const a of attempts) {
      const list = byHost.get(a.host) ?? [];
      list.push(a);
      byHost.set(a.host, list);
    }
    const order = (a: Attempt, b: Attempt) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const allAttempts: Attempt[] = [];
    const explanations: Explanation[] = [];
    const stats: HostStats[] = [];
    for (const host of [...hosts].sort()) {
      const mine = (byHost.get(host) ?? []).sort(order);
      allAttempts.push(...mine);
      for (const a of mine) {
        const r = this.readings.get(a.id);
        if (r) explanations.push(...(a.peerAttemptId !== null ? r.withPeer : r.withoutPeer));
      }
      const scope = this.scopeOf(host);
      stats.push(scope.stats);
      explanations.push(...scope.collector.explain(mine));
    }
    const { claims, hostOnly } = chooseCauses(allAttempts, explanations, this.rulesOnHost);
    const causes = new Map(claims.map((c) => [c.attempt.id, c.explanation.rule.id]));
    const bursts = this.population.evaluate(allAttempts, causes);
    const groups = [...groupFindings(claims, hostOnly), ...groupsFromPopulation(bursts)];
    const findings = await buildFindings(groups, getEvents);
    const coverage = coverageNotes(stats, allAttempts, claims);
    return { findings, coverage };
  }
}
