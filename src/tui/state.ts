/**
 * Navigation state of the browser and its reducer (no React, no I/O): a stack of screens, the
 * cursor of each, the active filter and sort. Data-dependent limits (list lengths) come in with the
 * actions, so the reducer stays a pure function that tests can drive directly.
 */
import type { SortKey, TimelineSource } from './data.js';
import { SORT_KEYS } from './data.js';
import type { ScreenKind } from './keymap.js';

export type Screen =
  | { kind: 'overview'; cursor: number }
  | { kind: 'attempts'; cursor: number; focus: 'list' | 'timeline'; tlCursor: number }
  | { kind: 'sessions'; cursor: number }
  /** one attempt's (or, with source "session", one session's) timeline on the whole screen */
  | { kind: 'timeline'; attemptId: string; cursor: number; source?: TimelineSource }
  | { kind: 'event'; eventId: number; attemptId: string | null; raw: boolean; scroll: number }
  | { kind: 'findings'; cursor: number; focus: 'list' | 'evidence'; evCursor: number }
  | { kind: 'help'; scroll: number };

export interface UiState {
  stack: Screen[];
  /** applied filter (hides list rows, marks timeline matches) */
  filter: string;
  /** true while the user types a filter */
  editing: boolean;
  draft: string;
  sort: SortKey;
  /** one-line message after an action (export written, nothing to open …) */
  flash: string | null;
}

export type Move = number | 'top' | 'bottom';

export type Action =
  | { type: 'move'; by: Move; total: number }
  | { type: 'set-cursor'; value: number; pane?: 'main' | 'second' }
  | { type: 'push'; screen: Screen }
  | { type: 'pop' }
  | { type: 'pane' }
  | { type: 'root'; view: 'overview' | 'attempts' | 'findings' | 'sessions' }
  | { type: 'filter-start' }
  | { type: 'filter-type'; text: string }
  | { type: 'filter-erase' }
  | { type: 'filter-commit' }
  | { type: 'filter-cancel' }
  | { type: 'filter-set'; text: string }
  | { type: 'sort' }
  | { type: 'raw' }
  | { type: 'flash'; text: string | null };

export function initialState(first: Screen = { kind: 'overview', cursor: 0 }): UiState {
  return { stack: [first], filter: '', editing: false, draft: '', sort: 'failures', flash: null };
}

export function attemptsScreen(): Screen {
  return { kind: 'attempts', cursor: 0, focus: 'list', tlCursor: 0 };
}

export function findingsScreen(): Screen {
  return { kind: 'findings', cursor: 0, focus: 'list', evCursor: 0 };
}

export function top(s: UiState): Screen {
  return s.stack[s.stack.length - 1]!;
}

/** Which keymap screen the top of the stack is, counting the attempts timeline pane as "timeline". */
export function screenKind(s: UiState): ScreenKind {
  const t = top(s);
  if (t.kind === 'attempts' && t.focus === 'timeline') return 'timeline';
  return t.kind;
}

function clamp(n: number, total: number): number {
  return Math.max(0, Math.min(n, total - 1));
}

function moved(cur: number, by: Move, total: number): number {
  if (total <= 0) return 0;
  if (by === 'top') return 0;
  if (by === 'bottom') return total - 1;
  return clamp(cur + by, total);
}

function replaceTop(s: UiState, screen: Screen): UiState {
  return { ...s, stack: [...s.stack.slice(0, -1), screen] };
}

/** Resets list cursors when the filter changes, so the cursor never points past the new list. */
function withFilter(s: UiState, filter: string): UiState {
  const stack = s.stack.map((sc): Screen => {
    if (sc.kind === 'attempts') return { ...sc, cursor: 0, tlCursor: 0 };
    if (sc.kind === 'findings') return { ...sc, cursor: 0, evCursor: 0 };
    if (sc.kind === 'sessions') return { ...sc, cursor: 0 };
    return sc;
  });
  return { ...s, stack, filter, editing: false, draft: '' };
}

