import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { quoteWindowsArg, splitWindowsArgs, windowsCommandLine, cmdShimCommandLine, quoteWindowsProgram } from '../src/live/windows-args.js';
import { planSpawn, findWindowsProgram, classifyExit, type ProcessDeps } from '../src/live/wevtutil.js';

// input → expected quoted form (CRT / CommandLineToArgvW rules)
const TABLE: [string, string][] = [
  ['qe', 'qe'],
  ['', '""'],
  ['a b', '"a b"'],
  ['tab\there', '"tab\there"'],
  ['say "hi"', '"say \\"hi\\""'],
  ['"', '"\\""'],
  ['C:\\Program Files\\', '"C:\\Program Files\\\\"'], // trailing backslash doubled before the closing quote
  ['C:\\path\\no-space', 'C:\\path\\no-space'], // no quoting needed: backslashes stay as they are
  ['a\\"b', '"a\\\\\\"b"'], // one backslash before a quote → three, then the escaped quote
  ['a\\\\"b', '"a\\\\\\\\\\"b"'],
  ['a\\\\b c', '"a\\\\b c"'], // backslashes not before a quote are literal
  ['/u:CONTOSO\\admin', '/u:CONTOSO\\admin'],
  ['/p:pa ss"word\\', '"/p:pa ss\\"word\\\\"'],
  ["/q:*[System[(EventID=21 or EventID=24) and TimeCreated[@SystemTime>='2026-11-20T12:00:00.000Z']]]", "\"/q:*[System[(EventID=21 or EventID=24) and TimeCreated[@SystemTime>='2026-11-20T12:00:00.000Z']]]\""],
  ['ünïcødé', 'ünïcødé'],
  ['line\nbreak', '"line\nbreak"'],
];

test('quoteWindowsArg: table of quotes, backslashes before quotes, spaces and empty strings', () => {
  for (const [input, expected] of TABLE) {
    assert.equal(quoteWindowsArg(input), expected, JSON.stringify(input));
    assert.deepEqual(splitWindowsArgs(expected), [input], `round trip of ${JSON.stringify(input)}`);
  }
  assert.equal(quoteWindowsArg('plain', { force: true }), '"plain"');
});

test('splitWindowsArgs follows CommandLineToArgvW on hand-written lines', () => {
  assert.deepEqual(splitWindowsArgs('a b  c'), ['a', 'b', 'c']);
  assert.deepEqual(splitWindowsArgs('"a b" c'), ['a b', 'c']);
  assert.deepEqual(splitWindowsArgs('a\\\\\\"b'), ['a\\"b']);
  assert.deepEqual(splitWindowsArgs('a\\\\"b c"'), ['a\\b c']);
  assert.deepEqual(splitWindowsArgs('"a""b"'), ['a"b']);
  assert.deepEqual(splitWindowsArgs('x\\y'), ['x\\y']);
  assert.deepEqual(splitWindowsArgs('ab"c d"ef'), ['abc def']);
});

test('quoteWindowsArg round-trips any list of arguments through a command line', () => {
  const ch = fc.constantFrom('a', 'Z', ' ', '\t', '"', '\\', "'", '/', ':', '[', ']', '=', 'ü', '>', '&', '%');
  fc.assert(
    fc.property(fc.array(fc.array(ch, { maxLength: 12 }).map((cs) => cs.join('')), { maxLength: 6 }), (args) => {
      const line = args.map((a) => quoteWindowsArg(a)).join(' ');
      assert.deepEqual(splitWindowsArgs(line), args);
    }),
    { numRuns: 2000 },
  );
});

test('program paths are quoted simply, and a quote in one is refused', () => {
  assert.equal(quoteWindowsProgram('C:\\Windows\\System32\\wevtutil.exe'), 'C:\\Windows\\System32\\wevtutil.exe');
  assert.equal(quoteWindowsProgram('C:\\Program Files\\x\\y.exe'), '"C:\\Program Files\\x\\y.exe"');
  assert.throws(() => quoteWindowsProgram('C:\\a"b.exe'));
  assert.equal(windowsCommandLine('C:\\Program Files\\w.exe', ['qe', 'a b']), '"C:\\Program Files\\w.exe" qe "a b"');
});

