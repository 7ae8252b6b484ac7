import type { Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { CLIENT_CONNECTED, clientDisconnect } from './common.js';

/** P10 — the client never reached the RDP listener (name, route, firewall, port, listener down). */
export const unreachable: Rule = {
  id: 'unreachable',
  ref: 'P10',
  title: 'Server not reachable on the RDP port',
  category: 'failure',
  severity: 'error',
  severityWithoutFailures: 'warning',
  stage: 'S1',
  rank: 70,
  groupBy: 'host+client+user',
  confidence: 0.8,
  signatures: [
    {
      scope: 'attempt',
      attempt: { side: 'client' },
      any: [
        clientDisconnect([516, 264, 1796], 'client: TCP connect failed or timed out (port closed, filtered or host down)'),
        clientDisconnect([260, 520, 1288, 1540, 776, 2052], 'client: the server name could not be resolved or the address is invalid'),
        { provider: PROVIDER.client, eventId: 1007, meaning: 'client: server name resolution failed' },
      ],
      none: [CLIENT_CONNECTED],
      confidence: 0.85,
    },
    // A bare 0x904 (2308) before connecting is NOT matched here: with no server log it is just as often a
    // certificate or TLS failure on the server. The coverage notes ask for the server's logs instead.
    {
      scope: 'host',
      trigger: [{ provider: PROVIDER.rcm, eventId: 260, meaning: 'the RDP listener failed' }],
      explains: { mode: 'after', outcomes: [], seconds: 0 },
      confidence: 0.7,
      note: 'The RDP listener itself failed on this server.',
    },
  ],
  explanation:
    'The client could not open a working TCP connection to the RDP listener: the name did not resolve, the port is closed or filtered, ' +
    'the host is down, the listener is not running, or a device in between closed the connection. The server logs nothing for such attempts.',
  remedy: [
    {
      text: 'From the client, test name resolution and the RDP port.',
      command: 'Resolve-DnsName <server>; Test-NetConnection <server> -Port 3389',
    },
    {
      text: 'On the server, check that Remote Desktop is enabled, the listener is up and on the expected port, and the firewall rule "Remote Desktop - User Mode (TCP-In)" is enabled (and any NSG / network firewall allows 3389).',
      command: "Get-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server' -Name fDenyTSConnections; Get-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' -Name PortNumber; qwinsta; Get-NetFirewallRule -DisplayGroup 'Remote Desktop' | Select-Object DisplayName, Enabled",
    },
    {
      text: 'If the port answers but connections close at once with no server event: look at gateways, load balancers, IPS/proxies and VPN concentrators in the path.',
    },
  ],
  references: [
    'rdp-signatures §6 P10, §4.1 (516/260/264/1796), §5.3 step 2',
  ],
  examples: {
    positive: [{
      description: 'mstsc 1026 with 516 (socket connect failed), never connected',
      host: 'PC03',
      attempts: [{
        side: 'client', outcome: 'failed-before-logon', stage: 'S1', target: 'rdsh09.corp.example',
        events: [
          { at: 0, provider: PROVIDER.client, eventId: 1024, fields: { Name: 'Server Name', Value: 'rdsh09.corp.example' }, join: 'opener' },
          { at: 21, provider: PROVIDER.client, eventId: 1026, fields: { Name: 'Disconnect Reason', Value: '516' } },
        ],
      }],
    }],
    negative: [{
      description: 'mstsc 1026 with 1 (user closed the window) after connecting',
      host: 'PC03',
      attempts: [{
        side: 'client', outcome: 'disconnected', stage: 'S9', target: 'rdsh09.corp.example',
        events: [
          { at: 0, provider: PROVIDER.client, eventId: 1024, fields: { Name: 'Server Name', Value: 'rdsh09.corp.example' }, join: 'opener' },
          { at: 2, provider: PROVIDER.client, eventId: 1027, fields: { DomainName: 'CORP', SessionId: '3' } },
          { at: 600, provider: PROVIDER.client, eventId: 1026, fields: { Name: 'Disconnect Reason', Value: '1' } },
        ],
      }],
    }],
  },
};
