/**
 * Live collection: one `wevtutil qe` per channel, its stdout streamed straight into the ingest pipeline
 * (no temporary files; the pipeline's pace is the pipe's pace, so memory stays bounded whatever the log
 * size). A channel that cannot be read becomes a warning and the run goes on; a missing wevtutil, an
 * unreachable remote host or rejected credentials stop the run, since every other channel would fail the
 * same way. `follow` polls again with a per-channel EventRecordID bookmark.
 */
import type { LogChannel } from './channels.js';
import { channelQuery } from './query.js';
import { startProcess, classifyExit, WevtutilMissingError, type ProcessDeps, type WevtutilFailure } from './wevtutil.js';
import { tapRecordIds } from './record-ids.js';
import type { ChannelResult, LiveTick } from './updates.js';

/** What the ingest pipeline reports for one source (a subset of InputSummary). */
export interface IngestOutcome {
  events: number;
  newEvents: number;
  issues: number;
}

/** Streams one source into the database; `path` is `live:<channel>@<host>`. */
export type IngestFn = (source: AsyncIterable<Uint8Array>, meta: { path: string }) => Promise<IngestOutcome>;

export interface RemoteTarget {
  host: string;
  user?: string;
  password?: string;
}

export interface LiveTarget {
  channels: readonly LogChannel[];
  /** only events created at or after this moment (first round; later rounds use bookmarks) */
  since?: Date;
  remote?: RemoteTarget;
  /** host name used in input paths: the remote host, or this computer's name */
  hostLabel: string;
}

export interface CollectorDeps {
  process: ProcessDeps;
  ingest: IngestFn;
  /** a one-line warning for the user (already worded; the caller prefixes and prints it) */
  warn: (message: string) => void;
  /** something worth knowing that is not a problem (a log that is off by default is off); default: warn */
  note?: (message: string) => void;
  now: () => Date;
}

/** Stops the whole run: nothing else can work either. */
export class LiveFatalError extends Error {
  constructor(message: string, readonly failure: WevtutilFailure) {
    super(message);
  }
}

/** `/r:`, `/u:`, `/p:` for a remote computer (none for this one). */
function remoteArgs(remote?: RemoteTarget): string[] {
  if (!remote) return [];
  const args = [`/r:${remote.host}`];
  if (remote.user) args.push(`/u:${remote.user}`);
  if (remote.password !== undefined) args.push(`/p:${remote.password}`);
  return args;
}

/** The argument list of `wevtutil qe` for one channel (unquoted: quoting is the spawner's job). */
export function queryArgs(channel: string, query: string, remote?: RemoteTarget): string[] {
  // /uni:true: UTF-16 output, so user and host names survive whatever the console code page is
  return ['qe', channel, '/f:xml', '/uni:true', `/q:${query}`, ...remoteArgs(remote)];
}

function failureAdvice(ch: LogChannel, f: WevtutilFailure, remote?: RemoteTarget): string {
  switch (f.kind) {
    case 'channel-not-found':
      return ch.roles.length === 1
        ? `${ch.channel}: not present on ${remote ? remote.host : 'this computer'} (it exists on RDP ${ch.roles[0]}s only); skipped`
        : `${ch.channel}: not present on ${remote ? remote.host : 'this computer'}; skipped`;
    case 'access-denied':
      return ch.needsElevation
        ? `${ch.channel}: access denied; run rdplens from an elevated prompt (Run as administrator) to include it; skipped`
        : `${ch.channel}: access denied (${f.detail}); skipped`;
    case 'invalid-query':
      return `${ch.channel}: wevtutil rejected the query (${f.detail}); skipped`;
    default:
      return `${ch.channel}: wevtutil failed (${f.detail}); skipped`;
  }
}

interface ChannelState {
  bookmark: number | null;
  /** not readable here (missing, access denied …): not asked again while following */
  skipped: boolean;
  warning?: string;
}

export class LiveCollector {
  private readonly state = new Map<string, ChannelState>();
  private round = 0;

  constructor(
    private readonly target: LiveTarget,
    private readonly deps: CollectorDeps,
  ) {
    for (const ch of target.channels) this.state.set(ch.key, { bookmark: null, skipped: false });
  }

