/**
 * Client addresses as Windows logs them, reduced to one comparable form.
 *
 * The same peer shows up as `10.0.2.17:57064` (RdpCoreTS 131 TCP), `[10.0.2.17]:3389` or `[10.0.2.17]`
 * (131 UDP), `10.0.2.17` (LSM, RCM 1149), `::ffff:10.0.2.17` (IPv4-mapped), `fe80::1%10` (RCM 1149 over a
 * link-local tunnel), `LOCAL` (console), `-` / empty / `0.0.0.0` (unknown). Matching across events needs the
 * bare address; the port and the IPv6 zone are kept apart because they differ between events of one peer.
 */
import { isIP } from 'node:net';

export type AddressKind =
  | 'ipv4'
  | 'ipv6'
  | 'loopback'     // 127.0.0.0/8, ::1 — local port-forward / tunnel: every tunnelled peer looks the same
  | 'local'        // LSM `LOCAL`: console session, not a network peer
  | 'unspecified'  // 0.0.0.0, :: — the OS did not know the peer (non-TCP listener, some 4624/4625)
  | 'none'         // empty or `-`
  | 'other';       // anything else (host names, odd values such as `16777216`)

export interface NormalizedAddress {
  /** canonical address without port or zone (IPv4 dotted, IPv6 lower-case compressed); null when not an IP */
  ip: string | null;
  /** null when absent or 0 (4625 logs `IpPort` 0 when it does not know) */
  port: number | null;
  /** IPv6 zone id (`10` of `fe80::1%10`), null otherwise */
  zone: string | null;
  kind: AddressKind;
  /** what to show: ip (with zone), `LOCAL`, or the trimmed input for `other` */
  display: string | null;
  /** what to compare: the ip for real peers (including loopback), null when the address identifies nothing */
  key: string | null;
}

const NONE: NormalizedAddress = { ip: null, port: null, zone: null, kind: 'none', display: null, key: null };

function parsePort(p: string | undefined | null): number | null {
  if (p === undefined || p === null) return null;
  const t = p.trim();
  if (!/^\d{1,5}$/.test(t)) return null;
  const n = Number(t);
  return n > 0 && n <= 65535 ? n : null;
}

/** RFC 5952 text form: lower case, leading zeros dropped, longest run (≥2) of zero groups as `::`. */
function canonicalIpv6(addr: string): string | null {
  let a = addr.toLowerCase();
  // an embedded IPv4 tail becomes two hex groups
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (v4) {
    const b = v4.slice(1).map(Number);
    if (b.some((x) => x > 255)) return null;
    a = a.slice(0, v4.index) + ((b[0]! << 8) | b[1]!).toString(16) + ':' + ((b[2]! << 8) | b[3]!).toString(16);
  }
  const halves = a.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  const nums = groups.map((g) => parseInt(g, 16));
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (nums[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && nums[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = nums.map((n) => n.toString(16));
  if (bestStart < 0) return hex.join(':');
  return hex.slice(0, bestStart).join(':') + '::' + hex.slice(bestStart + bestLen).join(':');
}

function fromIpv4(ip: string, port: number | null): NormalizedAddress {
  const canon = ip.split('.').map((o) => String(Number(o))).join('.');
  const kind: AddressKind = canon === '0.0.0.0' ? 'unspecified' : canon.startsWith('127.') ? 'loopback' : 'ipv4';
  return { ip: canon, port, zone: null, kind, display: canon, key: kind === 'unspecified' ? null : canon };
}

function fromIpv6(raw: string, port: number | null): NormalizedAddress | null {
  const pct = raw.indexOf('%');
  const zone = pct >= 0 ? raw.slice(pct + 1) || null : null;
  const body = pct >= 0 ? raw.slice(0, pct) : raw;
  if (isIP(body) !== 6) return null;
  const canon = canonicalIpv6(body);
  if (canon === null) return null;
  // IPv4-mapped (::ffff:a.b.c.d) is the IPv4 peer seen through a dual-stack socket
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canon);
  if (mapped) {
    const hi = parseInt(mapped[1]!, 16), lo = parseInt(mapped[2]!, 16);
    return fromIpv4(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, port);
  }
  const kind: AddressKind = canon === '::' ? 'unspecified' : canon === '::1' ? 'loopback' : 'ipv6';
  const display = zone ? `${canon}%${zone}` : canon;
  return { ip: canon, port, zone, kind, display, key: kind === 'unspecified' ? null : canon };
}

/**
 * Normalises one address as logged. `portField` is a separate port value (Security `IpPort`), used when
 * the address itself carries none.
 */
export function normalizeAddress(raw: string | null | undefined, portField?: string | null): NormalizedAddress {
  if (raw === null || raw === undefined) return NONE;
  const t = raw.trim();
  if (t === '' || t === '-') return NONE;
  if (/^local$/i.test(t)) return { ip: null, port: null, zone: null, kind: 'local', display: 'LOCAL', key: null };
  const extPort = parsePort(portField);

  // [ip]:port or [ip]
  const br = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (br) {
    const port = parsePort(br[2]) ?? extPort;
    const inner = br[1]!;
    if (isIP(inner) === 4) return fromIpv4(inner, port);
    const v6 = fromIpv6(inner, port);
    if (v6) return v6;
    return other(t);
  }
  if (isIP(t) === 4) return fromIpv4(t, extPort);
  // a.b.c.d:port
  const v4p = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d+)$/.exec(t);
  if (v4p && isIP(v4p[1]!) === 4) return fromIpv4(v4p[1]!, parsePort(v4p[2]) ?? extPort);
  if (t.includes(':')) {
    const v6 = fromIpv6(t, extPort);
    if (v6) return v6;
  }
  return other(t);
}

function other(t: string): NormalizedAddress {
  return { ip: null, port: null, zone: null, kind: 'other', display: t, key: null };
}

/** True when the address names a network peer that can be matched against another event's address. */
export function isMatchable(a: NormalizedAddress): boolean {
  return a.key !== null;
}
