/** Selections the security-lens rules share (issue: security lens on the correlated attempts). */
import type { AttemptSelection, EventMatcher } from '../types.js';
import { PROVIDER } from '../providers.js';

/** Events that show an RDP logon succeeded (reference §3.2 RCM 1149, §3.6 4624 type 10, §3.1 LSM 21/25). */
export const SUCCESS_EVENTS: EventMatcher[] = [
  { provider: PROVIDER.rcm, eventId: 1149, meaning: 'RDP user authentication succeeded' },
  { provider: PROVIDER.security, eventId: 4624, where: [{ field: 'LogonType', oneOf: [10], table: 'logonType' }], meaning: 'remote interactive logon succeeded' },
  { provider: PROVIDER.lsm, eventId: [21, 25], meaning: 'RDP session logon / reconnection succeeded' },
];

/** Server attempts whose cause is a credential or account failure. */
export const CREDENTIAL_FAILURES: AttemptSelection = { causes: ['nla-failure', 'account-state'], attempt: { side: 'server' } };

export const SERVER_LOGONS: AttemptSelection = { attempt: { side: 'server' }, anyEvent: SUCCESS_EVENTS };