  /** The per-channel bookmarks (highest EventRecordID read), for display and tests. */
  bookmarks(): Record<string, number | null> {
    return Object.fromEntries([...this.state].map(([k, s]) => [k, s.bookmark]));
  }

  /**
   * One pass over every channel: the first one reads since `since`, later ones after each bookmark.
   * Aborting stops the running wevtutil (what it wrote so far is kept) and skips the channels not yet read.
   */
  async poll(signal?: AbortSignal): Promise<LiveTick> {
    const round = this.round++;
    const results: ChannelResult[] = [];
    for (const ch of this.target.channels) {
      if (signal?.aborted) break;
      results.push(await this.pollChannel(ch, round, signal));
    }
    return {
      round,
      at: this.deps.now().toISOString(),
      newEvents: results.reduce((n, r) => n + r.newEvents, 0),
      channels: results,
    };
  }

  private run(args: string[]) {
    return startProcess('wevtutil', args, this.deps.process);
  }

  /**
   * `wevtutil gl`: the channel's configuration. Tells a missing channel apart before querying it, and a
   * disabled one (which answers queries with whatever it kept from before, silently).
   */
  private async channelConfig(ch: LogChannel): Promise<{ enabled: boolean | null; failure: WevtutilFailure | null }> {
    const proc = this.run(['gl', ch.channel, ...remoteArgs(this.target.remote)]);
    const parts: Buffer[] = [];
    for await (const b of proc.stdout) parts.push(Buffer.from(b));
    const exit = await proc.exit;
    if (exit.spawnError) throw new WevtutilMissingError(exit.spawnError);
    const failure = classifyExit(exit);
    if (failure) return { enabled: null, failure };
    const raw = Buffer.concat(parts);
    const text = raw.length > 1 && raw[1] === 0 ? raw.toString('utf16le') : raw.toString('utf8');
    const m = /^\s*enabled:\s*(true|false)\s*$/im.exec(text);
    return { enabled: m ? m[1]!.toLowerCase() === 'true' : null, failure: null };
  }

  private fatal(failure: WevtutilFailure): never {
    const host = this.target.remote?.host;
    if (failure.kind === 'remote-unreachable') throw new LiveFatalError(`cannot reach ${host ?? 'the event log service'}: ${failure.detail}`, failure);
    throw new LiveFatalError(`${host ?? 'the computer'} rejected the credentials: ${failure.detail}`, failure);
  }

  private skip(ch: LogChannel, st: ChannelState, failure: WevtutilFailure): string {
    const warning = failureAdvice(ch, failure, this.target.remote);
    st.skipped = true;
    st.warning = warning;
    this.deps.warn(warning);
    return warning;
  }

  private async pollChannel(ch: LogChannel, round: number, signal?: AbortSignal): Promise<ChannelResult> {
    const st = this.state.get(ch.key)!;
    const result = (over: Partial<ChannelResult>): ChannelResult => ({
      key: ch.key, channel: ch.channel, status: 'empty', events: 0, newEvents: 0, issues: 0, bookmark: st.bookmark, ...over,
    });
    if (st.skipped) return result({ status: 'skipped', warning: st.warning });

    if (round === 0) {
      const config = await this.channelConfig(ch);
      if (config.failure?.kind === 'remote-unreachable' || config.failure?.kind === 'logon-failure') this.fatal(config.failure);
      if (config.failure?.kind === 'channel-not-found') return result({ status: 'skipped', warning: this.skip(ch, st, config.failure) });
      // other `gl` failures (e.g. access denied to the configuration): the query below tells
      if (config.enabled === false) {
        // off by default (CAPI2) is normal, off when it is normally on is worth a warning
        (ch.disabledByDefault ? (this.deps.note ?? this.deps.warn) : this.deps.warn)(
          `${ch.channel}: disabled on ${this.target.remote?.host ?? 'this computer'}; reading what it kept from earlier. ` +
            `To record from now on: wevtutil sl ${ch.channel} /e:true`,
        );
      }
    }

    const query = channelQuery(ch, st.bookmark !== null ? { afterRecordId: st.bookmark } : { since: this.target.since });
    const proc = this.run(queryArgs(ch.channel, query, this.target.remote));
    const stop = () => proc.kill();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      return await this.readChannel(ch, st, proc, result, signal);
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  }

