/**
 * `--xpath`: the XPath 1.0 dialect of `wevtutil qe /q:` and Event Viewer custom views, evaluated by
 * @xmldom/xmldom + xpath against each event rebuilt as Windows-style XML. Slow (a DOM per event),
 * so it is only compiled when the option is given.
 *
 * Where Windows and plain XPath 1.0 differ, the expression is adjusted before evaluation:
 * - Unprefixed names match whatever the namespace (events live in the event-schema namespace).
 * - `@SystemTime >= '2026-01-01T00:00:00Z'`: XPath 1.0 compares with `<`/`>` as numbers, which makes
 *   every time test false; comparisons between a `…@SystemTime` path and a date-time literal are
 *   rewritten to an exact comparison of the normalized times.
 * - `timediff(@SystemTime)`: milliseconds between that time and now (Windows' extension).
 * - `band(Keywords, N)`: 64-bit bitwise AND (number literals are passed as text to keep all 64 bits).
 * - A whole `<QueryList>` (Event Viewer's XML tab) is accepted: `Select` and `Suppress` with their
 *   `Path` (the channel).
 * Fields are visible both as `EventData/Data[@Name]` and as `UserData/EventXML/<Name>`, because the
 * normalized event does not remember which of the two the export used.
 */
import { DOMParser } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import type { NormalizedEvent } from '../model/event.js';
import { normalizeTime } from '../normalize/time.js';
import { UserError } from '../util/io.js';
import { renderEventXml } from '../../parsers/xml/render.js';

export interface XPathFilterOptions {
  /** clock for timediff(), in ms since the epoch */
  now?: () => number;
}

interface XValue {
  stringValue(): string;
  numberValue(): number;
}
interface ParsedXPath {
  evaluateBoolean(options: Record<string, unknown>): boolean;
}
const parseXPath = (xpath as unknown as { parse(expr: string): ParsedXPath }).parse;

type Token = { t: 'lit' | 'num' | 'name' | 'op' | 'ws' | 'punct'; v: string };

/** XPath 1.0 lexer, just precise enough to find operands and operators. */
function tokenize(expr: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    const rest = expr.slice(i);
    let m: RegExpExecArray | null;
    if (c === '"' || c === "'") {
      const end = expr.indexOf(c, i + 1);
      if (end === -1) throw new Error(`unterminated string literal starting at character ${i + 1}`);
      out.push({ t: 'lit', v: expr.slice(i, end + 1) });
      i = end + 1;
    } else if ((m = /^\s+/.exec(rest))) {
      out.push({ t: 'ws', v: m[0] });
      i += m[0].length;
    } else if ((m = /^(\d+(\.\d*)?|\.\d+)/.exec(rest))) {
      out.push({ t: 'num', v: m[0] });
      i += m[0].length;
    } else if ((m = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?/.exec(rest))) {
      out.push({ t: 'name', v: m[0] });
      i += m[0].length;
    } else if ((m = /^(<=|>=|!=|<|>|=)/.exec(rest))) {
      out.push({ t: 'op', v: m[0] });
      i += m[0].length;
    } else if ((m = /^(\/\/|::|\.\.|[/@*.,()[\]|$+-])/.exec(rest))) {
      out.push({ t: 'punct', v: m[0] });
      i += m[0].length;
    } else throw new Error(`unexpected character '${c}' at position ${i + 1}`);
  }
  return out;
}

const TIME_LITERAL = /^['"]\d{4}-\d\d-\d\d([T ][\d:.]+)?(Z|[+-]\d\d:?\d\d)?['"]$/;
const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '!=': '!=' };
const PATH_TOKEN = (k: Token) => k.t === 'name' || (k.t === 'punct' && ['/', '//', '@', '*', '.', '..', '::'].includes(k.v));

/** Index range [start, end) of the location path that ends just before token `i` (skipping spaces). */
function pathBefore(toks: Token[], i: number): [number, number] | null {
  let end = i;
  while (end > 0 && toks[end - 1]!.t === 'ws') end--;
  let start = end;
  while (start > 0 && PATH_TOKEN(toks[start - 1]!)) {
    // two names in a row ("and @SystemTime") end the path
    if (toks[start - 1]!.t === 'name' && start < end && toks[start]!.t === 'name') break;
    start--;
  }
  return start < end ? [start, end] : null;
}

function pathAfter(toks: Token[], i: number): [number, number] | null {
  let start = i + 1;
  while (start < toks.length && toks[start]!.t === 'ws') start++;
  let end = start;
  while (end < toks.length && PATH_TOKEN(toks[end]!)) {
    if (toks[end]!.t === 'name' && end > start && toks[end - 1]!.t === 'name') break;
    end++;
  }
  return start < end ? [start, end] : null;
}

const endsWithSystemTime = (toks: Token[], [s, e]: [number, number]) =>
  e - s >= 2 && toks[e - 1]!.v === 'SystemTime' && toks[e - 2]!.v === '@';

