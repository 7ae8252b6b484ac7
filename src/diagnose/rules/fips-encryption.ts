import type { Rule } from '../types.js';
import { PROVIDER, RCM_CLASSIC } from '../providers.js';
import { FAILED_REAL, clientDisconnect, setErrorInfo } from './common.js';

/** P5 — FIPS / encryption-level settings the other side cannot meet. */
export const fipsEncryption: Rule = {
  id: 'fips-encryption',
  ref: 'P5',
  title: 'FIPS or encryption-level mismatch',
  category: 'failure',
  severity: 'error',
  severityWithoutFailures: 'warning',
  stage: 'S3',
  rank: 21,
  groupBy: 'host+client+user',
  confidence: 0.7,
  signatures: [
    {
      scope: 'attempt',
      attempt: { side: 'client' },
      any: [clientDisconnect([3590, 1286], 'client: FIPS encryption level not supported / invalid encryption method')],
      confidence: 0.8,
    },
    {
      scope: 'attempt',
      any: [setErrorInfo('8', 'server denied the connection for security (FIPS) reasons')],
      confidence: 0.8,
    },
    {
      scope: 'attempt',
      attempt: { disconnect: { codes: [8], tables: ['extended', 'errorInfo'] } },
      confidence: 0.75,
    },
    {
      scope: 'host',
      trigger: [{ provider: RCM_CLASSIC, eventId: 1050, meaning: 'listener Security Layer and Encryption Level were inconsistent and auto-corrected' }],
      explains: { mode: 'after', outcomes: [...FAILED_REAL], side: 'server' },
      confidence: 0.5,
      note: 'RCM 1050 shows a Security Layer / Encryption Level combination that Windows had to correct.',
    },
  ],
  explanation:
    'The server requires an encryption level the client does not offer (FIPS-compliant only, or a minimum encryption level), ' +
    'or its Security Layer and Encryption Level policies contradict each other (RCM 1050). The server refuses the connection ' +
    '(extended reason 8, ServerDeniedConnectionFips) or the client reports it cannot meet the FIPS level (3590).',
  remedy: [
    {
      text: 'Check whether FIPS mode is enforced on either machine ("System cryptography: Use FIPS compliant algorithms").',
      command: "Get-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy' -Name Enabled",
    },
    {
      text: 'Review the listener encryption settings (MinEncryptionLevel, SecurityLayer) and the matching Group Policy "Set client connection encryption level"; make both sides agree.',
      command: "Get-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' | Select-Object MinEncryptionLevel, SecurityLayer, fAllowSecProtocolNegotiation",
    },
  ],
  references: [
    'rdp-signatures §6 P5, §4.2 (ext 8), §3.2 (RCM 1050)',
    'https://learn.microsoft.com/en-us/troubleshoot/azure/virtual-machines/windows/cannot-connect-rdp-azure-vm',
  ],
  examples: {
    positive: [{
      description: 'mstsc reports 3590: the client does not support the FIPS level',
      host: 'PC01',
      attempts: [{
        side: 'client', outcome: 'failed-before-logon', stage: 'S3', target: 'rdsh04',
        events: [
          { at: 0, provider: PROVIDER.client, eventId: 1024, fields: { Name: 'Server Name', Value: 'rdsh04' }, join: 'opener' },
          { at: 1, provider: PROVIDER.client, eventId: 1026, fields: { Name: 'Disconnect Reason', Value: '3590' } },
        ],
      }],
    }],
    negative: [{
      description: 'mstsc reports 2308 (socket closed) with no FIPS evidence',
      host: 'PC01',
      attempts: [{
        side: 'client', outcome: 'failed-before-logon', stage: 'S1', target: 'rdsh04',
        events: [
          { at: 0, provider: PROVIDER.client, eventId: 1024, fields: { Name: 'Server Name', Value: 'rdsh04' }, join: 'opener' },
          { at: 1, provider: PROVIDER.client, eventId: 1026, fields: { Name: 'Disconnect Reason', Value: '2308' } },
        ],
      }],
    }],
  },
};
