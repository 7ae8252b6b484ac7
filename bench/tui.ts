/**
 * TUI scale check (part of `npm run bench`, or alone: `node --import tsx bench/tui.ts`).
 * Builds a case database of BENCH_TUI_EVENTS events (default 1,000,000; ten per attempt, 4 hosts,
 * one finding per 50 attempts) once, then measures in this process: time from opening the database
 * to the first drawn screen, the latency of keypresses (from the key to the frame showing its
 * effect, with the timeline of the newly selected attempt loaded), and resident memory.
 */
import './production.js';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createElement } from 'react';
import type { Attempt, AttemptEventLink, Finding, StageId } from '../src/model/analysis.js';
import type { NormalizedEvent } from '../src/model/event.js';
import { openStore } from '../src/store/sqlite-store.js';
import { App } from '../src/tui/App.js';
import { openTuiData } from '../src/tui/data.js';
import { defaultKnowledge } from '../src/tui/knowledge.js';
import { renderAt } from '../test/helpers/ink.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = process.env.BENCH_DIR ?? join(root, 'bench', 'out');
const N = Number(process.env.BENCH_TUI_EVENTS ?? 1_000_000);
const PER_ATTEMPT = 10;
const HOSTS = ['RDSH01.corp.example', 'RDSH02.corp.example', 'RDSH03.corp.example', 'GW01.corp.example'];
mkdirSync(dir, { recursive: true });

const RDPCORE = { channel: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational', provider: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS', providerGuid: '1139c61b-b549-4251-8ed3-27250a1edec8' };
const LSM = { channel: 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational', provider: 'Microsoft-Windows-TerminalServices-LocalSessionManager', providerGuid: '5d896912-022d-40aa-a3a8-4fa5515c76d7' };
const SECURITY = { channel: 'Security', provider: 'Microsoft-Windows-Security-Auditing', providerGuid: '54849625-5478-4994-a5ba-3e3b0328c30d' };
const SCHANNEL = { channel: 'System', provider: 'Schannel', providerGuid: '1f678132-5938-4686-9fdc-c8ff68f15c85' };

function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000Z`;
}

/** Ten events of one attempt: failed ones stop at TLS (Schannel) or NLA (4625), the rest log on. */
function attemptEvents(host: string, n: number, t0: number): { evs: NormalizedEvent[]; stages: StageId[]; failed: 'tls' | 'nla' | null } {
  const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const user = `user${n % 997}`;
  const failed = n % 7 === 0 ? 'tls' : n % 11 === 0 ? 'nla' : null;
  const base = (i: number, over: Partial<NormalizedEvent> & { eventId: number; channel: string; provider: string }): NormalizedEvent => ({
    host, providerGuid: null, qualifiers: null, version: 0, level: 4, task: 0, opcode: 0, keywords: null,
    time: iso(t0 + i * 40), recordId: n * PER_ATTEMPT + i, activityId: null, relatedActivityId: null, processId: 900, threadId: 1000 + i,
    userSid: null, fields: {}, message: null, levelText: null, origin: { file: `${host}.xml`, offset: (n * PER_ATTEMPT + i) * 1200 }, ...over,
  });
  const act = `f420${n.toString(16).padStart(8, '0')}-aaaa-4000-8000-000000000000`;
  const evs = [
    base(0, { ...RDPCORE, eventId: 131, activityId: act, fields: { ConnType: 'TCP', ClientIP: `${ip}:${50000 + (n % 10000)}` } }),
    base(1, { ...RDPCORE, eventId: 65, activityId: act, fields: { ConnectionName: `RDP-Tcp#${n}` } }),
    failed === 'tls'
      ? base(2, { ...SCHANNEL, eventId: 36870, level: 2, fields: { Type: 'server', ErrorCode: '0x8009030D', ErrorStatus: '10001' } })
      : base(2, { ...RDPCORE, eventId: 72, activityId: act, fields: { Message: 'OnStartLicensing' } }),
    failed === 'nla'
      ? base(3, { ...SECURITY, eventId: 4625, fields: { TargetUserName: user, TargetDomainName: 'CORP', Status: '0xC000006D', SubStatus: '0xC000006A', LogonType: '3', IpAddress: ip } })
      : base(3, { ...SECURITY, eventId: 4624, fields: { TargetUserName: user, TargetDomainName: 'CORP', LogonType: '10', IpAddress: ip } }),
    base(4, { ...LSM, eventId: 21, fields: { User: `CORP\\${user}`, SessionID: String(n % 200), Address: ip } }),
    base(5, { ...LSM, eventId: 22, fields: { User: `CORP\\${user}`, SessionID: String(n % 200), Address: ip } }),
    base(6, { ...RDPCORE, eventId: 168, activityId: act, fields: { Monitor: '1' } }),
    base(7, { ...LSM, eventId: 24, fields: { User: `CORP\\${user}`, SessionID: String(n % 200), Address: ip } }),
    base(8, { ...LSM, eventId: 40, fields: { Session: String(n % 200), Reason: '12' } }),
    base(9, { ...RDPCORE, eventId: 103, activityId: act, fields: { ReasonCode: '1', ErrorCode: '0x0' } }),
  ];
  const stages: StageId[] = ['S1', 'S1', 'S3', 'S4', 'S7', 'S7', 'S7', 'S9', 'S9', 'S9'];
  return { evs, stages, failed };
}

