/**
 * The logs worth collecting for an RDP diagnosis, per machine, and the exact commands that export
 * them. Channel names are the Windows ones (reference §1); file names are short so that exports
 * from the server and the client can sit in one folder.
 */
import { CHANNEL } from './events.js';

export type LogKey =
  | 'system' | 'security' | 'rdpcorets' | 'rcm' | 'rcmAdmin' | 'lsm' | 'broker'
  | 'rdpclient' | 'ntlm' | 'capi2' | 'gateway';

export interface LogSource {
  key: LogKey;
  channel: string;
  /** file name stem used in export commands */
  file: string;
  /** what this log shows, in a few words */
  shows: string;
  /** a caveat people need before relying on the log */
  note?: string;
}

export const LOG_SOURCES: Readonly<Record<LogKey, LogSource>> = Object.freeze({
  system: { key: 'system', channel: CHANNEL.system, file: 'System', shows: 'Schannel TLS errors, TermDD, RDP certificate events (RCM 105x), LsaSrv 6041' },
  security: { key: 'security', channel: CHANNEL.security, file: 'Security', shows: 'logons 4624/4625, reconnects 4778/4779, 4825', note: 'logon auditing must be on' },
  rdpcorets: { key: 'rdpcorets', channel: CHANNEL.rdpCoreTs, file: 'RdpCoreTS', shows: 'every accepted connection, SetErrorInfo, socket errors' },
  rcm: { key: 'rcm', channel: CHANNEL.rcmOperational, file: 'RCM', shows: 'listener, connections received, 1149 authentication' },
  rcmAdmin: { key: 'rcmAdmin', channel: CHANNEL.rcmAdmin, file: 'RCM-Admin', shows: 'licensing and incomplete-connection warnings' },
  lsm: { key: 'lsm', channel: CHANNEL.lsm, file: 'LSM', shows: 'session logon, disconnect (40 reason), reconnect, logoff' },
  broker: { key: 'broker', channel: CHANNEL.broker, file: 'SessionBroker', shows: 'Connection Broker errors', note: 'only on an RD Connection Broker' },
  rdpclient: { key: 'rdpclient', channel: CHANNEL.rdpClient, file: 'RDPClient', shows: 'target, disconnect reason (1026), UDP transport' },
  ntlm: { key: 'ntlm', channel: CHANNEL.ntlm, file: 'NTLM', shows: 'outgoing NTLM to TERMSRV/<server>' },
  capi2: { key: 'capi2', channel: CHANNEL.capi2, file: 'CAPI2', shows: 'certificate chain building', note: 'disabled by default' },
  gateway: { key: 'gateway', channel: CHANNEL.gateway, file: 'Gateway', shows: 'RD Gateway connections', note: 'only on an RD Gateway' },
});

/** Where logs are collected: the RDP server, the client running mstsc, or the Connection Broker. */
export type Machine = 'server' | 'client' | 'broker';

/** Folder the export commands write to (created by the first command). */
export const EXPORT_DIR = 'C:\\rdplens';

/**
 * `wevtutil epl` lines exporting the logs of one machine, prefixed with the machine role so both
 * machines' files can be merged into one folder. They run unchanged in cmd.exe and PowerShell.
 */
export function exportCommands(machine: Machine, keys: readonly LogKey[]): string[] {
  const lines = [`mkdir ${EXPORT_DIR}`];
  for (const k of keys) {
    const s = LOG_SOURCES[k];
    lines.push(`wevtutil epl ${s.channel} ${EXPORT_DIR}\\${machine}-${s.file}.evtx /ow:true`);
  }
  return lines;
}

/** The XML alternative for one log (what `analyze` also reads). */
export function xmlExportCommand(machine: Machine, key: LogKey): string {
  const s = LOG_SOURCES[key];
  return `wevtutil qe ${s.channel} /f:xml /e:Events > ${EXPORT_DIR}\\${machine}-${s.file}.xml`;
}
