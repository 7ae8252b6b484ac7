import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DuringSweep } from '../../src/diagnose/population.js';

test('property: the sweep answers like checking every attempt in progress', () => {
  const span = fc.record({ from: fc.integer({ min: 0, max: 100 }), len: fc.integer({ min: 0, max: 40 }), client: fc.constantFrom('a', 'b', 'c', null) });
  fc.assert(
    fc.property(fc.array(span, { maxLength: 30 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 150 }), fc.constantFrom('a', 'b', 'c', null)), { maxLength: 30 }), (raw, asks) => {
      const spans = raw.map((s) => ({ from: s.from, to: s.from + s.len, client: s.client })).sort((x, y) => x.from - y.from);
      const sweep = new DuringSweep(spans);
      for (const [t, client] of [...asks].sort((x, y) => x[0] - y[0])) {
        const brute = spans.some((s) => s.from <= t && s.to >= t && s.client !== client);
        assert.equal(sweep.othersAt(t, client), brute, `t=${t} client=${client}`);
      }
    }),
    { numRuns: 500 },
  );
});
