/**
 * A small, realistic case database for the TUI tests, written through the Store: one RD Session Host
 * with a certificate failure (0x904/0x7 story), an NLA failure, a good logon later disconnected, a
 * scanner probe, and the client's side of the failed connection.
 */
import { join } from 'node:path';
import type { Attempt, AttemptEventLink, Finding, JoinKey, Session, StageId } from '../../src/model/analysis.js';
import type { NormalizedEvent } from '../../src/model/event.js';
import { openStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { makeEvent } from './events.js';

const SERVER = 'RDSH01.corp.example';
const CLIENT = 'WS042.corp.example';
const RDPCORE = { channel: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational', provider: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS' };
const RCM_SYS = { channel: 'System', provider: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager', providerGuid: 'c76baa63-ae81-421c-b425-340b4b24157f' };
const SCHANNEL = { channel: 'System', provider: 'Schannel', providerGuid: '1f678132-5938-4686-9fdc-c8ff68f15c85' };
const TERMDD = { channel: 'System', provider: 'TermDD', providerGuid: null, qualifiers: 49162 };
const SECURITY = { channel: 'Security', provider: 'Microsoft-Windows-Security-Auditing', providerGuid: '54849625-5478-4994-a5ba-3e3b0328c30d' };
const LSM = { channel: 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational', provider: 'Microsoft-Windows-TerminalServices-LocalSessionManager', providerGuid: '5d896912-022d-40aa-a3a8-4fa5515c76d7' };
const CLIENTAX = { host: CLIENT, channel: 'Microsoft-Windows-TerminalServices-RDPClient/Operational', provider: 'Microsoft-Windows-TerminalServices-ClientActiveXCore', providerGuid: '28aa95bb-d444-4719-a36f-40462168127e' };

type Spec = [key: string, at: string, over: Partial<NormalizedEvent> & { eventId: number }];

const t = (hms: string) => `2026-03-05T${hms}0000Z`;

/** Events by fixture key, in time order. */
const EVENTS: Spec[] = [
  // A1: certificate failure, 10.0.0.5 (the 0x904 / 0x7 story)
  ['a1.131', t('10:00:00.100'), { ...RDPCORE, eventId: 131, activityId: 'f4201111-aaaa-4000-8000-000000000001', fields: { ConnType: 'TCP', ClientIP: '10.0.0.5:50123' } }],
  ['a1.65', t('10:00:00.105'), { ...RDPCORE, eventId: 65, activityId: 'f4201111-aaaa-4000-8000-000000000001', fields: { ConnectionName: 'RDP-Tcp#3' } }],
  ['a1.1058', t('10:00:00.180'), { ...RCM_SYS, eventId: 1058, level: 2, fields: { 'Data[1]': 'Access is denied.' } }],
  ['a1.36870', t('10:00:00.200'), { ...SCHANNEL, eventId: 36870, level: 2, fields: { Type: 'server', ErrorCode: '0x8009030D', ErrorStatus: '10001' } }],
  ['a1.56', t('10:00:00.230'), { ...TERMDD, eventId: 56, level: 2, fields: { 'Data[1]': '\\Device\\Termdd', 'Data[2]': '10.0.0.5', Binary: '00000400020030000000000038000AC0' } }],
  ['a1.103', t('10:00:00.250'), { ...RDPCORE, eventId: 103, activityId: 'f4201111-aaaa-4000-8000-000000000001', fields: { ReasonCode: '6', ErrorCode: '0x0' } }],
  // client side of A1
  ['c1.1024', t('10:00:00.050'), { ...CLIENTAX, eventId: 1024, activityId: 'c1110000-0000-4000-8000-00000000c001', fields: { Name: 'Server Name', Value: 'rdsh01.corp.example' } }],
  ['c1.1026', t('10:00:00.300'), { ...CLIENTAX, eventId: 1026, activityId: 'c1110000-0000-4000-8000-00000000c001', fields: { Name: 'Disconnect Reason', Value: '2308' } }],
  // A2: NLA failure, bob from 10.0.0.7
  ['a2.131', t('10:05:10.000'), { ...RDPCORE, eventId: 131, activityId: 'f4202222-aaaa-4000-8000-000000000002', fields: { ConnType: 'TCP', ClientIP: '10.0.0.7:50999' } }],
  ['a2.4625', t('10:05:10.400'), { ...SECURITY, eventId: 4625, fields: { TargetUserName: 'bob', TargetDomainName: 'CORP', Status: '0xC000006D', SubStatus: '0xC000006A', LogonType: '3', LogonProcessName: 'NtLmSsp ', IpAddress: '10.0.0.7', IpPort: '0' } }],
  ['a2.140', t('10:05:10.420'), { ...RDPCORE, eventId: 140, activityId: 'f4202222-aaaa-4000-8000-000000000002', fields: { IPString: '10.0.0.7' } }],
  // A3: alice logs on, later disconnects
  ['a3.131', t('10:20:00.000'), { ...RDPCORE, eventId: 131, activityId: 'f4203333-aaaa-4000-8000-000000000003', fields: { ConnType: 'TCP', ClientIP: '10.0.0.9:51000' } }],
  ['a3.65', t('10:20:00.010'), { ...RDPCORE, eventId: 65, activityId: 'f4203333-aaaa-4000-8000-000000000003', fields: { ConnectionName: 'RDP-Tcp#4' } }],
  ['a3.4624', t('10:20:01.500'), { ...SECURITY, eventId: 4624, fields: { TargetUserName: 'alice', TargetDomainName: 'CORP', LogonType: '10', TargetLogonId: '0x3e7a1', IpAddress: '10.0.0.9' } }],
  ['a3.21', t('10:20:02.000'), { ...LSM, eventId: 21, fields: { User: 'CORP\\alice', SessionID: '2', Address: '10.0.0.9' } }],
  ['a3.22', t('10:20:02.300'), { ...LSM, eventId: 22, fields: { User: 'CORP\\alice', SessionID: '2', Address: '10.0.0.9' } }],
  ['a3.24', t('11:02:03.000'), { ...LSM, eventId: 24, fields: { User: 'CORP\\alice', SessionID: '2', Address: '10.0.0.9' } }],
  ['a3.40', t('11:02:03.010'), { ...LSM, eventId: 40, fields: { Session: '2', Reason: '12' } }],
  // A4: scanner probe
  ['a4.131', t('10:40:00.000'), { ...RDPCORE, eventId: 131, activityId: 'f4204444-aaaa-4000-8000-000000000004', fields: { ConnType: 'TCP', ClientIP: '203.0.113.50:41000' } }],
  ['a4.50', t('10:40:00.020'), { ...TERMDD, eventId: 50, level: 2, fields: { 'Data[1]': '\\Device\\Termdd', 'Data[2]': 'X.224' } }],
];

function link(ids: Map<string, number>, key: string, joinKey: JoinKey, stage: StageId | null, confidence = 1): AttemptEventLink {
  return { eventId: ids.get(key)!, joinKey, confidence, stage };
}

export interface Fixture {
  store: Store;
  path: string;
  ids: Map<string, number>;
}

export interface FixtureOptions {
  /** extra field values on the A2 events (hostile-data test) */
  hostile?: string;
}

export async function buildFixture(dir: string, opts: FixtureOptions = {}): Promise<Fixture> {
  const path = join(dir, 'case.db');
  const store = await openStore(path);
  const imp = await store.beginImport({ path: 'exports/RDSH01-and-WS042.xml', sha256: 'fixture', size: 1 });
  const evs = EVENTS.map(([key, at, over], i) => {
    const e = makeEvent({ host: SERVER, recordId: 1000 + i, time: at, origin: { file: 'exports/RDSH01-and-WS042.xml', offset: i * 900, line: i * 20 + 1 }, ...over });
    if (opts.hostile && key.startsWith('a2.')) e.fields = { ...e.fields, Note: opts.hostile };
    return { key, e };
  });
  await store.insertEvents(imp, evs.map((x) => x.e));
  await store.finishImport(imp, { sha256: 'fixture', size: 1, format: 'event-viewer-xml', encoding: 'utf-8', events: evs.length, newEvents: evs.length, issues: 1, status: 'partial' });
  await store.addIssues(imp, [{ file: 'exports/RDSH01-and-WS042.xml', offset: 99999, line: 2001, kind: 'xml-malformed', message: 'unclosed <Data> element' }]);
  const ids = new Map<string, number>();
  for (const row of await store.all<{ id: number; record_id: number }>('SELECT id, record_id FROM events')) {
    ids.set(evs[row.record_id - 1000]!.key, row.id);
  }
  const base = { clientPort: null, target: null, sessionId: null, logonId: null, peerAttemptId: null, peerJoin: null, connectionName: null, activityId: null, disconnect: null };
  const user = opts.hostile ? `CORP\\bob${opts.hostile}` : 'CORP\\bob';
  const server: Attempt[] = [
    {
      ...base, id: 'RDSH01/s/1000', host: SERVER, side: 'server', clientAddress: '10.0.0.5', clientPort: 50123, user: null,
      start: t('10:00:00.100'), end: t('10:00:00.250'), stage: 'S3', outcome: 'failed-before-logon', activityId: 'f4201111-aaaa-4000-8000-000000000001', connectionName: 'RDP-Tcp#3',
      disconnect: { code: 6, table: 'rdpcorets103', name: 'security layer error', description: 'the security layer failed' },
      peerAttemptId: 'WS042/c/1006', peerJoin: 'address 10.0.0.5 + time, skew 0.1 s',
      events: [link(ids, 'a1.131', 'opener', 'S1'), link(ids, 'a1.65', 'activity-id', 'S1'), link(ids, 'a1.1058', 'time', 'S3', 0.6), link(ids, 'a1.36870', 'time', 'S3', 0.7), link(ids, 'a1.56', 'address+time', 'S3', 0.9), link(ids, 'a1.103', 'activity-id', 'S9')],
    },
    {
      ...base, id: 'RDSH01/s/1008', host: SERVER, side: 'server', clientAddress: '10.0.0.7', clientPort: 50999, user,
      start: t('10:05:10.000'), end: t('10:05:10.420'), stage: 'S4', outcome: 'failed-before-logon', activityId: 'f4202222-aaaa-4000-8000-000000000002',
      events: [link(ids, 'a2.131', 'opener', 'S1'), link(ids, 'a2.4625', 'address+time', 'S4', 0.9), link(ids, 'a2.140', 'activity-id', 'S4')],
    },
    {
      ...base, id: 'RDSH01/s/1011', host: SERVER, side: 'server', clientAddress: '10.0.0.9', clientPort: 51000, user: 'CORP\\alice',
      start: t('10:20:00.000'), end: t('11:02:03.010'), stage: 'S9', outcome: 'disconnected', sessionId: 2, logonId: '0x3e7a1', connectionName: 'RDP-Tcp#4',
      disconnect: { code: 12, table: 'lsm40', name: 'logoff by user', description: 'the user disconnected' },
      events: [link(ids, 'a3.131', 'opener', 'S1'), link(ids, 'a3.65', 'activity-id', 'S1'), link(ids, 'a3.4624', 'user+address+time', 'S6', 0.95), link(ids, 'a3.21', 'session-id', 'S7'), link(ids, 'a3.22', 'session-id', 'S7'), link(ids, 'a3.24', 'session-id', 'S9'), link(ids, 'a3.40', 'session-id', 'S9')],
    },
    {
      ...base, id: 'RDSH01/s/1018', host: SERVER, side: 'server', clientAddress: '203.0.113.50', clientPort: 41000, user: null,
      start: t('10:40:00.000'), end: t('10:40:00.020'), stage: 'S2', outcome: 'probe',
      events: [link(ids, 'a4.131', 'opener', 'S1'), link(ids, 'a4.50', 'address+time', 'S2', 0.8)],
    },
  ];
  const client: Attempt[] = [
    {
      ...base, id: 'WS042/c/1006', host: CLIENT, side: 'client', clientAddress: null, target: 'rdsh01.corp.example', user: 'CORP\\carol',
      start: t('10:00:00.050'), end: t('10:00:00.300'), stage: 'S3', outcome: 'failed-before-logon', peerAttemptId: 'RDSH01/s/1000', peerJoin: 'address 10.0.0.5 + time, skew 0.1 s',
      disconnect: { code: 2308, table: 'discReason', name: 'disconnectReasonAtClientWinsockFDCLOSE', description: 'socket closed' },
      events: [link(ids, 'c1.1024', 'opener', 'S1'), link(ids, 'c1.1026', 'client-activity-id', 'S9')],
    },
  ];
  const sessions: Session[] = [
    {
      id: 'RDSH01/session/2', host: SERVER, user: 'CORP\\alice', sessionId: 2, clientAddress: '10.0.0.9', start: t('10:20:01.500'), end: t('11:02:03.010'),
      attemptIds: ['RDSH01/s/1011'], reconnects: 0, disconnects: 1, outcome: 'disconnected',
      events: [link(ids, 'a3.4624', 'logon-id', 'S6'), link(ids, 'a3.21', 'session-id', 'S7'), link(ids, 'a3.22', 'session-id', 'S7'), link(ids, 'a3.24', 'session-id', 'S9'), link(ids, 'a3.40', 'session-id', 'S9')],
    },
  ];
  await store.replaceCorrelation(SERVER, server, sessions);
  await store.replaceCorrelation(CLIENT, client, []);
  const ev = async (key: string, meaning: string) => {
    const [e] = await store.getEvents([ids.get(key)!]);
    return { eventId: e!.id, host: e!.host, channel: e!.channel, provider: e!.provider, eventCode: e!.eventId, recordId: e!.recordId, time: e!.time, meaning };
  };
  const findings: Finding[] = [
    {
      id: 'cert-private-key/RDSH01/10.0.0.5', pattern: 'cert-private-key', category: 'failure', severity: 'error',
      title: 'TermService cannot use the RDP certificate private key', host: SERVER, clientAddress: '10.0.0.5', user: null,
      attemptIds: ['RDSH01/s/1000', 'WS042/c/1006'], firstSeen: t('10:00:00.180'), lastSeen: t('10:00:00.300'), count: 1, confidence: 0.9,
      evidence: [await ev('a1.1058', 'RCM 1058: could not replace the expired self-signed certificate (Access is denied)'), await ev('a1.36870', 'Schannel 36870: fatal error accessing the server credential private key (0x8009030D)'), await ev('c1.1026', 'client disconnect reason 2308: socket closed by the server')],
      explanation: 'The server closed the TLS handshake because Remote Desktop Services could not read the private key of its certificate. The client reports this as error 0x904 with extended error 0x7.',
      remedy: [
        { text: 'Give NETWORK SERVICE read access to the RDP certificate private key in the MachineKeys folder.', command: 'icacls %ProgramData%\\Microsoft\\Crypto\\RSA\\MachineKeys' },
        { text: 'Delete the stale self-signed certificate from Remote Desktop\\Certificates and restart TermService so it is recreated.' },
        { text: 'As a test only, set the security layer to RDP.', weakensSecurity: true },
      ],
      references: ['MS-AZ-EVT'],
    },
    {
      id: 'nla-failure/RDSH01/10.0.0.7', pattern: 'nla-failure', category: 'failure', severity: 'warning',
      title: 'Network Level Authentication rejected the credentials', host: SERVER, clientAddress: '10.0.0.7', user: 'CORP\\bob',
      attemptIds: ['RDSH01/s/1008'], firstSeen: t('10:05:10.400'), lastSeen: t('10:05:10.420'), count: 1, confidence: 0.8,
      evidence: [await ev('a2.4625', '4625 logon type 3: unknown user name or bad password (0xC000006D / 0xC000006A)'), await ev('a2.140', 'RdpCoreTS 140: bad user name or password from 10.0.0.7')],
      explanation: 'The user name or password sent during NLA was wrong.',
      remedy: [{ text: 'Check the user name and password; reset the password if needed.' }],
      references: [],
    },
    {
      id: 'scanner-noise/RDSH01/203.0.113.50', pattern: 'scanner-noise', category: 'noise', severity: 'info',
      title: 'Non-RDP probe on port 3389', host: SERVER, clientAddress: '203.0.113.50', user: null,
      attemptIds: ['RDSH01/s/1018'], firstSeen: t('10:40:00.000'), lastSeen: t('10:40:00.020'), count: 1, confidence: 0.7,
      evidence: [await ev('a4.50', 'TermDD 50: X.224 protocol error (not an RDP client)')],
      explanation: 'A scanner connected without speaking RDP.', remedy: [], references: [],
    },
  ];
  await store.replaceFindings(findings, [{ host: CLIENT, kind: 'no-system-log', message: 'no System log from this host: TLS errors on the client side cannot be seen' }]);
  return { store, path, ids };
}

