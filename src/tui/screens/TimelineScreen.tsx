/** A single attempt's timeline on the whole screen (reached from a finding's evidence). */
import { useLayoutEffect, useRef } from 'react';
import { Timeline } from '../components/Timeline.js';
import { useLoad, windowStart } from '../hooks.js';
import type { Screen } from '../state.js';
import { cell } from '../text.js';
import type { ScreenProps } from './types.js';

type TimelineState = Extract<Screen, { kind: 'timeline' }>;

export function TimelineScreen({ screen, state, width, height, data, dispatch, register }: ScreenProps<TimelineState>) {
  const body = Math.max(1, height - 2);
  const totalRef = useRef(0);
  const start = windowStart(screen.cursor, totalRef.current || Number.MAX_SAFE_INTEGER, body);
  const source = screen.source ?? 'attempt';
  const attempt = useLoad(() => (source === 'attempt' ? data.attemptRow(screen.attemptId) : Promise.resolve(undefined)), [screen.attemptId, source]);
  const session = useLoad(() => (source === 'session' ? data.sessionRow(screen.attemptId) : Promise.resolve(undefined)), [screen.attemptId, source]);
  const page = useLoad(() => data.timelinePage(screen.attemptId, start, body, source), [screen.attemptId, start, body, source]);
  const matches = useLoad(() => (state.filter ? data.timelineMatches(screen.attemptId, state.filter, source) : Promise.resolve([])), [screen.attemptId, state.filter, source]);
  const s = session.value;
  const headline = s
    ? `session ${cell(s.id)} · ${cell(s.client || '?')}${s.user ? ` · ${cell(s.user)}` : ''} · ${s.outcome} · ${s.reconnects} reconnect${s.reconnects === 1 ? '' : 's'}, ${s.disconnects} disconnect${s.disconnects === 1 ? '' : 's'}`
    : undefined;
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
      exportTarget: () => (source === 'attempt' ? { kind: 'attempt', id: screen.attemptId } : null),
    });
  });
  return (
    <Timeline
      attempt={attempt.value}
      headline={headline}
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
