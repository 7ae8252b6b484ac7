import type { Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { clientDisconnect, lsmReason, setErrorInfo, socketError } from './common.js';

/** P13 — sessions that ended the way sessions end: logoff, user disconnect, takeover, time limits. */
export const normalDisconnect: Rule = {
  id: 'normal-disconnect',
  ref: 'P13',
  title: 'Normal disconnect or logoff',
  category: 'normal',
  severity: 'info',
  stage: 'S9',
  rank: 90,
  groupBy: 'host+client+user',
  confidence: 0.9,
  signatures: [
    {
      scope: 'attempt',
      attempt: { outcome: ['logged-off'] },
      any: [
        { provider: PROVIDER.lsm, eventId: 23, meaning: 'session logoff succeeded' },
        { provider: PROVIDER.security, eventId: 4647, meaning: 'user-initiated logoff' },
        { provider: PROVIDER.security, eventId: 4634, where: [{ field: 'LogonType', oneOf: [10], table: 'logonType' }], meaning: 'remote interactive logon session ended' },
      ],
      confidence: 0.95,
      note: 'The session ended with a logoff.',
    },
    {
      // the correlator saw a logoff through events this rule does not list: cite the attempt's ends
      scope: 'attempt',
      attempt: { outcome: ['logged-off'] },
      confidence: 0.9,
      note: 'The session ended with a logoff.',
    },
    {
      scope: 'attempt',
      attempt: { outcome: ['disconnected', 'logged-off'] },
      any: [
        lsmReason([1, 2, 3, 4, 5, 11, 12], 'session ended by logoff, takeover, time limit or an administrator'),
        setErrorInfo('[1-5]|b|c', 'server ended the session on purpose (logoff, takeover, time limit)'),
        { provider: PROVIDER.rdpCore, eventId: 103, where: [{ field: 'ReasonCode', oneOf: [5] }], meaning: 'disconnect reason: replaced by another connection' },
        clientDisconnect([1, 2, 3], 'client: disconnected by the user or the server, not an error'),
      ],
      confidence: 0.9,
    },
    {
      // LSM 24 + 40 reason 0 with no socket error: the user closed the client window
      scope: 'attempt',
      attempt: { outcome: ['disconnected'] },
      all: [lsmReason([0], 'session disconnected without an error reason (client window closed)')],
      none: socketError([121, 64], [0x80070079, 0x80070040], 'socket error'),
      confidence: 0.7,
    },
  ],
  explanation:
    'The session ended normally: the user logged off or closed the client, another connection took the session over, an idle or ' +
    'session time limit applied, or an administrator disconnected it. This is not a failure.',
  remedy: [
    {
      text: 'Nothing to fix. If users are cut off by time limits they did not expect, review the session time-limit policies.',
      command: "Get-ItemProperty 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services' -ErrorAction SilentlyContinue | Select-Object MaxIdleTime, MaxConnectionTime, MaxDisconnectionTime",
    },
  ],
  references: ['rdp-signatures §6 P13, §4.5 (LSM 40 reasons)'],
  examples: {
    positive: [{
      description: 'Logon, then LSM 40 reason 12 and 23 (logoff)',
      host: 'RDSH12',
      attempts: [{
        outcome: 'logged-off', stage: 'S11', clientAddress: '10.0.7.80', user: 'CORP\\dave',
        events: [
          { at: 0, provider: PROVIDER.lsm, eventId: 21, fields: { User: 'CORP\\dave', SessionID: '3', Address: '10.0.7.80' }, join: 'opener' },
          { at: 3600, provider: PROVIDER.lsm, eventId: 23, fields: { User: 'CORP\\dave', SessionID: '3' }, join: 'session-id' },
          { at: 3600, provider: PROVIDER.lsm, eventId: 40, fields: { Session: '3', Reason: '12' }, join: 'session-id' },
        ],
      }],
    }],
    negative: [{
      description: 'Connection still failing before logon: not a normal end',
      host: 'RDSH12',
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S3', clientAddress: '10.0.7.80',
        events: [{ at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.7.80:50800' }, join: 'opener' }],
      }],
    }],
  },
};
