/**
 * Runs wevtutil as a child process and streams its stdout; tells apart why it failed.
 *
 * Everything that touches the operating system (spawn, PATH lookup, environment, platform) is injected, so
 * tests run a stand-in wevtutil through the real spawn and can also fake the platform.
 */
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { posix, win32 } from 'node:path';
import { quoteWindowsArg, quoteWindowsProgram, cmdShimCommandLine } from './windows-args.js';

export type SpawnFn = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface ProcessDeps {
  spawn: SpawnFn;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  /** true when a regular file exists at the path (PATH lookup on Windows) */
  isFile: (path: string) => boolean;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** the first STDERR_LIMIT bytes of stderr, decoded */
  stderr: string;
  /** set when the process could not be started (ENOENT: no such program, EACCES …) */
  spawnError?: NodeJS.ErrnoException;
}

export interface RunningProcess {
  stdout: AsyncIterable<Uint8Array>;
  exit: Promise<ProcessExit>;
  /** stops the process (used when the consumer gives up early) */
  kill(): void;
}

const STDERR_LIMIT = 16 * 1024;

/** Raised when wevtutil is not there at all: not Windows, or a broken PATH. */
export class WevtutilMissingError extends Error {
  constructor(readonly spawnError: NodeJS.ErrnoException) {
    super(`wevtutil could not be started (${spawnError.code ?? spawnError.message})`);
  }
}

function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  // Windows environment names are case-insensitive ("Path" vs "PATH")
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

/**
 * Windows PATH lookup with PATHEXT, as cmd.exe does it but without the current directory (so a
 * wevtutil.exe dropped into the working folder is never picked up). Returns null when not found.
 */
export function findWindowsProgram(name: string, env: Record<string, string | undefined>, isFile: (p: string) => boolean): string | null {
  const dirs = (envValue(env, 'PATH') ?? '').split(';').map((d) => d.trim().replace(/^"(.*)"$/, '$1')).filter(Boolean);
  const exts = (envValue(env, 'PATHEXT') ?? '.COM;.EXE;.BAT;.CMD').split(';').map((e) => e.trim()).filter(Boolean);
  const hasExt = /\.[^\\/.]+$/.test(name);
  for (const dir of dirs) {
    const base = win32.join(dir, name);
    if (hasExt && isFile(base)) return base;
    for (const ext of exts) {
      const candidate = base + ext.toLowerCase();
      if (isFile(candidate)) return candidate;
    }
  }
  return null;
}

/** The program's path as spawn would find it on PATH (POSIX: an executable file; Windows: PATHEXT rules). */
export function findProgram(name: string, deps: Pick<ProcessDeps, 'platform' | 'env' | 'isFile'>): string | null {
  if (deps.platform === 'win32') return findWindowsProgram(name, deps.env, deps.isFile);
  for (const dir of (envValue(deps.env, 'PATH') ?? '').split(':').filter(Boolean)) {
    const candidate = posix.join(dir, name);
    if (deps.isFile(candidate)) return candidate;
  }
  return null;
}

/** What spawn gets: the program, its argument list and the options that make the command line right. */
export interface SpawnPlan {
  command: string;
  args: string[];
  options: SpawnOptions;
}

/**
 * Plans the spawn of `program args…`. On Windows the command line is quoted here and passed verbatim;
 * a batch file found on PATH is run through cmd.exe with cmd's escaping on top. Elsewhere the argument
 * list goes to execve unchanged (no shell, so nothing to quote).
 */
export function planSpawn(program: string, args: readonly string[], deps: ProcessDeps): SpawnPlan | { notFound: true } {
  const base: SpawnOptions = { stdio: ['ignore', 'pipe', 'pipe'], env: deps.env as NodeJS.ProcessEnv, windowsHide: true };
  if (deps.platform !== 'win32') return { command: program, args: [...args], options: base };
  const resolved = findWindowsProgram(program, deps.env, deps.isFile);
  if (!resolved) return { notFound: true };
  if (/\.(cmd|bat)$/i.test(resolved)) {
    const comspec = envValue(deps.env, 'ComSpec') ?? 'cmd.exe';
    return {
      command: comspec,
      args: ['/d', '/s', '/c', cmdShimCommandLine(resolved, args)],
      options: { ...base, windowsVerbatimArguments: true, argv0: quoteWindowsProgram(comspec) },
    };
  }
  return {
    command: resolved,
    args: args.map((a) => quoteWindowsArg(a)),
    options: { ...base, windowsVerbatimArguments: true, argv0: quoteWindowsProgram(resolved) },
  };
}

