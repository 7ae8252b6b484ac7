import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { buildReportModel, buildAnalysisDocument } from '../../src/report/model.js';
import { EXPORTERS, REPORT_FORMATS, renderReport } from '../../src/report/index.js';
import { toJsonReport } from '../../src/report/json.js';
import { CSV_COLUMNS } from '../../src/report/csv.js';
import { main } from '../../src/cli.js';
import { captureIO } from '../helpers/io.js';
import { buildReportFixture, HOSTILE } from '../helpers/report-fixture.js';
import { assertGolden } from '../helpers/golden.js';
import { tempDir } from '../helpers/tmp.js';
import { parseCsv } from '../helpers/csv.js';

const EXT: Record<string, string> = { md: 'md', html: 'html', json: 'json', csv: 'csv', 'ecs-ndjson': 'ndjson' };

test('each format matches its golden file for the certificate scenario', async (t) => {
  const { store } = await buildReportFixture(tempDir(t));
  t.after(() => store.close());
  const model = await buildReportModel(store);
  for (const format of REPORT_FORMATS) assertGolden(`report.${EXT[format]}`, renderReport(model, format));
});

test('reports are byte-identical across runs and across databases built from the same input', async (t) => {
  const a = await buildReportFixture(tempDir(t));
  const b = await buildReportFixture(tempDir(t));
  t.after(async () => { await a.store.close(); await b.store.close(); });
  const m1 = await buildReportModel(a.store);
  const m2 = await buildReportModel(a.store);
  const m3 = await buildReportModel(b.store);
  for (const format of REPORT_FORMATS) {
    const first = renderReport(m1, format);
    assert.equal(renderReport(m2, format), first, `${format}: second run differs`);
    assert.equal(renderReport(m3, format), first, `${format}: second database differs`);
  }
  // no clock value unless asked for
  assert.equal(m1.document.generatedAt, undefined);
  const stamped = await buildReportModel(a.store, { generatedAt: '2026-11-21T08:00:00.0000000Z' });
  assert.match(renderReport(stamped, 'md'), /generated 2026-11-21T08:00:00\.0000000Z/);
  assert.equal(JSON.parse(renderReport(stamped, 'json')).generatedAt, '2026-11-21T08:00:00.0000000Z');
});

test('the JSON report is the analysis document plus the timelines', async (t) => {
  const { store } = await buildReportFixture(tempDir(t));
  t.after(() => store.close());
  const model = await buildReportModel(store);
  const json = JSON.parse(renderReport(model, 'json'));
  const doc = await buildAnalysisDocument(store);
  const { timelines, timelinesOmitted, ...rest } = json;
  assert.deepEqual(rest, JSON.parse(JSON.stringify(doc)));
  assert.deepEqual(Object.keys(json), [...Object.keys(doc), 'timelines', 'timelinesOmitted']);
  assert.equal(timelinesOmitted, 0);
  // the two failed attempts, in finding order; the successful logon and the probe get none
  assert.deepEqual(timelines.map((x: { attemptId: string }) => x.attemptId), ['RDSH01.corp.example/s/4101', 'RDSH01.corp.example/s/4106']);
  const tl = toJsonReport(model).timelines[0];
  assert.deepEqual(tl.events.map((e) => [e.eventCode, e.stage]), [[131, 'S1'], [65, 'S1'], [36870, 'S3'], [143, 'S9'], [103, 'S9']]);
  assert.deepEqual(tl.events.map((e) => e.evidenceFor.length > 0), [false, false, true, false, false]);
  // ranked causes: the failure first, then security, then noise
  assert.deepEqual(doc.findings.map((f) => f.category), ['failure', 'security', 'noise']);
  assert.equal(model.summary.causes.length, 1);
  assert.match(model.summary.headline, /^2 of 4 connection attempts to RDSH01\.corp\.example failed before logon for user CORP\\alice from client 10\.0\.0\.5/);
  assert.equal(doc.inputs.length, 4);
  assert.ok(doc.inputs.every((i) => /^[0-9a-f]{64}$/.test(i.sha256)));
  assert.deepEqual(doc.hosts.map((h) => [h.host, h.events, h.attempts, h.failures]), [['RDSH01.corp.example', 17, 4, 2]]);
});

