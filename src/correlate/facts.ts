/**
 * One event reduced to what the correlator keys on: its source log, its stage, and the values of the
 * fields the catalog gives a role (client address, user, session id, connection name, logon id …).
 */
import type { StoredEvent } from '../model/event.js';
import type { StageId } from '../model/analysis.js';
import { normalizeAddress, type NormalizedAddress } from '../normalize/address.js';
import { normalizeUser, type NormalizedUser } from '../normalize/user.js';
import type { CatalogPort, EventFactsDef, Role } from './catalog-port.js';

export type Source = 'rdpcorets' | 'lsm' | 'rcm' | 'security' | 'client' | 'schannel' | 'termdd' | 'lsasrv' | 'other';

const SOURCES: Record<string, Source> = {
  'microsoft-windows-remotedesktopservices-rdpcorets': 'rdpcorets',
  'microsoft-windows-terminalservices-localsessionmanager': 'lsm',
  'microsoft-windows-terminalservices-remoteconnectionmanager': 'rcm',
  termservice: 'rcm',
  'microsoft-windows-security-auditing': 'security',
  'microsoft-windows-terminalservices-clientactivexcore': 'client',
  schannel: 'schannel',
  termdd: 'termdd',
  lsasrv: 'lsasrv',
};

export function sourceOf(provider: string): Source {
  return SOURCES[provider.trim().toLowerCase()] ?? 'other';
}

export interface Facts {
  ev: StoredEvent;
  /** event time in ms since the epoch (sub-ms digits dropped: windows here are seconds long) */
  ms: number;
  src: Source;
  id: number;
  def: EventFactsDef;
  stage: StageId | null;
  /** an error/warning at a logon-or-later stage: the event says the step failed (4625, 4825 …) */
  failure: boolean;
  /**
   * the event proves a user logged on over this connection. RdpCoreTS 66/ConnectNotify alone do not:
   * they also bind scanners and abandoned logon screens to the winlogon session (SAMPLE-BK ms_t120 scans).
   */
  logon: boolean;
  address: NormalizedAddress;
  user: NormalizedUser | null;
  sessionId: number | null;
  connectionName: string | null;
  /** lower-case hex without leading zeros (`0x6a423`), as 4624 and 4778 spell it differently */
  logonId: string | null;
  logonType: number | null;
  target: string | null;
  activityId: string | null;
}

export function timeMs(t: string): number {
  // `YYYY-MM-DDTHH:MM:SS.fffffffZ` → keep milliseconds
  const ms = Date.parse(t.length > 23 ? `${t.slice(0, 23)}Z` : t);
  return Number.isNaN(ms) ? 0 : ms;
}

function intOrNull(v: string | undefined): number | null {
  if (v === undefined) return null;
  const t = v.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  return null;
}

export function normalizeLogonId(v: string | undefined): string | null {
  if (!v) return null;
  const t = v.trim().toLowerCase();
  const m = /^0x0*([0-9a-f]+)$/.exec(t);
  if (m) return `0x${m[1]}`;
  return t === '' || t === '-' ? null : t;
}

const STAGE_BY_LOGON_TYPE: Record<number, StageId | null> = { 3: 'S4', 10: 'S6', 12: 'S6', 7: 'S6' };

/** Returns null for events the catalog does not know (they are not correlated). */
export function factsOf(ev: StoredEvent, catalog: CatalogPort): Facts | null {
  const def = catalog.lookupEvent(ev.provider, ev.eventId, ev.channel);
  if (!def) return null;
  const fields = def.fields ?? {};
  const val = (role: Role): string | undefined => {
    const name = fields[role];
    return name === undefined ? undefined : ev.fields[name];
  };
  const src = sourceOf(ev.provider);
  const logonType = intOrNull(val('logonType'));
  let stage = def.stage;
  // A logon's stage depends on its type: type 3 is the NLA pre-authentication, 10/12 the interactive logon.
  if (src === 'security' && (ev.eventId === 4624 || ev.eventId === 4625)) stage = logonType === null ? null : (STAGE_BY_LOGON_TYPE[logonType] ?? null);
  // the UDP side channel of a connection (131 ConnType=UDP) is multi-transport setup, stage S8
  if (src === 'rdpcorets' && ev.eventId === 131 && /^udp$/i.test((val('connType') ?? '').trim())) stage = 'S8';
  const rank = stage ? stageRank(stage) : -1;
  const failure = (def.severity === 'error' || def.severity === 'warning') && rank >= 6 && stage !== 'S9';
  const connectionName = val('connectionName')?.trim() || null;
  const logon =
    (src === 'security' && ((ev.eventId === 4624 && (logonType === 10 || logonType === 12)) || ev.eventId === 4778)) ||
    (src === 'lsm' && (ev.eventId === 21 || ev.eventId === 22 || ev.eventId === 25)) ||
    (src === 'rdpcorets' && ev.eventId === 72 && /^\s*LogonNotify/i.test(ev.fields['MethodName'] ?? '')) ||
    (src === 'client' && (ev.eventId === 1025 || ev.eventId === 1027));
  return {
    ev,
    ms: timeMs(ev.time),
    src,
    id: ev.eventId,
    def,
    stage,
    failure,
    logon,
    address: normalizeAddress(val('clientAddress'), val('clientPort')),
    user: normalizeUser(val('user'), val('domain')),
    sessionId: intOrNull(val('sessionId')),
    connectionName,
    logonId: normalizeLogonId(val('logonId')),
    logonType,
    target: val('target')?.trim() || null,
    activityId: ev.activityId,
  };
}

const RANK: Record<StageId, number> = { S0: 0, S1: 1, S2: 2, S3: 3, S4: 4, S5: 5, S6: 6, S7: 7, S8: 8, S9: 9, S10: 10, S11: 11 };
export function stageRank(s: StageId): number {
  return RANK[s];
}
export const STAGES: StageId[] = ['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9', 'S10', 'S11'];
