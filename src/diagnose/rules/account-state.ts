import type { Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { FAILED, clientDisconnect, failedLogon, lsmReason, setErrorInfo } from './common.js';

/** Status/SubStatus of an account that may not log on now (rdp-signatures §4.12). */
const ACCOUNT_CODES = [
  0xc0000072, // disabled
  0xc0000234, // locked out
  0xc0000193, // account expired
  0xc0000071, // password expired
  0xc0000224, // must change password
  0xc000006f, // outside logon hours
  0xc0000070, // workstation restriction
  0xc000015b, // logon type not granted (no "Allow log on through Remote Desktop Services")
  0xc000006e, // account restriction
];

/** P8 — the account exists and may be right, but is disabled, locked, expired or not allowed to use RDP. */
export const accountState: Rule = {
  id: 'account-state',
  ref: 'P8',
  title: 'Account disabled, locked, expired or not allowed to log on remotely',
  category: 'failure',
  severity: 'error',
  severityWithoutFailures: 'error',
  stage: 'S4',
  rank: 30,
  groupBy: 'host+client+user',
  confidence: 0.9,
  signatures: [
    {
      scope: 'attempt',
      any: [
        ...failedLogon(ACCOUNT_CODES, 'logon refused because of the account state or logon rights'),
        { provider: PROVIDER.security, eventId: 4825, meaning: 'user authenticated but is not allowed to use Remote Desktop' },
      ],
    },
    {
      scope: 'attempt',
      any: [
        lsmReason([9], 'session disconnected: the user lacks access privileges'),
        setErrorInfo('9', 'server: insufficient privileges'),
      ],
      confidence: 0.8,
    },
    {
      scope: 'attempt',
      attempt: { side: 'client' },
      any: [clientDisconnect(
        [2823, 3079, 3335, 3591, 3847, 4615, 4103, 4359, 4871],
        'client: account disabled, restricted, locked, expired, password expired or logon type not allowed',
      )],
      confidence: 0.85,
    },
    {
      scope: 'host',
      trigger: failedLogon(ACCOUNT_CODES, 'remote interactive logon refused because of the account state or logon rights', [10]),
      explains: { mode: 'near', seconds: 10, outcomes: [...FAILED], clientField: 'IpAddress' },
      confidence: 0.8,
    },
    {
      // type 3 is NLA only next to an RDP connection
      scope: 'host',
      trigger: failedLogon(ACCOUNT_CODES, 'NLA logon refused because of the account state or logon rights', [3]),
      explains: { mode: 'near', seconds: 10, outcomes: [...FAILED], clientField: 'IpAddress' },
      confidence: 0.75,
      standalone: false,
    },
    {
      scope: 'host',
      trigger: [{ provider: PROVIDER.security, eventId: 4825, meaning: 'user authenticated but is not allowed to use Remote Desktop' }],
      explains: { mode: 'near', seconds: 10, outcomes: [...FAILED], clientField: 'ClientAddress' },
      confidence: 0.85,
    },
  ],
  explanation:
    'The credentials reached the server but the account may not log on now: it is disabled, locked out, expired, its password ' +
    'expired or must be changed, it is outside its logon hours or workstations, or it lacks the right "Allow log on through Remote ' +
    'Desktop Services" (4625 0xC000015B, 4825). Typing the password again will not help.',
  remedy: [
    {
      text: 'Look at the account: enabled, not locked out, not expired, password not expired.',
      command: 'Get-ADUser <user> -Properties Enabled, LockedOut, AccountExpirationDate, PasswordExpired, LogonHours   # local account: net user <user>',
    },
    {
      text: 'Unlock or re-enable the account / reset the password as appropriate.',
      command: 'Unlock-ADAccount <user>; Enable-ADAccount <user>   # local account: net user <user> /active:yes',
    },
    {
      text: 'Grant remote logon: add the user to "Remote Desktop Users" and make sure "Allow log on through Remote Desktop Services" includes it and "Deny log on through Remote Desktop Services" does not (secpol.msc › User Rights Assignment).',
      command: 'Add-LocalGroupMember -Group "Remote Desktop Users" -Member <DOMAIN\\user>; secedit /export /cfg $env:TEMP\\rights.inf; Select-String "SeRemoteInteractiveLogonRight|SeDenyRemoteInteractiveLogonRight" $env:TEMP\\rights.inf',
    },
  ],
  references: [
    'rdp-signatures §6 P8, §4.12, §3.6 (4625, 4825)',
    'https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-4625',
  ],
  examples: {
    positive: [{
      description: '4625 type 10 with 0xC000015B: logon type not granted',
      host: 'RDSH07',
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S6', clientAddress: '10.0.3.40', user: 'CORP\\bob',
        events: [
          { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.3.40:50500' }, join: 'opener' },
          { at: 4, provider: PROVIDER.security, eventId: 4625, fields: { TargetUserName: 'bob', Status: '0xc000015b', SubStatus: '0x0', LogonType: '10', IpAddress: '10.0.3.40' }, join: 'address+time' },
        ],
      }],
    }],
    negative: [{
      description: '4625 with a plain wrong password (that is nla-failure, not the account state)',
      host: 'RDSH07',
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S4', clientAddress: '10.0.3.40', user: 'CORP\\bob',
        events: [
          { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.3.40:50500' }, join: 'opener' },
          { at: 2, provider: PROVIDER.security, eventId: 4625, fields: { TargetUserName: 'bob', Status: '0xc000006d', SubStatus: '0xc000006a', LogonType: '3', IpAddress: '10.0.3.40' }, join: 'address+time' },
        ],
      }],
    }],
  },
};
