/**
 * "The database changed" notifications of `live --follow`. Any number of consumers (the command's own
 * progress line, the terminal UI's refresh) subscribe and read ticks as an async iterator; a slow consumer
 * only ever holds the latest tick, because each tick describes the whole database state anyway.
 */

export interface ChannelResult {
  key: string;
  channel: string;
  /** ok: events read; empty: nothing matched; skipped: not readable on this machine (see warning) */
  status: 'ok' | 'empty' | 'skipped';
  events: number;
  newEvents: number;
  issues: number;
  /** highest EventRecordID read so far (the follow bookmark) */
  bookmark: number | null;
  warning?: string;
}

export interface LiveTick {
  /** 0 for the first collection, then 1, 2 … per poll */
  round: number;
  /** the injected clock's time when the round finished */
  at: string;
  /** events added to the database by this round */
  newEvents: number;
  channels: ChannelResult[];
}

export class LiveUpdates {
  private readonly waiting = new Set<{ latest: LiveTick | null; wake: (() => void) | null }>();
  private closed = false;

  publish(tick: LiveTick): void {
    for (const s of this.waiting) {
      s.latest = tick;
      s.wake?.();
    }
  }

  close(): void {
    this.closed = true;
    for (const s of this.waiting) s.wake?.();
  }

  /** Ticks published from now on; ends when the collection stops. */
  subscribe(): AsyncIterableIterator<LiveTick> {
    const sub = { latest: null as LiveTick | null, wake: null as (() => void) | null };
    this.waiting.add(sub);
    const self = this;
    const it: AsyncIterableIterator<LiveTick> = {
      async next() {
        while (!sub.latest && !self.closed) await new Promise<void>((r) => (sub.wake = r));
        sub.wake = null;
        if (sub.latest) {
          const value = sub.latest;
          sub.latest = null;
          return { value, done: false };
        }
        self.waiting.delete(sub);
        return { value: undefined, done: true };
      },
      async return() {
        self.waiting.delete(sub);
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return it;
      },
    };
    return it;
  }
}

/**
 * Live feeds by case database (absolute path), so a command started by `live … then browse` can find the
 * ticks of the collection that writes its database: `liveFeed(db)?.subscribe()`. Only one process-local
 * registry; nothing is shared between processes.
 */
const feeds = new Map<string, LiveUpdates>();

export function publishLiveFeed(dbPath: string, updates: LiveUpdates): () => void {
  feeds.set(dbPath, updates);
  return () => {
    if (feeds.get(dbPath) === updates) feeds.delete(dbPath);
  };
}

export function liveFeed(dbPath: string): LiveUpdates | undefined {
  return feeds.get(dbPath);
}
