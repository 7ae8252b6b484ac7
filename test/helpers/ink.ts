/**
 * Renders an Ink tree to a fake terminal of a given size (ink-testing-library's stdout is fixed at
 * 100 columns) and lets tests type keys and wait for frames.
 */
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ReactElement } from 'react';

class FakeStdout extends EventEmitter {
  frames: string[] = [];
  constructor(readonly columns: number, readonly rows: number) {
    super();
  }
  isTTY = true;
  write = (frame: string) => {
    this.frames.push(frame);
    // Only recent frames are kept (long benchmark runs would otherwise hold every frame).
    if (this.frames.length > 200) this.frames.splice(0, this.frames.length - 100);
    this.emit('frame', frame);
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string) {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

export interface Term {
  lastFrame(): string;
  /** last frame without SGR styling, trailing spaces trimmed per line */
  text(): string;
  frames: string[];
  press(keys: string): Promise<void>;
  /** waits until the frame contains `needle` (or the predicate holds) and then stays still */
  waitFor(needle: string | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  settle(): Promise<string>;
  /** resolves at the first frame (current or new) whose text satisfies `ok`; no polling */
  nextFrame(ok: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  unmount(): void;
  /** resolves when the app exits by itself (q) */
  exited: Promise<unknown>;
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

export function renderAt(tree: ReactElement, columns: number, rows: number): Term {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const inst = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeStdout(columns, rows) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const last = () => stdout.frames[stdout.frames.length - 1] ?? '';
  const text = () =>
    stripAnsi(last())
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')
      .trimEnd();
  async function settle(): Promise<string> {
    // Loaders resolve through SQLite; wait until no new frame arrives for a while.
    let n = -1;
    let still = 0;
    for (let i = 0; i < 400 && still < 6; i++) {
      await tick(10);
      if (stdout.frames.length === n) still++;
      else {
        still = 0;
        n = stdout.frames.length;
      }
    }
    return text();
  }
  return {
    lastFrame: last,
    text,
    frames: stdout.frames,
    async press(keys: string) {
      stdin.write(keys);
      await tick(1);
    },
    async waitFor(needle, timeoutMs = 4000) {
      const ok = typeof needle === 'string' ? (f: string) => f.includes(needle) : needle;
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (ok(text())) return settle();
        await tick(10);
      }
      throw new Error(`timed out waiting for ${typeof needle === 'string' ? JSON.stringify(needle) : 'predicate'}; last frame:\n${text()}`);
    },
    settle,
    nextFrame(ok, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const t = text();
          if (!ok(t)) return false;
          stdout.off('frame', check);
          clearTimeout(timer);
          resolve(t);
          return true;
        };
        const timer = setTimeout(() => {
          stdout.off('frame', check);
          reject(new Error(`no matching frame within ${timeoutMs} ms; last:\n${text()}`));
        }, timeoutMs);
        if (!check()) stdout.on('frame', check);
      });
    },
    unmount: () => inst.unmount(),
    exited: inst.waitUntilExit(),
  };
}
