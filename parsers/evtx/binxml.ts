/**
 * BinXML (MS-EVEN6 binary XML) inside one EVTX chunk: token stream → node tree → rendered elements.
 *
 * Everything is addressed relative to the chunk (names and templates are chunk offsets), so one
 * `ChunkContext` holds the chunk's bytes plus the names and compiled templates found so far.
 * Every read is bounds-checked against the range it belongs to (record, template, nested value);
 * a violation throws `BinXmlError`, which the record loop turns into a parse issue.
 * Recursion is capped (element depth, nested BinXML depth) and rendering has a node budget, so a
 * crafted or corrupt record costs at most a bounded amount of work.
 */
import { VT, fixedSize, renderArray, renderScalar, sidString, utf16 } from './values.js';

export class BinXmlError extends Error {}

const MAX_ELEMENT_DEPTH = 64;
const MAX_NESTED_BINXML = 8;
const RENDER_BUDGET = 200_000;
const CHUNK_HEADER_SIZE = 512;

/** Substitution values of one template instance: parallel arrays over the chunk buffer. */
export interface Values {
  types: Uint8Array;
  starts: Uint32Array;
  sizes: Uint32Array;
}

export enum K { El, Text, Sub, Tpl }
export interface ElNode { k: K.El; name: string; attrs: AttrNode[]; kids: TNode[] }
export interface AttrNode { name: string; value: (TextNode | SubNode)[] }
export interface TextNode { k: K.Text; text: string }
export interface SubNode { k: K.Sub; idx: number; optional: boolean }
export interface TplNode { k: K.Tpl; tree: TNode[]; values: Values }
export type TNode = ElNode | TextNode | SubNode | TplNode;

