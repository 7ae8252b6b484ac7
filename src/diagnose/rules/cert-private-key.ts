import type { Rule } from '../types.js';
import { PROVIDER, RCM_CLASSIC } from '../providers.js';
import { FAILED } from './common.js';

/** P2 — TermService cannot use the private key of its certificate (MachineKeys permissions, stale container). */
export const certPrivateKey: Rule = {
  id: 'cert-private-key',
  ref: 'P2',
  title: 'Remote Desktop cannot use its certificate private key',
  category: 'failure',
  severity: 'error',
  severityWithoutFailures: 'warning',
  stage: 'S3',
  rank: 11,
  groupBy: 'host+client+user',
  confidence: 0.85,
  signatures: [
    {
      scope: 'host',
      trigger: [{
        provider: PROVIDER.schannel, eventId: 36870,
        where: [{ field: 'ErrorCode', oneOf: [0x8009030d], table: 'sspi' }],
        meaning: 'Schannel could not access the private key of the TLS server credential',
      }],
      // Schannel logs no client address: attach by time to the connection being set up
      explains: { mode: 'near', seconds: 5, outcomes: [...FAILED], side: 'server' },
      confidence: 0.9,
    },
    {
      scope: 'host',
      trigger: [{
        provider: PROVIDER.schannel, eventId: 36870,
        where: [{ field: 'Type', equals: ['server'] }],
        meaning: 'Schannel fatal error accessing the TLS server credential private key',
      }],
      explains: { mode: 'near', seconds: 5, outcomes: [...FAILED], side: 'server' },
      confidence: 0.75,
    },
    {
      scope: 'host',
      trigger: [
        { provider: RCM_CLASSIC, eventId: 1055, meaning: 'TermService cannot access the private key of the configured certificate' },
        {
          provider: RCM_CLASSIC, eventId: [1057, 1058],
          where: [{ contains: ['keyset does not exist', 'object already exists', 'access is denied'] }],
          meaning: 'TermService could not create or replace its certificate key',
        },
      ],
      unless: { matchers: [{ provider: RCM_CLASSIC, eventId: 1056, meaning: 'new self-signed certificate generated' }], withinSeconds: 600 },
      explains: {
        mode: 'after', outcomes: ['failed-before-logon', 'unknown'], side: 'server',
        until: [{ provider: RCM_CLASSIC, eventId: 1056, meaning: 'new self-signed certificate generated' }],
      },
      confidence: 0.7,
    },
  ],
  explanation:
    'Each connection needs the listener certificate\'s private key for the TLS handshake. Schannel reports it cannot use that key ' +
    '(36870, SEC_E_UNKNOWN_CREDENTIALS 0x8009030D, state 10001), or TermService reports it cannot read or create its key container ' +
    '(RCM 1055/1057/1058). The server then drops the connection before any logon, which the client shows as 0x904 / extended 0x7 ' +
    'or "An internal error has occurred".',
  remedy: [
    {
      text: 'Repair the permissions of the machine key store: Administrators Full control, SYSTEM Full control, NETWORK SERVICE Read on the Remote Desktop key file (its name starts with f686aace6942fb7f7ceb231212eef4a4), then restart TermService.',
      command: 'icacls C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\f686aace6942fb7f7ceb231212eef4a4* /grant "NT AUTHORITY\\SYSTEM:(F)" "NT AUTHORITY\\NETWORK SERVICE:(R)" "BUILTIN\\Administrators:(F)"; Restart-Service TermService -Force',
    },
    {
      text: 'If the key container is stale ("Object already exists" / "Keyset does not exist"): move the f686aace… file out of MachineKeys, delete the Remote Desktop certificate and restart TermService so both are recreated.',
      command: "Move-Item C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\f686aace6942fb7f7ceb231212eef4a4* $env:TEMP; Get-ChildItem 'Cert:\\LocalMachine\\Remote Desktop' | Remove-Item; Restart-Service TermService -Force",
    },
    {
      text: 'Check the MachineKeys folder itself: Administrators Full control and Everyone Read + Write (special, this folder only).',
      command: 'icacls C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys',
    },
  ],
  references: [
    'rdp-signatures §6 P2, §3.5 (Schannel 36870), §4.9, §4.11',
    'https://learn.microsoft.com/en-us/troubleshoot/azure/virtual-machines/windows/event-id-troubleshoot-vm-rdp-connecton',
    'https://learn.microsoft.com/en-us/troubleshoot/windows-server/remote/internal-error-has-occurred-connecting-remote-machine',
  ],
  examples: {
    positive: [{
      description: 'Schannel 36870 0x8009030D one second after the TCP accept, connection torn down',
      host: 'RDSH01',
      hostEvents: [{ at: 1, provider: PROVIDER.schannel, eventId: 36870, fields: { Type: 'server', ErrorCode: '0x8009030D', ErrorStatus: '10001' } }],
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S3', clientAddress: '10.0.0.7',
        events: [
          { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.0.7:51000' }, join: 'opener' },
          { at: 2, provider: PROVIDER.rdpCore, eventId: 143, fields: { error: '64' } },
        ],
      }],
    }],
    negative: [{
      description: 'A Schannel 36870 for an outgoing (client) credential, an hour before an unrelated failure',
      host: 'RDSH01',
      hostEvents: [{ at: 0, provider: PROVIDER.schannel, eventId: 36870, fields: { Type: 'client', ErrorCode: '0x80090304', ErrorStatus: '10001' } }],
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S3', clientAddress: '10.0.0.7',
        events: [{ at: 3600, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.0.7:51000' }, join: 'opener' }],
      }],
    }],
  },
};
