/**
 * Hand-written tokenizer for one `<Event>…</Event>` record: the hot path of XML ingestion.
 *
 * It checks what it needs for well-formedness (tag nesting, attribute syntax, entity and character
 * references, no `<` in attribute values) and feeds an EventBuilder. Anything outside the event
 * schema's plain shape (comments, processing instructions) is *refused* and goes to the
 * fast-xml-parser fallback; definite well-formedness errors are *fatal* and become a parse issue.
 */
import { decodeEntities, EntityError, normalizeNewlines } from './entities.js';
import type { EventBuilder } from './event-builder.js';

export interface ScanProblem {
  /** true: the record is ill-formed (no parser may accept it); false: the scanner does not handle this shape */
  fatal: boolean;
  kind: string;
  message: string;
  /** index in the record text where the problem was seen */
  at: number;
}

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const BANG = 33; // !
const QUESTION = 63; // ?
const EQ = 61; // =
const DQUOTE = 34;
const SQUOTE = 39;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function isNameEnd(c: number): boolean {
  return c === 32 || c === GT || c === SLASH || c === 10 || c === 13 || c === 9 || c === EQ || c === LT;
}

/**
 * A value with end-of-line handling and references decoded. `cr`/`amp` say whether the record has a
 * CR or an '&' at all: most records have neither, and then values need no work.
 */
function textValue(raw: string, cr: boolean, amp: boolean): string {
  const s = cr ? normalizeNewlines(raw) : raw;
  return amp && s.indexOf('&') !== -1 ? decodeEntities(s) : s;
}

/** Scans `xml` (one complete record) into `b`. Returns null on success. */
export function scanEvent(xml: string, b: EventBuilder): ScanProblem | null {
  try {
    return scan(xml, b);
  } catch (e) {
    if (e instanceof EntityError) return { fatal: true, kind: 'xml-malformed', message: e.message, at: 0 };
    throw e;
  }
}

const NO_ATTRS: string[] = [];

/** `name` occurs in `xml` at `at` (a plain loop: names are short, and startsWith is slower here). */
function nameAt(xml: string, at: number, name: string): boolean {
  for (let k = 0; k < name.length; k++) if (xml.charCodeAt(at + k) !== name.charCodeAt(k)) return false;
  return true;
}

function fatal(message: string, at: number): ScanProblem {
  return { fatal: true, kind: 'xml-malformed', message, at };
}

