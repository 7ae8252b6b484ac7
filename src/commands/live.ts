/**
 * `rdplens live`: reads the RDP-relevant logs of this (or a remote) Windows computer with wevtutil,
 * straight into the case database, optionally keeps following them, then hands over to
 * `browse`, `analyze` or `report`.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleepTimer } from 'node:timers/promises';
import { Command, Option } from 'commander';
import type { RegisterCommand } from './types.js';
import { EXIT, UserError, type CliIO } from '../util/io.js';
import { termSafe } from '../util/sanitize.js';
import { openStore } from '../store/sqlite-store.js';
import { analyzeCase } from '../analyze/run.js';
import { correlationIsCurrent } from '../correlate/index.js';
import type { Store } from '../store/types.js';
import { ingestSource } from '../ingest/pipeline.js';
import { DEFAULT_DB } from './ingest.js';
import { formatIssueLine as formatIssue } from '../ingest/progress.js';
import { DEFAULT_SINCE } from './collect.js';
import { channelsForRole, describeChannels, selectChannels, type LogChannel, type RoleChoice } from '../live/channels.js';
import { parseSince, sinceToUtc } from '../live/query.js';
import { LiveCollector, LiveFatalError, collectLive, type IngestFn } from '../live/collector.js';
import { WevtutilMissingError, findProgram, type ProcessDeps, type SpawnFn } from '../live/wevtutil.js';
import { LiveUpdates, publishLiveFeed, type LiveTick } from '../live/updates.js';
import { readSecret } from '../live/secret.js';

/** Commands `live … then <command>` can hand over to. */
const FOLLOWERS = ['browse', 'analyze', 'report'] as const;

interface LiveOptions {
  since: string;
  channels?: string;
  role: RoleChoice;
  remote?: string;
  user?: string;
  passwordPrompt?: boolean;
  db: string;
  follow?: boolean;
  interval: string;
  rounds?: string;
}

/** What the command takes from the machine; replaced in tests. */
export interface LiveCommandDeps {
  spawn: SpawnFn;
  platform: NodeJS.Platform;
  isFile: (path: string) => boolean;
  now: () => Date;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  hostname: () => string;
  /** calls `onInterrupt` on Ctrl+C until the returned function is called */
  onInterrupt: (onInterrupt: () => void) => () => void;
  readSecret: (io: CliIO, prompt: string) => Promise<string>;
  /** rebuilds attempts, sessions and findings from the stored events */
  analyze: (store: Store, cwd: string) => Promise<void>;
}

export const defaultLiveDeps: LiveCommandDeps = {
  spawn: spawn as SpawnFn,
  platform: process.platform,
  isFile: (p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  },
  now: () => new Date(),
  sleep: async (ms, signal) => {
    try {
      await sleepTimer(ms, undefined, { signal });
    } catch (e) {
      if ((e as Error).name !== 'AbortError') throw e;
    }
  },
  hostname,
  onInterrupt: (fn) => {
    process.once('SIGINT', fn);
    return () => process.off('SIGINT', fn);
  },
  readSecret,
  analyze: async (store, cwd) => {
    await analyzeCase(store, [], { cwd });
  },
};

const NOT_WINDOWS =
  'wevtutil was not found: live collection reads the event logs of a Windows computer and must run there.\n' +
  '  On the Windows computer (or for whoever has access to it), make an export script with:\n' +
  '    rdplens collect --script rdplens-collect.ps1\n' +
  '  run it there, bring back the .zip it writes, unzip it, and analyze it here with:\n' +
  '    rdplens analyze <unzipped folder>';

function shortName(channel: string): string {
  return channel.replace(/^Microsoft-Windows-/, '');
}

function formatRound(tick: LiveTick): string {
  const width = Math.max(...tick.channels.map((c) => shortName(c.channel).length));
  const lines = tick.channels.map((c) => {
    const state =
      c.status === 'skipped'
        ? 'skipped (see warning)'
        : c.status === 'empty'
          ? 'no matching events'
          : `${c.events} events (${c.newEvents} new)${c.issues ? `, ${c.issues} issues` : ''}`;
    return `  ${shortName(c.channel).padEnd(width)}  ${state}`;
  });
  return `${lines.join('\n')}\n`;
}

function formatUpdate(tick: LiveTick): string {
  const parts = tick.channels.filter((c) => c.newEvents > 0).map((c) => `${shortName(c.channel)} +${c.newEvents}`);
  return `[${tick.at.slice(11, 19)}Z] ${tick.newEvents} new event(s): ${parts.join(', ')}\n`;
}

/** Finds a registered follower command; `null` when that command is not part of this build. */
function followerCommand(program: Command, name: string): Command | null {
  return program.commands.find((c) => c.name() === name) ?? null;
}

