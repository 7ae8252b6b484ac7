// Scenario folders test/cases/<name>/: input/*.xml exports are ingested into a fresh case database,
// correlated, and the attempts/sessions compared with expected.json (the facts that matter).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/sqlite-store.js';
import { ingestFiles } from '../src/ingest/pipeline.js';
import { correlateStore } from '../src/correlate/index.js';
import { tempDir } from './helpers/tmp.js';
import { projectAttempt, projectSession, type ExpectedCase } from './correlate/project.js';

const casesDir = fileURLToPath(new URL('./cases/', import.meta.url));
const cases = existsSync(casesDir) ? readdirSync(casesDir).filter((d) => existsSync(join(casesDir, d, 'expected.json'))).sort() : [];

for (const name of cases) {
  test(`correlation case: ${name}`, async (t) => {
    const dir = join(casesDir, name);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as ExpectedCase;
    const inputs = readdirSync(join(dir, 'input')).sort().map((f) => join('input', f));
    const store = await openStore(join(tempDir(t), 'case.db'));
    try {
      const results = await ingestFiles(store, inputs, { cwd: dir });
      assert.ok(results.every((r) => r.status === 'ok' && r.issues === 0), JSON.stringify(results));
      await correlateStore(store);
      const attempts = (await store.attempts()).map(projectAttempt);
      const sessions = (await store.sessions()).map(projectSession);
      assert.deepEqual(attempts, expected.attempts);
      assert.deepEqual(sessions, expected.sessions);
      // every event of a scenario is explained by some attempt or session
      const linked = new Set([...(await store.attempts()).flatMap((a) => a.events.map((l) => l.eventId)), ...(await store.sessions()).flatMap((s) => s.events.map((l) => l.eventId))]);
      assert.equal(linked.size, await store.countEvents());
    } finally {
      await store.close();
    }
  });
}
