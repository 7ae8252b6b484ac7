/**
 * Coverage gaps: what the supplied logs cannot show. A missing System log hides Schannel and
 * TermDD; a Security log without logon events means auditing is off; a failing client without its
 * own RDPClient log leaves the mstsc error code unconfirmed. These are reported, never guessed at.
 */
import type { Attempt, CoverageNote } from '../model/analysis.js';
import type { StoredEvent } from '../model/event.js';
import { CHANNEL, PROVIDER } from './providers.js';
import type { Claim } from './findings.js';

/** Per-host facts gathered while the host's events stream past. */
export class HostStats {
  readonly channels = new Set<string>();
  events = 0;
  logonAuditEvents = 0;
  serverEvents = 0;
  clientEvents = 0;

  constructor(readonly host: string) {}

  push(ev: StoredEvent): void {
    this.events++;
    const ch = ev.channel.toLowerCase();
    this.channels.add(ch);
    const prov = ev.provider.toLowerCase();
    if (ch === CHANNEL.security.toLowerCase() && [4624, 4625, 4634, 4647].includes(ev.eventId)) this.logonAuditEvents++;
    if (prov === PROVIDER.lsm.toLowerCase() || prov === PROVIDER.rcm.toLowerCase() || prov === PROVIDER.rdpCore.toLowerCase() || prov === PROVIDER.termdd.toLowerCase()) this.serverEvents++;
    if (prov === PROVIDER.client.toLowerCase()) this.clientEvents++;
  }

  has(channel: string): boolean {
    return this.channels.has(channel.toLowerCase());
  }
}

const FAILING = new Set(['failed-before-logon']);

function a(side: 'server' | 'client'): string {
  return side === 'server' ? 'from' : 'to';
}

function listSome(values: Iterable<string>, n: number): string {
  const all = [...values].sort();
  return all.length <= n ? all.join(', ') : `${all.slice(0, n).join(', ')} and ${all.length - n} more`;
}

export function coverageNotes(stats: readonly HostStats[], attempts: readonly Attempt[], claims: readonly Claim[]): CoverageNote[] {
  const notes: CoverageNote[] = [];
  const claimOf = new Map(claims.map((c) => [c.attempt.id, c]));
  const hasClientLog = attempts.some((a) => a.side === 'client');
  // grouped once: a forwarded-events case can hold thousands of hosts
  const byHost = new Map<string, Attempt[]>();
  for (const at of attempts) {
    const list = byHost.get(at.host);
    if (list) list.push(at);
    else byHost.set(at.host, [at]);
  }
  for (const s of [...stats].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0))) {
    const mine = byHost.get(s.host) ?? [];
    const isServer = s.serverEvents > 0 || mine.some((a) => a.side === 'server');
    const isClient = s.clientEvents > 0 || mine.some((a) => a.side === 'client');
    const note = (kind: string, message: string) => notes.push({ host: s.host, kind, message });
    if (isServer) {
      if (!s.has(CHANNEL.system)) {
        note('no-system-log', `no System log for ${s.host}: Schannel, TermDD and RDP certificate (RCM 1050–1067) evidence cannot be seen`);
      }
      if (!s.has(CHANNEL.security)) {
        note('no-security-log', `no Security log for ${s.host}: failed and successful logons (4625/4624) and NLA credential failures cannot be confirmed`);
      } else if (s.logonAuditEvents === 0) {
        note('no-security-auditing', `the Security log of ${s.host} has no logon/logoff events (4624/4625/4634): logon auditing appears to be off`);
      }
      if (!s.has(CHANNEL.rdpCore)) {
        note('no-rdpcorets', `no RdpCoreTS log for ${s.host}: TCP accepts, client addresses and per-connection disconnect reasons cannot be seen`);
      }
      if (!s.has(CHANNEL.lsm)) {
        note('no-lsm-log', `no LocalSessionManager log for ${s.host}: session logon, disconnect and logoff reasons cannot be seen`);
      }
      // real failures (not scanner noise) whose client side nobody supplied
      const failingClients = new Set<string>();
      for (const a of mine) {
        if (a.side !== 'server' || !FAILING.has(a.outcome) || a.peerAttemptId || !a.clientAddress) continue;
        const c = claimOf.get(a.id);
        if (c && c.explanation.rule.category !== 'failure') continue;
        failingClients.add(a.clientAddress);
      }
      if (failingClients.size > 0 && !hasClientLog) {
        note('no-client-log', `no client-side RDPClient log for ${failingClients.size === 1 ? 'the failing client' : `${failingClients.size} failing clients`} of ${s.host} (${listSome(failingClients, 5)}): the error the user saw (e.g. 0x904) cannot be confirmed`);
      }
    }
    // failures no rule explains: say so, and what was not supplied, instead of guessing a cause
    const unexplained = mine.filter((a) => FAILING.has(a.outcome) && !claimOf.has(a.id));
    if (unexplained.length > 0) {
      const missing = notes.filter((n) => n.host === s.host && n.kind.startsWith('no-')).map((n) => n.kind.replace(/^no-/, '').replace(/-log$/, ''));
      const who = new Set(unexplained.map((a) => (a.side === 'server' ? a.clientAddress : a.target ?? a.clientAddress) ?? '?'));
      note('unexplained-failures', `${unexplained.length} failed connection${unexplained.length === 1 ? '' : 's'} on ${s.host} (${a(unexplained[0]!.side)} ${listSome(who, 5)}) match no known cause: the connection was closed without server-side evidence of why` +
        (missing.length ? `; missing here: ${missing.join(', ')}` : '; consider Schannel verbose logging (SCHANNEL\\EventLogging=7) and the CAPI2 log'));
    }
    if (isClient) {
      const unmatched = new Set<string>();
      for (const a of mine) {
        if (a.side === 'client' && FAILING.has(a.outcome) && !a.peerAttemptId) unmatched.add(a.target ?? a.clientAddress ?? '?');
      }
      if (unmatched.size > 0) {
        note('no-server-log', `${s.host} failed to connect to ${listSome(unmatched, 5)}, but no server-side record of those connections was found: supply the server's RdpCoreTS, RemoteConnectionManager, System and Security logs (or the connection never reached the server)`);
      }
      if (!s.has(CHANNEL.system)) {
        note('no-client-system-log', `no System log for client ${s.host}: CredSSP (LsaSrv 6041) and client-side Schannel errors cannot be seen`);
      }
    }
  }
  return notes;
}
