/**
 * Events stored as SQL row literals (src/store/event-rows.ts) must hold exactly what binding the
 * same values as parameters would have stored, for any string; and ingest through the parse worker
 * must leave a database identical (row ids included) to ingest on one thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { openStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/types.js';
import { EventRowEncoder, sqlString, statementText, transferList } from '../src/store/event-rows.js';
import { ingestSource, type IngestOptions } from '../src/ingest/pipeline.js';
import { BufferPool } from '../src/ingest/buffer-pool.js';
import { compileXPathFilter } from '../src/filter/xpath.js';
import { writeCorpus } from '../bench/corpus.js';
import { validEvent } from './hostile/generate.js';
import { makeEvent } from './helpers/events.js';
import { tempDir } from './helpers/tmp.js';

const HOSTILE = [
  '', "'", "''", "O'Brien", "a'b'c'", 'NULL', "'); DROP TABLE events; --", 'back\\slash', 'line\r\nbreak\ttab',
  'a\0b', '\0', '\0\0\'', 'ü€𝄞 zoë', '\u0085\u2028\u2029', '\uFEFFbom', '\uD83D\uDE00 pair',
  // lone surrogates: high, low, at the ends, beside a quote, reversed pair
  '\uD800', '\uDC00', 'x\uD800', '\uDBFFy', "'\uD83D", "\uDE00'", '\uDE00\uD83D', 'a\uD800\0b',
  'X'.repeat(1 << 20), "'".repeat(100_000),
];

/** hex and type SQLite stores for `value` bound as a parameter (the reference behaviour) */
async function boundForm(store: Store, value: string): Promise<{ h: string; t: string }> {
  return (await store.get<{ h: string; t: string }>('SELECT hex(?) AS h, typeof(?) AS t', [value, value]))!;
}

let nextRecord = 1;

async function storedForms(store: Store, values: string[]): Promise<{ h: string; t: string; hh: string }[]> {
  const first = nextRecord;
  nextRecord += values.length;
  const imp = await store.beginImport({ path: 'x.xml', sha256: '', size: 0 });
  const events = values.map((v, i) =>
    makeEvent({ eventId: 1, recordId: first + i, time: '2026-01-01T00:00:00.0000000Z', message: v, host: `H${v}`, fields: { v } }),
  );
  assert.equal(await store.insertEvents(imp, events), values.length);
  const rows = await store.all<{ h: string; t: string; hh: string; f: string }>(
    'SELECT hex(message) AS h, typeof(message) AS t, hex(host) AS hh, fields AS f FROM events WHERE import_id = ? ORDER BY record_id',
    [imp],
  );
  rows.forEach((r, i) => assert.deepEqual(JSON.parse(r.f), { v: JSON.parse(JSON.stringify(values[i])) }, `fields of value ${i}`));
  return rows;
}

test('row literals store exactly what parameter binding stores, for hostile strings', async (t) => {
  const store = await openStore(join(tempDir(t), 'case.db'));
  try {
    const rows = await storedForms(store, HOSTILE);
    for (const [i, v] of HOSTILE.entries()) {
      const ref = await boundForm(store, v);
      assert.deepEqual({ h: rows[i]!.h, t: rows[i]!.t }, ref, `value ${i} (${JSON.stringify(v.slice(0, 20))})`);
      assert.equal(rows[i]!.hh, (await boundForm(store, `H${v}`)).h, `host of value ${i}`);
    }
    // what that means: NUL kept, a lone surrogate replaced by U+FFFD, nothing else touched
    const back = await store.all<{ message: string }>('SELECT message FROM events ORDER BY record_id');
    assert.equal(back[HOSTILE.indexOf('a\0b')]!.message, 'a\0b');
    assert.equal(back[HOSTILE.indexOf("'\uD83D")]!.message, "'\uFFFD");
    assert.equal(back[HOSTILE.indexOf('\uDE00\uD83D')]!.message, '\uFFFD\uFFFD');
    assert.equal(back[HOSTILE.indexOf("'".repeat(100_000))]!.message, "'".repeat(100_000));
    assert.equal(await store.countEvents(), HOSTILE.length, 'no statement was cut short by a value');
  } finally {
    await store.close();
  }
});

