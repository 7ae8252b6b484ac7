/**
 * TermDD 50/56 `<Binary>`: an IO_ERROR_LOG_PACKET (reference §4.8). The interesting parts are the
 * ErrorCode (which event), the FinalStatus, and the DumpData: its last status-looking DWORD is the
 * underlying error ("D" top nibble stands for "C": 0xD0000184 → 0xC0000184), and for TermDD 50 it
 * can hold the first bytes the client sent — a TLS ClientHello where an X.224 request was expected.
 */
import type { CodeEntry } from '../types.js';

export interface TermddBinary {
  majorFunction: number;
  retryCount: number;
  dumpDataSize: number;
  numberOfStrings: number;
  stringOffset: number;
  eventCategory: number;
  /** NTSTATUS that names the event (0xC00A0038 for 56) */
  errorCode: number;
  uniqueErrorValue: number;
  finalStatus: number;
  sequenceNumber: number;
  ioControlCode: number;
  /** DumpData as upper-case hex (as much as the record holds) */
  dumpData: string;
  /** the underlying status read from DumpData, "D" nibble already turned into "C" */
  dumpStatus: number | null;
  /** the raw DWORD before the D→C rewrite */
  dumpStatusRaw: number | null;
  /** DumpData starts a TLS handshake record (client skipped X.224 and spoke TLS directly) */
  tlsHandshakeInDump: boolean;
  /** X.224 TPDU type of an RDP packet (TPKT) found in DumpData: 'CR' connection request, 'DT' data; null when none */
  tpktInDump: 'CR' | 'DT' | 'other' | null;
}

const HEADER = 40;

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** Parses the hex of a TermDD Binary field; undefined when it is too short or not hex. */
export function decodeTermddBinary(hex: string): TermddBinary | undefined {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(clean) || clean.length < HEADER * 2) return undefined;
  const b = new Uint8Array(clean.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  const dumpDataSize = u16(b, 2);
  // DumpDataSize is sometimes larger than what the record kept (the 56 sample says 6, holds 4)
  const dump = b.subarray(HEADER, dumpDataSize > 0 ? Math.min(b.length, HEADER + dumpDataSize) : b.length);
  let dumpStatusRaw: number | null = null;
  for (let o = 0; o + 4 <= dump.length; o += 4) {
    const v = u32(dump, o);
    const nibble = v >>> 28;
    if (nibble === 0x8 || nibble === 0xc || nibble === 0xd) dumpStatusRaw = v;
  }
  const dumpStatus = dumpStatusRaw === null ? null : (dumpStatusRaw >>> 28 === 0xd ? ((dumpStatusRaw & 0x0fffffff) | 0xc0000000) >>> 0 : dumpStatusRaw);
  let tls = false;
  for (let o = 0; o + 6 <= dump.length; o++) {
    if (dump[o] === 0x16 && dump[o + 1] === 0x03 && dump[o + 2]! <= 0x04 && dump[o + 5] === 0x01) {
      tls = true;
      break;
    }
  }
  // An RDP packet in the dump: TPKT version 3, reserved 0, a plausible big-endian length, then the
  // X.224 length indicator and TPDU code (0xE0 connection request, 0xF0 data).
  let tpkt: TermddBinary['tpktInDump'] = null;
  for (let o = 0; o + 6 <= dump.length; o++) {
    if (dump[o] !== 0x03 || dump[o + 1] !== 0x00) continue;
    const len = (dump[o + 2]! << 8) | dump[o + 3]!;
    if (len < 7 || dump[o + 4]! < 2) continue;
    const code = dump[o + 5]! & 0xf0;
    tpkt = code === 0xe0 ? 'CR' : code === 0xf0 ? 'DT' : 'other';
    break;
  }
  return {
    majorFunction: b[0]!,
    retryCount: b[1]!,
    dumpDataSize,
    numberOfStrings: u16(b, 4),
    stringOffset: u16(b, 6),
    eventCategory: u16(b, 8),
    errorCode: u32(b, 12),
    uniqueErrorValue: u32(b, 16),
    finalStatus: u32(b, 20),
    sequenceNumber: u32(b, 24),
    ioControlCode: u32(b, 28),
    dumpData: Array.from(dump, (x) => x.toString(16).padStart(2, '0')).join('').toUpperCase(),
    dumpStatus,
    dumpStatusRaw,
    tlsHandshakeInDump: tls,
    tpktInDump: tpkt,
  };
}

/** One line for people: what the blob says, with the underlying status decoded when known. */
export function describeTermddBinary(d: TermddBinary, lookupStatus: (code: number) => CodeEntry | undefined): string {
  const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;
  const parts: string[] = [];
  const ev = lookupStatus(d.errorCode);
  parts.push(`error ${hex(d.errorCode)}${ev ? ` ${ev.name}` : ''}`);
  if (d.tlsHandshakeInDump) parts.push('the client sent a TLS ClientHello where an X.224 Connection Request was expected (TLS spoken directly: scanner or non-standard client)');
  if (d.tpktInDump === 'DT') parts.push('the dump holds the refused RDP packet (TPKT with X.224 data, i.e. an MCS/RDP PDU the server rejected)');
  else if (d.tpktInDump === 'CR') parts.push('the dump holds the refused X.224 Connection Request');
  if (d.dumpStatus !== null) {
    const st = lookupStatus(d.dumpStatus);
    const raw = d.dumpStatusRaw !== d.dumpStatus && d.dumpStatusRaw !== null ? ` (logged as ${hex(d.dumpStatusRaw)})` : '';
    parts.push(`underlying status ${hex(d.dumpStatus)}${raw}${st ? ` ${st.name}: ${st.description}` : ''}`);
  }
  return parts.join('; ');
}
