/**
 * Status codes met in RDP logs: Win32/HRESULT (RdpCoreTS 142/143/226/227), NTSTATUS (Security
 * 4625/4776 Status/SubStatus, TermDD DumpData) and SSPI SEC_E_* (Schannel ErrorCode, RdpCoreTS 139).
 */
import type { CodeEntry } from '../types.js';
import { rows } from './entry.js';

export const WIN32_CODES: CodeEntry[] = [
  ...rows('win32', 'SAMPLE-BK', 'SAMPLE', [
    [64, 'ERROR_NETNAME_DELETED', 'The connection was reset by the other end: the client vanished or aborted, a scanner hung up, or a middlebox reset it.', ['network-drop', 'scanner-noise']],
    [121, 'ERROR_SEM_TIMEOUT', 'The network path went dead: VPN drop, sleep, packet loss.', ['network-drop']],
    [5023, 'ERROR_INVALID_STATE', 'Invalid state; seen when pending socket reads failed.', ['network-drop']],
    [0x80070040, 'HRESULT ERROR_NETNAME_DELETED', 'Connection reset by the other end (HRESULT form of error 64).', ['network-drop', 'scanner-noise']],
    [0x80070079, 'HRESULT ERROR_SEM_TIMEOUT', 'Network time-out (HRESULT form of error 121).', ['network-drop']],
    [0x8007139f, 'HRESULT ERROR_INVALID_STATE', 'Invalid state (HRESULT form of error 5023).', ['network-drop']],
    [0x80004001, 'E_NOTIMPL', 'Not implemented; RdpCoreTS 227 "Failed GetConnectionProperty" logs this on every connection — benign.'],
  ]),
  ...rows('win32', 'MS System Error Codes', 'MS', [
    [0, 'ERROR_SUCCESS', 'Success.'],
    [5, 'ERROR_ACCESS_DENIED', 'Access is denied.', ['cert-private-key']],
    [1326, 'ERROR_LOGON_FAILURE', 'Unknown user name or bad password.', ['nla-failure']],
    [10053, 'WSAECONNABORTED', 'The connection was aborted by software on this machine.', ['network-drop']],
    [10054, 'WSAECONNRESET', 'The connection was reset by the other end.', ['network-drop']],
    [10060, 'WSAETIMEDOUT', 'The connection attempt timed out.', ['unreachable', 'network-drop']],
    [10061, 'WSAECONNREFUSED', 'The connection was refused (nothing listening).', ['unreachable']],
  ]),
];

export const NTSTATUS_CODES: CodeEntry[] = [
  ...rows('ntstatus', 'MS-4625', 'MS', [
    [0x00000000, 'STATUS_SUCCESS', 'Success (no sub-status).'],
    [0xc000005e, 'STATUS_NO_LOGON_SERVERS', 'No logon server (domain controller) was available.', ['nla-failure']],
    [0xc0000064, 'STATUS_NO_SUCH_USER', 'The user name does not exist.', ['nla-failure']],
    [0xc000006a, 'STATUS_WRONG_PASSWORD', 'The user exists but the password is wrong.', ['nla-failure']],
    [0xc000006d, 'STATUS_LOGON_FAILURE', 'Bad user name or password (the SubStatus says which).', ['nla-failure']],
    [0xc000006e, 'STATUS_ACCOUNT_RESTRICTION', 'An account restriction prevents the logon (the SubStatus says which).', ['account-state']],
    [0xc000006f, 'STATUS_INVALID_LOGON_HOURS', 'Logon outside the allowed hours.', ['account-state']],
    [0xc0000070, 'STATUS_INVALID_WORKSTATION', 'The account may not log on from this workstation.', ['account-state']],
    [0xc0000071, 'STATUS_PASSWORD_EXPIRED', 'The password has expired.', ['account-state']],
    [0xc0000072, 'STATUS_ACCOUNT_DISABLED', 'The account is disabled.', ['account-state']],
    [0xc00000dc, 'STATUS_INVALID_SERVER_STATE', 'The SAM server was in the wrong state.'],
    [0xc0000133, 'STATUS_TIME_DIFFERENCE_AT_DC', 'The clocks of the machine and the domain controller differ too much.', ['nla-failure']],
    [0xc000015b, 'STATUS_LOGON_TYPE_NOT_GRANTED', 'The user is not granted this logon type (e.g. missing "Allow log on through Remote Desktop Services").', ['account-state']],
    [0xc000018c, 'STATUS_TRUSTED_DOMAIN_FAILURE', 'The trust relationship with the domain failed.', ['nla-failure']],
    [0xc0000192, 'STATUS_NETLOGON_NOT_STARTED', 'The Netlogon service is not started.', ['nla-failure']],
    [0xc0000193, 'STATUS_ACCOUNT_EXPIRED', 'The account has expired.', ['account-state']],
    [0xc0000224, 'STATUS_PASSWORD_MUST_CHANGE', 'The password must be changed at next logon.', ['account-state']],
    [0xc0000225, 'STATUS_NOT_FOUND', 'A Windows bug, not a risk (per the 4625 documentation).'],
    [0xc0000234, 'STATUS_ACCOUNT_LOCKED_OUT', 'The account is locked out.', ['account-state']],
    [0xc00002ee, 'STATUS_UNFINISHED_CONTEXT_DELETED', 'An error occurred during logon.', ['nla-failure']],
    [0xc0000413, 'STATUS_AUTHENTICATION_FIREWALL_FAILED', 'The authentication firewall denied this machine.', ['account-state']],
  ]),
  ...rows('ntstatus', 'MS AskPerf TermDD 56', 'MS', [
    [0xc00000b5, 'STATUS_IO_TIMEOUT', 'The client stopped responding during the handshake (network).', ['network-drop']],
    [0xc0000184, 'STATUS_INVALID_DEVICE_STATE', 'The connection stack was torn down in the middle of the handshake.', ['network-drop', 'scanner-noise']],
  ]),
  ...rows('ntstatus', 'atc DN0089/DN_0090 (EventID Qualifiers 49162); EZ System_TermDD_56', 'INF', [
    [0xc00a0032, 'STATUS_RDP_PROTOCOL_ERROR', 'An RDP protocol component found an error in the stream and disconnected the client (TermDD 50).', ['scanner-noise', 'licensing']],
    [0xc00a0038, 'STATUS_CTX_SECURITY_LAYER_ERROR', 'The security layer found an error in the stream and disconnected the client (TermDD 56).', ['tls-mismatch', 'network-drop']],
    [0xc0000001, 'STATUS_UNSUCCESSFUL', 'Unspecified failure. RdpCoreTS logs it with a "D" top nibble (0xD0000001) after a dead connection.', ['network-drop']],
  ]),
];