function scan(xml: string, b: EventBuilder): ScanProblem | null {
  const n = xml.length;
  const cr = xml.indexOf('\r') !== -1;
  const amp = xml.indexOf('&') !== -1;
  const stack: string[] = [];
  let i = 0;
  /** true while the innermost open element has no child element yet, i.e. may be a leaf */
  let leaf = false;
  /** leaf text assembled from several pieces (CDATA sections); null when it is one plain run */
  let pieces: string | null = null;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt === -1) {
      if (stack.length) return fatal(`record ends inside <${stack[stack.length - 1]}>`, n);
      if (/\S/.test(xml.substring(i))) return fatal('text after the end of the record', i);
      return null;
    }
    const c = xml.charCodeAt(lt + 1);
    if (lt > i) {
      if (stack.length === 0) {
        if (/\S/.test(xml.substring(i, lt))) return fatal('text outside the record', i);
      } else if (leaf) {
        // Leaf text is taken whole at its end tag unless CDATA splits it into pieces.
        if (pieces !== null || c !== SLASH) pieces = (pieces ?? '') + textValue(xml.substring(i, lt), cr, amp);
      } else {
        const t = xml.substring(i, lt);
        if (b.collecting) b.text(textValue(t, cr, amp));
        else if (amp && t.indexOf('&') !== -1) decodeEntities(t); // container text is no value, but must be well-formed
      }
    }
    if (c === SLASH) {
      const open = stack.pop();
      let gt: number;
      // fast path: </name> right after the name of the open element
      if (open !== undefined && nameAt(xml, lt + 2, open) && xml.charCodeAt(lt + 2 + open.length) === GT) gt = lt + 2 + open.length;
      else {
        gt = xml.indexOf('>', lt + 2);
        if (gt === -1) return fatal('unterminated end tag', lt);
        let e = gt;
        while (e > lt + 2 && isSpace(xml.charCodeAt(e - 1))) e--;
        const name = xml.substring(lt + 2, e);
        if (open === undefined) return fatal(`end tag </${name}> without a start tag`, lt);
        if (open !== name) return fatal(`end tag </${name}> does not match <${open}>`, lt);
      }
      if (leaf) {
        if (pieces !== null) b.text(pieces);
        else if (lt > i) b.text(textValue(xml.substring(i, lt), cr, amp));
        pieces = null;
      }
      leaf = false;
      b.end();
      i = gt + 1;
      if (stack.length === 0) {
        if (gt + 1 < n && /\S/.test(xml.substring(gt + 1))) return fatal('text after the end of the record', gt + 1);
        return null;
      }
      continue;
    }
    if (c === BANG) {
      if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end === -1) return fatal('unterminated CDATA section', lt);
        if (stack.length === 0) return fatal('CDATA outside the record', lt);
        const t = cr ? normalizeNewlines(xml.substring(lt + 9, end)) : xml.substring(lt + 9, end);
        if (leaf) pieces = (pieces ?? '') + t;
        else if (b.collecting) b.text(t);
        i = end + 3;
        continue;
      }
      if (xml.startsWith('<!--', lt)) return { fatal: false, kind: 'comment', message: 'comment inside the record', at: lt };
      if (xml.startsWith('<!DOCTYPE', lt) || xml.startsWith('<!ENTITY', lt)) {
        return { fatal: true, kind: 'doctype-refused', message: 'DOCTYPE/ENTITY declarations are refused (no entity expansion)', at: lt };
      }
      return fatal("unexpected '<!'", lt);
    }
    if (c === QUESTION) return { fatal: false, kind: 'processing-instruction', message: 'processing instruction inside the record', at: lt };
    // start tag: the enclosing element is not a leaf after all
    if (leaf && pieces !== null) {
      b.text(pieces);
      pieces = null;
    }
    let j = lt + 1;
    while (j < n && !isNameEnd(xml.charCodeAt(j))) j++;
    if (j === lt + 1) return fatal("'<' not followed by a tag name (unescaped '<'?)", lt);
    const name = xml.substring(lt + 1, j);
    let attrs: string[] = NO_ATTRS;
    let selfClose = false;
    for (;;) {
      while (j < n && isSpace(xml.charCodeAt(j))) j++;
      if (j >= n) return fatal(`unterminated start tag <${name}>`, lt);
      const d = xml.charCodeAt(j);
      if (d === GT) {
        j++;
        break;
      }
      if (d === SLASH) {
        if (xml.charCodeAt(j + 1) !== GT) return fatal(`unexpected '/' in start tag <${name}>`, j);
        selfClose = true;
        j += 2;
        break;
      }
      const a0 = j;
      while (j < n && !isNameEnd(xml.charCodeAt(j))) j++;
      if (j === a0) return fatal(`unexpected character in start tag <${name}>`, j);
      const attr = xml.substring(a0, j);
      while (j < n && isSpace(xml.charCodeAt(j))) j++;
      if (xml.charCodeAt(j) !== EQ) return fatal(`attribute ${attr} of <${name}> has no value`, j);
      j++;
      while (j < n && isSpace(xml.charCodeAt(j))) j++;
      const q = xml.charCodeAt(j);
      if (q !== DQUOTE && q !== SQUOTE) return fatal(`attribute ${attr} of <${name}> is not quoted`, j);
      const close = xml.indexOf(q === DQUOTE ? '"' : "'", j + 1);
      if (close === -1) return fatal(`unterminated value of attribute ${attr} of <${name}>`, j);
      const raw = xml.substring(j + 1, close);
      if (raw.indexOf('<') !== -1) return fatal(`'<' in the value of attribute ${attr} of <${name}>`, j);
      for (let k = 0; k < attrs.length; k += 2) if (attrs[k] === attr) return fatal(`attribute ${attr} repeated in <${name}>`, a0);
      if (attrs === NO_ATTRS) attrs = [];
      attrs.push(attr, textValue(raw, cr, amp));
      j = close + 1;
      const after = xml.charCodeAt(j);
      if (j < n && !isSpace(after) && after !== GT && after !== SLASH) return fatal(`no space after attribute ${attr} of <${name}>`, j);
    }
    if (stack.length === 0 && lt !== 0 && /\S/.test(xml.substring(0, lt))) return fatal('text before the record', 0);
    const err = b.start(name, attrs);
    if (err) return fatal(err, lt);
    if (selfClose) {
      b.end();
      leaf = false;
      if (stack.length === 0) {
        if (j < n && /\S/.test(xml.substring(j))) return fatal('text after the end of the record', j);
        return null;
      }
    } else {
      stack.push(name);
      leaf = true;
    }
    i = j;
  }
}
