// Correlation on real logs from the shared corpus (../shared/samples-real, relative to the repo root):
// asserts the facts its sources.md states. Skips cleanly when the corpus is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/sqlite-store.js';
import { correlateStore } from '../src/correlate/index.js';
import type { Store } from '../src/store/types.js';
import type { Attempt } from '../src/model/analysis.js';
import { tempDir } from './helpers/tmp.js';
import { loadFiles } from './correlate/load.js';

const corpus = fileURLToPath(new URL('../../shared/samples-real/', import.meta.url));
const has = (...files: string[]) => files.every((f) => existsSync(join(corpus, f)));
const skip = (...files: string[]) => (has(...files) ? false : 'shared sample corpus not present');

async function withStore(t: { after: (fn: () => void) => void; skip: (m: string) => void }, files: string[], fn: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore(join(tempDir(t), 'case.db'));
  try {
    const { events } = await loadFiles(store, files.map((f) => join(corpus, f)));
    if (events === 0) return t.skip('no reader for these files in this build');
    await correlateStore(store);
    await fn(store);
  } finally {
    await store.close();
  }
}

const linkedCodes = async (store: Store, a: Attempt) => (await store.getEvents(a.events.map((l) => l.eventId))).map((e) => e.eventId);

const BK = 'evtx-attack-samples/rdpcorets_148_mst120_bluekeep_rpdscan_full.evtx';
test('real: BlueKeep-scan RdpCoreTS log — TCP attempts from 10.0.2.17/10.0.2.16, UDP side channels joined, ms_t120 scans are probes', { skip: skip(BK) }, async (t) => {
  await withStore(t, [BK], async (store) => {
    const attempts = await store.attempts();
    const tcp = await store.all<{ n: number }>(`SELECT count(*) AS n FROM events WHERE event_id = 131 AND json_extract(fields, '$.ConnType') = 'TCP'`);
    const udp = await store.all<{ id: number }>(`SELECT id FROM events WHERE event_id = 131 AND json_extract(fields, '$.ConnType') = 'UDP'`);
    assert.equal(attempts.length, tcp[0]!.n);
    assert.equal(attempts.length, 12);
    assert.deepEqual([...new Set(attempts.map((a) => a.clientAddress))].sort(), ['10.0.2.16', '10.0.2.17']);
    // every UDP accept ([ip]:port, own ActivityID) belongs to a TCP attempt from the same address
    const links = new Map(attempts.flatMap((a) => a.events.map((l) => [l.eventId, { a, l }] as const)));
    assert.equal(udp.length, 4);
    for (const u of udp) {
      const hit = links.get(u.id);
      assert.ok(hit, 'UDP 131 not attached');
      assert.equal(hit.l.joinKey, 'address+time');
      assert.equal(hit.a.clientAddress, '10.0.2.17');
    }
    // the two BlueKeep checks bind MS_T120, reach the logon screen (66) and never log on
    const scans = attempts.filter((a) => a.start >= '2019-08-28T14:51');
    assert.equal(scans.length, 2);
    for (const a of scans) {
      assert.deepEqual([a.outcome, a.stage, a.user], ['probe', 'S7', null]);
      assert.ok((await linkedCodes(store, a)).includes(148));
    }
    // connections that logged on (72 LogonNotify) were disconnected with decoded reasons; quick drops are probes
    const counts = attempts.reduce((m, a) => ((m[a.outcome] = (m[a.outcome] ?? 0) + 1), m), {} as Record<string, number>);
    assert.deepEqual(counts, { probe: 7, disconnected: 5 });
    const takeover = attempts.find((a) => a.start.startsWith('2019-08-27T17:17:44'))!;
    assert.deepEqual([takeover.disconnect?.table, takeover.disconnect?.code, takeover.sessionId], ['errorInfo', 5, 1]);
    for (const a of attempts.filter((x) => x.outcome === 'probe' && x.stage === 'S1')) assert.deepEqual([a.disconnect?.table, a.disconnect?.code], ['rdpcorets103', 14]);
  });
});

