/**
 * Correlates the time-ordered events of ONE host into connection attempts (server and client side)
 * and sessions. Streaming: state is the set of attempts and sessions still open plus lookup maps keyed
 * by ActivityID, connection name, session id, client address and logon id; attempts leave the maps
 * when they are finished (ended + grace, or idle), so memory follows concurrency, not log size.
 *
 * The join rules follow the correlation keys of the RDP signatures reference §7.
 */
import type { StoredEvent } from '../model/event.js';
import type { Attempt, JoinKey, Session } from '../model/analysis.js';
import type { CatalogPort } from './catalog-port.js';
import { defaultCatalog } from './catalog-port.js';
import { factsOf, type Facts } from './facts.js';
import { AttemptBuilder, SessionBuilder } from './builders.js';
import { OpenAttempts } from './open-attempts.js';
import { normalizeAddress, type NormalizedAddress } from '../normalize/address.js';
import { sameUser } from '../normalize/user.js';

export interface CorrelateOptions {
  catalog?: CatalogPort;
  /** UDP side channel (131 UDP) joins a TCP attempt from the same address opened at most this long before */
  udpJoinMs?: number;
  /** interactive logon (4624 type 10, LSM 21/25) joins an attempt opened at most this long before */
  logonWindowMs?: number;
  /** NLA evidence (4624/4625 type 3, 140, 1149) joins an attempt opened at most this long before */
  nlaWindowMs?: number;
  /** time-only events (Schannel, TermDD, RCM certificate) join an attempt opened at most this long before */
  timeOnlyWindowMs?: number;
  /** an ended attempt still takes trailing events (148, LSM 24/40, 4779) for this long */
  endGraceMs?: number;
  /** an attempt with no logon and no end is closed after this long without events */
  idleMs?: number;
  /** a logged-on attempt with no end is closed after this long without events */
  sessionIdleMs?: number;
  /**
   * Called once per attempt as soon as it is complete (no later event can join it), with the events
   * linked to it, in link order. A later stage can work on each attempt while its events are still in
   * memory instead of reading them back. The attempt object is the one `finish()` returns.
   */
  onAttemptDone?: (attempt: Attempt, events: AttemptEvent[]) => void;
}

/** An event linked to an attempt, as handed to `onAttemptDone`. */
export interface AttemptEvent {
  event: StoredEvent;
  joinKey: JoinKey;
  confidence: number;
}

/** What the host's logs cover: decides which event opens a server-side attempt. */
export interface HostCoverage {
  /** time intervals [startMs, endMs] in which RdpCoreTS/Operational was logging */
  rdpCoreTs: Array<[number, number]>;
  hasRcm: boolean;
  hasLsm: boolean;
}

export interface HostResult {
  attempts: Attempt[];
  sessions: Session[];
  stats: { events: number; relevant: number; linked: number; unlinked: number; peakState: number };
}

const DEFAULTS = {
  udpJoinMs: 120_000,
  logonWindowMs: 300_000,
  nlaWindowMs: 120_000,
  timeOnlyWindowMs: 60_000,
  endGraceMs: 30_000,
  idleMs: 1_800_000,
  sessionIdleMs: 7 * 86_400_000,
};

/** Coverage gaps shorter than this are treated as continuous logging. */
export const COVERAGE_GAP_MS = 600_000;
/** RCM 261 and RdpCoreTS 131 of one connection are logged this close together. */
const LISTENER_PAIR_MS = 3_000;

export class HostCorrelator {
  private readonly cat: CatalogPort;
  private readonly o: typeof DEFAULTS;
  private readonly live: OpenAttempts;
  private readonly done: AttemptBuilder[] = [];
  private readonly usedIds = new Set<string>();
  private readonly byActivity = new Map<string, { a: AttemptBuilder; primary: boolean }>();
  private readonly byConnName = new Map<string, AttemptBuilder>();
  private readonly bySessionId = new Map<number, AttemptBuilder>();
  private readonly byLogonId = new Map<string, { a: AttemptBuilder | null; s: SessionBuilder | null; closedMs?: number; linked?: boolean }>();
  private readonly clientByActivity = new Map<string, AttemptBuilder>();
  private readonly sessions = new Map<number, SessionBuilder>();
  private readonly secSessions = new Map<string, SessionBuilder>();
  private readonly recentSessions: SessionBuilder[] = [];
  private readonly recentLogons: Array<{ f: Facts; s: SessionBuilder | null }> = [];
  private readonly pending261: Facts[] = [];
  /** logon ids whose session ended, in the order they ended: dropped from byLogonId after the grace */
  private readonly closingLogons: string[] = [];
  private readonly doneSessions: SessionBuilder[] = [];
  private lastSweep = 0;
  private stats = { events: 0, relevant: 0, linked: 0, unlinked: 0, peakState: 0 };
  private covIdx = 0;

  private readonly onAttemptDone: CorrelateOptions['onAttemptDone'];

