/**
 * The `/` filter language: whitespace-separated terms, all of which must match.
 *   host:RDSH01  client:10.0.0.5  user:alice  pattern:cert-expired  id:36870  outcome:failed
 * Any other word is free text, matched (case-insensitively, as a substring) against every visible
 * column. Values of keyed terms are substrings too, so `client:10.0.` matches a subnet.
 */
export interface ParsedFilter {
  host: string[];
  client: string[];
  user: string[];
  pattern: string[];
  outcome: string[];
  eventIds: number[];
  text: string[];
  /** true when nothing was typed */
  empty: boolean;
}

const KEYS = new Set(['host', 'client', 'user', 'pattern', 'outcome', 'id', 'event']);

export function parseFilter(input: string): ParsedFilter {
  const f: ParsedFilter = { host: [], client: [], user: [], pattern: [], outcome: [], eventIds: [], text: [], empty: true };
  for (const raw of input.trim().split(/\s+/)) {
    if (!raw) continue;
    f.empty = false;
    const colon = raw.indexOf(':');
    const key = colon > 0 ? raw.slice(0, colon).toLowerCase() : '';
    const value = colon > 0 ? raw.slice(colon + 1).toLowerCase() : '';
    if (KEYS.has(key) && value) {
      if (key === 'id' || key === 'event') {
        const n = Number(value);
        if (Number.isInteger(n)) f.eventIds.push(n);
        else f.text.push(raw.toLowerCase());
      } else {
        (f[key as 'host' | 'client' | 'user' | 'pattern' | 'outcome'] as string[]).push(value);
      }
    } else {
      f.text.push(raw.toLowerCase());
    }
  }
  return f;
}

/** Every needle must occur in at least one of the haystacks (already lower-cased by the caller or not). */
export function allMatch(needles: string[], haystacks: (string | null | undefined)[]): boolean {
  if (!needles.length) return true;
  const hay = haystacks.filter((h): h is string => !!h).map((h) => h.toLowerCase());
  return needles.every((n) => hay.some((h) => h.includes(n)));
}
