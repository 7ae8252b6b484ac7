import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correlateHost, coverageIntervals, type HostCoverage } from '../src/correlate/host-correlator.js';
import { joinAcrossHosts } from '../src/correlate/cross-host.js';
import { EventLog, successfulConnection } from './correlate/events.js';
import type { StoredEvent } from '../src/model/event.js';

function cov(events: StoredEvent[]): HostCoverage {
  const core = events.filter((e) => e.provider.endsWith('RdpCoreTS')).map((e) => Date.parse(e.time.slice(0, 23) + 'Z'));
  return {
    rdpCoreTs: coverageIntervals(core),
    hasRcm: events.some((e) => e.provider.endsWith('RemoteConnectionManager')),
    hasLsm: events.some((e) => e.provider.endsWith('LocalSessionManager')),
  };
}
async function run(log: EventLog) {
  const evs = log.sorted();
  return correlateHost(log.host, evs, cov(evs));
}

test('successful logon with UDP side channel, then user logoff', async () => {
  const log = new EventLog('RDSH01');
  successfulConnection(log, 0, { ip: '10.0.2.17', port: 57064, act: 'a1', udpAct: 'u1', conn: 'RDP-Tcp#7', session: 2, user: 'alice', domain: 'CORP', logonId: '0x45120' });
  log.add('rcm', 261, 0.001, { listenerName: 'RDP-Tcp' });
  log.add('sec', 4647, 600, { TargetUserName: 'alice', TargetDomainName: 'CORP', TargetLogonId: '0x0000000000045120' });
  log.add('lsm', 23, 601, { User: 'CORP\\alice', SessionID: '2' });
  log.add('core', 72, 601.2, { MethodName: 'SetErrorInfo(0xc)' }, 'a1');
  log.add('core', 103, 601.3, { ReasonCode: '12' }, 'a1');
  log.add('lsm', 24, 601.4, { User: 'CORP\\alice', SessionID: '2', Address: '10.0.2.17' });
  log.add('sec', 4634, 602, { TargetUserName: 'alice', TargetDomainName: 'CORP', TargetLogonId: '0x45120', LogonType: '10' });
  const r = await run(log);
  assert.equal(r.attempts.length, 1);
  const a = r.attempts[0]!;
  assert.equal(a.id, 'RDSH01/s/101');
  assert.equal(a.clientAddress, '10.0.2.17');
  assert.equal(a.clientPort, 57064);
  assert.equal(a.user, 'CORP\\alice');
  assert.equal(a.connectionName, 'RDP-Tcp#7');
  assert.equal(a.sessionId, 2);
  assert.equal(a.logonId, '0x45120');
  assert.equal(a.outcome, 'logged-off');
  assert.equal(a.stage, 'S11');
  assert.deepEqual([a.disconnect?.table, a.disconnect?.code], ['errorInfo', 12]);
  // every event of the host belongs to it; keys as expected
  assert.equal(a.events.length, log.events.length);
  const key = (id: number, rec?: string) => a.events.find((l) => log.events.find((e) => e.id === l.eventId)!.eventId === id && (!rec || true))?.joinKey;
  assert.equal(key(131), 'opener');
  assert.equal(key(261), 'time');
  assert.equal(key(1149), 'user+address+time');
  assert.equal(key(21), 'session-id');
  assert.equal(key(4634), 'logon-id');
  const udp = a.events.filter((l) => log.events.find((e) => e.id === l.eventId)!.activityId === 'u1').map((l) => l.joinKey);
  assert.deepEqual(udp, ['address+time', 'activity-id', 'activity-id']);
  assert.equal(r.sessions.length, 1);
  const s = r.sessions[0]!;
  assert.deepEqual([s.outcome, s.sessionId, s.user, s.attemptIds, s.reconnects, s.disconnects], ['logged-off', 2, 'CORP\\alice', ['RDSH01/s/101'], 0, 0]);
});

