import type { EventMatcher, Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { CLIENT_CONNECTED, FAILED, clientDisconnect, lsmReason, setErrorInfo, socketError } from './common.js';

/** Ends of a session that are not network trouble (takeover, time limits, logoff, admin action). */
const ORDERLY_END: EventMatcher[] = [
  setErrorInfo('[1-5]|b|c', 'server ended the session on purpose'),
  lsmReason([1, 2, 3, 4, 5, 11, 12], 'session ended on purpose'),
  { provider: PROVIDER.lsm, eventId: 23, meaning: 'session logoff' },
  { provider: PROVIDER.security, eventId: 4647, meaning: 'user-initiated logoff' },
];

/** P9 — the network path dropped an established connection (VPN, Wi-Fi, MTU, UDP transport). */
export const networkDrop: Rule = {
  id: 'network-drop',
  ref: 'P9',
  title: 'Connection dropped by the network',
  category: 'failure',
  severity: 'warning',
  severityWithoutFailures: 'warning',
  stage: 'S9',
  rank: 60,
  groupBy: 'host+client+user',
  confidence: 0.7,
  signatures: [
    {
      scope: 'attempt',
      attempt: { side: 'server', stageAtLeast: 'S5' },
      any: socketError([121], [0x80070079], 'socket timed out (ERROR_SEM_TIMEOUT): the network path stopped carrying packets'),
      none: ORDERLY_END,
      confidence: 0.8,
      note: 'The server\'s socket timed out (error 121) on a connection that had been working.',
    },
    {
      scope: 'attempt',
      attempt: { side: 'server', stageAtLeast: 'S7', outcome: ['disconnected', 'unknown'] },
      any: socketError([64], [0x80070040], 'connection reset (ERROR_NETNAME_DELETED)'),
      none: ORDERLY_END,
      confidence: 0.55,
      note: 'An established session ended with a connection reset; a client that vanished (sleep, VPN drop) looks like this.',
    },
    {
      scope: 'attempt',
      attempt: { side: 'server', outcome: ['failed-before-logon'] },
      any: socketError([121], [0x80070079], 'socket timed out during connection set-up'),
      confidence: 0.6,
    },
    {
      scope: 'attempt',
      attempt: { side: 'client' },
      all: [CLIENT_CONNECTED],
      any: [clientDisconnect([2308, 264, 1796, 1028, 772], 'client: the connection was closed or timed out after it had been established')],
      confidence: 0.65,
    },
    {
      scope: 'attempt',
      attempt: { side: 'client' },
      sequence: [
        { provider: PROVIDER.client, eventId: 1105, meaning: 'client: the UDP (multi-transport) connection was lost' },
        clientDisconnect([2308, 264, 1796, 1028], 'client: disconnected after the UDP transport was lost'),
      ],
      confidence: 0.7,
      note: 'The UDP side channel dropped just before the disconnect: test with UDP turned off on the client.',
    },
    {
      scope: 'host',
      // TermDD 56 whose DumpData ends in STATUS_IO_TIMEOUT (0xC00000B5, logged with a D top nibble)
      trigger: [{
        provider: PROVIDER.termdd, eventId: 56,
        where: [{ field: 'Binary', matches: 'B50000[CD]0$' }],
        meaning: 'TermDD: the client stopped responding during the handshake (STATUS_IO_TIMEOUT)',
      }],
      explains: { mode: 'near', seconds: 10, outcomes: [...FAILED], side: 'server', clientField: 'Data[2]' },
      confidence: 0.65,
    },
  ],
  explanation:
    'The connection was working and then the network path stopped carrying it: the server\'s socket timed out (error 121) or was reset ' +
    '(64), LocalSessionManager recorded an ordinary disconnect, and the client saw the socket closed (0x904) or a time-out. ' +
    'Typical causes are VPN or Wi-Fi reconnects, an MTU problem on a tunnel, idle timeouts on a firewall/NAT, or the UDP transport.',
  remedy: [
    {
      text: 'Check the path for loss and MTU problems (a VPN/tunnel with a large MTU drops big TLS records): ping with the do-not-fragment flag.',
      command: 'Test-NetConnection <server> -Port 3389; ping <server> -f -l 1372',
    },
    {
      text: 'Test with the UDP transport turned off on the client (policy "Turn Off UDP On Client"); if the drops stop, fix the UDP path or leave RDP on TCP.',
      command: "New-Item 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client' -Force | New-ItemProperty -Name fClientDisableUDP -Value 1 -PropertyType DWord -Force",
    },
    {
      text: 'Enable RDP keep-alives on the server (policy "Configure keep-alive connection interval") so idle NAT/firewall timeouts do not cut sessions.',
      command: "New-ItemProperty 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services' -Name KeepAliveEnable -Value 1 -PropertyType DWord -Force; New-ItemProperty 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services' -Name KeepAliveInterval -Value 1 -PropertyType DWord -Force",
    },
    {
      text: 'Look at the client\'s VPN/Wi-Fi logs around the disconnect time.',
    },
  ],
  references: [
    'rdp-signatures §6 P9, §4.7 (errors 64/121), §5.2',
    'https://techcommunity.microsoft.com/t5/ask-the-performance-team/the-curious-case-of-event-id-56-with-source-termdd/ba-p/374553',
  ],
  examples: {
    positive: [{
      description: 'An active session whose socket timed out (143 error 121), LSM 24 + 40 reason 0',
      host: 'RDSH08',
      attempts: [{
        outcome: 'disconnected', stage: 'S9', clientAddress: '10.0.4.50', user: 'CORP\\carol',
        events: [
          { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.4.50:50010' }, join: 'opener' },
          { at: 2, provider: PROVIDER.rdpCore, eventId: 66, fields: { ConnectionName: 'RDP-Tcp#3', SessionID: '2' } },
          { at: 1800, provider: PROVIDER.rdpCore, eventId: 143, fields: { error: '121' } },
          { at: 1800, provider: PROVIDER.rdpCore, eventId: 226, fields: { StateTransition: 'RDP_TCP', EventName: 'Event_Disconnect', ErrorCode: '0x80070079' } },
          { at: 1801, provider: PROVIDER.lsm, eventId: 24, fields: { User: 'CORP\\carol', SessionID: '2', Address: '10.0.4.50' }, join: 'session-id' },
          { at: 1801, provider: PROVIDER.lsm, eventId: 40, fields: { Session: '2', Reason: '0' }, join: 'session-id' },
        ],
      }],
    }],
    negative: [{
      description: 'A session taken over by another connection (SetErrorInfo 0x5, then resets): not the network',
      host: 'RDSH08',
      attempts: [{
        outcome: 'disconnected', stage: 'S9', clientAddress: '10.0.4.50', user: 'CORP\\carol',
        events: [
          { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.4.50:50010' }, join: 'opener' },
          { at: 2, provider: PROVIDER.rdpCore, eventId: 66, fields: { ConnectionName: 'RDP-Tcp#3', SessionID: '2' } },
          { at: 900, provider: PROVIDER.rdpCore, eventId: 72, fields: { MethodName: 'SetErrorInfo(0x5)' } },
          { at: 900, provider: PROVIDER.rdpCore, eventId: 143, fields: { error: '64' } },
          { at: 901, provider: PROVIDER.lsm, eventId: 40, fields: { Session: '2', Reason: '5' }, join: 'session-id' },
        ],
      }],
    }],
  },
};