function literalAt(toks: Token[], from: number, dir: 1 | -1): number {
  let k = from;
  while (k >= 0 && k < toks.length && toks[k]!.t === 'ws') k += dir;
  return k >= 0 && k < toks.length && toks[k]!.t === 'lit' && TIME_LITERAL.test(toks[k]!.v) ? k : -1;
}

/** Names the first unbalanced bracket: xpath's own message is only "XPath parse error". */
function checkBrackets(toks: Token[]): void {
  const open: { c: string; at: number }[] = [];
  let at = 0;
  for (const k of toks) {
    if (k.t === 'punct' && (k.v === '[' || k.v === '(')) open.push({ c: k.v, at: at + 1 });
    else if (k.t === 'punct' && (k.v === ']' || k.v === ')')) {
      const o = open.pop();
      const want = k.v === ']' ? '[' : '(';
      if (!o) throw new Error(`'${k.v}' at position ${at + 1} closes nothing`);
      if (o.c !== want) throw new Error(`'${k.v}' at position ${at + 1} does not close the '${o.c}' at position ${o.at}`);
    }
    at += k.v.length;
  }
  const o = open.pop();
  if (o) throw new Error(`'${o.c}' at position ${o.at} is never closed`);
}

/** Applies the Windows-dialect adjustments described at the top of the file. */
export function rewriteQuery(expr: string): string {
  let toks = tokenize(expr);
  checkBrackets(toks);
  // time comparisons: PATH op 'time' or 'time' op PATH → rdplens-timecmp(PATH, 'time') op 0
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i]!;
    if (tok.t !== 'op') continue;
    const litAfter = literalAt(toks, i + 1, 1);
    const before = pathBefore(toks, i);
    if (litAfter !== -1 && before && endsWithSystemTime(toks, before)) {
      const path = toks.slice(before[0], before[1]).map((k) => k.v).join('');
      const repl: Token[] = [{ t: 'name', v: `rdplens-timecmp(${path}, ${toks[litAfter]!.v}) ${tok.v} 0` }];
      toks = [...toks.slice(0, before[0]), ...repl, ...toks.slice(litAfter + 1)];
      i = before[0];
      continue;
    }
    const litBefore = literalAt(toks, i - 1, -1);
    const after = pathAfter(toks, i);
    if (litBefore !== -1 && after && endsWithSystemTime(toks, after)) {
      const path = toks.slice(after[0], after[1]).map((k) => k.v).join('');
      const repl: Token[] = [{ t: 'name', v: `rdplens-timecmp(${path}, ${toks[litBefore]!.v}) ${FLIP[tok.v]} 0` }];
      toks = [...toks.slice(0, litBefore), ...repl, ...toks.slice(after[1])];
      i = litBefore;
    }
  }
  // band(x, 123…): pass number literals as strings so 64-bit masks keep every bit; a bare band(…)
  // used as a predicate means "any bit set" in Windows, but a number predicate means position() in
  // XPath, so it becomes (band(…) != 0).
  let depth = 0;
  const bands: { depth: number; nameAt: number }[] = [];
  const significant = (from: number, dir: 1 | -1): Token | undefined => {
    let k = from;
    while (k >= 0 && k < toks.length && toks[k]!.t === 'ws') k += dir;
    return toks[k];
  };
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i]!;
    if (tok.t === 'punct' && tok.v === '(') {
      depth++;
      let k = i - 1;
      while (k >= 0 && toks[k]!.t === 'ws') k--;
      if (k >= 0 && toks[k]!.t === 'name' && toks[k]!.v === 'band') bands.push({ depth, nameAt: k });
    } else if (tok.t === 'punct' && tok.v === ')') {
      const top = bands[bands.length - 1];
      if (top && top.depth === depth) {
        bands.pop();
        const next = significant(i + 1, 1);
        const prev = significant(top.nameAt - 1, -1);
        if (next?.t !== 'op' && prev?.t !== 'op') {
          toks[top.nameAt] = { t: 'name', v: `(band` };
          toks[i] = { t: 'punct', v: ') != 0)' };
        }
      }
      depth--;
    } else if (tok.t === 'num' && bands[bands.length - 1]?.depth === depth) toks[i] = { t: 'lit', v: `'${tok.v}'` };
  }
  return toks.map((k) => k.v).join('');
}

function toBigInt(v: XValue): bigint | null {
  const s = v.stringValue().trim();
  try {
    if (/^0x[0-9a-f]+$/i.test(s)) return BigInt(s);
    if (/^\d+$/.test(s)) return BigInt(s);
    const n = v.numberValue();
    return Number.isFinite(n) ? BigInt(Math.trunc(n)) : null;
  } catch {
    return null;
  }
}