  constructor(readonly host: string, private readonly coverage: HostCoverage, opts: CorrelateOptions = {}) {
    this.cat = opts.catalog ?? defaultCatalog;
    this.o = { ...DEFAULTS, ...stripUndefined(opts) };
    this.onAttemptDone = opts.onAttemptDone;
    this.live = new OpenAttempts({
      endGraceMs: this.o.endGraceMs, idleMs: this.o.idleMs, sessionIdleMs: this.o.sessionIdleMs,
      recentWindowMs: Math.max(this.o.udpJoinMs, this.o.logonWindowMs, this.o.nlaWindowMs, this.o.timeOnlyWindowMs, LISTENER_PAIR_MS) + 10_000,
    });
  }

  // ------------------------------------------------------------------ driving

  push(ev: StoredEvent): void {
    this.stats.events++;
    const f = factsOf(ev, this.cat);
    if (!f) return;
    this.stats.relevant++;
    if (f.ms - this.lastSweep >= 1000) {
      this.sweep(f.ms);
      this.lastSweep = f.ms;
    }
    const linked = this.dispatch(f);
    if (linked) this.stats.linked++;
    else this.stats.unlinked++;
  }

  finish(): HostResult {
    this.flush261(Number.POSITIVE_INFINITY);
    for (const a of this.live.all()) this.finalize(a);
    for (const s of [...this.sessions.values(), ...this.secSessions.values()]) {
      // a Security logoff whose LSM 23 is missing (log gap) still ends the session
      if (s.pendingLogoff) {
        s.end = s.pendingLogoff;
        this.closeSession(s, null, 'logged-off');
      } else this.closeSession(s, null);
    }
    const attempts = this.done.map((a) => a.result(this.cat)).sort(byStartThenId);
    const uniq = new Map<string, SessionBuilder>();
    for (const s of this.doneSessions) if (!s.dropped) uniq.set(s.id, s);
    const sessions = [...uniq.values()].map((s) => s.finish()).sort(byStartThenId);
    return { attempts, sessions, stats: { ...this.stats } };
  }

  // ------------------------------------------------------------------ dispatch

  private dispatch(f: Facts): boolean {
    switch (f.src) {
      case 'rdpcorets': return this.onRdpCoreTs(f);
      case 'lsm': return this.onLsm(f);
      case 'rcm': return this.onRcm(f);
      case 'security': return this.onSecurity(f);
      case 'client': return this.onClient(f);
      case 'lsasrv': return this.onLsaSrv(f);
      case 'termdd':
      case 'schannel': return this.onTimeOnly(f);
      default: return false;
    }
  }

  // ------------------------------------------------------------------ server side

  private onRdpCoreTs(f: Facts): boolean {
    const act = f.activityId;
    if (f.id === 131) {
      const connType = (f.ev.fields['ConnType'] ?? '').trim().toUpperCase();
      if (connType === 'UDP') return this.onUdpSideChannel(f);
      const a = this.open(f, 'server');
      this.live.learnAddress(a, f.address);
      if (act) this.mapActivity(act, a, true);
      this.claim261(a, f);
      return true;
    }
    let hit = act ? this.byActivity.get(act) : undefined;
    let a = hit && this.live.has(hit.a) ? hit.a : undefined;
    let key: JoinKey = 'activity-id';
    let conf = hit?.primary ? 1 : 0.9;
    if (!a && f.connectionName) {
      const c = this.byConnName.get(f.connectionName);
      if (c && this.live.has(c) && f.id !== 65) {
        a = c;
        key = 'connection-name';
        conf = 0.9;
        if (act) this.mapActivity(act, a, false);
      }
    }
    if (!a && f.address.key && (f.id === 139 || f.id === 140)) {
      const c = this.findByAddress(f, this.o.nlaWindowMs, (x) => !x.loggedOn);
      if (c) ({ a, key, conf } = { a: c.a, key: 'address+time', conf: c.conf });
    }
    if (!a && f.id === 65) {
      // A connection object without an accepted TCP connection: a non-TCP listener (Hyper-V enhanced
      // session, `31C5CE94259D4006A9E4#N`) or a log that starts mid-connection.
      a = this.open(f, 'server');
      if (act) this.mapActivity(act, a, true);
      key = 'opener';
      conf = 1;
    }
    if (!a) return false;
    if (key !== 'opener') a.add(f, key, conf);
    this.applyRdpCoreTs(a, f);
    return true;
  }

  private applyRdpCoreTs(a: AttemptBuilder, f: Facts): void {
    if (f.connectionName && (f.id === 65 || f.id === 66) && !a.connectionName) {
      a.connectionName = f.connectionName;
      this.byConnName.set(f.connectionName, a);
    }
    if (f.id === 66 && f.sessionId !== null) this.bindSession(a, f.sessionId);
    if (f.id === 140 || f.id === 139) {
      a.credentials = true;
      if (f.address.key) this.live.learnAddress(a, f.address);
    }
    if (f.id === 72) {
      const m = f.ev.fields['MethodName'] ?? '';
      const err = /SetErrorInfo\(\s*(0x[0-9a-f]+|\d+)\s*\)/i.exec(m);
      if (err) a.reasons.errorInfo = parseNum(err[1]!) ?? undefined;
      const sess = /(?:ConnectNotify|LogonNotify)\(\s*SessionId\s*=\s*(\d+)\s*\)/i.exec(m);
      if (sess) this.bindSession(a, Number(sess[1]));
      if (/^OnDisconnected/i.test(m.trim())) a.markEnded(f);
    }
    if (f.id === 103) {
      const rc = parseNum(f.ev.fields['ReasonCode'] ?? '');
      if (rc !== null) a.reasons.rdpcorets103 = rc;
      a.markEnded(f);
    }
    if (f.id === 102) a.markEnded(f);
  }

