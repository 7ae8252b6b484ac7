import type { Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { FAILED_REAL, setErrorInfo } from './common.js';

/** P15 — the RD Connection Broker cannot serve the connection. */
export const broker: Rule = {
  id: 'broker',
  ref: 'P15',
  title: 'RD Connection Broker cannot serve the connection',
  category: 'failure',
  severity: 'error',
  severityWithoutFailures: 'error',
  stage: 'S5',
  rank: 41,
  groupBy: 'host+client+user',
  confidence: 0.8,
  signatures: [
    {
      scope: 'host',
      trigger: [
        { provider: PROVIDER.broker, eventId: 2056, meaning: 'Connection Broker: logon to its database failed' },
        { provider: PROVIDER.brokerClient, eventId: 1296, meaning: 'Connection Broker client: the broker is not ready for RPC' },
      ],
      explains: { mode: 'near', seconds: 120, outcomes: [...FAILED_REAL] },
    },
    {
      scope: 'attempt',
      any: [setErrorInfo('40[0-9a-f]|41[0-2]', 'server sent a Connection Broker errorInfo (0x400–0x412)')],
      confidence: 0.75,
    },
  ],
  explanation:
    'The deployment\'s RD Connection Broker could not serve the connection: it cannot log on to its database (SessionBroker 2056) or ' +
    'is not ready for RPC (SessionBroker-Client 1296), or redirection to a session host failed (errorInfo 0x400–0x412). A documented ' +
    'cause is a broker host that was renamed after the deployment was built.',
  remedy: [
    {
      text: 'Check the broker services and its database connectivity on the broker host.',
      command: 'Get-Service Tssdis, RDMS; Get-RDServer',
    },
    {
      text: 'If the broker host was renamed after deployment: remove and reinstall the RD Connection Broker role and the Windows Internal Database.',
    },
  ],
  references: [
    'rdp-signatures §6 P15, §4.3 (0x400–0x412)',
    'https://learn.microsoft.com/en-us/troubleshoot/azure/virtual-machines/windows/event-id-troubleshoot-vm-rdp-connecton',
  ],
  examples: {
    positive: [{
      description: 'SessionBroker 2056 while connections fail',
      host: 'RDCB01',
      hostEvents: [{ at: 5, provider: PROVIDER.broker, eventId: 2056 }],
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S5', clientAddress: '10.0.9.10',
        events: [{ at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.9.10:51010' }, join: 'opener' }],
      }],
    }],
    negative: [{
      description: 'Broker-style errorInfo that is actually a protocol error (0x10C9)',
      host: 'RDCB01',
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S5', clientAddress: '10.0.9.10',
        events: [
          { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.9.10:51010' }, join: 'opener' },
          { at: 1, provider: PROVIDER.rdpCore, eventId: 72, fields: { MethodName: 'SetErrorInfo(0x10c9)' } },
        ],
      }],
    }],
  },
};
