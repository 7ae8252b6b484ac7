import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { main } from '../src/cli.js';
import { UserError } from '../src/util/io.js';
import { commands } from '../src/commands/index.js';
import { makeRegisterLive, defaultLiveDeps } from '../src/commands/live.js';
import { liveFeed } from '../src/live/updates.js';
import { openStore } from '../src/store/sqlite-store.js';
import { correlationIsCurrent } from '../src/correlate/index.js';
import { readEvents } from '../parsers/input.js';
import { captureIO } from './helpers/io.js';
import { installStandIn, FIXTURES } from './helpers/standin.js';

const SINCE = '2026-11-20T12:00:00Z';
const HOST = hostname();

/** The database assertions need the XML reader; until it is part of the build they are skipped. */
async function xmlReaderBuilt(): Promise<boolean> {
  const xml = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='X'/><EventID>1</EventID><TimeCreated SystemTime='2026-11-21T10:00:00.0000000Z'/><EventRecordID>1</EventRecordID><Channel>System</Channel><Computer>H</Computer></System></Event>";
  for await (const item of readEvents(Readable.from([Buffer.from(xml)]), { file: 'probe' })) {
    if (item.kind === 'event') return true;
  }
  return false;
}
const SKIP_DB = (await xmlReaderBuilt()) ? false : 'the XML reader is not built yet';

