import type { Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { FAILED, clientDisconnect, failedLogon } from './common.js';

const BAD_CREDENTIALS = [0xc000006d, 0xc000006a, 0xc0000064];
const NO_AUTHORITY = [0xc000005e, 0xc0000133, 0xc000018c];

/** P7 — Network Level Authentication (CredSSP) failed: wrong credentials, no DC, clock skew, NLA unsupported. */
export const nlaFailure: Rule = {
  id: 'nla-failure',
  ref: 'P7',
  title: 'Network Level Authentication failed (credentials)',
  category: 'failure',
  severity: 'error',
  severityWithoutFailures: 'error',
  stage: 'S4',
  rank: 31,
  groupBy: 'host+client+user',
  confidence: 0.85,
  signatures: [
    {
      scope: 'attempt',
      any: [
        { provider: PROVIDER.rdpCore, eventId: 140, meaning: 'RdpCoreTS: the user name or password was not correct' },
        ...failedLogon(BAD_CREDENTIALS, 'logon failed: unknown user name or bad password', [3, 10]),
      ],
      confidence: 0.9,
    },
    {
      scope: 'attempt',
      any: failedLogon(NO_AUTHORITY, 'logon failed: no domain controller reachable, clock skew or broken trust', [3, 10]),
      confidence: 0.85,
      note: 'The server could not validate the credentials with a domain controller (no logon servers, clock skew or trust failure).',
    },
    {
      scope: 'attempt',
      attempt: { side: 'client' },
      any: [
        clientDisconnect([2055, 2567], 'client: logon failure (bad user name or password)'),
        clientDisconnect([2825], 'client: the server requires NLA, which this client does not support'),
        clientDisconnect([6151, 7431], 'client: no authority could be contacted / clock difference'),
        clientDisconnect([5639, 5895, 3848, 8455], 'client: credential delegation policy refused'),
        { provider: PROVIDER.client, eventId: 1009, meaning: 'client: the server did not accept the credentials' },
      ],
      confidence: 0.85,
    },
    {
      // NLA failures not linked to an attempt by the correlator (4625 type 3 often has IpAddress "-")
      scope: 'host',
      trigger: [{ provider: PROVIDER.rdpCore, eventId: 140, meaning: 'RdpCoreTS: the user name or password was not correct' }],
      explains: { mode: 'near', seconds: 30, outcomes: [...FAILED], side: 'server', clientField: 'IPString' },
      confidence: 0.8,
    },
    {
      scope: 'host',
      trigger: failedLogon(BAD_CREDENTIALS, 'logon failed: unknown user name or bad password', [10]),
      explains: { mode: 'near', seconds: 10, outcomes: [...FAILED], side: 'server', clientField: 'IpAddress' },
      confidence: 0.75,
    },
    {
      // a network (type 3) logon failure is NLA only next to an RDP connection: it may as well be SMB
      scope: 'host',
      trigger: failedLogon(BAD_CREDENTIALS, 'NLA logon failed: unknown user name or bad password', [3]),
      explains: { mode: 'near', seconds: 10, outcomes: [...FAILED], side: 'server', clientField: 'IpAddress' },
      confidence: 0.7,
      standalone: false,
    },
  ],
  explanation:
    'The connection reached Network Level Authentication and the credentials were refused (Security 4625 logon type 3 with ' +
    'NtLmSsp/Kerberos, RdpCoreTS 140), before any session existed. The client shows a logon-failure code (0x807, 0xA07) when both ' +
    'ends speak CredSSP v3+, otherwise a generic error. Many such failures from one address are password guessing, not a user.',
  remedy: [
    {
      text: 'Confirm the account name and password (and domain prefix) the user types; check the 4625 Status/SubStatus for which part is wrong.',
      command: "Get-WinEvent -FilterHashtable @{LogName='Security'; Id=4625} -MaxEvents 20 | Format-List TimeCreated, Message",
    },
    {
      text: 'If the status is "no logon servers" (0xC000005E) or clock skew (0xC0000133): check the server\'s domain controller reachability, secure channel and time sync.',
      command: 'nltest /sc_verify:<DOMAIN>; w32tm /query /status',
    },
    {
      text: 'As a test only, turn off "Require user authentication for remote connections by using Network Level Authentication"; if that connects, the problem is in CredSSP/NLA. Turn it back on afterwards.',
      command: "Set-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' -Name UserAuthentication -Value 0",
      weakensSecurity: true,
    },
  ],
  references: [
    'rdp-signatures §6 P7, §3.6 (4625), §4.12, §3.3 (RdpCoreTS 140)',
    'https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-4625',
  ],
  examples: {
    positive: [{
      description: 'RdpCoreTS 140 and 4625 type 3 0xC000006D on the connection',
      host: 'RDSH06',
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S4', clientAddress: '10.0.2.30', user: 'CORP\\alice',
        events: [
          { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.2.30:52000' }, join: 'opener' },
          { at: 2, provider: PROVIDER.security, eventId: 4625, fields: { TargetUserName: 'alice', Status: '0xc000006d', SubStatus: '0xc000006a', LogonType: '3', IpAddress: '10.0.2.30' }, join: 'address+time' },
          { at: 2, provider: PROVIDER.rdpCore, eventId: 140, fields: { IPString: '10.0.2.30' } },
        ],
      }],
    }],
    negative: [{
      description: 'A 4625 for a service logon (type 5) next to a connection that later logged off normally',
      host: 'RDSH06',
      attempts: [{
        outcome: 'logged-off', stage: 'S11', clientAddress: '10.0.2.30', user: 'CORP\\alice',
        events: [
          { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.2.30:52000' }, join: 'opener' },
          { at: 2, provider: PROVIDER.security, eventId: 4625, fields: { TargetUserName: 'svc', Status: '0xc000006d', LogonType: '5' }, join: 'time', confidence: 0.4 },
        ],
      }],
    }],
  },
};
