import { PassThrough, Readable } from 'node:stream';
import type { CliIO } from '../../src/util/io.js';

/** A CliIO with captured stdout/stderr, for running commands in-process through main(argv, io). */
export function captureIO(cwd: string = process.cwd(), env: Record<string, string | undefined> = {}): CliIO & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (d) => (o += d));
  stderr.on('data', (d) => (e += d));
  return { stdout, stderr, stdin: Readable.from([]), env, cwd, out: () => o, err: () => e };
}

