import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveCollector, collectLive, LiveFatalError, type IngestFn } from '../src/live/collector.js';
import { LOG_CHANNELS, selectChannels } from '../src/live/channels.js';
import { WevtutilMissingError, type ProcessDeps } from '../src/live/wevtutil.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installStandIn, FIXTURES } from './helpers/standin.js';

const NOW = new Date('2026-11-21T12:00:00.000Z');
const SINCE = new Date('2026-11-20T12:00:00.000Z');

/** A sink in place of the ingest pipeline: keeps the bytes per input path. */
function byteSink() {
  const got = new Map<string, Buffer>();
  const ingest: IngestFn = async (source, meta) => {
    const parts: Buffer[] = [];
    for await (const c of source) parts.push(Buffer.from(c));
    const all = Buffer.concat(parts);
    got.set(meta.path, Buffer.concat([got.get(meta.path) ?? Buffer.alloc(0), all]));
    const n = (decode(all).match(/<\/Event>/g) ?? []).length;
    return { events: n, newEvents: n, issues: 0 };
  };
  return { got, ingest, text: (path: string) => decode(got.get(path) ?? Buffer.alloc(0)) };
}

function decode(b: Buffer): string {
  return b.length > 1 && b[1] === 0 ? b.toString('utf16le') : b.toString('utf8');
}

function recordIds(xml: string): number[] {
  return [...xml.matchAll(/<EventRecordID>(\d+)</g)].map((m) => Number(m[1]));
}

function collector(deps: ProcessDeps, ingest: IngestFn, warnings: string[], channels = LOG_CHANNELS, remote?: { host: string; user?: string; password?: string }) {
  return new LiveCollector(
    { channels, since: SINCE, hostLabel: remote?.host ?? 'RDSH01', remote },
    { process: deps, ingest, warn: (m) => warnings.push(m), now: () => NOW },
  );
}

test('live: one wevtutil process per channel, the query per channel, UTF-16 output streamed to the sink', async () => {
  const s = installStandIn({ WEVTUTIL_STANDIN_DENIED: 'Security', WEVTUTIL_STANDIN_DISABLED: 'Microsoft-Windows-CAPI2/Operational' });
  try {
    const sink = byteSink();
    const warnings: string[] = [];
    const tick = await collector(s.deps(), sink.ingest, warnings).poll();

    // `gl` first for every channel (exists? enabled?), then `qe` for those that exist, in list order
    assert.deepEqual(s.calls().filter((a) => a[0] === 'gl'), LOG_CHANNELS.map((c) => ['gl', c.channel]));
    const qe = s.calls().filter((a) => a[0] === 'qe');
    assert.deepEqual(qe.map((a) => a[1]), LOG_CHANNELS.filter((c) => c.key !== 'rdpclient').map((c) => c.channel), 'RDPClient does not exist here');
    for (const a of qe) assert.deepEqual(a.slice(2, 4), ['/f:xml', '/uni:true']);
    const q = (ch: string) => qe.find((a) => a[1] === ch)![4];
    assert.equal(
      q('System'),
      "/q:*[System[Provider[@Name='TermDD' or @Name='Schannel' or @Name='LsaSrv' or @Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and TimeCreated[@SystemTime>='2026-11-20T12:00:00.000Z']]]",
    );
    assert.equal(
      q('Security'),
      "/q:*[System[(EventID=4624 or EventID=4625 or EventID=4634 or EventID=4647 or EventID=4648 or EventID=4776 or EventID=4778 or EventID=4779 or EventID=4825) and TimeCreated[@SystemTime>='2026-11-20T12:00:00.000Z']]]",
    );
    assert.equal(q('Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'), "/q:*[System[TimeCreated[@SystemTime>='2026-11-20T12:00:00.000Z']]]");

    // System: only the RDP-relevant providers reached the sink
    assert.deepEqual(recordIds(sink.text('live:System@RDSH01')), [48101, 48102]);
    // LSM: the event before --since was left out; the UTF-16 text keeps the non-ASCII user name
    const lsm = sink.text('live:Microsoft-Windows-TerminalServices-LocalSessionManager/Operational@RDSH01');
    assert.deepEqual(recordIds(lsm), [311, 312]);
    assert.match(lsm, /CONTOSO\\jürgen\.müller/);
    assert.equal(sink.got.get('live:System@RDSH01')![1], 0, 'the bytes are UTF-16LE as wevtutil /uni:true writes them');
    // channels with nothing to read open no input at all
    assert.ok(!sink.got.has('live:Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin@RDSH01'));

    const by = Object.fromEntries(tick.channels.map((c) => [c.key, c]));
    assert.equal(by.system!.status, 'ok');
    assert.equal(by.system!.events, 2);
    assert.equal(by.system!.bookmark, 48102);
    assert.equal(by.lsm!.bookmark, 312);
    assert.equal(by['rcm-admin']!.status, 'empty');
    assert.equal(by.security!.status, 'skipped');
    assert.equal(by.rdpclient!.status, 'skipped', 'no such channel on this machine');
    assert.equal(tick.newEvents, 2 + 2 + 2 + 3);
    assert.equal(tick.at, NOW.toISOString());

    assert.equal(warnings.length, 3);
    assert.match(warnings.find((w) => w.startsWith('Security'))!, /access denied; run rdplens from an elevated prompt \(Run as administrator\)/);
    assert.match(warnings.find((w) => w.startsWith('Microsoft-Windows-TerminalServices-RDPClient'))!, /not present on this computer \(it exists on RDP clients only\); skipped/);
    assert.match(warnings.find((w) => w.startsWith('Microsoft-Windows-CAPI2'))!, /disabled on this computer.*wevtutil sl Microsoft-Windows-CAPI2\/Operational \/e:true/);
  } finally {
    s.cleanup();
  }
});

