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

/**
 * Writes text pieces to a stream in blocks of about 1 MiB, waiting whenever the stream asks to
 * (a large document then never sits in memory twice, as text and as its encoded bytes).
 */
export async function writeChunks(out: Writable, chunks: Iterable<string>): Promise<void> {
  let block = '';
  const flush = async () => {
    if (!block) return;
    const ok = out.write(block);
    block = '';
    if (!ok && !out.destroyed) await new Promise<void>((resolve) => {
      const done = () => { out.off('drain', done); out.off('close', done); out.off('error', done); resolve(); };
      out.on('drain', done).on('close', done).on('error', done);
    });
  };
  for (const c of chunks) {
    block += c;
    if (block.length >= 1 << 20) await flush();
  }
  await flush();
}
