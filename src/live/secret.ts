/**
 * Reads a password for `--password-prompt` without echoing it: raw mode on a terminal, otherwise the
 * first line of standard input (so it can be piped in by a script).
 */
import type { CliIO } from '../util/io.js';

type RawStdin = CliIO['stdin'] & { setRawMode?: (on: boolean) => unknown };

export async function readSecret(io: CliIO, prompt: string): Promise<string> {
  io.stderr.write(prompt);
  const stdin = io.stdin as RawStdin;
  if (stdin.isTTY && typeof stdin.setRawMode === 'function') {
    stdin.setRawMode(true);
    try {
      return await new Promise<string>((resolve, reject) => {
        let secret = '';
        const onData = (b: Buffer | string) => {
          for (const ch of b.toString()) {
            if (ch === '\r' || ch === '\n') return finish(() => resolve(secret));
            if (ch === '\u0003') return finish(() => reject(new Error('cancelled')));
            if (ch === '\u007f' || ch === '\b') secret = secret.slice(0, -1);
            else if (ch >= ' ') secret += ch;
          }
        };
        const finish = (done: () => void) => {
          stdin.off('data', onData);
          stdin.pause();
          io.stderr.write('\n');
          done();
        };
        stdin.on('data', onData);
        stdin.resume();
      });
    } finally {
      stdin.setRawMode(false);
    }
  }
  let text = '';
  for await (const chunk of stdin) {
    text += chunk.toString();
    const nl = text.search(/\r?\n/);
    if (nl >= 0) return text.slice(0, nl);
  }
  return text;
}
