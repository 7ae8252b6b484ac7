/**
 * Child process for memory measurements: ingests the files named on the command line (relative to
 * the folder given second) into the case database given first, then prints one JSON line with the results and the peak RSS of this
 * process (process.resourceUsage().maxRSS), so the parent test can bound memory per input.
 */
import { openStore } from '../../src/store/sqlite-store.js';
import { ingestFiles } from '../../src/ingest/pipeline.js';

const [db, cwd, ...files] = process.argv.slice(2);
const store = await openStore(db!);
try {
  const results = await ingestFiles(store, files, { cwd: cwd! });
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ results, maxRssMiB })}\n`);
} finally {
  await store.close();
}
