/**
 * Diagnosis: from correlated attempts and the host event streams to findings and coverage notes.
 *
 *   diagnoseStore(store)  — runs every rule over the case database and stores the result.
 *   diagnose(source)      — the same over anything that can list hosts, attempts and events
 *                           (tests use an in-memory source built from the rules' own examples).
 */
import type { Attempt } from '../model/analysis.js';
import type { StoredEvent } from '../model/event.js';
import type { Store } from '../store/types.js';
import { Diagnoser, type DiagnoseOptions, type Diagnosis } from './diagnoser.js';
import type { LinkedEvent } from './types.js';

export type { Rule } from './types.js';
export { RULES } from './rules/index.js';
export { Diagnoser, type DiagnoseOptions, type Diagnosis } from './diagnoser.js';

/** What diagnosis reads. The Store satisfies it; so does the in-memory example source. */
export interface DiagnosisSource {
  hosts(): Promise<string[]>;
  attempts(filter?: { host?: string }): Promise<Attempt[]>;
  getEvents(ids: number[]): Promise<StoredEvent[]>;
  streamEvents(q: { host?: string }): AsyncIterable<StoredEvent>;
}

/** Attempts are read in batches so linked events of a huge host are never all in memory. */
const ATTEMPT_BATCH = 200;

/**
 * Diagnoses stored attempts and events: reads each host's attempts with their linked events, then
 * streams the host's events. (analyze does the same work during its correlation pass instead.)
 */
export async function diagnose(source: DiagnosisSource, opts: DiagnoseOptions = {}): Promise<Diagnosis> {
  const d = new Diagnoser(opts);
  const hosts = [...(await source.hosts())].sort();
  const allAttempts: Attempt[] = [];
  for (const host of hosts) {
    const attempts = (await source.attempts({ host })).filter((a) => a.host === host);
    allAttempts.push(...attempts);
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
        d.observeAttempt(a, linked);
      }
    }
    for await (const ev of source.streamEvents({ host })) d.observeEvent(ev);
  }
  return d.finish(hosts, allAttempts, (ids) => source.getEvents(ids));
}

/** Diagnoses the case database and replaces its stored findings and coverage notes. */
export async function diagnoseStore(store: Store, opts: DiagnoseOptions = {}): Promise<Diagnosis> {
  const result = await diagnose(store, opts);
  await store.replaceFindings(result.findings, result.coverage);
  return result;
}
