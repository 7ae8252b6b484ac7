/**
 * HTML report: one self-contained file (inline CSS and SVG, no script, no external resource) behind a
 * Content-Security-Policy that forbids everything else, readable on screen, in dark mode and on paper.
 * Every value from the logs goes through `html()`/`htmlLine()`.
 */
import type { Finding } from '../model/analysis.js';
import type { AttemptTimeline, ReportModel } from './model.js';
import { stageName } from './model.js';
import { clip, html, htmlLine } from './escape.js';
import {
  attemptWho, disconnectText, filterText, findingSections, fmtTime, isHttpUrl, MAX_EVIDENCE_ROWS, MAX_ISSUE_ROWS, OUTCOME_LABEL, pct, WEAKENS_SECURITY,
} from './labels.js';
import { timelineSvg } from './svg-timeline.js';

export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const CSS = `
:root{--bg:#fff;--fg:#1b1f24;--muted:#59636e;--line:#d1d9e0;--row:#f6f8fa;--accent:#0969da;--error:#cf222e;--warn:#9a6700;--info:#0969da;--reached:#fff8c5;--mark:#59636e;--evidence:#cf222e;--codebg:#f6f8fa}
@media (prefers-color-scheme: dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--row:#151b23;--accent:#4493f8;--error:#f85149;--warn:#d29922;--info:#4493f8;--reached:#3b2e00;--mark:#9198a1;--evidence:#f85149;--codebg:#151b23}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:24px;overflow-wrap:anywhere;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}h3{font-size:16px;margin:24px 0 6px}
.meta,.muted{color:var(--muted)}
a{color:var(--accent)}
a.anchor{margin-left:6px;text-decoration:none;color:var(--muted);font-weight:normal}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px;table-layout:fixed}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--row)}
tr.evidence td{background:var(--reached)}
code,pre{font-family:ui-monospace,SFMono-Regular,Consolas,monospace;font-size:12.5px}
pre{background:var(--codebg);border:1px solid var(--line);padding:8px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}
.sev{display:inline-block;padding:0 6px;border-radius:10px;font-size:12px;border:1px solid currentColor}
.sev-error{color:var(--error)}.sev-warning{color:var(--warn)}.sev-info{color:var(--info)}
.weakens{border-left:4px solid var(--error);padding-left:8px}
.weakens strong{color:var(--error)}
section.finding{border:1px solid var(--line);border-radius:6px;padding:4px 16px 12px;margin:16px 0}
section.finding:target{outline:2px solid var(--accent)}
ol.causes li{margin-bottom:8px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
svg.timeline{display:block;margin:8px 0;font:11px system-ui,sans-serif}
svg.timeline .row{fill:var(--bg)}svg.timeline .row.odd{fill:var(--row)}svg.timeline .row.reached{fill:var(--reached)}
svg.timeline .stage,svg.timeline .ticklabel{fill:var(--muted)}
svg.timeline .axis,svg.timeline .tick{stroke:var(--line);stroke-width:1}
svg.timeline .path{fill:none;stroke:var(--accent);stroke-width:1.5;stroke-opacity:.6}
svg.timeline .mark circle{fill:var(--mark)}
svg.timeline .mark.evidence polygon{fill:var(--evidence);stroke:var(--bg);stroke-width:1}
.legend span{margin-right:16px}
.legend .dot{color:var(--mark)}.legend .dia{color:var(--evidence)}
footer{margin-top:32px;padding-top:8px;border-top:1px solid var(--line);color:var(--muted);font-size:12px}
@media print{
:root{--bg:#fff;--fg:#000;--muted:#444;--line:#999;--row:#f2f2f2;--reached:#fff3b0;--accent:#000;--codebg:#fff}
body{max-width:none;padding:0;font-size:11pt}
a.anchor{display:none}
section.finding,figure,tr{break-inside:avoid}
h2,h3{break-after:avoid}
}
`;

function sev(s: Finding['severity']): string {
  return `<span class="sev sev-${s}">${s}</span>`;
}

function num(n: number | null): string {
  return n === null ? '–' : String(n);
}