test('cmd shim command line: CRT-quoted, then cmd metacharacters caret-escaped twice', () => {
  assert.equal(cmdShimCommandLine('C:\\t\\wevtutil.cmd', ['qe', 'a>b']), '"C:\\t\\wevtutil.cmd ^^^"qe^^^" ^^^"a^^^>b^^^""');
  assert.equal(cmdShimCommandLine('C:\\my dir\\w.cmd', ['x']), '"C:\\my^ dir\\w.cmd ^^^"x^^^""');
});

function fakeDeps(platform: NodeJS.Platform, files: string[], env: Record<string, string>): ProcessDeps {
  return { spawn: () => { throw new Error('not used'); }, platform, env, isFile: (p) => files.includes(p) };
}

test('planSpawn on Windows: PATH + PATHEXT lookup, own quoting passed verbatim; batch files through cmd.exe', () => {
  const env = { Path: 'C:\\tools;C:\\Windows\\System32', PATHEXT: '.COM;.EXE;.BAT;.CMD', ComSpec: 'C:\\Windows\\system32\\cmd.exe' };
  const exe = planSpawn('wevtutil', ['qe', 'Security', "/q:*[System[EventID=4625 and TimeCreated[@SystemTime>='x']]]"], fakeDeps('win32', ['C:\\Windows\\System32\\wevtutil.exe'], env));
  assert.ok(!('notFound' in exe));
  assert.equal(exe.command, 'C:\\Windows\\System32\\wevtutil.exe');
  assert.deepEqual(exe.args, ['qe', 'Security', "\"/q:*[System[EventID=4625 and TimeCreated[@SystemTime>='x']]]\""]);
  assert.equal(exe.options.windowsVerbatimArguments, true);
  assert.equal(exe.options.argv0, 'C:\\Windows\\System32\\wevtutil.exe');
  assert.equal(exe.options.shell, undefined, 'never through a shell');

  const cmd = planSpawn('wevtutil', ['qe', 'System'], fakeDeps('win32', ['C:\\tools\\wevtutil.cmd', 'C:\\Windows\\System32\\wevtutil.exe'], env));
  assert.ok(!('notFound' in cmd));
  assert.equal(cmd.command, 'C:\\Windows\\system32\\cmd.exe');
  assert.deepEqual(cmd.args.slice(0, 3), ['/d', '/s', '/c']);
  assert.equal(cmd.args[3], '"C:\\tools\\wevtutil.cmd ^^^"qe^^^" ^^^"System^^^""');

  assert.deepEqual(planSpawn('wevtutil', [], fakeDeps('win32', [], env)), { notFound: true });
  assert.equal(findWindowsProgram('wevtutil', { PATH: '"C:\\quoted dir";C:\\x' }, (p) => p === 'C:\\quoted dir\\wevtutil.exe'), 'C:\\quoted dir\\wevtutil.exe');
});

test('planSpawn elsewhere: the argument list goes to the program unchanged', () => {
  const p = planSpawn('wevtutil', ['qe', 'a "b"'], fakeDeps('linux', [], { PATH: '/usr/bin' }));
  assert.ok(!('notFound' in p));
  assert.deepEqual(p.args, ['qe', 'a "b"']);
  assert.equal(p.options.windowsVerbatimArguments, undefined);
});

test('classifyExit: wevtutil messages and exit codes', () => {
  assert.equal(classifyExit({ code: 0, signal: null, stderr: '' }), null);
  assert.equal(classifyExit({ code: 15007, signal: null, stderr: '' })!.kind, 'channel-not-found');
  assert.equal(classifyExit({ code: 159, signal: null, stderr: 'Failed to read events. The specified channel could not be found.\r\n' })!.kind, 'channel-not-found');
  assert.equal(classifyExit({ code: 5, signal: null, stderr: 'Zugriff verweigert' })!.kind, 'access-denied', 'other UI languages: by code');
  assert.equal(classifyExit({ code: 1, signal: null, stderr: 'Failed to read events. Access is denied.' })!.kind, 'access-denied');
  assert.equal(classifyExit({ code: 1722, signal: null, stderr: '' })!.kind, 'remote-unreachable');
  assert.equal(classifyExit({ code: 1326, signal: null, stderr: '' })!.kind, 'logon-failure');
  assert.equal(classifyExit({ code: 15001, signal: null, stderr: '' })!.kind, 'invalid-query');
  const other = classifyExit({ code: 1, signal: null, stderr: 'Something\r\n  odd.\r\n' })!;
  assert.deepEqual(other, { kind: 'other', detail: 'Something odd.' });
});
