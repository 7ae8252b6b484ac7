/**
 * One analysis run over a case: ingest the inputs (reusing what the store already holds), correlate
 * every host, diagnose. Correlation and diagnosis are rebuilt each time from the stored events, so the
 * result depends only on the database contents, never on the order inputs were given in.
 */
import type { Store } from '../store/types.js';
import type { CliIO } from '../util/io.js';
import { UserError } from '../util/io.js';
import { termSafe } from '../util/sanitize.js';
import { openStore } from '../store/sqlite-store.js';
import { expandInputs } from '../ingest/paths.js';
import { createProgressLine, formatIssueLine } from '../ingest/progress.js';
import { ingestFiles, type IngestOptions, type IngestResult } from '../ingest/pipeline.js';
import { correlateCase, storeCorrelation, type CorrelateStoreResult } from '../correlate/index.js';
import { Diagnoser, type Diagnosis } from '../diagnose/index.js';
import type { Attempt, Session } from '../model/analysis.js';

/** 'correlate' covers diagnosis too: both run in one pass over the events. */
export type AnalyzePhase = 'ingest' | 'correlate';

export interface AnalyzeOptions extends IngestOptions {
  cwd: string;
  stdin?: AsyncIterable<Uint8Array>;
  /** clock-skew tolerance for joining client and server attempts (ms) */
  skewMs?: number;
  onPhase?: (phase: AnalyzePhase) => void;
}

export interface AnalyzeResult {
  inputs: IngestResult[];
  correlation: CorrelateStoreResult;
  diagnosis: Diagnosis;
  /** every attempt and session just stored (with their event links) */
  records: { attempts: Attempt[]; sessions: Session[] };
}

export async function analyzeCase(store: Store, files: string[], opts: AnalyzeOptions): Promise<AnalyzeResult> {
  opts.onPhase?.('ingest');
  const inputs = files.length ? await ingestFiles(store, files, opts) : [];
  opts.onPhase?.('correlate');
  const { correlation, diagnosis, records } = await correlateAndDiagnose(store, opts.skewMs);
  return { inputs, correlation, diagnosis, records };
}

/**
 * Correlation and diagnosis in ONE read of the stored events: the diagnoser sees each host event as
 * the correlator's stream passes, and each attempt with its events as soon as the attempt is
 * complete. Same result as correlateStore followed by diagnoseStore, without reading the case twice.
 */
export async function correlateAndDiagnose(store: Store, skewMs?: number): Promise<Omit<AnalyzeResult, 'inputs'>> {
  const diagnoser = new Diagnoser();
  const correlation = await correlateCase(store, {
    ...(skewMs !== undefined ? { skewMs } : {}),
    onEvent: (ev) => diagnoser.observeEvent(ev),
    onAttemptDone: (attempt, events) => diagnoser.observeAttempt(attempt, events),
  });
  const hosts = correlation.hosts.map((h) => h.host);
  const records = { attempts: correlation.hosts.flatMap((h) => h.attempts), sessions: correlation.hosts.flatMap((h) => h.sessions) };
  // SQLite writes the correlation on its thread while causes are chosen here
  const written = storeCorrelation(store, correlation);
  written.catch(() => undefined); // awaited below, after the diagnosis
  await new Promise<void>((r) => setImmediate(r)); // lets the queued write reach SQLite first
  const diagnosis = await diagnoser.finish(hosts, records.attempts, (ids) => store.getEvents(ids));
  await written;
  await store.replaceFindings(diagnosis.findings, diagnosis.coverage);
  return { correlation: correlation.result, diagnosis, records };
}

export interface ShowAnalysisOptions {
  /** no progress line and no issue lines (machine output on stdout) */
  quiet?: boolean;
  filter?: AnalyzeOptions['filter'];
  filterText?: string;
  force?: boolean;
}

/**
 * Expands `inputs` and analyses them into an open store, with a progress line on a terminal and the
 * first parse issues on stderr. No inputs: the stored events are re-correlated and re-diagnosed.
 */
export async function analyzeInputsInto(store: Store, inputs: string[], io: CliIO, opts: ShowAnalysisOptions = {}): Promise<AnalyzeResult> {
  const { files, missing } = inputs.length ? await expandInputs(inputs, io.cwd) : { files: [], missing: [] };
  for (const m of missing) io.stderr.write(`rdplens: ${termSafe(m.input)}: ${m.reason}\n`);
  if (inputs.length && !files.length) throw new UserError('no input files to read');
  const progress = io.stderr.isTTY && !opts.quiet ? createProgressLine(io.stderr) : null;
  let shown = 0;
  try {
    return await analyzeCase(store, files, {
      cwd: io.cwd,
      stdin: io.stdin,
      filter: opts.filter,
      filterText: opts.filterText,
      force: opts.force,
      onProgress: progress ? (p) => progress.update(p) : undefined,
      onIssue: (i) => {
        if (opts.quiet || shown++ >= 10) return;
        progress?.done();
        io.stderr.write(`${formatIssueLine(i)}\n`);
      },
    });
  } finally {
    progress?.done();
  }
}

/** For commands that show a case (browse, report, start): analyse inputs into the database at `dbPath`. */
export async function analyzeInputs(inputs: string[], dbPath: string, io: CliIO): Promise<AnalyzeResult> {
  const store = await openStore(dbPath);
  try {
    const result = await analyzeInputsInto(store, inputs, io);
    if (!result.inputs.some((r) => r.events > 0 || r.skipped)) throw new UserError('no events could be read from the inputs');
    return result;
  } finally {
    await store.close();
  }
}
