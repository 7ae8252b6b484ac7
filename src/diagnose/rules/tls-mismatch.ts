import type { Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { FAILED } from './common.js';

/** P4 — no TLS version or cipher suite both ends accept. */
export const tlsMismatch: Rule = {
  id: 'tls-mismatch',
  ref: 'P4',
  title: 'TLS version or cipher suite mismatch',
  category: 'failure',
  severity: 'error',
  severityWithoutFailures: 'warning',
  stage: 'S3',
  rank: 20,
  groupBy: 'host+client+user',
  confidence: 0.8,
  signatures: [
    {
      scope: 'host',
      trigger: [
        {
          provider: PROVIDER.schannel, eventId: 36874,
          meaning: 'a TLS connection request arrived but none of the client\'s cipher suites is enabled on the server',
        },
        {
          provider: PROVIDER.schannel, eventId: 36888,
          where: [{ field: 'AlertDesc', oneOf: [40, 70, 71], table: 'tlsAlert' }],
          meaning: 'Schannel sent a fatal TLS alert (no common protocol version or cipher)',
        },
        {
          provider: PROVIDER.schannel, eventId: 36871,
          where: [{ field: 'ErrorState', oneOf: [10013], table: 'schannelState' }],
          meaning: 'Schannel could not create a TLS credential: no enabled protocol or cipher usable (state 10013)',
        },
        {
          provider: PROVIDER.schannel, eventId: 36887,
          where: [{ field: 'AlertDesc', oneOf: [40, 70, 71], table: 'tlsAlert' }],
          meaning: 'the peer sent a fatal TLS alert (no common protocol version or cipher)',
        },
      ],
      explains: { mode: 'near', seconds: 5, outcomes: [...FAILED] },
      note: 'Schannel logs no client address; the TLS error is attached to the connection that failed at the same time.',
    },
    {
      scope: 'host',
      trigger: [{
        provider: PROVIDER.rdpCore, eventId: 139,
        where: [{ field: 'ResultCode', oneOf: [0x80090331, 0x80090326], table: 'sspi' }],
        meaning: 'the RDP security layer failed: no common TLS algorithm / illegal TLS message',
      }],
      explains: { mode: 'near', seconds: 10, outcomes: [...FAILED], clientField: 'IPString' },
      confidence: 0.85,
    },
    {
      scope: 'attempt',
      any: [{
        provider: PROVIDER.rdpCore, eventId: 139,
        where: [{ field: 'ResultCode', oneOf: [0x80090331, 0x80090326], table: 'sspi' }],
        meaning: 'the RDP security layer failed: no common TLS algorithm / illegal TLS message',
      }],
      confidence: 0.85,
    },
  ],
  explanation:
    'Client and server could not agree on a TLS version or cipher suite: Schannel rejected the handshake (36874 no common cipher, ' +
    '36888/36887 alert 40 handshake_failure or 70 protocol_version, 36871 state 10013 no usable protocol). This happens when TLS 1.0/1.1 ' +
    'or TLS 1.2 is disabled on one side, or a cipher-suite order policy leaves no suite in common. The client only sees the socket closed.',
  remedy: [
    {
      text: 'Check which TLS versions are enabled on both machines; enable one both support (Enabled=1, DisabledByDefault=0 under SCHANNEL\\Protocols\\TLS 1.2\\Server and \\Client).',
      command: "Get-ChildItem 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols' -Recurse | Get-ItemProperty | Select-Object PSPath, Enabled, DisabledByDefault",
    },
    {
      text: 'Remove a restrictive SSL Cipher Suite Order policy (or add suites the other side supports), then reboot.',
      command: "Get-ItemProperty 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002' -Name Functions -ErrorAction SilentlyContinue",
    },
    {
      text: 'As a diagnostic test only: set SecurityLayer=0 on the server so RDP does not use TLS; if that connects, the problem is TLS negotiation. Restore SecurityLayer=2 afterwards.',
      command: "Set-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' -Name SecurityLayer -Value 0",
      weakensSecurity: true,
    },
  ],
  references: [
    'rdp-signatures §6 P4, §3.5 (Schannel 36871/36874/36887/36888), §4.10, §4.11',
    'https://learn.microsoft.com/en-us/troubleshoot/azure/virtual-machines/windows/cannot-connect-rdp-azure-vm',
  ],
  examples: {
    positive: [{
      description: 'Schannel 36874 (no common cipher) during a failed connection',
      host: 'RDSH03',
      hostEvents: [{ at: 0.5, provider: PROVIDER.schannel, eventId: 36874, fields: { Protocol: 'TLS 1.2' } }],
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S3', clientAddress: '10.0.1.20',
        events: [
          { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.1.20:49800' }, join: 'opener' },
          { at: 1, provider: PROVIDER.rdpCore, eventId: 103, fields: { ReasonCode: '14' } },
        ],
      }],
    }],
    negative: [{
      description: 'Schannel alert 0 (close_notify) next to a successful session',
      host: 'RDSH03',
      hostEvents: [{ at: 0.5, provider: PROVIDER.schannel, eventId: 36888, fields: { AlertDesc: '0', ErrorState: '1' } }],
      attempts: [{
        outcome: 'logged-off', stage: 'S11', clientAddress: '10.0.1.20',
        events: [{ at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.1.20:49800' }, join: 'opener' }],
      }],
    }],
  },
};
