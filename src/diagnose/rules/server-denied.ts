import type { Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { lsmReason, setErrorInfo } from './common.js';

/** P14 — the server itself denied the connection (errorInfo 7, the "extended 0x7" proper). */
export const serverDenied: Rule = {
  id: 'server-denied',
  ref: 'P14',
  title: 'Server denied the connection (extended reason 0x7)',
  category: 'failure',
  severity: 'error',
  stage: 'S5',
  rank: 50,
  groupBy: 'host+client+user',
  confidence: 0.7,
  signatures: [
    {
      scope: 'attempt',
      any: [
        setErrorInfo('7', 'server sent errorInfo 7: SERVER_DENIED_CONNECTION'),
        lsmReason([7], 'session disconnected: the server denied the connection'),
      ],
    },
    {
      scope: 'attempt',
      attempt: { disconnect: { codes: [7], tables: ['extended', 'errorInfo', 'lsm40'] } },
      confidence: 0.65,
    },
  ],
  explanation:
    'The server completed the connection sequence and then refused the connection, sending errorInfo 7 (ServerDeniedConnection) — ' +
    'the "extended error 0x7" of the mstsc dialog. Windows does not document what triggers it; the usual candidates are a limit on ' +
    'the number of connections, a policy that denies this user or client remote logon, or a session host in drain mode.',
  remedy: [
    {
      text: 'Check the connection limit and whether the host accepts new connections (drain mode).',
      command: "Get-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' -Name MaxInstanceCount; change logon /query",
    },
    {
      text: 'Check "Deny log on through Remote Desktop Services" and "Limit number of connections" policies for this user and host.',
      command: 'gpresult /h gp.html',
    },
    {
      text: 'Look at the server events around the time of the denial (RdpCoreTS, LocalSessionManager, TerminalServices-SessionBroker).',
    },
  ],
  references: ['rdp-signatures §6 P14, §5.1, §5.2, §4.2 (ext 7)'],
  examples: {
    positive: [{
      description: 'RdpCoreTS 72 SetErrorInfo(0x7) on the connection',
      host: 'RDSH13',
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S5', clientAddress: '10.0.8.90',
        events: [
          { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.8.90:50900' }, join: 'opener' },
          { at: 1, provider: PROVIDER.rdpCore, eventId: 72, fields: { MethodName: 'SetErrorInfo(0x7)' } },
          { at: 1, provider: PROVIDER.rdpCore, eventId: 72, fields: { MethodName: 'DisconnectNotify' } },
        ],
      }],
    }],
    negative: [{
      description: 'SetErrorInfo(0x70): a different code that only starts with 7',
      host: 'RDSH13',
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S5', clientAddress: '10.0.8.90',
        events: [
          { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.8.90:50900' }, join: 'opener' },
          { at: 1, provider: PROVIDER.rdpCore, eventId: 72, fields: { MethodName: 'SetErrorInfo(0x70)' } },
        ],
      }],
    }],
  },
};
