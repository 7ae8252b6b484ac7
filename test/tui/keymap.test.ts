import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Key } from 'ink';
import { KEYMAP, commandFor, footerHints, helpLines } from '../../src/tui/keymap.js';
import { splitKeys } from '../../src/tui/App.js';

const none: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

test('keys resolve to commands through the table', () => {
  assert.equal(commandFor('j', none), 'nav.down');
  assert.equal(commandFor('', { ...none, downArrow: true }), 'nav.down');
  assert.equal(commandFor('G', { ...none, shift: true }), 'nav.bottom');
  assert.equal(commandFor('d', { ...none, ctrl: true }), 'nav.halfDown');
  assert.equal(commandFor('d', none), null);
  assert.equal(commandFor('', { ...none, escape: true }), 'back');
  assert.equal(commandFor('', { ...none, tab: true }), 'pane');
  assert.equal(commandFor('/', none), 'filter');
  assert.equal(commandFor('N', { ...none, shift: true }), 'match.prev');
  assert.equal(commandFor('q', none), 'quit');
});

test('help lists every command once and the footer only names bound keys', () => {
  const help = helpLines();
  assert.equal(help.length, KEYMAP.length);
  for (const c of KEYMAP) assert.ok(help.some((h) => h.keys === c.keys && h.description === c.description), c.id);
  const footer = footerHints('attempts');
  assert.match(footer, /Enter open/);
  assert.match(footer, /\/ filter/);
  assert.match(footer, /q quit/);
  assert.doesNotMatch(footerHints('help'), /filter/);
});

test('a chunk of typed characters becomes one keypress per character', () => {
  const keys = splitKeys('/ab\r', none);
  assert.deepEqual(keys.map(([i, k]) => (k.return ? '⏎' : i)), ['/', 'a', 'b', '⏎']);
  assert.equal(splitKeys('j', none).length, 1);
  assert.equal(splitKeys('', { ...none, upArrow: true })[0]![1].upArrow, true);
});

test('a narrow footer keeps whole hints and always ends with help and quit', () => {
  const wide = footerHints('attempts');
  const narrow = footerHints('attempts', 60);
  assert.ok(narrow.length <= 60, narrow);
  assert.ok(wide.startsWith(narrow.slice(0, narrow.indexOf(' · ? help'))));
  assert.match(narrow, / · \? help · q quit$/);
  assert.doesNotMatch(narrow, /…/);
});
