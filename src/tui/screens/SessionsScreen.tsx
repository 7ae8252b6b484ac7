/** Sessions: one line per logon session (logon, reconnects, disconnects, how it ended); Enter opens its timeline. */
import { Box } from 'ink';
import { useLayoutEffect, useRef } from 'react';
import { Blank, Line, type Seg } from '../components/Line.js';
import { count, hostShort, shortDateTime } from '../format.js';
import { useLoad, windowStart } from '../hooks.js';
import type { Screen } from '../state.js';
import { cell, fit } from '../text.js';
import { EVIDENCE_MARK } from '../theme.js';
import type { ScreenProps } from './types.js';

type SessionsState = Extract<Screen, { kind: 'sessions' }>;

const OUTCOME_TEXT: Record<string, string> = { active: 'ACTIVE', disconnected: 'DISCONN', 'logged-off': 'LOGOFF', unknown: '?' };

export function SessionsScreen({ screen, state, width, height, data, dispatch, register }: ScreenProps<SessionsState>) {
  const body = Math.max(1, height - 2);
  const totalRef = useRef(0);
  const start = windowStart(screen.cursor, totalRef.current || Number.MAX_SAFE_INTEGER, body);
  const page = useLoad(() => data.sessionPage(state.filter, start, body), [state.filter, start, body]);
  const total = page.value?.total ?? 0;
  totalRef.current = total;
  useLayoutEffect(() => {
    register({
      kind: 'sessions',
      loading: page.loading,
      total,
      pageSize: body,
      open: (now) => {
        const r = page.value?.rows[(now as SessionsState).cursor - page.value.offset];
        if (r) dispatch({ type: 'push', screen: { kind: 'timeline', attemptId: r.id, cursor: 0, source: 'session' } });
      },
    });
  });
  const userW = Math.max(8, Math.floor((width - 70) * 0.5));
  const header: Seg[] = [
    { text: '  ' },
    { text: fit('start', 15) },
    { text: fit('host', 11) },
    { text: fit('client', 16) },
    { text: fit('user', userW + 1) },
    { text: fit('sess', 5) },
    { text: fit('ended', 10) },
    { text: 'reconnects · disconnects · attempts · events' },
  ];
  const lines = [];
  for (let i = 0; i < body; i++) {
    const r = page.value?.rows[i];
    const index = (page.value?.offset ?? 0) + i;
    if (!r) {
      lines.push(i === 0 && !page.loading && total === 0 ? <Line key={i} width={width} segs={[{ text: '  no sessions', dim: true }]} /> : <Blank key={i} width={width} />);
      continue;
    }
    const sel = index === screen.cursor;
    lines.push(
      <Line
        key={i}
        width={width}
        selected={sel}
        segs={[
          { text: sel ? '›' : ' ', bold: true },
          { text: r.evidence ? EVIDENCE_MARK : ' ', colour: 'yellow', bold: true },
          { text: fit(shortDateTime(r.start), 15) },
          { text: fit(cell(hostShort(r.host)), 10) + ' ' },
          { text: fit(cell(r.client || '—'), 15) + ' ' },
          { text: fit(cell(r.user || '—'), userW) + ' ' },
          { text: fit(r.sessionId === null ? '—' : String(r.sessionId), 5) },
          { text: fit(`[${OUTCOME_TEXT[r.outcome] ?? r.outcome}]`, 9) + ' ', bold: true, colour: r.outcome === 'disconnected' ? 'yellow' : undefined },
          { text: `${r.reconnects} · ${r.disconnects} · ${r.attempts} · ${r.events}` },
        ]}
      />,
    );
  }
  const position = page.loading ? '…' : `${total ? count(screen.cursor + 1) : 0}/${count(total)}`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Line width={width} segs={[{ text: `▶ Sessions ${position}${state.filter ? ` · filter: ${cell(state.filter)}` : ''}`, bold: true }]} />
      <Line width={width} segs={header.map((x) => ({ ...x, dim: true }))} />
      {lines}
    </Box>
  );
}
