/**
 * The short human summary `rdplens analyze` prints: per host the attempts and failures, the top
 * causes with how much evidence they rest on and the first thing to do, then what the logs cannot
 * show. Every string that came from an event log passes through termSafe (it is untrusted).
 */
import type { AnalysisDocument, CoverageNote, Finding, Severity } from '../model/analysis.js';
import { termSafe } from '../util/sanitize.js';
import { shortProvider } from '../catalog/describe.js';

export interface SummaryOptions {
  color: boolean;
  /** terminal width; lines are wrapped to it (minimum 40) */
  width: number;
  /** failure findings listed per host before "… and N more" (default 5) */
  topCauses?: number;
  /** say which exit code the verdict gives (default true; off where the command exits 0 anyway) */
  exitCodeNote?: boolean;
}

const SGR = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', green: '\x1b[32m' };

const MARK: Record<Severity, string> = { error: '✖', warning: '!', info: '·' };

function wrap(text: string, width: number, indent: string, firstIndent = indent): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > width) {
      lines.push(line);
      line = indent;
      empty = true;
    }
    line += (empty ? '' : ' ') + w;
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function shortTime(t: string): string {
  // 2026-03-02T09:00:00.0000000Z → 2026-03-02 09:00:00
  return t.length >= 19 ? `${t.slice(0, 10)} ${t.slice(11, 19)}` : t;
}

export function formatSummary(doc: AnalysisDocument, opts: SummaryOptions): string {
  const width = Math.max(40, opts.width);
  const top = opts.topCauses ?? 5;
  const paint = (code: string, s: string) => (opts.color ? `${code}${s}${SGR.reset}` : s);
  const sevColor: Record<Severity, string> = { error: SGR.red, warning: SGR.yellow, info: SGR.dim };
  const out: string[] = [];

  const attempts = doc.attempts.length;
  const failures = doc.attempts.filter((a) => a.outcome === 'failed-before-logon').length;
  const errors = doc.findings.filter((f) => f.severity === 'error').length;
  out.push(paint(SGR.bold, `rdplens ${termSafe(doc.version)}`) +
    ` — ${plural(doc.inputs.length, 'input')}, ${plural(doc.hosts.length, 'host')}, ${plural(attempts, 'attempt')}, ` +
    `${plural(failures, 'failed before logon', 'failed before logon')}, ${plural(doc.findings.length, 'finding')}`);
  const badInputs = doc.inputs.filter((i) => i.status !== 'ok');
  if (doc.issues.length > 0 || badInputs.length > 0) {
    out.push(paint(SGR.yellow, `  ${plural(doc.issues.length, 'record')} skipped while reading; ${plural(badInputs.length, 'input')} partly or not usable (see --json "issues")`));
  }

  const hostNames = [...new Set([...doc.hosts.map((h) => h.host), ...doc.findings.map((f) => f.host), ...doc.coverage.map((c) => c.host)])].sort();
  // grouped once (in document order), so many hosts or attempts cost no repeated scans
  const group = <T>(list: readonly T[], keys: (x: T) => readonly string[]) => {
    const m = new Map<string, T[]>();
    for (const x of list) for (const k of keys(x)) (m.get(k) ?? m.set(k, []).get(k)!).push(x);
    return m;
  };
  const hostOf = new Map(doc.hosts.map((h) => [h.host, h]));
  const findingsOf = group(doc.findings, (f) => [f.host]);
  const coverageOf = group(doc.coverage, (c) => [c.host]);
  const attemptsOf = group(doc.attempts, (a) => [a.host]);
  const findingsFor = group(doc.findings, (f) => f.attemptIds);
  for (const host of hostNames) {
    const h = hostOf.get(host);
    const fs = findingsOf.get(host) ?? [];
    const cov = coverageOf.get(host) ?? [];
    out.push('');
    const span = h?.firstEvent && h.lastEvent ? `  ${shortTime(h.firstEvent)} – ${shortTime(h.lastEvent)} UTC` : '';
    const counts = h ? `${plural(h.attempts, 'attempt')}, ${h.failures} failed` : 'no attempts';
    out.push(`${paint(SGR.bold, termSafe(host))}  ${counts}${paint(SGR.dim, span)}`);

    const failuresHere = fs.filter((f) => f.category === 'failure');
    for (const f of failuresHere.slice(0, top)) out.push(...formatFinding(f, width, paint, sevColor));
    if (failuresHere.length > top) out.push(`  … and ${failuresHere.length - top} more (--json for all)`);
    if (failuresHere.length === 0) {
      // a client's failures are reported where their cause sits (the server it connected to)
      const failing = (attemptsOf.get(host) ?? []).filter((a) => a.outcome === 'failed-before-logon').map((a) => a.id);
      const elsewhere = new Map<string, Set<string>>();
      let placed = 0;
      for (const id of failing) {
        const f = (findingsFor.get(id) ?? []).find((x) => x.host !== host);
        if (!f) continue;
        placed++;
        const set = elsewhere.get(f.host) ?? new Set<string>();
        set.add(f.pattern);
        elsewhere.set(f.host, set);
      }
      for (const [where, patterns] of [...elsewhere].sort()) {
        out.push(`  ${plural(placed, 'failed attempt')}: cause reported at ${termSafe(where)} (${[...patterns].sort().join(', ')})`);
      }
      const open = (h?.failures ?? failing.length) - placed;
      if (open > 0) out.push(paint(SGR.yellow, `  ${plural(open, 'failed attempt')} without a known cause (see coverage below)`));
      else if (placed === 0) out.push(paint(SGR.green, '  no failure found in these logs'));
    }

    // attacks in the same logs get their own section: a failure list alone would be wrong by omission
    const security = fs.filter((f) => f.category === 'security');
    if (security.length > 0) {
      out.push(`  ${paint(SGR.bold, 'security')}`);
      for (const f of security.slice(0, top)) out.push(...formatFinding(f, width, paint, sevColor, true));
      if (security.length > top) out.push(`  … and ${security.length - top} more (--json for all)`);
    }

    const quiet = fs.filter((f) => f.category === 'noise' || f.category === 'normal');
    for (const pattern of [...new Set(quiet.map((f) => f.pattern))].sort()) {
      const group = quiet.filter((f) => f.pattern === pattern);
      const n = group.reduce((s, f) => s + f.count, 0);
      const title = termSafe(group[0]!.title);
      out.push(paint(SGR.dim, `  ${MARK.info} ${pattern}  ${title}: ${n}`));
    }
    for (const c of cov) out.push(...wrap(`coverage: ${termSafe(c.message)}`, width, '      ', `  ${paint(SGR.cyan, '?')} `));
  }

  out.push('');
  const verdict = errors > 0 ? `${plural(errors, 'error-severity finding')}` : 'no error-severity finding';
  const exit = opts.exitCodeNote === false ? '' : errors > 0 ? ' — exit code 1' : ' — exit code 0';
  out.push(paint(errors > 0 ? SGR.red : SGR.green, verdict + exit));
  return `${out.join('\n')}\n`;
}

