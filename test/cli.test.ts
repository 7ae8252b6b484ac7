import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli.js';
import { captureIO } from './helpers/io.js';

test('--help lists commands and examples; unknown command is a usage error (exit 2)', async () => {
  const io = captureIO();
  assert.equal(await main(['--help'], io), 0);
  assert.match(io.out(), /Examples:/);
  assert.match(io.out(), /ingest/);
  const bad = captureIO();
  assert.equal(await main(['no-such-command'], bad), 2);
});

test('the built launcher runs', { skip: !existsSync(fileURLToPath(new URL('../dist/src/cli.js', import.meta.url))) && 'not built' }, () => {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('../bin/rdplens', import.meta.url)), '--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^\d+\.\d+\.\d+/);
});