  private onUdpSideChannel(f: Facts): boolean {
    const c = this.findByAddress(f, this.o.udpJoinMs, (x) => !x.ended && x.side === 'server' && !x.fromListener);
    if (!c) return false;
    c.a.add(f, 'address+time', c.conf);
    if (f.activityId) this.mapActivity(f.activityId, c.a, false);
    return true;
  }

  private mapActivity(act: string, a: AttemptBuilder, primary: boolean): void {
    this.byActivity.set(act, { a, primary });
    a.activityKeys.push(act);
  }

  private bindSession(a: AttemptBuilder, sessionId: number): void {
    a.sessionId = sessionId;
    this.bySessionId.set(sessionId, a);
  }

  private inRdpCoreTsCoverage(ms: number): boolean {
    const cov = this.coverage.rdpCoreTs;
    while (this.covIdx < cov.length && cov[this.covIdx]![1] + 60_000 < ms) this.covIdx++;
    const iv = cov[this.covIdx];
    return iv !== undefined && iv[0] - 60_000 <= ms;
  }

  private onRcm(f: Facts): boolean {
    if (f.id === 261) {
      if (!this.inRdpCoreTsCoverage(f.ms)) {
        // RdpCoreTS is not logging here: the listener event is the best opener there is.
        const a = this.open(f, 'server');
        a.fromListener = true;
        return true;
      }
      // pair with the 131 of the same connection (either order, a few seconds apart)
      for (const a of this.live.recent(f.ms).reverse()) {
        if (a.side !== 'server' || a.fromListener || a.listenerPaired) continue;
        if (Math.abs(a.startMs - f.ms) > LISTENER_PAIR_MS) {
          if (a.startMs < f.ms - LISTENER_PAIR_MS) break;
          continue;
        }
        a.listenerPaired = true;
        a.add(f, 'time', 0.7);
        return true;
      }
      this.pending261.push(f);
      return true; // decided when it expires or a 131 claims it
    }
    if (f.id === 1149) {
      const c = this.findNla(f);
      if (!c) return this.maybeOpenFallback(f);
      c.a.add(f, c.key, c.conf);
      c.a.credentials = true;
      if (f.address.key) this.live.learnAddress(c.a, f.address);
      if (f.user) c.a.user = c.a.user ?? f.user;
      return true;
    }
    // RCM classic certificate events in System and other listener events: time only
    if (f.ev.channel === 'System') return this.onTimeOnly(f);
    return false;
  }

  private claim261(a: AttemptBuilder, f: Facts): void {
    const i = this.pending261.findIndex((p) => Math.abs(p.ms - f.ms) <= LISTENER_PAIR_MS);
    if (i < 0) return;
    const [p] = this.pending261.splice(i, 1);
    a.listenerPaired = true;
    a.add(p!, 'time', 0.7);
  }

  private flush261(now: number): void {
    while (this.pending261.length && this.pending261[0]!.ms + LISTENER_PAIR_MS < now) {
      this.pending261.shift();
      // a listener connection RdpCoreTS did not log while it was logging: counted, not attached
      this.stats.unlinked++;
      this.stats.linked--;
    }
  }

  /** NLA-stage evidence: same address (or, without one, the latest listener-opened attempt) shortly after the accept. */
  private findNla(f: Facts): { a: AttemptBuilder; key: JoinKey; conf: number } | null {
    if (f.address.key) {
      const c = this.findByAddress(f, this.o.nlaWindowMs, (x) => x.side === 'server' && !x.loggedOn && (!x.ended || f.ms - x.endMs! <= this.o.endGraceMs));
      if (c) return { a: c.a, key: f.user ? 'user+address+time' : 'address+time', conf: c.conf };
    }
    const cands = this.liveServer(f.ms).filter((x) => !x.loggedOn && !x.ended && (x.fromListener || !x.address?.key) && f.ms - x.startMs <= this.o.nlaWindowMs && x.startMs <= f.ms + 1000 && !x.user);
    if (cands.length === 0) return null;
    const a = cands[cands.length - 1]!;
    return { a, key: 'time', conf: cands.length === 1 ? 0.6 : 0.6 / cands.length };
  }

