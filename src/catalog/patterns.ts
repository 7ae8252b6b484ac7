/**
 * Short briefs of the failure patterns (reference §6, P1–P15): enough for `explain` to say what a
 * cause is, where its evidence lives and which logs show it. The full rules — signatures and
 * remedies — belong to the diagnosis rule files; these briefs only point the way.
 */
import type { PatternId, Confidence } from './types.js';
import type { LogKey } from './logs.js';

export interface PatternBrief {
  id: PatternId;
  /** P1…P15 in the reference */
  ref: string;
  title: string;
  /** the evidence to look for, with the machine it is on */
  lookFor: { machine: 'server' | 'client'; text: string }[];
  /** logs that hold the evidence, per machine */
  logs: { server: LogKey[]; client: LogKey[] };
  /** first thing to try once confirmed */
  fix: string;
  source: string;
  confidence: Confidence;
}

const SERVER_CORE: LogKey[] = ['system', 'rdpcorets', 'rcm'];

export const PATTERN_BRIEFS: Readonly<Record<PatternId, PatternBrief>> = Object.freeze({
  'cert-expired': {
    id: 'cert-expired', ref: 'P1', title: 'Expired self-signed RDP certificate was not renewed',
    lookFor: [
      { machine: 'server', text: 'RCM 1058/1057 in System (could not replace/create the certificate), no RCM 1056' },
      { machine: 'client', text: 'disconnect reason 6919 (0x1B07) or 2311' },
    ],
    logs: { server: ['system'], client: ['rdpclient', 'system'] },
    fix: 'Delete the Remote Desktop certificate (certlm.msc), restart TermService, check for RCM 1056.',
    source: 'MS-INTERR; MS-AZ-EVT', confidence: 'MS',
  },
  'cert-private-key': {
    id: 'cert-private-key', ref: 'P2', title: "TermService cannot use its certificate's private key",
    lookFor: [
      { machine: 'server', text: 'Schannel 36870 Type=server, 0x8009030D, state 10001; RCM 1057/1058/1055' },
    ],
    logs: { server: SERVER_CORE, client: [] },
    fix: 'Repair MachineKeys permissions (key file f686aace…), then recreate the RDP certificate.',
    source: 'MS-AZ-EVT; MS-INTERR', confidence: 'MS',
  },
  'cert-misconfigured': {
    id: 'cert-misconfigured', ref: 'P3', title: 'Custom or template RDP certificate misconfigured',
    lookFor: [
      { machine: 'server', text: 'RCM 1051/1053/1054/1055/1059/1062/1064/1065 in System' },
      { machine: 'client', text: 'certificate name or trust warnings; disconnect reason 2311' },
    ],
    logs: { server: ['system'], client: ['rdpclient', 'system'] },
    fix: 'Compare SSLCertificateSHA1Hash of RDP-Tcp with the certificate thumbprint; fix or remove it.',
    source: 'MS-AZ-EVT', confidence: 'MS',
  },
  'tls-mismatch': {
    id: 'tls-mismatch', ref: 'P4', title: 'No TLS version or cipher suite both ends accept',
    lookFor: [
      { machine: 'server', text: 'Schannel 36871 state 10013, 36874, 36888 alert 40/70; TermDD 56' },
      { machine: 'client', text: 'Schannel 36887 with the same alert' },
    ],
    logs: { server: ['system', 'rdpcorets'], client: ['system', 'rdpclient'] },
    fix: 'Enable a TLS version both ends support (SCHANNEL\\Protocols) and drop a restrictive cipher-suite policy.',
    source: 'MS-AZ-EVT', confidence: 'MS',
  },
  'fips-encryption': {
    id: 'fips-encryption', ref: 'P5', title: 'FIPS or encryption-level mismatch',
    lookFor: [
      { machine: 'server', text: 'RCM 1050 in System (Security Layer / Encryption Level corrected)' },
      { machine: 'client', text: 'disconnect reason 3590, extended reason 8' },
    ],
    logs: { server: ['system'], client: ['rdpclient'] },
    fix: 'Review FIPSAlgorithmPolicy and MinEncryptionLevel on the server.',
    source: 'MS cannot-connect-rdp-azure-vm', confidence: 'INF',
  },
  'credssp-oracle': {
    id: 'credssp-oracle', ref: 'P6', title: 'CredSSP Encryption Oracle Remediation mismatch (CVE-2018-0886)',
    lookFor: [
      { machine: 'client', text: 'LsaSrv 6041 in System naming TERMSRV/<server>' },
      { machine: 'server', text: 'connection accepted (RdpCoreTS 131), then torn down with no 4624/4625' },
    ],
    logs: { server: ['rdpcorets', 'security'], client: ['system'] },
    fix: 'Patch both machines; do not leave AllowEncryptionOracle at 2 (Vulnerable).',
    source: 'MS-CREDSSP', confidence: 'MS',
  },
  'nla-failure': {
    id: 'nla-failure', ref: 'P7', title: 'Network Level Authentication (CredSSP) failed',
    lookFor: [
      { machine: 'server', text: 'Security 4625 logon type 3 (NtLmSsp), RdpCoreTS 140, no RCM 1149' },
      { machine: 'client', text: 'RDPClient 1009; disconnect reason 0x807/0x1807/2825' },
    ],
    logs: { server: ['security', 'rdpcorets', 'rcm'], client: ['rdpclient'] },
    fix: 'Fix the credentials, domain controller reachability or clock skew that the 4625 status names.',
    source: 'MS-4625; MS cannot-connect-rdp-azure-vm; FreeRDP PR #3250', confidence: 'MS',
  },
  'account-state': {
    id: 'account-state', ref: 'P8', title: 'Account locked, disabled, expired or not allowed to use RDP',
    lookFor: [
      { machine: 'server', text: 'Security 4625 status 0xC0000234/0xC0000072/0xC000015B…, or 4825' },
    ],
    logs: { server: ['security'], client: ['rdpclient'] },
    fix: 'Unlock/enable the account or grant "Allow log on through Remote Desktop Services".',
    source: 'MS-4625', confidence: 'MS',
  },
  'network-drop': {
    id: 'network-drop', ref: 'P9', title: 'Network path dropped the connection (VPN, MTU, UDP)',
    lookFor: [
      { machine: 'server', text: 'RdpCoreTS 142/143 error 121/64, 226 0x80070079; LSM 40 reason 0' },
      { machine: 'client', text: 'RDPClient 1105 (UDP lost) before 1026; auto-reconnect events' },
    ],
    logs: { server: ['rdpcorets', 'lsm'], client: ['rdpclient'] },
    fix: 'Test with UDP off on the client (fClientDisableUDP=1); check VPN MTU and keep-alives.',
    source: 'SAMPLE-BK', confidence: 'SAMPLE',
  },
  unreachable: {
    id: 'unreachable', ref: 'P10', title: 'Server not reached, or a device in between closed the connection',
    lookFor: [
      { machine: 'server', text: 'nothing at that time: no RCM 261, no RdpCoreTS 131' },
      { machine: 'client', text: 'disconnect reason 516 (0x204) or time-outs' },
    ],
    logs: { server: ['rcm', 'rdpcorets'], client: ['rdpclient'] },
    fix: 'Test-NetConnection <server> -Port 3389; check firewall, load balancer, gateway.',
    source: 'MS-ONDISC (516); MS-AZ-EVT', confidence: 'INF',
  },
  licensing: {
    id: 'licensing', ref: 'P11', title: 'Remote Desktop licensing failure',
    lookFor: [
      { machine: 'server', text: 'TermDD 50 X.224 with licensing errors; RCM 1003/1004; SetErrorInfo(0x10x)' },
      { machine: 'client', text: 'disconnect reason 2056/2312, extended 256–267' },
    ],
    logs: { server: ['system', 'rcmAdmin', 'rdpcorets'], client: ['rdpclient'] },
    fix: 'Configure the licensing mode and licence server; see RD Licensing Diagnoser.',
    source: 'MS cannot-connect-rds-no-license-server; MS-EXTDISC', confidence: 'MS',
  },
  'scanner-noise': {
    id: 'scanner-noise', ref: 'P12', title: 'Scanner or probe, not a user',
    lookFor: [
      { machine: 'server', text: 'RdpCoreTS 131 → 143 error 64 → 103 reason 14 in seconds; TermDD 50 X.224' },
    ],
    logs: { server: ['rdpcorets', 'system'], client: [] },
    fix: 'Nothing to repair unless the address is the complaining user; restrict exposure of 3389.',
    source: 'SAMPLE-BK', confidence: 'SAMPLE',
  },
  'normal-disconnect': {
    id: 'normal-disconnect', ref: 'P13', title: 'Normal session management (not a failure)',
    lookFor: [
      { machine: 'server', text: 'LSM 40 reason 5/3/4/11/12; SetErrorInfo(0x5) → 103 reason 5' },
    ],
    logs: { server: ['lsm', 'rdpcorets'], client: ['rdpclient'] },
    fix: 'Nothing to repair; adjust session time limits if they surprise users.',
    source: 'EZ LocalSessionManager_40; SAMPLE-BK', confidence: 'SAMPLE',
  },
  'server-denied': {
    id: 'server-denied', ref: 'P14', title: 'Server denied the connection after negotiation',
    lookFor: [
      { machine: 'server', text: 'RdpCoreTS 72 SetErrorInfo(0x7); LSM 40 reason 7' },
    ],
    logs: { server: ['rdpcorets', 'lsm', 'security'], client: [] },
    fix: 'Check connection limits, "Deny log on through RDS" and drain mode (causes undocumented).',
    source: 'MS-BCGR-ERRINFO; MS-EXTDISC', confidence: 'UNC',
  },
  broker: {
    id: 'broker', ref: 'P15', title: 'RD Connection Broker cannot serve the connection',
    lookFor: [
      { machine: 'server', text: 'SessionBroker 2056 / SessionBroker-Client 1296 on the broker' },
    ],
    logs: { server: ['broker'], client: [] },
    fix: 'After a broker rename: reinstall the Connection Broker role and its database.',
    source: 'MS-AZ-EVT', confidence: 'MS',
  },
});
