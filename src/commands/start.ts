/**
 * `npm start`: the whole job on the bundled samples. It analyses samples/ into a case database beside
 * them and, on a terminal, opens the browser on it; elsewhere it prints the summary. The exit code is
 * 0 whatever the samples show (they are meant to contain failures).
 */
import { join, relative } from 'node:path';
import { rmSync } from 'node:fs';
import type { RegisterCommand } from './types.js';
import type { CliIO } from '../util/io.js';
import { EXIT } from '../util/io.js';
import { packageRoot } from '../util/package-root.js';
import { analyzeInputs } from '../analyze/run.js';
import { openStore } from '../store/sqlite-store.js';
import { buildAnalysisDocument } from '../report/model.js';
import { formatSummary } from '../report/summary.js';
import { runBrowse } from './browse.js';

export const registerStart: RegisterCommand = (program, io, setExit) => {
  program
    .command('start')
    .description('analyse the bundled sample exports and open the result (what `npm start` runs)')
    .option('--no-browse', 'print the summary even on a terminal')
    .action(async (o: { browse: boolean }) => {
      setExit(await runStart(io, o.browse));
    });
};

export async function runStart(io: CliIO, browse = true): Promise<number> {
  const root = packageRoot();
  const samples = join(root, 'samples');
  const db = join(root, 'rdplens-samples.db');
  // A fresh case each time, so the demo never shows leftovers of an older rdplens.
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const shown = relative(io.cwd, samples) || '.';
  io.stderr.write(`Analysing the bundled samples (${shown}) into ${relative(io.cwd, db) || db} …\n`);
  await analyzeInputs([samples], db, { ...io, cwd: io.cwd });
  if (browse && io.stdout.isTTY && io.stdin.isTTY) return runBrowse([db], {}, io);
  const store = await openStore(db, { readonly: true });
  try {
    const doc = await buildAnalysisDocument(store);
    const color = !!io.stdout.isTTY && io.env.NO_COLOR === undefined;
    io.stdout.write(formatSummary(doc, { color, width: io.stdout.columns ?? 100, exitCodeNote: false }));
    const rel = relative(io.cwd, db) || db;
    // In the package folder itself `rdplens` is not on PATH unless installed globally.
    const cmd = relative(io.cwd, root) === '' ? 'node bin/rdplens' : 'rdplens';
    io.stdout.write(`\nThe case is in ${rel}: ${cmd} browse ${rel}  ·  ${cmd} report ${rel} --format html -o report.html\n`);
  } finally {
    await store.close();
  }
  return EXIT.ok;
}
