/**
 * Reports from the bundled samples through the whole pipeline (ingest → correlate → diagnose →
 * report): golden files for the expired-certificate story in every format, and byte-identical output
 * when the same samples are analysed into two separate databases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli.js';
import { REPORT_FORMATS } from '../../src/report/index.js';
import { captureIO } from '../helpers/io.js';
import { assertGolden } from '../helpers/golden.js';
import { tempDir } from '../helpers/tmp.js';

const SAMPLES = join(process.cwd(), 'samples');
const EXT: Record<string, string> = { md: 'md', html: 'html', json: 'json', csv: 'csv', 'ecs-ndjson': 'ndjson' };
const skip = existsSync(SAMPLES) ? false : 'samples/ not present';

async function report(args: string[], cwd: string): Promise<string> {
  const io = captureIO(cwd);
  const code = await main(['report', ...args], io);
  assert.ok(code === 0, `report ${args.join(' ')} exited ${code}: ${io.err()}`);
  return io.out();
}

test('expired-certificate sample: golden report in every format', { skip }, async (t) => {
  const db = join(tempDir(t), 'case.db');
  // Run inside the scenario folder so input paths carry no separator (same golden on Windows).
  const cwd = join(SAMPLES, 'cert-expired');
  const first = await report(['.', '--db', db, '--format', 'md'], cwd);
  assertGolden('report-cert-expired.md', first);
  for (const format of REPORT_FORMATS) assertGolden(`report-cert-expired.${EXT[format]}`, await report([db, '--format', format], cwd));
  assert.match(first, /1\. \*\*Expired Remote Desktop certificate was not renewed\*\* \(error/);
  assert.match(first, /\| RDSH02-System\.xml \| [0-9a-f]{64} \|/);
});

test('all samples: reports do not depend on the database or the order inputs were given in', { skip, timeout: 180_000 }, async (t) => {
  const dir = tempDir(t);
  const names = ['cert-expired', 'healthy-session', 'network-drop', 'nla-bad-password', 'password-guessing', 'scanner-probes', 'tls-mismatch'];
  const [a, b, c] = ['a.db', 'b.db', 'c.db'].map((n) => join(dir, n));
  await report([...names, '--db', a, '-f', 'json'], SAMPLES);
  await report([...names, '--db', b, '-f', 'json'], SAMPLES);
  await report([...[...names].reverse(), '--db', c, '-f', 'json'], SAMPLES);
  // Event row ids (events.id) follow ingest order; every other byte must not.
  const withoutRowIds = (text: string) => text.replace(/"(eventId|event_row_id)": ?\d+/g, '"$1":0').replace(/"evidenceEventIds": ?\[[^\]]*\]/g, '');
  for (const format of REPORT_FORMATS) {
    const ra = await report([a, '-f', format], SAMPLES);
    assert.equal(await report([b, '-f', format], SAMPLES), ra, `${format}: second database differs`);
    const rc = await report([c, '-f', format], SAMPLES);
    if (format === 'json' || format === 'ecs-ndjson') assert.equal(withoutRowIds(rc), withoutRowIds(ra), `${format}: input order changed more than row ids`);
    else assert.equal(rc, ra, `${format}: input order changed the report`);
  }
  const json = JSON.parse(await report([a, '-f', 'json'], SAMPLES));
  assert.ok(json.findings.some((f: { category: string }) => f.category === 'security'));
  assert.ok(json.timelines.length > 10);
});
