/**
 * Primitive tests of the rule language: does one event satisfy one matcher, does one field satisfy
 * one test. Pure functions; regular expressions are compiled once per rule set (see compile()).
 */
import type { NormalizedEvent } from '../model/event.js';
import type { EventMatcher, FieldTest, CodeLookup } from './types.js';

/** A matcher with its sets prepared for fast repeated tests. */
export interface CompiledMatcher {
  source: EventMatcher;
  providers: Set<string>;
  eventIds: Set<number>;
  channels: Set<string> | null;
  tests: CompiledTest[];
}

interface CompiledTest {
  source: FieldTest;
  regex: RegExp | null;
  equals: Set<string> | null;
  contains: string[] | null;
  oneOf: Set<number> | null;
  noneOf: Set<number> | null;
}

const cache = new WeakMap<EventMatcher, CompiledMatcher>();

export function compileMatcher(m: EventMatcher): CompiledMatcher {
  const hit = cache.get(m);
  if (hit) return hit;
  const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
  const compiled: CompiledMatcher = {
    source: m,
    providers: new Set(list(m.provider).map((p) => p.toLowerCase())),
    eventIds: new Set(list(m.eventId)),
    channels: m.channel === undefined ? null : new Set(list(m.channel).map((c) => c.toLowerCase())),
    tests: (m.where ?? []).map((t) => ({
      source: t,
      regex: t.matches === undefined ? null : new RegExp(t.matches, 'i'),
      equals: t.equals ? new Set(t.equals.map((s) => s.trim().toLowerCase())) : null,
      contains: t.contains ? t.contains.map((s) => s.toLowerCase()) : null,
      oneOf: t.oneOf ? new Set(t.oneOf) : null,
      noneOf: t.noneOf ? new Set(t.noneOf) : null,
    })),
  };
  cache.set(m, compiled);
  return compiled;
}

/** Parses "0x80070040", "0XC000006D", "2308", "[1]" (RdpCoreTS wraps some numbers in brackets). */
export function parseNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const v = value.trim().replace(/^\[(.*)\]$/, '$1');
  if (/^0x[0-9a-f]+$/i.test(v)) return Number.parseInt(v.slice(2), 16);
  if (/^-?\d+$/.test(v)) {
    const n = Number.parseInt(v, 10);
    // Windows writes some 32-bit codes signed (-1073741715 = 0xC000006D): fold into unsigned.
    return n < 0 && n >= -0x80000000 ? n + 0x1_0000_0000 : n;
  }
  return null;
}

function isEmpty(v: string | undefined): boolean {
  if (v === undefined) return true;
  const t = v.trim();
  return t === '' || t === '-';
}

function testValue(t: CompiledTest, value: string | undefined, lookup: CodeLookup | undefined): boolean {
  const s = t.source;
  if (s.absent) return isEmpty(value);
  if (value === undefined) return s.noneOf !== undefined && s.oneOf === undefined && !t.regex && !t.equals && !t.contains && !s.codeTable;
  const trimmed = value.trim();
  const lower = trimmed.toLowerCase();
  if (t.equals && !t.equals.has(lower)) return false;
  if (t.contains && !t.contains.some((c) => lower.includes(c))) return false;
  if (t.regex && !t.regex.test(trimmed)) return false;
  if (t.oneOf || t.noneOf) {
    const n = parseNumber(trimmed);
    if (t.oneOf && (n === null || !t.oneOf.has(n))) return false;
    if (t.noneOf && n !== null && t.noneOf.has(n)) return false;
  }
  if (s.codeTable) {
    const entry = lookup?.(s.codeTable, trimmed);
    if (!entry) return false;
    if (s.codePattern && !(entry.patterns ?? []).includes(s.codePattern)) return false;
  }
  return true;
}

function testField(t: CompiledTest, ev: NormalizedEvent, lookup: CodeLookup | undefined): boolean {
  if (t.source.field !== undefined) return testValue(t, ev.fields[t.source.field], lookup);
  // no field named: any field of the payload may satisfy the test (positional classic events)
  const values = Object.values(ev.fields);
  if (t.source.absent) return values.every((v) => isEmpty(v));
  return values.some((v) => testValue(t, v, lookup));
}

export function matchesEvent(m: CompiledMatcher, ev: NormalizedEvent, lookup?: CodeLookup): boolean {
  if (!m.eventIds.has(ev.eventId)) return false;
  if (!m.providers.has(ev.provider.toLowerCase())) return false;
  if (m.channels && !m.channels.has(ev.channel.toLowerCase())) return false;
  for (const t of m.tests) if (!testField(t, ev, lookup)) return false;
  return true;
}

/** Milliseconds since the epoch of a normalised `…T…Z` time (7 fractional digits are cut to 3). */
export function timeMs(time: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?/.exec(time);
  if (!m) return Number.NaN;
  const frac = (m[3] ?? '').padEnd(3, '0').slice(0, 3);
  return Date.parse(`${m[1]}T${m[2]}.${frac}Z`);
}

/**
 * Client address as the rules compare it: no port, no brackets, no IPv6 zone, lower case.
 * "10.0.2.17:57064" → "10.0.2.17"; "[10.0.2.17]:3389" → "10.0.2.17"; "-" / "" → null.
 */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  let v = raw.trim().toLowerCase();
  if (v === '' || v === '-' || v === 'local') return null;
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracket) v = bracket[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(':'));
  const zone = v.indexOf('%');
  if (zone >= 0) v = v.slice(0, zone);
  if (v.startsWith('::ffff:') && /^::ffff:\d{1,3}(\.\d{1,3}){3}$/.test(v)) v = v.slice(7);
  return v;
}

/** public / private / loopback / link-local, for a normalised address; null when it is not an IP. */
export function addressClass(addr: string | null): 'public' | 'private' | 'loopback' | 'link-local' | null {
  if (!addr) return null;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if (a === 127) return 'loopback';
    if (a === 169 && b === 254) return 'link-local';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'private';
    if (a === 0) return 'private';
    return 'public';
  }
  if (!addr.includes(':')) return null;
  const a = addr.toLowerCase();
  if (a === '::1') return 'loopback';
  if (/^fe[89ab]/.test(a)) return 'link-local';
  if (/^f[cd]/.test(a)) return 'private';
  return 'public';
}
