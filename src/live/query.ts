/**
 * `--since` values and the XPath queries handed to wevtutil (`/q:`). Windows' event-log XPath is a
 * subset of XPath 1.0 that compares `@SystemTime` as a date when given an ISO-8601 UTC string, and
 * `EventRecordID` as a number; that is all the queries here use.
 */
import type { LogChannel } from './channels.js';

export type Since =
  /** relative to the moment of the run: `24h`, `7d`, `90m` */
  | { kind: 'relative'; ms: number; text: string }
  /** an absolute moment; `local` = written without a zone (meaning: that machine's local time) */
  | { kind: 'absolute'; iso: string; local: boolean; text: string };

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses `24h` / `30m` / `7d` / `2w` / `2026-11-20` / `2026-11-20T08:00` / `2026-11-20T08:00:00Z` / `…+01:00`. */
export function parseSince(text: string): Since {
  const t = text.trim();
  const rel = /^(\d+)\s*([smhdw])$/i.exec(t);
  if (rel) {
    const ms = Number(rel[1]) * UNIT_MS[rel[2]!.toLowerCase()]!;
    if (ms <= 0) throw new Error(`--since ${text}: the duration must be more than zero`);
    return { kind: 'relative', ms, text: t };
  }
  const abs = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(t);
  if (abs) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = abs;
    const fixed = `${y}-${mo}-${d}T${h}:${mi}:${s}.${frac.padEnd(3, '0').slice(0, 3)}`;
    const probe = new Date(`${fixed}Z`);
    if (Number.isNaN(probe.getTime()) || probe.toISOString().slice(0, 19) !== fixed.slice(0, 19)) {
      throw new Error(`--since ${text}: not a valid date/time`);
    }
    if (zone) {
      const z = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
      return { kind: 'absolute', iso: new Date(`${fixed}${z}`).toISOString(), local: false, text: t };
    }
    return { kind: 'absolute', iso: fixed, local: true, text: t };
  }
  throw new Error(`--since ${text}: expected a duration such as 24h, 30m, 7d, or a date/time such as 2026-11-20T08:00`);
}

/** The UTC moment a `Since` means on this machine at `now` (local times use this process's time zone). */
export function sinceToUtc(since: Since, now: Date): Date {
  if (since.kind === 'relative') return new Date(now.getTime() - since.ms);
  if (!since.local) return new Date(since.iso);
  const [date, time] = since.iso.split('T') as [string, string];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [hms, ms = '0'] = time.split('.') as [string, string?];
  const [h, mi, s] = hms.split(':').map(Number) as [number, number, number];
  return new Date(y, mo - 1, d, h, mi, s, Number(ms));
}

/** `2026-11-20T08:00:00.000Z`: the form Windows' XPath compares `@SystemTime` against. */
export function xpathTime(d: Date): string {
  return d.toISOString();
}

export interface QueryBounds {
  /** only events created at or after this moment */
  since?: Date;
  /** only events after this record (follow mode's bookmark) */
  afterRecordId?: number;
}

/**
 * The `/q:` XPath for one channel: its provider / event-ID selection plus the time or bookmark bound,
 * all inside one `System[…]` test. With nothing to select it is `*` (every event).
 */
export function channelQuery(ch: Pick<LogChannel, 'providers' | 'eventIds'>, bounds: QueryBounds = {}): string {
  const tests: string[] = [];
  if (ch.providers?.length) tests.push(`Provider[${ch.providers.map((p) => `@Name=${xpathString(p)}`).join(' or ')}]`);
  if (ch.eventIds?.length) tests.push(ch.eventIds.length === 1 ? `EventID=${ch.eventIds[0]}` : `(${ch.eventIds.map((id) => `EventID=${id}`).join(' or ')})`);
  if (bounds.afterRecordId !== undefined) tests.push(`EventRecordID>${Math.trunc(bounds.afterRecordId)}`);
  if (bounds.since) tests.push(`TimeCreated[@SystemTime>='${xpathTime(bounds.since)}']`);
  return tests.length ? `*[System[${tests.join(' and ')}]]` : '*';
}

/** An XPath string literal (XPath 1.0 has no escapes: pick the other quote, or concat()). */
export function xpathString(s: string): string {
  if (!s.includes("'")) return `'${s}'`;
  if (!s.includes('"')) return `"${s}"`;
  return `concat(${s.split("'").map((part) => `'${part}'`).join(`, "'", `)})`;
}
