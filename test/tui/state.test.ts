import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attemptsScreen, breadcrumbs, initialState, reduce, screenKind, top, type Action, type UiState } from '../../src/tui/state.js';

const run = (s: UiState, ...actions: Action[]) => actions.reduce(reduce, s);

test('moves clamp to the list and ignore an unknown length', () => {
  let s = run(initialState(), { type: 'push', screen: attemptsScreen() });
  s = run(s, { type: 'move', by: 1, total: 3 }, { type: 'move', by: 1, total: 3 }, { type: 'move', by: 1, total: 3 });
  assert.equal((top(s) as { cursor: number }).cursor, 2);
  s = run(s, { type: 'move', by: -10, total: 3 });
  assert.equal((top(s) as { cursor: number }).cursor, 0);
  s = run(s, { type: 'move', by: 'bottom', total: 40 });
  assert.equal((top(s) as { cursor: number }).cursor, 39);
  assert.equal(run(s, { type: 'move', by: 1, total: 0 }), s);
});

test('Tab switches between list and timeline; the timeline cursor resets when the attempt changes', () => {
  let s = run(initialState(), { type: 'push', screen: attemptsScreen() }, { type: 'pane' });
  assert.equal(screenKind(s), 'timeline');
  s = run(s, { type: 'move', by: 2, total: 5 });
  assert.deepEqual(top(s), { kind: 'attempts', cursor: 0, focus: 'timeline', tlCursor: 2 });
  s = run(s, { type: 'pane' }, { type: 'move', by: 1, total: 5 });
  assert.deepEqual(top(s), { kind: 'attempts', cursor: 1, focus: 'list', tlCursor: 0 });
});

test('filter editing: typed text applies on Enter, Esc clears it, cursors restart at the top', () => {
  let s = run(initialState(), { type: 'push', screen: attemptsScreen() }, { type: 'move', by: 3, total: 9 });
  s = run(s, { type: 'filter-start' }, { type: 'filter-type', text: 'client:10.0.0.7x' }, { type: 'filter-erase' });
  assert.equal(s.editing, true);
  assert.equal(s.filter, '');
  s = run(s, { type: 'filter-commit' });
  assert.equal(s.filter, 'client:10.0.0.7');
  assert.equal((top(s) as { cursor: number }).cursor, 0);
  s = run(s, { type: 'filter-start' }, { type: 'filter-cancel' });
  assert.equal(s.filter, '');
  assert.equal(s.editing, false);
});

test('views: f/a/o start a fresh trail from the overview; pop never empties the stack', () => {
  let s = run(initialState(), { type: 'push', screen: attemptsScreen() }, { type: 'push', screen: { kind: 'event', eventId: 4, attemptId: 'x', raw: false, scroll: 0 } });
  s = run(s, { type: 'root', view: 'findings' });
  assert.deepEqual(breadcrumbs(s), ['Overview', 'Findings']);
  s = run(s, { type: 'root', view: 'overview' }, { type: 'pop' }, { type: 'pop' });
  assert.deepEqual(breadcrumbs(s), ['Overview']);
});

test('sort cycles through the keys and x toggles raw only on the event view', () => {
  let s = run(initialState(), { type: 'sort' });
  assert.equal(s.sort, 'time');
  s = run(s, { type: 'sort' }, { type: 'sort' }, { type: 'sort' });
  assert.equal(s.sort, 'failures');
  assert.equal(run(s, { type: 'raw' }), s);
  s = run(s, { type: 'push', screen: { kind: 'event', eventId: 1, attemptId: null, raw: false, scroll: 3 } }, { type: 'raw' });
  assert.deepEqual(top(s), { kind: 'event', eventId: 1, attemptId: null, raw: true, scroll: 0 });
});
