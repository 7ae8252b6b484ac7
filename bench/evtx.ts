/**
 * EVTX reader throughput and memory.
 *
 *   node --import tsx bench/evtx.ts [file.evtx …]
 *
 * Without arguments: the largest .evtx of ../shared/samples-real, and a synthetic file of at least
 * 100 MiB made by concatenating every CRC-valid chunk of that corpus (chunks are self-contained,
 * so the result is a valid EVTX file; it is written to the OS temp folder and removed afterwards).
 * Each file is parsed in a fresh child process (the compiled reader from dist/ when built); records/s
 * and the child's peak RSS are printed. Run twice: the machine's other load shows as noise.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from '../parsers/evtx/crc32.js';

const HEADER = 4096;
const CHUNK = 65536;

/** Parses one file and prints counts, time and the process's peak RSS (run in a fresh process). */
const MEASURE = `
import { createReadStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [reader, file] = process.argv.slice(-2);
const { parseEvtx } = await import(pathToFileURL(reader).href);
const start = process.hrtime.bigint();
let records = 0, issues = 0;
for await (const item of parseEvtx(createReadStream(file, { highWaterMark: 65536 }), { file })) {
  if (item.kind === 'event') records++; else if (item.kind === 'issue') issues++;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ records, issues, seconds, rssMB: process.resourceUsage().maxRSS / 1024 }));
`;

function evtxFiles(dir: string): string[] {
  const out: string[] = [];
  (function walk(d: string) {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.evtx')) out.push(p);
    }
  })(dir);
  return out;
}

function validChunks(file: string): Buffer[] {
  const buf = readFileSync(file);
  const out: Buffer[] = [];
  for (let off = HEADER; off + CHUNK <= buf.length; off += CHUNK) {
    const c = buf.subarray(off, off + CHUNK);
    if (c.toString('latin1', 0, 8) !== 'ElfChnk\0') continue;
    const free = c.readUInt32LE(48);
    if (free < 512 || free > CHUNK) continue;
    if (crc32(c.subarray(0, 120), c.subarray(128, 512)) !== c.readUInt32LE(124)) continue;
    if (crc32(c.subarray(512, free)) !== c.readUInt32LE(52)) continue;
    out.push(Buffer.from(c));
  }
  return out;
}

async function buildSynthetic(files: string[], target: number, path: string): Promise<void> {
  const chunks = files.flatMap(validChunks);
  const header = Buffer.from(readFileSync(files[0]!).subarray(0, HEADER));
  const count = Math.ceil((target - HEADER) / CHUNK);
  header.writeUInt16LE(Math.min(count, 0xffff), 42);
  header.writeUInt32LE(header.readUInt32LE(120) & ~1, 120);
  header.writeUInt32LE(crc32(header.subarray(0, 120)), 124);
  const out = createWriteStream(path);
  const write = (b: Buffer) => new Promise<void>((res) => (out.write(b) ? res() : out.once('drain', res)));
  await write(header);
  for (let i = 0; i < count; i++) await write(chunks[i % chunks.length]!);
  await new Promise<void>((res) => out.end(res));
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  // The compiled reader (npm run build) is what users run; tsx alone adds ~35 MB of RSS.
  const compiled = join(root, 'dist', 'parsers', 'evtx', 'index.js');
  const useCompiled = existsSync(compiled);
  const reader = useCompiled ? compiled : join(root, 'parsers', 'evtx', 'index.ts');
  const nodeArgs = useCompiled ? [] : ['--import', 'tsx'];
  console.log(`reader: ${useCompiled ? 'compiled (dist/)' : 'TypeScript source through tsx (run npm run build for product figures)'}`);
  let targets = process.argv.slice(2);
  let synthetic: string | null = null;
  if (!targets.length) {
    const samples = join(root, '..', 'shared', 'samples-real');
    if (!existsSync(samples)) throw new Error('no files given and ../shared/samples-real is absent');
    const files = evtxFiles(samples);
    const largest = files.reduce((a, b) => (statSync(b).size > statSync(a).size ? b : a));
    synthetic = join(tmpdir(), `rdplens-bench-${process.pid}.evtx`);
    await buildSynthetic(files, 100 * 1024 * 1024, synthetic);
    targets = [largest, synthetic];
  }
  try {
    for (const file of targets) {
      const r = spawnSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', MEASURE, reader, file], { cwd: root, encoding: 'utf8' });
      if (r.status !== 0) { process.stderr.write(r.stderr); continue; }
      const m = JSON.parse(r.stdout) as { records: number; issues: number; seconds: number; rssMB: number };
      const mib = statSync(file).size / 1048576;
      console.log(`${file === synthetic ? 'synthetic (concatenated chunks)' : file}: ${mib.toFixed(1)} MiB, ${m.records} records, ${m.issues} issues, ` +
        `${m.seconds.toFixed(2)} s, ${Math.round(m.records / m.seconds)} records/s, ${(mib / m.seconds).toFixed(1)} MiB/s, peak RSS ${m.rssMB.toFixed(0)} MB`);
    }
  } finally {
    if (synthetic) rmSync(synthetic, { force: true });
  }
}

await main();