  private onLsm(f: Facts): boolean {
    const sid = f.sessionId;
    // 1. attempt
    let a: AttemptBuilder | undefined;
    let key: JoinKey = 'session-id';
    let conf = 0.95;
    const act = f.activityId ? this.byActivity.get(f.activityId) : undefined;
    if (act && this.live.has(act.a)) {
      a = act.a;
      key = 'activity-id';
      conf = 0.95;
    }
    if (!a && sid !== null) {
      const s = this.bySessionId.get(sid);
      if (s && this.live.has(s)) a = s;
    }
    if (!a && f.address.key && (f.id === 21 || f.id === 22 || f.id === 25 || f.id === 24)) {
      // while a connection is in session arbitration (LSM 41 … 42) it may be handed to another, existing
      // session: the reconnect (25) then names that session, not the one the connection was bound to
      const c = this.findByAddress(f, this.o.logonWindowMs, (x) => x.side === 'server' && (x.sessionId === null || x.sessionId === sid || (x.arbitrating && f.id === 25)));
      if (c) {
        a = c.a;
        key = 'address+time';
        conf = c.conf * 0.9;
      }
    }
    if (!a && f.user && sid !== null && (f.id === 41 || f.id === 42 || f.id === 21 || f.id === 25)) {
      // arbitration (41/42) names user and session but no address: the logon of the same user just before
      const cands = this.liveServer(f.ms).filter((x) => x.sessionId === null && x.user && sameUser(x.user, f.user) && f.ms - x.startMs <= this.o.logonWindowMs && x.startMs <= f.ms + 1000 && !x.ended);
      if (cands.length) {
        a = cands[cands.length - 1]!;
        key = 'user+time';
        conf = round2(0.8 / cands.length);
      }
    }
    if (!a && (f.id === 21 || f.id === 25) && f.address.key) {
      const opened = this.maybeOpenFallbackAttempt(f);
      if (opened) {
        a = opened;
        key = 'opener';
      }
    }
    if (a) {
      if (key !== 'opener') a.add(f, key, conf);
      if (sid !== null && (a.sessionId === null || (f.id === 25 && a.sessionId !== sid))) this.bindSession(a, sid);
      if (f.address.key) this.live.learnAddress(a, f.address);
      if (f.id === 41) a.arbitrating = true;
      if (f.id === 42) a.arbitrating = false;
      if (f.id === 40) {
        const r = parseNum(f.ev.fields['Reason'] ?? '');
        if (r !== null) a.reasons.lsm40 = r;
      }
      // the temporary session of an arbitration is disconnected when the user is moved to the
      // existing one: that is not the end of the connection
      const temporary = a.arbitrating && f.id !== 23;
      if ((f.id === 24 || f.id === 39 || f.id === 40 || f.id === 23) && !temporary) a.markEnded(f);
    }
    // 2. session
    const s = this.sessionFromLsm(f, a ?? null);
    return Boolean(a || s);
  }

  private sessionFromLsm(f: Facts, a: AttemptBuilder | null): SessionBuilder | null {
    const sid = f.sessionId;
    if (sid === null) return null;
    let s = this.sessions.get(sid);
    if (s && f.id === 41 && f.user && s.user && !sameUser(f.user, s.user)) {
      // a new logon of another user arbitrated into this session id: the session we hold is over
      // (its logoff is not in the logs)
      this.closeSession(s, null, 'unknown');
      s = undefined;
    }
    if (f.id === 21 || (f.id === 25 && !s) || (f.id === 22 && !s)) {
      if (s && f.id === 21) this.closeSession(s, null, 'unknown');
      s = this.newSession(f, sid);
      this.sessions.set(sid, s);
      this.adoptPendingLogon(s, f);
    }
    if (!s) return null;
    s.add(f, 'session-id', 1);
    // a connection belongs to the session it logged on or reconnected to, not to every session
    // whose id it was bound to on the way (the logon screen)
    if (a && (f.id === 21 || f.id === 22 || f.id === 25)) {
      s.addAttempt(a.id);
      a.session = s;
    }
    if (f.id === 25) {
      s.reconnects++;
      s.state = 'active';
    } else if (f.id === 24) {
      s.disconnects++;
      s.state = 'disconnected';
    } else if (f.id === 23) {
      this.closeSession(s, f, 'logged-off');
    }
    return s;
  }

  private newSession(f: Facts, sid: number | null): SessionBuilder {
    const host = f.ev.host || this.host;
    const s = new SessionBuilder(`${host}/session/${recordKey(f)}`, host, f.ms, f.ev.time, sid, f.user, f.address.kind === 'none' ? null : f.address);
    this.recentSessions.push(s);
    return s;
  }

  private adoptPendingLogon(s: SessionBuilder, f: Facts): void {
    for (let i = this.recentLogons.length - 1; i >= 0; i--) {
      const p = this.recentLogons[i]!;
      if (p.s || f.ms - p.f.ms > 30_000) continue;
      if (!sameUser(p.f.user, f.user)) continue;
      p.s = s;
      this.linkLogonToSession(s, p.f);
      return;
    }
  }

  private linkLogonToSession(s: SessionBuilder, logon: Facts): void {
    s.logonId = logon.logonId;
    s.add(logon, 'user+address+time', 0.9);
    if (logon.logonId) {
      const e = this.byLogonId.get(logon.logonId) ?? { a: null, s: null };
      e.s = s;
      this.byLogonId.set(logon.logonId, e);
    }
  }