async function buildDb(path: string): Promise<void> {
  const tmp = `${path}.building`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  const store = await openStore(tmp);
  const imp = await store.beginImport({ path: 'bench-corpus.xml', sha256: 'bench', size: 0 });
  const attempts = N / PER_ATTEMPT;
  const t0 = Date.parse('2026-03-01T00:00:00Z');
  const findings: Finding[] = [];
  let nextId = 1;
  for (const [h, host] of HOSTS.entries()) {
    const list: Attempt[] = [];
    let batch: NormalizedEvent[] = [];
    for (let n = h; n < attempts; n += HOSTS.length) {
      const start = t0 + n * 2_000;
      const { evs, stages, failed } = attemptEvents(host, n, start);
      batch.push(...evs);
      const links: AttemptEventLink[] = evs.map((_, i) => ({ eventId: nextId + i, joinKey: i === 0 ? 'opener' : i === 2 || i === 3 ? 'address+time' : 'activity-id', confidence: i === 2 ? 0.7 : 1, stage: stages[i]! }));
      nextId += evs.length;
      const ip = evs[0]!.fields.ClientIP!.split(':')[0]!;
      const a: Attempt = {
        id: `${host.split('.')[0]}/s/${n}`, host, side: 'server', clientAddress: ip, clientPort: null, target: null, user: failed === 'tls' ? null : `CORP\\user${n % 997}`,
        start: evs[0]!.time, end: evs[evs.length - 1]!.time, stage: failed === 'tls' ? 'S3' : failed === 'nla' ? 'S4' : 'S9',
        outcome: failed ? 'failed-before-logon' : 'disconnected', disconnect: null, activityId: evs[0]!.activityId, connectionName: `RDP-Tcp#${n}`,
        sessionId: null, logonId: null, peerAttemptId: null, peerJoin: null, events: links,
      };
      list.push(a);
      if (failed && n % 50 < 4) {
        const ev = links[failed === 'tls' ? 2 : 3]!.eventId;
        const e = evs[failed === 'tls' ? 2 : 3]!;
        findings.push({
          id: `${failed}/${a.id}`, pattern: failed === 'tls' ? 'cert-private-key' : 'nla-failure', category: 'failure', severity: failed === 'tls' ? 'error' : 'warning',
          title: failed === 'tls' ? 'TermService cannot use the RDP certificate private key' : 'NLA rejected the credentials', host, clientAddress: ip, user: a.user,
          attemptIds: [a.id], firstSeen: a.start, lastSeen: a.end, count: 1, confidence: 0.8,
          evidence: [{ eventId: ev, host, channel: e.channel, provider: e.provider, eventCode: e.eventId, recordId: e.recordId, time: e.time, meaning: 'bench evidence' }],
          explanation: 'Synthetic finding for the benchmark.', remedy: [{ text: 'None.' }], references: [],
        });
      }
      if (batch.length >= 20_000) {
        await store.insertEvents(imp, batch);
        batch = [];
      }
    }
    if (batch.length) await store.insertEvents(imp, batch);
    await store.replaceCorrelation(host, list, []);
    process.stderr.write(`  ${host}: ${list.length} attempts\n`);
  }
  await store.replaceFindings(findings, []);
  await store.finishImport(imp, { sha256: 'bench', size: 0, format: 'bench', encoding: 'utf-8', events: N, newEvents: N, issues: 0, status: 'ok' });
  await store.close();
  renameSync(tmp, path);
  for (const f of [`${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function main() {
  const db = join(dir, `tui-${N}.db`);
  if (!existsSync(db)) {
    process.stderr.write(`building ${db} (${N.toLocaleString('en-US')} events)…\n`);
    const b0 = performance.now();
    await buildDb(db);
    process.stderr.write(`  built in ${((performance.now() - b0) / 1000).toFixed(1)} s\n`);
  }
  const rows: [string, string][] = [];

  const t0 = performance.now();
  const store = await openStore(db, { readonly: true });
  const data = await openTuiData(store, { knowledge: defaultKnowledge() });
  const tIndex = performance.now() - t0;
  const term = renderAt(createElement(App, { data, theme: { colour: true }, size: { columns: 160, rows: 48 } }), 160, 48);
  await term.waitFor('Hosts (4)', 30_000);
  const tFirst = performance.now() - t0;
  rows.push(['open → data layer ready (findings read)', `${tIndex.toFixed(0)} ms`]);
  rows.push(['open → overview drawn', `${tFirst.toFixed(0)} ms`]);

  const attemptsTotal = (N / PER_ATTEMPT).toLocaleString('en-US');
  const a0 = performance.now();
  await term.press('a');
  await term.waitFor((f) => f.includes(`Attempts 1/${attemptsTotal}`) && /Timeline 1\/\d/.test(f), 30_000);
  rows.push(['a: attempts list (index of all attempts built) + first timeline drawn', `${(performance.now() - a0).toFixed(0)} ms`]);

  /** time from a key to the frame that satisfies `done` */
  const cpu: number[] = [];
  async function timeKey(keys: string, done: (f: string) => boolean): Promise<number> {
    const s = performance.now();
    const c = process.cpuUsage();
    const seen = term.nextFrame(done);
    await term.press(keys);
    await seen;
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    return performance.now() - s;
  }

  const down: number[] = [];
  for (let i = 2; i <= 101; i++) {
    down.push(await timeKey('j', (f) => f.includes(`Attempts ${i.toLocaleString('en-US')}/${attemptsTotal}`) && /Timeline 1\/\d/.test(f) && !f.includes('Timeline …')));
  }
  rows.push(['j (next attempt, its timeline loaded): median / p95 / max', `${percentile(down, 50).toFixed(1)} / ${percentile(down, 95).toFixed(1)} / ${Math.max(...down).toFixed(1)} ms`]);
  rows.push(['j: CPU time per key, median / p95 (independent of machine load)', `${percentile(cpu, 50).toFixed(1)} / ${percentile(cpu, 95).toFixed(1)} ms`]);
  rows.push(['G (last of the list)', `${(await timeKey('G', (f) => f.includes(`Attempts ${attemptsTotal}/${attemptsTotal}`) && !f.includes('Timeline …'))).toFixed(1)} ms`]);
  rows.push(['g (first of the list)', `${(await timeKey('g', (f) => f.includes(`Attempts 1/${attemptsTotal}`) && !f.includes('Timeline …'))).toFixed(1)} ms`]);
  rows.push(['PgDn', `${(await timeKey('\u001b[6~', (f) => !f.includes(`Attempts 1/${attemptsTotal}`) && !f.includes('Timeline …'))).toFixed(1)} ms`]);
  rows.push(['/client:10.0.1. typed (16 keys, each drawn) and applied', `${(await timeKey('/client:10.0.1.\r', (f) => /Attempts 1\/256 /.test(f) && !f.includes('Timeline …'))).toFixed(1)} ms`]);
  await timeKey('\u001b', (f) => f.includes('no filter'));
  rows.push(['/id:36870 typed and applied (attempts holding Schannel 36870)', `${(await timeKey('/id:36870\r', (f) => /Attempts 1\/[\d,]+ · sort: failures · filter: id:36870/.test(f) && !f.includes('Timeline …'))).toFixed(1)} ms`]);
  rows.push(['Enter (into the timeline)', `${(await timeKey('\r', (f) => f.includes('▶ Timeline 1/'))).toFixed(1)} ms`]);
  rows.push(['Enter (event detail)', `${(await timeKey('\r', (f) => f.includes('Fields ('))).toFixed(1)} ms`]);
  rows.push(['f (findings)', `${(await timeKey('f', (f) => /Findings 1\/[\d,]+/.test(f))).toFixed(1)} ms`]);
  const { loadavg, cpus } = await import('node:os');
  rows.push(['machine during the run (load average, cores)', `${loadavg()[0]!.toFixed(1)}, ${cpus().length}`]);
  const mem = process.memoryUsage();
  rows.push(['RSS after the run / peak', `${(mem.rss / 2 ** 20).toFixed(0)} MiB / ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`]);
  term.unmount();
  await store.close();

  process.stdout.write(`\n| TUI on ${N.toLocaleString('en-US')} events (${attemptsTotal} attempts) | measured |\n|---|---|\n`);
  for (const [k, v] of rows) process.stdout.write(`| ${k} | ${v} |\n`);
}

await main();