function makeFunctions(now: () => number): Record<string, (...args: unknown[]) => unknown> {
  return {
    'rdplens-timecmp': (_ctx: unknown, a: unknown, b: unknown) => {
      const x = normalizeTime((a as XValue).stringValue());
      const y = normalizeTime((b as XValue).stringValue());
      if (x === null || y === null) return NaN;
      return x < y ? -1 : x > y ? 1 : 0;
    },
    timediff: (_ctx: unknown, a: unknown, b?: unknown) => {
      const t = normalizeTime((a as XValue).stringValue());
      if (t === null) return NaN;
      const ref = b === undefined ? now() : Date.parse(normalizeTime((b as XValue).stringValue())?.slice(0, 23) + 'Z');
      return ref - Date.parse(t.slice(0, 23) + 'Z');
    },
    band: (_ctx: unknown, a: unknown, b: unknown) => {
      const x = toBigInt(a as XValue);
      const y = toBigInt(b as XValue);
      if (x === null || y === null) return 0;
      return Number(x & y);
    },
  };
}

interface Clause {
  channel: string | null;
  test: ParsedXPath;
}

function compileExpression(expr: string, original: string): ParsedXPath {
  let rewritten: string;
  try {
    rewritten = rewriteQuery(expr);
  } catch (e) {
    throw new UserError(`invalid --xpath query ${JSON.stringify(original)}: ${(e as Error).message}`);
  }
  try {
    return parseXPath(rewritten.trim() === '' ? '*' : rewritten);
  } catch (e) {
    throw new UserError(`invalid --xpath query ${JSON.stringify(original)}: ${(e as Error).message}`);
  }
}

/** `<QueryList>` → Select/Suppress clauses; a bare expression → one Select clause for any channel. */
function clauses(expr: string): { select: Clause[]; suppress: Clause[] } {
  if (!expr.trim().startsWith('<')) return { select: [{ channel: null, test: compileExpression(expr, expr) }], suppress: [] };
  const errors: string[] = [];
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(expr, 'text/xml');
  } catch (e) {
    throw new UserError(`invalid --xpath query: the <QueryList> is not well-formed XML (${(e as Error).message})`);
  }
  if (errors.length || !doc.documentElement || doc.documentElement.localName !== 'QueryList') {
    throw new UserError(`invalid --xpath query: not a <QueryList> or an XPath expression${errors.length ? ` (${errors[0]})` : ''}`);
  }
  const select: Clause[] = [];
  const suppress: Clause[] = [];
  for (const query of Array.from(doc.getElementsByTagName('Query'))) {
    const queryPath = query.getAttribute('Path');
    for (const node of Array.from(query.childNodes)) {
      if (node.nodeType !== 1) continue;
      const el = node as unknown as Element;
      if (el.localName !== 'Select' && el.localName !== 'Suppress') continue;
      const text = el.textContent ?? '';
      const clause = { channel: el.getAttribute('Path') || queryPath || null, test: compileExpression(text, text) };
      (el.localName === 'Select' ? select : suppress).push(clause);
    }
  }
  if (!select.length) throw new UserError('invalid --xpath query: the <QueryList> has no <Select>');
  return { select, suppress };
}

const PROBE: NormalizedEvent = {
  host: 'probe', channel: 'System', provider: 'Probe', providerGuid: null, eventId: 1, qualifiers: null, version: 0, level: 4,
  task: 0, opcode: 0, keywords: '0x8000000000000000', time: '2026-01-01T00:00:00.0000000Z', recordId: 1, activityId: null,
  relatedActivityId: null, processId: 4, threadId: 8, userSid: null, fields: { Name: 'value' }, message: null, levelText: null,
  origin: { file: 'probe', offset: 0 },
};

/** Compiles a query once; throws a UserError (an Error) naming the problem when it is not valid. */
export function compileXPathFilter(expr: string, options: XPathFilterOptions = {}): (ev: NormalizedEvent) => boolean {
  const { select, suppress } = clauses(expr);
  const functions = makeFunctions(options.now ?? Date.now);
  const parser = new DOMParser();
  const evaluate = (c: Clause, ev: NormalizedEvent, doc: Document): boolean =>
    (c.channel === null || c.channel.toLowerCase() === ev.channel.toLowerCase()) &&
    c.test.evaluateBoolean({ node: doc, allowAnyNamespaceForNoPrefix: true, functions });
  const filter = (ev: NormalizedEvent): boolean => {
    const doc = parser.parseFromString(renderEventXml(ev, { userDataView: true }), 'text/xml') as unknown as Document;
    return select.some((c) => evaluate(c, ev, doc)) && !suppress.some((c) => evaluate(c, ev, doc));
  };
  try {
    // unknown functions and type errors only show when evaluating
    const doc = parser.parseFromString(renderEventXml(PROBE, { userDataView: true }), 'text/xml') as unknown as Document;
    for (const c of [...select, ...suppress]) c.test.evaluateBoolean({ node: doc, allowAnyNamespaceForNoPrefix: true, functions });
  } catch (e) {
    throw new UserError(`invalid --xpath query ${JSON.stringify(expr)}: ${(e as Error).message}`);
  }
  return filter;
}
