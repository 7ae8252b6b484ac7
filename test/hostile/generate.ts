/**
 * Generates the hostile input corpus into a folder: XML that tries entity tricks, nesting and size
 * attacks, broken encodings and control characters, a decompression bomb, and EVTX files damaged
 * in their header, chunk counts, template references and record sizes. Nothing big is committed:
 * the tests call `generateHostile(dir)` on a temp folder. Big files are written streamed, so the
 * generating process never holds them whole.
 *
 * Every case says which records it must keep (by EventRecordID): the hostile part may cost its own
 * record, never its neighbours.
 */
import { createWriteStream, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import { crc32 } from '../../parsers/evtx/crc32.js';
import { parseEvtx } from '../../parsers/evtx/index.js';
import { writeCorpus } from '../../bench/corpus.js';

export interface HostileCase {
  /** file name inside the corpus folder */
  name: string;
  /** what the file tries, for docs/robustness.md */
  what: string;
  /** needs the XML reader (skipped while it is not built) */
  xml: boolean;
  /** record ids that must be stored */
  keep: string[];
  /** at most this many events may be stored (a damaged record must not turn into several) */
  maxEvents: number;
  /**
   * true: the ingest must record at least one parse issue; false: the input is valid however
   * strange, no issue expected; 'gap': an issue ought to be recorded but the reader does not (yet),
   * so only survival and the kept records are asserted and docs/robustness.md lists the gap
   */
  issue: boolean | 'gap';
  /** large input: also measured for peak RSS in a child process */
  big?: boolean;
  /** hang bound for ingesting this file, ms (not a performance figure) */
  timeoutMs: number;
}

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** One well-formed wevtutil-style record (single quotes, no root) with a payload value. */
export function validEvent(rec: number, data = 'ok', host = 'HOSTILE01'): string {
  return (
    `<Event xmlns='${NS}'><System><Provider Name='Microsoft-Windows-TerminalServices-LocalSessionManager' Guid='{5D896912-022D-40AA-A3A8-4FA5515C76D7}'/>` +
    `<EventID>21</EventID><Version>0</Version><Level>4</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x1000000000000000</Keywords>` +
    `<TimeCreated SystemTime='2026-03-0${1 + (rec % 9)}T10:00:${String(rec % 60).padStart(2, '0')}.1234567Z'/><EventRecordID>${rec}</EventRecordID>` +
    `<Correlation/><Execution ProcessID='1000' ThreadID='2000'/><Channel>Microsoft-Windows-TerminalServices-LocalSessionManager/Operational</Channel>` +
    `<Computer>${host}</Computer><Security UserID='S-1-5-18'/></System>` +
    `<UserData><EventXML xmlns='Event_NS'><User>CORP\\alice</User><SessionID>2</SessionID><Address>${data}</Address></EventXML></UserData></Event>\r\n`
  );
}

const EVTX_FIXTURE = join(process.cwd(), 'test', 'fixtures', 'evtx', 'Security_short_selected.evtx');
const CHUNK = 4096;
const CHUNK_LEN = 65536;

/** The 7 records of the single-chunk EVTX fixture: start offsets and EventRecordIDs, in order. */
export async function evtxFixture(): Promise<{ buf: Buffer; offsets: number[]; ids: string[] }> {
  const buf = readFileSync(EVTX_FIXTURE);
  const offsets: number[] = [];
  const free = CHUNK + buf.readUInt32LE(CHUNK + 48);
  for (let off = CHUNK + 512; off < free; off += buf.readUInt32LE(off + 4)) offsets.push(off);
  const ids: string[] = [];
  for await (const item of parseEvtx((async function* () { yield buf; })(), { file: 'fixture.evtx' })) {
    if (item.kind === 'event') ids.push(item.event.system.recordId ?? '');
  }
  if (ids.length !== offsets.length) throw new Error('EVTX fixture changed: record count');
  return { buf, offsets, ids };
}

function fixChunkCrcs(buf: Buffer, chunk = CHUNK): void {
  const free = buf.readUInt32LE(chunk + 48);
  buf.writeUInt32LE(crc32(buf.subarray(chunk + 512, chunk + Math.min(free, CHUNK_LEN))), chunk + 52);
  buf.writeUInt32LE(crc32(buf.subarray(chunk, chunk + 120), buf.subarray(chunk + 128, chunk + 512)), chunk + 124);
}
function fixHeaderCrc(buf: Buffer): void {
  buf.writeUInt32LE(crc32(buf.subarray(0, 120)), 124);
}

/** Small deterministic PRNG (xorshift32). */
export function prng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n: number) => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s % n;
  };
}

