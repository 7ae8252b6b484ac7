import type { ExampleAttempt, Rule } from '../types.js';
import { PROVIDER } from '../providers.js';

const inbound: ExampleAttempt = {
  outcome: 'disconnected' as const, stage: 'S9' as const, clientAddress: '198.51.100.20', user: 'WS01\\admin',
  start: 0, end: 3600,
  events: [
    { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '198.51.100.20:50000' }, join: 'opener' as const },
    { at: 2, provider: PROVIDER.lsm, eventId: 21, fields: { User: 'WS01\\admin', SessionID: '2', Address: '198.51.100.20' } },
  ],
};
const outbound = (at: number): ExampleAttempt => ({
  side: 'client' as const, outcome: 'disconnected' as const, stage: 'S9' as const, target: 'fileserver01',
  events: [
    { at, provider: PROVIDER.client, eventId: 1024, fields: { Name: 'Server Name', Value: 'fileserver01' }, join: 'opener' as const },
    { at: at + 2, provider: PROVIDER.client, eventId: 1027, fields: { DomainName: 'CORP', SessionId: '3' } },
  ],
});

/** Outgoing RDP from a host while someone is connected to it by RDP from elsewhere: a pivot. */
export const lateralMovement: Rule = {
  id: 'lateral-movement',
  ref: 'security',
  title: 'Outgoing RDP from a host during an inbound RDP session',
  category: 'security',
  severity: 'warning',
  stage: 'S1',
  rank: 115,
  groupBy: 'host',
  confidence: 0.7,
  signatures: [{
    scope: 'population',
    select: { attempt: { side: 'client' } },
    during: { attempt: { side: 'server', outcome: ['succeeded', 'disconnected', 'logged-off'] } },
    per: 'host',
    windowSeconds: 3600,
    minCount: 1,
  }],
  explanation:
    'This host opened RDP connections to other machines (RDPClient 1024) while an inbound RDP session from another address was active on it: ' +
    'the host was used as a stepping stone. That is normal for an admin jump host and suspicious anywhere else.',
  remedy: [
    { text: 'Check whether this host is a sanctioned jump host; if not, review who was logged on (the inbound session) and what they connected to.' },
  ],
  references: ['rdp-signatures §3.8 (RDPClient 1024/1102 targets), §3.1 (LSM 21)'],
  examples: {
    positive: [{ description: 'mstsc to fileserver01 during an inbound session from the internet', host: 'WS01', attempts: [inbound, outbound(600)] }],
    negative: [{ description: 'mstsc to fileserver01 with no inbound session', host: 'WS01', attempts: [outbound(600)] }],
  },
};
