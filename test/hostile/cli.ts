/**
 * Running the real command line (`node bin/rdplens …`) from tests: builds dist/ when it is missing
 * or older than the sources, spawns the CLI, and captures its output with a hang bound.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = process.cwd();
const BUILT = join(ROOT, 'dist', 'src', 'cli.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

/** Builds dist/ (tsc -p tsconfig.build.json) unless it is newer than every source file. */
export function ensureBuilt(): void {
  const sources = Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'parsers')));
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= sources && newestMtime(join(ROOT, 'dist')) >= sources) return;
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Starts `node bin/rdplens …args` (optionally through a wrapper command such as setpriv). */
export function spawnCli(args: string[], cwd: string, wrapper: string[] = []): ChildProcess {
  const argv = [...wrapper, process.execPath, join(ROOT, 'bin', 'rdplens'), ...args];
  return spawn(argv[0]!, argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
}

/** Runs the CLI to completion; kills it and reports timedOut when it exceeds the hang bound. */
export function runCli(args: string[], cwd: string, timeoutMs = 120_000, wrapper: string[] = []): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawnCli(args, cwd, wrapper);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** Rejects when `p` does not settle within `ms` (a hang bound, not a performance assertion). */
export async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms (hang?)`)), ms);
  });
  try {
    return await Promise.race([p, bound]);
  } finally {
    clearTimeout(timer);
  }
}
