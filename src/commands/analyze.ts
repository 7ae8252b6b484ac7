import type { RegisterCommand } from './types.js';
import type { CliIO } from '../util/io.js';
import { EXIT, UserError, writeChunks } from '../util/io.js';
import { jsonForTerminalChunks, termSafe } from '../util/sanitize.js';
import { openStore } from '../store/sqlite-store.js';
import { compileXPathFilter } from '../filter/xpath.js';
import { parseTimeArg } from '../normalize/time.js';
import { analyzeInputsInto } from '../analyze/run.js';
import { resolveCaseArgs } from '../analyze/case.js';
import { buildAnalysisDocument } from '../report/model.js';
import { formatSummary } from '../report/summary.js';
import type { AnalysisDocument } from '../model/analysis.js';
import { DEFAULT_DB } from './ingest.js';

export interface AnalyzeCommandOptions {
  db: string;
  json?: boolean;
  since?: string;
  until?: string;
  client?: string;
  host?: string;
  xpath?: string;
  force?: boolean;
  generatedAt?: string | boolean;
  color?: boolean;
}

export const registerAnalyze: RegisterCommand = (program, io, setExit) => {
  program
    .command('analyze')
    .description('ingest, correlate and diagnose in one run; prints the causes (or one JSON document)')
    .argument('[inputs...]', 'exports, .evtx files, folders or globs; or a case database; none = the --db as it is')
    .option('--db <file>', 'case database (reused across runs)', DEFAULT_DB)
    .option('--json', 'print one JSON document (attempts, sessions, findings, issues, coverage)')
    .option('--since <time>', 'only attempts/findings from this time (ISO time, date, or 24h / 7d back)')
    .option('--until <time>', 'only up to this time')
    .option('--client <ip>', 'only this client address')
    .option('--host <name>', 'only this host')
    .option('--xpath <query>', 'ingest only events matching a wevtutil/Event Viewer XPath query')
    .option('--force', 're-read inputs that were ingested before')
    .option('--generated-at [time]', 'put a generatedAt time in the JSON (default: left out, so output is reproducible)')
    .option('--no-color', 'no colour in the summary')
    .addHelpText(
      'after',
      `
Examples:
  rdplens analyze ./exports                       a folder of exports from the server and the client
  rdplens analyze RDSH01-System.evtx RDSH01-Security.xml PC7-RDPClient.xml
  rdplens analyze ./exports --json > result.json
  rdplens analyze --db case.db --client 10.0.0.5 --since 24h

Exit codes: 0 no error-severity finding, 1 at least one, 2 unusable input or a usage error.`,
    )
    .action(async (inputs: string[], o: AnalyzeCommandOptions) => {
      setExit(await runAnalyzeCommand(inputs, o, io));
    });
};

export async function runAnalyzeCommand(args: string[], o: AnalyzeCommandOptions, io: CliIO): Promise<number> {
  const since = o.since !== undefined ? parseTimeArg(o.since) : undefined;
  const until = o.until !== undefined ? parseTimeArg(o.until) : undefined;
  if (since === null) throw new UserError(`--since: cannot read "${termSafe(o.since ?? '')}" as a time (use 2026-11-20T08:00:00Z, 2026-11-20, or 24h / 7d)`);
  if (until === null) throw new UserError(`--until: cannot read "${termSafe(o.until ?? '')}" as a time`);
  const filter = o.xpath ? compileXPathFilter(o.xpath) : undefined;
  const c = await resolveCaseArgs(args, o.db, io.cwd);
  const store = await openStore(c.db);
  try {
    const result = await analyzeInputsInto(store, c.inputs, io, { quiet: o.json, filter, filterText: o.xpath, force: o.force });
    const generatedAt = o.generatedAt === true ? new Date().toISOString() : typeof o.generatedAt === 'string' ? o.generatedAt : undefined;
    // what was just computed is what the database now holds: no need to read it back
    const known = { ...result.records, findings: result.diagnosis.findings, coverage: result.diagnosis.coverage };
    const doc = await buildAnalysisDocument(store, { host: o.host, client: o.client, since: since ?? undefined, until: until ?? undefined }, generatedAt, known);
    if (o.json) await writeChunks(io.stdout, jsonDocument(doc));
    else {
      const color = o.color !== false && !!io.stdout.isTTY && io.env.NO_COLOR === undefined;
      io.stdout.write(formatSummary(doc, { color, width: io.stdout.columns ?? 80 }));
      const db = args.length === 1 && c.inputs.length === 0 ? ` ${args[0]}` : o.db !== DEFAULT_DB ? ` ${o.db}` : '';
      if (doc.hosts.length) io.stdout.write(`\nNext: rdplens browse${db}  ·  rdplens report${db} --format html -o report.html\n`);
    }
    const usable = doc.hosts.length > 0 || result.inputs.some((r) => r.events > 0);
    return analyzeExitCode(doc, usable);
  } finally {
    await store.close();
  }
}

export function analyzeExitCode(doc: AnalysisDocument, usable: boolean): number {
  if (!usable) return EXIT.unusable;
  return doc.findings.some((f) => f.severity === 'error') ? EXIT.partial : EXIT.ok;
}

/** The --json output: the document, two-space indented, then a newline. */
function* jsonDocument(doc: AnalysisDocument): Generator<string> {
  yield* jsonForTerminalChunks(doc, 2);
  yield '\n';
}
