import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openStore } from '../src/store/sqlite-store.js';
import { correlateStore, hostCoverage, correlationIsCurrent } from '../src/correlate/index.js';
import { main } from '../src/cli.js';
import { matchHosts } from '../src/commands/timeline.js';
import { captureIO } from './helpers/io.js';
import { tempDir } from './helpers/tmp.js';
import { EventLog, successfulConnection } from './correlate/events.js';
import type { NormalizedEvent } from '../src/model/event.js';

async function storeWith(dir: string, logs: EventLog[]) {
  const store = await openStore(join(dir, 'case.db'));
  const imp = await store.beginImport({ path: 'synthetic', sha256: 'x', size: 0 });
  const evs: NormalizedEvent[] = logs.flatMap((l) => l.events.map(({ id: _id, ...e }) => e));
  await store.insertEvents(imp, evs);
  await store.finishImport(imp, { sha256: 'x', size: 0, format: 'test', encoding: 'utf-8', events: evs.length, newEvents: evs.length, issues: 0, status: 'ok' } as never);
  return store;
}

function scenario(): EventLog[] {
  const server = new EventLog('RDSH01');
  successfulConnection(server, 0, { ip: '10.0.0.20', port: 50000, act: 's1', udpAct: 'su', conn: 'RDP-Tcp#3', session: 2, user: 'bob', domain: 'CORP', logonId: '0x99' });
  server.add('core', 131, 30, { ConnType: 'TCP', ClientIP: '203.0.113.9:4444' }, 'p1');
  server.add('core', 103, 36, { ReasonCode: '14' }, 'p1');
  const client = new EventLog('WKS01');
  client.add('client', 1024, -0.2, { Value: 'RDSH01.corp.lan' }, 'CA');
  client.add('client', 1025, 2, {}, 'CA');
  return [server, client];
}

test('correlateStore: stores attempts, sessions and links; re-running gives identical rows', async (t) => {
  const dir = tempDir(t);
  const store = await storeWith(dir, scenario());
  try {
    const r1 = await correlateStore(store);
    assert.deepEqual([r1.attempts, r1.sessions, r1.crossHostPairs], [3, 1, 1]);
    const snap = async () => JSON.stringify([await store.attempts(), await store.sessions()]);
    const first = await snap();
    await correlateStore(store);
    assert.equal(await snap(), first);
    const a = await store.attempt('RDSH01/s/101');
    assert.equal(a?.outcome, 'succeeded');
    assert.equal(a?.peerAttemptId, 'WKS01/c/101');
    const probe = (await store.attempts({ client: '203.0.113.9' }))[0];
    assert.equal(probe?.outcome, 'probe');
    assert.equal(await correlationIsCurrent(store), true);
    // a later ingest makes the stored correlation stale
    const imp = await store.beginImport({ path: 'more', sha256: 'y', size: 0 });
    const extra = new EventLog('RDSH01');
    extra.add('core', 131, 90, { ConnType: 'TCP', ClientIP: '198.51.100.1:1' }, 'late');
    await store.insertEvents(imp, extra.events.map(({ id: _id, ...e }) => ({ ...e, recordId: 9999 })));
    assert.equal(await correlationIsCurrent(store), false);
    const cov = await hostCoverage(store, 'RDSH01');
    assert.equal(cov.rdpCoreTs.length, 1);
    assert.ok(cov.hasLsm && cov.hasRcm);
  } finally {
    await store.close();
  }
});

test('rdplens timeline lists attempts and prints one attempt timeline; text is sanitised', async (t) => {
  const dir = tempDir(t);
  const logs = scenario();
  logs[0]!.add('lsm', 22, 3, { User: 'CORP\\bob\u001b[31m', SessionID: '2', Address: '10.0.0.20' });
  const store = await storeWith(dir, logs);
  await store.close();
  const io = captureIO(dir);
  assert.equal(await main(['timeline', '--db', 'case.db'], io), 0);
  const out = io.out();
  assert.match(out, /RDSH01\/s\/101/);
  assert.match(out, /10\.0\.0\.20:50000/);
  assert.match(out, /probe/);
  assert.match(out, /3 attempt\(s\)/);
  const one = captureIO(dir);
  assert.equal(await main(['timeline', '--db', 'case.db', '--attempt', 'RDSH01/s/101'], one), 0);
  const tl = one.out();
  assert.match(tl, /\+0\.000s\s+S1\s+RdpCoreTS 131\s+opener/);
  assert.match(tl, /other side\s+WKS01\/c\/101/);
  assert.match(tl, /session\s+RDSH01\/session\/\d+: CORP\\bob, session 2, .*active; attempts RDSH01\/s\/101/);
  assert.doesNotMatch(tl, /\u001b/);
  const json = captureIO(dir);
  assert.equal(await main(['timeline', '--db', 'case.db', '--client', '[::ffff:203.0.113.9]:4444', '--json'], json), 0);
  const doc = JSON.parse(json.out());
  assert.equal(doc.attempts.length, 1);
  assert.equal(doc.attempts[0].outcome, 'probe');
  const short = captureIO(dir);
  assert.equal(await main(['timeline', '--db', 'case.db', '--host', 'wks01', '--json'], short), 0);
  assert.deepEqual(JSON.parse(short.out()).attempts.map((a: { id: string }) => a.id), ['WKS01/c/101']);
  const bad = captureIO(dir);
  assert.equal(await main(['timeline', '--db', 'case.db', '--since', 'yesterday'], bad), 2);
  assert.match(bad.err(), /--since: not a date/);
  const missing = captureIO(dir);
  assert.equal(await main(['timeline', '--db', 'nope.db'], missing), 2);
  const none = captureIO(dir);
  assert.equal(await main(['timeline', '--db', 'case.db', '--attempt', 'x'], none), 2);
});

test('timeline --host: exact name first, else the hosts whose first DNS label it is', () => {
  const hosts = ['RDSH01.corp.example', 'RDSH01', 'WKS01.corp.example', 'WEB01.a.example', 'WEB01.b.example'];
  assert.deepEqual(matchHosts(hosts, 'rdsh01'), ['RDSH01']);
  assert.deepEqual(matchHosts(hosts, 'wks01'), ['WKS01.corp.example']);
  assert.deepEqual(matchHosts(hosts, 'web01'), ['WEB01.a.example', 'WEB01.b.example']);
  assert.deepEqual(matchHosts(hosts, 'nothere'), ['nothere']);
});
