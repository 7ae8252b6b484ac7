/**
 * The browser: header with breadcrumbs, the screen on top of the stack, a status line and the key
 * hints. State lives in the reducer (./state.ts); keys are resolved through the keymap table; the
 * screen on top tells the dispatcher (via PaneApi) how long its list is and what Enter means there.
 */
import { Box, useApp, useInput, useStdin, useStdout, type Key } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Line } from './components/Line.js';
import { ThemeContext } from './components/ThemeContext.js';
import type { TuiData } from './data.js';
import { commandFor, footerHints } from './keymap.js';
import { attemptMarkdown, findingMarkdown } from './markdown.js';
import { AttemptsScreen } from './screens/AttemptsScreen.js';
import { EventScreen } from './screens/EventScreen.js';
import { FindingsScreen } from './screens/FindingsScreen.js';
import { HelpScreen } from './screens/HelpScreen.js';
import { OverviewScreen } from './screens/OverviewScreen.js';
import { SessionsScreen } from './screens/SessionsScreen.js';
import { TimelineScreen } from './screens/TimelineScreen.js';
import type { PaneApi, ScreenProps } from './screens/types.js';
import { breadcrumbs, initialState, reduce, screenKind, top, type Action, type Screen, type UiState } from './state.js';
import { cell } from './text.js';
import type { Theme } from './theme.js';

export interface TerminalSize {
  columns: number;
  rows: number;
}

export type ExportWriter = (target: { kind: 'attempt' | 'finding'; id: string }, markdown: string) => Promise<string>;

export interface AppProps {
  data: TuiData;
  theme: Theme;
  /** fixed size (tests); otherwise the terminal's, following resizes */
  size?: TerminalSize;
  initial?: UiState;
  exportMarkdown?: ExportWriter;
}

export const MIN_COLUMNS = 40;
export const MIN_ROWS = 10;

function useTerminalSize(fixed: TerminalSize | undefined): TerminalSize {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState<TerminalSize>(fixed ?? read());
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stdout, fixed]);
  return fixed ?? size;
}

/** Printable characters typed into the filter prompt (paste included); control input is dropped. */
function typed(input: string): string {
  // eslint-disable-next-line no-control-regex
  return input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

/** One Ink input event → the keypresses it holds (several when characters arrived together). */
export function splitKeys(input: string, key: Key): [string, Key][] {
  const special = key.ctrl || key.meta || key.escape || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow ||
    key.pageUp || key.pageDown || key.home || key.end || key.tab || key.backspace || key.delete || key.return;
  if ((special && !/^[\u0001-\u001a]{2,}$/.test(input)) || [...input].length <= 1) return [[input, key]];
  return [...input].map((ch): [string, Key] => {
    if (ch === '\r' || ch === '\n') return ['', { ...NO_KEY, return: true }];
    if (ch === '\t') return ['', { ...NO_KEY, tab: true }];
    if (ch === '\u007f' || ch === '\b') return ['', { ...NO_KEY, backspace: true }];
    const code = ch.charCodeAt(0);
    if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ...NO_KEY, ctrl: true }];
    return [ch, { ...NO_KEY, shift: ch !== ch.toLowerCase() }];
  });
}