/** A rendered element: what the XML view of the record would show. */
export interface XEl { name: string; attrs: [string, string][]; kids: (XEl | string)[] }

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export class ChunkContext {
  readonly names = new Map<number, string>();
  readonly templates = new Map<number, TNode[] | BinXmlError>();
  private readonly compiling = new Set<number>();

  constructor(readonly buf: Buffer) {}

  private u16(at: number): number { return this.buf.readUInt16LE(at); }
  private u32(at: number): number { return this.buf.readUInt32LE(at); }

  private need(at: number, n: number, end: number, what: string): void {
    if (at + n > end) throw new BinXmlError(`${what} runs past its bounds at chunk offset ${at}`);
  }

  /** Does a name structure plausibly sit at `off` (either inline at `hdrEnd` or earlier)? */
  private plausibleName(off: number, hdrStart: number, hdrEnd: number, end: number): boolean {
    if (this.names.has(off)) return off < hdrStart || off === hdrEnd;
    if (off !== hdrEnd && (off < CHUNK_HEADER_SIZE || off >= hdrStart)) return false;
    const limit = off === hdrEnd ? end : this.buf.length;
    if (off + 8 > limit) return false;
    const count = this.u16(off + 6);
    const stop = off + 8 + 2 * count;
    return stop + 2 <= limit && this.buf[stop] === 0 && this.buf[stop + 1] === 0;
  }

  /** Reads the name at `off`; when it is defined inline at `q`, returns the position after it. */
  private name(off: number, q: number, end: number): { name: string; q: number } {
    const inline = off === q;
    const cached = this.names.get(off);
    if (cached !== undefined) {
      return { name: cached, q: inline ? q + 10 + 2 * cached.length : q };
    }
    const limit = inline ? end : this.buf.length;
    this.need(off, 8, limit, 'name');
    const count = this.u16(off + 6);
    this.need(off + 8, 2 * count + 2, limit, 'name');
    const name = utf16(this.buf, off + 8, off + 8 + 2 * count);
    this.names.set(off, name);
    return { name, q: inline ? q + 10 + 2 * count : q };
  }

  /** Compiles (once per chunk) the template definition at chunk offset `off`. */
  template(off: number): TNode[] {
    const cached = this.templates.get(off);
    if (cached !== undefined) {
      if (cached instanceof BinXmlError) throw cached;
      return cached;
    }
    if (this.compiling.has(off)) throw new BinXmlError(`template at chunk offset ${off} refers to itself`);
    try {
      if (off < CHUNK_HEADER_SIZE) throw new BinXmlError(`template offset ${off} points into the chunk header`);
      this.need(off, 24, this.buf.length, 'template header');
      const size = this.u32(off + 20);
      const start = off + 24;
      this.need(start, size, this.buf.length, `template at chunk offset ${off}`);
      this.compiling.add(off);
      const nodes = this.fragment(start, start + size, 0, true).nodes;
      this.templates.set(off, nodes);
      return nodes;
    } catch (e) {
      const err = e instanceof BinXmlError ? e : new BinXmlError(String(e));
      this.templates.set(off, err);
      throw err;
    } finally {
      this.compiling.delete(off);
    }
  }

  /** Parses a BinXML fragment in [p, end): optional fragment header, elements / template instances, EOF. */
  fragment(p: number, end: number, depth: number, inTemplate: boolean): { nodes: TNode[]; p: number } {
    const nodes: TNode[] = [];
    while (p < end) {
      const t = this.buf[p]!;
      if (t === 0x00) { p++; break; }
      if (t === 0x0f) { p += 4; continue; }
      if (t === 0x0c) {
        if (inTemplate) throw new BinXmlError(`template instance inside a template definition at chunk offset ${p}`);
        const r = this.templateInstance(p, end);
        nodes.push(r.node);
        p = r.p;
        continue;
      }
      if ((t & 0xbf) === 0x01) {
        const r = this.element(p, end, depth);
        nodes.push(r.node);
        p = r.p;
        continue;
      }
      throw new BinXmlError(`unexpected token 0x${t.toString(16)} at chunk offset ${p}`);
    }
    return { nodes, p };
  }

  private templateInstance(p: number, end: number): { node: TplNode; p: number } {
    this.need(p, 10, end, 'template instance');
    const defOff = this.u32(p + 6);
    let q = p + 10;
    if (defOff === q) {
      this.need(q, 24, end, 'template definition');
      q += 24 + this.u32(q + 20);
      if (q > end) throw new BinXmlError(`inline template at chunk offset ${defOff} runs past its record`);
    }
    const tree = this.template(defOff);
    // The instance repeats the first 4 bytes of the template's GUID: a stale or damaged reference
    // (e.g. into a partly overwritten chunk) would otherwise render another template's layout.
    if (this.u32(p + 2) !== this.u32(defOff + 4)) {
      throw new BinXmlError(`template reference at chunk offset ${p} points at a different template (offset ${defOff})`);
    }
    this.need(q, 4, end, 'substitution count');
    const count = this.u32(q);
    q += 4;
    if (count * 4 > end - q) throw new BinXmlError(`substitution count ${count} does not fit the record at chunk offset ${q - 4}`);
    const types = new Uint8Array(count);
    const starts = new Uint32Array(count);
    const sizes = new Uint32Array(count);
    let v = q + 4 * count;
    for (let i = 0; i < count; i++) {
      const size = this.u16(q + 4 * i);
      types[i] = this.buf[q + 4 * i + 2]!;
      starts[i] = v;
      sizes[i] = size;
      v += size;
    }
    if (v > end) throw new BinXmlError(`substitution values run ${v - end} bytes past the record`);
    return { node: { k: K.Tpl, tree, values: { types, starts, sizes } }, p: v };
  }

  private element(p: number, end: number, depth: number): { node: ElNode; p: number } {
    if (depth > MAX_ELEMENT_DEPTH) throw new BinXmlError(`elements nested deeper than ${MAX_ELEMENT_DEPTH} at chunk offset ${p}`);
    const tok = this.buf[p]!;
    // Two layouts exist: with a 2-byte dependency id (template-based records) and without it
    // (inline BinXML of forwarded events). The name offset tells them apart reliably.
    this.need(p, 11, end, 'element header');
    let nameOff = this.u32(p + 7);
    let q = p + 11;
    if (!this.plausibleName(nameOff, p, q, end)) {
      const alt = this.u32(p + 5);
      if (!this.plausibleName(alt, p, p + 9, end)) throw new BinXmlError(`element at chunk offset ${p} has no valid name`);
      nameOff = alt;
      q = p + 9;
    }
    const n = this.name(nameOff, q, end);
    q = n.q;
    const node: ElNode = { k: K.El, name: n.name, attrs: [], kids: [] };
    if (tok & 0x40) {
      this.need(q, 4, end, 'attribute list');
      q += 4;
      while (q < end && (this.buf[q]! & 0xbf) === 0x06) {
        this.need(q, 5, end, 'attribute');
        const an = this.name(this.u32(q + 1), q + 5, end);
        q = an.q;
        const value: (TextNode | SubNode)[] = [];
        while (q < end) {
          const r = this.valueToken(q, end);
          if (!r) break;
          value.push(r.node);
          q = r.p;
        }
        node.attrs.push({ name: an.name, value });
      }
    }
    this.need(q, 1, end, 'element');
    const close = this.buf[q]!;
    if (close === 0x03) return { node, p: q + 1 };
    if (close !== 0x02) throw new BinXmlError(`expected end of start tag at chunk offset ${q}, found 0x${close.toString(16)}`);
    q++;
    for (;;) {
      this.need(q, 1, end, `content of <${node.name}>`);
      const t = this.buf[q]!;
      if (t === 0x04) return { node, p: q + 1 };
      if ((t & 0xbf) === 0x01) {
        const r = this.element(q, end, depth + 1);
        node.kids.push(r.node);
        q = r.p;
        continue;
      }
      if (t === 0x0c) {
        const r = this.templateInstance(q, end);
        node.kids.push(r.node);
        q = r.p;
        continue;
      }
      if ((t & 0xbf) === 0x07) { // CDATA
        this.need(q, 3, end, 'CDATA');
        const len = 2 * this.u16(q + 1);
        this.need(q + 3, len, end, 'CDATA');
        node.kids.push({ k: K.Text, text: utf16(this.buf, q + 3, q + 3 + len) });
        q += 3 + len;
        continue;
      }
      if (t === 0x0a) { // processing instruction target (not part of the event's data)
        this.need(q, 5, end, 'PI target');
        q = this.name(this.u32(q + 1), q + 5, end).q;
        continue;
      }
      if (t === 0x0b) {
        this.need(q, 3, end, 'PI data');
        q += 3 + 2 * this.u16(q + 1);
        continue;
      }
      const r = this.valueToken(q, end);
      if (!r) throw new BinXmlError(`unexpected token 0x${t.toString(16)} in <${node.name}> at chunk offset ${q}`);
      node.kids.push(r.node);
      q = r.p;
    }
  }

  /** Value text, substitution, character or entity reference; null when `q` holds another token. */
  private valueToken(q: number, end: number): { node: TextNode | SubNode; p: number } | null {
    const t = this.buf[q]!;
    if (t === 0x0d || t === 0x0e) {
      this.need(q, 4, end, 'substitution');
      return { node: { k: K.Sub, idx: this.u16(q + 1), optional: t === 0x0e }, p: q + 4 };
    }
    const base = t & 0xbf;
    if (base === 0x05) {
      this.need(q, 2, end, 'value');
      const type = this.buf[q + 1]!;
      if (type === VT.WString || type === VT.AnsiString) {
        this.need(q, 4, end, 'value');
        const len = this.u16(q + 2) * (type === VT.WString ? 2 : 1);
        this.need(q + 4, len, end, 'value text');
        return { node: { k: K.Text, text: renderScalar(this.buf, type, q + 4, len) }, p: q + 4 + len };
      }
      let size = fixedSize(type);
      if (type === VT.Sid) size = sidString(this.buf, q + 2, end)?.size ?? 0;
      if (size === 0) throw new BinXmlError(`value of type 0x${type.toString(16)} without a size at chunk offset ${q}`);
      this.need(q + 2, size, end, 'value');
      return { node: { k: K.Text, text: renderScalar(this.buf, type, q + 2, size) }, p: q + 2 + size };
    }
    if (base === 0x08) {
      this.need(q, 3, end, 'character reference');
      return { node: { k: K.Text, text: String.fromCharCode(this.u16(q + 1)) }, p: q + 3 };
    }
    if (base === 0x09) {
      this.need(q, 5, end, 'entity reference');
      const n = this.name(this.u32(q + 1), q + 5, end);
      return { node: { k: K.Text, text: ENTITIES[n.name] ?? `&${n.name};` }, p: n.q };
    }
    return null;
  }

  /** Renders parsed nodes with their substitution values into elements and text. */
  render(nodes: TNode[], values: Values | null, out: (XEl | string)[], budget = { left: RENDER_BUDGET }, nest = 0): void {
    for (const n of nodes) {
      if (--budget.left < 0) throw new BinXmlError('record expands to too many nodes');
      switch (n.k) {
        case K.Text: out.push(n.text); break;
        case K.Tpl: this.render(n.tree, n.values, out, budget, nest); break;
        case K.Sub: this.renderSub(n, values, out, budget, nest); break;
        case K.El: this.renderElement(n, values, out, budget, nest); break;
      }
    }
  }

  private renderElement(n: ElNode, values: Values | null, out: (XEl | string)[], budget: { left: number }, nest: number): void {
    const attrs: [string, string][] = [];
    for (const a of n.attrs) {
      let text = '';
      let omitted = false;
      for (const v of a.value) {
        if (v.k === K.Text) { text += v.text; continue; }
        const sv = this.subValue(v, values);
        if (sv === null) { if (v.optional && a.value.length === 1) omitted = true; continue; }
        if (sv.type === VT.BinXml) continue;
        text += sv.type & VT.ArrayFlag ? renderArray(this.buf, sv.type, sv.start, sv.size).join(' ') : renderScalar(this.buf, sv.type, sv.start, sv.size);
      }
      // Windows leaves out an attribute whose optional substitution is empty
      if (!omitted) attrs.push([a.name, text]);
    }
    // An array substitution as an element's only content repeats the element once per item
    if (n.kids.length === 1 && n.kids[0]!.k === K.Sub && values) {
      const sv = this.subValue(n.kids[0] as SubNode, values);
      if (sv && sv.type & VT.ArrayFlag && sv.type !== (VT.ArrayFlag | VT.BinXml)) {
        const items = renderArray(this.buf, sv.type, sv.start, sv.size);
        budget.left -= items.length;
        for (const item of items) out.push({ name: n.name, attrs, kids: [item] });
        if (items.length === 0) out.push({ name: n.name, attrs, kids: [] });
        return;
      }
    }
    const el: XEl = { name: n.name, attrs, kids: [] };
    this.render(n.kids, values, el.kids, budget, nest);
    out.push(el);
  }

  private subValue(s: SubNode, values: Values | null): { type: number; start: number; size: number } | null {
    if (!values || s.idx >= values.types.length) return null;
    const type = values.types[s.idx]!;
    const size = values.sizes[s.idx]!;
    if (type === VT.Null || size === 0) return null;
    return { type, start: values.starts[s.idx]!, size };
  }

  private renderSub(s: SubNode, values: Values | null, out: (XEl | string)[], budget: { left: number }, nest: number): void {
    const sv = this.subValue(s, values);
    if (!sv) return;
    if (sv.type === VT.BinXml) {
      if (nest >= MAX_NESTED_BINXML) throw new BinXmlError(`BinXML nested deeper than ${MAX_NESTED_BINXML}`);
      const end = sv.start + sv.size;
      const frag = this.fragment(sv.start, end, 0, false);
      this.render(frag.nodes, null, out, budget, nest + 1);
      return;
    }
    if (sv.type & VT.ArrayFlag) {
      out.push(renderArray(this.buf, sv.type, sv.start, sv.size).join(', '));
      return;
    }
    out.push(renderScalar(this.buf, sv.type, sv.start, sv.size));
  }
}
