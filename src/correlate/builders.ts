/**
 * Mutable attempt and session records while the stream is being read; `finish*` turns them into the
 * shared Attempt/Session objects. Outcome and stage rules live here (documented in src/correlate/README.md).
 */
import type { Attempt, AttemptEventLink, DisconnectReason, JoinKey, Outcome, Session, StageId } from '../model/analysis.js';
import type { NormalizedAddress } from '../normalize/address.js';
import type { NormalizedUser } from '../normalize/user.js';
import type { CatalogPort } from './catalog-port.js';
import type { Facts } from './facts.js';
import type { StoredEvent } from '../model/event.js';

/**
 * Order in which stages show progress. S9 (disconnect) is not progress; S8 (UDP side channel) is set up
 * before the session is bound (SAMPLE-BK: 131 UDP at 0.7 s, 66 at 1.6 s), so it ranks between S5 and S6.
 */
const PROGRESS: StageId[] = ['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S8', 'S6', 'S7', 'S10', 'S11'];
export function progressRank(s: StageId | null): number {
  return s === null ? -1 : PROGRESS.indexOf(s);
}
const FAILING: ReadonlySet<StageId> = new Set(['S2', 'S3', 'S4', 'S6']);

export type DisconnectTable = 'errorInfo' | 'lsm40' | 'rdpcorets103' | 'discReason';

export class AttemptBuilder {
  readonly links: AttemptEventLink[] = [];
  /** the linked events themselves, aligned with `links`, held only while the attempt is open */
  private events: StoredEvent[] = [];
  /** the finished record: built once, when no event can join any more */
  private finished: Attempt | null = null;
  private readonly linked = new Set<number>();
  lastMs: number;
  endMs: number | null = null;
  endTime: string | null = null;
  lastTime: string;
  stage: StageId = 'S1';
  loggedOn = false;
  loggedOff = false;
  /** credentials were exchanged: NLA evidence (4624/4625 type 3, 140, 139, 1149) */
  credentials = false;
  /** an error/warning at a negotiation or logon stage (140, 139, 4625, TermDD 50/56, Schannel …) */
  failedEvidence = false;
  /** the same, from TLS (S3) on: a real client failing, not a scanner dropping the connection */
  failedFromTls = false;
  /** a scanner signature: the BlueKeep check binds the MS_T120 channel (SAMPLE-BK 148 `ms_t120`) */
  scannerMarker = false;
  address: NormalizedAddress | null = null;
  user: NormalizedUser | null = null;
  connectionName: string | null = null;
  sessionId: number | null = null;
  logonId: string | null = null;
  target: string | null = null;
  /** opened from RCM 261 (no address known from the opener) */
  fromListener = false;
  listenerPaired = false;
  /** every ActivityID mapped to this attempt (its own and its side channels'), to unmap on finish */
  readonly activityKeys: string[] = [];
  /** between LSM 41 and 42: the connection may still be moved to an existing session */
  arbitrating = false;
  readonly reasons: Partial<Record<DisconnectTable, number>> = {};
  session: SessionBuilder | null = null;
  peerAttemptId: string | null = null;
  peerJoin: string | null = null;

  constructor(
    readonly id: string,
    readonly host: string,
    readonly side: 'server' | 'client',
    readonly startMs: number,
    readonly start: string,
    readonly activityId: string | null,
  ) {
    this.lastMs = startMs;
    this.lastTime = start;
  }

  get ended(): boolean {
    return this.endMs !== null;
  }

  has(eventRowId: number): boolean {
    return this.linked.has(eventRowId);
  }

  /** `context`: the event belongs here but says nothing about how far this connection got (a side logon's 4634). */
  add(f: Facts, joinKey: JoinKey, confidence: number, context = false): void {
    if (this.linked.has(f.ev.id)) return;
    this.linked.add(f.ev.id);
    this.links.push({ eventId: f.ev.id, joinKey, confidence: round(confidence), stage: f.stage });
    this.events.push(f.ev);
    if (f.ms >= this.lastMs) {
      this.lastMs = f.ms;
      this.lastTime = f.ev.time;
    }
    if (context) return;
    if (f.stage && f.stage !== 'S9' && f.stage !== 'S0' && progressRank(f.stage) > progressRank(this.stage)) this.stage = f.stage;
    if (f.logon || (f.stage === 'S11' && !f.failure)) this.loggedOn = true;
    if (f.stage === 'S11' && !f.failure) this.loggedOff = true;
    // keep the most complete spelling: RCM 1149 often has no domain, LSM/Security do
    if (f.user && (!this.user || (!this.user.domain && f.user.domain && f.user.name === this.user.name))) this.user = f.user;
    if ((f.def.severity === 'error' || f.def.severity === 'warning') && f.stage && FAILING.has(f.stage)) {
      this.failedEvidence = true;
      if (f.stage !== 'S2') this.failedFromTls = true;
    }
    if ((f.id === 148 || f.id === 132) && f.src === 'rdpcorets' && /^ms_t120$/i.test(f.ev.fields['ChannelName'] ?? '')) this.scannerMarker = true;
  }

