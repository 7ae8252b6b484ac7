/** TLS alert descriptions (Schannel 36887/36888 AlertDesc) and Schannel internal error states. */
import type { CodeEntry } from '../types.js';
import { rows } from './entry.js';

export const TLS_ALERTS: CodeEntry[] = rows('tlsAlert', 'RFC 5246 §7.2.2; RFC 8446 §6', 'MS', [
  [0, 'close_notify', 'The peer closed the TLS connection normally.'],
  [10, 'unexpected_message', 'An unexpected message was received.', ['tls-mismatch', 'scanner-noise']],
  [20, 'bad_record_mac', 'A record failed its integrity check.', ['network-drop', 'tls-mismatch']],
  [21, 'decryption_failed', 'A record could not be decrypted.', ['network-drop', 'tls-mismatch']],
  [22, 'record_overflow', 'A record was too long.', ['tls-mismatch']],
  [30, 'decompression_failure', 'Decompression failed.', ['tls-mismatch']],
  [40, 'handshake_failure', 'No acceptable set of security parameters (no common cipher suite or parameters).', ['tls-mismatch', 'credssp-oracle']],
  [41, 'no_certificate', 'No certificate (SSL 3.0).', ['cert-misconfigured']],
  [42, 'bad_certificate', 'The certificate was corrupt or failed verification.', ['cert-misconfigured', 'cert-expired']],
  [43, 'unsupported_certificate', 'The certificate type is not supported.', ['cert-misconfigured']],
  [44, 'certificate_revoked', 'The certificate was revoked.', ['cert-misconfigured']],
  [45, 'certificate_expired', 'The certificate has expired or is not yet valid.', ['cert-expired']],
  [46, 'certificate_unknown', 'The peer did not accept the certificate (on an RDP server: often the client refused the self-signed certificate).', ['cert-misconfigured', 'cert-expired']],
  [47, 'illegal_parameter', 'A handshake field was out of range or inconsistent.', ['tls-mismatch']],
  [48, 'unknown_ca', 'The certificate authority is not trusted.', ['cert-misconfigured']],
  [49, 'access_denied', 'Access denied by the peer.'],
  [50, 'decode_error', 'A message could not be decoded.', ['tls-mismatch', 'scanner-noise']],
  [51, 'decrypt_error', 'A handshake cryptographic operation failed.', ['tls-mismatch', 'cert-private-key']],
  [60, 'export_restriction', 'Export restriction (obsolete).', ['tls-mismatch']],
  [70, 'protocol_version', 'No TLS version both ends support.', ['tls-mismatch']],
  [71, 'insufficient_security', 'The peer requires stronger cipher suites.', ['tls-mismatch']],
  [80, 'internal_error', 'Internal error of the peer. Windows RDP servers were reported to send it when the CredSSP/NTLM exchange inside TLS fails.', ['nla-failure', 'credssp-oracle']],
  [86, 'inappropriate_fallback', 'Inappropriate version fallback.', ['tls-mismatch']],
  [90, 'user_canceled', 'The handshake was cancelled.'],
  [100, 'no_renegotiation', 'Renegotiation refused.', ['tls-mismatch']],
  [109, 'missing_extension', 'A required extension is missing.', ['tls-mismatch']],
  [110, 'unsupported_extension', 'An unsupported extension was received.', ['tls-mismatch']],
  [112, 'unrecognized_name', 'The server name (SNI) is not recognised.', ['cert-misconfigured']],
  [113, 'bad_certificate_status_response', 'Bad OCSP status response.', ['cert-misconfigured']],
  [115, 'unknown_psk_identity', 'Unknown PSK identity.'],
  [116, 'certificate_required', 'A client certificate is required.', ['tls-mismatch']],
  [120, 'no_application_protocol', 'No common application protocol (ALPN).', ['tls-mismatch']],
]);

/** Not documented by Microsoft: only the associations found in public sources. */
export const SCHANNEL_STATES: CodeEntry[] = [
  ...rows('schannelState', 'MS-AZ-EVT; Singer blog', 'MS', [
    [10001, 'privateKeyInaccessible', 'With 36870 and 0x8009030D: the server cannot access the RDP certificate private key.', ['cert-private-key']],
  ]),
  ...rows('schannelState', 'MS-AZ-EVT (36871); EventLogExpert #397', 'MS', [
    [10013, 'noUsableProtocol', 'With 36871: no enabled TLS protocol or cipher is usable for the credential (TLS versions disabled in SCHANNEL\\Protocols).', ['tls-mismatch']],
  ]),
  ...rows('schannelState', 'requests-credssp #18', 'SAMPLE', [
    [1205, 'handshakeFailureInCredSSP', 'With 36888 alert 40: handshake failure during the TLS of CredSSP (no common parameters).', ['tls-mismatch']],
  ]),
];
