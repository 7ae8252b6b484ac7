/**
 * Property tests (fast-check) across the ingest path:
 * - the XML reader gives the same items whatever the split of the byte stream into chunks, in every
 *   encoding it sniffs;
 * - any valid event — arbitrary Unicode values with markup characters, surrogate pairs, leading and
 *   trailing spaces, CR/LF — survives XML → reader → normaliser → case database → read back unchanged;
 * - random damage to real EVTX chunks never makes the EVTX reader throw or hang.
 * Seeds are fixed so a run is reproducible; failures found are kept below as explicit regression cases.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { readEvents } from '../parsers/input.js';
import { parseEvtx } from '../parsers/evtx/index.js';
import { crc32 } from '../parsers/evtx/crc32.js';
import { openStore } from '../src/store/sqlite-store.js';
import { ingestFiles } from '../src/ingest/pipeline.js';
import type { ParserItem } from '../src/model/event.js';
import { tempDir } from './helpers/tmp.js';
import { xmlReaderReady } from './hostile/xml-ready.js';
import { within } from './hostile/cli.js';

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** Characters XML 1.0 allows (no lone surrogates, no C0 controls but tab/LF/CR, no U+FFFE/U+FFFF). */
function xmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Any string of XML characters, biased towards the ones that break naive writers and readers. */
const tricky = fc.constantFrom('<', '>', '&', "'", '"', ' ', '\t', '\n', '\r', '\r\n', ']]>', '&amp;', '😀', '𝔘', 'ü', '\u00a0', '\u2028', '\u200f', '\ufffd', '\u0085');
const anyChar = fc.integer({ min: 0, max: 0x10ffff }).filter(xmlChar).map((cp) => String.fromCodePoint(cp));
const value = fc.array(fc.oneof({ weight: 2, arbitrary: anyChar }, { weight: 1, arbitrary: tricky }), { maxLength: 40 }).map((a) => a.join(''));

