import type { Rule } from '../types.js';
import { PROVIDER, RCM_CLASSIC } from '../providers.js';
import { FAILED, FAILED_REAL, clientDisconnect } from './common.js';

/** P1 — the self-signed RDP certificate expired and TermService could not replace it. */
export const certExpired: Rule = {
  id: 'cert-expired',
  ref: 'P1',
  title: 'Expired Remote Desktop certificate was not renewed',
  category: 'failure',
  severity: 'error',
  severityWithoutFailures: 'warning',
  stage: 'S3',
  rank: 10,
  groupBy: 'host+client+user',
  confidence: 0.85,
  signatures: [
    {
      scope: 'host',
      trigger: [
        { provider: RCM_CLASSIC, eventId: 1058, meaning: 'TermService failed to replace the expired self-signed certificate' },
        { provider: RCM_CLASSIC, eventId: 1057, meaning: 'TermService failed to create a new self-signed certificate' },
      ],
      // a renewal that succeeded right after (RCM 1056) means the listener has a valid certificate again
      unless: { matchers: [{ provider: RCM_CLASSIC, eventId: 1056, meaning: 'new self-signed certificate generated' }], withinSeconds: 600 },
      explains: {
        mode: 'after', outcomes: [...FAILED_REAL], side: 'server',
        until: [{ provider: RCM_CLASSIC, eventId: 1056, meaning: 'new self-signed certificate generated' }],
      },
      note: 'TermService logged that it could not renew its certificate, and the connections after that failed during the TLS handshake.',
    },
    {
      // per connection: the key error Schannel logs while the expired certificate is still in place
      scope: 'host',
      trigger: [{
        provider: PROVIDER.schannel, eventId: 36870, where: [{ field: 'Type', equals: ['server'] }],
        meaning: 'Schannel could not use the private key of the TLS server credential',
      }],
      requiresEarlier: {
        matchers: [
          { provider: RCM_CLASSIC, eventId: 1058, meaning: 'TermService failed to replace the expired self-signed certificate' },
          { provider: RCM_CLASSIC, eventId: 1057, meaning: 'TermService failed to create a new self-signed certificate' },
        ],
        withinSeconds: 90 * 86400,
        resetBy: [{ provider: RCM_CLASSIC, eventId: 1056, meaning: 'new self-signed certificate generated' }],
      },
      explains: { mode: 'near', seconds: 5, outcomes: [...FAILED], side: 'server' },
      confidence: 0.9,
    },
    {
      scope: 'attempt',
      attempt: { side: 'client' },
      any: [clientDisconnect([6919], 'client: the server certificate has expired (SSL_ERR_CERT_EXPIRED)')],
      confidence: 0.9,
    },
    {
      scope: 'host',
      // the client's own Schannel, if it validated the certificate itself ([UNC] for mstsc)
      trigger: [
        { provider: PROVIDER.schannel, eventId: 36881, meaning: 'client Schannel: remote server certificate expired or not yet valid' },
        { provider: PROVIDER.schannel, eventId: 36887, where: [{ field: 'AlertDesc', oneOf: [45], table: 'tlsAlert' }], meaning: 'peer sent TLS alert certificate_expired' },
      ],
      explains: { mode: 'near', seconds: 10, outcomes: [...FAILED_REAL] },
      confidence: 0.7,
    },
  ],
  explanation:
    'The Remote Desktop listener presents a self-signed certificate that TermService renews by itself. ' +
    'Here renewal failed (RCM 1057/1058 in the System log) and no new certificate was generated (no RCM 1056 afterwards), ' +
    'so the TLS handshake fails and the client sees the socket closed (typically 0x904, extended 0x7). ' +
    'The usual underlying reason is that TermService cannot write its key container (see cert-private-key).',
  remedy: [
    {
      text: 'Delete the expired Remote Desktop certificate (certlm.msc › Remote Desktop › Certificates) and restart Remote Desktop Services so a new one is generated.',
      command: "Get-ChildItem 'Cert:\\LocalMachine\\Remote Desktop' | Where-Object NotAfter -lt (Get-Date) | Remove-Item; Restart-Service TermService -Force",
    },
    {
      text: 'Verify that a new certificate was created: RCM event 1056 appears in the System log and the listener thumbprint changes.',
      command: "Get-WinEvent -FilterHashtable @{LogName='System'; Id=1056} -MaxEvents 1; Get-CimInstance -Namespace root/cimv2/TerminalServices -ClassName Win32_TSGeneralSetting | Select-Object TerminalName, SSLCertificateSHA1Hash",
    },
    {
      text: 'If it is not recreated: check that SelfSignedCertStore is "Remote Desktop" and that CertPropSvc, KeyIso, CryptSvc and SessionEnv run; then repair the MachineKeys permissions (cert-private-key).',
      command: "Get-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations' -Name SelfSignedCertStore; Get-Service CertPropSvc, KeyIso, CryptSvc, SessionEnv",
    },
  ],
  references: [
    'rdp-signatures §6 P1, §3.2 (RCM 1056/1057/1058)',
    'https://learn.microsoft.com/en-us/troubleshoot/azure/virtual-machines/windows/event-id-troubleshoot-vm-rdp-connecton',
    'https://learn.microsoft.com/en-us/troubleshoot/windows-server/remote/internal-error-has-occurred-connecting-remote-machine',
  ],
  examples: {
    positive: [{
      description: 'RCM 1058 at service start, then a connection that dies in the handshake',
      host: 'RDSH01',
      hostEvents: [{ at: 0, provider: PROVIDER.rcm, eventId: 1058, fields: { 'Data[1]': 'Access is denied.' } }],
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S3', clientAddress: '10.0.0.5',
        events: [
          { at: 60, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.0.5:50123' }, join: 'opener' },
          { at: 61, provider: PROVIDER.rdpCore, eventId: 103, fields: { ReasonCode: '14' } },
        ],
      }],
    }],
    negative: [{
      description: 'RCM 1058 followed by a successful renewal (1056): the certificate is valid again',
      host: 'RDSH01',
      hostEvents: [
        { at: 0, provider: PROVIDER.rcm, eventId: 1058, fields: { 'Data[1]': 'Access is denied.' } },
        { at: 30, provider: PROVIDER.rcm, eventId: 1056, fields: { 'Data[1]': 'RDSH01' } },
      ],
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S3', clientAddress: '10.0.0.5',
        events: [{ at: 60, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.0.5:50123' }, join: 'opener' }],
      }],
    }],
  },
};
