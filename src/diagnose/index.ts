/**
 * Diagnosis: from correlated attempts and the host event streams to findings and coverage notes.
 *
 *   diagnoseStore(store)  — runs every rule over the case database and stores the result.
 *   diagnose(source)      — the same over anything that can list hosts, attempts and events
 *                           (tests use an in-memory source built from the rules' own examples).
 */
import type { Attempt, CoverageNote, Finding } from '../model/analysis.js';
import type { StoredEvent } from '../model/event.js';
import type { Store } from '../store/types.js';
import { catalogLookup } from './catalog-lookup.js';
import { coverageNotes, HostStats } from './coverage.js';
import { explainAttempt, HostCollector, prepareView, type Explanation } from './engine.js';
import { buildFindings, chooseCauses, groupFindings, groupsFromPopulation } from './findings.js';
import { PopulationCollector } from './population.js';
import { RULES } from './rules/index.js';
import type { AttemptView, CodeLookup, LinkedEvent, Rule } from './types.js';

export type { Rule } from './types.js';
export { RULES } from './rules/index.js';

/** What diagnosis reads. The Store satisfies it; so does the in-memory example source. */
export interface DiagnosisSource {
  hosts(): Promise<string[]>;
  attempts(filter?: { host?: string }): Promise<Attempt[]>;
  getEvents(ids: number[]): Promise<StoredEvent[]>;
  streamEvents(q: { host?: string }): AsyncIterable<StoredEvent>;
}

export interface DiagnoseOptions {
  rules?: readonly Rule[];
  /** decodes a value in a code table (for `codeTable` tests and evidence meanings); default: the catalog */
  lookup?: CodeLookup;
}

export interface Diagnosis {
  findings: Finding[];
  coverage: CoverageNote[];
}

/** Attempts are evaluated in batches so linked events of a huge host are never all in memory. */
const ATTEMPT_BATCH = 200;

export async function diagnose(source: DiagnosisSource, opts: DiagnoseOptions = {}): Promise<Diagnosis> {
  const rules = opts.rules ?? RULES;
  const lookup = opts.lookup ?? catalogLookup;
  const hosts = [...(await source.hosts())].sort();
  const allAttempts: Attempt[] = [];
  const explanations: Explanation[] = [];
  const stats: HostStats[] = [];
  const population = new PopulationCollector(rules, lookup);

  for (const host of hosts) {
    const attempts = (await source.attempts({ host })).filter((a) => a.host === host);
    allAttempts.push(...attempts);

    // attempt scope: each attempt with its linked events
    for (let i = 0; i < attempts.length; i += ATTEMPT_BATCH) {
      const batch = attempts.slice(i, i + ATTEMPT_BATCH);
      const ids = [...new Set(batch.flatMap((a) => a.events.map((l) => l.eventId)))];
      const events = new Map<number, StoredEvent>();
      for (let j = 0; j < ids.length; j += 500) {
        for (const ev of await source.getEvents(ids.slice(j, j + 500))) events.set(ev.id, ev);
      }
      for (const a of batch) {
        const linked: LinkedEvent[] = a.events.flatMap((l) => {
          const event = events.get(l.eventId);
          return event ? [{ event, joinKey: l.joinKey, confidence: l.confidence }] : [];
        });
        const view = prepareView({ attempt: a, events: linked } satisfies AttemptView);
        explanations.push(...explainAttempt(rules, view, lookup));
        population.observe(view);
      }
    }

    // host scope: one streaming pass over the host's events
    const collector = new HostCollector(host, rules, lookup);
    const st = new HostStats(host);
    for await (const ev of source.streamEvents({ host })) {
      collector.push(ev);
      st.push(ev);
    }
    stats.push(st);
    explanations.push(...collector.explain(attempts));
  }

  const { claims, hostOnly } = chooseCauses(allAttempts, explanations);
  const causes = new Map(claims.map((c) => [c.attempt.id, c.explanation.rule.id]));
  const bursts = population.evaluate(allAttempts, causes);
  const groups = [...groupFindings(claims, hostOnly), ...groupsFromPopulation(bursts)];
  const findings = await buildFindings(groups, (ids) => source.getEvents(ids));
  const coverage = coverageNotes(stats, allAttempts, claims);
  return { findings, coverage };
}

/** Diagnoses the case database and replaces its stored findings and coverage notes. */
export async function diagnoseStore(store: Store, opts: DiagnoseOptions = {}): Promise<Diagnosis> {
  const result = await diagnose(store, opts);
  await store.replaceFindings(result.findings, result.coverage);
  return result;
}