/** Escapes for element text: markup characters, and CR (which XML line-end handling would turn into LF). */
function escText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}
function escAttr(s: string): string {
  return escText(s).replace(/'/g, '&apos;').replace(/"/g, '&quot;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;');
}

interface GenEvent {
  record: number;
  eventId: number;
  fields: [string, string][];
  user: string;
}

const genEvents = fc.uniqueArray(
  fc.record({
    record: fc.integer({ min: 1, max: 2 ** 31 }),
    eventId: fc.integer({ min: 0, max: 65535 }),
    values: fc.array(value, { minLength: 1, maxLength: 5 }),
    user: value,
  }),
  { minLength: 1, maxLength: 8, selector: (e) => e.record },
).map((list) => list.map((e): GenEvent => ({ record: e.record, eventId: e.eventId, user: e.user, fields: e.values.map((v, i) => [`Field${i + 1}`, v]) })));

function eventXml(e: GenEvent, quote: "'" | '"'): string {
  const a = (s: string) => `${quote}${escAttr(s)}${quote}`;
  return (
    `<Event xmlns=${a(NS)}><System><Provider Name=${a('Fuzz-Provider')}/><EventID>${e.eventId}</EventID>` +
    `<TimeCreated SystemTime=${a(`2026-02-03T04:05:06.${String(e.record % 10_000_000).padStart(7, '0')}Z`)}/>` +
    `<EventRecordID>${e.record}</EventRecordID><Channel>Fuzz/Operational</Channel><Computer>FUZZ01</Computer>` +
    `<Security UserID=${a('S-1-5-18')}/></System><EventData>` +
    e.fields.map(([n, v]) => `<Data Name=${a(n)}>${escText(v)}</Data>`).join('') +
    `<Data Name=${a('UserAttr')}>${escText(e.user)}</Data>` +
    `</EventData></Event>\r\n`
  );
}

type Encoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be';
function documentBytes(events: GenEvent[], enc: Encoding, root: boolean, quote: "'" | '"'): Buffer {
  const body = events.map((e) => eventXml(e, quote)).join('');
  const text = root ? `<?xml version="1.0" encoding="${enc.startsWith('utf16') ? 'UTF-16' : 'UTF-8'}"?>\r\n<Events>${body}</Events>` : body;
  if (enc === 'utf8') return Buffer.from(text, 'utf8');
  if (enc === 'utf8bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (enc === 'utf16le') return le;
  return le.swap16();
}

async function readItems(chunks: Uint8Array[], file = 'fuzz.xml'): Promise<ParserItem[]> {
  const out: ParserItem[] = [];
  for await (const item of readEvents((async function* () { yield* chunks; })(), { file })) out.push(item);
  return out;
}

/** Splits `data` at the given cut points (any positions, sorted and deduplicated). */
function split(data: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let at = 0;
  for (const p of points) {
    out.push(data.subarray(at, p));
    at = p;
  }
  out.push(data.subarray(at));
  return out;
}

const encoding = fc.constantFrom<Encoding>('utf8', 'utf8bom', 'utf16le', 'utf16be');
const quote = fc.constantFrom<"'" | '"'>("'", '"');

describe('XML reader properties', async () => {
  const skip = !(await xmlReaderReady()) && 'the XML reader is not built yet';

  it('any split of the byte stream into chunks gives the same items', { skip }, async () => {
    await fc.assert(
      fc.asyncProperty(genEvents, encoding, fc.boolean(), quote, fc.array(fc.nat(), { maxLength: 30 }), async (events, enc, root, q, cuts) => {
        const data = documentBytes(events, enc, root, q);
        const whole = await readItems([data]);
        const pieces = await readItems(split(data, cuts));
        assert.deepEqual(pieces, whole);
        assert.equal(whole.filter((i) => i.kind === 'event').length, events.length);
        assert.deepEqual(whole.filter((i) => i.kind === 'issue'), []);
      }),
      { numRuns: 300, seed: 0x5eed0001 },
    );
  });

  it('any split into single bytes (the worst case) gives the same items', { skip }, async () => {
    await fc.assert(
      fc.asyncProperty(genEvents, encoding, async (events, enc) => {
        const data = documentBytes(events.slice(0, 2), enc, false, "'");
        const whole = await readItems([data]);
        const bytes = Array.from({ length: data.length }, (_, i) => data.subarray(i, i + 1));
        assert.deepEqual(await readItems(bytes), whole);
      }),
      { numRuns: 40, seed: 0x5eed0002 },
    );
  });

  it('any valid event survives XML → reader → store → read back, value for value', { skip }, async (t) => {
    const dir = tempDir(t);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(genEvents, encoding, fc.boolean(), quote, async (events, enc, root, q) => {
        const name = `rt-${n++}.xml`;
        writeFileSync(join(dir, name), documentBytes(events, enc, root, q));
        const store = await openStore(join(dir, `${name}.db`));
        try {
          const [r] = await ingestFiles(store, [name], { cwd: dir });
          assert.equal(r!.events, events.length);
          assert.equal(r!.issues, 0);
          const stored = [];
          for await (const e of store.streamEvents({})) stored.push(e);
          const byRecord = new Map(stored.map((e) => [e.recordId, e]));
          for (const e of events) {
            const s = byRecord.get(e.record);
            assert.ok(s, `record ${e.record} stored`);
            assert.equal(s.eventId, e.eventId);
            assert.equal(s.host, 'FUZZ01');
            assert.deepEqual(s.fields, Object.fromEntries([...e.fields, ['UserAttr', e.user]]));
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 60, seed: 0x5eed0003 },
    );
  });
});

describe('EVTX reader under random damage to real chunks', () => {
  const fixtures = ['Security_short_selected.evtx', 'MSExchange_Management_wec.evtx'].map((f) => readFileSync(join(process.cwd(), 'test', 'fixtures', 'evtx', f)));

  /** Recomputes the chunk checksums, so damage reaches the BinXML reader instead of stopping at a CRC. */
  function fixCrcs(b: Buffer): void {
    for (let c = 4096; c + 65536 <= b.length; c += 65536) {
      const free = Math.min(b.readUInt32LE(c + 48), 65536);
      if (free > 512) b.writeUInt32LE(crc32(b.subarray(c + 512, c + free)), c + 52);
      b.writeUInt32LE(crc32(b.subarray(c, c + 120), b.subarray(c + 128, c + 512)), c + 124);
    }
  }

  const damage = fc.record({
    fixture: fc.nat({ max: fixtures.length - 1 }),
    // byte writes concentrated in the record area, where the BinXML lives
    writes: fc.array(fc.tuple(fc.nat({ max: 65536 - 512 - 1 }), fc.nat({ max: 255 })), { minLength: 1, maxLength: 40 }),
    // 32-bit writes: offsets, sizes and counts set to interesting values
    words: fc.array(fc.tuple(fc.nat({ max: (65536 - 512) / 4 - 1 }), fc.constantFrom(0, 1, 0x7fffffff, 0xffffffff, 0xfff0, 0x10000, 512, 28)), { maxLength: 6 }),
    fixCrc: fc.boolean(),
    chunking: fc.integer({ min: 1, max: 70000 }),
  });

  it('never throws, always terminates, yields well-formed items', async () => {
    await fc.assert(
      fc.asyncProperty(damage, async (d) => {
        const b = Buffer.from(fixtures[d.fixture]!);
        const base = 4096 + 512;
        for (const [at, v] of d.writes) b[base + at] = v;
        for (const [at, v] of d.words) b.writeUInt32LE(v, base + 4 * at);
        if (d.fixCrc) fixCrcs(b);
        const items: ParserItem[] = [];
        await within(20_000, 'EVTX parse', (async () => {
          async function* src() {
            for (let i = 0; i < b.length; i += d.chunking) yield b.subarray(i, i + d.chunking);
          }
          for await (const item of parseEvtx(src(), { file: 'damaged.evtx', carve: d.chunking % 2 === 0 })) items.push(item);
        })());
        assert.equal(items[0]?.kind, 'info');
        for (const i of items) {
          if (i.kind === 'event') {
            assert.ok(i.event.origin.offset >= 4096 && i.event.origin.offset < b.length);
            for (const [name, v] of i.event.fields) assert.ok(typeof name === 'string' && typeof v === 'string');
          } else if (i.kind === 'issue') assert.ok(i.issue.message.length > 0 && i.issue.kind.startsWith('evtx-'));
        }
      }),
      { numRuns: 400, seed: 0x5eed0004 },
    );
  });
});
