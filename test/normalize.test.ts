import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeTime, parseTimeArg } from '../src/normalize/time.js';
import { normalizeGuid } from '../src/normalize/guid.js';
import { normalizeEvent } from '../src/normalize/event.js';

test('times from every renderer become 7-digit UTC ISO', () => {
  assert.equal(normalizeTime('2021-02-12T12:32:43.3403792Z'), '2021-02-12T12:32:43.3403792Z');
  assert.equal(normalizeTime('2021-02-12T12:32:43.340379200Z'), '2021-02-12T12:32:43.3403792Z'); // evtxexport, 9 digits
  assert.equal(normalizeTime('2021-02-12 12:32:43.340378'), '2021-02-12T12:32:43.3403780Z'); // python-evtx
  assert.equal(normalizeTime('2021-02-12T12:32:43Z'), '2021-02-12T12:32:43.0000000Z');
  assert.equal(normalizeTime('2021-02-12T14:32:43.5+02:00'), '2021-02-12T12:32:43.5000000Z');
  assert.equal(normalizeTime('2021-01-01T00:30:00.1234567-01:00'), '2021-01-01T01:30:00.1234567Z');
  assert.equal(normalizeTime('yesterday'), null);
  assert.equal(normalizeTime('2021-13-12T12:32:43Z'), null);
  assert.equal(normalizeTime(undefined), null);
});

test('the stored spelling is accepted as it is exactly when the general parser accepts it', () => {
  // Windows' own spelling takes a hand-written check; the same time with a space for the T takes the
  // general pattern. Both must agree on every value, in range or not.
  const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 9999 }), two, two, two, two, two, fc.integer({ min: 0, max: 9_999_999 }), (y, mo, d, h, mi, sec, ticks) => {
      const canonical = `${String(y).padStart(4, '0')}-${mo}-${d}T${h}:${mi}:${sec}.${String(ticks).padStart(7, '0')}Z`;
      const general = normalizeTime(canonical.replace('T', ' '));
      assert.equal(normalizeTime(canonical), general);
      if (general !== null) assert.equal(general, canonical);
    }),
    { numRuns: 2000, seed: 11 },
  );
  for (const bad of ['2021-02-12T12:32:4x.3403792Z', '2021-02-12T12:32:43.340379xZ', '2021-02-12T12:32:43,3403792Z', '2021-02-12T24:00:00.0000000Z']) {
    assert.equal(normalizeTime(bad), bad.includes(',') ? '2021-02-12T12:32:43.3403792Z' : null, bad);
  }
});

test('GUIDs: the hand-written shape check agrees with the pattern', () => {
  const chars = fc.constantFrom(...'0123456789abcdefABCDEFg-{} '.split(''));
  const reference = (text: string): string | null => {
    const g = text.trim().replace(/^\{|\}$/g, '').toLowerCase();
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(g)) return g || null;
    return g === '00000000-0000-0000-0000-000000000000' ? null : g;
  };
  const guidLike = fc.array(chars, { minLength: 36, maxLength: 36 }).map((cs) => cs.map((c, i) => ([8, 13, 18, 23].includes(i) && c !== ' ' ? '-' : c)).join(''));
  fc.assert(
    fc.property(fc.oneof(fc.uuid(), fc.uuid().map((u) => `{${u.toUpperCase()}}`), guidLike, guidLike.map((g) => `{${g}}`), fc.string({ maxLength: 40 })), (text) => {
      assert.equal(normalizeGuid(text), reference(text));
    }),
    { numRuns: 3000, seed: 5 },
  );
});

test('relative and absolute --since values', () => {
  const now = new Date('2026-11-22T10:00:00Z');
  assert.equal(parseTimeArg('24h', now), '2026-11-21T10:00:00.0000000Z');
  assert.equal(parseTimeArg('2026-11-20', now), '2026-11-20T00:00:00.0000000Z');
  assert.equal(parseTimeArg('2026-11-20T08:00', now), null); // minutes without seconds are not ISO here
  assert.equal(parseTimeArg('2026-11-20T08:00:00', now), '2026-11-20T08:00:00.0000000Z');
});

test('GUIDs compare case- and brace-insensitively', () => {
  assert.equal(normalizeGuid('{1F678132-5938-4686-9FDC-C8FF68F15C85}'), '1f678132-5938-4686-9fdc-c8ff68f15c85');
  assert.equal(normalizeGuid('1f678132-5938-4686-9fdc-c8ff68f15c85'), '1f678132-5938-4686-9fdc-c8ff68f15c85');
  assert.equal(normalizeGuid('{00000000-0000-0000-0000-000000000000}'), null);
  assert.equal(normalizeGuid(''), null);
});

test('a raw event normalizes; duplicate field names get suffixes; missing EventID is an issue', () => {
  const r = normalizeEvent({
    system: { providerName: 'TermDD', eventId: '56', qualifiers: '49162', timeCreated: '2016-07-29 23:16:20.123456', recordId: '0012', computer: 'WIN7', channel: 'System', keywords: '0x80000000000000' },
    fields: [['Data[1]', '\\Device\\Termdd'], ['Data[2]', '10.3.16.5'], ['Binary', '00000400'], ['Data[2]', 'dup']],
    origin: { file: 'x.xml', offset: 10, line: 2 },
  });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.event.eventId, 56);
  assert.equal(r.event.qualifiers, 49162);
  assert.equal(r.event.recordId, 12);
  assert.equal(r.event.keywords, '0x80000000000000');
  assert.equal(r.event.time, '2016-07-29T23:16:20.1234560Z');
  assert.deepEqual(Object.keys(r.event.fields), ['Data[1]', 'Data[2]', 'Binary', 'Data[2][2]']);
  const bad = normalizeEvent({ system: { timeCreated: '2016-07-29T23:16:20Z' }, fields: [], origin: { file: 'x.xml', offset: 99, line: 7 } });
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.equal(bad.issue.offset, 99);
    assert.match(bad.issue.message, /EventID/);
  }
});