test('scanner probe: accepted, socket reset, 103 ReasonCode 14', async () => {
  const log = new EventLog('MSEDGEWIN10');
  log.add('core', 131, 0, { ConnType: 'TCP', ClientIP: '10.0.2.16:40000' }, 'p1');
  log.add('core', 65, 0.002, { ConnectionName: 'RDP-Tcp#5' }, 'p1');
  log.add('core', 72, 0.003, { MethodName: 'PrepareForAccept' }, 'p1');
  log.add('core', 141, 0.004, { InstanceID: '5' }, 'p1');
  log.add('core', 143, 6.3, { error: '64' }, 'p1');
  log.add('core', 226, 6.31, { ErrorCode: '0x80070040', EventName: 'Event_Disconnect' }, 'p1');
  log.add('core', 72, 6.32, { MethodName: 'OnDisconnected' }, 'p1');
  log.add('core', 103, 6.33, { ReasonCode: '14' }, 'p1');
  log.add('core', 148, 6.34, { ChannelName: 'rdplic' }, 'p1');
  const r = await run(log);
  assert.equal(r.attempts.length, 1);
  const a = r.attempts[0]!;
  assert.deepEqual([a.outcome, a.stage, a.user, a.disconnect?.table, a.disconnect?.code], ['probe', 'S1', null, 'rdpcorets103', 14]);
  assert.equal(a.events.length, 9);
});

test('NLA bad password: 140 and 4625 type 3 from the same address, interleaved with another client', async () => {
  const log = new EventLog('DESKTOP-1N4R894');
  log.add('core', 131, 0, { ConnType: 'TCP', ClientIP: '62.170.2.215:50270' }, 'x1');
  log.add('core', 131, 0.5, { ConnType: 'TCP', ClientIP: '43.228.99.228:1111' }, 'x2');
  log.add('core', 65, 0.6, { ConnectionName: 'RDP-Tcp#88' }, 'x1');
  log.add('sec', 4625, 0.9, { TargetUserName: 'administrator', TargetDomainName: '', LogonType: '3', IpAddress: '43.228.99.228', IpPort: '0', Status: '0xc000006d', SubStatus: '0xc000006a' });
  log.add('core', 140, 1.0, { IPString: '43.228.99.228' }, 'x2');
  log.add('core', 140, 3.1, { IPString: '62.170.2.215' }, 'x1');
  log.add('core', 103, 3.5, { ReasonCode: '14' }, 'x2');
  log.add('core', 103, 4.5, { ReasonCode: '14' }, 'x1');
  const r = await run(log);
  assert.equal(r.attempts.length, 2);
  const [a1, a2] = r.attempts;
  assert.equal(a1!.clientAddress, '62.170.2.215');
  assert.equal(a2!.clientAddress, '43.228.99.228');
  assert.deepEqual([a1!.outcome, a1!.stage], ['failed-before-logon', 'S4']);
  assert.deepEqual([a2!.outcome, a2!.stage, a2!.user], ['failed-before-logon', 'S4', 'administrator']);
  assert.equal(a2!.events.length, 4);
  assert.equal(a1!.events.length, 4);
});

test('reconnect: disconnect (LSM 24/40 reason 11) then a new connection reconnects the same session (LSM 25, 4778)', async () => {
  const log = new EventLog('RDSH01');
  successfulConnection(log, 0, { ip: '192.168.38.1', port: 50001, act: 'a1', udpAct: 'u1', conn: 'RDP-Tcp#1', session: 3, user: 'vagrant', domain: 'WINDOMAIN', logonId: '0x2a' });
  log.add('lsm', 24, 100, { User: 'WINDOMAIN\\vagrant', SessionID: '3', Address: '192.168.38.1' });
  log.add('lsm', 40, 100.1, { Session: '3', Reason: '11' });
  log.add('sec', 4779, 100.2, { AccountName: 'vagrant', AccountDomain: 'WINDOMAIN', LogonID: '0x2a', SessionName: 'RDP-Tcp#1', ClientAddress: '192.168.38.1' });
  log.add('core', 103, 100.3, { ReasonCode: '11' }, 'a1');
  // second connection 10 minutes later
  log.add('core', 131, 700, { ConnType: 'TCP', ClientIP: '192.168.38.1:50100' }, 'b1');
  log.add('core', 65, 700.01, { ConnectionName: 'RDP-Tcp#2' }, 'b1');
  log.add('rcm', 1149, 700.5, { Param1: 'vagrant', Param2: 'WINDOMAIN', Param3: '192.168.38.1' });
  log.add('lsm', 41, 701, { User: 'WINDOMAIN\\vagrant', SessionID: '3' });
  log.add('core', 66, 701.1, { ConnectionName: 'RDP-Tcp#2', SessionID: '3' }, 'b1');
  log.add('lsm', 25, 701.2, { User: 'WINDOMAIN\\vagrant', SessionID: '3', Address: '192.168.38.1' });
  log.add('sec', 4778, 701.3, { AccountName: 'vagrant', AccountDomain: 'WINDOMAIN', LogonID: '0x2a', SessionName: 'RDP-Tcp#2', ClientAddress: '192.168.38.1' });
  const r = await run(log);
  assert.equal(r.attempts.length, 2);
  const [a1, a2] = r.attempts;
  assert.deepEqual([a1!.outcome, a1!.disconnect?.table, a1!.disconnect?.code], ['disconnected', 'lsm40', 11]);
  assert.deepEqual([a2!.outcome, a2!.stage, a2!.sessionId, a2!.user], ['succeeded', 'S10', 3, 'WINDOMAIN\\vagrant']);
  assert.equal(r.sessions.length, 1);
  const s = r.sessions[0]!;
  assert.deepEqual([s.reconnects, s.disconnects, s.outcome, s.attemptIds], [1, 1, 'active', [a1!.id, a2!.id]]);
  const l4778 = a2!.events.find((l) => log.events.find((e) => e.id === l.eventId)!.eventId === 4778);
  assert.equal(l4778?.joinKey, 'connection-name');
});

