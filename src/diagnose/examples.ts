/**
 * Turns a rule's example (./types.ts RuleExample) into attempts and stored events, and serves them
 * as a DiagnosisSource. This is how each rule's own test case runs through the real engine.
 */
import type { Attempt, AttemptEventLink, StageId } from '../model/analysis.js';
import type { StoredEvent } from '../model/event.js';
import type { DiagnosisSource } from './index.js';
import { defaultChannel } from './providers.js';
import type { ExampleEvent, RuleExample } from './types.js';

const BASE_MS = Date.parse('2026-03-02T09:00:00.000Z');

/** `YYYY-MM-DDTHH:MM:SS.fffffffZ`, the normalised event time format. */
export function exampleTime(seconds: number): string {
  const iso = new Date(BASE_MS + Math.round(seconds * 1000)).toISOString(); // …SS.mmmZ
  return `${iso.slice(0, 23)}0000Z`;
}

export class MemorySource implements DiagnosisSource {
  private byId: Map<number, StoredEvent> | null = null;

  constructor(readonly events: StoredEvent[], readonly attemptList: Attempt[]) {}

  async hosts(): Promise<string[]> {
    return [...new Set([...this.events.map((e) => e.host), ...this.attemptList.map((a) => a.host)])].sort();
  }

  async attempts(filter?: { host?: string }): Promise<Attempt[]> {
    return this.attemptList.filter((a) => !filter?.host || a.host === filter.host);
  }

  async getEvents(ids: number[]): Promise<StoredEvent[]> {
    if (!this.byId || this.byId.size !== this.events.length) this.byId = new Map(this.events.map((e) => [e.id, e]));
    return [...new Set(ids)].sort((a, b) => a - b).flatMap((id) => {
      const e = this.byId!.get(id);
      return e ? [e] : [];
    });
  }

  async *streamEvents(q: { host?: string }): AsyncIterable<StoredEvent> {
    const list = this.events.filter((e) => !q.host || e.host === q.host)
      .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.id - b.id));
    for (const e of list) yield e;
  }
}

function makeEvent(id: number, host: string, e: ExampleEvent): StoredEvent {
  return {
    id,
    host,
    channel: e.channel ?? defaultChannel(e.provider, e.eventId),
    provider: e.provider,
    providerGuid: null,
    eventId: e.eventId,
    qualifiers: null,
    version: 0,
    level: 4,
    task: null,
    opcode: null,
    keywords: null,
    time: exampleTime(e.at),
    recordId: id,
    activityId: null,
    relatedActivityId: null,
    processId: null,
    threadId: null,
    userSid: null,
    fields: { ...(e.fields ?? {}) },
    message: null,
    levelText: null,
    origin: { file: 'example', offset: 0 },
  };
}

/** Builds one source from several examples (each keeps its own host). */
export function sourceFromExamples(examples: readonly RuleExample[]): MemorySource {
  const events: StoredEvent[] = [];
  const attempts: Attempt[] = [];
  let nextId = 1;
  for (const [x, ex] of examples.entries()) {
    const host = ex.host ?? 'HOST';
    for (const he of ex.hostEvents ?? []) events.push(makeEvent(nextId++, host, he));
    const ids = ex.attempts.map((_, i) => `${host}/${x}/${i}`);
    for (const [i, a] of ex.attempts.entries()) {
      const links: AttemptEventLink[] = [];
      for (const e of a.events) {
        const ev = makeEvent(nextId++, host, e);
        events.push(ev);
        links.push({ eventId: ev.id, joinKey: e.join ?? 'activity-id', confidence: e.confidence ?? 1, stage: null });
      }
      const times = a.events.map((e) => e.at);
      const start = a.start ?? (times.length ? Math.min(...times) : 0);
      const end = a.end ?? (times.length ? Math.max(...times) : start);
      attempts.push({
        id: ids[i]!,
        host,
        side: a.side ?? 'server',
        clientAddress: a.clientAddress ?? (a.side === 'client' ? a.target ?? null : null),
        clientPort: null,
        target: a.target ?? null,
        user: a.user ?? null,
        start: exampleTime(start),
        end: exampleTime(end),
        stage: a.stage as StageId,
        outcome: a.outcome,
        disconnect: a.disconnect ? { code: a.disconnect.code, table: a.disconnect.table, name: '', description: '' } : null,
        activityId: null,
        connectionName: null,
        sessionId: null,
        logonId: null,
        peerAttemptId: a.peer !== undefined ? ids[a.peer] ?? null : null,
        peerJoin: null,
        events: links,
      });
    }
  }
  return new MemorySource(events, attempts);
}
