import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli.js';
import { captureIO } from './helpers/capture-io.js';
import { wrap, splitCodes } from '../src/commands/explain.js';
import { explainCodes, PATTERN_IDS } from '../src/catalog/index.js';

const GOLDEN = fileURLToPath(new URL('./golden/explain-0x904-0x7.txt', import.meta.url));

async function run(args: string[], opts: Parameters<typeof captureIO>[0] = {}) {
  const io = captureIO(opts);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

test('explain 0x904 0x7 matches the golden answer', async () => {
  const r = await run(['explain', '0x904', '0x7']);
  assert.equal(r.code, 0);
  assert.equal(r.err, '');
  if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, r.out);
  assert.equal(r.out, readFileSync(GOLDEN, 'utf8'));
});

test('the 0x904/0x7 answer decodes both codes, ranks causes and gives the export commands', async () => {
  const { out } = await run(['explain', '0x904', '0x7']);
  assert.match(out, /^Error code 0x904 \(2308\) · client disconnect reason$/m);
  assert.match(out, /disconnectReasonAtClientWinsockFDCLOSE/);
  assert.match(out, /^Extended error code 0x7 · extended disconnect reason$/m);
  assert.match(out, /exDiscReasonServerDeniedConnection/);
  assert.match(out, /RdpCoreTS 72 MethodName=SetErrorInfo\(0x7\)/);
  const ranks = [...out.matchAll(/^ {2}(\d+)\. ([a-z-]+) \(P\d+\)/gm)].map((m) => m[2]);
  assert.deepEqual(ranks.slice(0, 4), ['cert-private-key', 'tls-mismatch', 'cert-expired', 'server-denied']);
  for (const id of ranks) assert.ok((PATTERN_IDS as readonly string[]).includes(id!), id);
  assert.match(out, /^ {4}wevtutil epl Microsoft-Windows-RemoteDesktopServices-RdpCoreTS\/Operational C:\\rdplens\\server-RdpCoreTS\.evtx \/ow:true$/m);
  assert.match(out, /^ {4}wevtutil epl Microsoft-Windows-TerminalServices-RDPClient\/Operational C:\\rdplens\\client-RDPClient\.evtx \/ow:true$/m);
  assert.match(out, /wevtutil qe System \/f:xml \/e:Events > /);
  assert.match(out, /rdplens collect/);
  assert.match(out, /rdplens analyze <folder>/);
});

test('prose fits 80 columns; only copy-paste commands may be longer', async () => {
  const { out } = await run(['explain', '0x904', '0x7']);
  for (const line of out.split('\n')) {
    if (line.length > 80) assert.match(line, /^ {4}wevtutil /, `too wide: ${line}`);
  }
});

test('the decimal form from RDPClient 1026 gives the same reading as the dialog hex', async () => {
  const hex = await run(['explain', '0x904', '0x7']);
  const dec = await run(['explain', '2308', '7']);
  assert.equal(dec.out, hex.out);
  const pasted = await run(['explain', '0x904, 0x7']);
  assert.equal(pasted.out, hex.out);
});