  /** order in which the correlator opened it */
  seq = 0;
  /** told when the attempt ends (its deadline moves closer: the correlator re-queues it) */
  onEnded: ((a: AttemptBuilder) => void) | null = null;

  markEnded(f: Facts): void {
    if (this.endMs === null) {
      this.endMs = f.ms;
      this.endTime = f.ev.time;
      this.onEnded?.(this);
    }
  }

  setAddress(a: NormalizedAddress): void {
    if (!this.address || this.address.key === null) this.address = a;
  }

  /** See README: probe / failed-before-logon / succeeded / disconnected / logged-off / unknown. */
  outcome(): Outcome {
    if (this.loggedOn) {
      if (this.loggedOff) return 'logged-off';
      return this.ended ? 'disconnected' : 'succeeded';
    }
    if (!this.ended) return this.failedEvidence ? 'failed-before-logon' : 'unknown';
    if (this.side === 'client') return 'failed-before-logon';
    const quiet = !this.user && !this.credentials && !this.failedFromTls;
    if (quiet && (progressRank(this.stage) <= progressRank('S2') || this.scannerMarker)) return 'probe';
    return 'failed-before-logon';
  }

  disconnect(catalog: CatalogPort): DisconnectReason | null {
    const r = this.reasons;
    // A specific documented reason first (errorInfo, LSM 40), then LSM 40's "no info", then the
    // undocumented RdpCoreTS 103 enumeration, and SetErrorInfo(0x0) only when nothing else was logged.
    const order: Array<[DisconnectTable, boolean]> = this.side === 'client'
      ? [['discReason', false]]
      : [['errorInfo', true], ['lsm40', true], ['lsm40', false], ['rdpcorets103', false], ['errorInfo', false]];
    for (const [table, nonZero] of order) {
      const code = r[table];
      if (code === undefined || (nonZero && code === 0)) continue;
      const d = catalog.decodeCode(table, code);
      return { code, table, name: d?.name ?? `${table} ${code}`, description: d?.description ?? '' };
    }
    return null;
  }

  /** The linked events (aligned with `links`); the builder forgets them. */
  takeEvents(): StoredEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }

  /** The finished attempt (the same object on every call): only valid once no event can join. */
  result(catalog: CatalogPort): Attempt {
    this.finished ??= this.finish(catalog);
    return this.finished;
  }

  finish(catalog: CatalogPort): Attempt {
    const a = this.address;
    return {
      id: this.id,
      host: this.host,
      side: this.side,
      clientAddress: a?.display ?? null,
      clientPort: a?.port ?? null,
      target: this.target,
      user: this.user?.display ?? null,
      start: this.start,
      end: this.endTime ?? this.lastTime,
      stage: this.stage,
      outcome: this.outcome(),
      disconnect: this.disconnect(catalog),
      activityId: this.activityId,
      connectionName: this.connectionName,
      sessionId: this.sessionId,
      logonId: this.logonId,
      peerAttemptId: this.peerAttemptId,
      peerJoin: this.peerJoin,
      events: this.links,
    };
  }
}

export class SessionBuilder {
  readonly links: AttemptEventLink[] = [];
  private readonly linked = new Set<number>();
  readonly attemptIds: string[] = [];
  reconnects = 0;
  disconnects = 0;
  state: 'active' | 'disconnected' | 'logged-off' | 'unknown' = 'active';
  end: string | null = null;
  logonId: string | null = null;
  closed = false;
  /** a provisional session that turned out to be a reconnect's logon (not reported) */
  dropped = false;
  /** time of a Security logoff (4647/4634) waiting for the LSM 23 that closes the session */
  pendingLogoff: string | null = null;
  lastMs: number;

  constructor(
    readonly id: string,
    readonly host: string,
    readonly startMs: number,
    readonly start: string,
    public sessionId: number | null,
    public user: NormalizedUser | null,
    public address: NormalizedAddress | null,
  ) {
    this.lastMs = startMs;
  }

  add(f: Facts, joinKey: JoinKey, confidence: number): void {
    if (this.linked.has(f.ev.id)) return;
    this.linked.add(f.ev.id);
    this.links.push({ eventId: f.ev.id, joinKey, confidence: round(confidence), stage: f.stage });
    if (f.ms > this.lastMs) this.lastMs = f.ms;
    if (!this.user && f.user) this.user = f.user;
    if ((!this.address || this.address.kind === 'none') && f.address.kind !== 'none') this.address = f.address;
  }

  addAttempt(id: string): void {
    if (!this.attemptIds.includes(id)) this.attemptIds.push(id);
  }

  finish(): Session {
    return {
      id: this.id,
      host: this.host,
      user: this.user?.display ?? null,
      sessionId: this.sessionId,
      clientAddress: this.address?.display ?? null,
      start: this.start,
      end: this.end,
      attemptIds: this.attemptIds,
      reconnects: this.reconnects,
      disconnects: this.disconnects,
      outcome: this.state,
      events: this.links,
    };
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
