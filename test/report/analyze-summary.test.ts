import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../src/diagnose/index.js';
import { sourceFromExamples } from '../../src/diagnose/examples.js';
import { PROVIDER } from '../../src/diagnose/providers.js';
import { formatSummary } from '../../src/report/summary.js';
import type { AnalysisDocument } from '../../src/model/analysis.js';

async function doc(): Promise<AnalysisDocument> {
  const src = sourceFromExamples([{
    description: '', host: 'RDSH01',
    hostEvents: [{ at: 0, provider: PROVIDER.rcm, eventId: 1058, fields: { 'Data[1]': 'Access is denied.\u001b[2J' } }],
    attempts: [
      { outcome: 'failed-before-logon', stage: 'S3', clientAddress: '10.0.0.5', user: 'CORP\\alice\u001b]0;pwned\u0007',
        events: [{ at: 60, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.0.0.5:50123' }, join: 'opener' }] },
      { outcome: 'probe', stage: 'S1', clientAddress: '198.51.100.9',
        events: [{ at: 90, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '198.51.100.9:4444' }, join: 'opener' }] },
    ],
  }]);
  const { findings, coverage } = await diagnose(src);
  const attempts = src.attemptList.map(({ events: _e, ...a }) => a);
  return {
    tool: 'rdplens', version: '0.1.0', inputs: [], issues: [], sessions: [],
    hosts: [{ host: 'RDSH01', events: 3, firstEvent: '2026-03-02T09:00:00.0000000Z', lastEvent: '2026-03-02T09:01:30.0000000Z', channels: [], attempts: 2, failures: 1 }],
    attempts, findings, coverage,
  };
}

test('summary: per host attempts, top cause with evidence and first remedy, noise line, coverage, exit hint', async () => {
  const text = formatSummary(await doc(), { color: false, width: 100 });
  assert.match(text, /RDSH01 {2}2 attempts, 1 failed/);
  assert.match(text, /✖ cert-expired {2}Expired Remote Desktop certificate was not renewed/);
  assert.match(text, /1 attempt from 10\.0\.0\.5, user CORP\\alice/);
  assert.match(text, /→ Delete the expired Remote Desktop certificate/);
  assert.match(text, /scanner-noise .*: 1/);
  assert.match(text, /coverage: no Security log for RDSH01/);
  assert.match(text, /1 error-severity finding — exit code 1/);
  for (const line of text.split('\n')) {
    if (!line.includes('Get-') && !line.includes('icacls')) assert.ok(line.length <= 100, line);
  }
});

test('summary: event text cannot drive the terminal; colour only when asked', async () => {
  const d = await doc();
  const plain = formatSummary(d, { color: false, width: 80 });
  assert.ok(!plain.includes('\u001b'), 'no escape characters at all without colour');
  assert.ok(!plain.includes('\u0007'));
  const colored = formatSummary(d, { color: true, width: 80 });
  assert.ok(colored.includes('\u001b[31m'));
  assert.ok(!colored.includes('\u001b]0;'), 'OSC from the user name is neutralised');
  assert.equal(formatSummary(d, { color: false, width: 80 }), plain, 'deterministic');
});

test('summary: security findings get their own section with the evidence chain', async () => {
  const { RULES } = await import('../../src/diagnose/rules/index.js');
  const rule = RULES.find((r) => r.id === 'brute-force-success')!;
  const src = sourceFromExamples(rule.examples.positive);
  const { findings, coverage } = await diagnose(src);
  const d: AnalysisDocument = {
    tool: 'rdplens', version: '0.1.0', inputs: [], issues: [], sessions: [], coverage, findings,
    hosts: [{ host: 'EDGE01', events: 20, firstEvent: null, lastEvent: null, channels: [], attempts: 9, failures: 8 }],
    attempts: src.attemptList.map(({ events: _e, ...a }) => a),
  };
  const text = formatSummary(d, { color: false, width: 120 });
  const sec = text.indexOf('  security');
  assert.ok(sec > 0, text);
  assert.ok(text.indexOf('✖ brute-force-success') > sec);
  assert.ok(text.indexOf('✖ nla-failure') < sec, 'failures come first');
  const flat = text.replace(/\s+/g, ' ');
  assert.match(flat, /8 attempts between .* from 198\.51\.100\.66; accounts: Administrator\. Then succeeded: EDGE01\\Administrator from 198\.51\.100\.66/);
});

test("summary: a client's failures point to the server where their cause is reported", async () => {
  const src = sourceFromExamples([{
    description: '', host: 'SRV',
    hostEvents: [{ at: 0, provider: PROVIDER.rcm, eventId: 1057, fields: { 'Data[1]': 'Keyset does not exist' } }],
    attempts: [{ outcome: 'failed-before-logon', stage: 'S3', clientAddress: '10.1.1.2', events: [{ at: 100, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: '10.1.1.2:5000' }, join: 'opener' }] }],
  }, {
    description: '', host: 'PC',
    attempts: [{ side: 'client', outcome: 'failed-before-logon', stage: 'S3', target: 'srv', events: [
      { at: 100, provider: PROVIDER.client, eventId: 1024, fields: { Name: 'Server Name', Value: 'srv' }, join: 'opener' },
      { at: 101, provider: PROVIDER.client, eventId: 1026, fields: { Name: 'Disconnect Reason', Value: '2308' } }] }],
  }]);
  src.attemptList[0]!.peerAttemptId = src.attemptList[1]!.id;
  src.attemptList[1]!.peerAttemptId = src.attemptList[0]!.id;
  const { findings, coverage } = await diagnose(src);
  const text = formatSummary({
    tool: 'rdplens', version: '0.1.0', inputs: [], issues: [], sessions: [], findings, coverage,
    hosts: [
      { host: 'PC', events: 2, firstEvent: null, lastEvent: null, channels: [], attempts: 1, failures: 1 },
      { host: 'SRV', events: 2, firstEvent: null, lastEvent: null, channels: [], attempts: 1, failures: 1 },
    ],
    attempts: src.attemptList.map(({ events: _e, ...a }) => a),
  }, { color: false, width: 100 });
  assert.match(text, /PC {2}1 attempt, 1 failed\n {2}1 failed attempt: cause reported at SRV \(cert-expired\)/);
  assert.ok(!text.includes('without a known cause'));
});