test('console logon (Address LOCAL) is a session, not an attempt', async () => {
  const log = new EventLog('DC');
  log.add('lsm', 21, 0, { User: 'WINDOMAIN\\vagrant', SessionID: '1', Address: 'LOCAL' });
  log.add('lsm', 22, 1, { User: 'WINDOMAIN\\vagrant', SessionID: '1', Address: 'LOCAL' });
  const r = await run(log);
  assert.equal(r.attempts.length, 0);
  assert.equal(r.sessions.length, 1);
  assert.equal(r.sessions[0]!.clientAddress, 'LOCAL');
});

test('time-only Schannel event: full confidence share with one candidate, lower with two', async () => {
  const log = new EventLog('RDSH01');
  log.add('core', 131, 0, { ConnType: 'TCP', ClientIP: '10.0.0.5:1000' }, 'c1');
  log.add('schannel', 36888, 0.5, { AlertDesc: '40', ErrorState: '1205' });
  log.add('core', 131, 10, { ConnType: 'TCP', ClientIP: '10.0.0.6:1000' }, 'c2');
  log.add('core', 131, 10.2, { ConnType: 'TCP', ClientIP: '10.0.0.7:1000' }, 'c3');
  log.add('schannel', 36887, 10.5, { AlertDesc: '46' });
  const r = await run(log);
  const links = r.attempts.flatMap((a) => a.events.map((l) => ({ a: a.id, ...l, code: log.events.find((e) => e.id === l.eventId)!.eventId })));
  const l1 = links.find((l) => l.code === 36888)!;
  const l2 = links.find((l) => l.code === 36887)!;
  assert.equal(l1.a, 'RDSH01/s/101');
  assert.deepEqual([l1.joinKey, l1.confidence], ['time', 0.6]);
  assert.equal(l2.a, 'RDSH01/s/103');
  assert.ok(l2.confidence < l1.confidence);
});

test('client side grouped by ActivityID and joined to the server attempt across hosts', async () => {
  const client = new EventLog('WKS01.corp.lan');
  client.add('client', 1024, -0.3, { Name: 'Server Name', Value: 'rdsh01' }, 'CA');
  client.add('client', 1027, 1.0, { DomainName: 'CORP', SessionId: '2' }, 'CA');
  client.add('client', 1025, 1.5, {}, 'CA');
  client.add('client', 1102, 1.6, { Name: 'ServerAddress', Value: '10.0.0.10' }, 'CA');
  client.add('client', 1026, 50, { Name: 'Disconnect Reason', Value: '2308' }, 'CA');
  client.add('client', 1024, 60, { Name: 'Server Name', Value: 'other-server' }, 'CB');
  client.add('client', 1026, 61, { Name: 'Disconnect Reason', Value: '516' }, 'CB');
  const server = new EventLog('RDSH01.corp.lan', Date.parse('2024-03-04T10:00:00Z') + 45_000); // server clock 45 s ahead
  successfulConnection(server, 0, { ip: '10.0.0.20', port: 50000, act: 's1', udpAct: 'su', conn: 'RDP-Tcp#3', session: 2, user: 'bob', domain: 'CORP', logonId: '0x99' });
  const rc = await run(client);
  const rs = await run(server);
  assert.equal(rc.attempts.length, 2);
  const [c1, c2] = rc.attempts;
  assert.deepEqual([c1!.side, c1!.target, c1!.clientAddress, c1!.outcome, c1!.stage, c1!.sessionId], ['client', 'rdsh01', '10.0.0.10', 'disconnected', 'S6', 2]);
  assert.deepEqual([c1!.disconnect?.table, c1!.disconnect?.code], ['discReason', 2308]);
  assert.deepEqual([c2!.outcome, c2!.disconnect?.code], ['failed-before-logon', 516]);
  const pairs = joinAcrossHosts([...rc.attempts, ...rs.attempts]);
  assert.equal(pairs, 1);
  assert.equal(c1!.peerAttemptId, rs.attempts[0]!.id);
  assert.equal(rs.attempts[0]!.peerAttemptId, c1!.id);
  assert.match(c1!.peerJoin!, /server name rdsh01 = host RDSH01\.corp\.lan, start \+45\.3 s/);
  // beyond the tolerance: no join
  rs.attempts[0]!.peerAttemptId = null;
  c1!.peerAttemptId = null;
  assert.equal(joinAcrossHosts([...rc.attempts, ...rs.attempts], 30_000), 0);
});