test('no colour without a TTY, under NO_COLOR or with --no-color; colour on a TTY', async () => {
  const plain = await run(['explain', '0x904']);
  assert.doesNotMatch(plain.out, /\u001b\[/);
  const tty = await run(['explain', '0x904'], { tty: true, columns: 80 });
  assert.match(tty.out, /\u001b\[1m/);
  const noColor = await run(['explain', '0x904'], { tty: true, columns: 80, env: { NO_COLOR: '1' } });
  assert.doesNotMatch(noColor.out, /\u001b\[/);
  const flag = await run(['explain', '--no-color', '0x904'], { tty: true, columns: 80 });
  assert.doesNotMatch(flag.out, /\u001b\[/);
  assert.equal(flag.out, plain.out);
});

test('--json prints one deterministic document', async () => {
  const a = await run(['explain', '--json', '0x904', '0x7']);
  const b = await run(['explain', '0x904', '0x7', '--json']);
  assert.equal(a.code, 0);
  assert.equal(a.out, b.out);
  const doc = JSON.parse(a.out);
  assert.equal(doc.tool, 'rdplens');
  assert.equal(doc.dialogPair, true);
  assert.equal(doc.codes[0].entry.table, 'discReason');
  assert.equal(doc.codes[0].entry.code, 2308);
  assert.equal(doc.codes[1].entry.name, 'exDiscReasonServerDeniedConnection');
  assert.equal(doc.patterns[0].id, 'cert-private-key');
  assert.deepEqual(doc.collect.map((s: { machine: string }) => s.machine), ['server', 'broker', 'client']);
  assert.ok(doc.collect[0].commands.some((c: string) => c.startsWith('wevtutil epl Security ')));
  assert.deepEqual(doc.unknown, []);
});

test('NTSTATUS, SEC_E, negative HRESULT, TLS alert and errorInfo are decoded', async () => {
  const nt = await run(['explain', '0xC000006D']);
  assert.match(nt.out, /^0xC000006D · NTSTATUS$/m);
  assert.match(nt.out, /STATUS_LOGON_FAILURE/);
  assert.match(nt.out, /Security 4625 Status/);
  assert.match(nt.out, /1\. nla-failure/);
  const sec = await run(['explain', '-2146893043', '--json']);
  assert.equal(JSON.parse(sec.out).codes[0].entry.name, 'SEC_E_UNKNOWN_CREDENTIALS');
  const alert = await run(['explain', '40', '--as', 'tlsAlert']);
  assert.match(alert.out, /^40 · TLS alert$/m);
  assert.match(alert.out, /handshake_failure/);
  const info = await run(['explain', '0x10E0', '--as', 'errorInfo']);
  assert.match(info.out, /ERRINFO_SECURITY_DATA_TOO_SHORT/);
});

test('log text that names its table is read from it: SetErrorInfo(0x7), %%2308', () => {
  const r = explainCodes(['SetErrorInfo(0x7)', '%%2308']);
  assert.equal(r.codes[0]?.entry?.name, 'ERRINFO_SERVER_DENIED_CONNECTION');
  assert.equal(r.codes[1]?.entry?.table, 'failureReason');
  assert.equal(r.codes[1]?.entry?.description, 'The user has not been granted the requested logon type.');
  assert.deepEqual(r.unknown, []);
});

test('an event id is explained as an event; --as event forces it', async () => {
  const r = await run(['explain', '36888']);
  assert.equal(r.code, 0);
  assert.match(r.out, /^Event id 36888$/m);
  assert.match(r.out, /Schannel 36888 — Fatal TLS alert generated and sent/);
  const forced = await run(['explain', '40', '--as', 'event', '--json']);
  const doc = JSON.parse(forced.out);
  assert.equal(doc.codes[0].entry, null);
  assert.equal(doc.codes[0].events[0].provider, 'Microsoft-Windows-TerminalServices-LocalSessionManager');
});

test('unknown codes are said clearly and exit 2; known ones are still explained', async () => {
  const r = await run(['explain', '0x12345678']);
  assert.equal(r.code, 2);
  assert.match(r.out, /0x12345678: unknown code/);
  assert.equal(r.err, 'rdplens: unknown code: 0x12345678\n');
  const mixed = await run(['explain', '0xC0000234', 'bogus']);
  assert.equal(mixed.code, 2);
  assert.match(mixed.out, /STATUS_ACCOUNT_LOCKED_OUT/);
  assert.match(mixed.out, /bogus: unknown code/);
  const json = await run(['explain', '--json', 'bogus']);
  assert.equal(json.code, 2);
  assert.deepEqual(JSON.parse(json.out).unknown, ['bogus']);
});

test('a dialog code typed without 0x gets a hint, not a guess', async () => {
  const r = await run(['explain', '904']);
  assert.equal(r.code, 2);
  assert.match(r.out.replace(/\s+/g, ' '), /did you mean 0x904 \(disconnectReasonAtClientWinsockFDCLOSE\)\?/);
});

test('usage errors exit 2: no code, unknown table', async () => {
  const none = await run(['explain', ',']);
  assert.equal(none.code, 2);
  assert.match(none.err, /at least one code/);
  const table = await run(['explain', '5', '--as', 'nope']);
  assert.equal(table.code, 2);
  assert.match(table.err, /unknown table "nope"/);
  const missing = await run(['explain']);
  assert.equal(missing.code, 2);
});

test('terminal control sequences in the input are not echoed raw', async () => {
  const r = await run(['explain', '\u001b[2Jx']);
  assert.equal(r.code, 2);
  assert.doesNotMatch(r.out + r.err, /\u001b/);
});

test('pairs other than 0x904/0x7 rank the extended reason first unless it says nothing', () => {
  const r = explainCodes(['0x3', '0x5']);
  assert.equal(r.dialogPair, true);
  assert.equal(r.patterns[0]?.id, 'normal-disconnect');
  const lic = explainCodes(['0x904', '0x100']);
  assert.equal(lic.patterns[0]?.id, 'licensing');
  const none = explainCodes(['0x904', '0x0']);
  assert.equal(none.patterns[0]?.id, 'cert-private-key');
});

test('wrap and splitCodes', () => {
  assert.deepEqual(wrap('aaa bbb ccc', 9, '  ', '    '), ['  aaa bbb', '    ccc']);
  assert.deepEqual(wrap('', 10, '  '), []);
  assert.deepEqual(splitCodes(['0x904/0x7', ' 2308 ']), ['0x904', '0x7', '2308']);
});
