/**
 * The event catalog: every (channel, provider, event id) that says something about an RDP
 * connection, with its meaning, connection stage, family, the role of each field and the code
 * table that decodes it. Data only — facts come from the RDP signatures reference (§1–§3, §6) and
 * keep their source key and confidence tag.
 *
 * Event ids collide across providers (TermDD 50 vs Time-Service 50, RDPClient 1102 vs "audit log
 * cleared" 1102), so lookups key on provider + id, never on the id alone.
 */
import type { StageId } from '../model/analysis.js';
import type { CodeTableId, Confidence } from './types.js';

export type { CodeTableId, Confidence } from './types.js';

export type Family =
  | 'certificate' | 'tls' | 'credssp-nla' | 'account' | 'disconnect' | 'network' | 'session'
  | 'connection' | 'listener' | 'licensing' | 'broker' | 'client' | 'security';

export type FieldRole =
  | 'clientAddress' | 'clientPort' | 'user' | 'domain' | 'sessionId' | 'connectionName' | 'logonId'
  | 'reasonCode' | 'logonType' | 'status' | 'subStatus' | 'target' | 'workstation' | 'connType'
  | 'errorCode' | 'alert' | 'errorState' | 'tlsProtocol' | 'cipher' | 'message';

export interface EventDef {
  /** canonical channel name as in <Channel> */
  channel: string;
  /** provider Name as in <Provider Name=…> */
  provider: string;
  eventId: number;
  /** short meaning */
  title: string;
  /** connection stage the event marks (reference §2), null when it marks none */
  stage: StageId | null;
  family: Family | null;
  /** which machine logs it: the RDP server, the machine running mstsc, or either */
  side: 'server' | 'client' | 'both';
  severity: 'error' | 'warning' | 'info';
  /** role → field name in NormalizedEvent.fields */
  fields?: Partial<Record<FieldRole, string>>;
  /** field name → code table that decodes its value */
  decode?: Record<string, CodeTableId>;
  /** other provider names the same event is seen under (legacy event sources) */
  providerAliases?: string[];
  source: string;
  confidence: Confidence;
}

export const CHANNEL = {
  lsm: 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  rcmOperational: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational',
  rcmAdmin: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin',
  rdpCoreTs: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational',
  rdpCoreTsAdmin: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Admin',
  rdpClient: 'Microsoft-Windows-TerminalServices-RDPClient/Operational',
  system: 'System',
  security: 'Security',
  ntlm: 'Microsoft-Windows-NTLM/Operational',
  capi2: 'Microsoft-Windows-CAPI2/Operational',
  gateway: 'Microsoft-Windows-TerminalServices-Gateway/Operational',
  broker: 'Microsoft-Windows-TerminalServices-SessionBroker/Operational',
  brokerClient: 'Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational',
} as const;

export const PROVIDER = {
  lsm: 'Microsoft-Windows-TerminalServices-LocalSessionManager',
  rcm: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager',
  rdpCoreTs: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS',
  rdpClient: 'Microsoft-Windows-TerminalServices-ClientActiveXCore',
  termdd: 'TermDD',
  schannel: 'Schannel',
  security: 'Microsoft-Windows-Security-Auditing',
  lsaSrv: 'LsaSrv',
  ntlm: 'Microsoft-Windows-NTLM',
  capi2: 'Microsoft-Windows-CAPI2',
  gateway: 'Microsoft-Windows-TerminalServices-Gateway',
  broker: 'Microsoft-Windows-TerminalServices-SessionBroker',
  brokerClient: 'Microsoft-Windows-TerminalServices-SessionBroker-Client',
} as const;

type Def = Omit<EventDef, 'channel' | 'provider' | 'eventId'>;

/** Expands a provider's table (id → definition) into EventDefs. */
function group(channel: string, provider: string, defs: Record<number, Def>, extra: Partial<EventDef> = {}): EventDef[] {
  return Object.entries(defs).map(([id, d]) => ({ channel, provider, eventId: Number(id), ...extra, ...d }));
}

const LSM_USER = { user: 'User', sessionId: 'SessionID', clientAddress: 'Address' } as const;

const lsm = group(CHANNEL.lsm, PROVIDER.lsm, {
  21: { title: 'Session logon succeeded', stage: 'S7', family: 'session', side: 'server', severity: 'info', fields: LSM_USER, source: 'EZ; HAYA', confidence: 'TOOL' },
  22: { title: 'Shell start notification received', stage: 'S7', family: 'session', side: 'server', severity: 'info', fields: LSM_USER, source: 'EZ; HAYA', confidence: 'TOOL' },
  23: { title: 'Session logoff succeeded', stage: 'S11', family: 'session', side: 'server', severity: 'info', fields: { user: 'User', sessionId: 'SessionID' }, source: 'EZ; HAYA', confidence: 'TOOL' },
  24: { title: 'Session disconnected', stage: 'S9', family: 'disconnect', side: 'server', severity: 'info', fields: LSM_USER, source: 'EZ; HAYA', confidence: 'TOOL' },
  25: { title: 'Session reconnection succeeded', stage: 'S10', family: 'session', side: 'server', severity: 'info', fields: LSM_USER, source: 'EZ; HAYA', confidence: 'TOOL' },
  36: { title: 'Session state-machine error', stage: null, family: 'session', side: 'server', severity: 'error', fields: { sessionId: 'SessionId', errorCode: 'ErrorCode' }, decode: { ErrorCode: 'win32' }, source: 'OSSEM', confidence: 'MAN' },
  37: { title: 'Session state-machine error', stage: null, family: 'session', side: 'server', severity: 'error', fields: { sessionId: 'SessionId', errorCode: 'ErrorCode' }, decode: { ErrorCode: 'win32' }, source: 'OSSEM', confidence: 'MAN' },
  38: { title: 'Session state transition', stage: null, family: 'session', side: 'server', severity: 'info', fields: { sessionId: 'SessionId' }, source: 'OSSEM', confidence: 'MAN' },
  39: { title: 'Session disconnected by another session', stage: 'S9', family: 'disconnect', side: 'server', severity: 'info', fields: { sessionId: 'TargetSession' }, source: 'EZ', confidence: 'TOOL' },
  40: { title: 'Session disconnected with a reason code', stage: 'S9', family: 'disconnect', side: 'server', severity: 'info', fields: { sessionId: 'Session', reasonCode: 'Reason' }, decode: { Reason: 'lsm40' }, source: 'EZ', confidence: 'TOOL' },
  41: { title: 'Begin session arbitration', stage: 'S6', family: 'session', side: 'server', severity: 'info', fields: { user: 'User', sessionId: 'SessionID' }, source: 'EZ', confidence: 'TOOL' },
  42: { title: 'End session arbitration', stage: 'S7', family: 'session', side: 'server', severity: 'info', fields: { user: 'User', sessionId: 'SessionID' }, source: 'OSSEM', confidence: 'MAN' },
});