  private closeSession(s: SessionBuilder, f: Facts | null, state?: SessionBuilder['state']): void {
    // 4647 then 4634 of one logoff both reach a session: the first one ends it
    if (s.closed) return;
    s.closed = true;
    if (state) s.state = state;
    if (f) s.end = f.ev.time;
    if (s.sessionId !== null && this.sessions.get(s.sessionId) === s) this.sessions.delete(s.sessionId);
    if (s.logonId && this.secSessions.get(s.logonId) === s) this.secSessions.delete(s.logonId);
    if (s.logonId) {
      // 4647 and 4634 (and LSM 23) of one logoff arrive together: keep the key a little longer
      const e = this.byLogonId.get(s.logonId);
      if (e && e.s === s) this.retireLogon(s.logonId, e, f?.ms ?? s.lastMs);
    }
    this.doneSessions.push(s);
  }

  private onSecurity(f: Facts): boolean {
    switch (f.id) {
      case 4624:
      case 4625:
        if (f.logonType === 10 || f.logonType === 12) return this.onInteractiveLogon(f);
        if (f.logonType === 3) return this.onNetworkLogon(f);
        if (f.id === 4624 && (f.logonType === 2 || f.logonType === 11)) return this.onLocalLogon(f);
        return false;
      case 4634:
      case 4647:
        return this.onLogoff(f);
      case 4778:
      case 4779:
        return this.onWindowStation(f);
      case 4825: {
        const c = this.findByAddress(f, this.o.logonWindowMs, (x) => x.side === 'server');
        if (!c) return false;
        c.a.add(f, 'address+time', c.conf);
        return true;
      }
      default:
        return false;
    }
  }

  private onInteractiveLogon(f: Facts): boolean {
    const ok = f.id === 4624;
    if (ok && f.logonId && this.linkedLogon(f)) return true;
    const pred = (x: AttemptBuilder): boolean => x.side === 'server' && x.logonId === null && (!x.user || !f.user || sameUser(x.user, f.user)) && (!x.ended || f.ms - x.endMs! <= this.o.endGraceMs);
    let a: AttemptBuilder | null = null;
    let key: JoinKey = 'user+address+time';
    let conf = 0.9;
    if (f.address.key) {
      const c = this.findByAddress(f, this.o.logonWindowMs, pred);
      if (c) ({ a, conf } = { a: c.a, conf: c.conf * 0.95 });
    } else {
      // 0.0.0.0 / `-`: the logon names no peer (non-TCP listener, some builds): nearest open attempt in time
      const cands = this.liveServer(f.ms).filter((x) => pred(x) && !x.address?.key && f.ms - x.startMs <= this.o.logonWindowMs && x.startMs <= f.ms + 1000);
      if (cands.length) {
        a = cands[cands.length - 1]!;
        key = 'time';
        conf = 0.6 / cands.length;
      }
    }
    if (!a && ok && f.address.key) {
      a = this.maybeOpenFallbackAttempt(f);
      if (a) key = 'opener';
    }
    if (a) {
      if (key !== 'opener') a.add(f, key, conf);
      if (f.user) a.user = a.user ?? f.user;
      if (ok && f.logonId) {
        a.logonId = f.logonId;
        const e = this.byLogonId.get(f.logonId) ?? { a: null, s: null };
        e.a = a;
        this.byLogonId.set(f.logonId, e);
      }
    }
    if (ok) this.sessionFromLogon(f, a);
    return Boolean(a) || ok;
  }

  /**
   * Administrators get two logons at once (full and filtered token, "linked logon"): the second 4624
   * of the same user, address and logon type within a second belongs with the first.
   */
  private linkedLogon(f: Facts): boolean {
    for (let i = this.recentLogons.length - 1; i >= 0; i--) {
      const p = this.recentLogons[i]!;
      if (f.ms - p.f.ms > 1000) break;
      if (p.f.logonType !== f.logonType || !sameUser(p.f.user, f.user) || p.f.address.key !== f.address.key || p.f.logonId === f.logonId) continue;
      const first = p.f.logonId ? this.byLogonId.get(p.f.logonId) : undefined;
      const a = first?.a ?? null;
      if (a && this.live.has(a)) a.add(f, 'user+address+time', 0.9, true);
      if (p.s) p.s.add(f, 'user+address+time', 0.9);
      if (a || p.s) this.byLogonId.set(f.logonId!, { a: a && this.live.has(a) ? a : null, s: p.s, linked: true });
      return Boolean(a || p.s);
    }
    return false;
  }

  /** Console / local interactive logons (type 2, 11): only to give an LSM console session its logon id. */
  private onLocalLogon(f: Facts): boolean {
    if (!this.coverage.hasLsm || !f.logonId) return false;
    if (this.linkedLogon(f)) return true;
    const pending = { f, s: null as SessionBuilder | null };
    for (let i = this.recentSessions.length - 1; i >= 0; i--) {
      const s = this.recentSessions[i]!;
      if (f.ms - s.startMs > 30_000) break;
      if (s.logonId || !sameUser(s.user, f.user) || s.address?.kind !== 'local') continue;
      this.linkLogonToSession(s, f);
      pending.s = s;
      break;
    }
    this.recentLogons.push(pending);
    return Boolean(pending.s);
  }

