import type { Rule } from '../types.js';
import { PROVIDER, RCM_CLASSIC } from '../providers.js';
import { FAILED_REAL, clientDisconnect } from './common.js';

/** P3 — a custom or template certificate is configured for the listener but unusable. */
export const certMisconfigured: Rule = {
  id: 'cert-misconfigured',
  ref: 'P3',
  title: 'Remote Desktop listener certificate is misconfigured',
  category: 'failure',
  severity: 'error',
  severityWithoutFailures: 'warning',
  stage: 'S3',
  rank: 12,
  groupBy: 'host+client+user',
  confidence: 0.75,
  signatures: [
    {
      scope: 'host',
      trigger: [
        { provider: RCM_CLASSIC, eventId: 1051, meaning: 'configured certificate unusable; the self-signed default is used instead' },
        { provider: RCM_CLASSIC, eventId: 1053, meaning: 'configured certificate has expired' },
        { provider: RCM_CLASSIC, eventId: 1054, meaning: 'configured certificate lacks the Server Authentication usage' },
        { provider: RCM_CLASSIC, eventId: 1059, meaning: 'configured certificate hash matches no certificate' },
        { provider: RCM_CLASSIC, eventId: 1062, meaning: 'configured certificate has the wrong subject name' },
        { provider: RCM_CLASSIC, eventId: [1064, 1065], meaning: 'template certificate enrolment failed' },
      ],
      explains: {
        mode: 'after', outcomes: [...FAILED_REAL],
        until: [{ provider: RCM_CLASSIC, eventId: 1063, meaning: 'a new template certificate was installed' }],
      },
    },
    {
      scope: 'attempt',
      attempt: { side: 'client' },
      any: [clientDisconnect([2311], 'client: unexpected server authentication certificate')],
      confidence: 0.8,
    },
    {
      scope: 'host',
      trigger: [
        { provider: PROVIDER.schannel, eventId: 36882, meaning: 'client Schannel: server certificate issued by an untrusted authority' },
        { provider: PROVIDER.schannel, eventId: 36884, meaning: 'client Schannel: server certificate does not carry the expected name' },
        {
          provider: PROVIDER.schannel, eventId: 36887,
          where: [{ field: 'AlertDesc', oneOf: [42, 43, 46, 48], table: 'tlsAlert' }],
          meaning: 'the peer rejected the certificate (TLS alert)',
        },
      ],
      explains: { mode: 'near', seconds: 10, outcomes: [...FAILED_REAL] },
      confidence: 0.55,
      note: 'A TLS certificate alert was logged while the connection failed; the link is by time only.',
    },
  ],
  explanation:
    'The listener is configured to use a specific (custom or template) certificate that TermService reports as unusable: missing, expired, ' +
    'without the Server Authentication usage, with a wrong subject, or a configured thumbprint that matches no certificate. ' +
    'Clients then get a certificate they reject, or the listener falls back to a self-signed one they do not trust.',
  remedy: [
    {
      text: 'Compare the configured thumbprint with the certificates in the machine store (the value is SSLCertificateSHA1Hash; some documents call it SSLCertificateSHA1HashValue).',
      command: "Get-CimInstance -Namespace root/cimv2/TerminalServices -ClassName Win32_TSGeneralSetting -Filter \"TerminalName='RDP-tcp'\" | Select-Object SSLCertificateSHA1Hash; Get-ChildItem Cert:\\LocalMachine\\My | Select-Object Thumbprint, Subject, NotAfter, EnhancedKeyUsageList",
    },
    {
      text: 'Bind a valid certificate (Server Authentication usage, matching name, private key present) to the listener and restart TermService.',
      command: "$ts = Get-CimInstance -Namespace root/cimv2/TerminalServices -ClassName Win32_TSGeneralSetting -Filter \"TerminalName='RDP-tcp'\"; Set-CimInstance -InputObject $ts -Property @{SSLCertificateSHA1Hash='<THUMBPRINT>'}; Restart-Service TermService -Force",
    },
    {
      text: 'Or remove the SSLCertificateSHA1Hash value so the listener uses its self-signed certificate (not on a Connection Broker deployment).',
      command: "Remove-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' -Name SSLCertificateSHA1Hash; Restart-Service TermService -Force",
    },
  ],
  references: [
    'rdp-signatures §6 P3, §3.2 (RCM 1051–1065)',
    'https://learn.microsoft.com/en-us/troubleshoot/windows-server/remote/remote-desktop-listener-certificate-configurations',
  ],
  examples: {
    positive: [{
      description: 'RCM 1059 (hash matches no certificate), then failing connections',
      host: 'RDSH02',
      hostEvents: [{ at: 0, provider: PROVIDER.rcm, eventId: 1059 }],
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S3', clientAddress: '10.0.0.9',
        events: [{ at: 120, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.0.9:50001' }, join: 'opener' }],
      }],
    }],
    negative: [{
      description: 'A template certificate was installed (1063): nothing wrong',
      host: 'RDSH02',
      hostEvents: [{ at: 0, provider: PROVIDER.rcm, eventId: 1063 }],
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S3', clientAddress: '10.0.0.9',
        events: [{ at: 120, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.0.9:50001' }, join: 'opener' }],
      }],
    }],
  },
};
