/**
 * Values as SQL literals. Binding parameters through the sqlite3 addon costs the calling thread a few
 * microseconds per value (it converts each one), while SQLite parses literal text on its own thread:
 * bulk writes of many small rows are several times cheaper as one statement of literals.
 *
 * A literal stores exactly what binding would: strings as '…' with quotes doubled, a string holding
 * NUL (which would end the SQL text) as the hex of its UTF-8 bytes cast back to TEXT, integers as
 * digits, other finite numbers in their shortest round-trip form, null/undefined/non-finite as NULL,
 * booleans as 1/0. A lone UTF-16 surrogate becomes U+FFFD, as the addon's UTF-8 conversion does.
 */

/** ES2024 string methods (Node ≥ 20), not in this project's ES2022 lib typings. */
type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };

export function wellFormed(s: string): string {
  const w = s as unknown as WellFormed;
  return w.isWellFormed() ? s : w.toWellFormed();
}

/** A SQL string literal holding exactly `s`. */
export function sqlString(s: string): string {
  if (s.indexOf('\0') !== -1) return `CAST(X'${Buffer.from(wellFormed(s), 'utf8').toString('hex')}' AS TEXT)`;
  return s.indexOf("'") === -1 ? `'${s}'` : `'${s.replaceAll("'", "''")}'`;
}

export function sqlValue(v: unknown): string {
  switch (typeof v) {
    case 'string': return sqlString(v);
    case 'number': return Number.isFinite(v) ? String(v) : 'NULL';
    case 'bigint': return String(v);
    case 'boolean': return v ? '1' : '0';
    default:
      if (v === null || v === undefined) return 'NULL';
      throw new TypeError(`cannot store a ${typeof v} as an SQL value`);
  }
}