test('live: Security is read when access is granted, and only logon events come back', async () => {
  const s = installStandIn();
  try {
    const sink = byteSink();
    const warnings: string[] = [];
    await collector(s.deps(), sink.ingest, warnings, selectChannels('security')).poll();
    assert.deepEqual(recordIds(sink.text('live:Security@RDSH01')), [90211, 90213], '4672 is not asked for');
    assert.deepEqual(warnings, []);
  } finally {
    s.cleanup();
  }
});

test('live --follow: later polls ask after the record bookmark and pick up new events; skipped channels are not asked again', async () => {
  const s = installStandIn({ WEVTUTIL_STANDIN_DENIED: 'Security' });
  try {
    const sink = byteSink();
    const warnings: string[] = [];
    const c = collector(s.deps(), sink.ingest, warnings, selectChannels('system,lsm,security'));
    const slept: number[] = [];
    const ticks = [];
    for await (const t of collectLive(c, { intervalMs: 5000, rounds: 2, sleep: async (ms) => void slept.push(ms) })) ticks.push(t);

    assert.deepEqual(ticks.map((t) => t.round), [0, 1, 2]);
    assert.deepEqual(slept, [5000, 5000]);
    assert.deepEqual(ticks.map((t) => t.newEvents), [4, 3, 0]);
    const qe = s.calls().filter((a) => a[0] === 'qe');
    assert.deepEqual(qe.map((a) => `${a[1]} ${a[4]}`), [
      "System /q:*[System[Provider[@Name='TermDD' or @Name='Schannel' or @Name='LsaSrv' or @Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and TimeCreated[@SystemTime>='2026-11-20T12:00:00.000Z']]]",
      "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational /q:*[System[TimeCreated[@SystemTime>='2026-11-20T12:00:00.000Z']]]",
      "Security /q:*[System[(EventID=4624 or EventID=4625 or EventID=4634 or EventID=4647 or EventID=4648 or EventID=4776 or EventID=4778 or EventID=4779 or EventID=4825) and TimeCreated[@SystemTime>='2026-11-20T12:00:00.000Z']]]",
      "System /q:*[System[Provider[@Name='TermDD' or @Name='Schannel' or @Name='LsaSrv' or @Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and EventRecordID>48102]]",
      'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational /q:*[System[EventRecordID>312]]',
      "System /q:*[System[Provider[@Name='TermDD' or @Name='Schannel' or @Name='LsaSrv' or @Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and EventRecordID>48110]]",
      'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational /q:*[System[EventRecordID>314]]',
    ]);
    // each record reached the sink exactly once over the three rounds
    assert.deepEqual(recordIds(sink.text('live:System@RDSH01')), [48101, 48102, 48110]);
    assert.deepEqual(recordIds(sink.text('live:Microsoft-Windows-TerminalServices-LocalSessionManager/Operational@RDSH01')), [311, 312, 313, 314]);
    assert.deepEqual(c.bookmarks(), { system: 48110, lsm: 314, security: null });
    assert.equal(warnings.length, 1, 'the Security warning is given once, not every round');
  } finally {
    s.cleanup();
  }
});

test('live --follow: stops when aborted, and afterUpdate runs only after rounds that added events', async () => {
  const s = installStandIn();
  try {
    const sink = byteSink();
    const c = collector(s.deps(), sink.ingest, [], selectChannels('lsm'));
    const ac = new AbortController();
    const updated: number[] = [];
    const rounds: number[] = [];
    for await (const t of collectLive(c, {
      intervalMs: 1000,
      signal: ac.signal,
      sleep: async () => {},
      afterUpdate: async (tick) => void updated.push(tick.round),
    })) {
      rounds.push(t.round);
      if (t.round === 3) ac.abort();
    }
    assert.deepEqual(rounds, [0, 1, 2, 3]);
    assert.deepEqual(updated, [0, 1]);
  } finally {
    s.cleanup();
  }
});

