/**
 * Progress on a terminal: one line redrawn in place (bytes, events, events/s). Off a terminal the
 * caller prints only the final summary, so logs and CI output stay clean.
 */
import type { Writable } from 'node:stream';
import type { IngestProgress } from './pipeline.js';
import type { ParseIssue } from '../model/event.js';
import { termSafe } from '../util/sanitize.js';

export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`;
}

export function createProgressLine(out: Writable & { columns?: number }, now: () => number = Date.now) {
  let started = 0;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(p: IngestProgress) {
      const t = now();
      if (!started) started = t;
      if (t - lastDraw < 100) return;
      lastDraw = t;
      const secs = Math.max((t - started) / 1000, 0.001);
      const pct = p.totalBytes ? ` ${Math.min(100, Math.floor((p.bytes / p.totalBytes) * 100))}%` : '';
      const width = Math.max(20, (out.columns ?? 80) - 1);
      const line = `${termSafe(p.file)}${pct}  ${humanBytes(p.bytes)}  ${p.events.toLocaleString('en-US')} events  ${Math.round(p.events / secs).toLocaleString('en-US')} ev/s`;
      out.write(`\r\x1b[2K${line.slice(0, width)}`);
      drawn = true;
    },
    done() {
      if (drawn) out.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

/** One parse issue as a terminal line: file (byte offset, line): what was wrong. */
export function formatIssueLine(i: ParseIssue): string {
  const where = [i.offset != null ? `byte ${i.offset}` : null, i.line != null ? `line ${i.line}` : null].filter(Boolean).join(', ');
  return `${termSafe(i.file)}${where ? ` (${where})` : ''}: ${termSafe(i.message)}`;
}
