import type { Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { FAILED_REAL } from './common.js';

/** P6 — CredSSP Encryption Oracle Remediation (CVE-2018-0886) blocks an unpatched peer. */
export const credsspOracle: Rule = {
  id: 'credssp-oracle',
  ref: 'P6',
  title: 'CredSSP encryption oracle remediation blocks the connection',
  category: 'failure',
  severity: 'error',
  severityWithoutFailures: 'error',
  stage: 'S4',
  rank: 22,
  groupBy: 'host+client+user',
  confidence: 0.9,
  signatures: [
    {
      scope: 'host',
      // logged on the client: the server offered a CredSSP version the client's policy does not permit
      trigger: [{ provider: PROVIDER.lsaSrv, eventId: 6041, meaning: 'CredSSP version offered by the server is blocked by Encryption Oracle Remediation' }],
      explains: { mode: 'near', seconds: 30, outcomes: [...FAILED_REAL], side: 'client' },
    },
  ],
  explanation:
    'Since the May 2018 updates, CredSSP refuses to talk to an unpatched peer (CVE-2018-0886). The client logged LsaSrv 6041: ' +
    'the server offered a CredSSP version the client\'s "Encryption Oracle Remediation" policy does not allow, so the client stopped ' +
    'before sending credentials ("An authentication error has occurred … CredSSP encryption oracle remediation").',
  remedy: [
    {
      text: 'Install current cumulative updates on BOTH the server and the client; this is the fix.',
      command: 'Get-HotFix | Sort-Object InstalledOn -Descending | Select-Object -First 5',
    },
    {
      text: 'Check the Encryption Oracle Remediation policy on both sides (0 Force Updated Clients, 1 Mitigated, 2 Vulnerable).',
      command: "Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\CredSSP\\Parameters' -Name AllowEncryptionOracle -ErrorAction SilentlyContinue",
    },
    {
      text: 'Last resort, temporarily and on the client only, to reach an unpatched server until it is patched: AllowEncryptionOracle=2 (Vulnerable). Revert it afterwards.',
      command: "New-Item 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\CredSSP\\Parameters' -Force | New-ItemProperty -Name AllowEncryptionOracle -Value 2 -PropertyType DWord -Force",
      weakensSecurity: true,
    },
  ],
  references: [
    'rdp-signatures §6 P6, §4.13, §3.7 (LsaSrv 6041)',
    'https://learn.microsoft.com/en-us/troubleshoot/azure/virtual-machines/windows/credssp-encryption-oracle-remediation',
    'https://support.microsoft.com/help/4093492',
  ],
  examples: {
    positive: [{
      description: 'client System log: LsaSrv 6041 for TERMSRV/rdsh05 while mstsc fails',
      host: 'PC02',
      hostEvents: [{ at: 2, provider: PROVIDER.lsaSrv, eventId: 6041, fields: { 'Data[1]': 'TERMSRV/rdsh05', 'Data[2]': '4' } }],
      attempts: [{
        side: 'client', outcome: 'failed-before-logon', stage: 'S4', target: 'rdsh05',
        events: [
          { at: 0, provider: PROVIDER.client, eventId: 1024, fields: { Name: 'Server Name', Value: 'rdsh05' }, join: 'opener' },
          { at: 3, provider: PROVIDER.client, eventId: 1026, fields: { Name: 'Disconnect Reason', Value: '2308' } },
        ],
      }],
    }],
    negative: [{
      description: 'client failure without any LsaSrv 6041',
      host: 'PC02',
      attempts: [{
        side: 'client', outcome: 'failed-before-logon', stage: 'S4', target: 'rdsh05',
        events: [
          { at: 0, provider: PROVIDER.client, eventId: 1024, fields: { Name: 'Server Name', Value: 'rdsh05' }, join: 'opener' },
          { at: 3, provider: PROVIDER.client, eventId: 1026, fields: { Name: 'Disconnect Reason', Value: '2308' } },
        ],
      }],
    }],
  },
};
