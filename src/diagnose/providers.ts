/**
 * Provider and channel names the rules refer to, spelled as Windows writes them
 * (reference §1: match on channel + provider + event id, never on the id alone).
 */
export const PROVIDER = {
  lsm: 'Microsoft-Windows-TerminalServices-LocalSessionManager',
  rcm: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager',
  rdpCore: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS',
  client: 'Microsoft-Windows-TerminalServices-ClientActiveXCore',
  schannel: 'Schannel',
  termdd: 'TermDD',
  security: 'Microsoft-Windows-Security-Auditing',
  lsaSrv: 'LsaSrv',
  broker: 'Microsoft-Windows-TerminalServices-SessionBroker',
  brokerClient: 'Microsoft-Windows-TerminalServices-SessionBroker-Client',
  /** legacy source name of the RCM "classic" certificate events in System ([UNC] in the reference, §3.2) */
  termService: 'TermService',
} as const;

export const CHANNEL = {
  system: 'System',
  security: 'Security',
  lsm: 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  rcm: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational',
  rcmAdmin: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin',
  rdpCore: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational',
  client: 'Microsoft-Windows-TerminalServices-RDPClient/Operational',
  broker: 'Microsoft-Windows-TerminalServices-SessionBroker/Operational',
  brokerClient: 'Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational',
} as const;

/** Where a provider's events are written by default (used to build examples and coverage notes). */
export function defaultChannel(provider: string, eventId: number): string {
  switch (provider.toLowerCase()) {
    case PROVIDER.lsm.toLowerCase(): return CHANNEL.lsm;
    case PROVIDER.rcm.toLowerCase():
      // RCM certificate/licensing "classic" events (1050–1067) go to System (reference §3.2)
      return eventId >= 1050 && eventId <= 1067 ? CHANNEL.system : CHANNEL.rcm;
    case PROVIDER.termService.toLowerCase(): return CHANNEL.system;
    case PROVIDER.rdpCore.toLowerCase(): return CHANNEL.rdpCore;
    case PROVIDER.client.toLowerCase(): return CHANNEL.client;
    case PROVIDER.security.toLowerCase(): return CHANNEL.security;
    case PROVIDER.broker.toLowerCase(): return CHANNEL.broker;
    case PROVIDER.brokerClient.toLowerCase(): return CHANNEL.brokerClient;
    default: return CHANNEL.system; // Schannel, TermDD, LsaSrv
  }
}

/** RCM classic events may carry either provider name. */
export const RCM_CLASSIC = [PROVIDER.rcm, PROVIDER.termService];
