/**
 * The I/O a command gets. Injected so tests drive commands in-process with captured streams,
 * and so nothing below the CLI reaches for process globals.
 */
import type { Readable, Writable } from 'node:stream';

export interface CliIO {
  stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/** Exit codes shared by every command (documented in the README). */
export const EXIT = {
  ok: 0,
  /** ingest: some records skipped; analyze: at least one error-severity finding */
  partial: 1,
  /** nothing usable, or a usage error */
  unusable: 2,
} as const;

/** Thrown by commands for a user-facing error: printed as one line, no stack trace. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.unusable) {
    super(message);
  }
}
