/**
 * `e` exports what is on screen as a Markdown snippet an admin can paste into a ticket: an attempt
 * with its findings and timeline, or a finding with its remedy and evidence.
 */
import type { TuiData } from './data.js';
import { dateTime, relTime, stageLabel } from './format.js';
import { termSafe } from '../util/sanitize.js';

/** Markdown table cell: no control characters, no pipes or newlines that would break the table. */
function md(value: unknown): string {
  return termSafe(String(value ?? '')).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/([`*_<>[\]])/g, '\\$1');
}

/** Most timeline rows one export carries. */
const EXPORT_EVENTS = 500;

export async function attemptMarkdown(data: TuiData, id: string): Promise<string> {
  const a = await data.attemptRow(id);
  if (!a) return `Attempt ${md(id)} not found.\n`;
  const out: string[] = [];
  out.push(`### RDP attempt ${md(a.id)}`, '');
  out.push('| | |', '|---|---|');
  out.push(`| Host | ${md(a.host)} (${a.side} side) |`);
  out.push(`| ${a.side === 'client' ? 'Target' : 'Client'} | ${md(a.client || '—')} |`);
  out.push(`| User | ${md(a.user || '—')} |`);
  out.push(`| Time (UTC) | ${dateTime(a.start)} → ${dateTime(a.end)} |`);
  out.push(`| Stage reached | ${stageLabel(a.stage)} |`);
  out.push(`| Outcome | ${a.outcome}${a.disconnect ? ` (${md(a.disconnect)})` : ''} |`);
  out.push('');
  if (a.findingIds.length) {
    out.push('**Findings**', '');
    for (const fid of a.findingIds) {
      const f = await data.finding(fid);
      if (f) out.push(`- **${f.severity.toUpperCase()}** ${md(f.title)} (\`${md(f.pattern)}\`, confidence ${Math.round(f.confidence * 100)}%)`);
    }
    out.push('');
  }
  const page = await data.timelinePage(id, 0, EXPORT_EVENTS);
  out.push(`**Timeline** (${page.total} event${page.total === 1 ? '' : 's'}${page.total > page.rows.length ? `, first ${page.rows.length} shown` : ''})`, '');
  out.push('| since start | time (UTC) | stage | source | id | event | joined by | evidence |', '|---|---|---|---|---|---|---|---|');
  for (const r of page.rows) {
    out.push(
      `| ${relTime(r.relMs)} | ${dateTime(r.time)} | ${r.stage ?? ''} | ${md(r.provider)} | ${r.code} | ${md(r.title)}${r.summary ? ` — ${md(r.summary)}` : ''} | ${r.joinKey} | ${r.evidenceFor.length ? 'yes' : ''} |`,
    );
  }
  out.push('');
  return out.join('\n');
}

export async function findingMarkdown(data: TuiData, id: string): Promise<string> {
  const f = await data.finding(id);
  if (!f) return `Finding ${md(id)} not found.\n`;
  const out: string[] = [];
  out.push(`### ${f.severity.toUpperCase()}: ${md(f.title)}`, '');
  out.push(`Pattern \`${md(f.pattern)}\` · host ${md(f.host)}${f.clientAddress ? ` · client ${md(f.clientAddress)}` : ''}${f.user ? ` · user ${md(f.user)}` : ''} · seen ${f.count}× between ${dateTime(f.firstSeen)} and ${dateTime(f.lastSeen)} UTC · confidence ${Math.round(f.confidence * 100)}%`, '');
  out.push(md(f.explanation), '');
  if (f.remedy.length) {
    out.push('**What to do**', '');
    f.remedy.forEach((r, i) => {
      out.push(`${i + 1}. ${r.weakensSecurity ? '**(weakens security — test only)** ' : ''}${md(r.text)}`);
      if (r.command) out.push('', `   \`\`\`\n   ${termSafe(r.command)}\n   \`\`\``);
    });
    out.push('');
  }
  out.push('**Evidence**', '', '| time (UTC) | host | source | id | record | meaning |', '|---|---|---|---|---|---|');
  for (const e of f.evidence) out.push(`| ${dateTime(e.time)} | ${md(e.host)} | ${md(e.provider)} | ${e.eventCode} | ${e.recordId ?? ''} | ${md(e.meaning)} |`);
  out.push('');
  return out.join('\n');
}