test('filters narrow attempts, findings and timelines', async (t) => {
  const { store } = await buildReportFixture(tempDir(t));
  t.after(() => store.close());
  const other = await buildReportModel(store, { filter: { host: 'RDSH02' } });
  assert.equal(other.document.attempts.length, 0);
  assert.equal(other.document.findings.length, 0);
  assert.equal(other.document.hosts.length, 0);
  assert.equal(other.document.inputs.length, 4, 'chain of custody always lists every input');
  const scanner = await buildReportModel(store, { filter: { client: '203.0.113.50' } });
  assert.deepEqual(scanner.document.attempts.map((a) => a.clientAddress), ['203.0.113.50']);
  assert.deepEqual(scanner.document.findings.map((f) => f.pattern), ['exposed-rdp', 'scanner-noise']);
  assert.equal(scanner.timelines.length, 0);
  const late = await buildReportModel(store, { filter: { since: '2026-11-20T14:03:00.0000000Z' } });
  assert.deepEqual(late.timelines.map((x) => x.attemptId), ['RDSH01.corp.example/s/4106']);
  assert.equal(late.document.findings.length, 3, 'findings overlapping the window stay');
  const early = await buildReportModel(store, { filter: { until: '2026-11-20T10:00:00.0000000Z' } });
  assert.equal(early.document.findings.length, 0);
  assert.deepEqual(early.document.attempts.map((a) => a.outcome), ['succeeded']);
  assert.match(renderReport(early, 'md'), /No connection attempt|none failed before logon/);
  const capped = await buildReportModel(store, { maxTimelines: 1 });
  assert.equal(capped.timelines.length, 1);
  assert.equal(capped.timelinesOmitted, 1);
  assert.match(renderReport(capped, 'html'), /1 more failing attempts are not shown/);
});

test('Markdown marks security-weakening steps and keeps GFM tables intact', async (t) => {
  const { store } = await buildReportFixture(tempDir(t));
  t.after(() => store.close());
  const md = renderReport(await buildReportModel(store), 'md');
  assert.match(md, /3\. ⚠ \*\*Lowers security: use only as a temporary test, then undo it\.\*\* To confirm the diagnosis only/);
  assert.match(md, /## Security findings\n\n### 2\. RDP is reachable from the Internet/);
  assert.doesNotMatch(md, /(?<!\\)<(?!https:\/\/)[a-z/!]/i, 'no raw HTML');
  for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
    const cols = line.split(/(?<!\\)\|/).length - 2;
    assert.ok([6, 7, 5, 9].includes(cols), `unexpected column count ${cols}: ${line}`);
  }
});

