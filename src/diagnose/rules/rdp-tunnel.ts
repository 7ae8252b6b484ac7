import type { ExampleAttempt, Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { SUCCESS_EVENTS } from './security-common.js';

const logon = (ip: string): ExampleAttempt => ({
  outcome: 'disconnected' as const, stage: 'S9' as const, clientAddress: ip, user: 'PC01\\IEUser',
  events: [
    { at: 0, provider: PROVIDER.rcm, eventId: 261, fields: { listenerName: 'RDP-Tcp' }, join: 'opener' as const },
    { at: 1, provider: PROVIDER.rcm, eventId: 1149, fields: { Param1: 'IEUser', Param2: 'PC01', Param3: ip } },
  ],
});

/** RDP logons arriving from loopback or link-local addresses: port forwarding or a tunnel on the host. */
export const rdpTunnel: Rule = {
  id: 'rdp-tunnel',
  ref: 'security',
  title: 'RDP logon through a local tunnel or port forward',
  category: 'security',
  severity: 'warning',
  stage: 'S6',
  rank: 130,
  groupBy: 'host+client+user',
  confidence: 0.75,
  signatures: [
    {
      scope: 'population',
      select: { attempt: { side: 'server' }, address: ['loopback'], anyEvent: SUCCESS_EVENTS },
      per: 'client', windowSeconds: 86400, minCount: 1, mergeGapSeconds: 30 * 86400,
      confidence: 0.85,
    },
    {
      scope: 'population',
      select: { attempt: { side: 'server' }, address: ['link-local'], anyEvent: SUCCESS_EVENTS },
      per: 'client', windowSeconds: 86400, minCount: 1, mergeGapSeconds: 30 * 86400,
      confidence: 0.6,
      note: 'A link-local source is unusual for RDP; it can also be a local virtual switch (e.g. a VM console connection).',
    },
  ],
  explanation:
    'Remote Desktop logons arrived from the host itself (127.0.0.1 / ::1) or a link-local address. RDP clients do not connect like ' +
    'that: the traffic was forwarded into the host by a tunnel (SSH or plink port forwarding, ngrok-style tunnelling services), which hides the real source ' +
    'and bypasses perimeter filtering.',
  remedy: [
    { text: 'Find the process listening for or forwarding to 3389 on the host.', command: 'Get-NetTCPConnection -LocalPort 3389 | Select-Object LocalAddress, RemoteAddress, State, OwningProcess; Get-Process -Id <OwningProcess>' },
    { text: 'Look for tunnelling tools (plink, ssh, ngrok, chisel) and their persistence; then reset the credentials used.' },
  ],
  references: ['rdp-signatures §3.1 (LSM Address), §7 (client IP caveats: 127.0.0.1 for local tunnels), §8.11 (4624 type 10 from 127.0.0.1)'],
  examples: {
    positive: [{ description: 'RCM 1149 from 127.0.0.1', host: 'PC01', attempts: [logon('127.0.0.1')] }],
    negative: [{ description: 'RCM 1149 from a LAN address', host: 'PC01', attempts: [logon('10.0.2.16')] }],
  },
};
