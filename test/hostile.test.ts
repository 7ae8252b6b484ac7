/**
 * Hostile inputs through the real ingest: every file of the generated corpus (test/hostile/generate.ts)
 * is ingested into a fresh case database, in-process or — for the big ones — in a child process
 * whose peak RSS is measured. Each must finish within its hang bound, keep every valid record,
 * and record a parse issue. Results are written to docs/robustness.md (see test/hostile/report.ts).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/sqlite-store.js';
import { DEFAULT_BATCH_SIZE, ingestFiles } from '../src/ingest/pipeline.js';
import { expandInputs } from '../src/ingest/paths.js';
import { readEvents } from '../parsers/input.js';
import type { ParseIssue, ParserItem, RawEvent } from '../src/model/event.js';
import { escapeCarriers, rdpStoryWithEscapes, evtxFixture, generateHostile, generateMixedFolder, prng, smallXml, validEvent } from './hostile/generate.js';
import { xmlReaderReady } from './hostile/xml-ready.js';
import { ensureBuilt, runCli, spawnCli, within, ROOT } from './hostile/cli.js';
import * as q from '../src/store/sqlite.js';
import { writeCorpus } from '../bench/corpus.js';
import { results, writeRobustnessDoc, type CaseResult } from './hostile/report.js';

const run = promisify(execFile);
const MEMORY_BOUND_MIB = 400;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

const work = mkdtempSync(join(tmpdir(), 'rdplens-hostile-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
  writeRobustnessDoc();
});

async function parseAll(data: Buffer, file: string): Promise<{ events: RawEvent[]; issues: ParseIssue[] }> {
  const events: RawEvent[] = [];
  const issues: ParseIssue[] = [];
  async function* src() {
    for (let i = 0; i < data.length; i += 65536) yield data.subarray(i, i + 65536);
  }
  for await (const item of readEvents(src(), { file }) as AsyncIterable<ParserItem>) {
    if (item.kind === 'event') events.push(item.event);
    else if (item.kind === 'issue') issues.push(item.issue);
  }
  return { events, issues };
}

async function storedState(db: string, file: string) {
  const store = await openStore(db, { readonly: true });
  try {
    const rows = await store.all<{ record_id: number; fields: string; host: string; message: string | null }>(
      'SELECT record_id, fields, host, message FROM events ORDER BY id',
    );
    const issues = await store.all<{ kind: string; message: string }>('SELECT kind, message FROM parse_issues WHERE file = ? ORDER BY id', [file]);
    return { rows, ids: rows.map((r) => String(r.record_id)), issues };
  } finally {
    await store.close();
  }
}

describe('hostile corpus through the real ingest', async () => {
  const xmlReady = await xmlReaderReady();
  const dir = join(work, 'corpus');
  const cases = await generateHostile(dir);

  for (const c of cases) {
    const skip = c.xml && !xmlReady ? 'the XML reader is not built yet' : false;
    it(`${c.name}: ${c.what}`, { skip }, async () => {
      const db = join(work, `${c.name}.db`);
      const started = Date.now();
      let maxRssMiB: number | null = null;
      if (c.big) {
        // real ingest in a child process, so its peak RSS is its own
        const { stdout } = await within(c.timeoutMs, c.name, run(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'hostile', 'ingest-child.ts'), db, dir, c.name], { cwd: ROOT, maxBuffer: 1 << 24 }));
        maxRssMiB = (JSON.parse(stdout.trim().split('\n').pop()!) as { maxRssMiB: number }).maxRssMiB;
      } else {
        const store = await openStore(db);
        try {
          await within(c.timeoutMs, c.name, ingestFiles(store, [c.name], { cwd: dir }));
        } finally {
          await store.close();
        }
      }
      const seconds = (Date.now() - started) / 1000;
      const { rows, ids, issues } = await storedState(db, c.name);
      const row: CaseResult = {
        name: c.name, what: c.what, bytes: statSync(join(dir, c.name)).size, kept: ids.length, expectedKept: c.keep.length,
        issues: issues.length, issueKinds: [...new Set(issues.map((i) => i.kind))], maxRssMiB, seconds, expectIssue: c.issue,
      };
      results.cases.push(row);
      for (const k of c.keep) assert.ok(ids.includes(k), `record ${k} kept (stored: ${ids.join(',')})`);
      assert.ok(ids.length <= c.maxEvents, `at most ${c.maxEvents} events, got ${ids.length}`);
      if (c.issue === true) assert.ok(issues.length > 0, 'a parse issue is recorded');
      if (c.issue === false) assert.deepEqual(issues, [], 'no parse issue for valid input');
      for (const i of issues) assert.ok(i.message.length > 0 && i.message.length < 2000, `issue message is short: ${i.message.slice(0, 80)}`);
      // nothing from outside the input ever gets in (external entities, expansion)
      for (const r of rows) assert.ok(!/root:x:0:0|lollollol/.test(r.fields + r.host + (r.message ?? '')), 'no entity expansion');
      if (maxRssMiB !== null) assert.ok(maxRssMiB < MEMORY_BOUND_MIB, `peak RSS ${maxRssMiB.toFixed(0)} MiB < ${MEMORY_BOUND_MIB} MiB`);
    });
  }
});

describe('a small valid file truncated at every byte', async () => {
  const xmlReady = await xmlReaderReady();

  it('XML: each prefix keeps exactly the complete records and reports the cut', { skip: !xmlReady && 'the XML reader is not built yet' }, async () => {
    const { text, recordEnds } = smallXml();
    const full = await parseAll(text, 'small.xml');
    assert.equal(full.events.length, 3);
    assert.deepEqual(full.issues, []);
    const starts = [0, ...recordEnds.slice(0, -1)];
    let cuts = 0;
    for (let cut = 0; cut <= text.length; cut++) {
      const r = await within(10_000, `cut ${cut}`, parseAll(text.subarray(0, cut), 'small.xml'));
      // a record counts as complete once its </Event> is in (the CRLF after it is optional)
      const complete = recordEnds.filter((end) => end - 2 <= cut).length;
      assert.deepEqual(r.events.map((e) => e.system.recordId), full.events.slice(0, complete).map((e) => e.system.recordId), `cut at ${cut}`);
      assert.deepEqual(r.events, full.events.slice(0, complete), `cut at ${cut}: kept records intact`);
      const insideRecord = starts.some((s, i) => cut > s && cut < recordEnds[i]! - 2);
      if (cut === 0 || insideRecord) assert.ok(r.issues.length > 0, `cut at ${cut}: issue reported`);
      cuts++;
    }
    results.truncation.push({ input: `XML, ${text.length} bytes, 3 records`, cuts, stride: 1 });
  });

  it('EVTX: each prefix keeps only whole records, intact, and reports the cut', async () => {
    const { buf } = await evtxFixture();
    const full = await parseAll(buf, 'small.evtx');
    assert.equal(full.events.length, 7);
    const offsets = full.events.map((e) => e.origin.offset);
    let cuts = 0;
    // every byte of the file header and the first records, then every 7th byte of the rest
    for (let cut = 0; cut < buf.length; cut += cut < 4096 + 512 + 2048 ? 1 : 7) {
      const r = await within(10_000, `cut ${cut}`, parseAll(Buffer.from(buf.subarray(0, cut)), 'small.evtx'));
      assert.ok(r.issues.length > 0, `cut at ${cut}: issue reported`);
      assert.ok(r.events.length <= full.events.length);
      for (const [i, e] of r.events.entries()) assert.deepEqual(e, full.events[i], `cut at ${cut}: record ${i} intact`);
      const whole = offsets.filter((o, i) => (offsets[i + 1] ?? 4096 + buf.readUInt32LE(4096 + 48)) <= cut && o >= 0).length;
      assert.ok(r.events.length <= whole, `cut at ${cut}: ${r.events.length} records from ${whole} complete ones`);
      cuts++;
    }
    results.truncation.push({ input: `EVTX, ${buf.length} bytes, 7 records`, cuts, stride: 'every byte of the first 6.5 KiB, then every 7th' });
  });

  it('truncated inputs through the store: complete records stored, the cut recorded', { skip: !xmlReady && 'the XML reader is not built yet' }, async () => {
    const { text, recordEnds } = smallXml();
    const dir = join(work, 'trunc');
    const { writeFileSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const store = await openStore(join(dir, 'case.db'));
    try {
      for (let cut = 1; cut < text.length; cut += 97) {
        const name = `cut-${cut}.xml`;
        writeFileSync(join(dir, name), text.subarray(0, cut));
        const [r] = await within(10_000, name, ingestFiles(store, [name], { cwd: dir }));
        assert.equal(r!.events, recordEnds.filter((end) => end - 2 <= cut).length, name);
        assert.ok(r!.issues > 0, `${name}: issue`);
      }
    } finally {
      await store.close();
    }
  });
});

describe('a folder of mixed encodings and formats', async () => {
  const xmlReady = await xmlReaderReady();
  const dir = join(work, 'mixed');
  const { files } = await generateMixedFolder(dir);

  it('ingests every log in it and names each non-log, in-process and through the CLI', { skip: !xmlReady && 'the XML reader is not built yet' }, async () => {
    const { files: found } = await expandInputs(['.'], dir);
    const store = await openStore(join(work, 'mixed.db'));
    let res;
    try {
      res = await within(60_000, 'mixed folder', ingestFiles(store, found, { cwd: dir }));
    } finally {
      await store.close();
    }
    const byName = new Map(res.map((r) => [r.path, r]));
    for (const [name, f] of Object.entries(files)) {
      const r = byName.get(name);
      assert.ok(r, `${name} was read`);
      assert.equal(r.events, f.keep, `${name}: ${f.keep} events (${r.format}/${r.encoding})`);
      if (f.keep === 0) assert.ok(r.issues > 0, `${name}: an issue says why nothing was read`);
    }
    assert.equal(byName.get('c-utf16le.xml')!.encoding, 'utf-16le-bom');
    assert.equal(byName.get('d-utf16be.xml')!.encoding, 'utf-16be-bom');
    assert.match(byName.get('f-gzip.xml.gz')!.encoding, /\+gzip$/);

    ensureBuilt();
    const cli = await runCli(['ingest', '.', '--db', join(work, 'mixed-cli.db')], dir, 60_000);
    assert.equal(cli.timedOut, false);
    assert.equal(cli.code, 1, `exit 1: some records skipped\n${cli.stderr}`);
    assert.doesNotMatch(cli.stderr, /\n\s+at |internal error/, 'no stack trace');
    for (const name of ['h-notes.txt', 'i-empty.xml', 'j-picture.png']) assert.match(cli.stderr, new RegExp(`^${name.replace('.', '\\.')}.*: `, 'm'), `${name} named in a one-line issue`);
    assert.match(cli.stdout, /Ingested 10 input\(s\)/);
    results.mixed = { files: Object.keys(files).length, events: res.reduce((a, r) => a + r.events, 0) };
  });
});

describe('terminal output of the CLI never carries escape sequences from event data or file names', async () => {
  const xmlReady = await xmlReaderReady();

  it('ingest: issues, summary and --json', { skip: !xmlReady && 'the XML reader is not built yet' }, async () => {
    const dir = join(work, 'escapes');
    const cases = await generateHostile(join(dir, 'src'), { hugeAttributeBytes: 1024, bombBytes: 1024, depth: 1000 });
    assert.ok(cases.some((c) => c.name === 'control-characters.xml'));
    const evil = 'evil\u001b]0;owned\u0007\u001b[31m\u009b2J.xml';
    copyFileSync(join(dir, 'src', 'control-characters.xml'), join(dir, evil));
    copyFileSync(join(dir, 'src', 'unescaped-markup.xml'), join(dir, 'b.xml'));
    ensureBuilt();
    for (const args of [['ingest', evil, 'b.xml', '--db', 'a.db'], ['ingest', evil, '--db', 'b.db', '--json'], ['ingest', evil, '--db', 'a.db', '--force']]) {
      const r = await runCli(args, dir, 60_000);
      assert.equal(r.timedOut, false);
      assert.ok(r.code === 1, `exit code ${r.code}: ${r.stderr}`);
      assert.doesNotMatch(r.stdout, RAW_CONTROL, `stdout of ${args.join(' ')}`);
      assert.doesNotMatch(r.stderr, RAW_CONTROL, `stderr of ${args.join(' ')}`);
      assert.ok(r.stdout.length + r.stderr.length > 0);
    }
    results.outputSafety.push('ingest (issue lines, summary, --json) with escape sequences in a file name and in event data');
  });

  it('report in every format to stdout, and explain, with escapes, bidi overrides and markup in host names and values', { skip: !xmlReady && 'the XML reader is not built yet' }, async () => {
    const dir = join(work, 'escapes-report');
    const files = await escapeCarriers(dir);
    ensureBuilt();
    const made = await runCli(['ingest', ...files, '--db', 'case.db'], dir, 60_000);
    assert.ok(made.code === 0 || made.code === 1, made.stderr);
    const store = await openStore(join(dir, 'case.db'), { readonly: true });
    const hosts = await store.hosts();
    await store.close();
    assert.ok(hosts.some((h) => /\u001b/.test(h)), 'an ESC from the EVTX reached the store (the test carries what it claims)');
    assert.ok(hosts.some((h) => /\u009b/.test(h)), 'a C1 control from the XML reached the store');
    const help = await runCli(['--help'], dir, 60_000);
    const formats = ['md', 'csv', 'json', 'html', 'ecs-ndjson'];
    if (/^\s+report\b/m.test(help.stdout)) {
      for (const f of formats) {
        const r = await runCli(['report', 'case.db', '--format', f], dir, 60_000);
        assert.equal(r.timedOut, false);
        assert.ok(r.code === 0 || r.code === 1, `report ${f}: exit ${r.code} ${r.stderr}`);
        if (f !== 'ecs-ndjson') assert.ok(r.stdout.length > 0, `report ${f} wrote something`); // ECS lines exist only for attempts and findings
        assert.doesNotMatch(r.stdout, RAW_CONTROL, `report --format ${f}: no raw control characters`);
        assert.doesNotMatch(r.stdout, /[\u202a-\u202e\u2066-\u2069]/, `report --format ${f}: no raw bidi overrides`);
        assert.doesNotMatch(r.stderr, RAW_CONTROL);
        if (f === 'html') assert.doesNotMatch(r.stdout, /<script>alert/, 'no script from event data');
        if (f === 'csv') assert.doesNotMatch(r.stdout, /(^|,)"?=cmd/m, 'no formula from event data');
        if (f === 'md') assert.doesNotMatch(r.stdout, /(^|[^\\])\| a \| b \|/, 'no table break-out');
        if (f === 'json') assert.doesNotThrow(() => JSON.parse(r.stdout));
      }
      results.outputSafety.push(`report --format ${formats.join('/')} to stdout with ESC, CSI, OSC, BEL, C1 and bidi controls in host names (from EVTX and XML); HTML shows no script, CSV no formula, Markdown no table break-out`);
    }
    // attempts, timelines and findings built from hostile names
    const story = await rdpStoryWithEscapes(dir);
    const withStory = await runCli(['ingest', story, '--db', 'case.db'], dir, 60_000);
    assert.ok(withStory.code === 0, withStory.stderr);
    const checked: string[] = [];
    const check = (what: string, r: { stdout: string; stderr: string; timedOut: boolean }) => {
      assert.equal(r.timedOut, false, what);
      assert.doesNotMatch(r.stdout, RAW_CONTROL, `${what}: stdout`);
      assert.doesNotMatch(r.stdout, /[\u202a-\u202e\u2066-\u2069]/, `${what}: stdout bidi`);
      assert.doesNotMatch(r.stderr, RAW_CONTROL, `${what}: stderr`);
      checked.push(what);
    };
    if (/^\s+analyze\b/m.test(help.stdout)) {
      const text = await runCli(['analyze', '--db', 'case.db'], dir, 120_000);
      check('analyze', text);
      const json = await runCli(['analyze', '--db', 'case.db', '--json'], dir, 120_000);
      check('analyze --json', json);
      assert.match(json.stdout, /\\u009b/, 'the hostile names are in the analysis (escaped)');
    }
    if (/^\s+timeline\b/m.test(help.stdout)) {
      const list = await runCli(['timeline', '--db', 'case.db'], dir, 120_000);
      check('timeline', list);
      const json = await runCli(['timeline', '--db', 'case.db', '--json'], dir, 120_000);
      check('timeline --json', json);
      const ids = [...new Set([...json.stdout.matchAll(/"id":\s*"([^"]+)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string))];
      const hostile = ids.filter((id) => /[\u0080-\u009f]/.test(id)).slice(0, 3);
      for (const id of [...ids.slice(0, 2), ...hostile]) check(`timeline --attempt`, await runCli(['timeline', '--db', 'case.db', '--attempt', id], dir, 120_000));
    }
    if (checked.length) results.outputSafety.push(`${[...new Set(checked)].join(', ')} on an RDP corpus whose user names, host names and client addresses carry C1 controls and a bidi override, plus EVTX host names with ESC sequences`);
    if (/^\s+explain\b/m.test(help.stdout)) {
      const r = await runCli(['explain', '\u001b[31m0x904', '0x7\u0007\u009b2J'], dir, 60_000);
      assert.equal(r.timedOut, false);
      assert.doesNotMatch(r.stdout + r.stderr, RAW_CONTROL, 'explain echoes arguments safely');
      results.outputSafety.push('explain with escape sequences in its arguments');
    }
  });
});

// ------------------------------------------------------------------ crash safety and concurrency

async function withDb<T>(path: string, work: (db: import('../src/store/sqlite.js').Db) => Promise<T>): Promise<T> {
  const db = await q.openDb(path);
  try {
    await q.exec(db, 'PRAGMA busy_timeout = 10000');
    return await work(db);
  } finally {
    await q.close(db);
  }
}

/** integrity_check result and the event count (null before the schema exists). */
async function inspect(path: string): Promise<{ integrity: string; events: number | null }> {
  return withDb(path, async (db) => {
    const rows = await q.all<{ integrity_check: string }>(db, 'PRAGMA integrity_check');
    const integrity = rows.map((r) => r.integrity_check).join('; ');
    const table = await q.get<{ n: number }>(db, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'events'");
    const events = table?.n ? (await q.get<{ n: number }>(db, 'SELECT count(*) AS n FROM events'))!.n : null;
    return { integrity, events };
  });
}

/** A digest of every event's identity and content (not row ids, import ids or offsets). */
async function eventsDigest(path: string): Promise<{ digest: string; count: number }> {
  return withDb(path, async (db) => {
    const rows = await q.all<Record<string, unknown>>(
      db,
      `SELECT host, channel, provider, provider_guid, event_id, qualifiers, level, keywords, time_created, record_id,
              activity_id, process_id, user_sid, fields, message FROM events ORDER BY host, channel, record_id, time_created`,
    );
    const h = createHash('sha256');
    for (const r of rows) h.update(JSON.stringify(r)).update('\n');
    return { digest: h.digest('hex'), count: rows.length };
  });
}

function waitExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  child.stdout?.resume();
  child.stderr?.resume();
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
}

