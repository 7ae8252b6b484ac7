/**
 * A scanner flood: thousands of probe attempts and failed attempts, one noise finding citing every
 * probe event. The report must stay bounded (capped timelines and evidence rows in the human formats)
 * while the JSON keeps everything, and building it must not blow up with the number of attempts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openStore } from '../../src/store/sqlite-store.js';
import type { Attempt, Finding } from '../../src/model/analysis.js';
import { buildReportModel } from '../../src/report/model.js';
import { renderReport, REPORT_FORMATS } from '../../src/report/index.js';
import { makeEvent } from '../helpers/events.js';
import { tempDir } from '../helpers/tmp.js';

const N = 3000;

test('a flood of attempts gives a bounded report', { timeout: 120_000 }, async (t) => {
  const store = await openStore(join(tempDir(t), 'flood.db'));
  t.after(() => store.close());
  const imp = await store.beginImport({ path: 'flood.xml', sha256: 'f'.repeat(64), size: 1 });
  const time = (i: number) => new Date(Date.UTC(2026, 10, 20, 0, 0, 0) + i * 1000).toISOString().replace('Z', '0000Z');
  const events = Array.from({ length: N }, (_, i) =>
    makeEvent({ eventId: 131, recordId: i + 1, time: time(i), fields: { ConnType: 'TCP', ClientIP: `198.51.100.${i % 250}:4${i % 1000}` } }),
  );
  await store.insertEvents(imp, events);
  await store.finishImport(imp, { sha256: 'f'.repeat(64), size: 1, format: 'wevtutil-xml', encoding: 'utf-8', events: N, newEvents: N, issues: 0, status: 'ok' });
  const rows = await store.all<{ id: number; record_id: number }>('SELECT id, record_id FROM events ORDER BY record_id');
  const host = 'RDSH01.corp.example';
  const attempts: Attempt[] = rows.map((r, i) => ({
    id: `${host}/s/${r.record_id}`, host, side: 'server', clientAddress: `198.51.100.${i % 250}`, clientPort: null, target: null, user: null,
    start: time(i), end: time(i), stage: 'S1', outcome: 'failed-before-logon', disconnect: null, activityId: null, connectionName: null,
    sessionId: null, logonId: null, peerAttemptId: null, peerJoin: null, events: [{ eventId: r.id, joinKey: 'opener', confidence: 1, stage: 'S1' }],
  }));
  await store.replaceCorrelation(host, attempts, []);
  const noise: Finding = {
    id: 'scanner-noise/flood', pattern: 'scanner-noise', category: 'noise', severity: 'info', title: 'Scanner flood', host,
    clientAddress: null, user: null, attemptIds: attempts.map((a) => a.id), firstSeen: time(0), lastSeen: time(N - 1), count: N,
    confidence: 0.9, evidence: rows.map((r, i) => ({ eventId: r.id, host, channel: events[i].channel, provider: events[i].provider, eventCode: 131, recordId: r.record_id, time: time(i), meaning: 'probe' })),
    explanation: 'Many short connections.', remedy: [], references: [],
  };
  await store.replaceFindings([noise], []);

  const model = await buildReportModel(store);
  assert.equal(model.document.attempts.length, N);
  assert.equal(model.timelines.length, 100);
  assert.equal(model.timelinesOmitted, N - 100);
  assert.equal(model.summary.failedAttempts, N);
  assert.match(model.summary.headline, /^3000 of 3000 connection attempts to RDSH01\.corp\.example failed before logon for clients 198\.51\.100\.0, 198\.51\.100\.1, 198\.51\.100\.10, 198\.51\.100\.100, 198\.51\.100\.101 and 245 more, between /);
  const sizes = Object.fromEntries(REPORT_FORMATS.map((f) => [f, renderReport(model, f).length]));
  assert.ok(sizes.md < 200_000, `Markdown ${sizes.md} bytes`);
  assert.ok(sizes.html < 1_000_000, `HTML ${sizes.html} bytes`);
  assert.match(renderReport(model, 'md'), /2950 more evidence events are listed in the JSON output/);
  assert.equal(JSON.parse(renderReport(model, 'json')).findings[0].evidence.length, N);
  // one line per shown timeline event, plus the evidence events outside them, plus the finding
  assert.equal(renderReport(model, 'ecs-ndjson').trimEnd().split('\n').length, N + 1);
  const all = await buildReportModel(store, { maxTimelines: 0 });
  assert.equal(all.timelines.length, N);
  assert.equal(renderReport(all, 'csv').split('\r\n').length - 2, N);
});
