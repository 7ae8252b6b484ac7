/**
 * Attempts list with the selected attempt's timeline: side by side on a wide terminal, stacked on a
 * narrow one. Only the visible window of either list is ever loaded.
 */
import { Box, Text } from 'ink';
import { useLayoutEffect, useRef } from 'react';
import { AttemptList } from '../components/AttemptList.js';
import { Timeline } from '../components/Timeline.js';
import { useLoad, windowStart } from '../hooks.js';
import type { Screen } from '../state.js';
import { WIDE_COLUMNS, type ScreenProps } from './types.js';

type AttemptsState = Extract<Screen, { kind: 'attempts' }>;

export function AttemptsScreen({ screen, state, width, height, data, dispatch, register }: ScreenProps<AttemptsState>) {
  const wide = width >= WIDE_COLUMNS;
  const listW = wide ? Math.floor((width - 1) * 0.5) : width;
  const listH = wide ? height : Math.max(5, Math.floor(height * 0.4));
  const tlW = wide ? width - listW - 1 : width;
  const tlH = wide ? height : height - listH;
  const listBody = Math.max(1, listH - 2);
  const tlBody = Math.max(1, tlH - 2);

  // One loader for everything the screen shows (list window, the selected attempt's timeline window
  // and its search matches), so a keypress costs one data round and at most two renders.
  const lastTotal = useRef(0);
  const tlTotalRef = useRef(0);
  const start = windowStart(screen.cursor, lastTotal.current || Number.MAX_SAFE_INTEGER, listBody);
  const tlStart = windowStart(screen.tlCursor, tlTotalRef.current || Number.MAX_SAFE_INTEGER, tlBody);
  const view = useLoad(async () => {
    const page = await data.attemptPage(state.filter, state.sort, start, listBody);
    const sel = page.rows[screen.cursor - page.offset];
    const timeline = sel ? await data.timelinePage(sel.id, tlStart, tlBody) : { offset: 0, total: 0, rows: [] };
    const hits = sel && state.filter ? await data.timelineMatches(sel.id, state.filter) : [];
    return { page, id: sel?.id, timeline, hits };
  }, [state.filter, state.sort, start, listBody, screen.cursor, tlStart, tlBody]);
  const page = { value: view.value?.page, loading: view.loading, error: view.error };
  const total = page.value?.total ?? 0;
  lastTotal.current = total;
  const selected = page.value?.rows[screen.cursor - (page.value?.offset ?? 0)];
  // Timeline rows are shown only when they belong to the attempt under the cursor.
  const same = !!view.value && view.value.id === selected?.id;
  const tl = same ? view.value!.timeline : undefined;
  tlTotalRef.current = tl?.total ?? 0;
  const matches = same ? view.value!.hits : [];
  const matchSet = new Set(matches);

  const focusList = screen.focus === 'list';
  const as = (now: Screen) => now as AttemptsState;
  const selectedAt = (now: Screen) => page.value?.rows[as(now).cursor - page.value.offset];
  const openEvent = (raw: boolean, now: Screen) => {
    const row = tl && selectedAt(now)?.id === selected?.id ? tl.rows[as(now).tlCursor - tl.offset] : undefined;
    if (row) dispatch({ type: 'push', screen: { kind: 'event', eventId: row.eventId, attemptId: selected?.id ?? null, raw, scroll: 0 } });
  };
  useLayoutEffect(() => {
    register({
      kind: 'attempts',
      loading: view.loading,
      total: focusList ? total : (tl?.total ?? 0),
      pageSize: focusList ? listBody : tlBody,
      crumb: !focusList && selected ? selected.id : undefined,
      open: (now) => {
        if (as(now).focus === 'list') {
          if (selectedAt(now)) dispatch({ type: 'pane' });
          return;
        }
        openEvent(false, now);
      },
      openRaw: (now) => (as(now).focus === 'list' ? undefined : openEvent(true, now)),
      jump: (dir, now) => {
        if (as(now).focus === 'list') {
          return data.nextFailed(state.filter, state.sort, as(now).cursor, dir).then((i) =>
            dispatch(i >= 0 ? { type: 'set-cursor', value: i } : { type: 'flash', text: `no ${dir > 0 ? 'later' : 'earlier'} failed attempt` }),
          );
          return;
        }
        const list = matches;
        const cur = as(now).tlCursor;
        const next = dir > 0 ? list.find((i) => i > cur) : [...list].reverse().find((i) => i < cur);
        dispatch(next !== undefined ? { type: 'set-cursor', value: next, pane: 'second' } : { type: 'flash', text: list.length ? 'no more matches' : 'no matches: press / to search' });
      },
      exportTarget: (now) => {
        const r = selectedAt(now);
        return r ? { kind: 'attempt', id: r.id } : null;
      },
    });
  });

  const list = (
    <AttemptList
      rows={page.value?.rows ?? []}
      offset={page.value?.offset ?? 0}
      total={total}
      cursor={screen.cursor}
      width={listW}
      height={listH}
      focused={focusList}
      sort={state.sort}
      filter={state.filter}
      loading={page.loading}
    />
  );
  const timelinePane = (
    <Timeline
      attempt={selected}
      rows={tl?.rows ?? []}
      offset={tl?.offset ?? 0}
      total={tl?.total ?? 0}
      cursor={screen.tlCursor}
      width={tlW}
      height={tlH}
      focused={!focusList}
      matches={matchSet}
      loading={!tl}
    />
  );
  if (page.error) return <Text>could not load attempts: {page.error}</Text>;
  return wide ? (
    <Box flexDirection="row" height={height}>
      {list}
      <Box flexDirection="column" width={1}>
        {Array.from({ length: height }, (_, i) => (
          <Text key={i}>│</Text>
        ))}
      </Box>
      {timelinePane}
    </Box>
  ) : (
    <Box flexDirection="column" height={height}>
      {list}
      {timelinePane}
    </Box>
  );
}