test('row literals match parameter binding for arbitrary UTF-16 strings (property)', async (t) => {
  const store = await openStore(join(tempDir(t), 'case.db'));
  try {
    const unit = fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0, 0x27, 0xd800, 0xdbff, 0xdc00, 0xdfff));
    const str = fc.array(unit, { maxLength: 40 }).map((a) => String.fromCharCode(...a));
    await fc.assert(
      fc.asyncProperty(fc.array(str, { minLength: 1, maxLength: 20 }), async (values) => {
        const rows = await storedForms(store, values);
        for (const [i, v] of values.entries()) assert.deepEqual({ h: rows[i]!.h, t: rows[i]!.t }, await boundForm(store, v));
      }),
      { numRuns: 60 },
    );
  } finally {
    await store.close();
  }
});

test('sqlString and the encoder: quoting, NUL as UTF-8 hex, integers and NULLs, batches cut by rows and by size', () => {
  assert.equal(sqlString("it's"), "'it''s'");
  assert.equal(sqlString('a\0b'), "CAST(X'610062' AS TEXT)");
  const enc = new EventRowEncoder(7, 3, 1 << 20);
  const ev = (i: number, message: string | null = null) =>
    makeEvent({ eventId: 4624, recordId: i, time: '2026-01-01T00:00:00.1234567Z', message, qualifiers: null, processId: -5 });
  assert.equal(enc.add(ev(1)), null);
  assert.equal(enc.add(ev(2)), null);
  const full = enc.add(ev(3))!;
  assert.equal(full.rows, 3);
  const sql = full.statements.map(statementText).join('\n');
  assert.match(sql, /^INSERT OR IGNORE INTO events\(/);
  assert.match(sql, /,NULL,0,4,0,0,'0x4000000000000000','2026-01-01T00:00:00\.1234567Z',1,NULL,NULL,-5,2000,'S-1-5-20','\{\}',NULL,NULL,7,0,NULL,'2026-01-01T00:00:00'\)/);
  assert.equal(enc.take(), null, 'nothing left after a full batch');
  // a huge value closes the batch early
  const big = new EventRowEncoder(1, 2000, 1 << 20);
  assert.equal(big.add(ev(1, 'x'.repeat(10)))?.rows, undefined);
  assert.equal(big.add(ev(2, 'x'.repeat(2 << 20)))?.rows, 2);
  // statements travel between threads as UTF-8 bytes, each in a buffer of its own
  const again = new EventRowEncoder(1, 600);
  for (let i = 0; i < 599; i++) again.add(ev(i, i % 7 ? `zoë ${i}` : `plain ${i}`));
  const batch = again.add(ev(599))!;
  assert.equal(batch.statements.length, 12, '50 rows per statement');
  const transfer = transferList(batch);
  assert.equal(new Set(transfer).size, 12, 'every statement in a buffer of its own');
  const text = batch.statements.map(statementText);
  assert.equal(text.join('').match(/'zoë \d+'/g)?.length, 513, 'non-ASCII values survive the UTF-8 form');
});

test('statement buffers: batches fill pooled buffers, and a buffer handed back is written again', () => {
  const pool = new BufferPool(64 << 10, 2);
  const enc = new EventRowEncoder(3, 200, 1 << 20, (n) => pool.take(n));
  const ev = (i: number) => makeEvent({ eventId: 4625, recordId: i, time: '2026-01-01T00:00:00.0000000Z', fields: { TargetUserName: `zoë ${i}` } });
  const batches = [];
  for (let i = 0; i < 1000; i++) {
    const b = enc.add(ev(i));
    if (b) batches.push(b);
  }
  assert.equal(batches.length, 5);
  const first = batches[0]!;
  const text = first.statements.map(statementText);
  assert.equal(text.length, 4, '50 rows per statement');
  assert.equal(text.join('').match(/zoë \d+/g)?.length, 200);
  // a 200-event batch (~150 KiB of SQL) spans a few 64 KiB buffers; no statement is split
  const buffers = transferList(first);
  assert.ok(buffers.length >= 2 && buffers.length < first.statements.length + 1, `${buffers.length} buffers`);
  for (const s of first.statements) assert.match(statementText(s), /^INSERT OR IGNORE INTO events\(.*\)$/s);
  // handed back (at most `max` kept), the next batch is written into them
  pool.give(buffers);
  assert.equal(pool.available, 2);
  const before = new Set(buffers);
  let next = null;
  for (let i = 1000; i < 1200 && !next; i++) next = enc.add(ev(i));
  assert.ok(next);
  assert.ok(transferList(next).some((b) => before.has(b)), 'a returned buffer is reused');
  assert.match(statementText(next.statements[0]!), /zoë 1000/);
  // a statement larger than the pool's buffers gets a buffer of its own size, which is not kept
  const big = pool.take(1 << 20);
  assert.equal(big.byteLength, 1 << 20);
  const kept = pool.available;
  assert.ok(kept < 2, 'the pool has room');
  pool.give([big.buffer as ArrayBuffer]);
  assert.equal(pool.available, kept, 'an oversized buffer is left to the collector');
});