  private async readChannel(
    ch: LogChannel,
    st: ChannelState,
    proc: ReturnType<typeof startProcess>,
    result: (over: Partial<ChannelResult>) => ChannelResult,
    signal?: AbortSignal,
  ): Promise<ChannelResult> {
    // Wait for the first byte (or the end) before opening an import: a channel that fails or matches
    // nothing must not leave an empty import behind in the database.
    const it = proc.stdout[Symbol.asyncIterator]();
    let first: IteratorResult<Uint8Array>;
    try {
      first = await it.next();
    } catch (e) {
      proc.kill();
      throw e;
    }
    let outcome: { events: number; newEvents: number; issues: number } = { events: 0, newEvents: 0, issues: 0 };
    let tapMax: number | null = null;
    if (!first.done) {
      const firstChunk = first.value;
      async function* whole(): AsyncGenerator<Uint8Array> {
        yield firstChunk;
        for (;;) {
          const r = await it.next();
          if (r.done) return;
          yield r.value;
        }
      }
      const tap = tapRecordIds(whole());
      try {
        outcome = await this.deps.ingest(tap.source, { path: `live:${ch.channel}@${this.target.hostLabel}` });
      } catch (e) {
        proc.kill();
        throw e;
      } finally {
        tapMax = tap.maxRecordId;
      }
      // drain what the pipeline did not read (it stops at the end of the XML), so the child can exit
      for (;;) if ((await it.next()).done) break;
    }
    const exit = await proc.exit;
    if (exit.spawnError) throw new WevtutilMissingError(exit.spawnError);
    if (tapMax !== null && (st.bookmark === null || tapMax > st.bookmark)) st.bookmark = tapMax;

    const failure = classifyExit(exit);
    if (failure && signal?.aborted) {
      // stopped by the user: what arrived is kept, nothing to warn about
      return result({ status: outcome.events > 0 ? 'ok' : 'empty', ...outcome, bookmark: st.bookmark });
    }
    if (failure) {
      if (failure.kind === 'remote-unreachable' || failure.kind === 'logon-failure') this.fatal(failure);
      if (outcome.events > 0) {
        // wevtutil stopped part-way: keep what arrived, say so, and try again next round
        const w = `${ch.channel}: wevtutil stopped after ${outcome.events} events (${failure.detail}); kept what was read`;
        this.deps.warn(w);
        return result({ status: 'ok', ...outcome, bookmark: st.bookmark, warning: w });
      }
      return result({ status: 'skipped', warning: this.skip(ch, st, failure) });
    }
    return result({ status: outcome.events > 0 ? 'ok' : 'empty', ...outcome, bookmark: st.bookmark });
  }
}

export interface FollowOptions {
  /** milliseconds between polls */
  intervalMs: number;
  /** stop after this many polls after the first collection (undefined: until aborted) */
  rounds?: number;
  signal?: AbortSignal;
  /** waits, abortably (injected so tests do not wait for real) */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** after a round that added events: re-run correlation/diagnosis, before the tick goes out */
  afterUpdate?: (tick: LiveTick) => Promise<void>;
}

/**
 * The first collection, then (when following) a poll every interval. Yields a tick per round; a round
 * that added nothing yields a tick too, so a display can show "last checked at …".
 */
export async function* collectLive(collector: LiveCollector, follow: FollowOptions | null): AsyncGenerator<LiveTick> {
  const first = await collector.poll(follow?.signal);
  if (follow?.afterUpdate && first.newEvents > 0) await follow.afterUpdate(first);
  yield first;
  if (!follow) return;
  for (let n = 0; follow.rounds === undefined || n < follow.rounds; n++) {
    if (follow.signal?.aborted) return;
    await follow.sleep(follow.intervalMs, follow.signal);
    if (follow.signal?.aborted) return;
    const tick = await collector.poll(follow.signal);
    if (follow.afterUpdate && tick.newEvents > 0) await follow.afterUpdate(tick);
    yield tick;
  }
}
