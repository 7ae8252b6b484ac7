/** Security log codes: 4624/4625 LogonType, 4625 FailureReason insertion strings. */
import type { CodeEntry } from '../types.js';
import { rows } from './entry.js';

export const LOGON_TYPES: CodeEntry[] = rows('logonType', 'MS-4625; MS event-4624', 'MS', [
  [2, 'Interactive', 'Logon at the keyboard.'],
  [3, 'Network', 'Network logon — with NLA this is the CredSSP pre-authentication of an RDP connection.', ['nla-failure']],
  [4, 'Batch', 'Batch (scheduled task) logon.'],
  [5, 'Service', 'Service logon.'],
  [7, 'Unlock', 'Workstation unlock (also reported on some RDP reconnects).'],
  [8, 'NetworkCleartext', 'Network logon with a clear-text password.'],
  [9, 'NewCredentials', 'RunAs /netonly style logon.'],
  [10, 'RemoteInteractive', 'Remote Desktop logon (Winlogon via RDP).', ['account-state']],
  [11, 'CachedInteractive', 'Interactive logon with cached credentials.'],
  [12, 'CachedRemoteInteractive', 'Remote Desktop logon with cached credentials.'],
  [13, 'CachedUnlock', 'Unlock with cached credentials.'],
]);

export const FAILURE_REASONS: CodeEntry[] = rows('failureReason', 'MS-4625 sample (2313); public msobjs mappings', 'TOOL', [
  [2304, '%%2304', 'An error occurred during logon.', ['nla-failure']],
  [2305, '%%2305', 'The account has expired.', ['account-state']],
  [2306, '%%2306', 'The Netlogon component is not active.', ['nla-failure']],
  [2307, '%%2307', 'The account is locked out.', ['account-state']],
  [2308, '%%2308', 'The user has not been granted the requested logon type.', ['account-state']],
  [2309, '%%2309', 'The password has expired.', ['account-state']],
  [2310, '%%2310', 'The account is disabled.', ['account-state']],
  [2311, '%%2311', 'Logon-hours violation.', ['account-state']],
  [2312, '%%2312', 'The user may not log on from this workstation.', ['account-state']],
  [2313, '%%2313', 'Unknown user name or bad password.', ['nla-failure']],
]);
