// Behaviour of the generic engine: ranking, shared causes, noise separation, confidence, caps, determinism, coverage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../src/diagnose/index.js';
import { sourceFromExamples } from '../../src/diagnose/examples.js';
import { normalizeAddress, parseNumber } from '../../src/diagnose/match.js';
import { PROVIDER } from '../../src/diagnose/providers.js';
import type { ExampleAttempt, RuleExample } from '../../src/diagnose/types.js';

const accept = (at: number, ip: string) => ({ at, provider: PROVIDER.rdpCore, eventId: 131, fields: { ConnType: 'TCP', ClientIP: `${ip}:50000` }, join: 'opener' as const });

function failing(at: number, ip: string, extra: ExampleAttempt['events'] = []): ExampleAttempt {
  return { outcome: 'failed-before-logon', stage: 'S3', clientAddress: ip, events: [accept(at, ip), ...extra] };
}

test('the most specific cause claims an attempt: certificate, not network', async () => {
  const ex: RuleExample = {
    description: '', host: 'SRV',
    hostEvents: [{ at: 0, provider: PROVIDER.rcm, eventId: 1058, fields: { 'Data[1]': 'Access is denied.' } }],
    attempts: [failing(100, '10.1.1.1', [{ at: 130, provider: PROVIDER.rdpCore, eventId: 143, fields: { error: '121' } }])],
  };
  const { findings } = await diagnose(sourceFromExamples([ex]));
  assert.deepEqual(findings.map((f) => f.pattern), ['cert-expired']);
  assert.equal(findings[0]!.clientAddress, '10.1.1.1');
  assert.deepEqual(findings[0]!.attemptIds, ['SRV/0/0']);
});

test('a client attempt joined to a server attempt shares its cause and lands in the same finding', async () => {
  const server: RuleExample = {
    description: '', host: 'SRV',
    hostEvents: [{ at: 0, provider: PROVIDER.rcm, eventId: 1057, fields: { 'Data[1]': 'Keyset does not exist' } }],
    attempts: [failing(100, '10.1.1.2')],
  };
  const src = sourceFromExamples([server, {
    description: '', host: 'PC',
    attempts: [{
      side: 'client', outcome: 'failed-before-logon', stage: 'S3', target: 'srv',
      events: [
        { at: 100, provider: PROVIDER.client, eventId: 1024, fields: { Name: 'Server Name', Value: 'srv' }, join: 'opener' },
        { at: 101, provider: PROVIDER.client, eventId: 1026, fields: { Name: 'Disconnect Reason', Value: '2308' } },
      ],
    }],
  }]);
  src.attemptList[0]!.peerAttemptId = src.attemptList[1]!.id;
  src.attemptList[1]!.peerAttemptId = src.attemptList[0]!.id;
  const { findings } = await diagnose(src);
  assert.deepEqual(findings.map((f) => `${f.pattern}@${f.host}`), ['cert-expired@SRV']);
  assert.deepEqual(findings[0]!.attemptIds, ['PC/1/0', 'SRV/0/0']);
});

test('scanner noise is one host-level finding, kept apart from a real user failure', async () => {
  const probe = (at: number, ip: string): ExampleAttempt => ({ outcome: 'probe', stage: 'S1', clientAddress: ip, events: [accept(at, ip)] });
  const ex: RuleExample = {
    description: '', host: 'SRV',
    attempts: [
      probe(0, '198.51.100.1'), probe(10, '198.51.100.2'), probe(20, '198.51.100.3'),
      failing(30, '10.2.2.2', [{ at: 31, provider: PROVIDER.rdpCore, eventId: 140, fields: { IPString: '10.2.2.2' } }]),
    ],
  };
  const { findings } = await diagnose(sourceFromExamples([ex]));
  const noise = findings.filter((f) => f.pattern === 'scanner-noise');
  const nla = findings.filter((f) => f.pattern === 'nla-failure');
  assert.equal(noise.length, 1);
  assert.equal(noise[0]!.count, 3);
  assert.equal(noise[0]!.clientAddress, null);
  assert.equal(noise[0]!.severity, 'info');
  assert.match(noise[0]!.explanation, /3 addresses/);
  assert.equal(nla.length, 1);
  assert.equal(nla[0]!.clientAddress, '10.2.2.2');
  // errors sort before info on the same host
  assert.equal(findings[0]!.pattern, 'nla-failure');
});

test('time-only evidence shared by overlapping attempts lowers confidence', async () => {
  const key = { at: 1, provider: PROVIDER.schannel, eventId: 36870, fields: { Type: 'server', ErrorCode: '0x8009030D', ErrorStatus: '10001' } };
  const single = await diagnose(sourceFromExamples([{ description: '', host: 'SRV', hostEvents: [key], attempts: [failing(0, '10.3.3.1')] }]));
  const overlap = await diagnose(sourceFromExamples([{ description: '', host: 'SRV', hostEvents: [key], attempts: [failing(0, '10.3.3.1'), failing(0.5, '10.3.3.2')] }]));
  assert.equal(single.findings[0]!.confidence, 0.9);
  assert.equal(overlap.findings.length, 2);
  for (const f of overlap.findings) assert.ok(f.confidence < 0.9, `${f.confidence}`);
});

