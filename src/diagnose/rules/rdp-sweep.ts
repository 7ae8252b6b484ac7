import type { Rule } from '../types.js';
import { PROVIDER } from '../providers.js';

const conn = (host: string, at: number) => ({
  description: '', host,
  attempts: [{
    outcome: 'failed-before-logon' as const, stage: 'S3' as const, clientAddress: '10.9.9.9',
    events: [{ at, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.9.9.9:40000' }, join: 'opener' as const }],
  }],
});

/** One source connecting to RDP on many hosts within minutes (needs several hosts' logs). */
export const rdpSweep: Rule = {
  id: 'rdp-sweep',
  ref: 'security',
  title: 'RDP sweep: one source, many hosts',
  category: 'security',
  severity: 'warning',
  stage: 'S1',
  rank: 106,
  groupBy: 'host+client+user',
  confidence: 0.75,
  signatures: [{
    scope: 'population',
    select: { attempt: { side: 'server' } },
    per: 'client-all-hosts',
    windowSeconds: 300,
    minCount: 3,
    minDistinct: { of: 'host', count: 3 },
  }],
  explanation: 'One source address opened RDP connections to several hosts within minutes: a scan or an attempt to move across machines.',
  remedy: [
    { text: 'Identify the machine behind the source address and what ran on it at that time; block it if it is not an admin jump host.' },
  ],
  references: ['rdp-signatures §7 (Computer per event in multi-host and forwarded logs)'],
  examples: {
    positive: [{ description: 'three hosts within a minute', host: 'H1', attempts: [...conn('H1', 0).attempts] }, conn('H2', 20), conn('H3', 40)].map((e) => ({ ...e, description: e.description || 'one of three hosts' })),
    negative: [conn('H1', 0), conn('H2', 3600), conn('H3', 7200)].map((e) => ({ ...e, description: 'three hosts an hour apart' })),
  },
};