const VSS_CORE = '2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx';
const VSS_RCM = '2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx';
test('real: dirty VSS RdpCoreTS log — one attempt per TCP accept, 61+ public addresses, failed credentials (140) by ActivityID, nobody logged on', { skip: skip(`omerbenamram-evtx/${VSS_CORE}`) }, async (t) => {
  await withStore(t, [`omerbenamram-evtx/${VSS_CORE}`], async (store) => {
    const attempts = await store.attempts();
    const tcp = (await store.get<{ n: number }>(`SELECT count(*) AS n FROM events WHERE event_id = 131 AND json_extract(fields, '$.ConnType') = 'TCP'`))!.n;
    assert.ok(tcp >= 126);
    assert.equal(attempts.length, tcp);
    const addresses = new Set(attempts.map((a) => a.clientAddress));
    assert.ok(!addresses.has(null));
    assert.ok(addresses.size >= 61, `${addresses.size} addresses`);
    const f140 = await store.all<{ id: number; act: string }>(`SELECT id, activity_id AS act FROM events WHERE event_id = 140`);
    assert.ok(f140.length >= 126);
    const byAct = new Map(attempts.filter((a) => a.activityId).map((a) => [a.activityId!, a]));
    let joined = 0;
    for (const e of f140) {
      const a = byAct.get(e.act);
      if (!a) continue; // its 131 is in a lost chunk
      const l = a.events.find((x) => x.eventId === e.id);
      assert.equal(l?.joinKey, 'activity-id');
      assert.deepEqual([a.outcome, a.stage], ['failed-before-logon', 'S4']);
      joined++;
    }
    assert.ok(joined >= 119, `${joined} of ${f140.length} failed-credential events joined`);
    assert.ok(attempts.every((a) => a.outcome === 'failed-before-logon' || a.outcome === 'unknown' || a.outcome === 'probe'));
  });
});

test('real: VSS RdpCoreTS + RCM — the five 1149 successes name their users and addresses', { skip: skip(`omerbenamram-evtx/${VSS_CORE}`, `omerbenamram-evtx/${VSS_RCM}`) }, async (t) => {
  await withStore(t, [`omerbenamram-evtx/${VSS_CORE}`, `omerbenamram-evtx/${VSS_RCM}`], async (store) => {
    const withUser = (await store.attempts()).filter((a) => a.user);
    assert.deepEqual(
      withUser.map((a) => `${a.user}@${a.clientAddress}`).sort(),
      ['A@103.11.244.223', 'DESKTOP-1N4R894\\Administrator@31.14.75.59', 'MAGNETIC-DESKTO\\mpowers@174.127.93.2', 'MAGNETIC-DESKTO\\mpowers@174.127.93.2', 'administrator@31.14.75.59'],
    );
    for (const a of withUser) assert.equal(a.stage, 'S4');
  });
});

const VR = ['velociraptor/RDPAuth_LocalSessionManager.evtx', 'velociraptor/RDPAuth_RemoteConnectionManager.evtx', 'velociraptor/RDPAuth_Security.evtx', 'velociraptor/RDPAuth_System.evtx'];
test('real: Velociraptor RDPAuth — console session of WINDOMAIN\\vagrant reconnected from 192.168.38.1, reasons 5/0/12', { skip: skip(...VR) }, async (t) => {
  await withStore(t, VR, async (store) => {
    const attempts = await store.attempts();
    const sessions = await store.sessions();
    assert.equal(attempts.length, 1);
    const a = attempts[0]!;
    assert.deepEqual([a.clientAddress, a.user, a.sessionId, a.outcome, a.stage], ['192.168.38.1', 'WINDOMAIN\\vagrant', 1, 'logged-off', 'S11']);
    assert.deepEqual([a.disconnect?.table, a.disconnect?.code], ['lsm40', 12]);
    const codes = await linkedCodes(store, a);
    for (const c of [261, 1149, 4624, 4778, 25, 4647, 23]) assert.ok(codes.includes(c), `attempt lacks ${c}`);
    assert.equal(sessions.length, 1);
    const s = sessions[0]!;
    assert.deepEqual([s.user, s.sessionId, s.clientAddress, s.reconnects, s.disconnects, s.outcome, s.attemptIds], ['WINDOMAIN\\vagrant', 1, 'LOCAL', 1, 1, 'logged-off', [a.id]]);
    const reasons = (await store.getEvents([...a.events, ...s.events].map((l) => l.eventId))).filter((e) => e.eventId === 40).map((e) => e.fields['Reason']);
    assert.deepEqual([...new Set(reasons)].sort(), ['0', '12', '5']);
  });
});

