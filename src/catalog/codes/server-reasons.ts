/** Disconnect reasons the server logs: LSM 40 `Reason`, RdpCoreTS 103 `ReasonCode`, RDP_NEG_FAILURE. */
import type { CodeEntry } from '../types.js';
import { rows } from './entry.js';

/** Same numbering as errorInfo 0–12. */
export const LSM40_REASONS: CodeEntry[] = rows('lsm40', 'EZ LocalSessionManager_40 (TechNet wiki 37874)', 'TOOL', [
  [0, 'noInfo', 'No additional information — usually the user closed the client window or the network was lost.', ['normal-disconnect', 'network-drop']],
  [1, 'adminDisconnect', 'An admin tool in another session disconnected this session.', ['normal-disconnect']],
  [2, 'adminLogoff', 'An admin tool in another session forced a logoff.', ['normal-disconnect']],
  [3, 'idleTimeout', 'The idle session time limit elapsed.', ['normal-disconnect']],
  [4, 'activeTimeout', 'The active session time limit elapsed.', ['normal-disconnect']],
  [5, 'replacedByOtherConnection', 'Another connection took over the session (the user reconnected elsewhere).', ['normal-disconnect']],
  [6, 'outOfMemory', 'The server ran out of memory.'],
  [7, 'serverDenied', 'The server denied the connection.', ['server-denied']],
  [9, 'insufficientPrivileges', 'The user lacks the privilege to log on remotely.', ['account-state']],
  [10, 'freshCredentialsRequired', 'The server requires credentials to be typed for each connection.', ['nla-failure']],
  [11, 'userDisconnected', 'The user disconnected the session on the server, or an admin tool did.', ['normal-disconnect']],
  [12, 'userLogoff', 'The user logged off.', ['normal-disconnect']],
]);

/** Undocumented enumeration: only values observed in a real log, with what they accompanied. */
export const RDPCORETS103_REASONS: CodeEntry[] = rows('rdpcorets103', 'SAMPLE-BK', 'SAMPLE', [
  [5, 'replacedByOtherConnection', 'Seen right after SetErrorInfo(0x5): another connection took over the session.', ['normal-disconnect']],
  [13, 'clientDisconnect', 'Seen after SetErrorInfo(0x0): apparently an ordinary client-initiated disconnect.', ['normal-disconnect']],
  [14, 'connectionNeverCompleted', 'Seen on connections that never completed (scanner probes) and on a session that died with socket time-outs.', ['scanner-noise', 'network-drop']],
]);

export const RDP_NEG_FAILURES: CodeEntry[] = rows('rdpNegFailure', 'MS-RDPBCGR 2.2.1.2.2', 'MS', [
  [1, 'SSL_REQUIRED_BY_SERVER', 'The server requires TLS; the client offered only standard RDP security.', ['tls-mismatch']],
  [2, 'SSL_NOT_ALLOWED_BY_SERVER', 'The server allows only standard RDP security; the client asked for TLS.', ['tls-mismatch']],
  [3, 'SSL_CERT_NOT_ON_SERVER', 'The server has no valid certificate for TLS.', ['cert-misconfigured', 'cert-private-key']],
  [4, 'INCONSISTENT_FLAGS', 'The requested protocol flags are inconsistent.', ['tls-mismatch']],
  [5, 'HYBRID_REQUIRED_BY_SERVER', 'The server requires Network Level Authentication (CredSSP).', ['nla-failure']],
  [6, 'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER', 'The server requires TLS with client certificate authentication.', ['tls-mismatch']],
]);