test('live: a slow wevtutil is read to the end through a slow consumer, in pieces, nothing lost', async () => {
  // 200 copies of the three RdpCoreTS events: about 1 MB of UTF-16, many times a pipe's buffer
  const s = installStandIn({ WEVTUTIL_STANDIN_SLOW_MS: '1', WEVTUTIL_STANDIN_REPEAT: '200' });
  try {
    let chunks = 0;
    let largest = 0;
    const parts: Buffer[] = [];
    const ingest: IngestFn = async (source) => {
      for await (const c of source) {
        chunks++;
        largest = Math.max(largest, c.byteLength);
        parts.push(Buffer.from(c));
        await new Promise((r) => setImmediate(r));
      }
      return { events: 600, newEvents: 600, issues: 0 };
    };
    const c = collector(s.deps(), ingest, [], selectChannels('rdpcorets'));
    await c.poll();
    const ids = recordIds(Buffer.concat(parts).toString('utf16le'));
    assert.equal(ids.length, 600);
    assert.deepEqual(ids.slice(0, 4), [4410, 4411, 4412, 104410]);
    assert.equal(ids.at(-1), 19904412);
    assert.ok(chunks >= 8 && largest <= 65536, `read in pipe-sized pieces (${chunks} pieces, largest ${largest} bytes)`);
    assert.equal(c.bookmarks().rdpcorets, 19904412, 'the bookmark is the highest record id, found across piece boundaries');
  } finally {
    s.cleanup();
  }
});

test('live --remote: /r, /u and /p follow the query; an unreachable host stops the run with one error', async () => {
  const s = installStandIn();
  try {
    const sink = byteSink();
    await collector(s.deps(), sink.ingest, [], selectChannels('rcm'), { host: 'rdsh02.contoso.test', user: 'CONTOSO\\helpdesk', password: 'p "w" d' }).poll();
    assert.deepEqual(s.calls()[0], ['gl', 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational', '/r:rdsh02.contoso.test', '/u:CONTOSO\\helpdesk', '/p:p "w" d']);
    assert.deepEqual(s.calls()[1]!.slice(5), ['/r:rdsh02.contoso.test', '/u:CONTOSO\\helpdesk', '/p:p "w" d']);
    assert.ok(sink.got.has('live:Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational@rdsh02.contoso.test'));

    const down = installStandIn({ WEVTUTIL_STANDIN_FAIL: 'rpc' });
    try {
      const c = collector(down.deps(), sink.ingest, [], LOG_CHANNELS, { host: 'rdsh03' });
      await assert.rejects(c.poll(), (e: unknown) => e instanceof LiveFatalError && /cannot reach rdsh03: .*RPC server is unavailable/.test(e.message));
      assert.equal(down.calls().length, 1, 'no point asking the other channels');
    } finally {
      down.cleanup();
    }
  } finally {
    s.cleanup();
  }
});

test('live: without wevtutil on PATH the run stops with WevtutilMissingError', async () => {
  const s = installStandIn();
  try {
    const deps = s.deps({ PATH: s.dir }); // the temp folder itself has no wevtutil
    const c = collector(deps, byteSink().ingest, []);
    await assert.rejects(c.poll(), (e: unknown) => e instanceof WevtutilMissingError && e.spawnError.code === 'ENOENT');
  } finally {
    s.cleanup();
  }
});

test('live --follow: Ctrl+C during a read stops that wevtutil, keeps what arrived, and asks no further log', async () => {
  const s = installStandIn({ WEVTUTIL_STANDIN_SLOW_MS: '30', WEVTUTIL_STANDIN_REPEAT: '100' });
  try {
    const ac = new AbortController();
    let bytes = 0;
    const ingest: IngestFn = async (source) => {
      for await (const c of source) {
        bytes += c.byteLength;
        ac.abort();
      }
      return { events: 0, newEvents: 0, issues: 0 };
    };
    const warnings: string[] = [];
    const c = collector(s.deps(), ingest, warnings, selectChannels('lsm,system'));
    const tick = await c.poll(ac.signal);
    assert.deepEqual(tick.channels.map((r) => r.key), ['lsm']);
    assert.deepEqual(warnings, []);
    assert.deepEqual(s.calls().map((a) => `${a[0]} ${a[1]}`), ['gl Microsoft-Windows-TerminalServices-LocalSessionManager/Operational', 'qe Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'], 'System was not asked');
    const oneCopy = readFileSync(join(FIXTURES, 'Microsoft-Windows-TerminalServices-LocalSessionManager%4Operational.xml'), 'utf8').split('\r\n').slice(1).join('\r\n');
    const full = Buffer.byteLength(oneCopy, 'utf16le') * 100;
    assert.ok(bytes > 0 && bytes < full, `part of the output arrived (${bytes} of ${full} bytes)`);
  } finally {
    s.cleanup();
  }
});
