import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEvent, CHANNEL, PROVIDER } from '../src/catalog/index.js';
import { nev } from './helpers/catalog-event.js';

test('connection: RdpCoreTS 131 names the transport and the client address', () => {
  const d = describeEvent(nev(CHANNEL.rdpCoreTs, PROVIDER.rdpCoreTs, 131, { ConnType: 'TCP', ClientIP: '10.0.2.17:50005' }));
  assert.equal(d.summary, 'RdpCoreTS 131 — TCP connection accepted from 10.0.2.17:50005');
  assert.equal(d.stage, 'S1');
  assert.equal(d.family, 'connection');
});

test('disconnect: RDPClient 1026 shows the decimal value with its mstsc hex form', () => {
  const d = describeEvent(nev(CHANNEL.rdpClient, PROVIDER.rdpClient, 1026, { Name: 'Disconnect Reason', Value: '2308', CustomLevel: 'Info' }));
  assert.match(d.summary, /^Client disconnect reason 2308 \(0x904\): disconnectReasonAtClientWinsockFDCLOSE: The TCP connection was closed from the far end/);
  assert.equal(d.decoded[0]?.entry?.code, 2308);
  assert.equal(d.family, 'disconnect');
});

test('disconnect: RdpCoreTS 72 SetErrorInfo(0x7) decodes the errorInfo the server sent', () => {
  const d = describeEvent(nev(CHANNEL.rdpCoreTs, PROVIDER.rdpCoreTs, 72, { MethodName: 'SetErrorInfo(0x7)' }));
  assert.match(d.summary, /SetErrorInfo\(0x7\).*ERRINFO_SERVER_DENIED_CONNECTION/);
  assert.equal(d.decoded[0]?.entry?.table, 'errorInfo');
  const plain = describeEvent(nev(CHANNEL.rdpCoreTs, PROVIDER.rdpCoreTs, 72, { MethodName: 'PrepareForAccept' }));
  assert.equal(plain.summary, 'RdpCoreTS 72 — PrepareForAccept');
  assert.deepEqual(plain.decoded, []);
});

test('disconnect: PreDisconnect(N) and a Message-named trace decode too', () => {
  const pre = describeEvent(nev(CHANNEL.rdpCoreTs, PROVIDER.rdpCoreTs, 72, { MethodName: 'PreDisconnect(5)' }));
  assert.equal(pre.summary, 'RdpCoreTS 72 — PreDisconnect(5): ERRINFO_DISCONNECTED_BY_OTHER_CONNECTION: Another connection took over the session');
  const neg = describeEvent(nev(CHANNEL.rdpCoreTs, PROVIDER.rdpCoreTs, 72, { MethodName: 'PreDisconnect(-805306367)' }));
  assert.match(neg.summary, /STATUS_UNSUCCESSFUL/);
  const msg = describeEvent(nev(CHANNEL.rdpCoreTs, PROVIDER.rdpCoreTs, 72, { Message: 'SetErrorInfo(0xc)' }));
  assert.match(msg.summary, /server sent SetErrorInfo\(0xc\) to the client: ERRINFO_LOGOFF_BY_USER/);
});

test('disconnect: RdpCoreTS 72 SetErrorInfo(0xd0000001) is read as a D-form NTSTATUS, not left raw', () => {
  const d = describeEvent(nev(CHANNEL.rdpCoreTs, PROVIDER.rdpCoreTs, 72, { MethodName: 'SetErrorInfo(0xd0000001)' }));
  assert.equal(d.decoded.length, 1);
  assert.match(d.decoded[0]!.meaning, /^not an errorInfo value; reads as STATUS_UNSUCCESSFUL \("D" form of 0xC0000001\)/);
  assert.equal(d.decoded[0]!.entry?.confidence, 'INF');
});

test('tls: Schannel 36888 alert 40 with its error state', () => {
  const d = describeEvent(nev('System', 'Schannel', 36888, { AlertDesc: '40', ErrorState: '1205' }, { level: 2 }));
  assert.equal(d.summary, 'Schannel fatal alert 40 handshake_failure sent to the remote end (error state 1205)');
  assert.equal(d.severity, 'error');
  assert.equal(d.family, 'tls');
  assert.deepEqual(d.decoded.map((x) => x.entry?.name), ['handshake_failure', 'handshakeFailureInCredSSP']);
});

test('certificate: Schannel 36870 decodes 0x8009030D and state 10001', () => {
  const d = describeEvent(nev('System', 'Schannel', 36870, { Type: 'server', ErrorCode: '0x8009030D', ErrorStatus: '10001' }));
  assert.equal(d.family, 'certificate');
  assert.match(d.summary, /SEC_E_UNKNOWN_CREDENTIALS/);
  assert.match(d.summary, /privateKeyInaccessible/);
  assert.deepEqual(d.decoded[0]!.entry!.patterns, ['cert-private-key']);
});

test('tls: TermDD 56 binary from a real record decodes to SEC_E_DECRYPT_FAILURE', () => {
  const d = describeEvent(nev('System', 'TermDD', 56, {
    'Data[1]': '\\Device\\Termdd', 'Data[2]': '203.0.113.9',
    Binary: '00050600010000000000000038000AC00000000039000AC00000000000000000000000000000000030030980',
  }, { qualifiers: 49162, level: 2 }));
  assert.match(d.summary, /^TermDD 56 — .*client 203\.0\.113\.9; error 0xC00A0038 STATUS_CTX_SECURITY_LAYER_ERROR; underlying status 0x80090330 SEC_E_DECRYPT_FAILURE/);
});

