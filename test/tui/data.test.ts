import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTuiData } from '../../src/tui/data.js';
import { jsonRaw, plainDescribe } from '../../src/tui/describe.js';
import { buildFixture } from '../helpers/tui-fixture.js';
import { tempDir } from '../helpers/tmp.js';

async function setup(t: Parameters<typeof tempDir>[0]) {
  const fx = await buildFixture(tempDir(t));
  t.after(() => fx.store.close());
  const data = await openTuiData(fx.store, { knowledge: { describe: plainDescribe, renderRaw: jsonRaw } });
  return { fx, data };
}

test('attempts list: failures first, then time; paging returns the window asked for', async (t) => {
  const { data } = await setup(t);
  const all = await data.attemptPage('', 'failures', 0, 50);
  assert.equal(all.total, 5);
  assert.deepEqual(all.rows.map((r) => r.id), ['WS042/c/1006', 'RDSH01/s/1000', 'RDSH01/s/1008', 'RDSH01/s/1011', 'RDSH01/s/1018']);
  assert.deepEqual(all.rows.map((r) => r.failed), [true, true, true, false, false]);
  assert.equal(all.rows[1]!.topPattern, 'cert-private-key');
  const page = await data.attemptPage('', 'failures', 2, 2);
  assert.deepEqual(page.rows.map((r) => r.id), ['RDSH01/s/1008', 'RDSH01/s/1011']);
  assert.equal(page.offset, 2);
  const byTime = await data.attemptPage('', 'time', 0, 50);
  assert.deepEqual(byTime.rows.map((r) => r.start), [...byTime.rows.map((r) => r.start)].sort());
});

test('filters: keyed terms, event ids and free text all narrow the list', async (t) => {
  const { data } = await setup(t);
  const ids = async (f: string) => (await data.attemptPage(f, 'failures', 0, 50)).rows.map((r) => r.id);
  assert.deepEqual(await ids('client:10.0.0.7'), ['RDSH01/s/1008']);
  assert.deepEqual(await ids('user:alice'), ['RDSH01/s/1011']);
  assert.deepEqual(await ids('pattern:cert'), ['WS042/c/1006', 'RDSH01/s/1000']);
  assert.deepEqual(await ids('id:36870'), ['RDSH01/s/1000']);
  assert.deepEqual(await ids('id:131 outcome:probe'), ['RDSH01/s/1018']);
  assert.deepEqual(await ids('host:ws042'), ['WS042/c/1006']);
  assert.deepEqual(await ids('203.0.113'), ['RDSH01/s/1018']);
  assert.deepEqual(await ids('client:10.0.0.7 user:alice'), []);
  assert.equal(await data.attemptPosition('client:10.0.0', 'failures', 'RDSH01/s/1011'), 2);
  assert.equal(await data.nextFailed('', 'failures', 0, 1), 1);
  assert.equal(await data.nextFailed('', 'failures', 2, 1), -1);
});

test('timeline rows carry stage, join key, confidence, relative time and evidence marks', async (t) => {
  const { data, fx } = await setup(t);
  const tl = await data.timelinePage('RDSH01/s/1000', 0, 100);
  assert.equal(tl.total, 6);
  assert.deepEqual(tl.rows.map((r) => r.code), [131, 65, 1058, 36870, 56, 103]);
  assert.deepEqual(tl.rows.map((r) => r.joinKey), ['opener', 'activity-id', 'time', 'time', 'address+time', 'activity-id']);
  assert.deepEqual(tl.rows.map((r) => r.relMs), [0, 5, 80, 100, 130, 150]);
  assert.equal(tl.rows[3]!.confidence, 0.7);
  assert.deepEqual(tl.rows.map((r) => r.evidenceFor.length > 0), [false, false, true, true, false, false]);
  const second = await data.timelinePage('RDSH01/s/1000', 4, 10);
  assert.deepEqual(second.rows.map((r) => r.eventId), [fx.ids.get('a1.56'), fx.ids.get('a1.103')]);
  assert.deepEqual(await data.timelineMatches('RDSH01/s/1000', 'id:36870'), [3]);
  assert.deepEqual(await data.timelineMatches('RDSH01/s/1000', 'Schannel'), [3]);
});

test('evidence leads back to its attempt, preferring the finding’s own', async (t) => {
  const { data, fx } = await setup(t);
  assert.deepEqual(await data.locateEvent(fx.ids.get('c1.1026')!, ['RDSH01/s/1000', 'WS042/c/1006']), { attemptId: 'WS042/c/1006', index: 1 });
  assert.deepEqual(await data.locateEvent(fx.ids.get('a2.4625')!, []), { attemptId: 'RDSH01/s/1008', index: 1 });
  const d = await data.event(fx.ids.get('a1.36870')!);
  assert.equal(d?.event.eventId, 36870);
  assert.deepEqual(d?.evidenceFor.map((f) => f.severity), ['error']);
  assert.equal(await data.event(999999), undefined);
});

test('overview counts hosts, outcomes, findings, coverage and parse issues', async (t) => {
  const { data } = await setup(t);
  const o = await data.overview();
  assert.equal(o.events, 20);
  assert.deepEqual(o.hosts.map((h) => [h.host, h.events, h.attempts, h.failures]), [['RDSH01.corp.example', 18, 4, 2], ['WS042.corp.example', 2, 1, 1]]);
  assert.deepEqual(o.attemptsByOutcome, [['failed-before-logon', 3], ['disconnected', 1], ['probe', 1]]);
  assert.deepEqual(o.findingsBySeverity, [['error', 1], ['warning', 1], ['info', 1]]);
  assert.equal(o.coverage.length, 1);
  assert.equal(o.parseIssues, 1);
  assert.equal(o.first, '2026-03-05T10:00:00.0500000Z');
  assert.deepEqual((await data.findings('pattern:nla')).map((f) => f.pattern), ['nla-failure']);
  assert.deepEqual((await data.findings('id:1026')).map((f) => f.pattern), ['cert-private-key']);
});

test('sessions list and a session timeline', async (t) => {
  const { data } = await setup(t);
  const page = await data.sessionPage('', 0, 10);
  assert.deepEqual(page.rows.map((r) => [r.id, r.user, r.outcome, r.attempts, r.events, r.evidence]), [['RDSH01/session/2', 'CORP\\alice', 'disconnected', 1, 5, false]]);
  assert.equal((await data.sessionPage('user:bob', 0, 10)).total, 0);
  const tl = await data.timelinePage('RDSH01/session/2', 0, 10, 'session');
  assert.deepEqual(tl.rows.map((r) => [r.code, r.joinKey, r.relMs]), [[4624, 'logon-id', 0], [21, 'session-id', 500], [22, 'session-id', 800], [24, 'session-id', 2521500], [40, 'session-id', 2521510]]);
  assert.deepEqual(await data.timelineMatches('RDSH01/session/2', 'id:40', 'session'), [4]);
});
