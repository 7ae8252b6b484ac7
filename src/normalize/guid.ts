/** GUIDs compare case- and brace-insensitively; stored lower case without braces. */
export function normalizeGuid(text: string | undefined): string | null {
  if (!text) return null;
  // `{…}` of exactly a GUID's length, the usual spelling: no trimming or pattern replacement needed
  const g = text.length === 38 && text.charCodeAt(0) === 123 && text.charCodeAt(37) === 125
    ? text.substring(1, 37).toLowerCase()
    : text.trim().replace(/^\{|\}$/g, '').toLowerCase();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(g)) return g || null;
  return g === '00000000-0000-0000-0000-000000000000' ? null : g;
}
