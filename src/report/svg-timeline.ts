/**
 * The timeline chart of one attempt as inline SVG: connection stages S0–S11 top to bottom, time left to
 * right, one mark per event, evidence events drawn larger. Colours come from the page's CSS classes,
 * so the chart follows dark mode and print styles. Coordinates are rounded so output is stable.
 */
import type { AttemptTimeline, TimelineEvent } from './model.js';
import { STAGES } from './model.js';
import { htmlLine } from './escape.js';
import { fmtTime } from './labels.js';

const WIDTH = 960;
const LEFT = 190;
const RIGHT = 24;
const TOP = 14;
const ROW = 20;
const AXIS = 34;
const ROWS = [...STAGES.map((s) => ({ id: s.id as string | null, label: `${s.id} ${s.name}` })), { id: null, label: 'unstaged' }];

function ms(t: string): number {
  return Date.parse(t);
}

function fixed(x: number): string {
  return (Math.round(x * 10) / 10).toFixed(1);
}

function rowOf(stage: string | null): number {
  return ROWS.findIndex((r) => r.id === stage);
}

/** Offsets from the first event, in the unit a person reads best at that size. */
export function offsetLabel(seconds: number): string {
  if (seconds === 0) return '0 s';
  const trim = (x: number, digits: number) => String(Number(x.toFixed(digits)));
  if (seconds >= 7200) return `+${trim(seconds / 3600, 1)} h`;
  if (seconds >= 120) return `+${trim(seconds / 60, 1)} min`;
  if (seconds >= 10) return `+${trim(seconds, 1)} s`;
  if (seconds >= 1) return `+${trim(seconds, 2)} s`;
  return `+${trim(seconds * 1000, 1)} ms`;
}

function markTitle(e: TimelineEvent): string {
  const ev = e.evidenceFor.length ? ' [evidence]' : '';
  return htmlLine(`${fmtTime(e.time)} ${e.stage ?? '–'} ${e.channel} ${e.eventCode}${ev}: ${e.meaning}`, 300);
}

export function timelineSvg(t: AttemptTimeline, label: string): string {
  const times = [t.start, t.end, ...t.events.map((e) => e.time)].map(ms).filter((x) => Number.isFinite(x));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const span = t1 - t0;
  const plotW = WIDTH - LEFT - RIGHT;
  const x = (time: string) => LEFT + (span > 0 ? ((ms(time) - t0) / span) * plotW : plotW / 2);
  const y = (stage: string | null) => TOP + rowOf(stage) * ROW + ROW / 2;
  const height = TOP + ROWS.length * ROW + AXIS;
  const out: string[] = [];
  out.push(
    `<svg class="timeline" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${htmlLine(label)}" xmlns="http://www.w3.org/2000/svg">`,
  );
  // Stage rows with labels; the stage the attempt reached is highlighted.
  ROWS.forEach((r, i) => {
    const yy = TOP + i * ROW;
    const cls = r.id === t.stage ? 'row reached' : i % 2 ? 'row odd' : 'row';
    out.push(`<rect class="${cls}" x="${LEFT}" y="${yy}" width="${plotW}" height="${ROW}"/>`);
    out.push(`<text class="stage" x="${LEFT - 8}" y="${fixed(yy + ROW / 2 + 4)}" text-anchor="end">${htmlLine(r.label)}</text>`);
  });
  // Time axis with five ticks, labelled in seconds from the first event.
  const axisY = TOP + ROWS.length * ROW;
  out.push(`<line class="axis" x1="${LEFT}" y1="${axisY}" x2="${WIDTH - RIGHT}" y2="${axisY}"/>`);
  const ticks = span > 0 ? [0, 0.25, 0.5, 0.75, 1] : [0.5];
  for (const f of ticks) {
    const xx = LEFT + f * plotW;
    const anchor = f === 0 ? 'start' : f === 1 ? 'end' : 'middle';
    out.push(`<line class="tick" x1="${fixed(xx)}" y1="${TOP}" x2="${fixed(xx)}" y2="${axisY + 4}"/>`);
    out.push(`<text class="ticklabel" x="${fixed(xx)}" y="${axisY + 16}" text-anchor="${anchor}">${offsetLabel(span > 0 ? (f * span) / 1000 : 0)}</text>`);
  }
  out.push(`<text class="ticklabel" x="${LEFT}" y="${axisY + 30}">${htmlLine(`start ${fmtTime(new Date(t0).toISOString())}`)}</text>`);
  // The path the attempt took through the stages, then the marks on top.
  const staged = t.events.filter((e) => Number.isFinite(ms(e.time)));
  if (staged.length > 1) {
    out.push(`<polyline class="path" points="${staged.map((e) => `${fixed(x(e.time))},${fixed(y(e.stage))}`).join(' ')}"/>`);
  }
  for (const e of staged) {
    const cx = fixed(x(e.time));
    const cy = fixed(y(e.stage));
    if (e.evidenceFor.length) {
      const px = Number(cx);
      const py = Number(cy);
      out.push(
        `<g class="mark evidence"><title>${markTitle(e)}</title><polygon points="${fixed(px)},${fixed(py - 7)} ${fixed(px + 7)},${fixed(py)} ${fixed(px)},${fixed(py + 7)} ${fixed(px - 7)},${fixed(py)}"/></g>`,
      );
    } else {
      out.push(`<g class="mark"><title>${markTitle(e)}</title><circle cx="${cx}" cy="${cy}" r="4"/></g>`);
    }
  }
  out.push('</svg>');
  return out.join('\n');
}
