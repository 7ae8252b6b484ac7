import type { ExampleAttempt, Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { CREDENTIAL_FAILURES, SERVER_LOGONS } from './security-common.js';

const fail = (at: number, ip: string, user?: string): ExampleAttempt => ({
  outcome: 'failed-before-logon' as const, stage: 'S4' as const, clientAddress: ip, user,
  events: [
    { at, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: `${ip}:40000` }, join: 'opener' as const },
    { at: at + 1, provider: PROVIDER.rdpCore, eventId: 140, fields: { IPString: ip } },
  ],
});

/** Many failed RDP authentications against one host in a short time: password guessing. */
export const bruteForce: Rule = {
  id: 'brute-force',
  ref: 'security',
  title: 'Password guessing against Remote Desktop',
  category: 'security',
  severity: 'warning',
  stage: 'S4',
  rank: 110,
  groupBy: 'host',
  confidence: 0.8,
  signatures: [{
    scope: 'population',
    select: CREDENTIAL_FAILURES,
    per: 'host',
    windowSeconds: 3600,
    minCount: 8,
    mergeGapSeconds: 2 * 86400,
    context: { select: SERVER_LOGONS, label: 'Successful RDP logons on this host in the same period' },
  }],
  explanation:
    'Failed Remote Desktop authentications (RdpCoreTS 140, Security 4625) arrive at a rate no user produces: someone is guessing ' +
    'passwords. With NLA, 4625 often has no source address; the sources here come from the connections the failures belong to. ' +
    'Check every successful logon in the same period: one of them may be the guess that worked.',
  remedy: [
    {
      text: 'Do not expose RDP directly: require a VPN or RD Gateway, or limit the firewall rule to known source addresses.',
      command: "Set-NetFirewallRule -DisplayGroup 'Remote Desktop' -RemoteAddress <trusted ranges>",
    },
    {
      text: 'Enforce an account lockout policy and strong passwords; rename or disable the built-in Administrator for remote logon.',
      command: 'net accounts /lockoutthreshold:10 /lockoutwindow:15 /lockoutduration:15',
    },
    {
      text: 'Review each successful logon listed here (user, source, time) and treat an unexpected one as a compromise.',
      command: "Get-WinEvent -FilterHashtable @{LogName='Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational'; Id=1149}",
    },
  ],
  references: ['rdp-signatures §3.3 (RdpCoreTS 140), §3.6 (4625 with NLA: type 3, IpAddress "-")'],
  examples: {
    positive: [{
      description: 'ten failed NLA logons from two internet addresses within ten minutes',
      host: 'EDGE01',
      attempts: Array.from({ length: 10 }, (_, i) => fail(i * 60, i % 2 ? '198.51.100.7' : '203.0.113.9')),
    }],
    negative: [{
      description: 'a user mistyping twice',
      host: 'EDGE01',
      attempts: [fail(0, '10.0.0.5', 'CORP\\eve'), fail(20, '10.0.0.5', 'CORP\\eve')],
    }],
  },
};