function formatFinding(
  f: Finding, width: number, paint: (code: string, s: string) => string, sevColor: Record<Severity, string>, detail = false,
): string[] {
  const lines: string[] = [];
  lines.push(`  ${paint(sevColor[f.severity], `${MARK[f.severity]} ${f.pattern}`)}  ${termSafe(f.title)}`);
  const who = [f.clientAddress ? `from ${termSafe(f.clientAddress)}` : '', f.user ? `user ${termSafe(f.user)}` : ''].filter(Boolean).join(', ');
  const what = f.attemptIds.length > 0 ? plural(f.attemptIds.length, 'attempt') : plural(f.count, 'event');
  const sameDay = f.firstSeen.slice(0, 10) === f.lastSeen.slice(0, 10);
  const when = f.firstSeen === f.lastSeen ? shortTime(f.firstSeen)
    : `${shortTime(f.firstSeen)} – ${sameDay ? shortTime(f.lastSeen).slice(11) : shortTime(f.lastSeen)}`;
  lines.push(...wrap(`${what}${who ? ` ${who}` : ''}; ${plural(f.evidence.length, 'event')} cited; confidence ${f.confidence.toFixed(2)}; ${when}`, width, '      ', '      '));
  if (detail) {
    // the evidence chain (counts, window, sources, successes) is in the explanation after the rule text
    const chain = f.explanation.split(/(?<=\.) (?=\d+ attempts? )/).slice(1).join(' ');
    if (chain) lines.push(...wrap(termSafe(chain), width, '        ', '      '));
  }
  const ev = f.evidence[0];
  if (ev) lines.push(...wrap(`e.g. ${termSafe(shortProvider(ev.provider))} ${ev.eventCode} #${ev.recordId ?? '?'}: ${termSafe(ev.meaning)}`, width, '        ', '      '));
  const step = f.remedy[0];
  if (step) {
    const warn = step.weakensSecurity ? ' [weakens security: test only]' : '';
    lines.push(...wrap(`→ ${termSafe(step.text)}${warn}`, width, '        ', '      '));
    if (step.command) lines.push(`        ${paint(SGR.cyan, termSafe(step.command))}`);
  }
  return lines;
}

/** Coverage notes as plain lines (for callers that print them elsewhere). */
export function formatCoverage(notes: readonly CoverageNote[]): string[] {
  return notes.map((n) => `${termSafe(n.host)}: ${termSafe(n.message)}`);
}