test('hostile event text cannot break out of any format', async (t) => {
  const { store } = await buildReportFixture(tempDir(t), { hostile: true });
  t.after(() => store.close());
  const model = await buildReportModel(store);
  const out = Object.fromEntries(REPORT_FORMATS.map((f) => [f, EXPORTERS[f](model)])) as Record<string, string>;
  for (const [format, text] of Object.entries(out)) {
    assert.ok(!text.includes('\u001b'), `${format}: raw ESC`);
    assert.ok(!text.includes('\u0007'), `${format}: raw BEL`);
  }
  // HTML: the only tags are ours
  const html = out.html;
  assert.equal((html.match(/<script/gi) ?? []).length, 0);
  assert.equal((html.match(/<\/style>/gi) ?? []).length, 1);
  assert.equal((html.match(/<img/gi) ?? []).length, 0);
  assert.doesNotMatch(html, /<[^>]*\son(load|error)=/i);
  assert.doesNotMatch(html, /href="javascript:/i);
  assert.match(html, /&lt;script&gt;document\.title=&quot;pwned&quot;&lt;\/script&gt;/);
  assert.ok(!html.includes(HOSTILE.long.slice(0, 5000)), 'very long values are clipped');
  // Markdown: no tag, no link or image to a hostile target, and table rows keep their column count
  const md = out.md;
  // (fenced code blocks are literal text in every Markdown renderer, so they are checked separately)
  const prose = md.replace(/^ *(`{3,})\n[\s\S]*?\n *\1$/gm, '');
  assert.ok(prose.length < md.length);
  assert.doesNotMatch(prose, /(?<!\\)<(?!https:\/\/learn)[a-z/!]/i);
  assert.doesNotMatch(prose, /(?<!\\)\]\(javascript:/);
  assert.doesNotMatch(prose, /(?<!\\)\[img/);
  assert.match(md, /\\\[click me\\\]\(javascript:alert\(3\)\)/);
  for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
    const cols = line.split(/(?<!\\)\|/).length - 2;
    assert.ok([5, 6, 7, 9].includes(cols), `broken table row (${cols} columns): ${line.slice(0, 200)}`);
  }
  // a fenced command block cannot be closed by backticks in the command
  assert.match(md, /````\n {3}Restart-Service TermService -Force ```/);
  // references that are not plain http(s) URLs are not links
  assert.doesNotMatch(md, /<javascript:/);
  assert.doesNotMatch(html, /<a href="https:\/\/learn\.microsoft\.com\/x&quot;/);
  // CSV parses back to a rectangle and nothing starts like a formula
  const rows = parseCsv(out.csv);
  assert.deepEqual(rows[0], [...CSV_COLUMNS]);
  assert.ok(rows.length > 1);
  for (const r of rows) {
    assert.equal(r.length, CSV_COLUMNS.length);
    for (const cell of r) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `formula-like cell ${cell.slice(0, 40)}`);
  }
  // ECS: every line is one JSON object; hostile text stays inside string values
  for (const line of out['ecs-ndjson'].trimEnd().split('\n')) {
    const o = JSON.parse(line);
    assert.equal(typeof o['@timestamp'], 'string');
  }
  const json = JSON.parse(out.json);
  assert.ok(json.findings[0].explanation.startsWith(HOSTILE.long), 'JSON keeps the full value');
});

test('CSV: one row per timeline event, RFC 4180 quoting, formula guard', async (t) => {
  const { store } = await buildReportFixture(tempDir(t));
  t.after(() => store.close());
  const model = await buildReportModel(store);
  const csv = renderReport(model, 'csv');
  assert.ok(csv.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(csv.replace(/"[^"]*"/g, '')), 'record separator is CRLF');
  const rows = parseCsv(csv);
  const events = model.timelines.reduce((n, x) => n + x.events.length, 0);
  assert.equal(rows.length, 1 + events);
  const col = (name: string) => CSV_COLUMNS.indexOf(name as (typeof CSV_COLUMNS)[number]);
  const schannel = rows.find((r) => r[col('event_id')] === '36870')!;
  assert.equal(schannel[col('attempt_id')], 'RDSH01.corp.example/s/4101');
  assert.equal(schannel[col('stage')], 'S3');
  assert.match(schannel[col('meaning')], /0x8009030D/);
  assert.equal(schannel[col('evidence_for')], 'cert-private-key/RDSH01.corp.example/10.0.0.5/2026-11-20T14:02:03.2000000Z');
});

test('ECS NDJSON: events and findings under Elastic Common Schema names', async (t) => {
  const { store } = await buildReportFixture(tempDir(t));
  t.after(() => store.close());
  const model = await buildReportModel(store);
  const lines = renderReport(model, 'ecs-ndjson').trimEnd().split('\n').map((l) => JSON.parse(l));
  const alerts = lines.filter((l) => l.event.kind === 'alert');
  const events = lines.filter((l) => l.event.kind === 'event');
  assert.equal(alerts.length, 3);
  const cert = alerts.find((a) => a.rule.id === 'cert-private-key');
  assert.equal(cert.rule.name, "TermService cannot use the RDP certificate's private key");
  assert.equal(cert.event.severity, 73);
  assert.equal(cert.source.ip, '10.0.0.5');
  assert.deepEqual(cert.user, { name: 'alice', domain: 'CORP' });
  assert.equal(cert.host.name, 'RDSH01.corp.example');
  // 10 timeline events + RCM 1057 and the two scanner events that are evidence only
  assert.equal(events.length, 13);
  const s = events.find((e) => e.event.code === '36870');
  assert.equal(s['@timestamp'], '2026-11-20T14:02:03.3500000Z');
  assert.equal(s.event.provider, 'Schannel');
  assert.equal(s.winlog.channel, 'System');
  assert.equal(s.winlog.record_id, '88211');
  assert.equal(s.source.ip, '10.0.0.5');
  assert.equal(s.rdplens.stage, 'S3');
  assert.ok(events.some((e) => e.event.code === '1057' && e.event.dataset === 'rdplens.evidence'));
});

test('rdplens report writes each format from a case database', async (t) => {
  const dir = tempDir(t);
  const { store, path } = await buildReportFixture(dir);
  const expected = renderReport(await buildReportModel(store), 'json');
  await store.close();
  const c = captureIO(dir);
  assert.equal(await main(['report', path, '--format', 'json'], c), 0);
  assert.equal(c.out(), expected);
  const c2 = captureIO(dir);
  assert.equal(await main(['report', 'case.db', '-f', 'html', '-o', 'incident.html', '--host', 'rdsh01.corp.example'], c2), 0);
  const html = readFileSync(join(dir, 'incident.html'), 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(c2.err(), /wrote html report to incident\.html/);
  const c3 = captureIO(dir);
  assert.equal(await main(['report', path, '--format', 'pdf'], c3), 2);
  assert.match(c3.err(), /unknown report format "pdf"/);
  const c4 = captureIO(dir);
  assert.equal(await main(['report', path, '--since', 'yesterday'], c4), 2);
  assert.match(c4.err(), /--since "yesterday" is not a time/);
  const c5 = captureIO(dir);
  writeFileSync(join(dir, 'notes.db'), 'not a database');
  assert.equal(await main(['report', join(dir, 'notes.db')], c5), 2);
  assert.match(c5.err(), /is not an rdplens case database/);
  const c6 = captureIO(dir);
  assert.equal(await main(['report', join(dir, 'missing.db')], c6), 2);
  assert.match(c6.err(), /no such case database/);
});

test('ingested files appear in the report with their SHA-256 (chain of custody)', async (t) => {
  const dir = tempDir(t);
  const fixture = join('test', 'fixtures', 'evtx', 'Security_short_selected.evtx');
  const bytes = readFileSync(fixture);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const ingest = captureIO(process.cwd());
  const code = await main(['ingest', fixture, '--db', join(dir, 'case.db')], ingest);
  assert.ok(code === 0 || code === 1, ingest.err());
  const c = captureIO(dir);
  assert.equal(await main(['report', 'case.db', '--format', 'md'], c), 0, c.err());
  const md = c.out();
  assert.match(md, new RegExp(`\\| ${sha} \\| ${bytes.length} \\| evtx \\|`));
  assert.match(md, /## Hosts\n\n\| Host \| Events/);
  const json = JSON.parse((await (async () => { const j = captureIO(dir); await main(['report', 'case.db', '-f', 'json'], j); return j.out(); })()));
  assert.equal(json.inputs[0].sha256, sha);
  assert.ok(json.hosts[0].events > 0);
  assert.deepEqual(json.attempts, []);
});