test('deterministic: same input gives identical output', async () => {
  const mk = () => {
    const log = new EventLog('H');
    successfulConnection(log, 0, { ip: '10.1.1.1', port: 1, act: 'a', udpAct: 'b', conn: 'RDP-Tcp#1', session: 1, user: 'u', domain: 'D', logonId: '0x5' });
    return log;
  };
  assert.equal(JSON.stringify(await run(mk())), JSON.stringify(await run(mk())));
});

test('bounded state: lookup maps follow concurrency, not log size; every synthetic event is linked', async () => {
  const { syntheticHost } = await import('./correlate/synthetic.js');
  const small = await run(syntheticHost('SYN', 15_000));
  const large = await run(syntheticHost('SYN', 60_000));
  assert.equal(large.stats.unlinked, 0);
  assert.equal(large.stats.linked, large.stats.relevant);
  assert.equal(large.attempts.length, 6000);
  const counts = (r: typeof large) => r.attempts.reduce((m, a) => ((m[a.outcome] = (m[a.outcome] ?? 0) + 1), m), {} as Record<string, number>);
  assert.deepEqual(counts(large), { disconnected: 1800, 'failed-before-logon': 2400, probe: 1800 });
  assert.ok(small.stats.peakState > 0);
  // four times the events, about the same peak state (a leak would grow it four-fold)
  assert.ok(large.stats.peakState < small.stats.peakState * 1.5, `${small.stats.peakState} → ${large.stats.peakState}`);
});

test('interactive logon failure without NLA (4625 type 10) and TermDD 56 with the client address', async () => {
  const log = new EventLog('RDSH01');
  log.add('core', 131, 0, { ConnType: 'TCP', ClientIP: '10.23.23.9:50000' }, 'n1');
  log.add('core', 131, 0.2, { ConnType: 'TCP', ClientIP: '10.23.23.10:50000' }, 'n2');
  log.add('termdd', 56, 0.5, { 'Data[1]': '\\Device\\Termdd', 'Data[2]': '10.23.23.10', Binary: '00050600010000000000000038000AC00000000039000AC00000000000000000000000000000000030030980' });
  log.add('sec', 4625, 9, { TargetUserName: '-', TargetDomainName: '-', Status: '0xc000006e', SubStatus: '0x0', LogonType: '10', LogonProcessName: 'User32 ', IpAddress: '10.23.23.9', IpPort: '0' });
  log.add('core', 103, 12, { ReasonCode: '14' }, 'n1');
  log.add('core', 103, 12.5, { ReasonCode: '14' }, 'n2');
  const r = await run(log);
  const [a1, a2] = r.attempts;
  assert.deepEqual([a1!.outcome, a1!.stage, a1!.events.length], ['failed-before-logon', 'S6', 3]);
  // TermDD 56 names its client: joined by address even though the other attempt opened later
  assert.deepEqual([a2!.outcome, a2!.stage, a2!.events.length], ['failed-before-logon', 'S3', 3]);
  const l56 = a2!.events.find((l) => l.joinKey === 'address+time');
  assert.ok(l56);
});

test('client side: LsaSrv 6041 (CredSSP version refused) joins the attempt to the server it names', async () => {
  const log = new EventLog('WKS02');
  log.add('client', 1024, 0, { Value: 'rdsh09' }, 'K1');
  log.add('client', 1024, 1, { Value: 'rdsh10' }, 'K2');
  log.add('lsasrv', 6041, 1.5, { 'Data[1]': 'TERMSRV/rdsh09', 'Data[2]': '4' });
  log.add('client', 1026, 2, { Value: '2308' }, 'K1');
  log.add('client', 1026, 3, { Value: '2308' }, 'K2');
  const r = await run(log);
  const k1 = r.attempts.find((a) => a.target === 'rdsh09')!;
  const k2 = r.attempts.find((a) => a.target === 'rdsh10')!;
  assert.equal(k1.events.length, 3);
  assert.equal(k2.events.length, 2);
  assert.equal(k1.outcome, 'failed-before-logon');
  assert.equal(k1.stage, 'S4');
});

