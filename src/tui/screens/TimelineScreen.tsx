/** A single attempt's timeline on the whole screen (reached from a finding's evidence). */
import { useLayoutEffect, useRef } from 'react';
import { Timeline } from '../components/Timeline.js';
import { useLoad, windowStart } from '../hooks.js';
import type { Screen } from '../state.js';
import type { ScreenProps } from './types.js';

type TimelineState = Extract<Screen, { kind: 'timeline' }>;

export function TimelineScreen({ screen, state, width, height, data, dispatch, register }: ScreenProps<TimelineState>) {
  const body = Math.max(1, height - 2);
  const totalRef = useRef(0);
  const start = windowStart(screen.cursor, totalRef.current || Number.MAX_SAFE_INTEGER, body);
  const attempt = useLoad(() => data.attemptRow(screen.attemptId), [screen.attemptId]);
  const page = useLoad(() => data.timelinePage(screen.attemptId, start, body), [screen.attemptId, start, body]);
  const matches = useLoad(() => (state.filter ? data.timelineMatches(screen.attemptId, state.filter) : Promise.resolve([])), [screen.attemptId, state.filter]);
  totalRef.current = page.value?.total ?? 0;
  const openEvent = (raw: boolean, now: Screen) => {
    const row = page.value?.rows[(now as TimelineState).cursor - page.value.offset];
    if (row) dispatch({ type: 'push', screen: { kind: 'event', eventId: row.eventId, attemptId: screen.attemptId, raw, scroll: 0 } });
  };
  useLayoutEffect(() => {
    register({
      kind: 'timeline',
      loading: page.loading,
      total: page.value?.total ?? 0,
      pageSize: body,
      crumb: screen.attemptId,
      open: (now) => openEvent(false, now),
      openRaw: (now) => openEvent(true, now),
      jump: (dir, now) => {
        const list = matches.value ?? [];
        const cur = (now as TimelineState).cursor;
        const next = dir > 0 ? list.find((i) => i > cur) : [...list].reverse().find((i) => i < cur);
        dispatch(next !== undefined ? { type: 'set-cursor', value: next } : { type: 'flash', text: list.length ? 'no more matches' : 'no matches: press / to search' });
      },
      exportTarget: () => ({ kind: 'attempt', id: screen.attemptId }),
    });
  });
  return (
    <Timeline
      attempt={attempt.value}
      rows={page.value?.rows ?? []}
      offset={page.value?.offset ?? 0}
      total={page.value?.total ?? 0}
      cursor={screen.cursor}
      width={width}
      height={height}
      focused
      matches={new Set(matches.value ?? [])}
      loading={page.loading && !page.value}
    />
  );
}
