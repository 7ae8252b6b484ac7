// Conclusions on real exports from ../shared/samples-real (skipped when that folder is absent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesUnder, loadCorrelator, runSpine, type SpineResult } from './pipeline.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const real = join(root, '..', 'shared', 'samples-real');

async function spine(t: { skip: (m: string) => void }, files: () => string[]): Promise<SpineResult | null> {
  if (!existsSync(real)) { t.skip('../shared/samples-real absent'); return null; }
  const correlate = await loadCorrelator();
  if (!correlate) { t.skip('correlator not in this tree'); return null; }
  const r = await runSpine(files(), correlate, root);
  if (r.events === 0) { t.skip('no events read (XML reader not in this tree)'); return null; }
  return r;
}

const CERT = ['cert-expired', 'cert-private-key', 'cert-misconfigured'];

test('dirty VSS host: scanner noise and NLA credential failures, not a certificate problem', async (t) => {
  const r = await spine(t, () => ['RdpCoreTS', 'RemoteConnectionManager'].map((c) =>
    join(real, 'omerbenamram-evtx', `2-vss_0-Microsoft-Windows-${c === 'RdpCoreTS' ? 'RemoteDesktopServices' : 'TerminalServices'}-${c}%4Operational.xml`)));
  if (!r) return;
  const patterns = new Set(r.findings.map((f) => f.pattern));
  assert.deepEqual([...patterns].sort(), ['brute-force', 'exposed-rdp', 'nla-failure', 'scanner-noise']);
  const noise = r.findings.filter((f) => f.pattern === 'scanner-noise');
  assert.equal(noise.length, 1, 'noise is one host-level finding');
  assert.ok(noise[0]!.count > 1000, `listener-only connections counted as noise: ${noise[0]!.count}`);
  const nla = r.findings.filter((f) => f.pattern === 'nla-failure');
  // 126 RdpCoreTS 140 events from 61 public addresses
  assert.ok(nla.length >= 50 && nla.length <= 61, `${nla.length} sources`);
  const attempts = nla.reduce((s, f) => s + f.attemptIds.length, 0);
  assert.ok(attempts >= 110 && attempts <= 126, `${attempts} failed attempts`);
  assert.ok(nla.every((f) => f.clientAddress && f.severity === 'error' && f.evidence.some((e) => e.eventCode === 140)));
  assert.ok(!r.findings.some((f) => CERT.includes(f.pattern)));
  assert.ok(r.coverage.some((c) => c.kind === 'no-system-log'));
  assert.ok(r.coverage.some((c) => c.kind === 'no-security-log'));
});

test('dirty VSS host, security lens: one brute-force finding naming the five 1149 successes, and exposed RDP', async (t) => {
  const r = await spine(t, () => ['RdpCoreTS', 'RemoteConnectionManager'].map((c) =>
    join(real, 'omerbenamram-evtx', `2-vss_0-Microsoft-Windows-${c === 'RdpCoreTS' ? 'RemoteDesktopServices' : 'TerminalServices'}-${c}%4Operational.xml`)));
  if (!r) return;
  const bf = r.findings.filter((f) => f.pattern === 'brute-force');
  assert.equal(bf.length, 1);
  assert.ok(bf[0]!.count >= 100, `${bf[0]!.count}`);
  for (const s of ['mpowers from 174.127.93.2', 'administrator from 31.14.75.59', 'A from 103.11.244.223', 'Administrator from 31.14.75.59']) {
    assert.ok(bf[0]!.explanation.includes(s), s);
  }
  assert.equal((bf[0]!.explanation.match(/ from 174\.127\.93\.2 at /g) ?? []).length, 2, 'both mpowers logons');
  assert.ok(bf[0]!.evidence.some((e) => e.eventCode === 1149));
  const exposed = r.findings.filter((f) => f.pattern === 'exposed-rdp');
  assert.equal(exposed.length, 1);
  assert.equal(exposed[0]!.category, 'security');
});

test('tunnelling samples: logons from 127.0.0.1 and a link-local address are rdp-tunnel', async (t) => {
  const dir = join(real, 'evtx-attack-samples');
  const r = await spine(t, () => ['DE_RDP_Tunneling_TerminalServices-RemoteConnectionManagerOperational_1149.xml', 'DE_RDP_Tunneling_4624.xml'].map((f) => join(dir, f)));
  if (!r) return;
  const tunnels = r.findings.filter((f) => f.pattern === 'rdp-tunnel');
  const sources = new Set(tunnels.map((f) => f.clientAddress));
  assert.ok(sources.has('127.0.0.1'));
  assert.ok([...sources].some((s) => s?.startsWith('fe80:')));
  assert.ok(tunnels.some((f) => f.host === 'PC02.example.corp'), '4624 type 10 from 127.0.0.1');
  assert.ok(!r.findings.some((f) => f.pattern === 'rdp-tunnel' && !/^(127\.|::1|fe80:)/.test(f.clientAddress ?? '')));
});

test('BlueKeep scan host: probes are noise, the sessions that died on socket time-outs are network drops, no certificate story', async (t) => {
  const r = await spine(t, () => [join(real, 'evtx-attack-samples', 'rdpcorets_148_mst120_bluekeep_rpdscan_full.xml')]);
  if (!r) return;
  const patterns = new Set(r.findings.map((f) => f.pattern));
  assert.ok(patterns.has('scanner-noise'));
  assert.ok(!r.findings.some((f) => CERT.includes(f.pattern) || f.pattern === 'tls-mismatch'));
  for (const f of r.findings.filter((x) => x.pattern === 'network-drop')) {
    assert.ok(f.evidence.some((e) => e.eventCode === 142 || e.eventCode === 143 || e.eventCode === 226), 'a drop cites the socket error');
  }
});

test('Velociraptor host: only normal disconnects', async (t) => {
  const r = await spine(t, () => filesUnder(join(real, 'velociraptor'), ['.xml']));
  if (!r) return;
  assert.ok(r.findings.length > 0);
  assert.deepEqual([...new Set(r.findings.map((f) => f.pattern))], ['normal-disconnect'], 'no failure and no security finding');
  assert.ok(r.findings.every((f) => f.category === 'normal' && f.severity === 'info'));
});

test('Belkasoft host: RCM 1056/1067 are renewals and SPN registration, not a certificate failure', async (t) => {
  // 1056 = new self-signed certificate generated (normal); 1067 here carries "The specified domain either
  // does not exist or could not be contacted" (SPN registration): neither says the certificate is broken
  const r = await spine(t, () => filesUnder(join(real, 'dfir-artifact-museum', 'BelkasoftCTF_InsiderThreat'), ['.xml']));
  if (!r) return;
  assert.ok(!r.findings.some((f) => CERT.includes(f.pattern)), r.findings.map((f) => f.pattern).join(','));
  // its Security log has 4625 type 10 with 0xC000015B (logon type not granted) for anit.ghosh
  assert.ok(r.findings.some((f) => f.pattern === 'account-state' && /anit\.ghosh/i.test(f.user ?? '')));
  assert.ok(r.findings.some((f) => f.pattern === 'normal-disconnect'));
});
