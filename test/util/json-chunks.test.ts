import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { jsonForTerminal, jsonForTerminalChunks } from '../../src/util/sanitize.js';
import { writeChunks } from '../../src/util/io.js';

const joined = (v: unknown, indent?: number) => [...jsonForTerminalChunks(v, indent)].join('');

test('the pieces of a JSON document join to exactly jsonForTerminal', () => {
  const doc = {
    tool: 'rdplens', skipped: undefined, fn: () => 1,
    attempts: [{ id: 'a', events: [1, 2], nested: { deep: ['x\ny', '\u009b[31m', '\u202e'] } }, { id: 'b', events: [] }],
    empty: [], none: {}, nothing: null, n: 3,
    holes: [undefined, () => 2, 'ok'],
  };
  assert.equal(joined(doc, 2), jsonForTerminal(doc, 2));
  for (const v of [{}, [], [1, { a: [] }], 'text', 5, null, { only: [] }, { a: { toJSON: () => 'x' } }, { toJSON: () => ({ z: 1 }) }]) {
    assert.equal(joined(v, 2), jsonForTerminal(v, 2), JSON.stringify(v));
  }
  assert.equal(joined(doc, 0), jsonForTerminal(doc, 0));
  assert.ok([...jsonForTerminalChunks(doc, 2)].length > 5, 'written in pieces');
});

test('property: any JSON value chunks to the same text', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.dictionary(fc.string(), fc.array(fc.jsonValue(), { maxLength: 4 })), (v, d) => {
      assert.equal(joined(v, 2), jsonForTerminal(v, 2));
      assert.equal(joined(d, 2), jsonForTerminal(d, 2));
    }),
    { numRuns: 300 },
  );
});

test('writeChunks waits for a slow reader and loses nothing', async () => {
  const out = new PassThrough({ highWaterMark: 16 });
  const got: Buffer[] = [];
  const reading = (async () => {
    for await (const c of out) {
      got.push(c as Buffer);
      await new Promise((r) => setImmediate(r));
    }
  })();
  const pieces = Array.from({ length: 3000 }, (_, i) => `${'x'.repeat(1000)}${i}\n`);
  await writeChunks(out, pieces);
  out.end();
  await reading;
  assert.equal(Buffer.concat(got).toString(), pieces.join(''));
});
