/**
 * The event logs rdplens reads on a live machine and asks people to export: which log, on which side of
 * the connection, and which of its events (providers / event IDs) matter. `live` and `collect` both build
 * their queries from this list, so they always agree. Facts come from the domain reference; `source` says
 * where each one is stated.
 */

export type Role = 'server' | 'client';

export interface LogChannel {
  /** short name for `--channels` */
  key: string;
  /** the log name as wevtutil takes it (= the `<Channel>` of its events) */
  channel: string;
  /** sides of the connection whose logs hold it */
  roles: Role[];
  /** only events of these providers (XPath `Provider[@Name=…]`); absent = every provider */
  providers?: string[];
  /** only these event IDs; absent = every event */
  eventIds?: number[];
  /** off unless an admin enabled it: say so instead of pretending the log is empty */
  disabledByDefault?: boolean;
  /** readable only from an elevated (administrator) prompt */
  needsElevation?: boolean;
  /** what rdplens uses it for (shown in --help) */
  purpose: string;
  source: string;
}

export const LOG_CHANNELS: readonly LogChannel[] = [
  {
    key: 'system',
    channel: 'System',
    roles: ['server', 'client'],
    providers: ['TermDD', 'Schannel', 'LsaSrv', 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'],
    purpose: 'TermDD protocol/security-layer errors, Schannel TLS errors, LsaSrv 6041 (CredSSP), RCM certificate events 1050-1067',
    source: 'rdp-signatures §1 (System rows), §3.2 (RCM classic events), §3.4, §3.5, §3.7',
  },
  {
    key: 'lsm',
    channel: 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
    roles: ['server'],
    purpose: 'session logon, logoff, disconnect, reconnect and disconnect reasons',
    source: 'rdp-signatures §1, §3.1',
  },
  {
    key: 'rcm',
    channel: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational',
    roles: ['server'],
    purpose: 'listener events and 1149 (user authentication succeeded)',
    source: 'rdp-signatures §1, §3.2',
  },
  {
    key: 'rcm-admin',
    channel: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin',
    roles: ['server'],
    purpose: 'licensing and incomplete-connection warnings (1006)',
    source: 'rdp-signatures §1, §3.2',
  },
  {
    key: 'rdpcorets',
    channel: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational',
    roles: ['server'],
    purpose: 'TCP accepts with client address, security-layer errors, disconnect reasons (SetErrorInfo)',
    source: 'rdp-signatures §1, §3.3',
  },
  {
    key: 'rdpclient',
    channel: 'Microsoft-Windows-TerminalServices-RDPClient/Operational',
    roles: ['client'],
    purpose: 'the client side: connection attempts and the disconnect reason mstsc showed',
    source: 'rdp-signatures §1, §3.8',
  },
  {
    key: 'security',
    channel: 'Security',
    roles: ['server', 'client'],
    eventIds: [4624, 4625, 4634, 4647, 4648, 4776, 4778, 4779, 4825],
    needsElevation: true,
    purpose: 'logons and failed logons (4624/4625 with status codes), reconnect/disconnect, denied RDP access, explicit credentials',
    source: 'rdp-signatures §1, §3.6',
  },
  {
    key: 'ntlm',
    channel: 'Microsoft-Windows-NTLM/Operational',
    roles: ['client'],
    eventIds: [8001],
    purpose: 'outgoing NTLM authentication to TERMSRV/<host>',
    source: 'rdp-signatures §1, §3.7',
  },
  {
    key: 'capi2',
    channel: 'Microsoft-Windows-CAPI2/Operational',
    roles: ['server', 'client'],
    eventIds: [11, 30, 40, 41, 90],
    disabledByDefault: true,
    purpose: 'certificate chain building and revocation checks',
    source: 'rdp-signatures §1, §3.7',
  },
];

export type RoleChoice = 'server' | 'client' | 'both';

export function channelsForRole(role: RoleChoice, all: readonly LogChannel[] = LOG_CHANNELS): LogChannel[] {
  return all.filter((c) => role === 'both' || c.roles.includes(role));
}

/**
 * Resolves a `--channels` list: each item is a key (`security`), a full log name, or a unique
 * case-insensitive part of one (`rdpcore`). Unknown items are an error naming the valid keys.
 */
export function selectChannels(spec: string, all: readonly LogChannel[] = LOG_CHANNELS): LogChannel[] {
  const picked: LogChannel[] = [];
  for (const raw of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const item = raw.toLowerCase();
    let match = all.filter((c) => c.key === item || c.channel.toLowerCase() === item);
    if (match.length === 0) match = all.filter((c) => c.channel.toLowerCase().includes(item));
    if (match.length !== 1) {
      const why = match.length === 0 ? 'unknown channel' : `ambiguous channel (matches ${match.map((c) => c.key).join(', ')})`;
      throw new Error(`${why} "${raw}"; use one of: ${all.map((c) => c.key).join(', ')}`);
    }
    if (!picked.includes(match[0]!)) picked.push(match[0]!);
  }
  if (picked.length === 0) throw new Error(`no channel given; use one of: ${all.map((c) => c.key).join(', ')}`);
  return picked;
}

/** The --help table of the channels. */
export function describeChannels(all: readonly LogChannel[] = LOG_CHANNELS): string {
  const width = Math.max(...all.map((c) => c.key.length));
  return all
    .map((c) => {
      const notes = [c.roles.join('+'), c.needsElevation ? 'needs an elevated prompt' : '', c.disabledByDefault ? 'disabled by default' : '']
        .filter(Boolean)
        .join('; ');
      const filter = c.providers ? ` (providers ${c.providers.join(', ')})` : c.eventIds ? ` (events ${c.eventIds.join(', ')})` : '';
      return `  ${c.key.padEnd(width)}  ${c.channel}${filter}\n  ${' '.repeat(width)}  ${c.purpose} [${notes}]`;
    })
    .join('\n');
}
