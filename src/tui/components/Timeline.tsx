/** One attempt's timeline: its events in order with stage, family badge, join key and relative time. */
import { Box } from 'ink';
import type { AttemptRow, TimelineRow } from '../data.js';
import { clock, count, providerShort, relTime, stageLabel } from '../format.js';
import { cell, fit } from '../text.js';
import { EVIDENCE_MARK, FAMILY_BADGE_WIDTH, OUTCOME_BADGES, familyBadge } from '../theme.js';
import { Blank, Line, badgeSeg, type Seg } from './Line.js';

export function attemptHeadline(a: AttemptRow): string {
  const who = [a.client || '?', a.user || null].filter(Boolean).join(' · ');
  const at = a.outcome === 'failed-before-logon' ? ` at ${stageLabel(a.stage)}` : '';
  return `${cell(a.id)} · ${cell(who)} · ${OUTCOME_BADGES[a.outcome].text}${at}${a.disconnect ? ` · ${cell(a.disconnect)}` : ''}${a.topPattern ? ` · ${EVIDENCE_MARK} ${cell(a.topPattern)}` : ''}`;
}

export function Timeline(props: {
  attempt: AttemptRow | undefined;
  /** header text when the timeline is not an attempt's (a session) */
  headline?: string;
  rows: TimelineRow[];
  offset: number;
  total: number;
  cursor: number;
  width: number;
  height: number;
  focused: boolean;
  matches: Set<number>;
  loading: boolean;
}) {
  const { attempt, rows, offset, total, cursor, width, height, focused, matches } = props;
  const showClock = width >= 100;
  const body = Math.max(0, height - 2);
  const position = props.loading ? '…' : `${count(total ? cursor + 1 : 0)}/${count(total)}`;
  const head = attempt ? attemptHeadline(attempt) : props.headline;
  const title = head
    ? `${focused ? '▶' : ' '} Timeline ${position}${matches.size ? ` · ${matches.size} match${matches.size === 1 ? '' : 'es'}` : ''} · ${head}`
    : `${focused ? '▶' : ' '} Timeline`;
  const header: Seg[] = [
    { text: '    ' },
    { text: fit('since', 10) },
    ...(showClock ? [{ text: fit('time (UTC)', 13) }] : []),
    { text: fit('stage', 6) },
    { text: fit('family', FAMILY_BADGE_WIDTH + 1) },
    { text: fit('id', 6) },
    { text: fit('source', 11) },
    { text: fit('joined by', 14) },
    { text: 'event' },
  ];
  const lines = [];
  for (let i = 0; i < body; i++) {
    const r = rows[i];
    const index = offset + i;
    if (!r) {
      const msg = i === 0 && !props.loading && !head ? '  select an attempt' : i === 0 && !props.loading && total === 0 ? '  no events' : '';
      lines.push(msg ? <Line key={i} width={width} segs={[{ text: msg, dim: true }]} /> : <Blank key={i} width={width} />);
      continue;
    }
    const selected = index === cursor;
    const isMatch = matches.has(index);
    const evidence = r.evidenceFor.length > 0;
    const segs: Seg[] = [
      { text: selected ? (focused ? '›' : '·') : ' ', bold: true },
      { text: isMatch ? '=' : ' ', colour: 'cyan', bold: true },
      { text: evidence ? `${EVIDENCE_MARK} ` : '  ', colour: 'yellow', bold: true },
      { text: fit(relTime(r.relMs), 10) },
      ...(showClock ? [{ text: fit(clock(r.time), 13), dim: true }] : []),
      { text: fit(r.stage ?? '—', 6) },
      badgeSeg(familyBadge(r.family), FAMILY_BADGE_WIDTH + 1),
      { text: fit(String(r.code), 6) },
      { text: fit(providerShort(cell(r.provider)), 11) },
      { text: fit(`${r.joinKey}${r.confidence < 1 ? ` ${Math.round(r.confidence * 100)}%` : ''}`, 13) + ' ', dim: true },
      { text: cell(r.title), bold: evidence },
      { text: r.summary ? ` — ${cell(r.summary)}` : '' },
    ];
    lines.push(<Line key={i} width={width} segs={segs} selected={selected && focused} />);
  }
  return (
    <Box flexDirection="column" width={width}>
      <Line width={width} segs={[{ text: title, bold: focused }]} />
      <Line width={width} segs={header.map((s) => ({ ...s, dim: true }))} />
      {lines}
    </Box>
  );
}