/**
 * Tables use a fixed layout with set column widths: a very long value wraps inside its column
 * instead of widening the page, and short columns (times, ids) never get squeezed.
 */
function tableHtml(head: [label: string, widthPct: number][], rows: { cells: string[]; cls?: string }[]): string {
  const cols = head.map(([, w]) => `<col style="width:${w}%">`).join('');
  const th = head.map(([h]) => `<th>${h}</th>`).join('');
  const body = rows.map((r) => `<tr${r.cls ? ` class="${r.cls}"` : ''}>${r.cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><colgroup>${cols}</colgroup><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function findingHtml(n: number, f: Finding, model: ReportModel): string {
  const anchor = model.anchors[f.id];
  const out: string[] = [];
  out.push(`<section class="finding" id="${anchor}">`);
  out.push(`<h3>${n}. ${htmlLine(f.title, 200)} ${sev(f.severity)}<a class="anchor" href="#${anchor}" title="Link to this finding">#</a></h3>`);
  const facts: [string, string][] = [
    ['Confidence', pct(f.confidence)],
    ['Pattern', htmlLine(f.pattern)],
    ['Host', htmlLine(f.host)],
    ...(f.clientAddress ? [['Client', htmlLine(f.clientAddress)] as [string, string]] : []),
    ...(f.user ? [['User', htmlLine(f.user)] as [string, string]] : []),
    ['Seen', `${f.count} × from ${fmtTime(f.firstSeen)} to ${fmtTime(f.lastSeen)}`],
    ['Finding id', `<code>${htmlLine(f.id)}</code>`],
  ];
  out.push(`<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`);
  out.push(`<p>${html(clip(f.explanation, 4000))}</p>`);
  if (f.remedy.length) {
    out.push('<h4>Remedy</h4><ol class="remedy">');
    for (const step of f.remedy) {
      const cmd = step.command ? `<pre><code>${html(clip(step.command, 4000))}</code></pre>` : '';
      if (step.weakensSecurity) out.push(`<li class="weakens"><strong>⚠ ${WEAKENS_SECURITY}</strong><br>${html(clip(step.text, 2000))}${cmd}</li>`);
      else out.push(`<li>${html(clip(step.text, 2000))}${cmd}</li>`);
    }
    out.push('</ol>');
  }
  if (f.evidence.length) {
    out.push('<h4>Evidence</h4>');
    out.push(
      tableHtml(
        [['Host', 15], ['Channel', 17], ['Event ID', 7], ['Record ID', 8], ['Time', 14], ['Meaning', 39]],
        f.evidence.slice(0, MAX_EVIDENCE_ROWS).map((e) => ({ cells: [htmlLine(e.host), htmlLine(e.channel), String(e.eventCode), num(e.recordId), fmtTime(e.time), htmlLine(e.meaning)] })),
      ),
    );
    if (f.evidence.length > MAX_EVIDENCE_ROWS) out.push(`<p class="muted">${f.evidence.length - MAX_EVIDENCE_ROWS} more evidence events are listed in the JSON output.</p>`);
  }
  if (f.attemptIds.length) {
    const shown = new Set(model.timelines.map((t) => t.attemptId));
    const links = f.attemptIds.map((id) => (shown.has(id) ? `<a href="#${attemptAnchor(model, id)}">${htmlLine(id)}</a>` : htmlLine(id)));
    out.push(`<p class="muted">Attempts: ${links.join(', ')}</p>`);
  }
  if (f.references.length) {
    out.push('<h4>References</h4><ul>');
    for (const r of f.references) {
      out.push(`<li>${isHttpUrl(r) ? `<a href="${html(r)}" rel="noreferrer noopener">${htmlLine(r)}</a>` : htmlLine(r)}</li>`);
    }
    out.push('</ul>');
  }
  out.push('</section>');
  return out.join('\n');
}

/** Attempt anchors are positional (attempt ids hold host names and record numbers, not URL-safe). */
function attemptAnchor(model: ReportModel, id: string): string {
  return `attempt-${model.timelines.findIndex((t) => t.attemptId === id) + 1}`;
}

function timelineHtml(t: AttemptTimeline, i: number, model: ReportModel): string {
  const out: string[] = [];
  const label = `Attempt ${t.attemptId} on ${t.host}: ${OUTCOME_LABEL[t.outcome]}, reached ${t.stage}`;
  out.push(`<section class="attempt" id="attempt-${i + 1}">`);
  out.push(`<h3>Attempt ${htmlLine(t.attemptId)}<a class="anchor" href="#attempt-${i + 1}" title="Link to this attempt">#</a></h3>`);
  const findings = t.findingIds
    .map((id) => ({ id, n: model.document.findings.findIndex((f) => f.id === id) + 1 }))
    .filter(({ n }) => n > 0)
    .map(({ id, n }) => `<a href="#${model.anchors[id]}">${n}</a>`);
  const facts: [string, string][] = [
    ['Host', `${htmlLine(t.host)} (${t.side} side)`],
    ['Who', htmlLine(attemptWho(t))],
    ['Outcome', OUTCOME_LABEL[t.outcome]],
    ['Reached', `${t.stage} ${stageName(t.stage)}`],
    ['Time', `${fmtTime(t.start)} to ${fmtTime(t.end)}`],
    ...(t.disconnect ? [['Disconnect reason', htmlLine(disconnectText(t.disconnect))] as [string, string]] : []),
    ...(t.peerAttemptId ? [['Other side', `${htmlLine(t.peerAttemptId)}${t.peerJoin ? ` (matched by ${htmlLine(t.peerJoin)})` : ''}`] as [string, string]] : []),
    ...(findings.length ? [['Findings', findings.join(', ')] as [string, string]] : []),
  ];
  out.push(`<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`);
  out.push(`<figure>${timelineSvg(t, label)}<figcaption class="legend muted"><span><span class="dot">●</span> event</span><span><span class="dia">◆</span> evidence for a finding</span><span>highlighted row: stage reached</span></figcaption></figure>`);
  out.push(
    tableHtml(
      [['Time', 13], ['Stage', 11], ['Channel', 17], ['Event ID', 7], ['Record ID', 8], ['Meaning', 33], ['Joined by', 11]],
      t.events.map((e) => ({
        cls: e.evidenceFor.length ? 'evidence' : undefined,
        cells: [
          fmtTime(e.time),
          e.stage ? `${e.stage} ${stageName(e.stage)}` : '–',
          htmlLine(e.channel),
          String(e.eventCode),
          num(e.recordId),
          htmlLine(e.meaning),
          `${htmlLine(e.joinKey)} (${pct(e.confidence)})`,
        ],
      })),
    ),
  );
  out.push('</section>');
  return out.join('\n');
}

export function toHtml(model: ReportModel): string {
  const doc = model.document;
  const s = model.summary;
  const out: string[] = [];
  out.push('<!DOCTYPE html>');
  out.push('<html lang="en">');
  out.push('<head>');
  out.push('<meta charset="utf-8">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push('<meta name="color-scheme" content="light dark">');
  out.push(`<meta name="generator" content="rdplens ${htmlLine(doc.version)}">`);
  out.push(`<title>RDP connection report${doc.hosts.length ? ` – ${htmlLine(doc.hosts.map((h) => h.host).join(', '), 120)}` : ''}</title>`);
  out.push(`<style>${CSS}</style>`);
  out.push('</head>');
  out.push('<body>');
  out.push('<header>');
  out.push('<h1>RDP connection report</h1>');
  out.push(
    `<p class="meta">rdplens ${htmlLine(doc.version)}${doc.generatedAt ? ` · generated ${htmlLine(doc.generatedAt)}` : ''} · filter: ${htmlLine(filterText(model.filter))}</p>`,
  );
  out.push('</header>');
  out.push('<main>');
  out.push('<h2 id="summary">Summary</h2>');
  out.push(`<p>${html(clip(s.headline, 2000))}</p>`);
  if (s.causes.length) {
    out.push('<p><strong>Most likely causes, in order:</strong></p><ol class="causes">');
    for (const c of s.causes) {
      out.push(`<li><a href="#${c.anchor}"><strong>${htmlLine(c.title, 200)}</strong></a> ${sev(c.severity)} ${pct(c.confidence)}<br>${html(clip(c.paragraph, 2000))}</li>`);
    }
    out.push('</ol>');
  } else {
    out.push('<p>No failure cause was identified from the events available.</p>');
  }
  const security = doc.findings.filter((f) => f.category === 'security').length;
  if (security) out.push(`<p>${security} security finding${security === 1 ? '' : 's'}: see <a href="#security-findings">Security findings</a>.</p>`);

  for (const section of findingSections(model)) {
    const id = section.title.toLowerCase().replace(/\s+/g, '-');
    out.push(`<h2 id="${id}">${section.title}</h2>`);
    for (const { n, f } of section.findings) out.push(findingHtml(n, f, model));
  }

  out.push('<h2 id="timelines">Timelines of failing attempts</h2>');
  if (model.timelines.length === 0) out.push('<p>No failing attempt.</p>');
  model.timelines.forEach((t, i) => out.push(timelineHtml(t, i, model)));
  if (model.timelinesOmitted > 0) out.push(`<p class="muted">${model.timelinesOmitted} more failing attempts are not shown (see the JSON or CSV output with a higher limit).</p>`);

  out.push('<h2 id="hosts">Hosts</h2>');
  out.push(
    doc.hosts.length
      ? tableHtml(
          [['Host', 17], ['Events', 8], ['First event', 14], ['Last event', 14], ['Attempts', 9], ['Failed', 7], ['Channels', 31]],
          doc.hosts.map((h) => ({ cells: [htmlLine(h.host), String(h.events), fmtTime(h.firstEvent), fmtTime(h.lastEvent), String(h.attempts), String(h.failures), htmlLine(h.channels.join(', '), 2000)] })),
        )
      : '<p>No host.</p>',
  );

  out.push('<h2 id="coverage">Coverage</h2>');
  if (doc.coverage.length === 0) out.push('<p>No gap in the logs was detected.</p>');
  else out.push(`<ul>${doc.coverage.map((c) => `<li><strong>${htmlLine(c.host)}</strong> (${htmlLine(c.kind)}): ${html(clip(c.message, 2000))}</li>`).join('\n')}</ul>`);

  out.push('<h2 id="issues">Parse issues</h2>');
  if (doc.issues.length === 0) out.push('<p>Every record was read.</p>');
  else {
    out.push(
      tableHtml(
        [['File', 25], ['Line', 8], ['Offset', 10], ['Kind', 14], ['Message', 43]],
        doc.issues.slice(0, MAX_ISSUE_ROWS).map((i) => ({ cells: [htmlLine(i.file), num(i.line), num(i.offset), htmlLine(i.kind), htmlLine(i.message)] })),
      ),
    );
    if (doc.issues.length > MAX_ISSUE_ROWS) out.push(`<p class="muted">${doc.issues.length - MAX_ISSUE_ROWS} more issues are listed in the JSON output.</p>`);
  }

  out.push('<h2 id="inputs">Inputs (chain of custody)</h2>');
  out.push(
    doc.inputs.length
      ? tableHtml(
          [['File', 21], ['SHA-256', 27], ['Bytes', 8], ['Format', 10], ['Encoding', 9], ['Events', 7], ['New', 6], ['Issues', 6], ['Status', 6]],
          doc.inputs.map((i) => ({
            cells: [htmlLine(i.path), `<code>${htmlLine(i.sha256)}</code>`, String(i.size), htmlLine(i.format), htmlLine(i.encoding), String(i.events), String(i.newEvents), String(i.issues), i.status],
          })),
        )
      : '<p>No input recorded.</p>',
  );
  out.push('</main>');
  out.push(`<footer>Report produced by rdplens ${htmlLine(doc.version)} from the case database; every conclusion cites the records it rests on.</footer>`);
  out.push('</body>');
  out.push('</html>');
  out.push('');
  return out.join('\n');
}