export function reduce(s: UiState, a: Action): UiState {
  const t = top(s);
  switch (a.type) {
    case 'move': {
      // An unknown length (the pane has not loaded yet) moves nothing rather than resetting.
      if (a.total <= 0) return s;
      switch (t.kind) {
        case 'overview': return replaceTop(s, { ...t, cursor: moved(t.cursor, a.by, a.total) });
        case 'attempts':
          return t.focus === 'list'
            ? replaceTop(s, { ...t, cursor: moved(t.cursor, a.by, a.total), tlCursor: 0 })
            : replaceTop(s, { ...t, tlCursor: moved(t.tlCursor, a.by, a.total) });
        case 'timeline': return replaceTop(s, { ...t, cursor: moved(t.cursor, a.by, a.total) });
        case 'sessions': return replaceTop(s, { ...t, cursor: moved(t.cursor, a.by, a.total) });
        case 'findings':
          return t.focus === 'list'
            ? replaceTop(s, { ...t, cursor: moved(t.cursor, a.by, a.total), evCursor: 0 })
            : replaceTop(s, { ...t, evCursor: moved(t.evCursor, a.by, a.total) });
        case 'event': return replaceTop(s, { ...t, scroll: moved(t.scroll, a.by, a.total) });
        case 'help': return replaceTop(s, { ...t, scroll: moved(t.scroll, a.by, a.total) });
      }
      return s;
    }
    case 'set-cursor': {
      const second = a.pane === 'second';
      if (t.kind === 'attempts') return replaceTop(s, second ? { ...t, tlCursor: a.value } : { ...t, cursor: a.value });
      if (t.kind === 'findings') return replaceTop(s, second ? { ...t, evCursor: a.value } : { ...t, cursor: a.value });
      if (t.kind === 'timeline' || t.kind === 'overview' || t.kind === 'sessions') return replaceTop(s, { ...t, cursor: a.value });
      return s;
    }
    case 'push':
      return { ...s, stack: [...s.stack, a.screen], flash: null };
    case 'pop':
      return s.stack.length > 1 ? { ...s, stack: s.stack.slice(0, -1), flash: null } : s;
    case 'pane': {
      if (t.kind === 'attempts') return replaceTop(s, { ...t, focus: t.focus === 'list' ? 'timeline' : 'list' });
      if (t.kind === 'findings') return replaceTop(s, { ...t, focus: t.focus === 'list' ? 'evidence' : 'list' });
      return s;
    }
    case 'root': {
      // Views already on the stack are returned to instead of stacking a second copy.
      const idx = s.stack.findIndex((sc) => sc.kind === a.view);
      if (idx >= 0) return { ...s, stack: s.stack.slice(0, idx + 1), flash: null };
      const screen: Screen =
        a.view === 'overview' ? { kind: 'overview', cursor: 0 } : a.view === 'attempts' ? attemptsScreen() : a.view === 'sessions' ? { kind: 'sessions', cursor: 0 } : findingsScreen();
      // Jumping to a view starts a fresh trail from the overview (k9s-style), so breadcrumbs stay short.
      return { ...s, stack: a.view === 'overview' ? [screen] : [s.stack[0]!, screen], flash: null };
    }
    case 'filter-start':
      return { ...s, editing: true, draft: s.filter, flash: null };
    case 'filter-type':
      return { ...s, draft: s.draft + a.text };
    case 'filter-erase':
      return { ...s, draft: [...s.draft].slice(0, -1).join('') };
    case 'filter-commit':
      return withFilter(s, s.draft.trim());
    case 'filter-cancel':
      return withFilter(s, '');
    case 'filter-set':
      return withFilter(s, a.text);
    case 'sort': {
      const next = SORT_KEYS[(SORT_KEYS.indexOf(s.sort) + 1) % SORT_KEYS.length]!;
      const stack = s.stack.map((sc): Screen => (sc.kind === 'attempts' ? { ...sc, cursor: 0, tlCursor: 0 } : sc));
      return { ...s, sort: next, stack, flash: `sorted by ${next}` };
    }
    case 'raw':
      return t.kind === 'event' ? replaceTop(s, { ...t, raw: !t.raw, scroll: 0 }) : s;
    case 'flash':
      return { ...s, flash: a.text };
  }
}

/** Breadcrumb labels for the stack, e.g. ["Overview", "Attempts", "RDSH01/s/42", "Event 4625"]. */
export function breadcrumbs(s: UiState, names: { attempt?: string; event?: string } = {}): string[] {
  return s.stack.map((sc) => {
    switch (sc.kind) {
      case 'overview': return 'Overview';
      case 'attempts': return sc.focus === 'timeline' && names.attempt ? `Attempts › ${names.attempt}` : 'Attempts';
      case 'timeline': return `${sc.source === 'session' ? 'Session' : 'Timeline'} ${sc.attemptId}`;
      case 'sessions': return 'Sessions';
      case 'event': return names.event ?? `Event #${sc.eventId}`;
      case 'findings': return 'Findings';
      case 'help': return 'Help';
    }
  });
}
