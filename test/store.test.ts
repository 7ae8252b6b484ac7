import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { openStore } from '../src/store/sqlite-store.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../src/store/schema.js';
import { close, exec, openDb } from '../src/store/sqlite.js';
import type { Attempt, Finding, Session } from '../src/model/analysis.js';
import { makeEvent } from './helpers/events.js';
import { tempDir } from './helpers/tmp.js';

test('events are stored once per identity and stream back in time order', async (t) => {
  const dir = tempDir(t);
  const store = await openStore(join(dir, 'case.db'));
  t.after(() => store.close());
  const imp = await store.beginImport({ path: 'a.xml', sha256: 'x', size: 1 });
  const evs = Array.from({ length: 1234 }, (_, i) =>
    makeEvent({ eventId: 131, recordId: i + 1, time: `2026-01-01T00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.0000000Z`, fields: { ClientIP: `10.0.0.${i % 250}:5000`, ConnType: 'TCP' } }),
  );
  assert.equal(await store.insertEvents(imp, evs.slice().reverse()), 1234);
  // the same records again (an overlapping export, python-evtx microseconds) add nothing
  const again = evs.slice(0, 600).map((e) => ({ ...e, time: e.time.replace('.0000000Z', '.0000030Z') }));
  assert.equal(await store.insertEvents(imp, again), 0);
  assert.equal(await store.countEvents(), 1234);
  const seen: string[] = [];
  for await (const e of store.streamEvents({ host: 'RDSH01.corp.example', pageSize: 100 })) seen.push(`${e.time}/${e.recordId}`);
  assert.equal(seen.length, 1234);
  assert.deepEqual(seen, [...seen].sort());
  const [first] = await store.getEvents([1]);
  assert.equal(first.fields.ConnType, 'TCP');
  assert.equal(first.origin.file, 'a.xml');
  const v = await store.get<{ user_version: number }>('PRAGMA user_version');
  assert.equal(v?.user_version, SCHEMA_VERSION);
});

test('correlation and findings round-trip and are replaced wholesale', async (t) => {
  const dir = tempDir(t);
  const store = await openStore(join(dir, 'case.db'));
  t.after(() => store.close());
  const imp = await store.beginImport({ path: 'a.xml', sha256: 'x', size: 1 });
  await store.insertEvents(imp, [makeEvent({ eventId: 131, recordId: 1, time: '2026-01-01T00:00:00.0000000Z' }), makeEvent({ eventId: 103, recordId: 2, time: '2026-01-01T00:00:05.0000000Z' })]);
  const attempt: Attempt = {
    id: 'RDSH01:s:1', host: 'RDSH01.corp.example', side: 'server', clientAddress: '10.0.0.5', clientPort: 50000, target: null, user: null,
    start: '2026-01-01T00:00:00.0000000Z', end: '2026-01-01T00:00:05.0000000Z', stage: 'S1', outcome: 'probe',
    disconnect: { code: 14, table: 'rdpcorets103', name: 'x', description: 'y' }, activityId: 'a', connectionName: 'RDP-Tcp#3',
    sessionId: null, logonId: null, peerAttemptId: null, peerJoin: null,
    events: [{ eventId: 1, joinKey: 'opener', confidence: 1, stage: 'S1' }, { eventId: 2, joinKey: 'activity-id', confidence: 1, stage: 'S9' }],
  };
  const session: Session = {
    id: 'RDSH01:session:1', host: 'RDSH01.corp.example', user: 'CORP\\alice', sessionId: 2, clientAddress: '10.0.0.5', start: attempt.start,
    end: null, attemptIds: [attempt.id], reconnects: 0, disconnects: 1, outcome: 'disconnected', events: [{ eventId: 2, joinKey: 'session-id', confidence: 0.9, stage: 'S9' }],
  };
  await store.replaceCorrelation(attempt.host, [attempt], [session]);
  await store.replaceCorrelation(attempt.host, [attempt], [session]);
  assert.deepEqual(await store.attempts(), [attempt]);
  assert.deepEqual(await store.attempt(attempt.id), attempt);
  assert.deepEqual(await store.sessions(), [session]);
  const finding: Finding = {
    id: 'scanner-noise:RDSH01:10.0.0.5', pattern: 'scanner-noise', category: 'noise', severity: 'info', title: 'Probe', host: attempt.host,
    clientAddress: '10.0.0.5', user: null, attemptIds: [attempt.id], firstSeen: attempt.start, lastSeen: attempt.end, count: 1, confidence: 0.8,
    evidence: [{ eventId: 2, host: attempt.host, channel: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational', provider: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS', eventCode: 103, recordId: 2, time: '2026-01-01T00:00:05.0000000Z', meaning: 'reason 14' }],
    explanation: 'e', remedy: [{ text: 'nothing', weakensSecurity: false }], references: ['ref'],
  };
  await store.replaceFindings([finding], [{ host: attempt.host, kind: 'no-system-log', message: 'no System log' }]);
  await store.replaceFindings([finding], [{ host: attempt.host, kind: 'no-system-log', message: 'no System log' }]);
  assert.deepEqual(await store.findings(), [finding]);
  assert.equal((await store.coverage()).length, 1);
});

test('a foreign SQLite file or a non-database is refused with a clear error', async (t) => {
  const dir = tempDir(t);
  const p = join(dir, 'not-a-db.db');
  writeFileSync(p, 'hello, this is text');
  await assert.rejects(openStore(p), /not a database|file is not a database/i);
});

test('a version 1 database is migrated forward with its events kept', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'old.db');
  // a case database as the first schema left it, with one event in it
  const db = await openDb(path);
  await exec(db, `BEGIN; ${MIGRATIONS[0]}; PRAGMA user_version = 1; COMMIT;`);
  await exec(db, `INSERT INTO imports(id, path, sha256, size, started_at, status) VALUES (1, 'a.xml', 'x', 1, '2026-01-01T00:00:00Z', 'ok');
    INSERT INTO events(host, channel, provider, event_id, time_created, record_id, fields, import_id, identity_time)
    VALUES ('RDSH01', 'System', 'TermDD', 56, '2026-01-01T00:00:00.0000000Z', 7, '{}', 1, '2026-01-01T00:00:00');`);
  await close(db);

  const store = await openStore(path);
  t.after(() => store.close());
  assert.equal((await store.get<{ user_version: number }>('PRAGMA user_version'))?.user_version, SCHEMA_VERSION);
  assert.equal(await store.countEvents(), 1);
  const indexes = (await store.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL ORDER BY name")).map((r) => r.name);
  assert.deepEqual(indexes, ['events_host_time'], 'v2 keeps only the index the readers use');
});
