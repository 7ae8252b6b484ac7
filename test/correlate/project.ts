// The facts of attempts and sessions a scenario's expected.json pins down (not every byte).
import type { Attempt, Session } from '../../src/model/analysis.js';

export interface ExpectedCase {
  description: string;
  attempts: Array<Record<string, unknown>>;
  sessions: Array<Record<string, unknown>>;
}

export function projectAttempt(a: Attempt): Record<string, unknown> {
  return {
    id: a.id,
    side: a.side,
    clientAddress: a.clientAddress,
    clientPort: a.clientPort,
    target: a.target,
    user: a.user,
    start: a.start,
    stage: a.stage,
    outcome: a.outcome,
    disconnect: a.disconnect ? `${a.disconnect.table} ${a.disconnect.code}` : null,
    connectionName: a.connectionName,
    sessionId: a.sessionId,
    logonId: a.logonId,
    peerAttemptId: a.peerAttemptId,
    events: a.events.length,
    joins: Object.fromEntries(
      [...a.events.reduce((m, l) => m.set(l.joinKey, (m.get(l.joinKey) ?? 0) + 1), new Map<string, number>())].sort(([x], [y]) => (x < y ? -1 : 1)),
    ),
  };
}

export function projectSession(s: Session): Record<string, unknown> {
  return {
    id: s.id,
    user: s.user,
    sessionId: s.sessionId,
    clientAddress: s.clientAddress,
    start: s.start,
    end: s.end,
    attemptIds: s.attemptIds,
    reconnects: s.reconnects,
    disconnects: s.disconnects,
    outcome: s.outcome,
  };
}
