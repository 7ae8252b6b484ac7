import type { ExampleAttempt, Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { SERVER_LOGONS } from './security-common.js';

const probe = (at: number, ip: string): ExampleAttempt => ({
  outcome: 'probe' as const, stage: 'S1' as const, clientAddress: ip,
  events: [{ at, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: `${ip}:50000` }, join: 'opener' as const }],
});

/** Inbound RDP connections from many internet addresses at scanner rates: the listener is exposed. */
export const exposedRdp: Rule = {
  id: 'exposed-rdp',
  ref: 'security',
  title: 'Remote Desktop exposed to the internet',
  category: 'security',
  severity: 'warning',
  stage: 'S1',
  rank: 120,
  groupBy: 'host',
  confidence: 0.85,
  signatures: [{
    scope: 'population',
    select: { attempt: { side: 'server' }, address: ['public'] },
    per: 'host',
    windowSeconds: 3600,
    minCount: 20,
    minDistinct: { of: 'client', count: 5 },
    mergeGapSeconds: 2 * 86400,
    context: { select: { ...SERVER_LOGONS, address: ['public'] }, label: 'Successful RDP logons from internet addresses in the same period' },
  }],
  explanation:
    'The RDP listener receives connections from many public internet addresses at rates only scanners and password-guessing bots ' +
    'produce. Anything that can reach 3389 from the internet will be probed continuously.',
  remedy: [
    { text: 'Remove the direct exposure: publish RDP through a VPN or RD Gateway, or restrict the firewall/NSG rule to known addresses.', command: "Get-NetFirewallRule -DisplayGroup 'Remote Desktop' | Get-NetFirewallAddressFilter" },
    { text: 'Keep NLA on and patched (BlueKeep-style checks are part of the traffic), and enforce account lockout.' },
  ],
  references: ['rdp-signatures §6 P12 (scanner timelines), §3.3 (RdpCoreTS 131 ClientIP)'],
  examples: {
    positive: [{
      description: 'thirty connections from ten internet addresses within half an hour',
      host: 'EDGE02',
      attempts: Array.from({ length: 30 }, (_, i) => probe(i * 60, `198.51.100.${10 + (i % 10)}`)),
    }],
    negative: [{
      description: 'thirty connections from the office network',
      host: 'EDGE02',
      attempts: Array.from({ length: 30 }, (_, i) => probe(i * 60, `10.0.9.${10 + (i % 10)}`)),
    }],
  },
};