test('client address in host evidence picks the right attempt among overlapping ones', async () => {
  const ex: RuleExample = {
    description: '', host: 'SRV',
    hostEvents: [{ at: 2, provider: PROVIDER.rdpCore, eventId: 140, fields: { IPString: '10.4.4.2' } }],
    attempts: [failing(0, '10.4.4.1'), failing(1, '10.4.4.2')],
  };
  const { findings } = await diagnose(sourceFromExamples([ex]));
  const nla = findings.filter((f) => f.pattern === 'nla-failure');
  assert.deepEqual(nla.map((f) => f.clientAddress), ['10.4.4.2']);
});

test('evidence is capped to the first and last events with the total said', async () => {
  const attempts = Array.from({ length: 30 }, (_, i) => failing(i * 60, '10.5.5.5', [{ at: i * 60 + 1, provider: PROVIDER.rdpCore, eventId: 140, fields: { IPString: '10.5.5.5' } }]));
  const { findings } = await diagnose(sourceFromExamples([{ description: '', host: 'SRV', attempts }]));
  const f = findings.find((x) => x.pattern === 'nla-failure')!;
  assert.equal(f.count, 30);
  assert.ok(f.evidence.length <= 10);
  assert.equal(f.firstSeen, '2026-03-02T09:00:00.0000000Z');
  assert.equal(f.lastSeen, '2026-03-02T09:29:01.0000000Z');
});

test('host evidence that explains no attempt is reported with the lower severity', async () => {
  const { findings } = await diagnose(sourceFromExamples([{
    description: '', host: 'SRV', attempts: [],
    hostEvents: [{ at: 0, provider: PROVIDER.rcm, eventId: 1058, fields: { 'Data[1]': 'Access is denied.' } }],
  }]));
  // RCM 1058 "Access is denied" also reads as a key problem; one event is reported once, by the more specific rule
  assert.deepEqual(findings.map((x) => x.pattern), ['cert-expired']);
  const f = findings.find((x) => x.pattern === 'cert-expired')!;
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.attemptIds, []);
  assert.equal(f.count, 1);
});

test('output is deterministic whatever the input order', async () => {
  const exs: RuleExample[] = [{
    description: '', host: 'B',
    attempts: [failing(0, '10.6.6.1', [{ at: 1, provider: PROVIDER.rdpCore, eventId: 140, fields: { IPString: '10.6.6.1' } }]), { outcome: 'probe', stage: 'S1', clientAddress: '10.6.6.9', events: [accept(5, '10.6.6.9')] }],
  }, {
    description: '', host: 'A',
    hostEvents: [{ at: 0, provider: PROVIDER.rcm, eventId: 1058 }],
    attempts: [failing(10, '10.6.6.2')],
  }];
  const a = sourceFromExamples(exs);
  const b = sourceFromExamples(exs);
  b.attemptList.reverse();
  b.events.reverse();
  const ra = JSON.stringify(await diagnose(a));
  const rb = JSON.stringify(await diagnose(b));
  assert.equal(ra, rb);
  const ids = (await diagnose(a)).findings.map((f) => f.id);
  assert.equal(new Set(ids).size, ids.length);
});

test('coverage: a server without System and Security logs is reported, not guessed about', async () => {
  const { coverage } = await diagnose(sourceFromExamples([{ description: '', host: 'SRV', attempts: [failing(0, '10.7.7.7')] }]));
  const kinds = coverage.map((c) => c.kind);
  assert.ok(kinds.includes('no-system-log'));
  assert.ok(kinds.includes('no-security-log'));
  assert.ok(kinds.includes('no-client-log'));
  assert.match(coverage.find((c) => c.kind === 'no-system-log')!.message, /no System log for SRV: Schannel/);
  const withSystem = await diagnose(sourceFromExamples([{
    description: '', host: 'SRV', attempts: [failing(10, '10.7.7.7')],
    hostEvents: [{ at: 0, provider: PROVIDER.schannel, eventId: 36888, fields: { AlertDesc: '0' } },
      { at: 0, provider: PROVIDER.security, eventId: 4634, fields: {} }],
  }]));
  const k2 = withSystem.coverage.map((c) => c.kind);
  assert.ok(!k2.includes('no-system-log'));
  assert.ok(!k2.includes('no-security-log') && !k2.includes('no-security-auditing'));
});

