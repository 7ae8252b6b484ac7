/**
 * Hostile inputs through the real ingest: every file of the generated corpus (test/hostile/generate.ts)
 * is ingested into a fresh case database, in-process or — for the big ones — in a child process
 * whose peak RSS is measured. Each must finish within its hang bound, keep every valid record,
 * and record a parse issue. Results are written to docs/robustness.md (see test/hostile/report.ts).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/sqlite-store.js';
import { ingestFiles } from '../src/ingest/pipeline.js';
import { expandInputs } from '../src/ingest/paths.js';
import { readEvents } from '../parsers/input.js';
import type { ParseIssue, ParserItem, RawEvent } from '../src/model/event.js';
import { evtxFixture, generateHostile, generateMixedFolder, smallXml, validEvent, type HostileCase } from './hostile/generate.js';
import { ensureBuilt, runCli, within, ROOT } from './hostile/cli.js';
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

/** Is the streaming XML reader in this build (rather than its placeholder)? */
export async function xmlReaderReady(): Promise<boolean> {
  for await (const item of readEvents((async function* () { yield Buffer.from(validEvent(1)); })(), { file: 'probe.xml' })) {
    if (item.kind === 'event') return true;
  }
  return false;
}

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
    const { mkdirSync, writeFileSync } = await import('node:fs');
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
});
