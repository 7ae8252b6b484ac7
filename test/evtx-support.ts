/**
 * Test helpers for the EVTX reader: run it over a file or buffer, and read python-evtx reference
 * renderings into the same RawEvent-like shape (with python-evtx's cosmetic quirks undone) so the
 * two can be compared value by value.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parseEvtx } from '../parsers/evtx/index.js';
import type { ParseIssue, RawEvent, RawField, RawSystem } from '../src/model/event.js';

export const SAMPLES = join(process.cwd(), '..', 'shared', 'samples-real');

export interface ReadResult { events: RawEvent[]; issues: ParseIssue[]; infos: number }

export async function readAll(source: AsyncIterable<Uint8Array>, file: string, carve = false): Promise<ReadResult> {
  const r: ReadResult = { events: [], issues: [], infos: 0 };
  for await (const item of parseEvtx(source, { file, carve })) {
    if (item.kind === 'event') r.events.push(item.event);
    else if (item.kind === 'issue') r.issues.push(item.issue);
    else r.infos++;
  }
  return r;
}

export function readFile(path: string, carve = false): Promise<ReadResult> {
  return readAll(createReadStream(path, { highWaterMark: 65536 }), path, carve);
}

/** Feeds a buffer in pieces of irregular sizes, to exercise re-blocking. */
export async function* pieces(buf: Uint8Array, sizes = [1, 7, 4095, 70000, 65536, 13]): AsyncGenerator<Uint8Array> {
  let p = 0;
  for (let i = 0; p < buf.length; i++) {
    const n = sizes[i % sizes.length]!;
    yield buf.subarray(p, p + n);
    p += n;
  }
}

export const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'evtx');

/** `.evtx` files under `root` (default: the shared corpus) with their reference rendering (or null). */
export function samplePairs(root = SAMPLES): { evtx: string; xml: string | null }[] {
  if (!existsSync(root)) return [];
  const out: { evtx: string; xml: string | null }[] = [];
  (function walk(dir: string) {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.evtx')) {
        const stem = p.slice(0, -5);
        const xml = [`${stem}.xml`, `${stem}.workaround.xml`].find((x) => existsSync(x)) ?? null;
        out.push({ evtx: p, xml });
      }
    }
  })(root);
  return out;
}

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: false,
  preserveOrder: true, htmlEntities: true, processEntities: true,
});

function tag(n: Node): string | null {
  for (const k of Object.keys(n)) if (k !== ':@' && k !== '#text') return k;
  return null;
}
function local(name: string): string { const i = name.indexOf(':'); return i < 0 ? name : name.slice(i + 1); }
function kids(n: Node): Node[] { const t = tag(n); return t ? (n[t] as Node[]) : []; }
function attr(n: Node, name: string): string | undefined {
  const a = n[':@'] as Record<string, string> | undefined;
  if (!a) return undefined;
  for (const [k, v] of Object.entries(a)) if (local(k.slice(1)) === name) return v;
  return undefined;
}
function text(n: Node): string {
  let s = '';
  for (const k of kids(n)) if ('#text' in k) s += String(k['#text']);
  return s;
}
function elementKids(n: Node): Node[] { return kids(n).filter((k) => tag(k) !== null); }

/** python-evtx writes a string array as one value of `<string>…</string>` lines. */
function splitStringArray(v: string): string[] | null {
  if (!v.startsWith('<string>')) return null;
  const items = [...v.matchAll(/<string>([\s\S]*?)<\/string>/g)].map((m) => m[1]!);
  return items.length ? items : null;
}

export interface RefEvent {
  system: RawSystem;
  fields: RawField[];
  /** base names (`Data` for unnamed) of Data elements python-evtx rendered as a string array */
  stringArrays: string[];
}

/**
 * python-evtx 0.6.1's string-array splitter, replayed on the real items: it searches the UTF-16
 * bytes for the next run of (non-NUL byte, any byte) pairs from anywhere, then cuts the buffer
 * at that run's length from the *start*, so leading empty items vanish and others repeat.
 * Returns null where python-evtx raises (odd run of NUL bytes).
 */
export function pythonEvtxStringArray(items: string[]): string[] | null {
  let bin = Buffer.from(items.join('\0') + '\0', 'utf16le');
  const out: string[] = [];
  for (let guard = 0; bin.length > 0 && guard < 100_000; guard++) {
    let start = -1;
    for (let i = 0; i + 1 < bin.length; i++) if (bin[i] !== 0 && bin[i + 1] !== 0x0a) { start = i; break; }
    if (start >= 0) {
      let end = start;
      while (end + 1 < bin.length && bin[end] !== 0 && bin[end + 1] !== 0x0a) end += 2;
      out.push(bin.subarray(start, end).toString('utf16le'));
      bin = bin.subarray(end - start + 2);
      if (bin.length === 0) break;
    }
    let zeros = 0;
    while (zeros < bin.length && bin[zeros] === 0) zeros++;
    if (zeros % 2) return null;
    for (let i = 0; i < zeros / 2; i++) out.push('');
    bin = bin.subarray(zeros);
    if (start < 0 && zeros === 0) break;
  }
  return out;
}

