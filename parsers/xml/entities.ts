/**
 * Entity and character-reference decoding. Only the five predefined XML entities and numeric
 * character references exist here: declared entities are never expanded (DOCTYPE is refused).
 */

export class EntityError extends Error {}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes references in `s`; throws EntityError for a bare `&`, an unknown entity or an invalid code point. */
export function decodeEntities(s: string): string {
  let amp = s.indexOf('&');
  if (amp === -1) return s;
  let out = '';
  let from = 0;
  while (amp !== -1) {
    const semi = s.indexOf(';', amp + 1);
    if (semi === -1 || semi - amp > 12) throw new EntityError(`unescaped '&' ${context(s, amp)}`);
    const name = s.substring(amp + 1, semi);
    let ch: string | undefined;
    if (name.charCodeAt(0) === 35 /* # */) {
      const hex = name.charCodeAt(1) === 120 /* x */;
      const digits = hex ? name.substring(2) : name.substring(1);
      if (!(hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits)) throw new EntityError(`bad character reference '&${name};'`);
      const cp = parseInt(digits, hex ? 16 : 10);
      if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new EntityError(`character reference '&${name};' is not a valid character`);
      ch = String.fromCodePoint(cp);
    } else {
      ch = NAMED[name];
      if (ch === undefined) {
        if (/^[A-Za-z_][\w.-]*$/.test(name)) throw new EntityError(`undefined entity '&${name};' (entity declarations are not supported)`);
        throw new EntityError(`unescaped '&' ${context(s, amp)}`);
      }
    }
    out += s.substring(from, amp) + ch;
    from = semi + 1;
    amp = s.indexOf('&', from);
  }
  return out + s.substring(from);
}

function context(s: string, at: number): string {
  const snippet = s.substring(Math.max(0, at - 10), at + 15).replace(/\s+/g, ' ');
  return `near "${snippet}"`;
}

/** XML end-of-line handling: CR LF and lone CR become LF (what every conforming parser reports). */
export function normalizeNewlines(s: string): string {
  return s.indexOf('\r') === -1 ? s : s.replace(/\r\n?/g, '\n');
}