function setup(settings: Record<string, string> = {}) {
  const s = installStandIn(settings);
  const cwd = mkdtempSync(join(tmpdir(), 'rdplens-live-case-'));
  return {
    s,
    cwd,
    io: (stdin?: string) => {
      const io = captureIO(cwd, s.env);
      if (stdin !== undefined) io.stdin = Readable.from([stdin]);
      return io;
    },
    done: () => {
      s.cleanup();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

async function analysisCurrent(db: string): Promise<boolean> {
  const store = await openStore(db, { readonly: true });
  try {
    return await correlationIsCurrent(store);
  } finally {
    await store.close();
  }
}

async function rows(db: string, sql: string) {
  const store = await openStore(db, { readonly: true });
  try {
    return await store.all<Record<string, unknown>>(sql);
  } finally {
    await store.close();
  }
}

test('rdplens live: warnings for unreadable logs, the run goes on, the summary per log', async () => {
  const t = setup({
    WEVTUTIL_STANDIN_DENIED: 'Security',
    WEVTUTIL_STANDIN_DISABLED: 'Microsoft-Windows-CAPI2/Operational,Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  });
  try {
    const io = t.io();
    const code = await main(['live', '--since', SINCE, '--db', 'case.db'], io);
    const err = io.err();
    // CAPI2 is off by default: a note; LocalSessionManager is normally on: a warning, and what it kept is read
    assert.match(err, /^rdplens: note: Microsoft-Windows-CAPI2\/Operational: disabled on this computer; reading what it kept from earlier\. To record from now on: wevtutil sl Microsoft-Windows-CAPI2\/Operational \/e:true$/m);
    assert.match(err, /^rdplens: warning: Microsoft-Windows-TerminalServices-LocalSessionManager\/Operational: disabled on this computer/m);
    assert.match(err, /rdplens: warning: Security: access denied; run rdplens from an elevated prompt \(Run as administrator\) to include it; skipped/);
    assert.match(err, /rdplens: warning: Microsoft-Windows-TerminalServices-RDPClient\/Operational: not present on this computer/);
    assert.match(err, new RegExp(`Reading 9 log\\(s\\) of ${HOST.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} since 2026-11-20T12:00:00.000Z into case.db`));
    assert.match(io.out(), /^ {2}Security +skipped \(see warning\)$/m);
    assert.match(io.out(), /^ {2}TerminalServices-RemoteConnectionManager\/Admin +no matching events$/m);
    assert.equal(t.s.calls().filter((a) => a[0] === 'qe').length, 8, 'RDPClient does not exist here: not queried');
    assert.ok(existsSync(join(t.cwd, 'case.db')));
    if (!SKIP_DB) {
      assert.equal(code, 0, err);
      assert.match(io.out(), /^ {2}System +2 events \(2 new\)$/m);
      assert.match(io.out(), /^ {2}TerminalServices-LocalSessionManager\/Operational +2 events \(2 new\)$/m);
    }
  } finally {
    t.done();
  }
});

test('rdplens live: events land in the case database, one import per log', { skip: SKIP_DB }, async () => {
  const t = setup();
  try {
    const io = t.io();
    assert.equal(await main(['live', '--since', SINCE, '--db', 'case.db', '--channels', 'system,lsm,rcm,rdpcorets,security'], io), 0, io.err());
    const db = join(t.cwd, 'case.db');
    const events = await rows(db, 'SELECT channel, event_id, record_id, host FROM events ORDER BY channel, record_id');
    assert.deepEqual(
      events.map((e) => `${e.channel} ${e.event_id} ${e.record_id}`),
      [
        'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational 131 4410',
        'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational 65 4411',
        'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational 103 4412',
        'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational 21 311',
        'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational 22 312',
        'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational 261 920',
        'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational 1149 921',
        'Security 4625 90211',
        'Security 4624 90213',
        'System 36888 48101',
        'System 56 48102',
      ],
    );
    const user = await rows(db, "SELECT json_extract(fields, '$.User') AS u FROM events WHERE record_id = 311");
    assert.equal(user[0]!.u, 'CONTOSO\\jürgen.müller', 'UTF-16 output decoded');
    const imports = await rows(db, 'SELECT path, status FROM imports ORDER BY id');
    assert.deepEqual(imports.map((i) => i.path), [
      `live:System@${HOST}`,
      `live:Microsoft-Windows-TerminalServices-LocalSessionManager/Operational@${HOST}`,
      `live:Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational@${HOST}`,
      `live:Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational@${HOST}`,
      `live:Security@${HOST}`,
    ]);
    assert.ok(imports.every((i) => i.status === 'ok'));
    // correlated and diagnosed after the collection, so report and browse find attempts and findings
    const attempts = await rows(db, "SELECT host, side, client_address FROM attempts WHERE side = 'server'");
    assert.ok(attempts.some((a) => a.client_address === '10.0.0.5'), JSON.stringify(attempts));
    assert.ok(await analysisCurrent(db));
  } finally {
    t.done();
  }
});

test('rdplens live --follow: the next poll reads after the bookmark and adds the new records', { skip: SKIP_DB }, async () => {
  const t = setup();
  try {
    const io = t.io();
    assert.equal(await main(['live', '--since', SINCE, '--db', 'case.db', '--channels', 'system,lsm', '--follow', '--interval', '0', '--rounds', '2'], io), 0, io.err());
    const qe = t.s.calls().filter((a) => a[0] === 'qe').map((a) => a[4]);
    assert.equal(qe.length, 6);
    assert.match(qe[2]!, /EventRecordID>48102\]\]$/);
    assert.match(qe[3]!, /^\/q:\*\[System\[EventRecordID>312\]\]$/);
    assert.match(qe[5]!, /^\/q:\*\[System\[EventRecordID>314\]\]$/);
    assert.match(io.out(), /^\[\d\d:\d\d:\d\dZ\] 3 new event\(s\): System \+1, TerminalServices-LocalSessionManager\/Operational \+2$/m);
    const ids = await rows(join(t.cwd, 'case.db'), 'SELECT record_id FROM events ORDER BY record_id');
    assert.deepEqual(ids.map((r) => r.record_id), [311, 312, 313, 314, 48101, 48102, 48110]);
    assert.ok(await analysisCurrent(join(t.cwd, 'case.db')), 're-correlated after the poll that added events');
  } finally {
    t.done();
  }
});

test('rdplens live without wevtutil: one clear error pointing to collect + analyze, exit 2, no database', async () => {
  const t = setup();
  try {
    const io = captureIO(t.cwd, { ...t.s.env, PATH: t.cwd });
    assert.equal(await main(['live', '--db', 'case.db'], io), 2);
    assert.match(io.err(), /^rdplens: wevtutil was not found: live collection reads the event logs of a Windows computer/);
    assert.match(io.err(), /rdplens collect --script rdplens-collect\.ps1/);
    assert.match(io.err(), /rdplens analyze <unzipped folder>/);
    assert.equal(io.err().match(/rdplens:/g)!.length, 1, 'one error, not one per log');
    assert.ok(!existsSync(join(t.cwd, 'case.db')));
  } finally {
    t.done();
  }
});

test('rdplens live --remote --user --password-prompt: credentials go to wevtutil; an unreachable host is one error', async () => {
  const t = setup();
  try {
    const io = t.io('s3 cr"et\n');
    await main(['live', '--since', SINCE, '--db', 'case.db', '--channels', 'rcm', '--remote', 'rdsh02', '--user', 'CONTOSO\\helpdesk', '--password-prompt'], io);
    assert.deepEqual(t.s.calls()[1]!.slice(5), ['/r:rdsh02', '/u:CONTOSO\\helpdesk', '/p:s3 cr"et']);
    assert.match(io.err(), /Password for CONTOSO\\helpdesk on rdsh02: /);
    assert.doesNotMatch(io.err() + io.out(), /s3 cr"et/, 'the password is never printed');
  } finally {
    t.done();
  }
  const down = setup({ WEVTUTIL_STANDIN_FAIL: 'rpc' });
  try {
    const io = down.io();
    assert.equal(await main(['live', '--db', 'case.db', '--remote', 'rdsh03'], io), 2);
    assert.match(io.err(), /^rdplens: cannot reach rdsh03: Failed to read events\. The RPC server is unavailable\.$/m);
  } finally {
    down.done();
  }
});

test('rdplens live: usage errors', async () => {
  const t = setup();
  try {
    const cases: [string[], RegExp][] = [
      [['live', '--user', 'x'], /--user needs --remote/],
      [['live', '--remote', 'h', '--password-prompt'], /--password-prompt needs --user/],
      [['live', '--since', 'yesterday'], /--since yesterday: expected a duration/],
      [['live', '--channels', 'application'], /unknown channel "application"/],
      [['live', '--rounds', '2'], /--rounds needs --follow/],
      [['live', 'then', 'explode'], /after "then": expected one of browse, analyze, report/],
      [['live', 'browse'], /unexpected "browse"; to continue with another command write: then/],
    ];
    for (const [argv, re] of cases) {
      const io = t.io();
      assert.equal(await main(argv, io), 2, argv.join(' '));
      assert.match(io.err(), re, argv.join(' '));
    }
    assert.equal(t.s.calls().length, 0, 'nothing was run');
  } finally {
    t.done();
  }
});

function hasCommand(name: string): boolean {
  const program = new Command('rdplens').enablePositionalOptions();
  for (const register of commands) register(program, captureIO(), () => {});
  return program.commands.some((c) => c.name() === name);
}

test('rdplens live … then analyze --json: the summary goes to stderr, stdout is the JSON of the collected case', { skip: SKIP_DB }, async () => {
  const t = setup();
  try {
    const io = t.io();
    const code = await main(['live', '--since', SINCE, '--db', 'case.db', '--channels', 'lsm,rdpcorets', 'then', 'analyze', '--json'], io);
    assert.ok(code === 0 || code === 1, io.err());
    assert.match(io.err(), /^ {2}RemoteDesktopServices-RdpCoreTS\/Operational +3 events \(3 new\)$/m);
    const doc = JSON.parse(io.out());
    const text = JSON.stringify(doc);
    assert.match(text, /Microsoft-Windows-TerminalServices-LocalSessionManager\/Operational/);
    assert.match(text, /Microsoft-Windows-RemoteDesktopServices-RdpCoreTS\/Operational/);
  } finally {
    t.done();
  }
});

test('rdplens live … then report: the report command reads the database live wrote', { skip: SKIP_DB || (!hasCommand('report') && 'no report command in this build') }, async () => {
  const t = setup();
  try {
    const io = t.io();
    const code = await main(['live', '--since', SINCE, '--db', 'case.db', '--channels', 'lsm,rcm,rdpcorets', 'then', 'report', '--format', 'json'], io);
    assert.ok(code === 0 || code === 1, io.err());
    const doc = JSON.parse(io.out()) as { hosts: { host: string }[]; attempts: { clientAddress: string | null }[] };
    assert.deepEqual(doc.hosts.map((h) => h.host), ['RDSH01.contoso.test']);
    assert.ok(doc.attempts.some((a) => a.clientAddress === '10.0.0.5'), 'live correlated the case before report read it');
  } finally {
    t.done();
  }
});

test('rdplens live --follow then browse: browse runs alongside, gets a tick per poll from liveFeed(db), and quitting it ends the polling', async () => {
  const t = setup();
  try {
    const io = t.io();
    const dbPath = join(t.cwd, 'case.db');
    const seen: number[] = [];
    let browseArgs: string[] = [];
    const program = new Command('rdplens').enablePositionalOptions().exitOverride();
    // a stand-in for the terminal UI: reads ticks of the collection writing its database, quits after round 2
    program
      .command('browse')
      .argument('[inputs...]')
      .option('--db <file>')
      .action(async (inputs: string[], o: { db?: string }) => {
        browseArgs = [...inputs, `--db=${o.db}`];
        const feed = liveFeed(join(t.cwd, o.db!));
        assert.ok(feed, 'the live feed is published under the database path');
        for await (const tick of feed.subscribe()) {
          seen.push(tick.round);
          if (tick.round >= 2) return;
        }
      });
    let sleeps = 0;
    makeRegisterLive({ ...defaultLiveDeps, sleep: async () => void sleeps++, onInterrupt: () => () => {} })(program, io, () => {});
    await program.parseAsync(['live', '--since', SINCE, '--db', 'case.db', '--channels', 'lsm', '--follow', '--interval', '1', 'then', 'browse'], { from: 'user' });
    assert.deepEqual(browseArgs, ['--db=case.db']);
    // round 0 is published before browse subscribes; it then sees each poll until it quits
    assert.deepEqual(seen, [1, 2]);
    assert.ok(sleeps >= 2 && sleeps <= 3, `polling stopped when browse quit (${sleeps} sleeps)`);
    assert.equal(liveFeed(dbPath), undefined, 'the feed is gone once live ends');
    assert.equal(io.out(), '', 'nothing printed over the terminal UI');
  } finally {
    t.done();
  }
});

test('rdplens live: a damaged record is an issue naming the live input; the other records and logs are kept (exit 1)', async () => {
  const fx = mkdtempSync(join(tmpdir(), 'rdplens-live-fx-'));
  for (const f of readdirSync(FIXTURES)) copyFileSync(join(FIXTURES, f), join(fx, f));
  const rcm = join(fx, 'Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.xml');
  const good = readFileSync(rcm, 'utf8').split('\r\n').filter(Boolean);
  // a record cut short between two good ones (as when a log is written while read)
  writeFileSync(rcm, [good[0], good[1]!.slice(0, 400) + '</System><UserData><EventXML', good[1]!.replace('>921<', '>922<')].join('\r\n') + '\r\n');
  const t = setup({ WEVTUTIL_STANDIN_FIXTURES: fx });
  try {
    const io = t.io();
    const code = await main(['live', '--since', SINCE, '--db', 'case.db', '--channels', 'rcm,lsm'], io);
    if (SKIP_DB) return;
    assert.equal(code, 1, io.err());
    assert.match(io.err(), new RegExp(`^rdplens: live:Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational@${HOST.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(byte \\d+`, 'm'));
    const ids = await rows(join(t.cwd, 'case.db'), 'SELECT record_id FROM events ORDER BY record_id');
    assert.deepEqual(ids.map((r) => r.record_id), [311, 312, 920, 922]);
  } finally {
    t.done();
    rmSync(fx, { recursive: true, force: true });
  }
});

test('rdplens live --follow then browse: when browse fails (no terminal) the polling stops and its error is the result', async () => {
  const t = setup();
  try {
    const io = t.io();
    const program = new Command('rdplens').enablePositionalOptions().exitOverride();
    program.command('browse').argument('[inputs...]').option('--db <file>').action(async () => {
      throw new UserError('browse needs an interactive terminal');
    });
    let sleeps = 0;
    makeRegisterLive({ ...defaultLiveDeps, sleep: async () => void sleeps++, onInterrupt: () => () => {} })(program, io, () => {});
    await assert.rejects(
      program.parseAsync(['live', '--since', SINCE, '--db', 'case.db', '--channels', 'lsm', '--follow', 'then', 'browse'], { from: 'user' }),
      /browse needs an interactive terminal/,
    );
    assert.ok(sleeps <= 1, `stopped after browse failed (${sleeps} polls)`);
  } finally {
    t.done();
  }
});
