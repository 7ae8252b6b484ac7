import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { main } from '../src/cli.js';
import { captureIO } from './helpers/io.js';
import { lintPowerShell } from './helpers/ps-lint.js';
import { LOG_CHANNELS, channelsForRole } from '../src/live/channels.js';
import { channelQuery } from '../src/live/query.js';
import { quoteWindowsArg } from '../src/live/windows-args.js';

const GOLDEN = fileURLToPath(new URL('./golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

async function collect(argv: string[], cwd = process.cwd()): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO(cwd);
  const code = await main(['collect', ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

function golden(name: string, text: string) {
  const path = join(GOLDEN, name);
  if (UPDATE || !existsSync(path)) writeFileSync(path, text);
  assert.equal(text, readFileSync(path, 'utf8'), `${name} differs (UPDATE_GOLDEN=1 rewrites it)`);
}

const CASES: { file: string; argv: string[] }[] = [
  { file: 'collect-both-24h.ps1', argv: ['--since', '24h', '--format', 'both'] },
  { file: 'collect-client-xml.ps1', argv: ['--role', 'client', '--since', '2026-11-20T08:00', '--format', 'xml', '--out', "C:\\Users\\O'Brien\\RDP exports"] },
  { file: 'collect-server-evtx.ps1', argv: ['--role', 'server', '--since', '2026-11-20T07:00:00Z'] },
];

test('collect: golden scripts', async () => {
  for (const c of CASES) {
    const r = await collect(c.argv);
    assert.equal(r.code, 0, r.err);
    golden(c.file, r.out);
  }
});

/** The rows of the script's $Channels table. */
function channelRows(script: string) {
  return [...script.matchAll(/^ {4}@\{ Name = '([^']+)'; File = '([^']+)'; Query = '((?:[^']|'')*)'; Optional = \$(true|false); NeedsElevation = \$(true|false) \}$/gm)].map((m) => ({
    name: m[1]!,
    file: m[2]!,
    query: m[3]!.replace(/''/g, "'"),
    optional: m[4] === 'true',
    elevation: m[5] === 'true',
  }));
}

test('collect: the script exports every log of the role with the same queries as live', async () => {
  for (const role of ['server', 'client', 'both'] as const) {
    const { out } = await collect(['--role', role]);
    const rows = channelRows(out);
    const expected = channelsForRole(role);
    assert.deepEqual(rows.map((r) => r.name), expected.map((c) => c.channel), role);
    for (const [k, ch] of expected.entries()) {
      const live = channelQuery(ch, { since: new Date(0) }).replace('1970-01-01T00:00:00.000Z', '{SINCE}');
      assert.equal(rows[k]!.query, live, ch.channel);
      assert.equal(rows[k]!.optional, Boolean(ch.disabledByDefault));
      assert.equal(rows[k]!.elevation, Boolean(ch.needsElevation));
      assert.doesNotMatch(rows[k]!.file, /[\\/:*?"<>|]/, 'a valid Windows file name');
    }
  }
});

test('collect: script structure (errors stop, UTF-8, host and range in names, zip, skipped logs noted)', async () => {
  const { out } = await collect(['--format', 'both']);
  assert.match(out, /^#Requires -Version 5\.1$/m);
  assert.match(out, /^\$ErrorActionPreference = 'Stop'$/m);
  // evtx: wevtutil epl with the query, overwriting a previous run's file
  assert.match(out, /Invoke-Wevtutil @\('epl', \$c\.Name, \$file, \('\/q:' \+ \$query\), '\/ow:true'\)/);
  // xml: qe as UTF-16 (/uni:true), decoded as such, written as UTF-8 without BOM
  assert.match(out, /' \/f:xml \/uni:true '/);
  assert.match(out, /\$decoder = \[System\.Text\.Encoding\]::Unicode\.GetDecoder\(\)/);
  assert.match(out, /New-Object System\.IO\.StreamWriter\(\$Path, \$false, \(New-Object System\.Text\.UTF8Encoding\(\$false\)\)\)/);
  // names: computer + log + time range; folder and zip likewise
  assert.match(out, /\$base = Join-Path \$Folder \(\$Computer \+ '_' \+ \$c\.File \+ '_' \+ \$Range\)/);
  assert.match(out, /\$Folder = Join-Path \$OutRoot \('rdplens-' \+ \$Computer \+ '-' \+ \$Range\)/);
  assert.match(out, /Compress-Archive -LiteralPath .* -DestinationPath \$Zip -Force/);
  // missing / unreadable logs: a message, the partial file removed, the run goes on
  assert.match(out, /15007 \{ return 'not present on this computer' \}/);
  assert.match(out, /5 \{ return 'access denied \(run from an elevated prompt to include it\)' \}/);
  assert.match(out, /Remove-Item -LiteralPath \$file -Force -ErrorAction SilentlyContinue/);
  assert.match(out, /\$Notes\.Add\(\$line\)/);
  assert.match(out, /wevtutil sl ' \+ \$c\.Name \+ ' \/e:true/);
  // native stderr must not become a terminating error in Windows PowerShell 5.1
  assert.match(out, /function Invoke-Wevtutil\(\[string\[\]\]\$Arguments\) \{\n {4}\$ErrorActionPreference = 'Continue'/);
  // only ASCII in the script body (5.1 reads BOM-less scripts in the ANSI code page)
  assert.match(out, /^[\x00-\x7f]*$/);
  const evtxOnly = (await collect([])).out;
  assert.match(evtxOnly, /^\$ExportEvtx = \$true$/m);
  assert.match(evtxOnly, /^\$ExportXml = \$false$/m);
});

test('collect: the generated PowerShell lexes cleanly (strings, brackets, variables)', async () => {
  for (const c of CASES) {
    const { out } = await collect(c.argv);
    const lint = lintPowerShell(out);
    assert.deepEqual(lint.errors, [], c.file);
    assert.ok(lint.reads.has('sincetext') && lint.writes.has('sincetext'));
  }
  // the lexer itself catches the mistakes it is there for
  assert.match(lintPowerShell("$a = 'x\n").errors.join(), /unterminated single-quoted/);
  assert.match(lintPowerShell('$Computer = 1\n"$Computer_x"\n').errors.join(), /\$computer_x is read but never assigned/);
  assert.match(lintPowerShell('if ($a) { $b = "$(1 + (2)" }\n').errors.join(), /never closed|not closed|does not close/);
  assert.match(lintPowerShell('$x = @(1, 2))\n').errors.join(), /does not close anything/);
});

test('collect: with PowerShell installed, the script parses without errors', { skip: spawnSync('pwsh', ['-v'], { encoding: 'utf8' }).status !== 0 && 'pwsh is not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rdplens-ps-'));
  try {
    for (const c of CASES) {
      const file = join(dir, c.file);
      writeFileSync(file, (await collect(c.argv)).out);
      const r = spawnSync('pwsh', ['-NoProfile', '-Command', `$e = $null; [void][System.Management.Automation.Language.Parser]::ParseFile('${file.replace(/'/g, "''")}', [ref]$null, [ref]$e); $e | ForEach-Object { $_.ToString() }; exit $e.Count`], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${c.file}: ${r.stdout}${r.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("collect: the script's own argument quoting matches quoteWindowsArg", async () => {
  const { out } = await collect([]);
  // ConvertTo-WindowsArgument, translated from its -replace operators (.NET and JS agree on these patterns)
  const fn = /function ConvertTo-WindowsArgument[\s\S]*?\n\}/.exec(out)![0];
  const [, test1] = /-notmatch '([^']+)'/.exec(fn)!;
  const reps = [...fn.matchAll(/-replace '([^']+)', '([^']+)'/g)].map((m) => [new RegExp(m[1]!, 'g'), m[2]!] as const);
  assert.equal(reps.length, 2);
  const psQuote = (v: string) => (v && !new RegExp(test1!).test(v) ? v : '"' + reps.reduce((s, [re, to]) => s.replace(re, to), v) + '"');
  const ch = fc.constantFrom('a', ' ', '"', '\\', "'", 'ü', '[', '=');
  fc.assert(fc.property(fc.array(ch, { maxLength: 10 }).map((c) => c.join('')), (v) => assert.equal(psQuote(v), quoteWindowsArg(v))), { numRuns: 1000 });
});

test('collect --script: writes the script with a BOM and CRLF lines; the printed and written scripts agree', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'rdplens-collect-'));
  try {
    const r = await collect(['--script', 'out.ps1', '--role', 'server'], cwd);
    assert.equal(r.code, 0);
    assert.equal(r.out, '');
    assert.match(r.err, /wrote out\.ps1 \(7 logs, evtx\)/);
    assert.match(r.err, /powershell -NoProfile -ExecutionPolicy Bypass -File \.\\out\.ps1/);
    const bytes = readFileSync(join(cwd, 'out.ps1'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    assert.doesNotMatch(text, /[^\r]\n/);
    assert.equal(text.replace(/\r\n/g, '\n'), (await collect(['--role', 'server'])).out);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('collect: usage errors and help', async () => {
  assert.match((await collect(['--since', 'soon'])).err, /--since soon/);
  assert.equal((await collect(['--role', 'middle'])).code, 2);
  assert.match((await collect(['--channels', 'rdpclient', '--role', 'server'])).err, /none of the logs given with --channels is kept by a server/);
  assert.match((await collect(['--out', 'C:\\a"b'])).err, /cannot contain a double quote/);
  const help = captureIO();
  await main(['collect', '--help'], help);
  for (const c of LOG_CHANNELS) assert.ok(help.out().includes(c.channel), c.channel);
});