  private sessionFromLogon(f: Facts, a: AttemptBuilder | null): void {
    // LSM 21 of the same user shortly before (LSM usually follows 4624): adopt it
    for (let i = this.recentSessions.length - 1; i >= 0; i--) {
      const s = this.recentSessions[i]!;
      if (f.ms - s.startMs > 30_000) break;
      if (s.logonId || !sameUser(s.user, f.user)) continue;
      this.linkLogonToSession(s, f);
      if (a) { s.addAttempt(a.id); a.session = s; }
      this.recentLogons.push({ f, s });
      return;
    }
    const pending = { f, s: null as SessionBuilder | null };
    this.recentLogons.push(pending);
    if (!this.coverage.hasLsm && f.logonId) {
      // no LocalSessionManager log: the Security logon session is the session
      const s = this.newSession(f, a?.sessionId ?? null);
      pending.s = s;
      this.secSessions.set(f.logonId, s);
      this.linkLogonToSession(s, f);
      if (a) { s.addAttempt(a.id); a.session = s; }
    }
  }

  private onNetworkLogon(f: Facts): boolean {
    // NLA pre-authentication: only when it comes from the address of an attempt still negotiating
    if (!f.address.key) {
      if (f.id !== 4625) return false;
      const cands = this.liveServer(f.ms).filter((x) => !x.loggedOn && !x.ended && f.ms - x.startMs <= 30_000 && x.startMs <= f.ms + 1000);
      if (cands.length === 0) return false;
      cands[cands.length - 1]!.add(f, 'time', 0.4 / cands.length);
      cands[cands.length - 1]!.credentials = true;
      return true;
    }
    const c = this.findByAddress(f, this.o.nlaWindowMs, (x) => x.side === 'server' && !x.loggedOn && (!x.ended || f.ms - x.endMs! <= this.o.endGraceMs));
    if (!c) return false;
    c.a.add(f, f.user ? 'user+address+time' : 'address+time', c.conf * 0.9);
    c.a.credentials = true;
    if (f.user && !c.a.user) c.a.user = f.user;
    return true;
  }

  private onLogoff(f: Facts): boolean {
    if (!f.logonId) return false;
    const e = this.byLogonId.get(f.logonId);
    if (!e) return false;
    if (e.a && this.live.has(e.a)) {
      if (e.a.logonId === f.logonId && !e.linked) {
        e.a.add(f, 'logon-id', 1);
        e.a.markEnded(f);
      } else {
        // the short-lived logon a reconnect creates before it is handed the existing session (4778
        // names the session's own logon): its end is not the end of the connection
        e.a.add(f, 'logon-id', 1, true);
      }
    }
    const s = e.s;
    if (s) {
      s.add(f, 'logon-id', 1);
      // with a LocalSessionManager log, its 23 closes the session (it follows 4647 by a moment)
      if (!this.coverage.hasLsm) this.closeSession(s, f, 'logged-off');
      else s.pendingLogoff = s.pendingLogoff ?? f.ev.time;
    }
    if (e.closedMs === undefined) this.retireLogon(f.logonId, e, f.ms);
    return true;
  }

  private retireLogon(key: string, e: { closedMs?: number }, ms: number): void {
    if (e.closedMs !== undefined) return;
    e.closedMs = ms;
    this.closingLogons.push(key);
  }

  private onWindowStation(f: Facts): boolean {
    const reconnect = f.id === 4778;
    let a: AttemptBuilder | null = null;
    let key: JoinKey = 'connection-name';
    let conf = 0.9;
    if (f.connectionName) {
      const c = this.byConnName.get(f.connectionName);
      if (c && this.live.has(c) && Math.abs(f.ms - c.lastMs) <= this.o.logonWindowMs * 12) a = c;
    }
    if (!a && f.address.key) {
      const c = this.findByAddress(f, this.o.logonWindowMs, (x) => x.side === 'server');
      if (c) ({ a, key, conf } = { a: c.a, key: 'address+time', conf: c.conf * 0.8 });
    }
    if (a) {
      a.add(f, key, conf);
      // 4778/4779 name the session's logon, which outlives the reconnect's own 4624 logon
      if (f.logonId && a.logonId !== f.logonId) a.logonId = f.logonId;
      if (!reconnect) a.markEnded(f);
    }
    const e = f.logonId ? this.byLogonId.get(f.logonId) : undefined;
    if (reconnect && a && e?.s && a.session && a.session !== e.s) this.dropReconnectLogonSession(a, a.session);
    const s = e?.s ?? a?.session ?? null;
    if (s) {
      s.add(f, f.logonId && e?.s ? 'logon-id' : 'session-id', 0.95);
      if (a) { s.addAttempt(a.id); a.session = s; }
      if (!this.coverage.hasLsm) {
        if (reconnect) { s.reconnects++; s.state = 'active'; } else { s.disconnects++; s.state = 'disconnected'; }
      }
    }
    if (a && f.logonId) {
      const entry = this.byLogonId.get(f.logonId) ?? { a: null, s };
      entry.a = a;
      this.byLogonId.set(f.logonId, entry);
    }
    return Boolean(a || s);
  }

