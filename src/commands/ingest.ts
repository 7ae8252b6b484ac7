import { resolve } from 'node:path';
import type { RegisterCommand } from './types.js';
import { openStore } from '../store/sqlite-store.js';
import { expandInputs } from '../ingest/paths.js';
import { ingestFiles, type IngestResult } from '../ingest/pipeline.js';
import { createProgressLine, formatIssueLine as formatIssue, humanBytes } from '../ingest/progress.js';
import { compileXPathFilter } from '../filter/xpath.js';
import { EXIT, UserError } from '../util/io.js';
import { jsonForTerminal, termSafe } from '../util/sanitize.js';
import type { ParseIssue } from '../model/event.js';

export const DEFAULT_DB = 'rdplens.db';

export const registerIngest: RegisterCommand = (program, io, setExit) => {
  program
    .command('ingest')
    .description('read event log exports (XML of any export form, .evtx, .gz) into the case database')
    .argument('<inputs...>', 'files, folders or globs ("-" reads standard input)')
    .option('--db <file>', 'case database', DEFAULT_DB)
    .option('--xpath <query>', 'keep only events matching a wevtutil /q: or Event Viewer XPath query')
    .option('--force', 're-read inputs whose bytes were ingested before')
    .option('--carve', 'EVTX: also recover records from slack space')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      `
Examples:
  rdplens ingest ./exports                               every file under a folder
  rdplens ingest "exports/**/*.xml" System.evtx --db case.db
  rdplens ingest Security.xml --xpath "*[System[(EventID=4624 or EventID=4625)]]"
  wevtutil qe System /f:xml | rdplens ingest -

Exit codes: 0 all read, 1 some records were skipped (see the issues), 2 nothing usable or a usage error.`,
    )
    .action(async (inputs: string[], o: { db: string; xpath?: string; force?: boolean; carve?: boolean; json?: boolean }) => {
      const results = await runIngestCommand(inputs, o, io);
      setExit(ingestExitCode(results));
    });
};

export function ingestExitCode(results: IngestResult[]): number {
  if (!results.length || results.every((r) => r.status === 'unusable' && !r.skipped) || results.every((r) => r.events === 0)) return EXIT.unusable;
  return results.some((r) => r.status === 'partial' || r.status === 'unusable') ? EXIT.partial : EXIT.ok;
}

export async function runIngestCommand(
  inputs: string[],
  o: { db: string; xpath?: string; force?: boolean; carve?: boolean; json?: boolean },
  io: import('../util/io.js').CliIO,
): Promise<IngestResult[]> {
  const filter = o.xpath ? compileXPathFilter(o.xpath) : undefined;
  const { files, missing } = await expandInputs(inputs, io.cwd);
  for (const m of missing) io.stderr.write(`rdplens: ${termSafe(m.input)}: ${m.reason}\n`);
  if (!files.length) throw new UserError('no input files to read');
  const store = await openStore(resolveDb(o.db, io.cwd));
  const progress = io.stderr.isTTY && !o.json ? createProgressLine(io.stderr) : null;
  let shown = 0;
  const onIssue = (i: ParseIssue) => {
    if (o.json) return;
    if (shown++ < 20) {
      progress?.done();
      io.stderr.write(`${formatIssue(i)}\n`);
    } else if (shown === 21) io.stderr.write('rdplens: more issues; all are stored (rdplens analyze lists them)\n');
  };
  try {
    const results = await ingestFiles(store, files, {
      cwd: io.cwd, filter, filterText: o.xpath, force: o.force, carve: o.carve, stdin: io.stdin, onIssue,
      onProgress: progress ? (p) => progress.update(p) : undefined,
    });
    progress?.done();
    if (o.json) io.stdout.write(`${jsonForTerminal({ db: o.db, inputs: results }, 2)}\n`);
    else io.stdout.write(formatIngestSummary(results, o.db));
    return results;
  } finally {
    await store.close();
  }
}

export function resolveDb(db: string, cwd: string): string {
  return db === ':memory:' ? db : resolve(cwd, db);
}

export function formatIngestSummary(results: IngestResult[], db: string): string {
  const lines: string[] = [];
  let events = 0, added = 0, issues = 0;
  for (const r of results) {
    events += r.events; added += r.newEvents; issues += r.issues;
    const state = r.skipped ? (r.format === 'sqlite' ? 'skipped (not an event log)' : 'already ingested') : r.status;
    lines.push(`  ${termSafe(r.path)}  ${r.format}/${r.encoding}  ${humanBytes(r.size)}  ${r.events} events (${r.newEvents} new)  ${r.issues} issues  ${state}`);
  }
  lines.unshift(`Ingested ${results.length} input(s) into ${termSafe(db)}: ${events} events, ${added} new, ${issues} issue(s)`);
  return `${lines.join('\n')}\n`;
}