async function writeStreamed(path: string, parts: () => AsyncGenerator<Buffer | string>, gzip = false): Promise<void> {
  const file = createWriteStream(path);
  const gz = gzip ? createGzip({ level: 1 }) : null;
  const out = gz ?? file;
  gz?.pipe(file);
  for await (const p of parts()) if (!out.write(p)) await once(out, 'drain');
  out.end();
  await once(file, 'close');
}

/** A complete small XML file (three records, no root) and where each record ends. */
export function smallXml(): { text: Buffer; recordEnds: number[] } {
  const recs = [validEvent(1, '10.0.0.1'), validEvent(2, '10.0.0.2'), validEvent(3, '10.0.0.3')];
  const recordEnds: number[] = [];
  let at = 0;
  for (const r of recs) recordEnds.push((at += Buffer.byteLength(r)));
  return { text: Buffer.from(recs.join('')), recordEnds };
}

export interface GenerateOptions {
  /** size of the single huge attribute (default 100 MiB) */
  hugeAttributeBytes?: number;
  /** decompressed size of the gzip bomb (default 1 GiB) */
  bombBytes?: number;
  /** nesting depth (default 100,000) */
  depth?: number;
}

export async function generateHostile(dir: string, o: GenerateOptions = {}): Promise<HostileCase[]> {
  mkdirSync(dir, { recursive: true });
  const cases: HostileCase[] = [];
  const add = (c: HostileCase, data?: string | Buffer) => {
    if (data !== undefined) writeFileSync(join(dir, c.name), data);
    cases.push(c);
  };
  const t = 60_000;
  const two = ['1', '3'];
  const x = { xml: true, issue: true, timeoutMs: t };

  // ---------------------------------------------------------------- entity and DTD tricks
  add({ ...x, name: 'doctype-external-entity.xml', what: 'DOCTYPE declaring an external entity (file:///etc/passwd) used in a record', keep: ['1', '3'], maxEvents: 2 },
    `<?xml version="1.0"?>\n<!DOCTYPE Events [\n <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<Events>\n${validEvent(1)}${validEvent(2, '&xxe;')}${validEvent(3)}</Events>\n`);
  const lols = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i ? i : ''};`.repeat(10)}">`)].join('\n ');
  add({ ...x, name: 'billion-laughs.xml', what: 'billion laughs: nine levels of entities expanding to 10^9 "lol"s', keep: ['1', '3'], maxEvents: 2 },
    `<?xml version="1.0"?>\n<!DOCTYPE Events [\n ${lols}\n]>\n<Events>\n${validEvent(1)}${validEvent(2, '&lol9;')}${validEvent(3)}</Events>\n`);
  add({ ...x, name: 'parameter-entity.xml', what: 'external parameter entity (%remote;) pointing at a URL, inside a record', keep: two, maxEvents: 2 },
    validEvent(1) + validEvent(2).replace('<System>', '<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://203.0.113.9/x.dtd"> %remote;]><System>') + validEvent(3));

  // ---------------------------------------------------------------- structure attacks
  const depth = o.depth ?? 100_000;
  await writeStreamed(join(dir, 'deep-nesting.xml'), async function* () {
    yield validEvent(1);
    yield validEvent(2).split('<UserData>')[0] + '<UserData>';
    const open = Buffer.from('<a>'.repeat(1000));
    const close = Buffer.from('</a>'.repeat(1000));
    for (let i = 0; i < depth / 1000; i++) yield open;
    for (let i = 0; i < depth / 1000; i++) yield close;
    yield '</UserData></Event>\r\n';
    yield validEvent(3);
  });
  cases.push({ ...x, name: 'deep-nesting.xml', what: `${depth.toLocaleString('en-US')} nested elements inside one record's UserData (well-formed)`, keep: two, maxEvents: 3, issue: false });
  await writeStreamed(join(dir, 'deep-nesting-outside.xml'), async function* () {
    yield validEvent(1);
    const open = Buffer.from('<x>'.repeat(1000));
    for (let i = 0; i < depth / 1000; i++) yield open;
    yield validEvent(3);
  });
  cases.push({ ...x, name: 'deep-nesting-outside.xml', what: `${depth.toLocaleString('en-US')} unclosed elements between two records`, keep: two, maxEvents: 2, issue: true });

  // runs of top-level markup that never closes: each '<' used to rescan the rest (quadratic, hours for MiBs)
  const runBytes = Math.min(8 * 1024 * 1024, o.hugeAttributeBytes ?? 8 * 1024 * 1024);
  for (const [name, unit] of [['lt-run.xml', '<'], ['open-tag-run.xml', '<a'], ['end-tag-run.xml', '</'], ['comment-run.xml', '<!--'], ['pi-run.xml', '<?'], ['doctype-run.xml', '<!DOCTYPE ']] as const) {
    await writeStreamed(join(dir, name), async function* () {
      yield validEvent(1);
      const block = Buffer.from(unit.repeat(Math.floor(65536 / unit.length)));
      for (let left = runBytes; left > 0; left -= block.length) yield block;
      yield '\r\n';
      yield validEvent(3);
    });
    cases.push({ ...x, name, what: `${(runBytes / 1048576).toFixed(0)} MiB of "${unit}" repeated between two records (top-level markup that never closes)`, keep: two, maxEvents: 2 });
  }

  const huge = o.hugeAttributeBytes ?? 100 * 1024 * 1024;
  await writeStreamed(join(dir, 'huge-attribute.xml'), async function* () {
    yield validEvent(1);
    yield `<Event xmlns='${NS}'><System><Provider Name='`;
    const block = Buffer.alloc(1 << 20, 'A');
    for (let left = huge; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left);
    yield `'/><EventID>21</EventID><TimeCreated SystemTime='2026-03-01T10:00:00Z'/><EventRecordID>2</EventRecordID><Channel>System</Channel><Computer>HOSTILE01</Computer></System></Event>\r\n`;
    yield validEvent(3);
  });
  cases.push({ ...x, name: 'huge-attribute.xml', what: `one attribute value of ${(huge / 1048576).toFixed(0)} MiB`, keep: two, maxEvents: 2, big: true, timeoutMs: 180_000 });
  await writeStreamed(join(dir, 'huge-unterminated.xml'), async function* () {
    yield validEvent(1);
    yield `<Event xmlns='${NS}'><System><Provider Name='`;
    const block = Buffer.alloc(1 << 20, 'B');
    for (let left = huge / 2; left > 0; left -= block.length) yield block;
  });
  cases.push({ ...x, name: 'huge-unterminated.xml', what: `a record whose attribute never ends (${(huge / 2 / 1048576).toFixed(0)} MiB to end of file)`, keep: ['1'], maxEvents: 1, big: true, timeoutMs: 180_000 });

  // ---------------------------------------------------------------- encodings and characters
  const bad8 = Buffer.from(validEvent(2, 'caf\u0000'));
  const at = bad8.indexOf(0);
  add({ ...x, name: 'invalid-utf8.xml', what: 'invalid UTF-8 (lone 0xFF, overlong 0xC0 0xAF, truncated 0xE2 0x82) inside a value', keep: ['1', '2', '3'], maxEvents: 3 },
    Buffer.concat([Buffer.from(validEvent(1)), bad8.subarray(0, at), Buffer.from([0xff, 0xc0, 0xaf, 0xe2, 0x82]), bad8.subarray(at + 1), Buffer.from(validEvent(3))]));
  const le = (s: string) => Buffer.from(s, 'utf16le');
  const loneLe = Buffer.concat([Buffer.from([0xff, 0xfe]), le(validEvent(1)), le(validEvent(2, 'x\ud800y\udc00z')), le(validEvent(3))]);
  add({ ...x, name: 'utf16le-lone-surrogates.xml', what: 'UTF-16LE with lone high and low surrogates inside a value', keep: ['1', '3'], maxEvents: 3, issue: true }, loneLe);
  const loneBe = Buffer.from(loneLe);
  loneBe.swap16();
  add({ ...x, name: 'utf16be-lone-surrogates.xml', what: 'the same in UTF-16BE', keep: ['1', '3'], maxEvents: 3, issue: true }, loneBe);
  add({ ...x, name: 'utf16-odd-length.xml', what: 'UTF-16LE file with an odd number of bytes (last byte dangling)', keep: ['1', '2'], maxEvents: 2, issue: true },
    Buffer.concat([Buffer.from([0xff, 0xfe]), le(validEvent(1) + validEvent(2)), Buffer.from([0x3c])]));
  const esc = '\u001b]0;owned\u0007\u001b[2J\u001b[31mRED\u009b31m';
  add({ ...x, name: 'control-characters.xml', what: 'raw C0/C1 controls: U+0001, terminal escapes (OSC title, clear screen, CSI) in a value and the host name', keep: ['1', '3'], maxEvents: 4 },
    validEvent(1) + validEvent(2, `a\u0001b${esc}`) + validEvent(3) + validEvent(4, 'fine', `EVIL${esc}HOST`));
  add({ ...x, name: 'nul-bytes.xml', what: 'NUL bytes inside a value and 4 KiB of NULs between records', keep: ['1', '3'], maxEvents: 3 },
    Buffer.concat([Buffer.from(validEvent(1)), Buffer.from(validEvent(2, 'a\u0000b')), Buffer.alloc(4096), Buffer.from(validEvent(3))]));
  add({ ...x, name: 'unescaped-markup.xml', what: "unescaped '&' and '<' inside values, a CDATA end outside CDATA", keep: ['1', '4'], maxEvents: 4 },
    validEvent(1) + validEvent(2, 'R&D') + validEvent(3, 'a<b') + validEvent(4, ']]>'));

  // ---------------------------------------------------------------- not event logs
  add({ name: 'empty.xml', what: 'zero-length file', xml: false, keep: [], maxEvents: 0, issue: true, timeoutMs: t }, Buffer.alloc(0));
  const rnd = prng(7);
  const noise = Buffer.alloc(1 << 20);
  for (let i = 0; i < noise.length; i++) noise[i] = rnd(256);
  noise[0] = 0x42; // not a gzip/EVTX signature by accident
  add({ name: 'random-bytes.bin', what: '1 MiB of random bytes', xml: false, keep: [], maxEvents: 0, issue: true, timeoutMs: t }, noise);

  // ---------------------------------------------------------------- compression
  const bomb = o.bombBytes ?? 1024 * 1024 * 1024;
  await writeStreamed(join(dir, 'zeros-bomb.xml.gz'), async function* () {
    const block = Buffer.alloc(1 << 20);
    for (let left = bomb; left > 0; left -= block.length) yield block;
  }, true);
  cases.push({ name: 'zeros-bomb.xml.gz', what: `gzip bomb: ${(bomb / 1048576).toFixed(0)} MiB of zeros`, xml: false, keep: [], maxEvents: 0, issue: true, big: true, timeoutMs: 180_000 });
  await writeStreamed(join(dir, 'whitespace-bomb.xml.gz'), async function* () {
    yield validEvent(1);
    const block = Buffer.alloc(1 << 20, ' ');
    for (let left = bomb; left > 0; left -= block.length) yield block;
    yield validEvent(3);
  }, true);
  cases.push({ ...x, name: 'whitespace-bomb.xml.gz', what: `gzip bomb: a record, ${(bomb / 1048576).toFixed(0)} MiB of spaces, a record`, keep: ['1'], maxEvents: 2, big: true, timeoutMs: 180_000 });
  const gz = gzipSync(validEvent(1) + validEvent(2) + validEvent(3));
  add({ ...x, name: 'truncated.xml.gz', what: 'gzip stream cut in the middle', keep: [], maxEvents: 3 }, gz.subarray(0, Math.floor(gz.length * 0.6)));
  const gzBad = Buffer.from(gz);
  gzBad[gzBad.length - 6] ^= 0xff; // CRC-32 trailer
  add({ ...x, name: 'bad-crc.xml.gz', what: 'gzip with a wrong CRC trailer', keep: [], maxEvents: 3 }, gzBad);

  // ---------------------------------------------------------------- EVTX damage
  const { buf, offsets, ids } = await evtxFixture();
  const ev = (name: string, what: string, data: Buffer, keep: string[], maxEvents = ids.length, extra: Partial<HostileCase> = {}) =>
    add({ name, what, xml: false, keep, maxEvents, issue: true, timeoutMs: t, ...extra }, data);
  const allBut = (...i: number[]) => ids.filter((_, k) => !i.includes(k));
  {
    const b = Buffer.from(buf);
    const r = prng(11);
    for (let i = 8; i < CHUNK; i++) b[i] = r(256);
    ev('evtx-header-garbage.evtx', 'file header after the signature overwritten with random bytes', b, ids);
  }
  {
    const b = Buffer.from(buf);
    b.writeUInt16LE(0xffff, 42);
    b.writeBigUInt64LE(0xffffffffffffffffn, 24); // next record number
    b.writeUInt16LE(0xffff, 40); // header block size
    fixHeaderCrc(b);
    ev('evtx-header-counts.evtx', 'header claims 65,535 chunks, a 65,535-byte header block, record numbers at 2^64-1', b, ids);
  }
  {
    const b = Buffer.from(buf);
    b.writeBigUInt64LE(0xfffffffffffffff0n, CHUNK + 8); // first/last record numbers of the chunk
    b.writeBigUInt64LE(0n, CHUNK + 16);
    b.writeUInt32LE(0xfffffff0, CHUNK + 48); // free-space offset far beyond the chunk
    fixChunkCrcs(b);
    ev('evtx-chunk-counts.evtx', 'chunk header with inverted record-number range and a free-space offset beyond the chunk', b, ids);
  }
  {
    const b = Buffer.from(buf);
    for (let i = 0; i < 32; i++) b.writeUInt32LE(0xfffffff0 - i, CHUNK + 384 + 4 * i); // template pointer table
    for (let i = 0; i < 64; i++) b.writeUInt32LE(CHUNK_LEN + i, CHUNK + 128 + 4 * i); // string table
    fixChunkCrcs(b);
    // the reader follows the inline definitions, not these caches: nothing to report
    ev('evtx-chunk-tables.evtx', 'chunk string and template pointer tables pointing outside the chunk', b, ids, ids.length, { issue: false });
  }
  {
    const b = Buffer.from(buf);
    for (const k of [1, 3, 5]) b.writeUInt32LE(offsets[k]! - CHUNK + 28, offsets[k]! + 28 + 6); // each points at its own instance
    fixChunkCrcs(b);
    ev('evtx-template-loop.evtx', 'three records whose template reference points at their own template instance (a loop)', b, allBut(1, 3, 5), ids.length - 3);
  }
  {
    const b = Buffer.from(buf);
    // record 5 refers to the template instance of record 4, which refers back to record 5's
    b.writeUInt32LE(offsets[5]! - CHUNK + 28, offsets[4]! + 28 + 6);
    b.writeUInt32LE(offsets[4]! - CHUNK + 28, offsets[5]! + 28 + 6);
    fixChunkCrcs(b);
    ev('evtx-template-cycle.evtx', 'two records whose template references point at each other', b, allBut(4, 5), ids.length - 2);
  }
  {
    const b = Buffer.from(buf);
    for (const [k, v] of [[2, 0xfffffff0], [4, 0x10], [6, 0x7ffffff0]] as const) b.writeUInt32LE(v, offsets[k]! + 28 + 6);
    fixChunkCrcs(b);
    ev('evtx-template-offsets.evtx', 'template offsets beyond the chunk, into the chunk header, and at 2 GiB', b, allBut(2, 4, 6), ids.length - 3);
  }
  {
    const b = Buffer.from(buf);
    b.writeUInt32LE(0, offsets[2]! + 4);
    fixChunkCrcs(b);
    ev('evtx-record-size-zero.evtx', 'a record whose size field is 0', b, allBut(2), ids.length - 1);
  }
  {
    const b = Buffer.from(buf);
    b.writeUInt32LE(0xffffffff, offsets[2]! + 4);
    b.writeUInt32LE(0x7ffffff0, offsets[4]! + 4);
    fixChunkCrcs(b);
    ev('evtx-record-size-huge.evtx', 'record sizes of 4 GiB-1 and 2 GiB', b, allBut(2, 4), ids.length - 2);
  }
  {
    const b = Buffer.from(buf);
    for (let k = 0; k < offsets.length; k++) b.writeUInt32LE(k % 2 ? 0 : 0xffffffff, offsets[k]! + 4);
    fixChunkCrcs(b);
    ev('evtx-all-sizes-bad.evtx', 'every record size field zero or 4 GiB-1', b, [], ids.length);
  }
  ev('evtx-header-only.evtx', 'a file header (listing one chunk) and no chunks', buf.subarray(0, CHUNK), [], 0);
  ev('evtx-signature-only.evtx', 'the 8-byte signature and nothing else', buf.subarray(0, 8), [], 0);
  {
    // ~100 MiB of chunks, every one damaged differently (memory must stay flat)
    const chunk = buf.subarray(CHUNK, CHUNK + CHUNK_LEN);
    const r = prng(99);
    const n = 1600;
    await writeStreamed(join(dir, 'evtx-many-damaged-chunks.evtx'), async function* () {
      const head = Buffer.from(buf.subarray(0, CHUNK));
      head.writeUInt16LE(3, 42);
      fixHeaderCrc(head);
      yield head;
      for (let i = 0; i < n; i++) {
        const c = Buffer.from(chunk);
        if (i % 4 === 1) for (let k = 0; k < 20; k++) c[512 + r(CHUNK_LEN - 512)] = r(256);
        else if (i % 4 === 2) c.writeUInt32LE(0xffffffff, offsets[r(offsets.length)]! - CHUNK + 4);
        else if (i % 4 === 3) c.writeUInt32LE(offsets[1]! - CHUNK + 28, offsets[1]! - CHUNK + 28 + 6);
        yield c;
      }
    });
    cases.push({ name: 'evtx-many-damaged-chunks.evtx', what: `${n} chunks (${((n * CHUNK_LEN) / 1048576).toFixed(0)} MiB), three in four damaged (random bytes, huge record size, template loop)`, xml: false, keep: ids, maxEvents: n * ids.length, issue: true, big: true, timeoutMs: 180_000 });
  }
  await writeStreamed(join(dir, 'evtx-zeros-bomb.evtx.gz'), async function* () {
    yield buf;
    const block = Buffer.alloc(1 << 20);
    for (let left = bomb; left > 0; left -= block.length) yield block;
  }, true);
  cases.push({ name: 'evtx-zeros-bomb.evtx.gz', what: `gzip bomb: a real EVTX chunk followed by ${(bomb / 1048576).toFixed(0)} MiB of zeroed chunks`, xml: false, keep: ids, maxEvents: ids.length, issue: true, big: true, timeoutMs: 180_000 });
  return cases;
}

