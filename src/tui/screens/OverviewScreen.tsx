/** The case at a glance: hosts, time span, attempts by outcome, findings by severity, coverage gaps. */
import { basename } from 'node:path';
import { Box, Text } from 'ink';
import { useLayoutEffect } from 'react';
import { Blank, Line, badgeSeg, type Seg } from '../components/Line.js';
import type { Overview } from '../data.js';
import { count, dateTime, hostShort, shortDateTime } from '../format.js';
import { useLoad } from '../hooks.js';
import { attemptsScreen, type Screen } from '../state.js';
import { cell, fit } from '../text.js';
import { OUTCOME_BADGES, SEVERITY_BADGES } from '../theme.js';
import type { ScreenProps } from './types.js';

type OverviewState = Extract<Screen, { kind: 'overview' }>;

const COVERAGE_LINES = 4;

interface OvLine {
  segs: Seg[];
  host?: number;
}

export function overviewLines(o: Overview): OvLine[] {
  const out: OvLine[] = [];
  out.push({ segs: [{ text: 'Case ', bold: true }, { text: `${cell(basename(o.dbPath))} · ${count(o.events)} events · ${o.inputs} input${o.inputs === 1 ? '' : 's'} · ${count(o.parseIssues)} parse issue${o.parseIssues === 1 ? '' : 's'}` }] });
  out.push({ segs: [{ text: 'Span ', bold: true }, { text: o.first ? `${dateTime(o.first)} → ${dateTime(o.last)} UTC` : 'no attempts' }] });
  const outcomes: Seg[] = [{ text: `Attempts ${count(o.attempts)}: `, bold: true }];
  o.attemptsByOutcome.forEach(([k, n], i) => {
    if (i) outcomes.push({ text: ' · ' });
    outcomes.push({ text: `[${OUTCOME_BADGES[k].text}]`, colour: OUTCOME_BADGES[k].colour, bold: true }, { text: ` ${count(n)}` });
  });
  out.push({ segs: outcomes });
  const sev: Seg[] = [{ text: `Findings ${o.findingsBySeverity.reduce((n, [, c]) => n + c, 0)}: `, bold: true }];
  o.findingsBySeverity.forEach(([k, n], i) => {
    if (i) sev.push({ text: ' · ' });
    sev.push({ text: `[${SEVERITY_BADGES[k].text}]`, colour: SEVERITY_BADGES[k].colour, bold: true }, { text: ` ${count(n)}` });
  });
  out.push({ segs: sev });
  for (const f of o.topFindings) {
    out.push({ segs: [{ text: '  ' }, badgeSeg(SEVERITY_BADGES[f.severity], 8), { text: fit(cell(hostShort(f.host)), 10) + ' ' }, { text: `${cell(f.title)} ×${f.count}` }] });
  }
  if (o.coverage.length) {
    out.push({ segs: [] });
    out.push({ segs: [{ text: `Coverage warnings (${o.coverage.length})`, bold: true }] });
    // A few lines only, so the host list stays on screen; the report lists them all.
    const shown = o.coverage.slice(0, COVERAGE_LINES);
    for (const c of shown) out.push({ segs: [{ text: '  [GAP] ', colour: 'yellow', bold: true }, { text: `${cell(hostShort(c.host))}: ${cell(c.message)}` }] });
    if (o.coverage.length > shown.length) out.push({ segs: [{ text: `  … ${o.coverage.length - shown.length} more (rdplens report lists them all)`, dim: true }] });
  }
  out.push({ segs: [] });
  out.push({ segs: [{ text: `Hosts (${o.hosts.length}) — Enter lists a host's attempts`, bold: true }] });
  const hw = Math.min(24, Math.max(4, ...o.hosts.map((h) => h.host.length)));
  o.hosts.forEach((h, i) => {
    out.push({
      host: i,
      segs: [
        { text: fit(cell(h.host), hw) + '  ' },
        { text: `${fit(count(h.events), 7, true)} events ${fit(count(h.attempts), 5, true)} attempts ` },
        { text: `${fit(count(h.failures), 4, true)} failed`, colour: h.failures ? 'red' : undefined, bold: h.failures > 0 },
        { text: h.first ? ` ${shortDateTime(h.first)} → ${shortDateTime(h.last)}` : '' },
      ],
    });
  });
  return out;
}

export function OverviewScreen({ screen, width, height, data, dispatch, register }: ScreenProps<OverviewState>) {
  const loaded = useLoad(() => data.overview(), []);
  const o = loaded.value;
  useLayoutEffect(() => {
    register({
      kind: 'overview',
      loading: loaded.loading,
      total: o?.hosts.length ?? 0,
      pageSize: height,
      open: (now) => {
        const h = o?.hosts[(now as OverviewState).cursor];
        if (h) dispatch({ type: 'filter-set', text: `host:${h.host}` });
        dispatch({ type: 'push', screen: attemptsScreen() });
      },
    });
  });
  if (loaded.error) return <Text>could not read the case database: {loaded.error}</Text>;
  if (!o) return <Text>Loading…</Text>;
  const lines = overviewLines(o);
  // The host list is at the end; scroll so the selected host stays visible.
  const hostLine = lines.findIndex((l) => l.host === screen.cursor);
  const start = hostLine >= height ? hostLine - height + 1 : 0;
  const shown = lines.slice(start, start + height);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {shown.map((l, i) => {
        const sel = l.host !== undefined && l.host === screen.cursor;
        return <Line key={i} width={width} selected={sel} segs={[{ text: l.host === undefined ? '' : sel ? '› ' : '  ', bold: true }, ...l.segs]} />;
      })}
      {Array.from({ length: Math.max(0, height - shown.length) }, (_, i) => (
        <Blank key={`b${i}`} width={width} />
      ))}
    </Box>
  );
}
