import type { Rule } from '../types.js';
import { PROVIDER } from '../providers.js';

const DISCONNECTED = { provider: PROVIDER.security, eventId: 4779, meaning: 'a user was disconnected from the RDP session' };

/** A user reconnected to a session another user held: session takeover (tscon hijack). */
export const sessionHijack: Rule = {
  id: 'session-hijack',
  ref: 'security',
  title: 'RDP session taken over by another user',
  category: 'security',
  severity: 'error',
  stage: 'S10',
  rank: 101,
  groupBy: 'host+client+user',
  confidence: 0.75,
  signatures: [
    {
      scope: 'host',
      trigger: [{ provider: PROVIDER.security, eventId: 4778, meaning: 'a user reconnected to an RDP session' }],
      // the session was just held by someone else: same SessionName, different AccountName
      requiresEarlier: { matchers: [DISCONNECTED], withinSeconds: 600, sameFields: ['SessionName'], differentFields: ['AccountName'] },
      explains: { mode: 'near', outcomes: [], clientField: 'ClientAddress' },
    },
    {
      scope: 'host',
      trigger: [{
        provider: PROVIDER.security, eventId: 4688,
        where: [{ field: 'NewProcessName', matches: '\\\\tscon\\.exe$' }],
        meaning: 'tscon.exe started (connects a session to another session)',
      }],
      explains: { mode: 'near', outcomes: [] },
      confidence: 0.6,
      note: 'tscon.exe was run; run as SYSTEM it attaches any session without its password.',
    },
  ],
  explanation:
    'A Security 4778 shows a user reconnecting to an RDP session (RDP-Tcp#N) that another user was disconnected from just before (4779): ' +
    'the session changed hands. Done with tscon.exe from a SYSTEM context this needs no password of the session owner.',
  remedy: [
    { text: 'Identify who ran tscon or reconnected (4778 AccountName, ClientAddress) and end the session.', command: "Get-WinEvent -FilterHashtable @{LogName='Security'; Id=4778,4779,4688} | Format-List TimeCreated, Message" },
    { text: 'Log off disconnected admin sessions instead of leaving them, and limit who holds SeDebug/SYSTEM on session hosts (policy "Set time limit for disconnected sessions").' },
  ],
  references: ['rdp-signatures §3.6 (4778/4779 SessionName, AccountName), §8.12 (4778 from an RDP hijack sample)'],
  examples: {
    positive: [{
      description: 'alice disconnected from RDP-Tcp#8, then mallory reconnected to RDP-Tcp#8',
      host: 'FS01',
      hostEvents: [
        { at: 0, provider: PROVIDER.security, eventId: 4779, fields: { AccountName: 'alice', AccountDomain: 'CORP', SessionName: 'RDP-Tcp#8', ClientName: 'PC1', ClientAddress: '10.0.0.5' } },
        { at: 20, provider: PROVIDER.security, eventId: 4778, fields: { AccountName: 'mallory', AccountDomain: 'CORP', SessionName: 'RDP-Tcp#8', ClientName: 'JUMP01', ClientAddress: '10.23.23.9' } },
      ],
      attempts: [],
    }],
    negative: [{
      description: 'alice disconnected and reconnected to her own session',
      host: 'FS01',
      hostEvents: [
        { at: 0, provider: PROVIDER.security, eventId: 4779, fields: { AccountName: 'alice', AccountDomain: 'CORP', SessionName: 'RDP-Tcp#8', ClientName: 'PC1', ClientAddress: '10.0.0.5' } },
        { at: 600, provider: PROVIDER.security, eventId: 4778, fields: { AccountName: 'alice', AccountDomain: 'CORP', SessionName: 'RDP-Tcp#8', ClientName: 'PC1', ClientAddress: '10.0.0.5' } },
      ],
      attempts: [],
    }],
  },
};
