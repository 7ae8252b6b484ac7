// Builds StoredEvents in code for the pure correlator tests (same shape the store returns).
import type { StoredEvent } from '../../src/model/event.js';

export const P = {
  core: ['Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational', 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS'],
  lsm: ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational', 'Microsoft-Windows-TerminalServices-LocalSessionManager'],
  rcm: ['Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational', 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'],
  sec: ['Security', 'Microsoft-Windows-Security-Auditing'],
  client: ['Microsoft-Windows-TerminalServices-RDPClient/Operational', 'Microsoft-Windows-TerminalServices-ClientActiveXCore'],
  schannel: ['System', 'Schannel'],
  termdd: ['System', 'TermDD'],
  lsasrv: ['System', 'LsaSrv'],
} as const;

export class EventLog {
  private seq = 0;
  private rec = new Map<string, number>();
  readonly events: StoredEvent[] = [];
  constructor(readonly host: string, readonly t0 = Date.parse('2024-03-04T10:00:00Z')) {}

  add(src: keyof typeof P, eventId: number, atSeconds: number, fields: Record<string, string> = {}, activityId: string | null = null): StoredEvent {
    const [channel, provider] = P[src];
    const recordId = (this.rec.get(channel) ?? 100) + 1;
    this.rec.set(channel, recordId);
    const iso = new Date(this.t0 + Math.round(atSeconds * 1000)).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
    const ev: StoredEvent = {
      id: ++this.seq, host: this.host, channel, provider, providerGuid: null, eventId, qualifiers: null, version: 0,
      level: 4, task: null, opcode: null, keywords: null, time: iso, recordId, activityId, relatedActivityId: null,
      processId: null, threadId: null, userSid: null, fields, message: null, levelText: null,
      origin: { file: `${channel}.xml`, offset: 0 },
    };
    this.events.push(ev);
    return ev;
  }

  sorted(): StoredEvent[] {
    return [...this.events].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.id - b.id));
  }
}

/** The server-side sequence of one successful connection (SAMPLE-BK reference timeline, §7). */
export function successfulConnection(log: EventLog, at: number, o: { ip: string; port: number; act: string; udpAct: string; conn: string; session: number; user: string; domain: string; logonId: string }): void {
  log.add('core', 131, at, { ConnType: 'TCP', ClientIP: `${o.ip}:${o.port}` }, o.act);
  log.add('core', 65, at + 0.003, { ConnectionName: o.conn }, o.act);
  log.add('core', 72, at + 0.004, { MethodName: 'PrepareForAccept' }, o.act);
  log.add('sec', 4624, at + 0.4, { TargetUserName: o.user, TargetDomainName: o.domain, TargetLogonId: '0x1', LogonType: '3', IpAddress: o.ip, IpPort: '0', LogonProcessName: 'NtLmSsp ' });
  log.add('rcm', 1149, at + 0.5, { Param1: o.user, Param2: o.domain, Param3: o.ip });
  log.add('core', 98, at + 0.67, {}, o.act);
  log.add('core', 131, at + 0.7, { ConnType: 'UDP', ClientIP: `[${o.ip}]:${o.port + 1}` }, o.udpAct);
  log.add('core', 135, at + 0.75, { TunnelID: '1', TransportType: 'UDP' }, o.udpAct);
  log.add('sec', 4624, at + 1.2, { TargetUserName: o.user, TargetDomainName: o.domain, TargetLogonId: o.logonId, LogonType: '10', IpAddress: o.ip, IpPort: String(o.port), LogonProcessName: 'User32 ' });
  log.add('lsm', 41, at + 1.3, { User: `${o.domain}\\${o.user}`, SessionID: String(o.session) });
  log.add('core', 66, at + 1.6, { ConnectionName: o.conn, SessionID: String(o.session) }, o.act);
  log.add('lsm', 21, at + 1.8, { User: `${o.domain}\\${o.user}`, SessionID: String(o.session), Address: o.ip });
  log.add('lsm', 22, at + 1.9, { User: `${o.domain}\\${o.user}`, SessionID: String(o.session), Address: o.ip });
  log.add('core', 72, at + 2.45, { MethodName: `ConnectNotify(SessionId=${o.session})` }, o.act);
  log.add('core', 68, at + 2.5, { ConnectionName: o.conn }, o.udpAct);
}
