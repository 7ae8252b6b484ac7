import type { ExampleAttempt, Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { CREDENTIAL_FAILURES, SERVER_LOGONS } from './security-common.js';

const fail = (at: number, ip: string): ExampleAttempt => ({
  outcome: 'failed-before-logon' as const, stage: 'S4' as const, clientAddress: ip, user: 'Administrator',
  events: [
    { at, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: `${ip}:40000` }, join: 'opener' as const },
    { at: at + 1, provider: PROVIDER.security, eventId: 4625, fields: { TargetUserName: 'Administrator', Status: '0xc000006d', SubStatus: '0xc000006a', LogonType: '3', IpAddress: ip } },
  ],
});
const success = (at: number, ip: string): ExampleAttempt => ({
  outcome: 'disconnected' as const, stage: 'S9' as const, clientAddress: ip, user: 'EDGE01\\Administrator',
  events: [
    { at, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: `${ip}:40001` }, join: 'opener' as const },
    { at: at + 1, provider: PROVIDER.rcm, eventId: 1149, fields: { Param1: 'Administrator', Param2: '', Param3: ip } },
  ],
});

/** Password guessing followed by a successful logon from one of its sources or for one of its accounts. */
export const bruteForceSuccess: Rule = {
  id: 'brute-force-success',
  ref: 'security',
  title: 'Password guessing followed by a successful logon',
  category: 'security',
  severity: 'error',
  stage: 'S6',
  rank: 100,
  groupBy: 'host',
  confidence: 0.8,
  signatures: [{
    scope: 'population',
    select: CREDENTIAL_FAILURES,
    per: 'host',
    windowSeconds: 3600,
    minCount: 8,
    mergeGapSeconds: 2 * 86400,
    followedBy: { select: SERVER_LOGONS, withinSeconds: 3600, same: 'client-or-user' },
  }],
  explanation:
    'A burst of failed RDP authentications was followed by a successful logon from one of the guessing sources or for one of the ' +
    'accounts tried. Treat the account as compromised until shown otherwise.',
  remedy: [
    { text: 'Disable or reset the password of the account that logged on, and end its sessions.', command: 'logoff <session id> /server:<host>; net user <user> /active:no' },
    { text: 'Investigate what the session did (process creation 4688, new services 7045, outgoing RDP) and block the source address.' },
    { text: 'Close direct RDP exposure (VPN / RD Gateway) and enforce account lockout.' },
  ],
  references: ['rdp-signatures §3.2 (1149), §3.6 (4624 type 10, 4625)'],
  examples: {
    positive: [{
      description: 'eight failures for Administrator, then a 1149 from the same address',
      host: 'EDGE01',
      attempts: [...Array.from({ length: 8 }, (_, i) => fail(i * 30, '198.51.100.66')), success(600, '198.51.100.66')],
    }],
    negative: [{
      description: 'the same failures, and a logon later from an unrelated office address and account',
      host: 'EDGE01',
      attempts: [...Array.from({ length: 8 }, (_, i) => fail(i * 30, '198.51.100.66')), { ...success(900, '10.1.2.3'), user: 'CORP\\frank' }],
    }],
  },
};