  /**
   * Without an LSM log a reconnect's own 4624 looks like a new session until 4778 names the logon of
   * the session it rejoined: that provisional session is dropped, and the short logon's end (4634)
   * no longer ends anything.
   */
  private dropReconnectLogonSession(a: AttemptBuilder, provisional: SessionBuilder): void {
    if (provisional.sessionId !== null || provisional.closed || !provisional.logonId) return;
    if (this.secSessions.get(provisional.logonId) !== provisional) return;
    this.secSessions.delete(provisional.logonId);
    provisional.closed = true;
    provisional.dropped = true;
    const e = this.byLogonId.get(provisional.logonId);
    if (e) e.s = null;
    a.session = null;
  }

  // ------------------------------------------------------------------ time-only

  private onTimeOnly(f: Facts): boolean {
    if (f.address.key) {
      const c = this.findByAddress(f, this.o.timeOnlyWindowMs, (x) => !x.ended || f.ms - x.endMs! <= 5000);
      if (c) {
        c.a.add(f, 'address+time', c.conf * 0.9);
        return true;
      }
    }
    const cands = this.live.recent(f.ms).filter(
      (x) => x.startMs - 1000 <= f.ms && f.ms - x.startMs <= this.o.timeOnlyWindowMs && (!x.ended || f.ms - x.endMs! <= 5000),
    );
    if (cands.length === 0) return false;
    // the attempt that opened last before the event is the likeliest; several candidates lower the confidence
    const a = cands.reduce((best, x) => (x.startMs >= best.startMs ? x : best));
    a.add(f, 'time', round2(0.6 / cands.length));
    return true;
  }

  // ------------------------------------------------------------------ client side

  private onClient(f: Facts): boolean {
    const act = f.activityId;
    let a = act ? this.clientByActivity.get(act) : undefined;
    if (a && !this.live.has(a)) a = undefined;
    if (f.id === 1024 || (!a && act && [1025, 1026, 1027, 1029, 1102].includes(f.id))) {
      if (f.id === 1024 || !a) {
        a = this.open(f, 'client');
        if (act) this.clientByActivity.set(act, a);
        if (f.id !== 1024) a.add(f, 'opener', 1);
      }
    } else if (a) {
      a.add(f, 'client-activity-id', 1);
    }
    if (!a) return false;
    if (f.id === 1024 && f.target) {
      a.target = f.target;
      const addr = normalizeAddress(f.target);
      if (addr.key) this.live.learnAddress(a, addr);
    }
    if (f.id === 1102 && f.target) {
      const addr = normalizeAddress(f.target);
      if (addr.key) this.live.learnAddress(a, addr);
    }
    if (f.id === 1027 && f.sessionId !== null) a.sessionId = f.sessionId;
    if (f.id === 1026) {
      const r = parseNum(f.ev.fields[f.def.fields?.['reasonCode'] ?? 'Value'] ?? '');
      if (r !== null) a.reasons.discReason = r;
      a.markEnded(f);
    }
    return true;
  }

