/**
 * Findings: the list, and for the selected one its explanation, remedy steps and evidence events.
 * Tab moves into the evidence; Enter on an evidence event opens that attempt's timeline at the event.
 */
import { Box, Text } from 'ink';
import { useLayoutEffect } from 'react';
import { Blank, Line, badgeSeg, type Seg } from '../components/Line.js';
import { count, dateTime, hostShort, providerShort, shortDateTime } from '../format.js';
import { useLoad, windowStart } from '../hooks.js';
import type { Finding } from '../../model/analysis.js';
import type { Screen } from '../state.js';
import { cell, fit, textWidth } from '../text.js';
import { EVIDENCE_MARK, SEVERITY_BADGES } from '../theme.js';
import { wrap } from '../format.js';
import { WIDE_COLUMNS, type ScreenProps } from './types.js';

type FindingsState = Extract<Screen, { kind: 'findings' }>;

interface DetailLine {
  segs: Seg[];
  /** index into finding.evidence for evidence rows */
  evidence?: number;
}

export function findingDetail(f: Finding, width: number): DetailLine[] {
  const out: DetailLine[] = [];
  const w = Math.max(10, width - 2);
  out.push({ segs: [badgeSeg(SEVERITY_BADGES[f.severity], 8), { text: cell(f.title), bold: true }] });
  out.push({ segs: [{ text: `pattern ${cell(f.pattern)} · ${f.category} · confidence ${Math.round(f.confidence * 100)}% · seen ${count(f.count)}×`, dim: true }] });
  out.push({ segs: [{ text: `host ${cell(f.host)}${f.clientAddress ? ` · client ${cell(f.clientAddress)}` : ''}${f.user ? ` · user ${cell(f.user)}` : ''} · ${dateTime(f.firstSeen)} → ${dateTime(f.lastSeen)}`, dim: true }] });
  out.push({ segs: [] });
  out.push({ segs: [{ text: 'Why', bold: true }] });
  for (const l of wrap(cell(f.explanation), w, textWidth)) out.push({ segs: [{ text: `  ${l}` }] });
  if (f.remedy.length) {
    out.push({ segs: [] });
    out.push({ segs: [{ text: 'What to do', bold: true }] });
    f.remedy.forEach((r, i) => {
      const prefix = `  ${i + 1}. `;
      wrap(cell(r.text), w - prefix.length, textWidth).forEach((l, j) => {
        out.push({ segs: [{ text: j === 0 ? prefix : ' '.repeat(prefix.length) }, ...(j === 0 && r.weakensSecurity ? [{ text: '[WEAKENS SECURITY] ', colour: 'red' as const, bold: true }] : []), { text: l }] });
      });
      if (r.command) out.push({ segs: [{ text: ' '.repeat(prefix.length) }, { text: `$ ${cell(r.command)}`, colour: 'cyan' }] });
    });
  }
  out.push({ segs: [] });
  out.push({ segs: [{ text: `Evidence (${f.evidence.length}) — Enter opens the timeline at the event`, bold: true }] });
  f.evidence.forEach((e, i) => {
    out.push({
      evidence: i,
      segs: [
        { text: `${EVIDENCE_MARK} `, colour: 'yellow', bold: true },
        { text: `${shortDateTime(e.time)} ` },
        { text: fit(cell(hostShort(e.host)), 8) + ' ' },
        { text: fit(providerShort(cell(e.provider)), 10) + ' ' },
        { text: fit(String(e.eventCode), 6) },
        { text: cell(e.meaning) },
      ],
    });
  });
  return out;
}