/** Reads one python-evtx rendering file into events (XML comments for failed records are skipped). */
export function readReference(xml: string): RefEvent[] {
  const out: RefEvent[] = [];
  for (const m of xml.matchAll(/<Event[\s>][\s\S]*?<\/Event>/g)) {
    const root = (parser.parse(m[0]) as Node[]).find((n) => tag(n) === 'Event')!;
    const system: RawSystem = {};
    const fields: RawField[] = [];
    const stringArrays: string[] = [];
    const seen = new Map<string, number>();
    let unnamed = 0;
    const add = (name: string, value: string) => {
      const c = (seen.get(name) ?? 0) + 1;
      seen.set(name, c);
      fields.push([c === 1 ? name : `${name}[${c}]`, value]);
    };
    const leaves = (n: Node) => {
      for (const k of elementKids(n)) {
        if (elementKids(k).length) leaves(k);
        else add(local(tag(k)!), text(k));
      }
    };
    for (const c of elementKids(root)) {
      const t = local(tag(c)!);
      if (t === 'System') {
        for (const s of elementKids(c)) {
          const st = local(tag(s)!);
          const set = (k: keyof RawSystem, v: string | undefined) => { if (v !== undefined && v !== '') system[k] = v; };
          if (st === 'Provider') { set('providerName', attr(s, 'Name')); set('providerGuid', attr(s, 'Guid')); set('eventSourceName', attr(s, 'EventSourceName')); }
          else if (st === 'EventID') { set('eventId', text(s)); set('qualifiers', attr(s, 'Qualifiers')); }
          else if (st === 'TimeCreated') set('timeCreated', attr(s, 'SystemTime'));
          else if (st === 'Correlation') { set('activityId', attr(s, 'ActivityID')); set('relatedActivityId', attr(s, 'RelatedActivityID')); }
          else if (st === 'Execution') { set('processId', attr(s, 'ProcessID')); set('threadId', attr(s, 'ThreadID')); }
          else if (st === 'Security') set('userId', attr(s, 'UserID'));
          else {
            const key = ({ Version: 'version', Level: 'level', Task: 'task', Opcode: 'opcode', Keywords: 'keywords', EventRecordID: 'recordId', Channel: 'channel', Computer: 'computer' } as Record<string, keyof RawSystem>)[st];
            if (key) set(key, text(s));
          }
        }
      } else if (t === 'EventData') {
        for (const d of elementKids(c)) {
          const dt = local(tag(d)!);
          if (dt === 'Data') {
            const name = attr(d, 'Name');
            const v = text(d);
            const split = splitStringArray(v);
            if (split) stringArrays.push(name ?? 'Data');
            const items = split ?? [v];
            for (const item of items) {
              if (name !== undefined) add(name, item);
              else add(`Data[${++unnamed}]`, item);
            }
          } else if (dt === 'Binary') {
            add('Binary', Buffer.from(text(d), 'base64').toString('hex').toUpperCase());
          } else if (elementKids(d).length) leaves(d);
          else add(dt, text(d));
        }
      } else if (t === 'UserData') leaves(c);
    }
    out.push({ system, fields, stringArrays });
  }
  return out;
}

/** Microseconds since 1970 from python-evtx (`YYYY-MM-DD hh:mm:ss[.ffffff]`) or ISO with 0–9 digits. */
export function micros(s: string): bigint | null {
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(?:Z|\+00:00)?$/.exec(s);
  if (!m) return null;
  const sec = Date.parse(`${m[1]}T${m[2]}Z`);
  if (Number.isNaN(sec)) return null;
  const frac = (m[3] ?? '').padEnd(9, '0');
  return BigInt(sec) * 1000n + BigInt(frac.slice(0, 6));
}

/**
 * Canonical form of a value for comparison; undoes python-evtx's cosmetic differences:
 * True/False, zero-padded hex, lower-case GUIDs, no control characters (python-evtx drops them).
 */
export function canon(v: string | undefined): string {
  if (v === undefined) return '';
  // eslint-disable-next-line no-control-regex
  let s = v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
  if (s === 'True' || s === 'False') s = s.toLowerCase();
  if (/^0x[0-9a-fA-F]+$/.test(s)) return '0x' + BigInt(s).toString(16);
  if (/^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/.test(s)) {
    return '{' + s.replace(/[{}]/g, '').toUpperCase() + '}';
  }
  return s;
}

/** Equal after canonicalisation, with timestamps allowed python-evtx's 1–3 µs float error. */
export function sameValue(ours: string | undefined, ref: string | undefined): boolean {
  const a = canon(ours);
  const b = canon(ref);
  if (a === b) return true;
  // python-evtx writes binary values as base64, Windows (and we) as upper-case hex
  if (/^(?:[0-9A-F]{2})+$/.test(a) && /^[A-Za-z0-9+/]+=*$/.test(b) && Buffer.from(b, 'base64').toString('hex').toUpperCase() === a) return true;
  const ta = micros(a);
  const tb = micros(b);
  if (ta !== null && tb !== null) {
    const d = ta - tb;
    return d >= -3n && d <= 3n;
  }
  return false;
}