  private onLsaSrv(f: Facts): boolean {
    // 6041: CredSSP version refused; target `TERMSRV/<server>`
    const t = f.target?.replace(/^termsrv\//i, '').toLowerCase() ?? null;
    if (t) {
      const cands = this.live.recent(f.ms).filter((x) => x.side === 'client' && x.target?.toLowerCase() === t && f.ms - x.startMs <= this.o.timeOnlyWindowMs && x.startMs - 1000 <= f.ms);
      if (cands.length) {
        cands[cands.length - 1]!.add(f, 'address+time', 0.8);
        return true;
      }
    }
    return this.onTimeOnly(f);
  }

  // ------------------------------------------------------------------ helpers

  private open(f: Facts, side: 'server' | 'client'): AttemptBuilder {
    // the opening event's host: one machine logged under two names (NetBIOS and FQDN) is correlated as one
    const host = f.ev.host || this.host;
    let id = `${host}/${side === 'server' ? 's' : 'c'}/${recordKey(f)}`;
    if (this.usedIds.has(id)) id = `${id}-${f.src}`;
    for (let n = 2; this.usedIds.has(id); n++) id = `${id.replace(/~\d+$/, '')}~${n}`;
    this.usedIds.add(id);
    const a = new AttemptBuilder(id, host, side, f.ms, f.ev.time, f.activityId);
    a.add(f, 'opener', 1);
    this.live.add(a);
    return a;
  }

  /** Opens an attempt from a logon/authentication event when the host has neither RdpCoreTS nor RCM logs. */
  private maybeOpenFallbackAttempt(f: Facts): AttemptBuilder | null {
    if (this.coverage.rdpCoreTs.length > 0 || this.coverage.hasRcm) return null;
    if (!f.address.key) return null;
    const a = this.open(f, 'server');
    this.live.learnAddress(a, f.address);
    return a;
  }

  private maybeOpenFallback(f: Facts): boolean {
    const a = this.maybeOpenFallbackAttempt(f);
    if (a) a.credentials = true;
    return Boolean(a);
  }

  /** Open server attempts recent enough for any join window (callers test their own window). */
  private liveServer(now: number): AttemptBuilder[] {
    return this.live.recent(now).filter((a) => a.side === 'server');
  }

  /**
   * Latest live attempt from the event's address opened within `windowMs` before it (1 s of clock
   * slack between logs) that satisfies `pred`. Confidence falls when several would fit.
   */
  private findByAddress(f: Facts, windowMs: number, pred: (a: AttemptBuilder) => boolean): { a: AttemptBuilder; conf: number } | null {
    const k = f.address.key;
    if (!k) return null;
    let best: AttemptBuilder | null = null;
    let n = 0;
    for (const a of this.live.withAddress(k)) {
      if (a.startMs > f.ms + 1000 || f.ms - a.startMs > windowMs) continue;
      if (!pred(a)) continue;
      n++;
      if (!best || a.startMs >= best.startMs) best = a;
    }
    if (!best) return null;
    return { a: best, conf: n === 1 ? 0.9 : round2(0.9 - Math.min(0.4, 0.1 * (n - 1))) };
  }

  /** Entries held in the open-attempt set and lookup maps: must follow concurrency, not log size. */
  stateSize(): number {
    return this.live.size + this.byActivity.size + this.byConnName.size + this.bySessionId.size +
      this.byLogonId.size + this.clientByActivity.size + this.sessions.size + this.secSessions.size +
      this.recentSessions.length + this.recentLogons.length + this.pending261.length + this.closingLogons.length;
  }

  private sweep(now: number): void {
    this.stats.peakState = Math.max(this.stats.peakState, this.stateSize());
    this.flush261(now);
    for (const a of this.live.due(now)) this.finalize(a);
    while (this.closingLogons.length) {
      const k = this.closingLogons[0]!;
      const e = this.byLogonId.get(k);
      if (e && e.closedMs !== undefined && now - e.closedMs <= this.o.endGraceMs) break;
      this.closingLogons.shift();
      if (e && e.closedMs !== undefined) this.byLogonId.delete(k);
    }
    while (this.recentLogons.length && now - this.recentLogons[0]!.f.ms > 60_000) this.recentLogons.shift();
    while (this.recentSessions.length && now - this.recentSessions[0]!.startMs > 60_000) this.recentSessions.shift();
  }

  private finalize(a: AttemptBuilder): void {
    if (!this.live.remove(a)) return;
    this.done.push(a);
    // nothing joins a finished attempt any more: hand its events on, then let them go
    const events = a.takeEvents();
    if (this.onAttemptDone) {
      const attempt = a.result(this.cat);
      this.onAttemptDone(attempt, attempt.events.map((l, i) => ({ event: events[i]!, joinKey: l.joinKey, confidence: l.confidence })));
    }
    if (a.activityId) {
      if (this.byActivity.get(a.activityId)?.a === a) this.byActivity.delete(a.activityId);
      if (this.clientByActivity.get(a.activityId) === a) this.clientByActivity.delete(a.activityId);
    }
    for (const k of a.activityKeys) if (this.byActivity.get(k)?.a === a) this.byActivity.delete(k);
    if (a.connectionName && this.byConnName.get(a.connectionName) === a) this.byConnName.delete(a.connectionName);
    if (a.sessionId !== null && this.bySessionId.get(a.sessionId) === a) this.bySessionId.delete(a.sessionId);
    if (a.logonId) {
      const e = this.byLogonId.get(a.logonId);
      if (e?.a === a) {
        e.a = null;
        if (!e.s) this.byLogonId.delete(a.logonId);
      }
    }
  }
}

function recordKey(f: Facts): string {
  return f.ev.recordId !== null ? String(f.ev.recordId) : `e${f.ev.id}`;
}

function parseNum(v: string): number | null {
  const t = v.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  return null;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function byStartThenId(a: { start: string; id: string }, b: { start: string; id: string }): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'catalog' && k !== 'onAttemptDone')) as Partial<T>;
}

/** Builds coverage intervals from the times (ms, ascending) at which RdpCoreTS logged. */
export function coverageIntervals(timesMs: Iterable<number>, gapMs = COVERAGE_GAP_MS): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const t of timesMs) {
    const last = out[out.length - 1];
    if (last && t - last[1] <= gapMs) last[1] = Math.max(last[1], t);
    else out.push([t, t]);
  }
  return out;
}

/** Correlates one host's events (time order) in one go. */
export async function correlateHost(
  host: string,
  events: Iterable<StoredEvent> | AsyncIterable<StoredEvent>,
  coverage: HostCoverage,
  opts: CorrelateOptions = {},
): Promise<HostResult> {
  const c = new HostCorrelator(host, coverage, opts);
  for await (const ev of events) c.push(ev);
  return c.finish();
}
