import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { keymapMarkdown } from '../../src/tui/keymap.js';

test('the README key table is the keymap table', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes(keymapMarkdown()), 'README.md key table differs from src/tui/keymap.ts; paste keymapMarkdown() output');
});
