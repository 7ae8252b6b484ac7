// Every rule's own test case: its positive examples must produce its pattern, its negative ones must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../src/diagnose/index.js';
import { RULES } from '../../src/diagnose/rules/index.js';
import { sourceFromExamples } from '../../src/diagnose/examples.js';

const CONTRACT = [
  'cert-expired', 'cert-private-key', 'cert-misconfigured', 'tls-mismatch', 'fips-encryption', 'credssp-oracle',
  'nla-failure', 'account-state', 'network-drop', 'unreachable', 'licensing', 'scanner-noise', 'normal-disconnect',
  'server-denied', 'broker',
];

test('the rule set is exactly the public pattern ids', () => {
  assert.deepEqual(RULES.map((r) => r.id), CONTRACT);
});

test('every rule has remedies, references and at least one positive and one negative example', () => {
  for (const r of RULES) {
    assert.ok(r.remedy.length > 0, r.id);
    assert.ok(r.references.length > 0, r.id);
    assert.ok(r.examples.positive.length > 0 && r.examples.negative.length > 0, r.id);
    assert.ok(r.confidence > 0 && r.confidence <= 1, r.id);
  }
});

for (const rule of RULES) {
  test(`${rule.id}: positive example produces the finding`, async () => {
    for (const ex of rule.examples.positive) {
      const { findings } = await diagnose(sourceFromExamples([ex]));
      const mine = findings.filter((f) => f.pattern === rule.id);
      assert.ok(mine.length > 0, `${rule.id}: "${ex.description}" gave ${findings.map((f) => f.pattern).join(', ') || 'nothing'}`);
      for (const f of mine) {
        assert.ok(f.evidence.length > 0, 'finding cites evidence');
        assert.equal(f.category, rule.category);
        assert.ok(f.evidence.every((e) => e.meaning.length > 0));
      }
    }
  });
  test(`${rule.id}: negative example does not`, async () => {
    for (const ex of rule.examples.negative) {
      const { findings } = await diagnose(sourceFromExamples([ex]));
      assert.ok(!findings.some((f) => f.pattern === rule.id), `${rule.id}: "${ex.description}" wrongly matched`);
    }
  });
}
