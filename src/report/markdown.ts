/**
 * Markdown report: pastes into a ticket or a wiki (GitHub-flavoured tables, no raw HTML). Every value
 * from the logs goes through `md()`, which escapes anything that could become a link, tag or column.
 */
import type { Finding } from '../model/analysis.js';
import type { AttemptTimeline, ReportModel } from './model.js';
import { stageName } from './model.js';
import { md, mdCodeBlock } from './escape.js';
import {
  attemptWho, disconnectText, filterText, findingSections, fmtTime, isHttpUrl, MAX_EVIDENCE_ROWS, MAX_ISSUE_ROWS, OUTCOME_LABEL, pct, WEAKENS_SECURITY,
} from './labels.js';

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function num(n: number | null): string {
  return n === null ? '–' : String(n);
}

function findingSection(n: number, f: Finding): string {
  const out: string[] = [];
  out.push(`### ${n}. ${md(f.title, 200)}`);
  out.push('');
  out.push(
    [
      `**Severity:** ${f.severity}`,
      `**Confidence:** ${pct(f.confidence)}`,
      `**Pattern:** ${md(f.pattern)}`,
      `**Host:** ${md(f.host)}`,
      f.clientAddress ? `**Client:** ${md(f.clientAddress)}` : null,
      f.user ? `**User:** ${md(f.user)}` : null,
      `**Seen:** ${f.count} × from ${fmtTime(f.firstSeen)} to ${fmtTime(f.lastSeen)}`,
    ].filter(Boolean).join(' · '),
  );
  out.push('');
  out.push(`Finding id: ${md(f.id)}`);
  out.push('');
  out.push(md(f.explanation, 4000));
  if (f.remedy.length) {
    out.push('', '**Remedy**', '');
    f.remedy.forEach((step, i) => {
      const warn = step.weakensSecurity ? `⚠ **${md(WEAKENS_SECURITY)}** ` : '';
      out.push(`${i + 1}. ${warn}${md(step.text, 2000)}`);
      if (step.command) {
        out.push('');
        out.push(mdCodeBlock(step.command).split('\n').map((l) => `   ${l}`).join('\n'));
        out.push('');
      }
    });
  }
  if (f.evidence.length) {
    out.push('', '**Evidence**', '');
    out.push(
      table(
        ['Host', 'Channel', 'Event ID', 'Record ID', 'Time', 'Meaning'],
        f.evidence.slice(0, MAX_EVIDENCE_ROWS).map((e) => [md(e.host), md(e.channel), String(e.eventCode), num(e.recordId), fmtTime(e.time), md(e.meaning)]),
      ),
    );
    if (f.evidence.length > MAX_EVIDENCE_ROWS) out.push('', `${f.evidence.length - MAX_EVIDENCE_ROWS} more evidence events are listed in the JSON output.`);
  }
  if (f.attemptIds.length) {
    out.push('', `Attempts: ${f.attemptIds.map((id) => md(id)).join(', ')}`);
  }
  if (f.references.length) {
    out.push('', '**References**', '');
    // Only plain http(s) URLs become links (autolink syntax, not HTML); anything else stays text.
    for (const r of f.references) out.push(`- ${isHttpUrl(r) ? `<${r}>` : md(r)}`);
  }
  return out.join('\n');
}

function timelineSection(t: AttemptTimeline, model: ReportModel): string {
  const out: string[] = [];
  out.push(`### Attempt ${md(t.attemptId)}`);
  out.push('');
  out.push(
    [
      `**Host:** ${md(t.host)} (${t.side} side)`,
      `**Who:** ${md(attemptWho(t))}`,
      `**Outcome:** ${OUTCOME_LABEL[t.outcome]}`,
      `**Reached:** ${t.stage} ${stageName(t.stage)}`,
      `**Time:** ${fmtTime(t.start)} to ${fmtTime(t.end)}`,
    ].join(' · '),
  );
  if (t.disconnect) out.push('', `**Disconnect reason:** ${md(disconnectText(t.disconnect))}`);
  if (t.peerAttemptId) out.push('', `**Other side:** ${md(t.peerAttemptId)}${t.peerJoin ? ` (matched by ${md(t.peerJoin)})` : ''}`);
  if (t.findingIds.length) {
    const nums = t.findingIds.map((id) => model.document.findings.findIndex((f) => f.id === id) + 1).filter((n) => n > 0);
    out.push('', `**Findings:** ${nums.join(', ')}`);
  }
  out.push('');
  out.push(
    table(
      ['Time', 'Stage', 'Channel', 'Event ID', 'Record ID', 'Meaning', 'Evidence'],
      t.events.map((e) => [
        fmtTime(e.time),
        e.stage ? `${e.stage} ${stageName(e.stage)}` : '–',
        md(e.channel),
        String(e.eventCode),
        num(e.recordId),
        md(e.meaning),
        e.evidenceFor.length ? 'yes' : '',
      ]),
    ),
  );
  return out.join('\n');
}

