import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import { isSqliteFile } from '../util/sqlite-file.js';
import { dirname, basename, join, resolve } from 'node:path';
import type { RegisterCommand } from './types.js';
import type { CliIO } from '../util/io.js';
import { UserError } from '../util/io.js';
import { termSafe } from '../util/sanitize.js';
import { openStore } from '../store/sqlite-store.js';
import type { Store } from '../store/types.js';
import { parseTimeArg } from '../normalize/time.js';
import { buildReportModel, type ReportFilter, type EventDescriber } from '../report/model.js';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../report/index.js';
import { DEFAULT_DB } from './ingest.js';
import { resolveCaseArgs } from '../analyze/case.js';
import { analyzeCase } from '../analyze/run.js';
import { expandInputs } from '../ingest/paths.js';
import { formatIssueLine } from '../ingest/progress.js';

export interface ReportCommandOptions {
  format: string;
  db?: string;
  force?: boolean;
  output?: string;
  host?: string;
  client?: string;
  since?: string;
  until?: string;
  generatedAt?: string;
  maxTimelines?: string;
}

export const registerReport: RegisterCommand = (program, io) => {
  program
    .command('report')
    .description('write an incident report (Markdown, self-contained HTML, JSON, CSV timeline or ECS NDJSON) from a case database')
    .argument('[inputs...]', 'a case database, or exports/.evtx files/folders to analyze first (none = the --db)')
    .option('--db <file>', 'case database to read, or to analyze the inputs into', DEFAULT_DB)
    .option('--force', 're-read inputs that were ingested before')
    .option('-f, --format <format>', `one of ${REPORT_FORMATS.join(', ')}`, 'md')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('--host <name>', 'only this host')
    .option('--client <ip>', 'only attempts from this client address (or to this target, client side)')
    .option('--since <time>', 'only from this time on (ISO time, date, or 24h / 7d back)')
    .option('--until <time>', 'only up to this time')
    .option('--generated-at <time>', 'stamp the report with this time (left out by default so reports are reproducible)')
    .option('--max-timelines <n>', 'at most this many attempt timelines (0 = all)', '100')
    .addHelpText(
      'after',
      `
Examples:
  rdplens report                                       Markdown of rdplens.db to the terminal
  rdplens report case.db --format html -o incident.html
  rdplens report ./exports --db case.db -f html -o incident.html   analyze, then report
  rdplens report case.db --format csv --host RDSH01 -o timeline.csv
  rdplens report case.db --format ecs-ndjson --since 7d > rdplens.ndjson

The same database gives byte-identical reports; --generated-at is the only way a clock value gets in.`,
    )
    .action(async (inputs: string[], o: ReportCommandOptions) => {
      await runReportCommand(inputs, o, io);
    });
};

function parseFormat(text: string): ReportFormat {
  const f = text.toLowerCase() === 'markdown' ? 'md' : text.toLowerCase() === 'ndjson' || text.toLowerCase() === 'ecs' ? 'ecs-ndjson' : text.toLowerCase();
  if (!(REPORT_FORMATS as string[]).includes(f)) throw new UserError(`unknown report format "${termSafe(text)}"; use one of ${REPORT_FORMATS.join(', ')}`);
  return f as ReportFormat;
}

function parseTime(flag: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const t = parseTimeArg(text);
  if (t === null) throw new UserError(`${flag} "${termSafe(text)}" is not a time; use e.g. 2026-11-20, 2026-11-20T14:00:00Z or 24h`);
  return t;
}

export function parseFilter(o: ReportCommandOptions): ReportFilter {
  const filter: ReportFilter = {};
  if (o.host !== undefined) filter.host = o.host;
  if (o.client !== undefined) filter.client = o.client;
  const since = parseTime('--since', o.since);
  const until = parseTime('--until', o.until);
  if (since !== undefined) filter.since = since;
  if (until !== undefined) filter.until = until;
  if (since !== undefined && until !== undefined && since > until) throw new UserError('--since is later than --until');
  return filter;
}

async function openCaseDb(path: string): Promise<Store> {
  const st = await stat(path).catch(() => undefined);
  if (!st) throw new UserError(`${termSafe(path)}: no such case database; create one with "rdplens analyze <exports>" or "rdplens ingest"`);
  if (!st.isFile() || !(await isSqliteFile(path))) {
    throw new UserError(`${termSafe(path)} is not an rdplens case database (run "rdplens analyze ${termSafe(path)}" first, then report on its database)`);
  }
  return openStore(path, { readonly: true });
}

/** Writes next to the target and renames, so an interrupted run never leaves half a report. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/**
 * A lone SQLite argument (or none: --db) is read as it is, without writing to it; anything else is
 * analyzed into --db first (ingest, correlate, diagnose), exactly as `rdplens analyze` would.
 */
async function openCase(args: string[], o: ReportCommandOptions, io: CliIO): Promise<Store> {
  // A lone "*.db" that is missing or not SQLite is a mistyped database, not an input to analyze.
  if (args.length === 1 && /\.(db|sqlite3?)$/i.test(args[0])) return openCaseDb(resolve(io.cwd, args[0]));
  const c = await resolveCaseArgs(args, o.db ?? DEFAULT_DB, io.cwd);
  if (!c.inputs.length) {
    const store = await openCaseDb(c.db);
    const hint = await store.get<{ n: number }>('SELECT (SELECT count(*) FROM events) > 0 AND (SELECT count(*) FROM attempts) = 0 AS n');
    if (hint?.n) io.stderr.write(`rdplens: ${termSafe(c.db)} holds events but no connection attempts; run "rdplens analyze --db ${termSafe(o.db ?? DEFAULT_DB)}" to correlate and diagnose them\n`);
    return store;
  }
  const { files, missing } = await expandInputs(c.inputs, io.cwd);
  for (const m of missing) io.stderr.write(`rdplens: ${termSafe(m.input)}: ${m.reason}\n`);
  if (!files.length) throw new UserError('no input files to read');
  const store = await openStore(c.db);
  try {
    let shown = 0;
    await analyzeCase(store, files, {
      cwd: io.cwd, stdin: io.stdin, force: o.force,
      onIssue: (i) => {
        if (shown++ < 10) io.stderr.write(`${formatIssueLine(i)}\n`);
      },
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

export async function runReportCommand(args: string[], o: ReportCommandOptions, io: CliIO, describe?: EventDescriber): Promise<string> {
  const format = parseFormat(o.format);
  const filter = parseFilter(o);
  const maxTimelines = Number(o.maxTimelines ?? '100');
  if (!Number.isInteger(maxTimelines) || maxTimelines < 0) throw new UserError('--max-timelines must be a whole number (0 = all)');
  const generatedAt = o.generatedAt === undefined ? undefined : parseTime('--generated-at', o.generatedAt);
  const store = await openCase(args, o, io);
  let text: string;
  try {
    const model = await buildReportModel(store, { filter, generatedAt, maxTimelines, describe });
    text = renderReport(model, format);
  } finally {
    await store.close();
  }
  if (o.output !== undefined && o.output !== '-') {
    const out = resolve(io.cwd, o.output);
    await writeAtomically(out, text);
    io.stderr.write(`rdplens: wrote ${format} report to ${termSafe(o.output)} (${Buffer.byteLength(text)} bytes)\n`);
  } else {
    io.stdout.write(text);
  }
  return text;
}
