/**
 * Escaping for each output format. Event text comes from machines that may be compromised, so every
 * value that did not originate in rdplens itself passes through one of these before it is written.
 */
import { termSafe, termSafeMultiline } from '../util/sanitize.js';

/** Longest text shown in one table cell or line; the JSON output keeps the full value. */
export const MAX_CELL = 500;

/** Shortens a value for display, marking the cut. */
export function clip(text: string, max = MAX_CELL): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

// --- HTML

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for element content or a double-quoted attribute: control characters made visible, markup escaped. */
export function html(text: string): string {
  return termSafeMultiline(text).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/** One-line variant (newlines shown as ␊) for cells and attributes. */
export function htmlLine(text: string, max = MAX_CELL): string {
  return html(termSafe(clip(text, max)));
}

// --- Markdown (GitHub-flavoured)

/**
 * Inline Markdown text: nothing in it can open a link, image, code span, emphasis, HTML tag, entity or
 * table column. Newlines are folded to spaces so a value cannot start a new block.
 */
export function md(text: string, max = MAX_CELL): string {
  const oneLine = clip(text, max).replace(/\r\n|\r|\n/g, ' ');
  return termSafe(oneLine).replace(/[\\`*_~[\]<>|&!#]/g, (c) => `\\${c}`);
}

/** A fenced code block whose fence cannot be closed by the content. */
export function mdCodeBlock(code: string, lang = ''): string {
  const body = termSafeMultiline(code);
  const longest = Math.max(0, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${body}\n${fence}`;
}

// --- CSV (RFC 4180) and spreadsheet formula injection

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field: a value a spreadsheet would evaluate as a formula gets a leading apostrophe, then
 * the field is quoted when it holds a comma, quote, CR or LF (quotes doubled).
 */
export function csvCell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  // Numbers are rdplens' own (ids, counts); text may come from the logs and is guarded.
  if (typeof value === 'string') {
    s = termSafeCsv(s);
    if (FORMULA_START.test(s)) s = `'${s}`;
  }
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// Keep tabs, CR and LF (quoted by the CSV rules); make other control characters visible.
// eslint-disable-next-line no-control-regex
const CSV_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
function termSafeCsv(s: string): string {
  return s.replace(CSV_CONTROL, (ch) => termSafe(ch));
}

export function csvRow(cells: (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