const RCM_PARAM_USER = { user: 'Param1', domain: 'Param2', clientAddress: 'Param3' } as const;

const rcmOperational = group(CHANNEL.rcmOperational, PROVIDER.rcm, {
  258: { title: 'Listener started listening', stage: 'S0', family: 'listener', side: 'server', severity: 'info', fields: { connectionName: 'listenerName' }, source: 'OSSEM', confidence: 'MAN' },
  259: { title: 'Listener stopped listening', stage: 'S0', family: 'listener', side: 'server', severity: 'info', fields: { connectionName: 'listenerName' }, source: 'OSSEM', confidence: 'MAN' },
  260: { title: 'Listener failed while listening', stage: 'S0', family: 'listener', side: 'server', severity: 'error', fields: { connectionName: 'listenerName', errorCode: 'errorCode' }, decode: { errorCode: 'win32' }, source: 'OSSEM', confidence: 'MAN' },
  261: { title: 'Listener received a connection', stage: 'S1', family: 'connection', side: 'server', severity: 'info', fields: { connectionName: 'listenerName' }, source: 'EZ; HAYA', confidence: 'TOOL' },
  262: { title: 'Listener asked to stop', stage: 'S0', family: 'listener', side: 'server', severity: 'info', fields: { connectionName: 'listenerName' }, source: 'OSSEM', confidence: 'MAN' },
  1149: { title: 'User authentication succeeded', stage: 'S4', family: 'credssp-nla', side: 'server', severity: 'info', fields: RCM_PARAM_USER, source: 'HAYA; EZ; SAMPLE', confidence: 'TOOL' },
  20523: { title: 'Listener class information', stage: 'S0', family: 'listener', side: 'server', severity: 'info', fields: { connectionName: 'ListenerName' }, source: 'OSSEM', confidence: 'MAN' },
});

const rcmAdmin = group(CHANNEL.rcmAdmin, PROVIDER.rcm, {
  // Seen in the Admin channel of a real log, with an empty Param1 on a non-TCP (Hyper-V style) listener.
  1158: { title: 'Remote Desktop Services accepted a connection from an address', stage: 'S1', family: 'connection', side: 'server', severity: 'info', fields: { clientAddress: 'Param1' }, source: 'OSSEM; Belkasoft RCM Admin log (SAMPLE)', confidence: 'UNC' },
  1003: { title: 'Client provided an invalid license', stage: 'S5', family: 'licensing', side: 'server', severity: 'warning', fields: { target: 'Param1' }, source: 'detection-wiki RCM page', confidence: 'UNC' },
  1004: { title: 'Server cannot issue a client license', stage: 'S5', family: 'licensing', side: 'server', severity: 'error', source: 'detection-wiki; MS licensing KB', confidence: 'MS' },
  1006: { title: 'Large number of incomplete connections (scanner or flood)', stage: 'S1', family: 'security', side: 'server', severity: 'warning', source: 'detection-wiki RCM page', confidence: 'UNC' },
  1011: { title: 'Session could not be established from a client', stage: 'S4', family: 'connection', side: 'server', severity: 'warning', fields: { clientAddress: 'Param1' }, source: 'detection-wiki RCM page', confidence: 'UNC' },
  1012: { title: 'Client exceeded the maximum number of failed logon attempts', stage: 'S4', family: 'security', side: 'server', severity: 'warning', fields: { clientAddress: 'Param1' }, source: 'detection-wiki RCM page', confidence: 'UNC' },
  1041: { title: 'Auto-reconnect failed because authentication failed', stage: 'S10', family: 'credssp-nla', side: 'server', severity: 'warning', source: 'detection-wiki RCM page', confidence: 'UNC' },
});

