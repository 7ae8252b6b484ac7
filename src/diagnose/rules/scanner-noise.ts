import type { Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { PAST_HANDSHAKE, socketError } from './common.js';

/** P12 — port scanners, health probes and non-RDP traffic: noise to keep apart from real failures. */
export const scannerNoise: Rule = {
  id: 'scanner-noise',
  ref: 'P12',
  title: 'Scanner or probe connections (not a user failure)',
  category: 'noise',
  severity: 'info',
  stage: 'S1',
  rank: 80,
  groupBy: 'host',
  confidence: 0.8,
  signatures: [
    {
      scope: 'attempt',
      attempt: { side: 'server', outcome: ['probe'] },
      confidence: 0.8,
    },
    {
      // the probe timeline of the reference: accepted, nothing negotiated, reset after a few seconds
      scope: 'attempt',
      attempt: { side: 'server', outcome: ['failed-before-logon', 'unknown'], stageAtMost: 'S3', maxDurationSeconds: 60 },
      any: socketError([64], [0x80070040], 'connection reset by the peer before any RDP negotiation'),
      none: PAST_HANDSHAKE,
      confidence: 0.6,
    },
    {
      // only the listener saw it (RCM 261) and nothing followed: no authentication, no session
      scope: 'attempt',
      attempt: { side: 'server', outcome: ['unknown', 'failed-before-logon'], maxDurationSeconds: 60 },
      all: [{ provider: PROVIDER.rcm, eventId: 261, meaning: 'the RDP listener received a TCP connection' }],
      none: [
        ...PAST_HANDSHAKE,
        { provider: PROVIDER.rdpCore, eventId: 131, meaning: 'TCP accept' },
        { provider: PROVIDER.lsm, eventId: [21, 22, 24, 25], meaning: 'session event' },
      ],
      confidence: 0.4,
      note: 'Some connections are known only from the listener event (RCM 261, no RdpCoreTS log for that time): nothing followed them, which is how scanners look, but failed logons whose details are in logs not supplied would look the same.',
    },
    {
      scope: 'host',
      // X.224 layer received something else than a Connection Request, e.g. a TLS ClientHello (16 03 0x) sent directly
      trigger: [{
        provider: PROVIDER.termdd, eventId: 50,
        where: [{ field: 'Data[2]', equals: ['X.224'] }],
        meaning: 'TermDD: the X.224 layer received data that is not an RDP connection request',
      }],
      explains: { mode: 'near', seconds: 5, outcomes: ['probe', 'failed-before-logon', 'unknown'], side: 'server' },
      confidence: 0.6,
    },
    {
      scope: 'host',
      trigger: [{ provider: PROVIDER.rcm, eventId: 1006, meaning: 'many incomplete connections received (scanner or denial of service)' }],
      explains: { mode: 'near', seconds: 60, outcomes: ['probe'], side: 'server' },
      confidence: 0.7,
    },
  ],
  explanation:
    'These connections opened TCP to the RDP port and closed again without negotiating RDP or attempting a logon: port scanners, ' +
    'vulnerability scanners (e.g. BlueKeep checks), load-balancer health probes. They are not a user\'s failure unless their address ' +
    'is the address of the user who reports the problem. A host that receives many of them from the internet is exposed.',
  remedy: [
    {
      text: 'Nothing to fix for the user. If the sources are on the internet, do not expose 3389 directly: put RDP behind a VPN or RD Gateway, or restrict the firewall rule to known addresses.',
      command: "Get-NetFirewallRule -DisplayGroup 'Remote Desktop' | Get-NetFirewallAddressFilter | Select-Object RemoteAddress",
    },
  ],
  references: ['rdp-signatures §6 P12, §7 (failed probe reference timeline)'],
  examples: {
    positive: [{
      description: 'The probe timeline: 131 → 65 → 143 error 64 → 226 → 103 reason 14, nothing negotiated',
      host: 'RDSH11',
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S1', clientAddress: '203.0.113.77',
        events: [
          { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '203.0.113.77:41234' }, join: 'opener' },
          { at: 0, provider: PROVIDER.rdpCore, eventId: 65, fields: { ConnectionName: 'RDP-Tcp#12' } },
          { at: 6, provider: PROVIDER.rdpCore, eventId: 143, fields: { error: '64' } },
          { at: 6, provider: PROVIDER.rdpCore, eventId: 226, fields: { StateTransition: 'RDP_TCP', EventName: 'Event_Disconnect', ErrorCode: '0x80070040' } },
          { at: 6, provider: PROVIDER.rdpCore, eventId: 103, fields: { ReasonCode: '14' } },
        ],
      }],
    }],
    negative: [{
      description: 'Same reset, but the connection carried a failed logon: a real (credential) failure, not a probe',
      host: 'RDSH11',
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S4', clientAddress: '10.0.6.70',
        events: [
          { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.6.70:41234' }, join: 'opener' },
          { at: 3, provider: PROVIDER.rdpCore, eventId: 140, fields: { IPString: '10.0.6.70' } },
          { at: 6, provider: PROVIDER.rdpCore, eventId: 143, fields: { error: '64' } },
        ],
      }],
    }],
  },
};
