/** Wording shared by the human-readable formats (Markdown and HTML), so both say the same thing. */
import type { Attempt, Finding, RemedyStep } from '../model/analysis.js';
import type { ReportFilter, ReportModel } from './model.js';

/** Store times to a readable UTC time with milliseconds (the JSON keeps the full 100 ns value). */
export function fmtTime(t: string | null | undefined): string {
  if (!t) return '–';
  return t.replace('T', ' ').replace(/(\.\d{3})\d*Z$/, '$1Z');
}

export function pct(x: number): string {
  return `${Math.round(x * 100)}\u00a0%`;
}

export const OUTCOME_LABEL: Record<Attempt['outcome'], string> = {
  succeeded: 'succeeded',
  'failed-before-logon': 'failed before logon',
  disconnected: 'disconnected',
  'logged-off': 'logged off',
  probe: 'probe (no RDP negotiation)',
  unknown: 'unknown',
};

export const CATEGORY_TITLE: Record<Finding['category'], string> = {
  failure: 'Findings',
  security: 'Security findings',
  noise: 'Other observations',
  normal: 'Other observations',
};

export const WEAKENS_SECURITY = 'Lowers security: use only as a temporary test, then undo it.';

export function filterText(f: ReportFilter): string {
  const parts = [
    f.host !== undefined ? `host ${f.host}` : null,
    f.client !== undefined ? `client ${f.client}` : null,
    f.since !== undefined ? `since ${fmtTime(f.since)}` : null,
    f.until !== undefined ? `until ${fmtTime(f.until)}` : null,
  ].filter((x): x is string => x !== null);
  return parts.length ? parts.join(', ') : 'none';
}

export function attemptWho(a: { clientAddress: string | null; clientPort: number | null; target: string | null; user: string | null; side: Attempt['side'] }): string {
  const addr = a.side === 'client' ? (a.target ? `to ${a.target}` : null) : a.clientAddress ? `from ${a.clientAddress}${a.clientPort !== null ? `:${a.clientPort}` : ''}` : null;
  return [a.user ? `user ${a.user}` : null, addr].filter(Boolean).join(', ') || 'unknown client';
}

export function disconnectText(d: Attempt['disconnect']): string {
  if (!d) return '–';
  return `${d.name} (${d.table} ${d.code}): ${d.description}`;
}

/** The findings of one section, in rank order, with their 1-based position in the whole report. */
export function findingSections(model: ReportModel): { title: string; findings: { n: number; f: Finding }[] }[] {
  const numbered = model.document.findings.map((f, i) => ({ n: i + 1, f }));
  const sections: { title: string; findings: { n: number; f: Finding }[] }[] = [];
  for (const cat of ['failure', 'security', 'noise'] as const) {
    const list = numbered.filter(({ f }) => (cat === 'noise' ? f.category === 'noise' || f.category === 'normal' : f.category === cat));
    if (list.length) sections.push({ title: CATEGORY_TITLE[cat], findings: list });
  }
  return sections;
}

export function isHttpUrl(s: string): boolean {
  return /^https?:\/\/[^\s<>"`]+$/i.test(s);
}

export function remedyLabel(step: RemedyStep): string {
  return step.weakensSecurity ? WEAKENS_SECURITY : '';
}

/** Parse issues shown in the human formats; the JSON keeps all of them. */
export const MAX_ISSUE_ROWS = 200;

/** Evidence rows shown per finding in the human formats (a scanner can leave thousands). */
export const MAX_EVIDENCE_ROWS = 50;
