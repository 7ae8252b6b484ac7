// Every rule's own test case: its positive examples must produce its pattern, its negative ones must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../src/diagnose/index.js';
import { FAILURE_RULES, RULES, SECURITY_RULES } from '../../src/diagnose/rules/index.js';
import { sourceFromExamples } from '../../src/diagnose/examples.js';
import { matchersOf } from '../../src/diagnose/engine.js';

const CONTRACT = [
  'cert-expired', 'cert-private-key', 'cert-misconfigured', 'tls-mismatch', 'fips-encryption', 'credssp-oracle',
  'nla-failure', 'account-state', 'network-drop', 'unreachable', 'licensing', 'scanner-noise', 'normal-disconnect',
  'server-denied', 'broker',
];

const SECURITY = ['brute-force', 'brute-force-success', 'password-spray', 'rdp-sweep', 'session-hijack', 'lateral-movement', 'rdp-tunnel', 'exposed-rdp'];

test('the rule set is exactly the public pattern ids', () => {
  assert.deepEqual(FAILURE_RULES.map((r) => r.id), CONTRACT);
  assert.deepEqual(SECURITY_RULES.map((r) => r.id), SECURITY);
  assert.ok(SECURITY_RULES.every((r) => r.category === 'security'));
  assert.equal(new Set(RULES.map((r) => r.rank)).size, RULES.length, 'ranks are unique, so the order of causes is defined');
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
    // the examples of one side form one scenario (a sweep needs several hosts)
    {
      const ex = { description: rule.examples.positive.map((e) => e.description).join('; ') };
      const { findings } = await diagnose(sourceFromExamples(rule.examples.positive));
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
    const { findings } = await diagnose(sourceFromExamples(rule.examples.negative));
    const desc = rule.examples.negative.map((e) => e.description).join('; ');
    assert.ok(!findings.some((f) => f.pattern === rule.id), `${rule.id}: "${desc}" wrongly matched`);
  });
}

test('every code a rule lists is a real entry of the catalog code table it names', async () => {
  const { catalogLookup } = await import('../../src/diagnose/catalog-lookup.js');
  const missing: string[] = [];
  for (const r of RULES) {
    for (const s of r.signatures) {
      for (const m of matchersOf(s)) for (const t of m.where ?? []) {
        if (!t.table) continue;
        for (const c of [...(t.oneOf ?? []), ...(t.noneOf ?? [])]) {
          if (!catalogLookup(t.table, String(c))) missing.push(`${r.id}: ${t.table} ${c}`);
        }
      }
    }
  }
  assert.deepEqual(missing, []);
});

test('evidence meanings decode codes through the catalog', async () => {
  const rule = RULES.find((r) => r.id === 'cert-private-key')!;
  const { findings } = await diagnose(sourceFromExamples(rule.examples.positive));
  assert.match(findings[0]!.evidence[0]!.meaning, /ErrorCode 0x8009030D = SEC_E_UNKNOWN_CREDENTIALS/);
});
