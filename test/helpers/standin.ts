/**
 * Puts the wevtutil stand-in first on PATH in a fresh temp folder: `wevtutil` (Node script with a shebang)
 * for POSIX and a `wevtutil.cmd` shim for Windows, plus a log of every argv it received.
 */
import { mkdtempSync, mkdirSync, copyFileSync, chmodSync, writeFileSync, readFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, delimiter } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProcessDeps } from '../../src/live/wevtutil.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/live/', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./wevtutil-standin.mjs', import.meta.url));

export interface StandIn {
  dir: string;
  env: Record<string, string | undefined>;
  /** argv of every call so far, in order */
  calls(): string[][];
  deps(extraEnv?: Record<string, string>): ProcessDeps;
  cleanup(): void;
}

export function installStandIn(settings: Record<string, string> = {}): StandIn {
  const dir = mkdtempSync(join(tmpdir(), 'rdplens-live-'));
  const bin = join(dir, 'bin');
  const log = join(dir, 'argv.jsonl');
  // the bin folder (the only one put on PATH) holds nothing but the stand-in
  mkdirSync(bin);
  copyFileSync(SCRIPT, join(bin, 'wevtutil'));
  chmodSync(join(bin, 'wevtutil'), 0o755);
  writeFileSync(join(bin, 'wevtutil.cmd'), '@node "%~dp0wevtutil" %*\r\n');
  const env: Record<string, string | undefined> = {
    ...process.env,
    PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
    WEVTUTIL_STANDIN_FIXTURES: FIXTURES,
    WEVTUTIL_STANDIN_LOG: log,
    WEVTUTIL_STANDIN_STATE: join(dir, 'state'),
    ...settings,
  };
  if (process.platform === 'win32') delete env.Path; // one PATH variable only
  return {
    dir,
    env,
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]) : []),
    deps: (extraEnv = {}) => ({
      spawn: spawn as ProcessDeps['spawn'],
      platform: process.platform,
      env: { ...env, ...extraEnv },
      isFile: (p) => {
        try {
          return statSync(p).isFile();
        } catch {
          return false;
        }
      },
    }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

