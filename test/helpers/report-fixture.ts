/**
 * A case database for report tests, built through the Store interface the way ingest, correlate and
 * diagnose fill it: one RD Session Host whose RDP certificate private key is unusable (every attempt
 * from alice's PC dies in the TLS handshake with Schannel 36870), an earlier successful logon by bob,
 * an Internet scanner probing port 3389, one unreadable record and one coverage gap.
 *
 * `hostile: true` puts attacker-controlled text (markup, Markdown links, formula prefixes, escape
 * sequences, very long strings) into every field an event or finding can carry.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { openStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import type { NormalizedEvent } from '../../src/model/event.js';
import type { Attempt, AttemptEventLink, CoverageNote, Finding, JoinKey, Session, StageId } from '../../src/model/analysis.js';
import { makeEvent } from './events.js';

export const HOSTILE = {
  script: '<script>document.title="pwned"</script>',
  attr: '"onload="alert(1)" x="',
  style: '</style><img src=x onerror=alert(2)>',
  cdata: ']]><!--',
  mdLink: '[click me](javascript:alert(3)) ![img](http://evil.example/x.png)',
  pipe: 'a|b`code`*em*',
  formula: '=HYPERLINK("http://evil.example","x")',
  esc: '\u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007\u001b[31mred',
  long: 'A'.repeat(20000),
};

const HOSTILE_TEXT = Object.values(HOSTILE).filter((v) => v.length < 1000).join(' ');

const RDPCORE = {
  channel: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational',
  provider: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS',
  providerGuid: '1139c61b-b549-4251-8ed3-27250a1edec8',
};
const SCHANNEL = { channel: 'System', provider: 'Schannel', providerGuid: '1f678132-5938-4686-9fdc-c8ff68f15c85' };
const RCM = { channel: 'System', provider: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager', providerGuid: 'c76baa63-ae81-421c-b425-340b4b24157f' };
const TERMDD = { channel: 'System', provider: 'TermDD', providerGuid: null };
const SECURITY = { channel: 'Security', provider: 'Microsoft-Windows-Security-Auditing', providerGuid: '54849625-5478-4994-a5ba-3e3b0328c30d' };
const LSM = {
  channel: 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  provider: 'Microsoft-Windows-TerminalServices-LocalSessionManager',
  providerGuid: '5d896912-022d-40aa-a3a8-4fa5515c76d7',
};

export const HOST = 'RDSH01.corp.example';

interface Planned {
  key: string;
  file: string;
  ev: NormalizedEvent;
}

function plan(hostile: boolean): Planned[] {
  const h = hostile ? `${HOST}${HOSTILE.script}` : HOST;
  const msg = (m: string) => (hostile ? `${m} ${HOSTILE_TEXT}` : m);
  const p: Planned[] = [];
  let rec = { rdp: 4100, sys: 88210, sec: 551200, lsm: 930 };
  const add = (key: string, file: string, ev: Partial<NormalizedEvent> & { eventId: number; time: string }) => {
    p.push({ key, file, ev: makeEvent({ host: h, origin: { file, offset: p.length * 1000 }, ...ev }) });
  };
  // bob logs on successfully in the morning
  add('ok-131', 'RdpCoreTS.xml', { ...RDPCORE, eventId: 131, time: '2026-11-20T09:00:01.1000000Z', recordId: rec.rdp++, activityId: 'a1b2c3d4-0000-4000-8000-000000000001', fields: { ConnType: 'TCP', ClientIP: '10.0.0.7:50001' }, message: msg('The server accepted a new TCP connection from client 10.0.0.7:50001.') });
  add('ok-65', 'RdpCoreTS.xml', { ...RDPCORE, eventId: 65, time: '2026-11-20T09:00:01.1200000Z', recordId: rec.rdp++, activityId: 'a1b2c3d4-0000-4000-8000-000000000001', fields: { ConnectionName: 'RDP-Tcp#3' }, message: msg('Connection RDP-Tcp#3 created.') });
  add('ok-4624', 'Security.xml', { ...SECURITY, eventId: 4624, time: '2026-11-20T09:00:04.5000000Z', recordId: rec.sec++, fields: { TargetUserName: 'bob', TargetDomainName: 'CORP', LogonType: '10', IpAddress: '10.0.0.7' }, message: msg('An account was successfully logged on.') });
  add('ok-21', 'LocalSessionManager.xml', { ...LSM, eventId: 21, time: '2026-11-20T09:00:05.0000000Z', recordId: rec.lsm++, fields: { User: 'CORP\\bob', SessionID: '2', Address: '10.0.0.7' }, message: msg('Remote Desktop Services: Session logon succeeded.') });
  // the certificate renewal fails before the failures start
  add('cert-1057', 'System.xml', { ...RCM, eventId: 1057, level: 2, time: '2026-11-20T13:58:30.0000000Z', recordId: rec.sys++, fields: { Data1: 'Keyset does not exist' }, message: msg('The RD Session Host Server has failed to create a new self signed certificate. Keyset does not exist') });
  // two failed attempts from alice's PC
  for (const [n, base, port] of [[1, '2026-11-20T14:02:03', 50123], [2, '2026-11-20T14:05:10', 50188]] as const) {
    const act = `a1b2c3d4-0000-4000-8000-00000000001${n}`;
    add(`f${n}-131`, 'RdpCoreTS.xml', { ...RDPCORE, eventId: 131, time: `${base}.2000000Z`, recordId: rec.rdp++, activityId: act, fields: { ConnType: 'TCP', ClientIP: `10.0.0.5:${port}` }, message: msg(`The server accepted a new TCP connection from client 10.0.0.5:${port}.`) });
    add(`f${n}-65`, 'RdpCoreTS.xml', { ...RDPCORE, eventId: 65, time: `${base}.2100000Z`, recordId: rec.rdp++, activityId: act, fields: { ConnectionName: `RDP-Tcp#${10 + n}` }, message: msg(`Connection RDP-Tcp#${10 + n} created.`) });
    add(`f${n}-36870`, 'System.xml', { ...SCHANNEL, eventId: 36870, level: 2, time: `${base}.3500000Z`, recordId: rec.sys++, fields: { Type: 'server', ErrorCode: '0x8009030D', ErrorStatus: '10001' }, message: msg('A fatal error occurred when attempting to access the TLS server credential private key. The error code returned from the cryptographic module is 0x8009030D. The internal error state is 10001.') });
    add(`f${n}-143`, 'RdpCoreTS.xml', { ...RDPCORE, eventId: 143, level: 3, time: `${base}.3600000Z`, recordId: rec.rdp++, activityId: act, fields: { error: '64' }, message: msg('Socket error 64 on the TCP connection.') });
    add(`f${n}-103`, 'RdpCoreTS.xml', { ...RDPCORE, eventId: 103, time: `${base}.3700000Z`, recordId: rec.rdp++, activityId: act, fields: { ReasonCode: '2' }, message: msg('The disconnect reason is 2.') });
  }
  // an Internet scanner
  add('scan-131', 'RdpCoreTS.xml', { ...RDPCORE, eventId: 131, time: '2026-11-20T15:30:00.0000000Z', recordId: rec.rdp++, activityId: 'a1b2c3d4-0000-4000-8000-000000000099', fields: { ConnType: 'TCP', ClientIP: '203.0.113.50:61000' }, message: msg('The server accepted a new TCP connection from client 203.0.113.50:61000.') });
  add('scan-50', 'System.xml', { ...TERMDD, eventId: 50, level: 2, time: '2026-11-20T15:30:00.0500000Z', recordId: rec.sys++, fields: { 'Data[1]': '\\Device\\Termdd', 'Data[2]': '203.0.113.50', Binary: '00000000' }, message: msg('The RDP protocol component X.224 detected an error in the protocol stream and has disconnected the client.') });
  return p;
}

function link(id: number, joinKey: JoinKey, stage: StageId | null, confidence = 1): AttemptEventLink {
  return { eventId: id, joinKey, confidence, stage };
}

export interface ReportFixture {
  store: Store;
  path: string;
  ids: Record<string, number>;
}

export async function buildReportFixture(dir: string, opts: { hostile?: boolean; name?: string } = {}): Promise<ReportFixture> {
  const hostile = opts.hostile ?? false;
  const path = join(dir, opts.name ?? (hostile ? 'hostile.db' : 'case.db'));
  const store = await openStore(path);
  const planned = plan(hostile);
  const files = [...new Set(planned.map((p) => p.file))].sort();
  for (const file of files) {
    const events = planned.filter((p) => p.file === file).map((p) => p.ev);
    const bytes = JSON.stringify(events);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const inputPath = hostile && file === 'System.xml' ? `exports/${HOSTILE.formula}${HOSTILE.script}.xml` : `exports/${file}`;
    const importId = await store.beginImport({ path: inputPath, sha256, size: bytes.length });
    const added = await store.insertEvents(importId, events);
    const issues =
      file === 'System.xml'
        ? [{ file: inputPath, offset: 48211, line: 812, kind: 'xml-malformed', message: hostile ? `unexpected text ${HOSTILE_TEXT}` : 'unexpected end of element <Data> (expected </EventData>)' }]
        : [];
    await store.addIssues(importId, issues);
    await store.finishImport(importId, {
      sha256, size: bytes.length, format: 'rendered-xml', encoding: 'utf-8', events: events.length, newEvents: added, issues: issues.length,
      status: issues.length ? 'partial' : 'ok',
    });
  }
  const rows = await store.all<{ id: number; channel: string; record_id: number }>('SELECT id, channel, record_id FROM events');
  const ids: Record<string, number> = {};
  for (const p of planned) ids[p.key] = rows.find((r) => r.channel === p.ev.channel && r.record_id === p.ev.recordId)!.id;

  const host = planned[0].ev.host;
  const user = hostile ? `CORP\\alice${HOSTILE.mdLink}` : 'CORP\\alice';
  const ok: Attempt = {
    id: `${host}/s/4100`, host, side: 'server', clientAddress: '10.0.0.7', clientPort: 50001, target: null, user: 'CORP\\bob',
    start: '2026-11-20T09:00:01.1000000Z', end: '2026-11-20T09:00:05.0000000Z', stage: 'S7', outcome: 'succeeded', disconnect: null,
    activityId: 'a1b2c3d4-0000-4000-8000-000000000001', connectionName: 'RDP-Tcp#3', sessionId: 2, logonId: '0x3e7a1', peerAttemptId: null, peerJoin: null,
    events: [link(ids['ok-131'], 'opener', 'S1'), link(ids['ok-65'], 'activity-id', 'S1'), link(ids['ok-4624'], 'user+address+time', 'S6', 0.9), link(ids['ok-21'], 'session-id', 'S7')],
  };
  const failed = [1, 2].map((n): Attempt => ({
    id: `${host}/s/${n === 1 ? 4101 : 4106}`, host, side: 'server', clientAddress: '10.0.0.5', clientPort: n === 1 ? 50123 : 50188, target: null,
    user: n === 1 ? user : null,
    start: planned.find((p) => p.key === `f${n}-131`)!.ev.time, end: planned.find((p) => p.key === `f${n}-103`)!.ev.time,
    stage: 'S3', outcome: 'failed-before-logon',
    disconnect: { code: 2, table: 'rdpcorets103', name: 'disconnected-by-server', description: hostile ? HOSTILE_TEXT : 'The server closed the connection.' },
    activityId: `a1b2c3d4-0000-4000-8000-00000000001${n}`, connectionName: `RDP-Tcp#${10 + n}`, sessionId: null, logonId: null, peerAttemptId: null, peerJoin: null,
    events: [
      link(ids[`f${n}-131`], 'opener', 'S1'), link(ids[`f${n}-65`], 'activity-id', 'S1'), link(ids[`f${n}-36870`], 'time', 'S3', 0.8),
      link(ids[`f${n}-143`], 'activity-id', 'S9'), link(ids[`f${n}-103`], 'activity-id', 'S9'),
    ],
  }));
  const probe: Attempt = {
    id: `${host}/s/4111`, host, side: 'server', clientAddress: '203.0.113.50', clientPort: 61000, target: null, user: null,
    start: '2026-11-20T15:30:00.0000000Z', end: '2026-11-20T15:30:00.0500000Z', stage: 'S2', outcome: 'probe', disconnect: null,
    activityId: 'a1b2c3d4-0000-4000-8000-000000000099', connectionName: null, sessionId: null, logonId: null, peerAttemptId: null, peerJoin: null,
    events: [link(ids['scan-131'], 'opener', 'S1'), link(ids['scan-50'], 'address+time', 'S2', 0.7)],
  };
  const session: Session = {
    id: `${host}/session/2/2026-11-20T09:00:05.0000000Z`, host, user: 'CORP\\bob', sessionId: 2, clientAddress: '10.0.0.7',
    start: '2026-11-20T09:00:05.0000000Z', end: null, attemptIds: [ok.id], reconnects: 0, disconnects: 0, outcome: 'active',
    events: [link(ids['ok-21'], 'session-id', 'S7')],
  };
  await store.replaceCorrelation(host, [ok, ...failed, probe], [session]);

  const ev = (key: string, meaning: string) => {
    const p = planned.find((x) => x.key === key)!.ev;
    return { eventId: ids[key], host: p.host, channel: p.channel, provider: p.provider, eventCode: p.eventId, recordId: p.recordId, time: p.time, meaning: hostile ? `${meaning} ${HOSTILE_TEXT}` : meaning };
  };
  const certKey: Finding = {
    id: `cert-private-key/${host}/10.0.0.5/2026-11-20T14:02:03.2000000Z`,
    pattern: 'cert-private-key', category: 'failure', severity: 'error',
    title: hostile ? `TermService cannot use the certificate private key ${HOSTILE_TEXT}` : 'TermService cannot use the RDP certificate\'s private key',
    host, clientAddress: '10.0.0.5', user, attemptIds: failed.map((a) => a.id),
    firstSeen: failed[0].start, lastSeen: failed[1].end, count: 2, confidence: 0.85,
    evidence: [
      ev('cert-1057', 'RCM 1057: creating a new self-signed certificate failed (Keyset does not exist)'),
      ev('f1-36870', 'Schannel 36870: TLS server credential private key not accessible (0x8009030D SEC_E_UNKNOWN_CREDENTIALS, state 10001)'),
      ev('f2-36870', 'Schannel 36870: TLS server credential private key not accessible (0x8009030D SEC_E_UNKNOWN_CREDENTIALS, state 10001)'),
    ],
    explanation: hostile
      ? `${HOSTILE.long}\n${HOSTILE_TEXT}`
      : 'Every connection from 10.0.0.5 ends in the TLS handshake: Schannel reports that the server credential\'s private key cannot be accessed (36870, 0x8009030D), and Remote Desktop Services failed to create a replacement self-signed certificate ("Keyset does not exist"). The client shows a generic "can\'t connect" or "internal error" message (0x904, extended 0x7).',
    remedy: [
      { text: 'Check the permissions of C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys: Administrators Full control, Everyone Read and Write (special); the key file starting with f686aace6942fb7f7ceb231212eef4a4 must grant NETWORK SERVICE Read.', command: 'icacls C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\f686aace6942fb7f7ceb231212eef4a4*' },
      { text: 'Delete the RDP self-signed certificate in certlm.msc › Remote Desktop › Certificates and restart Remote Desktop Services; a new certificate should be created (RCM 1056).', command: hostile ? `Restart-Service TermService -Force \`\`\`\n${HOSTILE_TEXT}` : 'Restart-Service TermService -Force' },
      { text: hostile ? `Use RDP Security instead of TLS ${HOSTILE_TEXT}` : 'To confirm the diagnosis only: set the RDP-Tcp security layer to RDP Security (SecurityLayer = 0); connections that then succeed point at the certificate. Undo it afterwards.', command: 'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp" /v SecurityLayer /t REG_DWORD /d 0 /f', weakensSecurity: true },
    ],
    references: hostile
      ? ['javascript:alert(4)', 'https://learn.microsoft.com/x"><script>alert(5)</script>', HOSTILE.mdLink]
      : ['https://learn.microsoft.com/en-us/troubleshoot/windows-server/remote/internal-error-has-occurred-connecting-remote-machine'],
  };
  const scan: Finding = {
    id: `scanner-noise/${host}/203.0.113.50/2026-11-20T15:30:00.0000000Z`, pattern: 'scanner-noise', category: 'noise', severity: 'info',
    title: 'Port 3389 probed by a scanner', host, clientAddress: '203.0.113.50', user: null, attemptIds: [probe.id],
    firstSeen: probe.start, lastSeen: probe.end, count: 1, confidence: 0.7,
    evidence: [ev('scan-50', 'TermDD 50: X.224 protocol error from 203.0.113.50 (not an RDP client)')],
    explanation: 'A connection that sent no valid RDP negotiation: typical of Internet scanners. Not the cause of the failures above.',
    remedy: [{ text: 'Do not expose TCP 3389 to the Internet; publish RDP through an RD Gateway or VPN.' }],
    references: [],
  };
  const brute: Finding = {
    id: `exposed-rdp/${host}/203.0.113.50/2026-11-20T15:30:00.0000000Z`, pattern: 'exposed-rdp', category: 'security', severity: 'warning',
    title: hostile ? `RDP reachable from the Internet ${HOSTILE.attr}` : 'RDP is reachable from the Internet', host, clientAddress: '203.0.113.50', user: null, attemptIds: [probe.id],
    firstSeen: probe.start, lastSeen: probe.end, count: 1, confidence: 0.6,
    evidence: [ev('scan-131', 'RdpCoreTS 131: TCP connection accepted from 203.0.113.50:61000 (public address)')],
    explanation: 'Connections arrive from a public address, so the listener is exposed beyond the corporate network.',
    remedy: [{ text: 'Restrict TCP 3389 at the firewall to the networks that need it.' }],
    references: [],
  };
  const coverage: CoverageNote[] = [
    { host, kind: 'no-client-logs', message: hostile ? `No client log ${HOSTILE_TEXT}` : 'No RDPClient/Operational log from the client 10.0.0.5: the error code the user saw cannot be confirmed.' },
  ];
  await store.replaceFindings([scan, certKey, brute], coverage);
  return { store, path, ids };
}