/** The follower's argument list: the case database goes in by `--db` when it has one, else first. */
function followerArgs(cmd: Command, db: string, rest: string[]): string[] {
  if (rest.some((a) => a === '--db' || a.startsWith('--db='))) return rest;
  return cmd.options.some((o) => o.long === '--db') ? ['--db', db, ...rest] : [db, ...rest];
}

export function makeRegisterLive(deps: LiveCommandDeps): RegisterCommand {
  return (program, io, setExit) => {
    program
      .command('live')
      .summary('on Windows: read the RDP logs with wevtutil into the case database (and keep following them)')
      .description(
        'Reads the logs below with `wevtutil qe … /f:xml` (one process per log, streamed straight into the case database: ' +
          'no temporary files), on this computer or with --remote on another one. Logs that do not exist here, are disabled ' +
          'or need elevation are reported and skipped. With --follow it keeps polling for new records (bookmarked by record ' +
          'id per log). `then browse|analyze|report …` hands the database over.',
      )
      .argument('[then...]', 'then browse|analyze|report [their options]: what to do with the database afterwards')
      .option('--since <when>', 'start of the time range: a duration (24h, 30m, 7d) or a date/time (2026-11-20T08:00 local, or with Z/offset)', DEFAULT_SINCE)
      .option('--channels <list>', 'only these logs (comma-separated keys from the list below)')
      .addOption(new Option('--role <role>', 'read the logs of this side only').choices(['server', 'client', 'both']).default('both'))
      .option('--remote <host>', 'read the logs of another computer (wevtutil /r:)')
      .option('--user <user>', 'with --remote: account to connect as (wevtutil /u:), e.g. CONTOSO\\admin')
      .option('--password-prompt', 'with --user: ask for the password (not echoed; or read a line from standard input)')
      .option('--db <file>', 'case database', DEFAULT_DB)
      .option('--follow', 'keep polling for new events until Ctrl+C')
      .option('--interval <seconds>', 'with --follow: seconds between polls', '10')
      .option('--rounds <n>', 'with --follow: stop after this many polls')
      .passThroughOptions()
      .addHelpText(
        'after',
        `
Logs read (key, log name, what rdplens uses it for):
${describeChannels()}

Examples:
  rdplens live --since 24h then browse            read the last day, then walk it in the terminal UI
  rdplens live --since 2026-11-20T08:00 then analyze --json > result.json
  rdplens live --follow --interval 5 then browse  watch new connection attempts as they happen
  rdplens live --remote rdsh01 --user CONTOSO\\admin --password-prompt --channels system,rdpcorets,security

Run from an elevated prompt (Run as administrator) to include the Security log.
Not on Windows? Use \`rdplens collect\` to get an export script, then \`rdplens analyze\` the export.`,
      )
      .action(async (rest: string[], o: LiveOptions) => {
        const code = await runLive(program, io, deps, rest, o);
        setExit(code);
      });
  };
}

export const registerLive: RegisterCommand = makeRegisterLive(defaultLiveDeps);

