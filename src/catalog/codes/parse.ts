/**
 * Reads a code the way people and logs write it: decimal (`2308`), hex with or without `0x`
 * (`0x904`, `C000006D`), negative HRESULTs (`-2146893043`), `%%2313` insertion strings,
 * `[1]`-style brackets, any letter case. Returns the unsigned 32-bit value (larger values are
 * kept as is), or undefined when the text is not a number.
 */
export function parseCode(value: string | number): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || !Number.isInteger(value)) return undefined;
    if (value < 0) return value >= -0x80000000 ? value >>> 0 : undefined;
    return value <= Number.MAX_SAFE_INTEGER ? value : undefined;
  }
  let s = value.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1).trim();
  if (s.startsWith('%%')) s = s.slice(2);
  let negative = false;
  if (s.startsWith('-')) {
    negative = true;
    s = s.slice(1);
  }
  let n: number;
  if (/^0x[0-9a-f]+$/i.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^[0-9]+$/.test(s)) n = parseInt(s, 10);
  // bare hex such as C000006D: only when it cannot be read as decimal
  else if (/^[0-9a-f]{1,8}$/i.test(s) && /[a-f]/i.test(s)) n = parseInt(s, 16);
  else return undefined;
  if (!Number.isSafeInteger(n)) return undefined;
  if (negative) return n <= 0x80000000 ? (-n) >>> 0 : undefined;
  return n;
}
