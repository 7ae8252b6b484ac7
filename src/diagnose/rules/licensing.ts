import type { Rule } from '../types.js';
import { PROVIDER } from '../providers.js';
import { FAILED_REAL, clientDisconnect, setErrorInfo } from './common.js';

/** P11 — RD licensing: no license server, no CALs, licensing protocol failed. */
export const licensing: Rule = {
  id: 'licensing',
  ref: 'P11',
  title: 'Remote Desktop licensing failed',
  category: 'failure',
  severity: 'error',
  severityWithoutFailures: 'warning',
  stage: 'S5',
  rank: 40,
  groupBy: 'host+client+user',
  confidence: 0.8,
  signatures: [
    {
      scope: 'attempt',
      any: [setErrorInfo('10[0-9a-b]', 'server sent a licensing error to the client')],
      confidence: 0.85,
    },
    {
      scope: 'attempt',
      attempt: { disconnect: { codes: [256, 257, 258, 259, 260, 261, 262, 263, 264, 265, 266, 267], tables: ['extended', 'errorInfo'] } },
      confidence: 0.85,
    },
    {
      scope: 'attempt',
      attempt: { side: 'client' },
      any: [clientDisconnect([2056, 2312], 'client: licensing negotiation failed or timed out')],
      confidence: 0.85,
    },
    {
      scope: 'host',
      trigger: [
        { provider: PROVIDER.rcm, eventId: 1004, meaning: 'the server cannot issue a client license' },
        { provider: PROVIDER.rcm, eventId: 1003, meaning: 'the client provided an invalid license' },
      ],
      explains: { mode: 'near', seconds: 30, outcomes: [...FAILED_REAL], side: 'server' },
      confidence: 0.7,
    },
  ],
  explanation:
    'The connection got through TLS and authentication but failed in the licensing phase: the session host has no reachable license ' +
    'server, no CALs of the right type, an expired grace period, or a damaged licensing certificate. The server sends a licensing ' +
    'errorInfo (0x100–0x10B) and the client shows a licensing error (0x808 / 0x908 or extended 256–267).',
  remedy: [
    {
      text: 'Check the licensing mode and license server of the session host (RD Licensing Diagnoser, or the policies "Use the specified Remote Desktop license servers" / "Set the Remote Desktop licensing mode").',
      command: "Get-CimInstance -Namespace root/cimv2/TerminalServices -ClassName Win32_TerminalServiceSetting | Select-Object LicensingType, LicenseServerList",
    },
    {
      text: 'For certificate-related licensing errors: export, then delete the Certificate, X509 Certificate, X509 Certificate ID and X509 Certificate2 values under Terminal Server\\RCM, reboot and reactivate.',
      command: "reg export 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\RCM' rcm-backup.reg",
    },
  ],
  references: [
    'rdp-signatures §6 P11, §4.2 (256–267), §4.3 (0x100–0x10A)',
    'https://learn.microsoft.com/en-us/troubleshoot/windows-server/remote/cannot-connect-rds-no-license-server',
  ],
  examples: {
    positive: [{
      description: 'RdpCoreTS 72 SetErrorInfo(0x102): no license',
      host: 'RDSH10',
      attempts: [{
        outcome: 'failed-before-logon', stage: 'S5', clientAddress: '10.0.5.60',
        events: [
          { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.5.60:50700' }, join: 'opener' },
          { at: 1, provider: PROVIDER.rdpCore, eventId: 72, fields: { MethodName: 'OnStartLicensing' } },
          { at: 2, provider: PROVIDER.rdpCore, eventId: 72, fields: { MethodName: 'SetErrorInfo(0x102)' } },
        ],
      }],
    }],
    negative: [{
      description: 'Licensing phase completed normally (OnStartLicensing, SendClientLicense, SetErrorInfo(0x0))',
      host: 'RDSH10',
      attempts: [{
        outcome: 'logged-off', stage: 'S11', clientAddress: '10.0.5.60',
        events: [
          { at: 0, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.5.60:50700' }, join: 'opener' },
          { at: 1, provider: PROVIDER.rdpCore, eventId: 72, fields: { MethodName: 'OnStartLicensing' } },
          { at: 1, provider: PROVIDER.rdpCore, eventId: 72, fields: { MethodName: 'SendClientLicense' } },
          { at: 900, provider: PROVIDER.rdpCore, eventId: 72, fields: { MethodName: 'SetErrorInfo(0x0)' } },
        ],
      }],
    }],
  },
};
