/**
 * BinXML substitution values → the text Windows puts into its XML rendering of the event.
 *
 * Rendering choices (Windows' EvtRender conventions; python-evtx differs cosmetically, see the
 * differential test):
 * - integers in decimal, signed types signed; HexInt32/HexInt64/size_t as lower-case `0x…` without
 *   padding; booleans `true`/`false` (any non-zero value is true);
 * - GUIDs upper case in braces; SIDs `S-1-…` (48-bit authority, hex above 2^32 like Windows);
 * - FILETIME and SYSTEMTIME as ISO 8601 UTC with 7 fractional digits and `Z`;
 * - binary as upper-case hex; ANSI strings as Windows-1252; trailing NULs removed from strings.
 * Values are read by their declared size, never by their type alone, so one odd value cannot shift
 * the ones after it.
 */

export const VT = {
  Null: 0x00,
  WString: 0x01,
  AnsiString: 0x02,
  Int8: 0x03,
  UInt8: 0x04,
  Int16: 0x05,
  UInt16: 0x06,
  Int32: 0x07,
  UInt32: 0x08,
  Int64: 0x09,
  UInt64: 0x0a,
  Real32: 0x0b,
  Real64: 0x0c,
  Bool: 0x0d,
  Binary: 0x0e,
  Guid: 0x0f,
  SizeT: 0x10,
  FileTime: 0x11,
  SystemTime: 0x12,
  Sid: 0x13,
  HexInt32: 0x14,
  HexInt64: 0x15,
  EvtHandle: 0x20,
  BinXml: 0x21,
  EvtXml: 0x23,
  ArrayFlag: 0x80,
} as const;

