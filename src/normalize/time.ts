/**
 * Event timestamps arrive in several spellings: Windows/evtxexport ISO with 7 or 9 fractional digits
 * and `Z`, python-evtx `2021-02-12 12:32:43.340378` (UTC, no zone), EvtxECmd style, explicit offsets.
 * All become `YYYY-MM-DDTHH:MM:SS.fffffffZ` (UTC, exactly 7 digits = 100 ns ticks), so plain string
 * comparison orders events by time.
 */
const TIME_RE = /^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/i;

/** `d` digits of `text` from `at` as a number, or -1 if one of them is not a digit. */
function digitsAt(text: string, at: number, d: number): number {
  let v = 0;
  for (let k = at; k < at + d; k++) {
    const c = text.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Already in the stored form (what Windows itself writes): `YYYY-MM-DDTHH:MM:SS.fffffffZ` with
 * valid ranges. Checked by hand: nearly every event takes this path, and it allocates nothing.
 */
function isCanonical(t: string): boolean {
  if (t.length !== 28 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 84) return false;
  if (t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58 || t.charCodeAt(19) !== 46 || t.charCodeAt(27) !== 90) return false;
  if (digitsAt(t, 0, 4) < 0 || digitsAt(t, 20, 7) < 0) return false;
  return validClock(digitsAt(t, 5, 2), digitsAt(t, 8, 2), digitsAt(t, 11, 2), digitsAt(t, 14, 2), digitsAt(t, 17, 2));
}

/** Month, day and time of day within their ranges (a leap second allowed; -1 = not digits). */
function validClock(month: number, day: number, hour: number, minute: number, second: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 60;
}

export function normalizeTime(text: string | undefined): string | null {
  if (!text) return null;
  if (isCanonical(text)) return text;
  const m = TIME_RE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const ticks = (frac + '0000000').slice(0, 7);
  const month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  if (!validClock(month, day, hour, minute, second)) return null;
  if (!zone || zone.toUpperCase() === 'Z' || /^[+-]00:?00$/.test(zone)) {
    return `${y}-${mo}-${d}T${h}:${mi}:${s}.${ticks}Z`;
  }
  // Non-UTC offset: shift the whole-second part, keep the sub-second ticks as they are.
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  const ms = Date.UTC(Number(y), month - 1, day, hour, minute, second) - offsetMin * 60_000;
  if (!Number.isFinite(ms)) return null;
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  return `${iso.slice(0, 19)}.${ticks}Z`;
}

/** Milliseconds since the epoch of a normalized time (sub-millisecond ticks dropped). */
export function timeMs(normalized: string): number {
  return Date.parse(normalized.slice(0, 23) + 'Z');
}

/** Adds milliseconds to a normalized time, keeping 7-digit form. */
export function addMs(normalized: string, ms: number): string {
  const t = timeMs(normalized) + ms;
  return new Date(t).toISOString().slice(0, 23) + normalized.slice(23, 27) + 'Z';
}

/** Parses user input for --since/--until: ISO date/time, or a relative span like 24h, 7d, 90m. */
export function parseTimeArg(text: string, now: Date = new Date()): string | null {
  const rel = /^(\d+)\s*([smhdw])$/i.exec(text.trim());
  if (rel) {
    const unit = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 }[rel[2].toLowerCase() as 's'];
    return new Date(now.getTime() - Number(rel[1]) * unit).toISOString().slice(0, 23) + '0000Z';
  }
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? `${text.trim()}T00:00:00Z` : text;
  return normalizeTime(dateOnly);
}
