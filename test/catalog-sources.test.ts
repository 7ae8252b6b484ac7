import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_DEFS, CODE_TABLES, PATTERN_BRIEFS, CURATED_PAIRS, SOURCES, resolveSource } from '../src/catalog/index.js';

test('every source string in the catalog resolves to documented sources', () => {
  const strings = [
    ...EVENT_DEFS.map((d) => d.source),
    ...Object.values(CODE_TABLES).flat().map((e) => e.source),
    ...Object.values(PATTERN_BRIEFS).map((p) => p.source),
    ...CURATED_PAIRS.map((p) => p.source),
  ];
  const unresolved = new Set(strings.flatMap((s) => resolveSource(s).unresolved));
  assert.deepEqual([...unresolved], []);
  for (const s of strings) assert.ok(resolveSource(s).docs.length > 0, s);
});

test('source keys are unique, URLs are https', () => {
  const keys = SOURCES.map((s) => s.key);
  assert.equal(new Set(keys).size, keys.length);
  for (const s of SOURCES) if (s.url) assert.match(s.url, /^https:\/\//, s.key);
});

test('resolveSource matches the longest key and reports strays', () => {
  assert.deepEqual(resolveSource('SAMPLE-BK; MS-4625').docs.map((d) => d.key), ['SAMPLE-BK', 'MS-4625']);
  assert.deepEqual(resolveSource('EZ ClientActiveXCore_1026 (TechNet wiki 37870)').docs.map((d) => d.key), ['EZ']);
  assert.deepEqual(resolveSource('Somebody said so').unresolved, ['Somebody said so']);
});
