import type { ExampleAttempt, Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { CREDENTIAL_FAILURES } from './security-common.js';

const fail = (at: number, user: string): ExampleAttempt => ({
  outcome: 'failed-before-logon' as const, stage: 'S4' as const, clientAddress: '203.0.113.50', user,
  events: [
    { at, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '203.0.113.50:40000' }, join: 'opener' as const },
    { at: at + 1, provider: PROVIDER.security, eventId: 4625, fields: { TargetUserName: user, Status: '0xc000006d', SubStatus: '0xc000006a', LogonType: '3', IpAddress: '203.0.113.50' } },
  ],
});

/** One source trying many different accounts in a short time. */
export const passwordSpray: Rule = {
  id: 'password-spray',
  ref: 'security',
  title: 'Password spraying: one source, many accounts',
  category: 'security',
  severity: 'warning',
  stage: 'S4',
  rank: 105,
  groupBy: 'host+client+user',
  confidence: 0.8,
  signatures: [{
    scope: 'population',
    select: CREDENTIAL_FAILURES,
    per: 'client',
    windowSeconds: 600,
    minCount: 5,
    minDistinct: { of: 'user', count: 4 },
  }],
  explanation: 'One source address failed RDP authentication for several different accounts within minutes: it is trying a few common passwords against many accounts.',
  remedy: [
    { text: 'Block the source address and check the tried accounts for a later successful logon.' },
    { text: 'Enforce strong passwords and lockout; do not expose RDP directly to untrusted networks.' },
  ],
  references: ['rdp-signatures §3.6 (4625 TargetUserName, IpAddress)'],
  examples: {
    positive: [{ description: 'five accounts from one address in five minutes', host: 'RDSH20', attempts: ['ann', 'bea', 'cid', 'dan', 'eli'].map((u, i) => fail(i * 60, `CORP\\${u}`)) }],
    negative: [{ description: 'five failures of one account (guessing, not spraying)', host: 'RDSH20', attempts: [0, 1, 2, 3, 4].map((i) => fail(i * 60, 'CORP\\ann')) }],
  },
};