export function FindingsScreen({ screen, state, width, height, data, dispatch, register }: ScreenProps<FindingsState>) {
  const wide = width >= WIDE_COLUMNS;
  const listW = wide ? Math.floor((width - 1) * 0.42) : width;
  const listH = wide ? height : Math.max(4, Math.min(Math.floor(height * 0.35), 12));
  const detW = wide ? width - listW - 1 : width;
  const detH = wide ? height : height - listH;
  const listBody = Math.max(1, listH - 1);
  const loaded = useLoad(() => data.findings(state.filter), [state.filter]);
  const list = loaded.value ?? [];
  const f = list[screen.cursor];
  const focusList = screen.focus === 'list';

  useLayoutEffect(() => {
    register({
      kind: 'findings',
      loading: loaded.loading,
      total: focusList ? list.length : (f?.evidence.length ?? 0),
      pageSize: focusList ? listBody : Math.max(1, detH - 1),
      crumb: f ? cell(f.pattern) : undefined,
      open: (now) => {
        const cur = now as FindingsState;
        const f = list[cur.cursor];
        if (!f) return;
        if (cur.focus === 'list') {
          dispatch({ type: 'pane' });
          return;
        }
        const ev = f.evidence[cur.evCursor];
        if (!ev) return;
        return data.locateEvent(ev.eventId, f.attemptIds).then((hit) => {
          if (hit) dispatch({ type: 'push', screen: { kind: 'timeline', attemptId: hit.attemptId, cursor: hit.index } });
          else dispatch({ type: 'push', screen: { kind: 'event', eventId: ev.eventId, attemptId: null, raw: false, scroll: 0 } });
        });
      },
      exportTarget: (now) => {
        const x = list[(now as FindingsState).cursor];
        return x ? { kind: 'finding', id: x.id } : null;
      },
    });
  });

  const start = windowStart(screen.cursor, list.length, listBody);
  const rows = [];
  for (let i = 0; i < listBody; i++) {
    const x = list[start + i];
    if (!x) {
      rows.push(i === 0 && !loaded.loading && list.length === 0 ? <Line key={i} width={listW} segs={[{ text: state.filter ? '  no findings match the filter' : '  no findings', dim: true }]} /> : <Blank key={i} width={listW} />);
      continue;
    }
    const sel = start + i === screen.cursor;
    rows.push(
      <Line
        key={i}
        width={listW}
        selected={sel && focusList}
        segs={[
          { text: sel ? (focusList ? '› ' : '· ') : '  ', bold: true },
          badgeSeg(SEVERITY_BADGES[x.severity], 8),
          { text: fit(cell(hostShort(x.host)), 8) + ' ' },
          { text: fit(`×${x.count}`, 5) },
          { text: cell(x.title) },
        ]}
      />,
    );
  }

  const detail = f ? findingDetail(f, detW) : [];
  const detBody = Math.max(1, detH - 1);
  // With focus on the evidence, keep the selected evidence line in view.
  const evLine = detail.findIndex((l) => l.evidence === screen.evCursor);
  const detStart = focusList || evLine < 0 ? 0 : windowStart(evLine, detail.length, detBody);
  const shown = detail.slice(detStart, detStart + detBody);

  const listPane = (
    <Box flexDirection="column" width={listW}>
      <Line width={listW} segs={[{ text: `${focusList ? '▶' : ' '} Findings ${list.length ? screen.cursor + 1 : 0}/${list.length}${state.filter ? ` · filter: ${state.filter}` : ''}`, bold: focusList }]} />
      {rows}
    </Box>
  );
  const detailPane = (
    <Box flexDirection="column" width={detW}>
      <Line width={detW} segs={[{ text: `${focusList ? ' ' : '▶'} Detail${f ? ` · ${cell(f.id)}` : ''}`, bold: !focusList }]} />
      {shown.map((l, i) => {
        const sel = l.evidence !== undefined && l.evidence === screen.evCursor;
        return <Line key={i} width={detW} selected={sel && !focusList} segs={[{ text: sel ? (focusList ? ' ' : '›') : ' ', bold: true }, ...l.segs]} />;
      })}
      {Array.from({ length: Math.max(0, detBody - shown.length) }, (_, i) => (
        <Blank key={`b${i}`} width={detW} />
      ))}
    </Box>
  );
  if (loaded.error) return <Text>could not load findings: {loaded.error}</Text>;
  return wide ? (
    <Box flexDirection="row" height={height}>
      {listPane}
      <Box flexDirection="column" width={1}>
        {Array.from({ length: height }, (_, i) => (
          <Text key={i}>│</Text>
        ))}
      </Box>
      {detailPane}
    </Box>
  ) : (
    <Box flexDirection="column" height={height}>
      {listPane}
      {detailPane}
    </Box>
  );
}
