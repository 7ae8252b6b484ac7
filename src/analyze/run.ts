/**
 * One analysis run over a case: ingest the inputs (reusing what the store already holds), correlate
 * every host, diagnose. Correlation and diagnosis are rebuilt each time from the stored events, so the
 * result depends only on the database contents, never on the order inputs were given in.
 */
import type { Store } from '../store/types.js';
import { ingestFiles, type IngestOptions, type IngestResult } from '../ingest/pipeline.js';
import { correlateStore, type CorrelateStoreResult } from '../correlate/index.js';
import { diagnoseStore, type Diagnosis } from '../diagnose/index.js';

export type AnalyzePhase = 'ingest' | 'correlate' | 'diagnose';

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
}

export async function analyzeCase(store: Store, files: string[], opts: AnalyzeOptions): Promise<AnalyzeResult> {
  opts.onPhase?.('ingest');
  const inputs = files.length ? await ingestFiles(store, files, opts) : [];
  opts.onPhase?.('correlate');
  const correlation = await correlateStore(store, opts.skewMs !== undefined ? { skewMs: opts.skewMs } : {});
  opts.onPhase?.('diagnose');
  const diagnosis = await diagnoseStore(store);
  return { inputs, correlation, diagnosis };
}