export function App({ data, theme, size: fixedSize, initial, exportMarkdown }: AppProps) {
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const size = useTerminalSize(fixedSize);
  // The reducer runs synchronously in dispatch, so key handlers always see the state after the
  // previous key even when React has not rendered it yet (fast typing, pasted keys, send-keys).
  const [state, setState] = useState<UiState>(() => initial ?? initialState());
  const stateRef = useRef(state);
  const dispatch = useCallback((a: Action) => {
    stateRef.current = reduce(stateRef.current, a);
    setState(stateRef.current);
  }, []);
  const api = useRef<PaneApi>({ kind: 'overview', loading: true, total: 0, pageSize: 1 });
  const readyWaiters = useRef<(() => void)[]>([]);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const crumbs = useRef<Map<number, string>>(new Map());
  const [, forceCrumb] = useState(0);
  const depth = state.stack.length - 1;

  const register = useCallback(
    (next: PaneApi) => {
      api.current = next;
      if (!next.loading && next.kind === top(stateRef.current).kind) {
        for (const w of readyWaiters.current.splice(0)) w();
      }
      const had = crumbs.current.get(depth);
      if (next.crumb !== had) {
        if (next.crumb === undefined) crumbs.current.delete(depth);
        else crumbs.current.set(depth, next.crumb);
        forceCrumb((n) => n + 1);
      }
    },
    [depth],
  );
  // Crumbs of screens that were popped are forgotten.
  for (const k of [...crumbs.current.keys()]) if (k > depth) crumbs.current.delete(k);

  /** resolves once the pane on top has its data (bounded, so a failed load never blocks the keyboard) */
  const paneReady = (): Promise<void> => {
    const p = api.current;
    if (p.kind === top(stateRef.current).kind && !p.loading) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      readyWaiters.current.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  };

  /** the registered pane, if it belongs to the screen now on top */
  const pane = (): PaneApi | null => (api.current.kind === top(stateRef.current).kind ? api.current : null);

  const runExport = () => {
    const now = top(stateRef.current);
    const target = pane()?.exportTarget?.(now) ?? null;
    if (!target) {
      dispatch({ type: 'flash', text: 'nothing to export here' });
      return;
    }
    if (!exportMarkdown) {
      dispatch({ type: 'flash', text: 'export is not available' });
      return;
    }
    return (target.kind === 'attempt' ? attemptMarkdown(data, target.id) : findingMarkdown(data, target.id))
      .then((text) => exportMarkdown(target, text))
      .then(
        (where) => dispatch({ type: 'flash', text: `exported to ${where}` }),
        (err: Error) => dispatch({ type: 'flash', text: `export failed: ${err.message}` }),
      );
  };

  useInput(
    (input, key) => {
      // Terminals deliver fast typing, pastes and tmux send-keys as one chunk ("/client:10.0.0.7\r");
      // each character is handled as its own keypress.
      // Keys are handled in order; one whose action is asynchronous (finding the next failure, locating
      // evidence) holds back the keys typed after it.
      for (const [i, k] of splitKeys(input, key)) {
        // After each key, one turn of the event loop lets React render and the new pane register.
        queue.current = queue.current
          .then(() => paneReady())
          .then(() => handleKey(i, k))
          .catch(() => undefined)
          .then(() => new Promise((r) => setImmediate(r)));
      }
    },
    { isActive: isRawModeSupported === true },
  );

  function handleKey(input: string, key: Key): void | Promise<unknown> {
    {
      const state = stateRef.current;
      const now = top(state);
      if (state.editing) {
        if (key.escape) dispatch({ type: 'filter-cancel' });
        else if (key.return) dispatch({ type: 'filter-commit' });
        else if (key.backspace || key.delete) dispatch({ type: 'filter-erase' });
        else if (input && !key.ctrl && !key.meta && typed(input)) dispatch({ type: 'filter-type', text: typed(input) });
        return;
      }
      const cmd = commandFor(input, key);
      if (!cmd) return;
      const { total, pageSize } = pane() ?? { total: 0, pageSize: 1 };
      const move = (by: Action & { type: 'move' }) => dispatch(by);
      switch (cmd) {
        case 'nav.down': return move({ type: 'move', by: 1, total });
        case 'nav.up': return move({ type: 'move', by: -1, total });
        case 'nav.top': return move({ type: 'move', by: 'top', total });
        case 'nav.bottom': return move({ type: 'move', by: 'bottom', total });
        case 'nav.pageDown': return move({ type: 'move', by: Math.max(1, pageSize), total });
        case 'nav.pageUp': return move({ type: 'move', by: -Math.max(1, pageSize), total });
        case 'nav.halfDown': return move({ type: 'move', by: Math.max(1, Math.floor(pageSize / 2)), total });
        case 'nav.halfUp': return move({ type: 'move', by: -Math.max(1, Math.floor(pageSize / 2)), total });
        case 'open': return pane()?.open?.(now);
        case 'back': {
          const t = top(state);
          if (t.kind === 'attempts' && t.focus === 'timeline') return dispatch({ type: 'pane' });
          if (t.kind === 'findings' && t.focus === 'evidence') return dispatch({ type: 'pane' });
          if (state.filter && (t.kind === 'attempts' || t.kind === 'findings' || t.kind === 'sessions')) return dispatch({ type: 'filter-cancel' });
          if (state.stack.length === 1) return dispatch({ type: 'flash', text: 'q quits' });
          return dispatch({ type: 'pop' });
        }
        case 'pane': return dispatch({ type: 'pane' });
        case 'filter': return dispatch({ type: 'filter-start' });
        case 'match.next': return pane()?.jump?.(1, now);
        case 'match.prev': return pane()?.jump?.(-1, now);
        case 'sort': return top(state).kind === 'attempts' ? dispatch({ type: 'sort' }) : undefined;
        case 'view.findings': return dispatch({ type: 'root', view: 'findings' });
        case 'view.attempts': return dispatch({ type: 'root', view: 'attempts' });
        case 'view.sessions': return dispatch({ type: 'root', view: 'sessions' });
        case 'view.overview': return dispatch({ type: 'root', view: 'overview' });
        case 'raw':
          // In the event view x toggles raw/decoded; on a timeline it opens the selected event raw.
          return now.kind === 'event' ? dispatch({ type: 'raw' }) : pane()?.openRaw?.(now);
        case 'export': return runExport();
        case 'help': return top(state).kind === 'help' ? dispatch({ type: 'pop' }) : dispatch({ type: 'push', screen: { kind: 'help', scroll: 0 } });
        case 'quit': return exit();
      }
    }
  }

  const width = size.columns;
  // One line less than the terminal: a frame as tall as the terminal makes Ink clear the screen on
  // every update (flicker).
  const height = Math.max(1, size.rows - 1);
  if (width < MIN_COLUMNS || size.rows < MIN_ROWS) {
    return (
      <ThemeContext.Provider value={theme}>
        <Line width={Math.max(1, width)} segs={[{ text: `rdplens needs at least ${MIN_COLUMNS}×${MIN_ROWS} (now ${width}×${size.rows}); q quits` }]} />
      </ThemeContext.Provider>
    );
  }
  const bodyHeight = height - 3;
  const t = top(state);
  const props = { state, width, height: bodyHeight, data, dispatch, register };
  const labels = breadcrumbs(state).map((l, i) => {
    const c = crumbs.current.get(i);
    if (!c) return l;
    const sc = state.stack[i]!;
    return sc.kind === 'event' ? c : sc.kind === 'timeline' ? l : `${l} › ${c}`;
  });
  const status = state.editing
    ? [{ text: '/', bold: true, colour: 'cyan' as const }, { text: ` ${cell(state.draft)}█` }, { text: '   Enter apply · Esc clear', dim: true }]
    : [
        { text: state.filter ? `filter: ${cell(state.filter)}` : 'no filter', colour: state.filter ? ('cyan' as const) : undefined, bold: !!state.filter },
        { text: ` · sort: ${state.sort}`, dim: true },
        ...(state.flash ? [{ text: ` · ${cell(state.flash)}`, colour: 'yellow' as const }] : []),
      ];
  return (
    <ThemeContext.Provider value={theme}>
      <Box flexDirection="column" width={width} height={height}>
        <Line width={width} segs={[{ text: 'rdplens ', bold: true, colour: 'cyan' }, { text: labels.join(' › ') }]} />
        <Box height={bodyHeight} flexDirection="column">
          {renderScreen(t, props)}
        </Box>
        <Line width={width} segs={status} />
        <Line width={width} segs={[{ text: footerHints(screenKind(state), width), dim: true }]} />
      </Box>
    </ThemeContext.Provider>
  );
}

function renderScreen(t: Screen, p: Omit<ScreenProps<Screen>, 'screen'>) {
  switch (t.kind) {
    case 'overview': return <OverviewScreen key="overview" screen={t} {...p} />;
    case 'attempts': return <AttemptsScreen key="attempts" screen={t} {...p} />;
    case 'sessions': return <SessionsScreen key="sessions" screen={t} {...p} />;
    case 'timeline': return <TimelineScreen key={`timeline:${t.source ?? 'attempt'}:${t.attemptId}`} screen={t} {...p} />;
    case 'event': return <EventScreen key={`event:${t.eventId}`} screen={t} {...p} />;
    case 'findings': return <FindingsScreen key="findings" screen={t} {...p} />;
    case 'help': return <HelpScreen key="help" screen={t} {...p} />;
  }
}
