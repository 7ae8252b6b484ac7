/** GUIDs compare case- and brace-insensitively; stored lower case without braces. */
export function normalizeGuid(text: string | undefined): string | null {
  if (!text) return null;
  // `{…}` of exactly a GUID's length, the usual spelling: no trimming or pattern replacement needed
  const g = text.length === 38 && text.charCodeAt(0) === 123 && text.charCodeAt(37) === 125
    ? text.substring(1, 37).toLowerCase()
    : text.trim().replace(/^\{|\}$/g, '').toLowerCase();
  if (!isGuid(g)) return g || null;
  return g === '00000000-0000-0000-0000-000000000000' ? null : g;
}

/** `8-4-4-4-12` lower-case hex digits (checked by hand: this runs for most events). */
function isGuid(g: string): boolean {
  if (g.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = g.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
