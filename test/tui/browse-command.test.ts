import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli.js';
import { captureIO } from '../helpers/io.js';
import { tempDir } from '../helpers/tmp.js';
import { buildFixture } from '../helpers/tui-fixture.js';

test('browse without a terminal refuses politely (exit 2) and points to analyze / --json', async (t) => {
  const dir = tempDir(t);
  const fx = await buildFixture(dir);
  await fx.store.close();
  for (const argv of [['browse', fx.path], ['tui', fx.path]]) {
    const io = captureIO(dir);
    assert.equal(await main(argv, io), 2);
    assert.match(io.err(), /needs an interactive terminal/);
    assert.match(io.err(), /rdplens analyze <inputs>/);
    assert.match(io.err(), /--json/);
    assert.equal(io.out(), '');
  }
});

test('browse --help documents the keys and the alias', async () => {
  const io = captureIO();
  assert.equal(await main(['browse', '--help'], io), 0);
  assert.match(io.out(), /Usage: rdplens browse\|tui/);
  assert.match(io.out(), /--no-color/);
  assert.match(io.out(), /\/ filter/);
});
