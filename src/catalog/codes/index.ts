/**
 * Code tables and their lookup. `decodeCode(table, value)` reads the value in any notation
 * (see parse.ts) and returns the entry; a few families are derived instead of listed:
 * HRESULT_FROM_WIN32 (0x8007xxxx), "D"-prefixed NTSTATUS (0xD…  → 0xC…), and extended reasons in the
 * protocol range 0x1000–0x7FFF (which carry the errorInfo value of the same number).
 */
import type { CodeEntry, CodeTableId } from '../types.js';
import { hexOf } from './entry.js';
import { parseCode } from './parse.js';
import { DISC_REASONS } from './disc-reason.js';
import { EXTENDED_REASONS, EXTENDED_PROTOCOL_RANGE } from './extended-reason.js';
import { ERROR_INFOS } from './error-info.js';
import { LSM40_REASONS, RDPCORETS103_REASONS, RDP_NEG_FAILURES } from './server-reasons.js';
import { WIN32_CODES, NTSTATUS_CODES, SSPI_CODES } from './status.js';
import { TLS_ALERTS, SCHANNEL_STATES } from './tls.js';
import { LOGON_TYPES, FAILURE_REASONS } from './security-log.js';

export { parseCode } from './parse.js';
export { hexOf } from './entry.js';
export { decodeTermddBinary, describeTermddBinary, type TermddBinary } from './termdd.js';

/** Every listed entry, by table. `termddBinary` is decoded by a function and has no rows. */
export const CODE_TABLES: Readonly<Record<CodeTableId, readonly CodeEntry[]>> = Object.freeze({
  discReason: DISC_REASONS,
  extendedReason: EXTENDED_REASONS,
  errorInfo: ERROR_INFOS,
  rdpNegFailure: RDP_NEG_FAILURES,
  lsm40: LSM40_REASONS,
  rdpcorets103: RDPCORETS103_REASONS,
  win32: WIN32_CODES,
  ntstatus: NTSTATUS_CODES,
  sspi: SSPI_CODES,
  tlsAlert: TLS_ALERTS,
  schannelState: SCHANNEL_STATES,
  logonType: LOGON_TYPES,
  failureReason: FAILURE_REASONS,
  termddBinary: [],
});

export const TABLE_TITLES: Readonly<Record<CodeTableId, string>> = Object.freeze({
  discReason: 'client disconnect reason',
  extendedReason: 'extended disconnect reason',
  errorInfo: 'server error info (Set Error Info PDU)',
  rdpNegFailure: 'RDP negotiation failure',
  lsm40: 'LocalSessionManager 40 disconnect reason',
  rdpcorets103: 'RdpCoreTS 103 disconnect reason',
  win32: 'Win32 error / HRESULT',
  ntstatus: 'NTSTATUS',
  sspi: 'SSPI / certificate error',
  tlsAlert: 'TLS alert',
  schannelState: 'Schannel internal error state',
  logonType: 'logon type',
  failureReason: 'logon failure reason',
  termddBinary: 'TermDD binary data',
});

/** Order `findCode` reports matches in: the codes users paste most come first. */
export const TABLE_ORDER: readonly CodeTableId[] = [
  'discReason', 'extendedReason', 'errorInfo', 'ntstatus', 'sspi', 'win32', 'tlsAlert',
  'schannelState', 'lsm40', 'rdpcorets103', 'rdpNegFailure', 'logonType', 'failureReason',
];

const index = new Map<CodeTableId, Map<number, CodeEntry>>();
for (const [table, list] of Object.entries(CODE_TABLES) as [CodeTableId, readonly CodeEntry[]][]) {
  const m = new Map<number, CodeEntry>();
  for (const e of list) if (!m.has(e.code)) m.set(e.code, e);
  index.set(table, m);
}

const STATUS_TABLES: CodeTableId[] = ['ntstatus', 'sspi', 'win32'];

function exact(table: CodeTableId, code: number): CodeEntry | undefined {
  return index.get(table)?.get(code);
}

function derived(table: CodeTableId, code: number): CodeEntry | undefined {
  if (table === 'extendedReason' && code >= EXTENDED_PROTOCOL_RANGE.start && code <= EXTENDED_PROTOCOL_RANGE.end) {
    const info = exact('errorInfo', code);
    return {
      table, code, hex: hexOf(code),
      name: info ? info.name : 'exDiscReasonProtocolRange',
      description: info
        ? `Internal protocol error reported by the server: ${info.description}`
        : 'Internal protocol error reported by the server (range 0x1000–0x7FFF); the server event log holds the detail.',
      source: info ? `${EXTENDED_PROTOCOL_RANGE.source}; ${info.source}` : EXTENDED_PROTOCOL_RANGE.source,
      confidence: EXTENDED_PROTOCOL_RANGE.confidence,
    };
  }
  if (!STATUS_TABLES.includes(table) || code < 0x80000000 || code > 0xffffffff) return undefined;
  if ((code & 0xffff0000) >>> 0 === 0x80070000) {
    const w = exact('win32', code & 0xffff);
    if (w) {
      return { ...w, table: 'win32', code, hex: hexOf(code), name: `HRESULT_FROM_WIN32(${w.name})` };
    }
  }
  if (code >>> 28 === 0xd) {
    const asC = ((code & 0x0fffffff) | 0xc0000000) >>> 0;
    const n = exact('ntstatus', asC);
    if (n) {
      return { ...n, table: 'ntstatus', code, hex: hexOf(code), name: `${n.name} ("D" form of ${n.hex})`, source: `${n.source}; MS AskPerf TermDD 56`, confidence: 'INF' };
    }
  }
  // Status spaces do not overlap above 0x80000000: a SEC_E code in a Win32 field is still a SEC_E code.
  for (const t of STATUS_TABLES) {
    if (t === table) continue;
    const e = exact(t, code);
    if (e) return e;
  }
  return undefined;
}

/** The entry for a value in one table, or undefined when the table does not know it. */
export function decodeCode(table: CodeTableId, value: string | number): CodeEntry | undefined {
  const code = parseCode(value);
  if (code === undefined) return undefined;
  return exact(table, code) ?? derived(table, code);
}

/** Every table entry matching a value, in TABLE_ORDER (for `explain` when no table is given). */
export function findCode(value: string | number): CodeEntry[] {
  const code = parseCode(value);
  if (code === undefined) return [];
  const out: CodeEntry[] = [];
  for (const t of TABLE_ORDER) {
    const e = exact(t, code) ?? derived(t, code);
    if (e && !out.some((o) => o.table === e.table && o.code === e.code)) out.push(e);
  }
  return out;
}

/** A status code from any status table (NTSTATUS, SEC_E, Win32/HRESULT), for binary decoders. */
export function lookupStatus(code: number): CodeEntry | undefined {
  for (const t of STATUS_TABLES) {
    const e = exact(t, code) ?? derived(t, code);
    if (e) return e;
  }
  return undefined;
}

/** Tables whose codes are plain numbers (TLS alert 40, logon type 3), never shown in hex. */
export const DECIMAL_TABLES: ReadonlySet<CodeTableId> = new Set<CodeTableId>(['tlsAlert', 'schannelState', 'logonType', 'lsm40', 'rdpcorets103', 'failureReason', 'rdpNegFailure']);

/** How people see a code: 0x904 (2308) for dialog codes, 0xC000006D for status codes, 40 for plain numbers. */
export function displayCode(e: CodeEntry): string {
  if (DECIMAL_TABLES.has(e.table)) return String(e.code);
  if (e.code < 10 || e.code >= 0x80000000) return e.hex;
  return `${e.hex} (${e.code})`;
}
