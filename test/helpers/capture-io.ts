/** A CliIO whose streams are captured, for running commands in-process through main(). */
import { Writable, Readable } from 'node:stream';
import type { CliIO } from '../../src/util/io.js';

export interface CapturedIO extends CliIO {
  out(): string;
  err(): string;
}

export function captureIO(opts: { tty?: boolean; columns?: number; env?: Record<string, string | undefined> } = {}): CapturedIO {
  const chunks = { out: [] as string[], err: [] as string[] };
  const sink = (into: string[]) => new Writable({
    write(chunk, _enc, cb) {
      into.push(String(chunk));
      cb();
    },
  });
  const stdout = Object.assign(sink(chunks.out), { isTTY: opts.tty ?? false, columns: opts.columns });
  const stderr = Object.assign(sink(chunks.err), { isTTY: false });
  return {
    stdout, stderr, stdin: Readable.from([]), env: opts.env ?? {}, cwd: process.cwd(),
    out: () => chunks.out.join(''), err: () => chunks.err.join(''),
  };
}