/** RCM "classic" certificate events written to System (Keywords Classic); bodies are positional. */
const rcmSystem = group(CHANNEL.system, PROVIDER.rcm, {
  1050: { title: 'Listener Security Layer and Encryption Level were inconsistent and were corrected', stage: 'S0', family: 'tls', side: 'server', severity: 'warning', source: 'MS-RDSAUTH', confidence: 'MS' },
  1051: { title: 'No usable user-selected certificate; the self-signed certificate is used', stage: 'S0', family: 'certificate', side: 'server', severity: 'warning', source: 'MS-RDSAUTH', confidence: 'MS' },
  1052: { title: 'RDP certificate expires soon', stage: 'S0', family: 'certificate', side: 'server', severity: 'warning', source: 'MS-RDSAUTH cc775223', confidence: 'MS' },
  1053: { title: 'Configured RDP certificate has expired; the default one is used', stage: 'S0', family: 'certificate', side: 'server', severity: 'error', source: 'MS-RDSAUTH', confidence: 'MS' },
  1054: { title: 'RDP certificate lacks the Server Authentication usage', stage: 'S0', family: 'certificate', side: 'server', severity: 'error', source: 'MS-RDSAUTH (SCOM KB 1054)', confidence: 'MS' },
  1055: { title: 'Cannot access the RDP certificate private key; the default certificate is used', stage: 'S0', family: 'certificate', side: 'server', severity: 'error', source: 'MS-RDSAUTH ee891233', confidence: 'MS' },
  1056: { title: 'New self-signed RDP certificate generated', stage: 'S0', family: 'certificate', side: 'server', severity: 'info', fields: { target: 'Data[1]' }, source: 'real log dump (source TermService); Belkasoft System.evtx (subject + SHA1 in Binary)', confidence: 'SAMPLE' },
  1057: { title: 'Failed to create a new self-signed RDP certificate', stage: 'S0', family: 'certificate', side: 'server', severity: 'error', fields: { message: 'Data[1]' }, source: 'MS-AZ-EVT; Singer blog', confidence: 'MS' },
  1058: { title: 'Failed to replace the expired self-signed RDP certificate', stage: 'S0', family: 'certificate', side: 'server', severity: 'error', fields: { message: 'Data[1]' }, source: 'MS-AZ-EVT', confidence: 'MS' },
  1059: { title: 'Configured certificate hash matches no certificate', stage: 'S0', family: 'certificate', side: 'server', severity: 'error', source: 'MS-RDSAUTH', confidence: 'MS' },
  1062: { title: 'RDP template certificate has the wrong subject name', stage: 'S0', family: 'certificate', side: 'server', severity: 'error', source: 'MS-RDSAUTH', confidence: 'MS' },
  1063: { title: 'New template-based RDP certificate installed', stage: 'S0', family: 'certificate', side: 'server', severity: 'info', source: 'KB2531138', confidence: 'MS' },
  1064: { title: 'Failed to create the template-based RDP certificate', stage: 'S0', family: 'certificate', side: 'server', severity: 'error', source: 'MS-RDSAUTH', confidence: 'MS' },
  1065: { title: 'Failed to replace the template-based RDP certificate', stage: 'S0', family: 'certificate', side: 'server', severity: 'error', source: 'MS-RDSAUTH', confidence: 'MS' },
  // Seen as a warning whose data is a directory error text ("The specified domain either does not
  // exist or could not be contacted."); reading it as the TERMSRV SPN registration failure is unconfirmed.
  1067: { title: 'Remote Desktop could not register with the domain (status text in data)', stage: 'S0', family: 'credssp-nla', side: 'server', severity: 'warning', fields: { message: 'Data[1]' }, source: 'Belkasoft System.evtx (SAMPLE)', confidence: 'UNC' },
}, { providerAliases: ['TermService'] });

const CORE_IP = { clientAddress: 'IPString' } as const;

