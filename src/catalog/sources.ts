/**
 * The sources behind the catalog's short source keys ("MS-ONDISC", "EZ", "SAMPLE-BK"…), so every
 * `source` string in the data can be traced to a document. A source string is a `;`-separated list;
 * each part starts with one of these keys, optionally followed by a detail (a file, an event id).
 */

export interface SourceDoc {
  key: string;
  title: string;
  url?: string;
}

export const SOURCES: readonly SourceDoc[] = Object.freeze([
  { key: 'MS-ONDISC', title: 'IMsTscAxEvents::OnDisconnected (disconnect reasons)', url: 'https://learn.microsoft.com/en-us/windows/win32/termserv/imstscaxevents-ondisconnected' },
  { key: 'MS-EXTDISC', title: 'ExtendedDisconnectReasonCode enumeration', url: 'https://learn.microsoft.com/en-us/windows/win32/termserv/extendeddisconnectreasoncode' },
  { key: 'MS-BCGR-ERRINFO', title: 'MS-RDPBCGR Set Error Info PDU', url: 'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-rdpbcgr/a21a1bd9-2303-49c1-90ec-3932435c248c' },
  { key: 'MS-RDPBCGR', title: 'MS-RDPBCGR Remote Desktop Protocol: Basic Connectivity and Graphics Remoting', url: 'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-rdpbcgr/' },
  { key: 'MS-AZ-EVT', title: 'Troubleshoot Azure VM RDP connection issues by Event ID', url: 'https://learn.microsoft.com/en-us/troubleshoot/azure/virtual-machines/windows/event-id-troubleshoot-vm-rdp-connecton' },
  { key: 'MS-INTERR', title: '"An internal error has occurred" when connecting to a remote machine', url: 'https://learn.microsoft.com/en-us/troubleshoot/windows-server/remote/internal-error-has-occurred-connecting-remote-machine' },
  { key: 'MS-CREDSSP', title: 'CredSSP encryption oracle remediation', url: 'https://learn.microsoft.com/en-us/troubleshoot/azure/virtual-machines/credssp-encryption-oracle-remediation' },
  { key: 'MS-4625', title: 'Event 4625: An account failed to log on', url: 'https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-10/security/threat-protection/auditing/event-4625' },
  { key: 'MS-4778', title: 'Event 4778: A session was reconnected to a Window Station', url: 'https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-10/security/threat-protection/auditing/event-4778' },
  { key: 'MS event-', title: 'Windows security auditing event reference', url: 'https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-10/security/threat-protection/auditing/advanced-security-audit-policy-settings' },
  { key: 'MS-SCHANNEL', title: 'Schannel events', url: 'https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2012-R2-and-2012/dn786445(v=ws.11)' },
  { key: 'MS-RDSAUTH', title: 'Remote Desktop Services authentication and encryption events', url: 'https://technet.microsoft.com/en-us/library/ee890993(v=WS.10).aspx' },
  { key: 'MS winerror', title: 'COM error codes (security and setup): SEC_E_*, CERT_E_*', url: 'https://learn.microsoft.com/en-us/windows/win32/com/com-error-codes-4' },
  { key: 'MS System Error Codes', title: 'Win32 system error codes', url: 'https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes' },
  { key: 'MS AskPerf', title: 'The curious case of Event ID 56 with source TermDD', url: 'https://techcommunity.microsoft.com/t5/ask-the-performance-team/the-curious-case-of-event-id-56-with-source-termdd/ba-p/374553' },
  { key: 'MS cannot-connect-rdp-azure-vm', title: 'Cannot connect to an Azure VM by RDP (TLS, FIPS, NLA settings)', url: 'https://learn.microsoft.com/en-us/troubleshoot/azure/virtual-machines/windows/cannot-connect-rdp-azure-vm' },
  { key: 'MS cannot-connect-rds-no-license-server', title: 'Cannot connect: no Remote Desktop license server', url: 'https://learn.microsoft.com/en-us/troubleshoot/windows-server/remote/cannot-connect-rds-no-license-server' },
  { key: 'MS licensing KB', title: 'Remote Desktop licensing troubleshooting (TermDD 50 X.224)', url: 'https://learn.microsoft.com/en-us/troubleshoot/windows-server/remote/cannot-connect-rds-no-license-server' },
  { key: 'KB2531138', title: 'RD certificate re-enrolment loop (RCM 1063)', url: 'https://support.microsoft.com/en-us/kb/2531138' },
  { key: 'RFC 5246', title: 'TLS 1.2, alert protocol', url: 'https://www.rfc-editor.org/rfc/rfc5246#section-7.2.2' },
  { key: 'RFC 8446', title: 'TLS 1.3, alert protocol', url: 'https://www.rfc-editor.org/rfc/rfc8446#section-6' },
  { key: 'FreeRDP', title: 'FreeRDP include/freerdp/error.h and CredSSP discussion', url: 'https://github.com/FreeRDP/FreeRDP' },
  { key: 'EZ', title: 'EvtxECmd event maps (EricZimmerman/evtx evtx/Maps)', url: 'https://github.com/EricZimmerman/evtx/tree/master/evtx/Maps' },
  { key: 'OSSEM', title: 'OTRF OSSEM-DD ETW provider manifests', url: 'https://github.com/OTRF/OSSEM-DD' },
  { key: 'HAYA', title: 'Hayabusa rules with sample events', url: 'https://github.com/Yamato-Security/hayabusa-rules' },
  { key: 'SAMPLE-BK', title: 'Real RdpCoreTS log of a BlueKeep scan (EVTX-ATTACK-SAMPLES rdpcorets_148_mst120_bluekeep_rpdscan_full.evtx)', url: 'https://github.com/sbousseaden/EVTX-ATTACK-SAMPLES' },
  { key: 'SAMPLE', title: 'Observed in a real record' },
  { key: 'Belkasoft', title: 'Belkasoft insider-threat CTF image logs (DFIRArtifactMuseum)', url: 'https://github.com/AndrewRathbun/DFIRArtifactMuseum' },
  { key: 'real log dump', title: 'Legacy text dump of a System log (RCM 1056, source TermService)' },
  { key: 'atc', title: 'Atomic Threat Coverage data-needed pages with TermDD 50/56 samples', url: 'https://github.com/atc-project/atc-data' },
  { key: 'Sigma', title: 'SigmaHQ rules', url: 'https://github.com/SigmaHQ/sigma' },
  { key: 'nasbench', title: 'EVTX-ETW-Resources provider message CSVs', url: 'https://github.com/nasbench/EVTX-ETW-Resources' },
  { key: 'dissect.etl', title: 'fox-it dissect.etl Schannel manifest', url: 'https://github.com/fox-it/dissect.etl' },
  { key: 'detection-wiki', title: 'detection-wiki provider pages (generated from manifests)' },
  { key: 'requests-credssp', title: 'jborean93/requests-credssp issue #18 (Schannel 36888/36874 samples)', url: 'https://github.com/jborean93/requests-credssp/issues/18' },
  { key: 'EventLogExpert', title: 'microsoft/EventLogExpert issues with Schannel and CAPI2 samples', url: 'https://github.com/microsoft/EventLogExpert' },
  { key: 'corefx', title: 'dotnet/corefx issue #1894 (Schannel 36887 sample)', url: 'https://github.com/dotnet/corefx/issues/1894' },
  { key: 'docs.ans.co.uk', title: 'ANS KB4103716 page (LsaSrv 6041 text)', url: 'https://docs.ans.co.uk/docs/operatingsystems/windows/rdp/kb4103716' },
  { key: 'palantir', title: 'palantir/windows-event-forwarding PR #41 (LsaSrv 6041)', url: 'https://github.com/palantir/windows-event-forwarding/pull/41' },
  { key: 'port139', title: 'port139 blog: RDP client events', url: 'https://port139.hatenablog.com/entry/2019/05/03/162705' },
  { key: 'TechNet wiki', title: 'TechNet wiki 37847 / 37870 / 37874 (RDP client events, disconnect codes)' },
  { key: 'Singer blog', title: 'Eric C. Singer, "RDP: An internal error has occurred" (2020)' },
  { key: 'public msobjs', title: 'FailureReason %%23xx mappings repeated in public scripts' },
]);

const BY_LENGTH = [...SOURCES].sort((a, b) => b.key.length - a.key.length);

/** The documents a source string cites; `unresolved` lists parts no key matches. */
export function resolveSource(source: string): { docs: SourceDoc[]; unresolved: string[] } {
  const docs: SourceDoc[] = [];
  const unresolved: string[] = [];
  for (const raw of source.split(';')) {
    const part = raw.trim();
    if (!part) continue;
    const doc = BY_LENGTH.find((d) => part === d.key || part.startsWith(`${d.key} `) || part.startsWith(`${d.key}(`) || part.startsWith(`${d.key}-`) || part.startsWith(`${d.key}/`) || (d.key.endsWith('-') && part.startsWith(d.key)));
    if (!doc) unresolved.push(part);
    else if (!docs.includes(doc)) docs.push(doc);
  }
  return { docs, unresolved };
}
