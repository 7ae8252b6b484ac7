/**
 * Extended disconnect reasons: the "Extended error code" of the mstsc dialog. The values are the
 * MS-RDPBCGR errorInfo codes the server sends in the Set Error Info PDU (see error-info.ts).
 */
import type { CodeEntry } from '../types.js';
import { rows } from './entry.js';

export const EXTENDED_REASONS: CodeEntry[] = [
  ...rows('extendedReason', 'MS-EXTDISC', 'MS', [
    [0, 'exDiscReasonNoInfo', 'No extended information.', ['normal-disconnect']],
    [1, 'exDiscReasonAPIInitiatedDisconnect', 'An application or admin tool disconnected the session.', ['normal-disconnect']],
    [2, 'exDiscReasonAPIInitiatedLogoff', 'An application or admin tool logged the session off.', ['normal-disconnect']],
    [3, 'exDiscReasonServerIdleTimeout', 'The idle time limit of the session elapsed.', ['normal-disconnect']],
    [4, 'exDiscReasonServerLogonTimeout', 'The logon or active-session time limit elapsed.', ['normal-disconnect']],
    [5, 'exDiscReasonReplacedByOtherConnection', 'Another connection took over the session.', ['normal-disconnect']],
    [6, 'exDiscReasonOutOfMemory', 'The server ran out of memory.'],
    [7, 'exDiscReasonServerDeniedConnection', 'The server denied the connection.',
      ['server-denied', 'cert-private-key', 'tls-mismatch', 'cert-expired', 'broker', 'account-state']],
    [8, 'exDiscReasonServerDeniedConnectionFips', 'The server denied the connection for security reasons (FIPS).', ['fips-encryption']],
    [9, 'exDiscReasonServerInsufficientPrivileges', 'The user lacks the privilege to log on remotely.', ['account-state']],
    [10, 'exDiscReasonServerFreshCredsRequired', 'The server requires freshly typed credentials.', ['nla-failure']],
    [11, 'exDiscReasonRpcInitiatedDisconnectByUser', 'The user (or an admin tool) disconnected the session on the server.', ['normal-disconnect']],
    [12, 'exDiscReasonLogoffByUser', 'The user logged off.', ['normal-disconnect']],
    [256, 'exDiscReasonLicenseInternal', 'Licensing: internal error.', ['licensing']],
    [257, 'exDiscReasonLicenseNoLicenseServer', 'Licensing: no licence server available.', ['licensing']],
    [258, 'exDiscReasonLicenseNoLicense', 'Licensing: no licence available for the client.', ['licensing']],
    [259, 'exDiscReasonLicenseErrClientMsg', 'Licensing: bad message from the client.', ['licensing']],
    [260, 'exDiscReasonLicenseHwidDoesntMatchLicense', 'Licensing: the hardware id does not match the licence.', ['licensing']],
    [261, 'exDiscReasonLicenseErrClientLicense', 'Licensing: the client licence is not valid.', ['licensing']],
    [262, 'exDiscReasonLicenseCantFinishProtocol', 'Licensing: the protocol could not finish (network problem).', ['licensing', 'network-drop']],
    [263, 'exDiscReasonLicenseClientEndedProtocol', 'Licensing: the client ended the licensing protocol.', ['licensing']],
    [264, 'exDiscReasonLicenseErrClientEncryption', 'Licensing: bad encryption in a client message.', ['licensing']],
    [265, 'exDiscReasonLicenseCantUpgradeLicense', 'Licensing: the client access licence could not be upgraded.', ['licensing']],
    [266, 'exDiscReasonLicenseNoRemoteConnections', 'Licensing: the server is not licensed for remote connections.', ['licensing']],
    [267, 'exDiscReasonLicenseCreatingLicStoreAccDenied', 'Licensing: access denied creating the licence store on the client.', ['licensing']],
    [768, 'exDiscReasonRdpEncInvalidCredentials', 'Invalid credentials (legacy RDP security).', ['nla-failure']],
  ]),
];

/** 0x1000–0x7FFF: internal protocol errors — the detail is in the server's event log. */
export const EXTENDED_PROTOCOL_RANGE = { start: 0x1000, end: 0x7fff, source: 'MS-EXTDISC', confidence: 'MS' as const };