const rdpCoreTs = group(CHANNEL.rdpCoreTs, PROVIDER.rdpCoreTs, {
  65: { title: 'New RDP connection object created', stage: 'S1', family: 'connection', side: 'server', severity: 'info', fields: { connectionName: 'ConnectionName' }, source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  66: { title: 'Connection bound to a session', stage: 'S7', family: 'session', side: 'server', severity: 'info', fields: { connectionName: 'ConnectionName', sessionId: 'SessionID' }, source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  67: { title: 'Connection error', stage: null, family: 'connection', side: 'server', severity: 'error', fields: { connectionName: 'ConnectionName', errorCode: 'ErrorCode' }, decode: { ErrorCode: 'win32' }, source: 'OSSEM', confidence: 'MAN' },
  68: { title: 'Connection timing summary', stage: 'S7', family: 'session', side: 'server', severity: 'info', fields: { connectionName: 'ConnectionName' }, source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  70: { title: 'Display driver loaded', stage: 'S0', family: 'listener', side: 'server', severity: 'info', source: 'OSSEM', confidence: 'MAN' },
  71: { title: 'Display driver loaded for a connection', stage: 'S5', family: 'connection', side: 'server', severity: 'info', fields: { connectionName: 'ConnectionName' }, source: 'OSSEM', confidence: 'MAN' },
  72: { title: 'Interface method called', stage: null, family: 'connection', side: 'server', severity: 'info', fields: { message: 'MethodName' }, source: 'OSSEM; EZ; SAMPLE-BK', confidence: 'SAMPLE' },
  97: { title: 'RDP protocol component detected an error in the protocol stream', stage: 'S2', family: 'connection', side: 'server', severity: 'warning', fields: { message: 'ComponentName', errorCode: 'ErrorCode' }, decode: { ErrorCode: 'win32' }, source: 'OSSEM; nasbench', confidence: 'MAN' },
  98: { title: 'RDP connection established (protocol sequence complete)', stage: 'S5', family: 'connection', side: 'server', severity: 'info', source: 'OSSEM; EZ; SAMPLE-BK', confidence: 'SAMPLE' },
  99: { title: 'TCP connection failed', stage: 'S1', family: 'network', side: 'server', severity: 'warning', fields: { errorCode: 'ResultCode' }, decode: { ResultCode: 'win32' }, source: 'OSSEM', confidence: 'MAN' },
  100: { title: 'Connection established (follow-up)', stage: 'S5', family: 'connection', side: 'server', severity: 'info', source: 'SAMPLE-BK', confidence: 'SAMPLE' },
  101: { title: 'Network characteristics detection skipped', stage: 'S5', family: 'connection', side: 'server', severity: 'warning', fields: { message: 'ReasonString' }, source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  102: { title: 'Server terminated the main RDP connection', stage: 'S9', family: 'disconnect', side: 'server', severity: 'info', source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  103: { title: 'Disconnect reason reported', stage: 'S9', family: 'disconnect', side: 'server', severity: 'info', fields: { reasonCode: 'ReasonCode' }, decode: { ReasonCode: 'rdpcorets103' }, source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  104: { title: 'Client time-zone bias', stage: 'S5', family: 'connection', side: 'server', severity: 'info', source: 'EZ; SAMPLE-BK', confidence: 'SAMPLE' },
  129: { title: 'Listener bound a transport port', stage: 'S0', family: 'listener', side: 'server', severity: 'info', fields: { connType: 'TransportProtocolName' }, source: 'OSSEM', confidence: 'MAN' },
  130: { title: 'Transport tunnel created', stage: 'S5', family: 'connection', side: 'server', severity: 'info', source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  131: { title: 'Server accepted a new connection', stage: 'S1', family: 'connection', side: 'server', severity: 'info', fields: { connType: 'ConnType', clientAddress: 'ClientIP' }, source: 'OSSEM; EZ; SAMPLE-BK', confidence: 'SAMPLE' },
  132: { title: 'Channel opened', stage: 'S5', family: 'connection', side: 'server', severity: 'info', source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  133: { title: 'Network detection result', stage: 'S5', family: 'network', side: 'server', severity: 'info', source: 'OSSEM', confidence: 'MAN' },
  134: { title: 'Network detection warning', stage: 'S5', family: 'network', side: 'server', severity: 'warning', fields: { errorCode: 'ResultCode' }, decode: { ResultCode: 'win32' }, source: 'OSSEM', confidence: 'MAN' },
  135: { title: 'Transport selected for a tunnel', stage: 'S5', family: 'connection', side: 'server', severity: 'info', fields: { connType: 'TransportType' }, source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  137: { title: 'Network detection warning', stage: 'S5', family: 'network', side: 'server', severity: 'warning', source: 'OSSEM', confidence: 'MAN' },
  139: { title: 'Security layer detected an error in the protocol stream; client disconnected', stage: 'S3', family: 'tls', side: 'server', severity: 'warning', fields: { ...CORE_IP, errorCode: 'ResultCode' }, decode: { ResultCode: 'sspi' }, source: 'OSSEM; nasbench', confidence: 'MAN' },
  140: { title: 'Connection failed: user name or password not correct', stage: 'S4', family: 'credssp-nla', side: 'server', severity: 'warning', fields: CORE_IP, source: 'OSSEM; EZ', confidence: 'TOOL' },
  141: { title: 'Performance counters started for the connection', stage: 'S1', family: 'connection', side: 'server', severity: 'info', source: 'SAMPLE-BK', confidence: 'SAMPLE' },
  142: { title: 'TCP socket read failed', stage: 'S9', family: 'network', side: 'server', severity: 'warning', fields: { errorCode: 'error' }, decode: { error: 'win32' }, source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  143: { title: 'TCP socket write failed', stage: 'S9', family: 'network', side: 'server', severity: 'warning', fields: { errorCode: 'error' }, decode: { error: 'win32' }, source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  145: { title: 'Idle summary before disconnect', stage: 'S9', family: 'disconnect', side: 'server', severity: 'info', source: 'SAMPLE-BK', confidence: 'SAMPLE' },
  146: { title: 'Runtime error', stage: null, family: 'connection', side: 'server', severity: 'error', source: 'OSSEM', confidence: 'MAN' },
  147: { title: 'Runtime error', stage: null, family: 'connection', side: 'server', severity: 'error', source: 'OSSEM', confidence: 'MAN' },
  148: { title: 'Channel closed', stage: 'S9', family: 'disconnect', side: 'server', severity: 'info', source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  149: { title: 'Runtime error', stage: null, family: 'connection', side: 'server', severity: 'error', source: 'OSSEM', confidence: 'MAN' },
  153: { title: 'TLS version negotiated', stage: 'S3', family: 'tls', side: 'server', severity: 'info', fields: { tlsProtocol: 'TLSVersion' }, source: 'OSSEM', confidence: 'UNC' },
  154: { title: 'Error with message', stage: null, family: 'connection', side: 'server', severity: 'error', fields: { message: 'Message', errorCode: 'Error' }, source: 'OSSEM', confidence: 'MAN' },
  33: { title: 'Session start step (no data; meaning undocumented)', stage: 'S7', family: 'session', side: 'server', severity: 'info', source: 'SAMPLE-BK (between 66 and 132 of a successful connection)', confidence: 'UNC' },
  162: { title: 'Graphics capabilities negotiated', stage: 'S7', family: 'session', side: 'server', severity: 'info', source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  163: { title: 'Graphics pipeline event', stage: 'S7', family: 'session', side: 'server', severity: 'info', source: 'OSSEM; SAMPLE-BK', confidence: 'MAN' },
  168: { title: 'Client monitor layout', stage: 'S7', family: 'session', side: 'server', severity: 'info', source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  169: { title: 'Graphics mode selected', stage: 'S7', family: 'session', side: 'server', severity: 'info', source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  258: { title: 'Session start step (no data; meaning undocumented)', stage: 'S7', family: 'session', side: 'server', severity: 'info', source: 'SAMPLE-BK (between 168 and 68 of a successful connection)', confidence: 'UNC' },
  225: { title: 'State transition', stage: null, family: 'connection', side: 'server', severity: 'info', source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  226: { title: 'State transition with an error', stage: 'S9', family: 'network', side: 'server', severity: 'warning', fields: { errorCode: 'ErrorCode' }, decode: { ErrorCode: 'win32' }, source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  227: { title: 'Component error', stage: null, family: 'connection', side: 'server', severity: 'error', fields: { message: 'CustomLevel' }, source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  228: { title: 'Component warning', stage: 'S9', family: 'disconnect', side: 'server', severity: 'warning', fields: { message: 'Message', errorCode: 'ErrorCode' }, decode: { ErrorCode: 'win32' }, source: 'OSSEM; SAMPLE-BK', confidence: 'SAMPLE' },
  229: { title: 'Component debug message', stage: 'S0', family: 'listener', side: 'server', severity: 'info', source: 'OSSEM', confidence: 'MAN' },
});

const rdpCoreTsAdmin = group(CHANNEL.rdpCoreTsAdmin, PROVIDER.rdpCoreTs, {
  138: { title: 'DTLS initialisation failed; falling back to TLS over TCP', stage: 'S8', family: 'network', side: 'server', severity: 'warning', fields: { errorCode: 'ResultCode' }, decode: { ResultCode: 'win32' }, source: 'OSSEM', confidence: 'MAN' },
});

const TERMDD_BINARY = { Binary: 'termddBinary' } as const;
const termdd = group(CHANNEL.system, PROVIDER.termdd, {
  50: { title: 'RDP protocol component detected an error in the protocol stream', stage: 'S2', family: 'connection', side: 'server', severity: 'error', fields: { message: 'Data[2]' }, decode: TERMDD_BINARY, source: 'atc DN_0090; Sigma CVE-2019-0708', confidence: 'TOOL' },
  56: { title: 'Security layer detected an error in the protocol stream', stage: 'S3', family: 'tls', side: 'server', severity: 'error', fields: { clientAddress: 'Data[2]' }, decode: TERMDD_BINARY, source: 'EZ System_TermDD_56; atc DN0089', confidence: 'TOOL' },
});

const schannel = group(CHANNEL.system, PROVIDER.schannel, {
  36867: { title: 'Creating a TLS credential', stage: 'S3', family: 'tls', side: 'both', severity: 'info', source: 'dissect.etl manifest', confidence: 'MAN' },
  36868: { title: 'TLS credential private-key properties', stage: 'S3', family: 'certificate', side: 'both', severity: 'info', source: 'dissect.etl manifest', confidence: 'MAN' },
  36869: { title: 'TLS credential certificate has no private key attached', stage: 'S3', family: 'certificate', side: 'both', severity: 'error', source: 'dissect.etl manifest', confidence: 'MAN' },
  36870: { title: 'Fatal error accessing the TLS credential private key', stage: 'S3', family: 'certificate', side: 'both', severity: 'error', fields: { errorCode: 'ErrorCode', errorState: 'ErrorStatus' }, decode: { ErrorCode: 'sspi', ErrorStatus: 'schannelState' }, source: 'MS-AZ-EVT; dissect.etl manifest', confidence: 'MS' },
  36871: { title: 'Fatal error creating a TLS credential', stage: 'S3', family: 'tls', side: 'both', severity: 'error', fields: { errorState: 'ErrorState' }, decode: { ErrorState: 'schannelState' }, source: 'MS-AZ-EVT; EventLogExpert #397', confidence: 'MS' },
  36872: { title: 'Certificate chain of the TLS credential could not be retrieved', stage: 'S3', family: 'certificate', side: 'both', severity: 'error', fields: { errorCode: 'ErrorCode' }, decode: { ErrorCode: 'sspi' }, source: 'MS-AZ-EVT; dissect.etl manifest', confidence: 'MAN' },
  36873: { title: 'No supported cipher suites when starting a TLS connection', stage: 'S3', family: 'tls', side: 'client', severity: 'error', source: 'MS-SCHANNEL', confidence: 'MS' },
  36874: { title: 'TLS connection request with no cipher suite the server supports', stage: 'S3', family: 'tls', side: 'server', severity: 'error', fields: { tlsProtocol: 'Protocol' }, source: 'MS-SCHANNEL; requests-credssp #18', confidence: 'MS' },
  36876: { title: 'Certificate from the remote server did not validate', stage: 'S3', family: 'certificate', side: 'client', severity: 'error', fields: { errorCode: 'ErrorCode' }, decode: { ErrorCode: 'sspi' }, source: 'MS-SCHANNEL', confidence: 'MS' },
  36880: { title: 'TLS handshake completed', stage: 'S3', family: 'tls', side: 'both', severity: 'info', fields: { tlsProtocol: 'Protocol', cipher: 'CipherSuite', target: 'TargetName' }, source: 'dissect.etl manifest', confidence: 'MAN' },
  36881: { title: 'Remote server certificate expired or not yet valid', stage: 'S3', family: 'certificate', side: 'client', severity: 'error', source: 'MS-SCHANNEL', confidence: 'MS' },
  36882: { title: 'Remote server certificate issued by an untrusted authority', stage: 'S3', family: 'certificate', side: 'client', severity: 'error', source: 'MS-SCHANNEL', confidence: 'MS' },
  36883: { title: 'Remote server certificate revoked', stage: 'S3', family: 'certificate', side: 'client', severity: 'error', source: 'MS-SCHANNEL', confidence: 'MS' },
  36884: { title: 'Remote server certificate does not contain the expected name', stage: 'S3', family: 'certificate', side: 'client', severity: 'error', fields: { target: 'Name' }, source: 'MS-SCHANNEL', confidence: 'MS' },
  36886: { title: 'No suitable default server credential', stage: 'S3', family: 'certificate', side: 'server', severity: 'warning', source: 'MS-SCHANNEL', confidence: 'MS' },
  36887: { title: 'Fatal TLS alert received from the remote end', stage: 'S3', family: 'tls', side: 'both', severity: 'error', fields: { alert: 'AlertDesc' }, decode: { AlertDesc: 'tlsAlert' }, source: 'MS-SCHANNEL; corefx #1894', confidence: 'MS' },
  36888: { title: 'Fatal TLS alert generated and sent to the remote end', stage: 'S3', family: 'tls', side: 'both', severity: 'error', fields: { alert: 'AlertDesc', errorState: 'ErrorState', target: 'TargetName' }, decode: { AlertDesc: 'tlsAlert', ErrorState: 'schannelState' }, source: 'MS-SCHANNEL; requests-credssp #18', confidence: 'MS' },
});

const SEC_TARGET = { user: 'TargetUserName', domain: 'TargetDomainName', logonId: 'TargetLogonId' } as const;
const SEC_ACCOUNT = { user: 'AccountName', domain: 'AccountDomain', logonId: 'LogonID', clientAddress: 'ClientAddress', connectionName: 'SessionName', workstation: 'ClientName' } as const;

const security = group(CHANNEL.security, PROVIDER.security, {
  4624: { title: 'Logon succeeded', stage: 'S6', family: 'session', side: 'both', severity: 'info', fields: { ...SEC_TARGET, logonType: 'LogonType', clientAddress: 'IpAddress', clientPort: 'IpPort', workstation: 'WorkstationName' }, decode: { LogonType: 'logonType' }, source: 'MS event-4624; SAMPLE', confidence: 'MS' },
  4625: { title: 'Logon failed', stage: 'S4', family: 'account', side: 'server', severity: 'warning', fields: { user: 'TargetUserName', domain: 'TargetDomainName', logonType: 'LogonType', status: 'Status', subStatus: 'SubStatus', clientAddress: 'IpAddress', clientPort: 'IpPort', workstation: 'WorkstationName' }, decode: { Status: 'ntstatus', SubStatus: 'ntstatus', LogonType: 'logonType', FailureReason: 'failureReason' }, source: 'MS-4625; SAMPLE', confidence: 'MS' },
  4634: { title: 'Logon session ended', stage: 'S11', family: 'session', side: 'both', severity: 'info', fields: { ...SEC_TARGET, logonType: 'LogonType' }, decode: { LogonType: 'logonType' }, source: 'MS event-4634', confidence: 'MS' },
  4647: { title: 'User-initiated logoff', stage: 'S11', family: 'session', side: 'both', severity: 'info', fields: SEC_TARGET, source: 'MS event-4647', confidence: 'MS' },
  4648: { title: 'Logon with explicit credentials', stage: 'S1', family: 'credssp-nla', side: 'client', severity: 'info', fields: { user: 'TargetUserName', domain: 'TargetDomainName', target: 'TargetServerName', clientAddress: 'IpAddress' }, source: 'MS event-4648; HAYA', confidence: 'MS' },
  4776: { title: 'Credential validation (NTLM)', stage: 'S4', family: 'account', side: 'server', severity: 'info', fields: { user: 'TargetUserName', workstation: 'Workstation', status: 'Status' }, decode: { Status: 'ntstatus' }, source: 'MS event-4776', confidence: 'MS' },
  4778: { title: 'Session reconnected to a window station', stage: 'S10', family: 'session', side: 'server', severity: 'info', fields: SEC_ACCOUNT, source: 'MS-4778; SAMPLE', confidence: 'MS' },
  4779: { title: 'Session disconnected from a window station', stage: 'S9', family: 'disconnect', side: 'server', severity: 'info', fields: SEC_ACCOUNT, source: 'MS-4778; SAMPLE', confidence: 'MS' },
  4825: { title: 'User denied access to Remote Desktop', stage: 'S6', family: 'account', side: 'server', severity: 'error', fields: { user: 'AccountName', domain: 'AccountDomain', logonId: 'LogonID', clientAddress: 'ClientAddress' }, source: 'Sigma win_security_not_allowed_rdp_access; SAMPLE', confidence: 'TOOL' },
});

const others: EventDef[] = [
  { channel: CHANNEL.system, provider: PROVIDER.lsaSrv, eventId: 6041, title: 'CredSSP version refused by Encryption Oracle Remediation', stage: 'S4', family: 'credssp-nla', side: 'client', severity: 'error', fields: { target: 'Data[1]' }, source: 'docs.ans.co.uk KB4103716; palantir/windows-event-forwarding PR #41', confidence: 'TOOL' },
  { channel: CHANNEL.ntlm, provider: PROVIDER.ntlm, eventId: 8001, title: 'Outgoing NTLM authentication', stage: 'S4', family: 'credssp-nla', side: 'client', severity: 'info', fields: { target: 'TargetName' }, source: 'Sigma win_susp_ntlm_rdp', confidence: 'TOOL' },
  { channel: CHANNEL.capi2, provider: PROVIDER.capi2, eventId: 11, title: 'Certificate chain built', stage: 'S3', family: 'certificate', side: 'both', severity: 'info', source: 'EventLogExpert #256', confidence: 'SAMPLE' },
  { channel: CHANNEL.capi2, provider: PROVIDER.capi2, eventId: 30, title: 'Certificate chain policy verified', stage: 'S3', family: 'certificate', side: 'both', severity: 'info', source: 'EventLogExpert #256 (CAPI2 channel notes)', confidence: 'UNC' },
  { channel: CHANNEL.capi2, provider: PROVIDER.capi2, eventId: 41, title: 'Certificate revocation checked', stage: 'S3', family: 'certificate', side: 'both', severity: 'info', source: 'EventLogExpert #256 (CAPI2 channel notes)', confidence: 'UNC' },
  { channel: CHANNEL.gateway, provider: PROVIDER.gateway, eventId: 302, title: 'User connected to a resource through the gateway', stage: 'S1', family: 'connection', side: 'server', severity: 'info', fields: { user: 'Username', clientAddress: 'IpAddress', target: 'Resource', errorCode: 'ErrorCode' }, source: 'HAYA', confidence: 'TOOL' },
  { channel: CHANNEL.gateway, provider: PROVIDER.gateway, eventId: 303, title: 'User disconnected from a resource through the gateway', stage: 'S9', family: 'disconnect', side: 'server', severity: 'info', fields: { user: 'Username', clientAddress: 'IpAddress', target: 'Resource', errorCode: 'ErrorCode' }, source: 'HAYA', confidence: 'TOOL' },
  { channel: CHANNEL.gateway, provider: PROVIDER.gateway, eventId: 200, title: 'Gateway connection authorization policy check', stage: 'S4', family: 'connection', side: 'server', severity: 'info', fields: { user: 'Username', clientAddress: 'IpAddress' }, source: 'HAYA', confidence: 'UNC' },
  { channel: CHANNEL.gateway, provider: PROVIDER.gateway, eventId: 300, title: 'Gateway resource authorization policy check', stage: 'S4', family: 'connection', side: 'server', severity: 'info', fields: { user: 'Username', clientAddress: 'IpAddress' }, source: 'HAYA', confidence: 'UNC' },
  { channel: CHANNEL.broker, provider: PROVIDER.broker, eventId: 2056, title: 'Connection Broker could not log on to its database', stage: 'S1', family: 'broker', side: 'server', severity: 'error', source: 'MS-AZ-EVT', confidence: 'MS' },
  { channel: CHANNEL.brokerClient, provider: PROVIDER.brokerClient, eventId: 1296, title: 'Connection Broker not ready for RPC', stage: 'S1', family: 'broker', side: 'server', severity: 'error', source: 'MS-AZ-EVT', confidence: 'MS' },
];

const CLIENT_NV = { message: 'Value' } as const;
const CLIENT_TRACE = { message: 'TraceMessage', errorCode: 'ErrorCode' } as const;

const rdpClient = group(CHANNEL.rdpClient, PROVIDER.rdpClient, {
  1024: { title: 'Client is connecting to a server', stage: 'S1', family: 'connection', side: 'client', severity: 'info', fields: { target: 'Value' }, source: 'EZ; HAYA; OSSEM', confidence: 'TOOL' },
  1025: { title: 'Client connected to the server', stage: 'S6', family: 'connection', side: 'client', severity: 'info', source: 'EZ; OSSEM', confidence: 'TOOL' },
  1026: { title: 'Client disconnected', stage: 'S9', family: 'disconnect', side: 'client', severity: 'info', fields: { reasonCode: 'Value' }, decode: { Value: 'discReason' }, source: 'EZ; OSSEM', confidence: 'TOOL' },
  1027: { title: 'Client connected to a domain and session', stage: 'S5', family: 'connection', side: 'client', severity: 'info', fields: { domain: 'DomainName', sessionId: 'SessionId' }, source: 'EZ; OSSEM', confidence: 'TOOL' },
  1028: { title: 'Server supports SSL', stage: 'S2', family: 'tls', side: 'client', severity: 'info', fields: { message: 'TraceMessage' }, source: 'EZ', confidence: 'TOOL' },
  1029: { title: 'Hash of the user name used to connect', stage: 'S4', family: 'credssp-nla', side: 'client', severity: 'info', fields: { message: 'TraceMessage' }, source: 'EZ; TechNet wiki 37847', confidence: 'TOOL' },
  1030: { title: 'Client build information', stage: 'S1', family: 'client', side: 'client', severity: 'info', source: 'OSSEM', confidence: 'MAN' },
  1005: { title: 'Client error during connection', stage: 'S1', family: 'client', side: 'client', severity: 'error', fields: CLIENT_TRACE, source: 'OSSEM; port139', confidence: 'MAN' },
  1018: { title: 'Client error during connection', stage: 'S1', family: 'client', side: 'client', severity: 'error', fields: CLIENT_TRACE, source: 'OSSEM; port139', confidence: 'MAN' },
  1006: { title: 'Auto-reconnect problem', stage: 'S10', family: 'network', side: 'client', severity: 'warning', fields: CLIENT_TRACE, source: 'OSSEM', confidence: 'MAN' },
  1007: { title: 'Server name resolution failed', stage: 'S1', family: 'network', side: 'client', severity: 'error', fields: CLIENT_TRACE, source: 'OSSEM; port139', confidence: 'MAN' },
  1008: { title: 'Client authentication in progress', stage: 'S4', family: 'credssp-nla', side: 'client', severity: 'info', fields: CLIENT_TRACE, source: 'OSSEM', confidence: 'MAN' },
  1009: { title: 'Credentials were not accepted by the server', stage: 'S4', family: 'credssp-nla', side: 'client', severity: 'warning', fields: CLIENT_TRACE, source: 'OSSEM; TechNet wiki 37847', confidence: 'MAN' },
  1013: { title: 'Auto-reconnect sequence', stage: 'S10', family: 'network', side: 'client', severity: 'info', fields: CLIENT_NV, source: 'OSSEM', confidence: 'MAN' },
  1014: { title: 'Auto-reconnect sequence', stage: 'S10', family: 'network', side: 'client', severity: 'info', fields: CLIENT_NV, source: 'OSSEM', confidence: 'MAN' },
  1015: { title: 'Auto-reconnect failed', stage: 'S10', family: 'network', side: 'client', severity: 'error', fields: CLIENT_TRACE, source: 'OSSEM', confidence: 'MAN' },
  1016: { title: 'Licensing trace', stage: 'S5', family: 'licensing', side: 'client', severity: 'info', fields: CLIENT_NV, source: 'OSSEM', confidence: 'MAN' },
  1017: { title: 'Licensing warning', stage: 'S5', family: 'licensing', side: 'client', severity: 'warning', fields: CLIENT_TRACE, source: 'OSSEM', confidence: 'MAN' },
  1031: { title: 'Error during disconnection', stage: 'S9', family: 'disconnect', side: 'client', severity: 'error', fields: { message: 'TraceMessage' }, source: 'OSSEM', confidence: 'MAN' },
  1032: { title: 'Client error with description', stage: null, family: 'client', side: 'client', severity: 'error', fields: { errorCode: 'ErrorCode', message: 'ErrorDescription' }, source: 'OSSEM', confidence: 'MAN' },
  1034: { title: 'Client error with description', stage: null, family: 'client', side: 'client', severity: 'error', fields: { errorCode: 'ErrorCode', message: 'ErrorDescription' }, source: 'OSSEM', confidence: 'MAN' },
  1102: { title: 'Client started a multi-transport (UDP) connection', stage: 'S8', family: 'connection', side: 'client', severity: 'info', fields: { target: 'Value' }, source: 'EZ; HAYA', confidence: 'TOOL' },
  1103: { title: 'Multi-transport (UDP) connection established', stage: 'S8', family: 'connection', side: 'client', severity: 'info', source: 'EZ', confidence: 'TOOL' },
  1105: { title: 'Multi-transport (UDP) connection disconnected', stage: 'S8', family: 'network', side: 'client', severity: 'info', source: 'EZ', confidence: 'TOOL' },
  1106: { title: 'Connection being closed', stage: 'S9', family: 'disconnect', side: 'client', severity: 'info', fields: { reasonCode: 'Code' }, source: 'OSSEM', confidence: 'MAN' },
  1107: { title: 'Component message during disconnection', stage: 'S9', family: 'disconnect', side: 'client', severity: 'info', fields: { message: 'Message', errorCode: 'ErrorCode' }, source: 'OSSEM', confidence: 'MAN' },
  225: { title: 'Client state transition', stage: null, family: 'client', side: 'client', severity: 'info', source: 'OSSEM', confidence: 'MAN' },
  226: { title: 'Client state transition with an error', stage: null, family: 'client', side: 'client', severity: 'warning', fields: { errorCode: 'ErrorCode' }, decode: { ErrorCode: 'win32' }, source: 'OSSEM', confidence: 'MAN' },
  1404: { title: 'Graphics pipeline error', stage: 'S7', family: 'client', side: 'client', severity: 'error', fields: { errorCode: 'ErrorCode' }, source: 'OSSEM', confidence: 'MAN' },
});

/** Every catalogued event, in a fixed order (grouped by channel). */
export const EVENT_DEFS: readonly EventDef[] = Object.freeze([
  ...lsm, ...rcmOperational, ...rcmAdmin, ...rcmSystem, ...rdpCoreTs, ...rdpCoreTsAdmin,
  ...termdd, ...schannel, ...security, ...rdpClient, ...others,
]);

const byKey = new Map<string, EventDef[]>();
for (const def of EVENT_DEFS) {
  for (const name of [def.provider, ...(def.providerAliases ?? [])]) {
    const key = `${name.toLowerCase()}|${def.eventId}`;
    const list = byKey.get(key);
    if (list) list.push(def);
    else byKey.set(key, [def]);
  }
}

/**
 * The definition for an event, keyed on provider (case-insensitive) + event id. When a provider
 * logs the same id to several channels (Operational vs Admin), `channel` picks the right one;
 * without a channel match the first definition is returned.
 */
export function lookupEvent(provider: string, eventId: number, channel?: string): EventDef | undefined {
  const list = byKey.get(`${provider.trim().toLowerCase()}|${eventId}`);
  if (!list) return undefined;
  if (channel !== undefined && list.length > 1) {
    const c = channel.trim().toLowerCase();
    const hit = list.find((d) => d.channel.toLowerCase() === c);
    if (hit) return hit;
  }
  return list[0];
}

/**
 * Providers that write only Remote Desktop events: everything they log is kept, catalogued or not
 * (real logs hold ids no public source explains, e.g. RCM 1136/1155, LSM 32/34/54).
 */
const RDP_ONLY_PROVIDERS = new Set<string>([
  PROVIDER.lsm, PROVIDER.rcm, PROVIDER.rdpCoreTs, PROVIDER.rdpClient, PROVIDER.gateway, PROVIDER.broker, PROVIDER.brokerClient,
].map((p) => p.toLowerCase()));

/** Whether the event matters for RDP analysis: catalogued, or from a Remote-Desktop-only provider. */
export function isRelevant(provider: string, eventId: number): boolean {
  const p = provider.trim().toLowerCase();
  return byKey.has(`${p}|${eventId}`) || RDP_ONLY_PROVIDERS.has(p);
}

/** Channels the catalog's events are logged to, for coverage checks and collection. */
export const CATALOG_CHANNELS: readonly string[] = Object.freeze([...new Set(EVENT_DEFS.map((d) => d.channel))]);
