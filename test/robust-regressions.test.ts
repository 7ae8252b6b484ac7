/**
 * Regression tests for bugs the hostile-input work found (each names what broke before the fix).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { openStore } from '../src/store/sqlite-store.js';
import { ingestFiles } from '../src/ingest/pipeline.js';
import { readEvents, GZIP_LIMIT } from '../parsers/input.js';
import type { ParserItem } from '../src/model/event.js';
import { makeEvent } from './helpers/events.js';
import { tempDir } from './helpers/tmp.js';
import { evtxFixture } from './hostile/generate.js';

async function collect(data: Buffer, opts: Partial<Parameters<typeof readEvents>[1]> = {}): Promise<ParserItem[]> {
  const out: ParserItem[] = [];
  async function* src() {
    for (let i = 0; i < data.length; i += 4096) yield data.subarray(i, i + 4096);
  }
  for await (const item of readEvents(src(), { file: 'in.gz', ...opts })) out.push(item);
  return out;
}
const issueKinds = (items: ParserItem[]) => items.flatMap((i) => (i.kind === 'issue' ? [i.issue.kind] : []));
const eventCount = (items: ParserItem[]) => items.filter((i) => i.kind === 'event').length;

describe('store: overlapping write transactions', () => {
  it('a batch of events still committing while parse issues are stored does not fail', async (t) => {
    // Before: "SQLITE_ERROR: cannot start a transaction within a transaction" as soon as an input
    // had both events and issues in one batch (the pipeline overlaps commits with parsing).
    const store = await openStore(join(tempDir(t), 'case.db'));
    try {
      const id = await store.beginImport({ path: 'x.xml', sha256: '', size: 0 });
      const events = Array.from({ length: 1200 }, (_, i) => makeEvent({ eventId: 21, time: '2026-01-01T00:00:00.0000000Z', recordId: i + 1 }));
      const a = store.insertEvents(id, events);
      const b = store.addIssues(id, [{ file: 'x.xml', offset: 1, line: 1, kind: 'xml-malformed', message: 'bad' }]);
      const c = store.insertEvents(id, events.map((e) => ({ ...e, recordId: e.recordId! + 5000 })));
      assert.deepEqual(await Promise.all([a, b, c]), [1200, undefined, 1200]);
      assert.equal(await store.countEvents(), 2400);
      assert.equal((await store.issues()).length, 1);
    } finally {
      await store.close();
    }
  });

  it('a failing transaction does not block the ones queued after it', async (t) => {
    const store = await openStore(join(tempDir(t), 'case.db'));
    try {
      const id = await store.beginImport({ path: 'x.xml', sha256: '', size: 0 });
      // parse_issues.kind is NOT NULL (and issues are inserted without OR IGNORE)
      const a = store.addIssues(id, [{ file: 'x.xml', offset: 1, line: 1, kind: null as unknown as string, message: 'bad' }]);
      const b = store.insertEvents(id, [makeEvent({ eventId: 21, time: '2026-01-01T00:00:00.0000000Z' })]);
      await assert.rejects(a, /NOT NULL/);
      assert.equal(await b, 1);
      assert.equal((await store.issues()).length, 0, 'the failed transaction was rolled back');
    } finally {
      await store.close();
    }
  });
});

describe('gzip input: bounded and never throwing', () => {
  const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
  it('stops a decompression bomb at the ratio bound with an issue', async () => {
    // zeros alone are refused as "not XML" at once; a record followed by spaces is read until the bound
    const rec = `<Event xmlns='${NS}'><System><Provider Name='P'/><EventID>1</EventID><TimeCreated SystemTime='2026-01-01T00:00:01Z'/><EventRecordID>1</EventRecordID><Channel>System</Channel><Computer>H</Computer></System></Event>\n`;
    const bomb = gzipSync(Buffer.concat([Buffer.from(rec), Buffer.alloc(64 * 1024 * 1024, ' '), Buffer.from(rec.replace(/>1</g, '>2<'))]));
    const items = await collect(bomb, { gzipLimit: { ratio: 200, floor: 1024 * 1024 } });
    assert.ok(issueKinds(items).includes('gzip-bomb'), issueKinds(items).join());
    const issue = items.find((i) => i.kind === 'issue' && i.issue.kind === 'gzip-bomb');
    assert.ok(issue && issue.kind === 'issue');
    assert.match(issue.issue.message, /decompression stopped at byte \d+ .*200 times/);
    assert.equal(eventCount(items), 1, 'the record before the bomb is kept');
    assert.ok(GZIP_LIMIT.ratio >= 100 && GZIP_LIMIT.floor >= 64 * 1024 * 1024, 'default bound leaves room for real logs');
  });

  it('reads an EVTX that compresses well (zeroed spare chunks) below the default bound', async () => {
    const { buf, ids } = await evtxFixture();
    const items = await collect(gzipSync(Buffer.concat([buf, Buffer.alloc(8 * 65536)])));
    assert.equal(eventCount(items), ids.length);
    assert.ok(!issueKinds(items).includes('gzip-bomb'));
  });

  it('turns a damaged gzip trailer and a cut gzip stream into issues, keeping what was read', async () => {
    const rec = (n: number) => `<Event xmlns='${NS}'><System><Provider Name='P'/><EventID>1</EventID><TimeCreated SystemTime='2026-01-01T00:00:0${n}Z'/><EventRecordID>${n}</EventRecordID><Channel>System</Channel><Computer>H</Computer></System></Event>\n`;
    const gz = gzipSync(rec(1) + rec(2));
    const badCrc = Buffer.from(gz);
    badCrc[badCrc.length - 6] ^= 0xff;
    // before: "Error: incorrect data check" escaped the reader and aborted the whole ingest
    const a = await collect(badCrc);
    assert.ok(issueKinds(a).includes('gzip-error'), issueKinds(a).join());
    const b = await collect(gz.subarray(0, gz.length - 12));
    assert.ok(issueKinds(b).includes('gzip-error'), issueKinds(b).join());
  });

  it('a damaged .gz among other inputs: the ingest goes on to the next file', async (t) => {
    const dir = tempDir(t);
    const { buf } = await evtxFixture();
    const bad = gzipSync(buf);
    bad[bad.length - 6] ^= 0xff;
    writeFileSync(join(dir, 'a.evtx.gz'), bad);
    writeFileSync(join(dir, 'b.evtx'), buf);
    const store = await openStore(join(dir, 'case.db'));
    try {
      const r = await ingestFiles(store, ['a.evtx.gz', 'b.evtx'], { cwd: dir });
      assert.deepEqual(r.map((x) => x.status), ['partial', 'ok']);
      assert.ok((await store.issues()).some((i) => i.kind === 'gzip-error' && i.file === 'a.evtx.gz'));
    } finally {
      await store.close();
    }
  });
});

describe('EVTX header promising more chunks than the file holds', () => {
  it('is reported (the file may be truncated)', async () => {
    const { buf, ids } = await evtxFixture();
    const b = Buffer.from(buf);
    b.writeUInt16LE(5, 42);
    const items = await collect(b);
    assert.equal(eventCount(items), ids.length);
    const issue = items.find((i) => i.kind === 'issue' && i.issue.kind === 'evtx-header-chunk-count');
    assert.ok(issue && issue.kind === 'issue');
    assert.match(issue.issue.message, /lists 5 chunks but only 1 were found/);
  });
});
