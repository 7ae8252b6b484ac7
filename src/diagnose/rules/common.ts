/**
 * Matchers and code lists several rules share. Each list names the reference section its values
 * come from (../shared/reference/rdp-signatures.md → "rdp-signatures §x" in `references`).
 */
import type { EventMatcher } from '../types.js';
import { PROVIDER } from '../providers.js';

/** Server-side outcomes a failure cause can explain. */
export const FAILED = ['failed-before-logon', 'probe', 'unknown'] as const;
export const FAILED_REAL = ['failed-before-logon', 'unknown'] as const;

/** RDPClient 1026: the client was disconnected with discReason = one of `codes` (§4.1). */
export function clientDisconnect(codes: number[], meaning: string): EventMatcher {
  return { provider: PROVIDER.client, eventId: 1026, where: [{ field: 'Value', oneOf: codes, table: 'discReason' }], meaning };
}

/** RDPClient 1025 (connected) / 1027 (connected to domain, session id): the client got past the handshake (§3.8). */
export const CLIENT_CONNECTED: EventMatcher = {
  provider: PROVIDER.client, eventId: [1025, 1027], meaning: 'the client had connected to the server',
};

/** Security 4625 with Status or SubStatus in `codes`, optional logon types (§3.6, §4.12). */
export function failedLogon(codes: number[], meaning: string, logonTypes?: number[]): EventMatcher[] {
  const lt = logonTypes ? [{ field: 'LogonType', oneOf: logonTypes, table: 'logonType' }] : [];
  return [
    { provider: PROVIDER.security, eventId: 4625, where: [{ field: 'Status', oneOf: codes, table: 'ntstatus' }, ...lt], meaning },
    { provider: PROVIDER.security, eventId: 4625, where: [{ field: 'SubStatus', oneOf: codes, table: 'ntstatus' }, ...lt], meaning },
  ];
}

/** RdpCoreTS 72 `SetErrorInfo(0xN)`: the errorInfo the server sent the client (§4.3, §5.2). */
export function setErrorInfo(hexPattern: string, meaning: string): EventMatcher {
  return {
    provider: PROVIDER.rdpCore, eventId: 72,
    where: [{ field: 'MethodName', matches: `^SetErrorInfo\\(0x(?:${hexPattern})\\)$` }],
    meaning,
  };
}

/** LSM 40: session disconnected with `Reason` in `reasons` (§4.5). */
export function lsmReason(reasons: number[], meaning: string): EventMatcher {
  return { provider: PROVIDER.lsm, eventId: 40, where: [{ field: 'Reason', oneOf: reasons, table: 'lsm40' }], meaning };
}

/** Socket errors of RdpCoreTS 142/143 (`error`) and 226 (`ErrorCode`) (§4.7). */
export function socketError(win32: number[], hresults: number[], meaning: string): EventMatcher[] {
  return [
    { provider: PROVIDER.rdpCore, eventId: [142, 143], where: [{ field: 'error', oneOf: win32, table: 'win32' }], meaning },
    { provider: PROVIDER.rdpCore, eventId: 226, where: [{ field: 'ErrorCode', oneOf: hresults, table: 'win32' }], meaning },
  ];
}

/** Events that show the connection got to an RDP session or authenticated (never in a probe). */
export const PAST_HANDSHAKE: EventMatcher[] = [
  { provider: PROVIDER.rdpCore, eventId: [98, 66], meaning: 'RDP connection established' },
  { provider: PROVIDER.rcm, eventId: 1149, meaning: 'user authentication succeeded' },
  { provider: PROVIDER.rdpCore, eventId: 140, meaning: 'wrong user name or password' },
  { provider: PROVIDER.security, eventId: [4624, 4625], meaning: 'logon attempt' },
];