test('cross-host: a client that typed an address joins by time only when a single server host has a candidate', async () => {
  const client = new EventLog('WKS03');
  client.add('client', 1024, 0, { Value: '10.0.0.10' }, 'T1');
  client.add('client', 1025, 2, {}, 'T1');
  const s1 = new EventLog('SRV-A');
  s1.add('core', 131, 1, { ConnType: 'TCP', ClientIP: '10.0.0.99:1' }, 'x');
  const s2 = new EventLog('SRV-B');
  s2.add('core', 131, 1.5, { ConnType: 'TCP', ClientIP: '10.0.0.99:2' }, 'y');
  const [rc, ra, rb] = [await run(client), await run(s1), await run(s2)];
  assert.equal(joinAcrossHosts([...rc.attempts, ...ra.attempts]), 1);
  assert.match(rc.attempts[0]!.peerJoin!, /^time only \(client typed address 10\.0\.0\.10; one server host in the window\), start \+1\.0 s/);
  const rc2 = await run(client);
  assert.equal(joinAcrossHosts([...rc2.attempts, ...(await run(s1)).attempts, ...rb.attempts]), 0);
});

test('host aliases: a NetBIOS name and its single FQDN are one machine; two FQDNs never merge', async () => {
  const { hostAliasGroups } = await import('../src/correlate/index.js');
  assert.deepEqual(hostAliasGroups(['DESKTOP-23PS6ES.praivacymatrix.com', 'WIN-AN5B2T7E4GI', 'DESKTOP-23PS6ES']), [['DESKTOP-23PS6ES', 'DESKTOP-23PS6ES.praivacymatrix.com'], ['WIN-AN5B2T7E4GI']]);
  assert.deepEqual(hostAliasGroups(['web01.a.example', 'web01.b.example', 'WEB01']), [['WEB01'], ['web01.a.example'], ['web01.b.example']]);
});

test('Security log only: logons open attempts, the logon session spans 4779/4778 and ends at the first logoff event', async () => {
  const log = new EventLog('FS01');
  log.add('sec', 4624, 0, { TargetUserName: 'admmarsid', TargetDomainName: 'OFFSEC', TargetLogonId: '0x6a423', LogonType: '10', IpAddress: '10.23.23.9', IpPort: '50123' });
  log.add('sec', 4779, 300, { AccountName: 'admmarsid', AccountDomain: 'OFFSEC', LogonID: '0x000000000006a423', SessionName: 'RDP-Tcp#7', ClientName: 'JUMP01', ClientAddress: '10.23.23.9' });
  log.add('sec', 4624, 900, { TargetUserName: 'admmarsid', TargetDomainName: 'OFFSEC', TargetLogonId: '0x7b000', LogonType: '10', IpAddress: '10.23.23.9', IpPort: '50200' });
  log.add('sec', 4778, 900.5, { AccountName: 'admmarsid', AccountDomain: 'OFFSEC', LogonID: '0x6a423', SessionName: 'RDP-Tcp#8', ClientName: 'JUMP01', ClientAddress: '10.23.23.9' });
  log.add('sec', 4634, 902, { TargetUserName: 'admmarsid', TargetDomainName: 'OFFSEC', TargetLogonId: '0x7b000', LogonType: '10' });
  log.add('sec', 4647, 1800, { TargetUserName: 'admmarsid', TargetDomainName: 'OFFSEC', TargetLogonId: '0x6a423' });
  log.add('sec', 4634, 1801, { TargetUserName: 'admmarsid', TargetDomainName: 'OFFSEC', TargetLogonId: '0x6a423', LogonType: '10' });
  const r = await run(log);
  assert.equal(r.attempts.length, 2);
  const [a1, a2] = r.attempts;
  assert.deepEqual([a1!.outcome, a1!.clientPort, a1!.logonId], ['disconnected', 50123, '0x6a423']);
  assert.deepEqual([a2!.outcome, a2!.stage, a2!.logonId], ['logged-off', 'S11', '0x6a423']);
  assert.equal(r.sessions.length, 1);
  const s = r.sessions[0]!;
  assert.deepEqual([s.reconnects, s.disconnects, s.outcome, s.attemptIds, s.end], [1, 1, 'logged-off', [a1!.id, a2!.id], log.events[5]!.time]);
});
