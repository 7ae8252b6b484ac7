import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { readSecret } from '../src/live/secret.js';
import { captureIO } from './helpers/io.js';

test('readSecret on a terminal: raw mode, no echo, backspace edits, Enter ends', async () => {
  const io = captureIO();
  const stdin = Object.assign(new PassThrough(), { isTTY: true, modes: [] as boolean[], setRawMode(on: boolean) { this.modes.push(on); return this; } });
  io.stdin = stdin;
  const p = readSecret(io, 'Password: ');
  stdin.write('pa\u007fx');
  stdin.write(' s\rignored');
  assert.equal(await p, 'px s');
  assert.deepEqual(stdin.modes, [true, false]);
  assert.equal(io.err(), 'Password: \n', 'only the prompt, never the characters');
});

test('readSecret on a terminal: Ctrl+C cancels', async () => {
  const io = captureIO();
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode() { return this; } });
  io.stdin = stdin;
  const p = readSecret(io, 'Password: ');
  stdin.write('ab\u0003');
  await assert.rejects(p, /cancelled/);
});

test('readSecret from a pipe: the first line', async () => {
  const io = captureIO();
  io.stdin = Readable.from(['sec', 'ret\r\nsecond line\n']);
  assert.equal(await readSecret(io, 'Password: '), 'secret');
});