/** The mixed folder: one file per encoding and format, plus things that are not logs. */
export async function generateMixedFolder(dir: string): Promise<{ files: Record<string, { keep: number; xml: boolean }> }> {
  mkdirSync(dir, { recursive: true });
  const recs = validEvent(11) + validEvent(12);
  const files: Record<string, { keep: number; xml: boolean }> = {};
  const put = (name: string, data: Buffer, keep: number, xml = true) => {
    writeFileSync(join(dir, name), data);
    files[name] = { keep, xml };
  };
  put('a-utf8.xml', Buffer.from(recs), 2);
  put('b-utf8-bom.xml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(recs.replace(/11|12/g, (m) => String(Number(m) + 10)))]), 2);
  const le = Buffer.from('\ufeff' + `<?xml version="1.0" encoding="UTF-16"?><Events>${validEvent(31)}${validEvent(32)}</Events>`, 'utf16le');
  put('c-utf16le.xml', le, 2);
  const be = Buffer.from('\ufeff' + validEvent(41) + validEvent(42), 'utf16le');
  be.swap16();
  put('d-utf16be.xml', be, 2);
  put('e-latin1-declared-utf8.xml', Buffer.from(validEvent(51, 'M\u00fcller'), 'latin1'), 1);
  put('f-gzip.xml.gz', gzipSync(validEvent(61) + validEvent(62)), 2);
  put('g-log.evtx', (await evtxFixture()).buf, 7, false);
  put('h-notes.txt', Buffer.from('Administrator notes\r\nnothing to see\r\n'), 0);
  put('i-empty.xml', Buffer.alloc(0), 0, false);
  put('j-picture.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), 0, false);
  return { files };
}

/**
 * Records whose host names and values carry terminal escapes, bidi overrides and markup, for the
 * output-safety tests: XML (C1 controls and bidi are legal XML characters; C0 ones the reader
 * replaces) and EVTX (BinXML strings are UTF-16 and may hold anything, ESC included).
 */
export async function escapeCarriers(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const nasty = [
    'C1\u009b2J\u009d0;title\u009c', 'bidi\u202eexe.txt', '<script>alert(1)</script>', '=cmd|\' /C calc\'!A0',
    '| a | b |', '```', '[x](javascript:alert(1))', '&lt;b&gt;',
  ];
  const xml = nasty.map((v, i) => validEvent(100 + i, v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'), `H${i}${v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}`)).join('');
  writeFileSync(join(dir, 'escapes.xml'), xml);
  const { buf } = await evtxFixture();
  const b = Buffer.from(buf);
  const patch = (word: string, bytes: number[]) => {
    for (let at = b.indexOf(Buffer.from(word, 'utf16le')); at > 0; at = b.indexOf(Buffer.from(word, 'utf16le'), at + 1)) {
      bytes.forEach((v, k) => b.writeUInt16LE(v, at + 2 * k));
    }
  };
  patch('temporal', [0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x9b, 0x07, 0x202e]); // ESC[31m, CSI, BEL, RLO
  patch('Administrator', [0x1b, 0x5d, 0x30, 0x3b, 0x78, 0x07]); // OSC 0;x BEL (window title)
  writeFileSync(join(dir, 'escapes.evtx'), b);
  return ['escapes.xml', 'escapes.evtx'];
}

/**
 * A small realistic RDP corpus (bench/corpus.ts) whose user names, host names and client addresses
 * carry C1 controls and a bidi override, so attempts, timelines and findings are built from them.
 */
export async function rdpStoryWithEscapes(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'story.xml');
  await writeCorpus(path, { events: 400, seed: 5 });
  const text = readFileSync(path, 'utf8')
    .replace(/alice/g, 'al\u009b2Jice\u202e')
    .replace(/RDSH01\.corp\.example/g, 'RDSH\u009d0;pwn\u009c01')
    .replace(/>10\.1\./g, '>10.\u009b1.');
  writeFileSync(path, text);
  return 'story.xml';
}