describe('crash safety and concurrency of the case database', async () => {
  const xmlReady = await xmlReaderReady();
  const skip = !xmlReady && 'the XML reader is not built yet';
  const dir = join(work, 'kill-corpus');
  mkdirSync(dir, { recursive: true });
  let expectedEvents = 0;
  if (xmlReady) {
    const forms = [
      { form: 'wevtutil', encoding: 'utf8' }, { form: 'eventviewer', encoding: 'utf16le' }, { form: 'wevtutil', encoding: 'utf8' },
      { form: 'eventviewer', encoding: 'utf8' }, { form: 'wevtutil', encoding: 'utf16le' },
    ] as const;
    for (const [i, f] of forms.entries()) {
      // distinct hosts per file would be more realistic, but overlapping identities exercise INSERT OR IGNORE
      await writeCorpus(join(dir, `part-${i + 1}.xml`), { events: 10_000, seed: 100 + i, ...f });
    }
  }

  it('SIGKILL at pseudo-random points until 20 kills landed mid-ingest, then a re-run: always consistent, ends with exactly the events of a clean ingest', { skip }, async () => {
    ensureBuilt();
    const refDb = join(work, 'kill-ref.db');
    const t0 = Date.now();
    const ref = await runCli(['ingest', '.', '--db', refDb], dir, 600_000);
    assert.equal(ref.code, 0, ref.stderr);
    const cleanMs = Date.now() - t0;
    const clean = await eventsDigest(refDb);
    expectedEvents = clean.count;
    assert.ok(clean.count > 45_000, `${clean.count} events in the clean ingest`);

    const db = join(work, 'kill.db');
    const rnd = prng(20261122);
    const after: number[] = [];
    let killedMidway = 0;
    let completed = 0;
    // until 20 kills have landed mid-ingest (runs that finish before their kill do not count)
    let iterations = 0;
    for (let i = 0; killedMidway < 20 && i < 80; i++, iterations++) {
      // Odd iterations re-read everything (--force: every record meets its stored twin), even ones
      // continue where the last run stopped (finished inputs are skipped, so they are shorter).
      const force = i % 2 === 1;
      const child = spawnCli(['ingest', '.', '--db', db, ...(force ? ['--force'] : [])], dir);
      const exited = waitExit(child);
      const span = force ? cleanMs : cleanMs / 4;
      const timer = setTimeout(() => child.kill('SIGKILL'), 20 + rnd(Math.max(200, Math.round(span))));
      const r = await within(600_000, `kill iteration ${i}`, exited);
      clearTimeout(timer);
      if (r.signal === 'SIGKILL') killedMidway++;
      else {
        assert.ok(r.code === 0 || r.code === 1, `iteration ${i}: exit ${r.code}`);
        completed++;
      }
      if (!existsSync(db)) { after.push(0); continue; }
      const state = await inspect(db);
      assert.equal(state.integrity, 'ok', `integrity after kill ${i}`);
      assert.ok((state.events ?? 0) <= clean.count, `after kill ${i}: ${state.events} events, never more than ${clean.count}`);
      after.push(state.events ?? 0);
    }
    const final = await runCli(['ingest', '.', '--db', db], dir, 600_000);
    assert.equal(final.code, 0, final.stderr);
    const state = await inspect(db);
    const end = await eventsDigest(db);
    assert.equal(state.integrity, 'ok');
    assert.equal(end.count, clean.count, 'same number of events as a clean ingest');
    assert.equal(end.digest, clean.digest, 'the same events, no duplicates, none lost');
    assert.ok(killedMidway >= 20, `${killedMidway} of ${iterations} kills landed mid-ingest`);
    // every input has a finished import; the interrupted ones are recognisable
    const statuses = await withDb(db, (d) => q.all<{ path: string; status: string }>(d, `SELECT path, status FROM imports WHERE status != 'running' ORDER BY path`));
    assert.deepEqual([...new Set(statuses.map((s) => s.path))].sort(), readdirSync(dir).sort());
    results.kill = {
      forced: Math.floor(iterations / 2), iterations, killedMidway, completedBeforeKill: completed, eventsAfterKills: after, expectedEvents: clean.count,
      finalEvents: end.count, integrity: state.integrity, identical: end.digest === clean.digest, files: readdirSync(dir).length,
    };
  });

  it('a reader sees whole committed batches while ingest writes (WAL)', { skip }, async () => {
    ensureBuilt();
    const src = join(work, 'wal');
    mkdirSync(src, { recursive: true });
    const { events: total } = await writeCorpus(join(src, 'big.xml'), { events: 60_000, seed: 7 });
    const db = join(src, 'case.db');
    const child = spawnCli(['ingest', 'big.xml', '--db', db], src);
    const exited = waitExit(child);
    let done = false;
    void exited.then(() => (done = true));
    let polls = 0;
    let partial = 0;
    let last = 0;
    let reader: Awaited<ReturnType<typeof openStore>> | null = null;
    let reportRun: ReturnType<typeof runCli> | null = null;
    while (!done) {
      if (!reader) {
        try {
          reader = await openStore(db, { readonly: true });
        } catch {
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
      }
      // one read transaction: both counts from the same snapshot
      await reader.run('BEGIN');
      const n = await reader.countEvents();
      const viaIndex = (await reader.get<{ n: number }>('SELECT count(*) AS n FROM events INDEXED BY events_host_time WHERE host >= ?', ['']))!.n;
      await reader.run('COMMIT');
      polls++;
      assert.equal(viaIndex, n, 'table and index agree');
      assert.ok(n >= last, `count never goes down (${last} → ${n})`);
      assert.ok(n % DEFAULT_BATCH_SIZE === 0 || n === total, `whole batches only: ${n}`);
      if (n > 0 && n < total) {
        partial++;
        // and the real report command, reading mid-ingest
        if (!reportRun && n >= 10_000) reportRun = runCli(['report', 'case.db', '--format', 'json'], src, 120_000);
      }
      last = n;
      await new Promise((r) => setTimeout(r, 5));
    }
    const r = await exited;
    assert.equal(r.code, 0);
    if (!reader) reader = await openStore(db, { readonly: true });
    assert.equal(await reader.countEvents(), total);
    await reader.close();
    assert.ok(partial > 0, `the reader saw intermediate states (${polls} polls)`);
    let reportOk = false;
    if (reportRun) {
      const rep = await reportRun;
      assert.equal(rep.code, 0, `report while ingest wrote: ${rep.stderr}`);
      const doc = JSON.parse(rep.stdout) as { hosts?: { events?: number }[] };
      const seen = (doc.hosts ?? []).reduce((a, h) => a + (h.events ?? 0), 0);
      assert.ok(seen >= 10_000 && (seen % DEFAULT_BATCH_SIZE === 0 || seen === total), `the report counted whole batches (${seen})`);
      reportOk = true;
    }
    results.wal = { polls, partialViews: partial, events: total, reportMidway: reportOk };
  });

  it('a full disk mid-ingest: the error is reported, the database stays consistent, a re-run completes it', { skip }, async () => {
    const db = join(work, 'full.db');
    const file = readdirSync(dir).sort()[0]!;
    let store = await openStore(db);
    try {
      const pages = (await store.get<{ page_count: number }>('PRAGMA page_count'))!.page_count;
      await store.run(`PRAGMA max_page_count = ${pages + 400}`); // ~1.6 MB more: a few batches fit
      await assert.rejects(ingestFiles(store, [file], { cwd: dir }), (e: NodeJS.ErrnoException) => e.code === 'SQLITE_FULL');
    } finally {
      await store.close();
    }
    const state = await inspect(db);
    assert.equal(state.integrity, 'ok');
    assert.ok(state.events! % DEFAULT_BATCH_SIZE === 0, `whole batches only (${state.events})`);
    store = await openStore(db);
    try {
      const [r] = await ingestFiles(store, [file], { cwd: dir });
      assert.equal(r!.skipped, false, 'the interrupted import is not taken for a finished one');
      assert.equal(await store.countEvents(), r!.events);
    } finally {
      await store.close();
    }
    results.storage.push({ situation: 'SQLITE_FULL mid-ingest (PRAGMA max_page_count)', message: 'in-process: rejected with SQLITE_FULL, whole batches kept, integrity ok, re-run completes' });
  });

  it('the CLI reports a full disk and a read-only database in one line, without a stack trace', { skip: (skip || (process.platform === 'win32' && 'POSIX only')) as string | false }, async () => {
    ensureBuilt();
    const file = join(dir, readdirSync(dir).sort()[0]!);
    // disk full: a file size limit (SIGXFSZ ignored so writes fail with EFBIG instead of killing)
    const limited = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn('sh', ['-c', `trap '' XFSZ; ulimit -f 1024; exec "${process.execPath}" "${join(ROOT, 'bin', 'rdplens')}" ingest "${file}" --db full-cli.db`], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stdout.resume();
      child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    assert.equal(limited.code, 2, limited.stderr);
    assert.match(limited.stderr, /^rdplens: case database: .*disk/m);
    assert.doesNotMatch(limited.stderr, /\n\s+at /);
    assert.equal(limited.stderr.trim().split('\n').length, 1, limited.stderr);
    results.storage.push({ situation: 'disk full (file size limit) through the CLI, exit 2', message: limited.stderr.trim() });

    // read-only: a finished case database in a read-only folder, opened by a user who cannot write it
    const roDir = join(work, 'ro');
    mkdirSync(roDir, { recursive: true });
    const roDb = join(roDir, 'case.db');
    const made = await runCli(['ingest', file, '--db', roDb], work, 120_000);
    assert.equal(made.code, 0, made.stderr);
    const other = join(work, 'other.xml');
    await writeCorpus(other, { events: 50, seed: 3 });
    chmodSync(roDb, 0o444);
    chmodSync(roDir, 0o555);
    chmodSync(work, 0o755);
    const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    if (asNobody.length && spawnSync('setpriv', ['--version']).status !== 0) return;
    // the other user must reach the program itself (a checkout inside a private folder is out of its reach)
    if (asNobody.length && spawnSync(asNobody[0]!, [...asNobody.slice(1), 'test', '-r', join(ROOT, 'bin', 'rdplens')]).status !== 0) return;
    try {
      const ro = await runCli(['ingest', other, '--db', roDb], work, 120_000, asNobody);
      assert.equal(ro.code, 2, ro.stderr);
      assert.match(ro.stderr, /^rdplens: .*read-?only|^rdplens: .*(permission|EACCES|unable to open)/im);
      assert.doesNotMatch(ro.stderr, /\n\s+at |internal error/);
      assert.equal(ro.stderr.trim().split('\n').length, 1, ro.stderr);
      results.storage.push({ situation: 'read-only case database (file 0444 in a 0555 folder, non-root user) through the CLI, exit 2', message: ro.stderr.trim() });
    } finally {
      chmodSync(roDir, 0o755);
      chmodSync(work, 0o700);
    }
  });
});