test('connection: TermDD 50 X.224 with a TLS ClientHello in the dump', () => {
  const d = describeEvent(nev('System', 'TermDD', 50, {
    'Data[1]': '\\Device\\Termdd', 'Data[2]': 'X.224',
    Binary: '00000B00020034000000000032000AC00000000032000AC0000000000000000000000000000000000B00000016030100C30100',
  }, { qualifiers: 49162, level: 2 }));
  assert.match(d.summary, /component X\.224/);
  assert.match(d.summary, /TLS ClientHello/);
  assert.doesNotMatch(d.summary, /underlying status/);
});

test('account: Security 4625 type 3 with status and sub-status', () => {
  const d = describeEvent(nev('Security', PROVIDER.security, 4625, {
    TargetUserName: 'alice', TargetDomainName: 'CORP', Status: '0xc000006d', SubStatus: '0xc000006a',
    LogonType: '3', LogonProcessName: 'NtLmSsp ', IpAddress: '10.1.2.3', IpPort: '0', FailureReason: '%%2313',
  }));
  assert.equal(d.family, 'account');
  assert.equal(d.summary, 'Security 4625 — logon failed (user CORP\\alice, from 10.1.2.3), logon type 3 Network: 0xC000006D STATUS_LOGON_FAILURE: Bad user name or password (the SubStatus says which); 0xC000006A STATUS_WRONG_PASSWORD: The user exists but the password is wrong');
  assert.ok(d.decoded.some((x) => x.field === 'FailureReason' && x.entry?.name === '%%2313'));
});

test('account: a SubStatus of 0 is not shown as a cause', () => {
  const d = describeEvent(nev('Security', PROVIDER.security, 4625, { TargetUserName: '-', Status: '0xc000006e', SubStatus: '0x00000000', LogonType: '10' }));
  assert.match(d.summary, /STATUS_ACCOUNT_RESTRICTION/);
  assert.doesNotMatch(d.summary, /STATUS_SUCCESS/);
});

test('session: LSM 21 and LSM 40 with the reason decoded', () => {
  const a = describeEvent(nev(CHANNEL.lsm, PROVIDER.lsm, 21, { User: 'WIN-QW3OXGRISMS\\Administrator', SessionID: '2', Address: '122.6.150.75' }));
  assert.equal(a.summary, 'LSM 21 — Session logon succeeded: user WIN-QW3OXGRISMS\\Administrator, from 122.6.150.75, session 2');
  assert.equal(a.family, 'session');
  const b = describeEvent(nev(CHANNEL.lsm, PROVIDER.lsm, 40, { Session: '2', Reason: '5' }));
  assert.match(b.summary, /session 2, Reason 5 replacedByOtherConnection/);
});

test('network: RdpCoreTS 143 error 64 and 226 HRESULT', () => {
  const a = describeEvent(nev(CHANNEL.rdpCoreTs, PROVIDER.rdpCoreTs, 143, { error: '64' }));
  assert.match(a.summary, /error 64 \(0x40\) ERROR_NETNAME_DELETED/);
  assert.equal(a.family, 'network');
  const b = describeEvent(nev(CHANNEL.rdpCoreTs, PROVIDER.rdpCoreTs, 226, { StateTransition: 'RDP_TCP', ErrorCode: '0x80070079' }));
  assert.match(b.summary, /0x80070079 HRESULT ERROR_SEM_TIMEOUT/);
});

test('credssp-nla: RCM 1149 and LsaSrv 6041', () => {
  const a = describeEvent(nev(CHANNEL.rcmOperational, PROVIDER.rcm, 1149, { Param1: 'administrator', Param2: 'ie11win7', Param3: '10.0.2.16' }));
  assert.equal(a.summary, 'RCM 1149 — User authentication succeeded: user ie11win7\\administrator, from 10.0.2.16');
  const b = describeEvent(nev('System', 'LsaSrv', 6041, { 'Data[1]': 'TERMSRV/104.214.74.18', 'Data[2]': '4' }));
  assert.equal(b.family, 'credssp-nla');
  assert.match(b.summary, /target TERMSRV\/104\.214\.74\.18/);
});

test('listener, licensing, broker, client, security families are described', () => {
  assert.equal(describeEvent(nev(CHANNEL.rcmOperational, PROVIDER.rcm, 260, { listenerName: 'RDP-Tcp', errorCode: '5' })).family, 'listener');
  assert.equal(describeEvent(nev(CHANNEL.rcmAdmin, PROVIDER.rcm, 1004, {})).family, 'licensing');
  assert.equal(describeEvent(nev(CHANNEL.broker, PROVIDER.broker, 2056, {})).family, 'broker');
  assert.equal(describeEvent(nev(CHANNEL.rdpClient, PROVIDER.rdpClient, 1030, {})).family, 'client');
  assert.equal(describeEvent(nev(CHANNEL.rcmAdmin, PROVIDER.rcm, 1006, {})).family, 'security');
  assert.match(describeEvent(nev(CHANNEL.rcmOperational, PROVIDER.rcm, 260, { listenerName: 'RDP-Tcp', errorCode: '5' })).summary, /ERROR_ACCESS_DENIED/);
});

test('uncatalogued events get a neutral description from their level', () => {
  const d = describeEvent(nev('System', 'Microsoft-Windows-Time-Service', 50, { x: 'y' }, { level: 3 }));
  assert.equal(d.stage, null);
  assert.equal(d.family, null);
  assert.equal(d.severity, 'warning');
  assert.equal(d.summary, 'Microsoft-Windows-Time-Service 50');
});

test('event text cannot inject terminal control sequences into a summary', () => {
  const d = describeEvent(nev(CHANNEL.rdpCoreTs, PROVIDER.rdpCoreTs, 131, { ConnType: 'TCP', ClientIP: '1.2.3.4:5\u001b[2J\n' }));
  assert.doesNotMatch(d.summary, /[\u001b\n]/);
});
