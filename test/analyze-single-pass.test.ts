/**
 * analyze correlates and diagnoses in one read of the events and builds its document from what it
 * just computed. Both shortcuts must give exactly what the two separate passes and a read of the
 * database give.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/sqlite-store.js';
import { expandInputs } from '../src/ingest/paths.js';
import { ingestFiles } from '../src/ingest/pipeline.js';
import { analyzeCase } from '../src/analyze/run.js';
import { correlateStore } from '../src/correlate/index.js';
import { diagnoseStore } from '../src/diagnose/index.js';
import { buildAnalysisDocument, type ReportFilter } from '../src/report/document.js';
import type { Store } from '../src/store/types.js';
import { tempDir } from './helpers/tmp.js';

const root = fileURLToPath(new URL('..', import.meta.url));

async function sampleFiles(): Promise<string[]> {
  const { files } = await expandInputs(['samples'], root);
  assert.ok(files.length >= 7, 'the bundled samples are there');
  return files;
}

async function stored(store: Store): Promise<string> {
  return JSON.stringify({
    attempts: await store.attempts(),
    sessions: await store.sessions(),
    findings: await store.findings(),
    coverage: await store.coverage(),
  });
}

test('the single pass stores the same attempts, sessions, findings and coverage as correlate + diagnose', async (t) => {
  const dir = tempDir(t);
  const files = await sampleFiles();
  const one = await openStore(join(dir, 'one.db'));
  const two = await openStore(join(dir, 'two.db'));
  try {
    const r = await analyzeCase(one, files, { cwd: root });
    assert.ok(r.diagnosis.findings.length > 5, 'the samples tell several stories');
    await ingestFiles(two, files, { cwd: root });
    await correlateStore(two);
    await diagnoseStore(two);
    assert.equal(await stored(one), await stored(two));
  } finally {
    await one.close();
    await two.close();
  }
});

test('the document from the just-computed analysis equals the one read back from the database, under filters', async (t) => {
  const dir = tempDir(t);
  const store = await openStore(join(dir, 'case.db'));
  try {
    const r = await analyzeCase(store, await sampleFiles(), { cwd: root });
    const known = { ...r.records, findings: r.diagnosis.findings, coverage: r.diagnosis.coverage };
    const some = r.records.attempts.find((a) => a.clientAddress && a.side === 'server')!;
    const times = r.records.attempts.map((a) => a.start).sort();
    const filters: ReportFilter[] = [
      {},
      { host: some.host.toLowerCase() },
      { client: some.clientAddress! },
      { since: times[Math.floor(times.length / 2)] },
      { until: times[Math.floor(times.length / 3)], host: some.host },
      { host: 'no-such-host' },
    ];
    for (const f of filters) {
      const fromStore = JSON.stringify(await buildAnalysisDocument(store, f));
      const fromMemory = JSON.stringify(await buildAnalysisDocument(store, f, undefined, known));
      assert.equal(fromMemory, fromStore, `filter ${JSON.stringify(f)}`);
    }
  } finally {
    await store.close();
  }
});
