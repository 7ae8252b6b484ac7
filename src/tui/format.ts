/** Display formats for the TUI. All times are shown in UTC, as stored, so screens are reproducible. */
import type { StageId } from '../model/analysis.js';
import { STAGE_NAMES } from './theme.js';

/** "2024-03-05 10:01:02" */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** "03-05 10:01:02" for list columns */
export function shortDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return `${iso.slice(5, 10)} ${iso.slice(11, 19)}`;
}

/** "10:01:02.123" */
export function clock(iso: string): string {
  return iso.slice(11, 23);
}

/** Relative time since the attempt start: "+0.000s", "+12.345s", "+3m05s", "+2h04m". */
export function relTime(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const a = Math.abs(ms);
  if (a < 60_000) return `${sign}${(a / 1000).toFixed(3)}s`;
  if (a < 3_600_000) return `${sign}${Math.floor(a / 60_000)}m${String(Math.floor((a % 60_000) / 1000)).padStart(2, '0')}s`;
  return `${sign}${Math.floor(a / 3_600_000)}h${String(Math.floor((a % 3_600_000) / 60_000)).padStart(2, '0')}m`;
}

export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function stageLabel(stage: StageId | null): string {
  return stage ? `${stage} ${STAGE_NAMES[stage]}` : '—';
}

/** Short provider names for narrow columns; unknown providers keep their last name part. */
export function providerShort(provider: string): string {
  const known: [RegExp, string][] = [
    [/LocalSessionManager/i, 'LSM'],
    [/RemoteConnectionManager/i, 'RCM'],
    [/RdpCoreTS/i, 'RdpCoreTS'],
    [/Security-Auditing/i, 'Security'],
    [/ClientActiveXCore/i, 'RDPClient'],
  ];
  for (const [re, name] of known) if (re.test(provider)) return name;
  return provider.replace(/^Microsoft-Windows-/i, '');
}

/**
 * Word-wraps prose (explanations, remedy text) to `width` columns. Words longer than a line are cut
 * by the caller's truncation, never broken across lines.
 */
export function wrap(text: string, width: number, textWidth: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (!line) line = word;
      else if (textWidth(line) + 1 + textWidth(word) <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** "RDSH01.corp.example" → "RDSH01" for narrow columns (an IP address stays whole). */
export function hostShort(host: string): string {
  if (/^[\d.]+$/.test(host) || host.includes(':')) return host;
  const dot = host.indexOf('.');
  return dot > 0 ? host.slice(0, dot) : host;
}
