/**
 * `npm run bench`: generates a realistic corpus (default 1,000,000 events, wevtutil form, UTF-8; plus
 * a 200,000-event Event Viewer UTF-16 file) and reports, in one run, events/s, MB/s and peak RSS for
 * `rdplens ingest`, `rdplens analyze`, a raw read of the file, and `xmllint --stream` (libxml2 only
 * parsing the same bytes) as the reference. Figures go to stdout as a Markdown table for the README.
 * Environment: BENCH_EVENTS (default 1000000), BENCH_DIR (default bench/out).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCorpus } from './corpus.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = process.env.BENCH_DIR ?? join(root, 'bench', 'out');
const N = Number(process.env.BENCH_EVENTS ?? 1_000_000);
mkdirSync(dir, { recursive: true });

interface Row { what: string; events: number; bytes: number; wall: number; rssMiB: number | null }
const rows: Row[] = [];

async function corpus(name: string, events: number, form: 'wevtutil' | 'eventviewer', encoding: 'utf8' | 'utf16le') {
  const p = join(dir, name);
  if (!existsSync(p)) {
    process.stderr.write(`generating ${name} (${events} events)…\n`);
    await writeCorpus(p, { events, form, encoding, seed: 7 });
  }
  return p;
}

function measureCli(what: string, args: string[], events: number, bytes: number) {
  const r = spawnSync(process.execPath, [join(root, 'bench', 'measure.mjs'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const m = /@@measure (.*)/.exec(r.stderr ?? '');
  if (!m) {
    process.stderr.write(`${what} failed:\n${r.stderr}\n`);
    return;
  }
  const { wall, maxRssKiB } = JSON.parse(m[1]) as { wall: number; maxRssKiB: number };
  rows.push({ what, events, bytes, wall, rssMiB: maxRssKiB / 1024 });
}

async function rawRead(p: string): Promise<number> {
  const t0 = performance.now();
  for await (const _ of createReadStream(p, { highWaterMark: 1 << 20 })) void _;
  return (performance.now() - t0) / 1000;
}

function xmllint(p: string, events: number, bytes: number) {
  const has = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (has.error) {
    process.stderr.write('xmllint not found (apt-get install libxml2-utils): reference row skipped\n');
    return;
  }
  // wevtutil output has no root element: wrap it so libxml2 accepts it. Its namespace warnings
  // (Event_NS is not an absolute URI) go nowhere; GNU time writes the peak RSS to a file.
  const rssFile = join(dir, 'xmllint.rss');
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', `{ printf '<Events>'; cat "$1"; printf '</Events>'; } | /usr/bin/time -f '%M' -o "$2" xmllint --stream --noout --nowarning - 2>/dev/null`, 'sh', p, rssFile], { encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    process.stderr.write(`xmllint failed (exit ${r.status}): reference row skipped\n`);
    return;
  }
  const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
  rows.push({ what: 'xmllint --stream (parse only, reference)', events, bytes, wall, rssMiB: Number.isFinite(rss) ? rss / 1024 : null });
}

const big = await corpus(`corpus-${N}.xml`, N, 'wevtutil', 'utf8');
const bigBytes = statSync(big).size;
const mid = await corpus('corpus-200000-utf16.xml', 200_000, 'eventviewer', 'utf16le');
const midBytes = statSync(mid).size;
const small = await corpus('corpus-200000.xml', 200_000, 'wevtutil', 'utf8');
const smallBytes = statSync(small).size;

spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore', shell: process.platform === 'win32' });

rows.push({ what: 'raw read (fs stream, bytes only)', events: N, bytes: bigBytes, wall: await rawRead(big), rssMiB: null });
xmllint(big, N, bigBytes);
for (const [label, file, events, bytes] of [
  [`ingest ${N.toLocaleString('en-US')} events, wevtutil UTF-8`, big, N, bigBytes],
  ['ingest 200,000 events, Event Viewer UTF-16LE', mid, 200_000, midBytes],
] as const) {
  const db = join(dir, 'bench.db');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  measureCli(label, ['ingest', file, '--db', db, '--json'], events, bytes);
}
{
  const db = join(dir, 'bench-analyze.db');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  measureCli('analyze 200,000 events end to end (ingest + correlate + diagnose)', ['analyze', small, '--db', db, '--json'], 200_000, smallBytes);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
process.stdout.write(`\n| run | events | size | wall s | events/s | MB/s | peak RSS |\n|---|---|---|---|---|---|---|\n`);
for (const r of rows) {
  process.stdout.write(
    `| ${r.what} | ${fmt(r.events)} | ${(r.bytes / 1e6).toFixed(0)} MB | ${r.wall.toFixed(2)} | ${fmt(r.events / r.wall)} | ${(r.bytes / 1e6 / r.wall).toFixed(1)} | ${r.rssMiB === null ? '–' : `${r.rssMiB.toFixed(0)} MiB`} |\n`,
  );
}

// The browser's scale check (open time, keypress latency, memory) on a case of BENCH_TUI_EVENTS events.
spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'tui.ts')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, BENCH_DIR: dir } });