export function startProcess(program: string, args: readonly string[], deps: ProcessDeps): RunningProcess {
  const plan = planSpawn(program, args, deps);
  if ('notFound' in plan) {
    const err: NodeJS.ErrnoException = Object.assign(new Error(`spawn ${program} ENOENT`), { code: 'ENOENT', path: program });
    return {
      stdout: (async function* () {})(),
      exit: Promise.resolve({ code: null, signal: null, stderr: '', spawnError: err }),
      kill() {},
    };
  }
  const child = deps.spawn(plan.command, plan.args, plan.options);
  const errParts: Buffer[] = [];
  let errLen = 0;
  child.stderr?.on('data', (b: Buffer) => {
    if (errLen < STDERR_LIMIT) {
      errParts.push(b.subarray(0, STDERR_LIMIT - errLen));
      errLen += b.length;
    }
  });
  const exit = new Promise<ProcessExit>((resolve) => {
    let spawnError: NodeJS.ErrnoException | undefined;
    child.once('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
      // 'close' may not follow an error that happened before the process existed
      if (child.pid === undefined) resolve({ code: null, signal: null, stderr: decodeStderr(Buffer.concat(errParts)), spawnError });
    });
    child.once('close', (code, signal) => resolve({ code, signal, stderr: decodeStderr(Buffer.concat(errParts)), spawnError }));
  });
  const stdout: AsyncIterable<Uint8Array> = child.stdout ?? (async function* () {})();
  return {
    stdout,
    exit,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

/** wevtutil writes its messages in the console code page or UTF-16; English text is all we match. */
function decodeStderr(b: Buffer): string {
  if (b.length >= 2 && b[1] === 0 && b[0] !== 0) return b.toString('utf16le').replace(/^\ufeff/, '');
  return b.toString('utf8').replace(/^\ufeff/, '');
}

export type FailureKind =
  | 'channel-not-found'
  | 'access-denied'
  | 'remote-unreachable'
  | 'logon-failure'
  | 'invalid-query'
  | 'other';

export interface WevtutilFailure {
  kind: FailureKind;
  /** wevtutil's own words, one line, or the exit code when it said nothing */
  detail: string;
}

// Win32 error codes wevtutil exits with, and its English messages (other UI languages fall back to the codes).
const FAILURES: { kind: FailureKind; codes: number[]; text: RegExp }[] = [
  { kind: 'channel-not-found', codes: [15007, 2], text: /channel could not be found|channel .*not found|could not find the (specified )?(log|channel)/i },
  { kind: 'access-denied', codes: [5], text: /access is denied/i },
  { kind: 'remote-unreachable', codes: [1722, 53, 1753, 1727], text: /RPC server is unavailable|network path was not found/i },
  { kind: 'logon-failure', codes: [1326, 1327, 1330, 1331, 1909], text: /user name or password is incorrect|logon failure/i },
  { kind: 'invalid-query', codes: [15001], text: /query is invalid/i },
];

/** Null when the run succeeded. */
export function classifyExit(exit: Pick<ProcessExit, 'code' | 'signal' | 'stderr'>): WevtutilFailure | null {
  if (exit.code === 0 && !exit.signal) return null;
  const detail = exit.stderr.replace(/\s+/g, ' ').trim() || (exit.signal ? `stopped by ${exit.signal}` : `exit code ${exit.code}`);
  for (const f of FAILURES) if (f.text.test(exit.stderr)) return { kind: f.kind, detail };
  for (const f of FAILURES) if (exit.code !== null && f.codes.includes(exit.code)) return { kind: f.kind, detail };
  return { kind: 'other', detail };
}