/** Byte size of fixed-size types (0 = variable). */
export function fixedSize(type: number): number {
  switch (type) {
    case VT.Int8: case VT.UInt8: return 1;
    case VT.Int16: case VT.UInt16: return 2;
    case VT.Int32: case VT.UInt32: case VT.Real32: case VT.Bool: case VT.HexInt32: return 4;
    case VT.Int64: case VT.UInt64: case VT.Real64: case VT.FileTime: case VT.HexInt64: case VT.SizeT: return 8;
    case VT.Guid: case VT.SystemTime: return 16;
    default: return 0;
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase());

export function hexUpper(buf: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX[buf[i]!];
  return s;
}

/** Windows-1252 code points for bytes 0x80–0x9F (undefined positions map to the byte itself). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function cp1252(buf: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    s += String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b);
  }
  return s;
}

function stripTrailingNuls(s: string): string {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 0) e--;
  return e === s.length ? s : s.slice(0, e);
}

export function utf16(buf: Buffer, start: number, end: number): string {
  // an odd trailing byte cannot be part of a UTF-16 code unit
  if ((end - start) & 1) end--;
  return buf.toString('utf16le', start, end);
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** FILETIME (100 ns ticks since 1601-01-01 UTC) → `YYYY-MM-DDTHH:MM:SS.fffffffZ`, exact. */
export function filetimeIso(buf: Buffer, at: number): string {
  const ticks = buf.readBigUInt64LE(at);
  const secs = ticks / 10_000_000n;
  const frac = Number(ticks % 10_000_000n);
  const unixMs = (Number(secs) - 11_644_473_600) * 1000;
  const d = new Date(unixMs);
  const iso = d.toISOString();
  // toISOString gives "…SS.000Z" (or a 6-digit signed year outside 0000–9999); keep all but the ms part
  return `${iso.slice(0, iso.length - 5)}.${String(frac).padStart(7, '0')}Z`;
}

/** SYSTEMTIME (8 little-endian u16: year, month, weekday, day, hour, minute, second, ms), UTC. */
export function systemtimeIso(buf: Buffer, at: number): string {
  const y = buf.readUInt16LE(at);
  const mo = buf.readUInt16LE(at + 2);
  const d = buf.readUInt16LE(at + 6);
  const h = buf.readUInt16LE(at + 8);
  const mi = buf.readUInt16LE(at + 10);
  const s = buf.readUInt16LE(at + 12);
  const ms = buf.readUInt16LE(at + 14);
  return `${String(y).padStart(4, '0')}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}.${String(ms).padStart(3, '0')}0000Z`;
}

export function guidString(buf: Buffer, at: number): string {
  const h = (i: number) => HEX[buf[at + i]!];
  return `{${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}}`;
}

/** SID → `S-R-A-S1-…`; returns the string and its byte length, or null when it does not fit. */
export function sidString(buf: Buffer, at: number, end: number): { text: string; size: number } | null {
  if (at + 8 > end) return null;
  const rev = buf[at]!;
  const count = buf[at + 1]!;
  const size = 8 + 4 * count;
  if (at + size > end) return null;
  const authHi = buf.readUInt16BE(at + 2);
  const authLo = buf.readUInt32BE(at + 4);
  const auth = authHi === 0 ? String(authLo) : '0x' + hexUpper(buf, at + 2, at + 8);
  let s = `S-${rev}-${auth}`;
  for (let i = 0; i < count; i++) s += '-' + buf.readUInt32LE(at + 8 + 4 * i);
  return { text: s, size };
}

function hex64(buf: Buffer, at: number): string {
  const lo = buf.readUInt32LE(at);
  const hi = buf.readUInt32LE(at + 4);
  return hi === 0 ? '0x' + lo.toString(16) : '0x' + hi.toString(16) + lo.toString(16).padStart(8, '0');
}

function real32(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

/** Renders one scalar value of `type` occupying exactly [at, at+size). */
export function renderScalar(buf: Buffer, type: number, at: number, size: number): string {
  const end = at + size;
  switch (type) {
    case VT.Null: return '';
    case VT.WString: case VT.EvtXml: return stripTrailingNuls(utf16(buf, at, end));
    case VT.AnsiString: return stripTrailingNuls(cp1252(buf, at, end));
    case VT.Int8: return size >= 1 ? String(buf.readInt8(at)) : '';
    case VT.UInt8: return size >= 1 ? String(buf[at]) : '';
    case VT.Int16: return size >= 2 ? String(buf.readInt16LE(at)) : '';
    case VT.UInt16: return size >= 2 ? String(buf.readUInt16LE(at)) : '';
    case VT.Int32: return size >= 4 ? String(buf.readInt32LE(at)) : '';
    case VT.UInt32: return size >= 4 ? String(buf.readUInt32LE(at)) : '';
    case VT.Int64: return size >= 8 ? buf.readBigInt64LE(at).toString() : '';
    case VT.UInt64: {
      if (size < 8) return '';
      const hi = buf.readUInt32LE(at + 4);
      return hi === 0 ? String(buf.readUInt32LE(at)) : buf.readBigUInt64LE(at).toString();
    }
    case VT.Real32: return size >= 4 ? real32(buf.readFloatLE(at)) : '';
    case VT.Real64: return size >= 8 ? String(buf.readDoubleLE(at)) : '';
    case VT.Bool: {
      for (let i = at; i < end; i++) if (buf[i] !== 0) return 'true';
      return 'false';
    }
    case VT.Binary: return hexUpper(buf, at, end);
    case VT.Guid: return size >= 16 ? guidString(buf, at) : hexUpper(buf, at, end);
    case VT.SizeT: case VT.HexInt64:
      if (size >= 8) return hex64(buf, at);
      return size >= 4 ? '0x' + buf.readUInt32LE(at).toString(16) : '';
    case VT.HexInt32: return size >= 4 ? '0x' + buf.readUInt32LE(at).toString(16) : '';
    case VT.FileTime: return size >= 8 ? filetimeIso(buf, at) : '';
    case VT.SystemTime: return size >= 16 ? systemtimeIso(buf, at) : '';
    case VT.Sid: return sidString(buf, at, end)?.text ?? hexUpper(buf, at, end);
    case VT.EvtHandle:
      if (size >= 8) return buf.readBigUInt64LE(at).toString();
      return size >= 4 ? String(buf.readUInt32LE(at)) : '';
    default: return hexUpper(buf, at, end);
  }
}

/** Splits an array value (type with 0x80 set) into its rendered items. */
export function renderArray(buf: Buffer, type: number, at: number, size: number): string[] {
  const base = type & 0x7f;
  const end = at + size;
  if (base === VT.WString) {
    const parts = utf16(buf, at, end).split('\0');
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    return parts;
  }
  if (base === VT.AnsiString) {
    const parts = cp1252(buf, at, end).split('\0');
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    return parts;
  }
  if (base === VT.Sid) {
    const out: string[] = [];
    let p = at;
    while (p < end) {
      const sid = sidString(buf, p, end);
      if (!sid) break;
      out.push(sid.text);
      p += sid.size;
    }
    return out;
  }
  let el = fixedSize(base);
  if (base === VT.SizeT && size % 8 !== 0) el = 4;
  if (el === 0) return [renderScalar(buf, base, at, size)];
  const out: string[] = [];
  for (let p = at; p + el <= end; p += el) out.push(renderScalar(buf, base, p, el));
  return out;
}