export const SSPI_CODES: CodeEntry[] = [
  ...rows('sspi', 'MS winerror (com-error-codes-4)', 'MS', [
    [0x80090304, 'SEC_E_INTERNAL_ERROR', 'Generic Schannel failure, often the certificate private key cannot be used.', ['cert-private-key', 'tls-mismatch']],
    [0x80090308, 'SEC_E_INVALID_TOKEN', 'Malformed handshake or non-TLS data.', ['scanner-noise', 'tls-mismatch']],
    [0x8009030c, 'SEC_E_LOGON_DENIED', 'The logon was denied (CredSSP).', ['nla-failure']],
    [0x8009030d, 'SEC_E_UNKNOWN_CREDENTIALS', 'The server credential (certificate / private key) cannot be used — usually MachineKeys permissions.', ['cert-private-key']],
    [0x8009030e, 'SEC_E_NO_CREDENTIALS', 'No credentials are available (no certificate or key, or NLA without credentials).', ['cert-private-key', 'nla-failure']],
    [0x80090311, 'SEC_E_NO_AUTHENTICATING_AUTHORITY', 'No domain controller / KDC could be reached.', ['nla-failure']],
    [0x80090322, 'SEC_E_WRONG_PRINCIPAL', 'Target name (SPN) mismatch (Kerberos).', ['nla-failure']],
    [0x80090324, 'SEC_E_TIME_SKEW', 'The clocks differ too much.', ['nla-failure']],
    [0x80090325, 'SEC_E_UNTRUSTED_ROOT', 'The certificate chain ends in an untrusted root.', ['cert-misconfigured']],
    [0x80090326, 'SEC_E_ILLEGAL_MESSAGE', 'The peer sent an illegal TLS message or alert.', ['tls-mismatch']],
    [0x80090327, 'SEC_E_CERT_UNKNOWN', 'Unknown certificate problem.', ['cert-misconfigured']],
    [0x80090328, 'SEC_E_CERT_EXPIRED', 'The certificate has expired.', ['cert-expired']],
    [0x80090330, 'SEC_E_DECRYPT_FAILURE', 'A TLS record could not be decrypted (corruption or a middlebox).', ['network-drop', 'tls-mismatch']],
    [0x80090331, 'SEC_E_ALGORITHM_MISMATCH', 'No common TLS version or cipher suite.', ['tls-mismatch']],
    [0x800b0101, 'CERT_E_EXPIRED', 'Certificate chain: a certificate has expired.', ['cert-expired']],
    [0x800b0109, 'CERT_E_UNTRUSTEDROOT', 'Certificate chain: untrusted root.', ['cert-misconfigured']],
    [0x800b010f, 'CERT_E_CN_NO_MATCH', 'Certificate chain: the name does not match.', ['cert-misconfigured']],
    [0x80092013, 'CRYPT_E_REVOCATION_OFFLINE', 'Certificate chain: the revocation server was offline.', ['cert-misconfigured']],
  ]),
];
