/**
 * Property tests (fast-check) across the ingest path:
 * - the XML reader gives the same items whatever the split of the byte stream into chunks, in every
 *   encoding it sniffs;
 * - any valid event — arbitrary Unicode values with markup characters, surrogate pairs, leading and
 *   trailing spaces, CR/LF — survives XML → reader → normaliser → case database → read back unchanged;
 * - random damage to real EVTX chunks never makes the EVTX reader throw or hang;
 * - the address and user normalisers never throw, and every spelling of one peer or account meets.
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
import { isMatchable, normalizeAddress } from '../src/normalize/address.js';
import { normalizeUser, sameUser } from '../src/normalize/user.js';
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

// ------------------------------------------------------------------ normalisers

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const port = fc.integer({ min: 1, max: 65535 });
const group = fc.integer({ min: 0, max: 0xffff });
const ipv6Groups = fc.array(fc.oneof(group, fc.constant(0)), { minLength: 8, maxLength: 8 });

/** RFC 5952 form by an independent implementation: the WHATWG URL serialiser. */
function whatwgIpv6(groups: number[]): string {
  return new URL(`http://[${groups.map((g) => g.toString(16)).join(':')}]/`).hostname.slice(1, -1);
}

describe('address normaliser properties', () => {
  it('never throws, and whatever it returns is self-consistent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.stringMatching(/^[\s[\]0-9a-fA-F:.%-]{0,45}$/)), fc.option(fc.string({ maxLength: 8 })), (raw, portField) => {
        const a = normalizeAddress(raw, portField);
        assert.ok(a.port === null || (Number.isInteger(a.port) && a.port >= 1 && a.port <= 65535));
        if (a.key !== null) {
          assert.equal(a.key, a.ip);
          // normalising what it shows gives the same peer again
          const again = normalizeAddress(a.display);
          assert.equal(again.key, a.key);
          assert.equal(again.kind, a.kind);
        }
        if (a.kind === 'other') assert.equal(a.display, raw.trim());
        assert.equal(isMatchable(a), a.key !== null);
      }),
      { numRuns: 3000, seed: 0x5eed0005 },
    );
  });

  it('every way Windows writes one IPv4 peer gives the same key and the right port', () => {
    fc.assert(
      fc.property(ipv4, port, (ip, p) => {
        const canon = ip.split('.').map(Number).join('.');
        const forms: [string, string | undefined, number | null][] = [
          [ip, undefined, null], [`${ip}:${p}`, undefined, p], [`[${ip}]:${p}`, undefined, p], [`[${ip}]`, undefined, null],
          [` ${ip}\t`, String(p), p], [`::ffff:${ip}`, undefined, null], [`[::ffff:${ip}]:${p}`, undefined, p], [`::FFFF:${ip}`, String(p), p],
        ];
        for (const [raw, pf, expectPort] of forms) {
          const a = normalizeAddress(raw, pf);
          if (canon === '0.0.0.0') assert.equal(a.key, null, raw);
          else assert.equal(a.key, canon, raw);
          assert.equal(a.ip, canon, raw);
          assert.equal(a.port, expectPort, raw);
        }
      }),
      { numRuns: 1000, seed: 0x5eed0006 },
    );
  });

  it('IPv6 in any spelling canonicalises to the RFC 5952 form (checked against the WHATWG URL serialiser)', () => {
    fc.assert(
      fc.property(ipv6Groups, port, fc.boolean(), fc.constantFrom('', '%10', '%eth0'), (groups, p, upper, zone) => {
        const expected = whatwgIpv6(groups);
        if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(expected)) return; // IPv4-mapped: covered above
        const full = groups.map((g) => g.toString(16).padStart(4, '0')).join(':');
        const spellings = [full, expected, groups.map((g) => g.toString(16)).join(':')].map((s) => (upper ? s.toUpperCase() : s));
        for (const s of spellings) {
          for (const raw of [`${s}${zone}`, `[${s}${zone}]:${p}`]) {
            const a = normalizeAddress(raw);
            assert.equal(a.ip, expected, raw);
            if (expected !== '::') assert.equal(a.key, expected, raw);
            assert.equal(a.zone, zone ? zone.slice(1) : null, raw);
            if (raw.startsWith('[')) assert.equal(a.port, p, raw);
          }
        }
      }),
      { numRuns: 1500, seed: 0x5eed0007 },
    );
  });
});

describe('user normaliser properties', () => {
  const namePart = fc.stringMatching(/^[A-Za-z0-9._$][A-Za-z0-9 ._$-]{0,18}[A-Za-z0-9_$]$/).filter((s) => s.trim() === s && s !== '-');
  const dnsDomain = fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), { minLength: 1, maxLength: 3 }).map((l) => l.join('.'));

  it('never throws; empty names give null; keys are lower case', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.option(fc.string({ unit: 'binary', maxLength: 20 })), (u, d) => {
        const n = normalizeUser(u, d);
        if (n === null) return;
        assert.equal(n.key, n.key.toLowerCase());
        assert.equal(n.name, n.name.toLowerCase());
        assert.ok(n.name.length > 0);
        assert.ok(sameUser(n, n));
      }),
      { numRuns: 3000, seed: 0x5eed0008 },
    );
  });

  it('DOMAIN\\user, user@dns.domain and split user/domain fields of one account meet, whatever the case', () => {
    fc.assert(
      fc.property(namePart, dnsDomain, fc.boolean(), (name, dns, shout) => {
        const netbios = dns.split('.')[0]!.slice(0, 15).toUpperCase();
        const c = (s: string) => (shout ? s.toUpperCase() : s);
        const forms = [
          normalizeUser(`${netbios}\\${name}`), normalizeUser(c(`${name}@${dns}`)), normalizeUser(c(name), c(netbios)),
          normalizeUser(name, dns), normalizeUser(`  ${netbios}\\${c(name)} `), normalizeUser(c(name), `${dns.toUpperCase()}`),
        ];
        for (const f of forms) {
          assert.ok(f);
          assert.equal(f.key, forms[0]!.key, JSON.stringify(f));
          assert.ok(sameUser(f, forms[0]!));
        }
        // a bare name (RCM 1149 without a domain) matches the account in any domain
        assert.ok(sameUser(normalizeUser(name), forms[0]!));
        assert.equal(normalizeUser(`${netbios}\\${name}`)!.display, `${netbios}\\${name}`, 'display keeps what the log said');
      }),
      { numRuns: 1500, seed: 0x5eed0009 },
    );
  });
});