function parseOptions(rest: string[], o: LiveOptions, program: Command) {
  let follower: { name: string; args: string[]; cmd: Command } | null = null;
  if (rest.length) {
    if (rest[0] !== 'then' || !rest[1]) throw new UserError(`unexpected "${termSafe(rest.join(' '))}"; to continue with another command write: then browse|analyze|report …`);
    const name = rest[1];
    if (!(FOLLOWERS as readonly string[]).includes(name)) throw new UserError(`after "then": expected one of ${FOLLOWERS.join(', ')}, not "${termSafe(name)}"`);
    const cmd = followerCommand(program, name);
    if (!cmd) throw new UserError(`"${name}" is not available in this build of rdplens; run "rdplens live" alone and use the database it writes`);
    follower = { name, args: rest.slice(2), cmd };
  }
  let channels: LogChannel[];
  let since;
  try {
    since = parseSince(o.since);
    channels = o.channels ? selectChannels(o.channels) : channelsForRole(o.role);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  if (o.channels && o.role !== 'both') channels = channels.filter((c) => c.roles.includes(o.role as 'server' | 'client'));
  if (!channels.length) throw new UserError(`none of the logs given with --channels is kept by a ${o.role}`);
  if (o.user && !o.remote) throw new UserError('--user needs --remote (the local computer is read as the current user)');
  if (o.passwordPrompt && !o.user) throw new UserError('--password-prompt needs --user');
  const interval = Number(o.interval);
  if (!Number.isFinite(interval) || interval < 0) throw new UserError(`--interval ${termSafe(o.interval)}: expected a number of seconds`);
  let rounds: number | undefined;
  if (o.rounds !== undefined) {
    rounds = Number(o.rounds);
    if (!Number.isInteger(rounds) || rounds < 0) throw new UserError(`--rounds ${termSafe(o.rounds)}: expected a whole number`);
    if (!o.follow) throw new UserError('--rounds needs --follow');
  }
  return { follower, channels, since, interval, rounds };
}

async function runLive(program: Command, io: CliIO, deps: LiveCommandDeps, rest: string[], o: LiveOptions): Promise<number> {
  const { follower, channels, since, interval, rounds } = parseOptions(rest, o, program);
  const processDeps: ProcessDeps = { spawn: deps.spawn, platform: deps.platform, env: io.env, isFile: deps.isFile };
  // before anything is created: without wevtutil there is nothing to do here
  if (!findProgram('wevtutil', processDeps)) throw new UserError(NOT_WINDOWS);
  let password: string | undefined;
  if (o.passwordPrompt) {
    try {
      password = await deps.readSecret(io, `Password for ${termSafe(o.user ?? '')} on ${termSafe(o.remote ?? '')}: `);
    } catch {
      throw new UserError('password prompt cancelled');
    }
  }
  const host = o.remote ?? deps.hostname();
  const sinceUtc = sinceToUtc(since, deps.now());
  const dbPath = o.db === ':memory:' ? o.db : resolve(io.cwd, o.db);
  // with a follower the summary goes to stderr, so `then analyze --json` keeps stdout clean
  const out = follower ? io.stderr : io.stdout;
  const warn = (m: string) => io.stderr.write(`rdplens: warning: ${termSafe(m)}\n`);
  const note = (m: string) => io.stderr.write(`rdplens: note: ${termSafe(m)}\n`);

  const store = await openStore(dbPath);
  const updates = new LiveUpdates();
  const unpublish = publishLiveFeed(dbPath, updates);
  const abort = new AbortController();
  const stopInterrupt = o.follow ? deps.onInterrupt(() => abort.abort()) : () => {};
  let issuesSeen = 0;
  // some records of a log were skipped (as `ingest` counts it)
  let partial = false;
  let readable = 0;
  try {
    const ingest: IngestFn = async (source, meta) => {
      const r = await ingestSource(store, source, meta, {
        onIssue: (i) => {
          if (issuesSeen++ < 20) io.stderr.write(`rdplens: ${formatIssue(i)}\n`);
        },
      });
      if (r.status !== 'ok') partial = true;
      return r;
    };
    const collector = new LiveCollector(
      { channels, since: sinceUtc, remote: o.remote ? { host: o.remote, user: o.user, password } : undefined, hostLabel: host },
      { process: processDeps, ingest, warn, note, now: deps.now },
    );
    io.stderr.write(`Reading ${channels.length} log(s) of ${termSafe(host)} since ${sinceUtc.toISOString()} into ${termSafe(o.db)}\n`);

    const runFollower = async () => {
      if (!follower) return;
      await follower.cmd.parseAsync(followerArgs(follower.cmd, o.db, follower.args), { from: 'user' });
    };
    // browse and report read attempts and findings as stored: rebuild them when events were added
    // (analyze does that itself)
    const refreshAnalysis = async () => {
      if (follower?.name === 'analyze') return;
      if (!(await correlationIsCurrent(store))) await deps.analyze(store, io.cwd);
    };
    // browse runs alongside the polling and ends it when the user quits; analyze/report re-run per update
    const concurrent = follower?.name === 'browse' && o.follow;
    let browsing: Promise<void> | null = null;

    const ticks = collectLive(
      collector,
      o.follow ? { intervalMs: interval * 1000, rounds, signal: abort.signal, sleep: deps.sleep } : null,
    );
    for await (const tick of ticks) {
      if (tick.round === 0) {
        readable = tick.channels.filter((c) => c.status !== 'skipped').length;
        if (!browsing) out.write(formatRound(tick));
        if (readable === 0) break;
      } else if (tick.newEvents > 0 && !browsing) {
        out.write(formatUpdate(tick));
      }
      if (tick.round === 0 || tick.newEvents > 0) await refreshAnalysis();
      updates.publish(tick);
      if (concurrent) {
        if (!browsing) {
          browsing = runFollower().finally(() => abort.abort());
          // awaited after the loop; this only keeps an early failure from counting as unhandled
          browsing.catch(() => undefined);
        }
      } else if (follower && (tick.round === 0 || tick.newEvents > 0)) {
        await runFollower();
      }
      if (o.follow && tick.round === 0 && !concurrent) io.stderr.write(`Following (every ${interval} s${rounds !== undefined ? `, ${rounds} poll(s)` : ''}; Ctrl+C stops)\n`);
    }
    updates.close();
    if (browsing) await browsing;
  } catch (e) {
    if (e instanceof WevtutilMissingError) throw new UserError(NOT_WINDOWS);
    if (e instanceof LiveFatalError) throw new UserError(termSafe(e.message));
    throw e;
  } finally {
    updates.close();
    unpublish();
    stopInterrupt();
    await store.close();
  }
  if (readable === 0) {
    io.stderr.write('rdplens: none of the logs could be read (see the warnings above)\n');
    return EXIT.unusable;
  }
  return partial ? EXIT.partial : EXIT.ok;
}