/** Everything ingest wrote, in row order (ids included), except the wall-clock times of imports. */
async function dump(store: Store): Promise<string> {
  const events = await store.all('SELECT * FROM events ORDER BY id');
  const issues = await store.all('SELECT * FROM parse_issues ORDER BY id');
  const imports = await store.all('SELECT id, path, sha256, size, filter, format, encoding, events_read, events_new, issues, status FROM imports ORDER BY id');
  return JSON.stringify({ events, issues, imports });
}

async function ingestInto(dbPath: string, file: string, opts: IngestOptions): Promise<string> {
  const store = await openStore(dbPath);
  try {
    // twice: the second run adds nothing (idempotent) but records its import
    for (let i = 0; i < 2; i++) await ingestSource(store, createReadStream(file, { highWaterMark: 64 * 1024 }), { path: 'input.xml' }, opts);
    return await dump(store);
  } finally {
    await store.close();
  }
}

test('ingest through the parse worker writes the same database as ingest on one thread', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'input.xml');
  await writeCorpus(join(dir, 'corpus.xml'), { events: 6000, seed: 11 });
  // hostless records first (filled in at the end), quotes and NUL-free oddities, a broken record
  const head = validEvent(1, "it's", '') + validEvent(2, 'x', '') + validEvent(3, "O'Brien \uD83D\uDE00");
  const broken = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>21</EventID></System>\r\n";
  writeFileSync(file, Buffer.concat([Buffer.from(head + broken), readFileSync(join(dir, 'corpus.xml')), Buffer.from(validEvent(4, '&lt;tag&gt;', ''))]));

  for (const batchSize of [2000, 777]) {
    const inWorker = await ingestInto(join(dir, `w${batchSize}.db`), file, { batchSize });
    const inThread = await ingestInto(join(dir, `t${batchSize}.db`), file, { batchSize, parseInWorker: false });
    assert.equal(inWorker, inThread, `batch size ${batchSize}`);
    const parsed = JSON.parse(inWorker) as { events: { host: string; import_id: number }[]; issues: unknown[]; imports: { events_new: number }[] };
    const first = parsed.events.filter((e) => e.import_id === 1);
    assert.ok(first.length > 6000, 'the corpus was stored');
    assert.equal(first.filter((e) => e.host === '').length, 0, 'hostless records took the host of their neighbours');
    assert.ok(parsed.issues.length >= 2, 'the broken record is an issue (in both imports)');
    assert.equal(parsed.imports[1]!.events_new, 0, 're-ingest adds nothing');
  }

  // --xpath: the worker compiles the filter from its text; the result is the same
  const xpath = '*[System[(EventID=4624 or EventID=131)]]';
  const filtered = { filter: compileXPathFilter(xpath), filterText: xpath };
  const fw = await ingestInto(join(dir, 'fw.db'), file, filtered);
  const ft = await ingestInto(join(dir, 'ft.db'), file, { ...filtered, parseInWorker: false });
  assert.equal(fw, ft);
  const kept = JSON.parse(fw).events as { event_id: number }[];
  assert.ok(kept.length > 0 && kept.every((e) => e.event_id === 4624 || e.event_id === 131), `filter applied (${kept.length})`);
});
