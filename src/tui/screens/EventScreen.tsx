/** One event: every field, the decoded values, the findings it is evidence for; `x` shows the raw XML. */
import { Box } from 'ink';
import { useLayoutEffect } from 'react';
import { Blank, Line, badgeSeg, type Seg } from '../components/Line.js';
import type { EventDetail } from '../data.js';
import { providerShort, stageLabel, wrap } from '../format.js';
import { useLoad } from '../hooks.js';
import type { Screen } from '../state.js';
import { cell, fit, textWidth } from '../text.js';
import { termSafeMultiline } from '../../util/sanitize.js';
import { EVIDENCE_MARK, FAMILY_BADGE_WIDTH, SEVERITY_BADGES, familyBadge } from '../theme.js';
import type { ScreenProps } from './types.js';

type EventState = Extract<Screen, { kind: 'event' }>;

export function eventLines(d: EventDetail, width: number): Seg[][] {
  const ev = d.event;
  const out: Seg[][] = [];
  const badge = familyBadge(d.description.family);
  out.push([...(badge ? [badgeSeg(badge, FAMILY_BADGE_WIDTH + 1)] : []), { text: cell(d.description.title), bold: true }]);
  out.push([{ text: `${cell(ev.provider)} ${ev.eventId} · ${cell(ev.channel)} · host ${cell(ev.host)}`, dim: true }]);
  out.push([{ text: `${ev.time.replace('T', ' ').replace('Z', '')} UTC · record ${ev.recordId ?? '—'} · stage ${stageLabel(d.description.stage)}${ev.activityId ? ` · activity ${cell(ev.activityId)}` : ''}`, dim: true }]);
  for (const f of d.evidenceFor) {
    out.push([{ text: `${EVIDENCE_MARK} evidence for `, colour: 'yellow', bold: true }, badgeSeg(SEVERITY_BADGES[f.severity], 8), { text: cell(f.title) }]);
  }
  // The catalog's summary restates the decoded values; show it only when there is no Decoded section.
  if (d.description.summary && !d.description.decoded.length) {
    out.push([]);
    for (const l of wrap(cell(d.description.summary), Math.max(10, width - 2), textWidth)) out.push([{ text: `  ${l}` }]);
  }
  if (d.description.decoded.length) {
    out.push([]);
    out.push([{ text: 'Decoded', bold: true }]);
    const w = Math.min(24, Math.max(...d.description.decoded.map((x) => textWidth(cell(x.field)))));
    for (const x of d.description.decoded) {
      out.push([{ text: `  ${fit(cell(x.field), w)}  ` }, { text: cell(x.value), bold: true }, { text: `  → ${cell(x.meaning)}` }]);
    }
  }
  const fields = Object.entries(ev.fields);
  out.push([]);
  out.push([{ text: `Fields (${fields.length})`, bold: true }]);
  const fw = Math.min(28, Math.max(4, ...fields.map(([k]) => textWidth(cell(k)))));
  for (const [k, v] of fields) out.push([{ text: `  ${fit(cell(k), fw)}  `, dim: true }, { text: cell(v) }]);
  if (ev.message) {
    out.push([]);
    out.push([{ text: 'Message', bold: true }]);
    for (const para of termSafeMultiline(ev.message).split('\n')) {
      for (const l of wrap(para.replace(/\t/g, ' '), Math.max(10, width - 2), textWidth)) out.push([{ text: `  ${l}` }]);
    }
  }
  out.push([]);
  out.push([{ text: `from ${cell(ev.origin.file)} · offset ${ev.origin.offset}${ev.origin.line ? ` · line ${ev.origin.line}` : ''} · ${providerShort(cell(ev.provider))}`, dim: true }]);
  return out;
}

export function rawLines(d: EventDetail): Seg[][] {
  return termSafeMultiline(d.raw)
    .split('\n')
    .map((l) => [{ text: l.replace(/\t/g, '  ') }]);
}

export function EventScreen({ screen, width, height, data, register }: ScreenProps<EventState>) {
  const detail = useLoad(() => data.event(screen.eventId), [screen.eventId]);
  const d = detail.value;
  const lines = d ? (screen.raw ? rawLines(d) : eventLines(d, width)) : [];
  const body = Math.max(1, height - 1);
  const scrollPositions = Math.max(1, lines.length - body + 1);
  useLayoutEffect(() => {
    register({
      kind: 'event',
      loading: detail.loading,
      total: scrollPositions,
      pageSize: body,
      crumb: d ? `Event ${d.event.eventId}${screen.raw ? ' (raw)' : ''}` : undefined,
      exportTarget: () => (screen.attemptId ? { kind: 'attempt', id: screen.attemptId } : null),
    });
  });
  const scroll = Math.min(screen.scroll, scrollPositions - 1);
  const title = d
    ? `${screen.raw ? 'Raw XML' : 'Event'} ${d.event.eventId} · ${cell(d.event.host)} · lines ${Math.min(lines.length, scroll + 1)}-${Math.min(lines.length, scroll + body)}/${lines.length}${screen.raw ? ' · x: decoded view' : ' · x: raw XML'}`
    : detail.loading
      ? 'Loading event…'
      : `Event #${screen.eventId} not found`;
  const shown = lines.slice(scroll, scroll + body);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Line width={width} segs={[{ text: title, bold: true }]} />
      {shown.map((segs, i) => (
        <Line key={i} width={width} segs={segs} />
      ))}
      {Array.from({ length: Math.max(0, body - shown.length) }, (_, i) => (
        <Blank key={`b${i}`} width={width} />
      ))}
    </Box>
  );
}
