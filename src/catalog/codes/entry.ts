/**
 * Builds code-table entries: the canonical hex form is derived, never typed by hand, so a table
 * cannot disagree with itself.
 */
import type { CodeEntry, CodeTableId, Confidence, PatternId } from '../types.js';

export function hexOf(code: number): string {
  return `0x${(code >>> 0).toString(16).toUpperCase()}`;
}

export type Row = [code: number, name: string, description: string, patterns?: PatternId[]];

/** Rows sharing one source and confidence. */
export function rows(table: CodeTableId, source: string, confidence: Confidence, list: Row[]): CodeEntry[] {
  return list.map(([code, name, description, patterns]) => entry(table, code, name, description, source, confidence, patterns));
}

export function entry(
  table: CodeTableId, code: number, name: string, description: string, source: string,
  confidence: Confidence, patterns?: PatternId[],
): CodeEntry {
  const e: CodeEntry = { table, code, hex: hexOf(code), name, description, source, confidence };
  if (patterns && patterns.length) e.patterns = patterns;
  return e;
}