test('numbers and addresses are read the way Windows writes them', () => {
  assert.equal(parseNumber('0x8009030D'), 0x8009030d);
  assert.equal(parseNumber('2308'), 2308);
  assert.equal(parseNumber('[1]'), 1);
  assert.equal(parseNumber('-1073741715'), 0xc000006d);
  assert.equal(parseNumber('abc'), null);
  assert.equal(normalizeAddress('10.0.2.17:57064'), '10.0.2.17');
  assert.equal(normalizeAddress('[10.0.2.17]:3389'), '10.0.2.17');
  assert.equal(normalizeAddress('fe80::1%10'), 'fe80::1');
  assert.equal(normalizeAddress('-'), null);
  assert.equal(normalizeAddress('LOCAL'), null);
});

test('a host trigger that requires an earlier event cites it, and a reset in between cancels it', async () => {
  const key = (at: number) => ({ at, provider: PROVIDER.schannel, eventId: 36870, fields: { Type: 'server', ErrorCode: '0x8009030D', ErrorStatus: '10001' } });
  const probeLike = (at: number): ExampleAttempt => ({ outcome: 'probe', stage: 'S1', clientAddress: '10.8.8.8', events: [accept(at, '10.8.8.8')] });
  const renewalFailed = { at: 0, provider: PROVIDER.rcm, eventId: 1058, fields: { 'Data[1]': 'Access is denied.' } };
  const a = await diagnose(sourceFromExamples([{ description: '', host: 'SRV', hostEvents: [renewalFailed, key(3601)], attempts: [probeLike(3600)] }]));
  assert.deepEqual(a.findings.map((f) => f.pattern), ['cert-expired']);
  assert.deepEqual(a.findings[0]!.evidence.map((e) => e.eventCode), [1058, 36870]);
  assert.match(a.findings[0]!.evidence[0]!.meaning, /"Access is denied\."/);
  const renewed = { at: 600, provider: PROVIDER.rcm, eventId: 1056, fields: { 'Data[1]': 'SRV' } };
  const b = await diagnose(sourceFromExamples([{ description: '', host: 'SRV', hostEvents: [renewalFailed, renewed, key(3601)], attempts: [probeLike(3600)] }]));
  assert.deepEqual(b.findings.map((f) => f.pattern), ['cert-private-key']);
});

test('address classes: console is never remote, tunnels and internet are told apart', async () => {
  const { addressClass } = await import('../../src/diagnose/match.js');
  assert.equal(normalizeAddress('LOCAL'), null);
  assert.equal(addressClass(normalizeAddress('LOCAL')), null);
  assert.equal(addressClass('127.0.0.1'), 'loopback');
  assert.equal(addressClass('::1'), 'loopback');
  assert.equal(addressClass(normalizeAddress('fe80::80ac:4126:fa58:1b81%10')), 'link-local');
  assert.equal(addressClass('169.254.10.1'), 'link-local');
  assert.equal(addressClass('10.1.2.3'), 'private');
  assert.equal(addressClass('172.20.0.1'), 'private');
  assert.equal(addressClass('192.168.38.1'), 'private');
  assert.equal(addressClass('174.127.93.2'), 'public');
  assert.equal(addressClass('2001:db8::1'), 'public');
  assert.equal(addressClass('RDSH01'), null);
});

test('a failure no rule explains becomes a coverage note, not a guessed cause', async () => {
  const { findings, coverage } = await diagnose(sourceFromExamples([{ description: '', host: 'SRV', attempts: [failing(0, '10.9.9.1'), failing(60, '10.9.9.2')] }]));
  assert.deepEqual(findings, []);
  const n = coverage.find((c) => c.kind === 'unexplained-failures');
  assert.ok(n);
  assert.match(n.message, /^2 failed connections on SRV \(from 10\.9\.9\.1, 10\.9\.9\.2\) match no known cause/);
  assert.match(n.message, /missing here: system, security, lsm, client/);
});

test('a client-only 0x904 before connecting is not guessed at: coverage asks for the server side', async () => {
  const { findings, coverage } = await diagnose(sourceFromExamples([{
    description: '', host: 'PC',
    attempts: [{ side: 'client', outcome: 'failed-before-logon', stage: 'S1', target: 'rdsh07', events: [
      { at: 0, provider: PROVIDER.client, eventId: 1024, fields: { Name: 'Server Name', Value: 'rdsh07' }, join: 'opener' },
      { at: 1, provider: PROVIDER.client, eventId: 1026, fields: { Name: 'Disconnect Reason', Value: '2308' } }] }],
  }]));
  assert.deepEqual(findings, []);
  const kinds = coverage.map((c) => c.kind);
  assert.ok(kinds.includes('no-server-log'));
  assert.ok(kinds.includes('unexplained-failures'));
  assert.match(coverage.find((c) => c.kind === 'no-server-log')!.message, /PC failed to connect to rdsh07/);
});
