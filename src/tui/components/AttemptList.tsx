/** The attempts list pane: one line per connection attempt, failures first by default. */
import { Box } from 'ink';
import type { AttemptRow } from '../data.js';
import { count, hostShort, shortDateTime, stageLabel } from '../format.js';
import { cell, fit } from '../text.js';
import { EVIDENCE_MARK, OUTCOME_BADGES } from '../theme.js';
import { Blank, Line, badgeSeg, type Seg } from './Line.js';

interface Cols {
  time: number;
  host: number;
  client: number;
  user: number;
  stage: number;
  outcome: number;
  pattern: number;
}

/** Column widths for a pane `width` wide; free space goes mostly to client and pattern. */
export function attemptColumns(width: number): Cols {
  const fixed = 2 /* cursor */ + 15 /* time */ + 10 /* stage */ + 10 /* outcome */ + 2 /* evidence */;
  const rest = Math.max(12, width - fixed - 3 /* gaps */);
  const host = Math.max(4, Math.floor(rest * 0.2));
  const client = Math.max(4, Math.floor(rest * 0.28));
  const user = Math.max(4, Math.floor(rest * 0.2));
  const pattern = Math.max(4, rest - host - client - user);
  return { time: 15, host, client, user, stage: 10, outcome: 10, pattern };
}

export function AttemptList(props: {
  rows: AttemptRow[];
  offset: number;
  total: number;
  cursor: number;
  width: number;
  height: number;
  focused: boolean;
  sort: string;
  filter: string;
  loading: boolean;
}) {
  const { rows, offset, total, cursor, width, height, focused } = props;
  const c = attemptColumns(width);
  const body = Math.max(0, height - 2);
  const position = props.loading ? '…' : `${total ? count(cursor + 1) : 0}/${count(total)}`;
  const title = `${focused ? '▶' : ' '} Attempts ${position} · sort: ${props.sort}${props.filter ? ` · filter: ${props.filter}` : ''}`;
  const header: Seg[] = [
    { text: '  ' },
    { text: fit('time', c.time) },
    { text: fit('host', c.host + 1) },
    { text: fit('client', c.client + 1) },
    { text: fit('user', c.user + 1) },
    { text: fit('stage', c.stage) },
    { text: fit('outcome', c.outcome) },
    { text: '  ' },
    { text: 'pattern' },
  ];
  const lines = [];
  for (let i = 0; i < body; i++) {
    const r = rows[i];
    const index = offset + i;
    if (!r) {
      lines.push(i === 0 && total === 0 && !props.loading ? <Line key={i} width={width} segs={[{ text: '  no attempts match', dim: true }]} /> : <Blank key={i} width={width} />);
      continue;
    }
    const selected = index === cursor;
    const segs: Seg[] = [
      { text: selected ? (focused ? '› ' : '· ') : '  ', bold: true },
      { text: fit(shortDateTime(r.start), c.time) },
      { text: fit(cell(hostShort(r.host)), c.host) + ' ' },
      { text: fit(cell(r.client || '—'), c.client) + ' ' },
      { text: fit(cell(r.user || '—'), c.user) + ' ' },
      { text: fit(stageLabel(r.stage), c.stage - 1) + ' ' },
      badgeSeg(OUTCOME_BADGES[r.outcome], c.outcome),
      { text: r.findingIds.length ? `${EVIDENCE_MARK} ` : '  ', colour: 'yellow', bold: true },
      { text: cell(r.topPattern ?? (r.disconnect ? `(${r.disconnect})` : '')), colour: r.topSeverity === 'error' ? 'red' : undefined },
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
