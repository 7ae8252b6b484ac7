// The bundled sample stories as scenarios: each must give its expected findings through the whole spine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesUnder, loadCorrelator, runSpine } from './pipeline.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const casesDir = join(root, 'test', 'cases-diagnose');

interface Expected {
  pattern: string;
  host: string;
  clientAddress: string | null;
  severity: string;
  minAttempts: number;
  evidenceCodes?: number[];
}
interface Case { inputs: string[]; expect: Expected[]; absent?: string[]; onlyThesePatterns?: boolean }

for (const name of readdirSync(casesDir).filter((n) => n.endsWith('.json')).sort()) {
  const c = JSON.parse(readFileSync(join(casesDir, name), 'utf8')) as Case;
  test(`scenario ${name.replace(/\.json$/, '')}`, async (t) => {
    const correlate = await loadCorrelator();
    if (!correlate) return t.skip('correlator not in this tree');
    const files = c.inputs.flatMap((i) => filesUnder(join(root, i), ['.xml', '.evtx']));
    const r = await runSpine(files, correlate, root);
    if (r.events === 0) return t.skip('no events read (XML reader not in this tree)');
    const show = r.findings.map((f) => `${f.pattern}@${f.host}/${f.clientAddress ?? '-'}/${f.severity}/${f.attemptIds.length}`).join(', ');
    for (const e of c.expect) {
      const f = r.findings.find((x) => x.pattern === e.pattern && x.host === e.host && x.clientAddress === e.clientAddress);
      assert.ok(f, `expected ${e.pattern} on ${e.host} for ${e.clientAddress}; got ${show}`);
      assert.equal(f.severity, e.severity, `${e.pattern} severity`);
      const n = f.category === 'noise' ? f.count : f.attemptIds.filter((id) => r.attempts.find((a) => a.id === id)?.host === e.host).length;
      assert.ok(n >= e.minAttempts, `${e.pattern}: ${n} attempts < ${e.minAttempts}; got ${show}`);
      for (const code of e.evidenceCodes ?? []) {
        assert.ok(f.evidence.some((ev) => ev.eventCode === code), `${e.pattern} cites event ${code}: ${f.evidence.map((ev) => ev.eventCode).join(',')}`);
      }
    }
    for (const p of c.absent ?? []) assert.ok(!r.findings.some((f) => f.pattern === p), `${p} must not appear; got ${show}`);
    if (c.onlyThesePatterns) {
      const allowed = new Set(c.expect.map((e) => e.pattern));
      assert.deepEqual(r.findings.filter((f) => !allowed.has(f.pattern)).map((f) => f.pattern), [], show);
    }
  });
}

test('the whole spine gives byte-identical findings on a second run', async (t) => {
  const correlate = await loadCorrelator();
  if (!correlate) return t.skip('correlator not in this tree');
  const files = filesUnder(join(root, 'samples'), ['.xml']);
  const a = await runSpine(files, correlate, root);
  if (a.events === 0) return t.skip('no events read (XML reader not in this tree)');
  const b = await runSpine(files, correlate, root);
  assert.equal(JSON.stringify(b.findings), JSON.stringify(a.findings));
  // another file order changes row ids, not the conclusions
  const c = await runSpine([...files].reverse(), correlate, root);
  const gist = (r: typeof a) => r.findings.map((f) => [f.id, f.count, f.confidence, f.evidence.map((e) => `${e.host}/${e.recordId}`)]);
  assert.deepEqual(gist(c), gist(a));
  assert.equal(JSON.stringify(b.coverage), JSON.stringify(a.coverage));
});
