import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cell, fit, textWidth, truncate } from '../../src/tui/text.js';

test('wide characters count two columns, combining marks none', () => {
  assert.equal(textWidth('RDSH01'), 6);
  assert.equal(textWidth('サーバー'), 8);
  assert.equal(textWidth('e\u0301'), 1);
  assert.equal(textWidth('🔒x'), 3);
});

test('truncate cuts at a column boundary with an ellipsis and never splits a wide character', () => {
  assert.equal(truncate('abcdef', 4), 'abc…');
  assert.equal(truncate('abc', 3), 'abc');
  assert.equal(truncate('サーバー', 4), 'サ…'); // "サー" would need 4 + 1 for the ellipsis
  assert.equal(textWidth(truncate('サーバー名', 5)), 5);
  assert.equal(truncate('anything', 0), '');
});

test('fit always yields exactly the width asked for', () => {
  for (const s of ['', 'a', 'CORP\\alice', 'サーバー管理者', 'e\u0301e\u0301e\u0301', '🔒🔒🔒🔒']) {
    for (const w of [1, 2, 3, 7, 12]) {
      assert.equal(textWidth(fit(s, w)), w, `${JSON.stringify(s)} at ${w}`);
      assert.equal(textWidth(fit(s, w, true)), w);
    }
  }
});

test('cell makes control sequences visible instead of passing them through', () => {
  const hostile = 'bob\u001b[2J\u001b]0;owned\u0007\u202eevil\nnext';
  const safe = cell(hostile);
  assert.doesNotMatch(safe, /[\u0000-\u001f\u007f-\u009f\u202e]/);
  assert.match(safe, /␛\[2J/);
  assert.equal(cell(null), '');
});