export function toMarkdown(model: ReportModel): string {
  const doc = model.document;
  const s = model.summary;
  const out: string[] = [];
  out.push('# RDP connection report');
  out.push('');
  out.push(
    [`rdplens ${md(doc.version)}`, doc.generatedAt ? `generated ${md(doc.generatedAt)}` : null, `filter: ${md(filterText(model.filter))}`]
      .filter(Boolean).join(' · '),
  );
  out.push('', '## Summary', '', md(s.headline, 2000));
  if (s.causes.length) {
    out.push('', '**Most likely causes, in order:**', '');
    for (const c of s.causes) out.push(`${c.rank}. **${md(c.title, 200)}** (${c.severity}, ${pct(c.confidence)}). ${md(c.paragraph, 2000)}`);
  } else {
    out.push('', 'No failure cause was identified from the events available.');
  }
  const security = doc.findings.filter((f) => f.category === 'security').length;
  if (security) out.push('', `${security} security finding${security === 1 ? '' : 's'}: see "Security findings".`);

  for (const section of findingSections(model)) {
    out.push('', `## ${section.title}`);
    for (const { n, f } of section.findings) out.push('', findingSection(n, f));
  }

  out.push('', '## Timelines of failing attempts');
  if (model.timelines.length === 0) out.push('', 'No failing attempt.');
  for (const t of model.timelines) out.push('', timelineSection(t, model));
  if (model.timelinesOmitted > 0) out.push('', `${model.timelinesOmitted} more failing attempts are not shown (see the JSON or CSV output with a higher limit).`);

  out.push('', '## Hosts', '');
  out.push(
    doc.hosts.length
      ? table(
          ['Host', 'Events', 'First event', 'Last event', 'Attempts', 'Failed', 'Channels'],
          doc.hosts.map((h) => [md(h.host), String(h.events), fmtTime(h.firstEvent), fmtTime(h.lastEvent), String(h.attempts), String(h.failures), md(h.channels.join(', '), 2000)]),
        )
      : 'No host.',
  );

  out.push('', '## Coverage', '');
  if (doc.coverage.length === 0) out.push('No gap in the logs was detected.');
  for (const c of doc.coverage) out.push(`- **${md(c.host)}** (${md(c.kind)}): ${md(c.message, 2000)}`);

  out.push('', '## Parse issues', '');
  if (doc.issues.length === 0) out.push('Every record was read.');
  else {
    out.push(
      table(
        ['File', 'Line', 'Offset', 'Kind', 'Message'],
        doc.issues.slice(0, MAX_ISSUE_ROWS).map((i) => [md(i.file), num(i.line), num(i.offset), md(i.kind), md(i.message)]),
      ),
    );
    if (doc.issues.length > MAX_ISSUE_ROWS) out.push('', `${doc.issues.length - MAX_ISSUE_ROWS} more issues are listed in the JSON output.`);
  }

  out.push('', '## Inputs (chain of custody)', '');
  out.push(
    doc.inputs.length
      ? table(
          ['File', 'SHA-256', 'Bytes', 'Format', 'Encoding', 'Events', 'New', 'Issues', 'Status'],
          doc.inputs.map((i) => [md(i.path), md(i.sha256), String(i.size), md(i.format), md(i.encoding), String(i.events), String(i.newEvents), String(i.issues), i.status]),
        )
      : 'No input recorded.',
  );
  out.push('', '---', '', `Report produced by rdplens ${md(doc.version)} from the case database; every conclusion cites the records it rests on.`, '');
  return out.join('\n');
}
