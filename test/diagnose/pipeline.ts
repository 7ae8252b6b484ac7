// Runs inputs through the whole spine (ingest → correlate → diagnose) in a temporary case database.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/sqlite-store.js';
import { ingestFiles } from '../../src/ingest/pipeline.js';
import { diagnoseStore } from '../../src/diagnose/index.js';
import type { Attempt, CoverageNote, Finding } from '../../src/model/analysis.js';

export interface SpineResult {
  findings: Finding[];
  coverage: CoverageNote[];
  attempts: Attempt[];
  events: number;
}

type CorrelateFn = (store: import('../../src/store/types.js').Store) => Promise<unknown>;

/** The correlator, or null while it is not part of this tree (tests then skip). */
export async function loadCorrelator(): Promise<CorrelateFn | null> {
  try {
    const mod = (await import('../../src/correlate/index.js' as string)) as { correlateStore?: CorrelateFn };
    return mod.correlateStore ?? null;
  } catch {
    return null;
  }
}

/** Files under a folder (recursively) with one of these extensions, sorted. */
export function filesUnder(dir: string, exts: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (exts.some((e) => name.toLowerCase().endsWith(e))) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export async function runSpine(files: string[], correlate: CorrelateFn, cwd: string): Promise<SpineResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rdplens-diag-'));
  const store = await openStore(join(dir, 'case.db'));
  try {
    const results = await ingestFiles(store, files, { cwd });
    await correlate(store);
    const { findings, coverage } = await diagnoseStore(store);
    const attempts = await store.attempts();
    return { findings, coverage, attempts, events: results.reduce((s, r) => s + r.events, 0) };
  } finally {
    // a close failure must not hide the error that got us here
    await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