const BELKA = ['RdpCoreTS%4Operational', 'TerminalServices-LocalSessionManager%4Operational', 'TerminalServices-RemoteConnectionManager%4Operational', 'Security', 'System']
  .map((n) => `dfir-artifact-museum/BelkasoftCTF_InsiderThreat/${n.includes('%') ? `Microsoft-Windows-${n.startsWith('RdpCoreTS') ? 'RemoteDesktopServices-' : ''}${n}` : n}.evtx`);
test('real: BelkasoftCTF — non-TCP listener connections open attempts at 65, console logons are sessions without attempts', { skip: skip(...BELKA) }, async (t) => {
  await withStore(t, BELKA, async (store) => {
    const attempts = await store.attempts();
    const listener = attempts.filter((a) => a.connectionName?.startsWith('31C5CE94259D4006A9E4#'));
    const n65 = (await store.get<{ n: number }>(`SELECT count(*) AS n FROM events WHERE event_id = 65 AND provider LIKE '%RdpCoreTS'`))!.n;
    assert.equal(listener.length, n65);
    assert.ok(listener.every((a) => a.clientAddress === null && a.events[0]!.joinKey === 'opener'));
    const sessions = await store.sessions();
    const logons = await store.all<{ id: number }>(`SELECT id FROM events WHERE event_id = 21 AND provider LIKE '%LocalSessionManager'`);
    assert.equal(logons.length, 18);
    const inSession = new Set(sessions.flatMap((s) => s.events.map((l) => l.eventId)));
    for (const l of logons) assert.ok(inSession.has(l.id), 'LSM 21 outside any session');
    const consoles = sessions.filter((s) => s.clientAddress === 'LOCAL');
    assert.ok(consoles.length > 0);
    // console logons with no remote connection are sessions without attempts
    assert.ok(consoles.filter((s) => s.attemptIds.length === 0).length >= 10);
    const linked = [...attempts.flatMap((a) => a.events), ...sessions.flatMap((s) => s.events)].map((l) => l.eventId);
    const reasons = new Set((await store.getEvents([...new Set(linked)])).filter((e) => e.eventId === 40).map((e) => e.fields['Reason']));
    for (const r of ['0', '5', '11', '12']) assert.ok(reasons.has(r), `LSM 40 reason ${r} not correlated`);
  });
});

const VSS_CORE_XML = VSS_CORE.replace(/\.evtx$/, '.xml');
test('real: the python-evtx rendering of the VSS RdpCoreTS log gives exactly the documented counts: 126 connections, 61 addresses, 126 failed-credential events', { skip: skip(`omerbenamram-evtx/${VSS_CORE_XML}`) }, async (t) => {
  await withStore(t, [`omerbenamram-evtx/${VSS_CORE_XML}`], async (store) => {
    const attempts = await store.attempts();
    assert.equal(attempts.length, 126);
    assert.equal(new Set(attempts.map((a) => a.clientAddress)).size, 61);
    const f140 = (await store.all<{ id: number }>(`SELECT id FROM events WHERE event_id = 140`)).map((r) => r.id);
    assert.equal(f140.length, 126);
    const linked = new Map(attempts.flatMap((a) => a.events.map((l) => [l.eventId, l.joinKey] as const)));
    // 7 of the 140s belong to connections whose 131 is in a lost chunk; the other 119 join by ActivityID
    assert.equal(f140.filter((id) => linked.get(id) === 'activity-id').length, 119);
    assert.equal(f140.filter((id) => !linked.has(id)).length, 7);
    assert.equal(attempts.filter((a) => a.outcome === 'failed-before-logon' && a.stage === 'S4').length, 119);
  });
});
