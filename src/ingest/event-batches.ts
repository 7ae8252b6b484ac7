/**
 * Normalized events → batches of insert-ready rows, plus the per-event work the ingest needs
 * (host fill-in, the --xpath filter, counting). Runs wherever the parsing runs (the parse worker,
 * or this thread with `parseInWorker: false`), so the storing thread does no per-event work at all.
 */
import type { InputInfo, NormalizedEvent, ParseIssue } from '../model/event.js';
import { EventRowEncoder, type BufferSource, type EventRowBatch } from '../store/event-rows.js';
import type { NormalizedItem } from './normalized-items.js';

export type BatchItem =
  | { kind: 'info'; info: InputInfo }
  | { kind: 'issue'; issue: ParseIssue }
  /**
   * `batch.rows` events that passed the filter, in input order. `release`, when given, is called
   * once the batch is stored: its buffers go back to the thread that encoded them, for reuse.
   */
  | { kind: 'rows'; batch: EventRowBatch; release?: () => void }
  /** last item: the host named by the last record that had one, and whether any record had none */
  | { kind: 'hosts'; lastHost: string; hostless: boolean };

export interface BatchOptions {
  importId: number;
  /** events per batch (one transaction each) */
  batchSize: number;
  /** keep only events for which this returns true (the compiled --xpath) */
  filter?: (ev: NormalizedEvent) => boolean;
  /** where the encoded statements are written (default: a buffer per statement) */
  buffers?: BufferSource;
}

export class EventBatcher {
  private lastHost = '';
  private hostless = false;
  private readonly rows: EventRowEncoder;

  constructor(private readonly opts: BatchOptions) {
    this.rows = new EventRowEncoder(opts.importId, opts.batchSize, undefined, opts.buffers);
  }

  /** Adds one event; returns a full batch when one is complete. */
  add(ev: NormalizedEvent): EventRowBatch | null {
    // An exported log is one machine's; a record with an empty Computer (seen in real Schannel
    // events) belongs to the machine the neighbouring records name. Records before the first named
    // one are fixed once the import ends (see the 'hosts' item).
    if (ev.host) this.lastHost = ev.host;
    else if (this.lastHost) ev.host = this.lastHost;
    else this.hostless = true;
    if (this.opts.filter && !this.opts.filter(ev)) return null;
    return this.rows.add(ev);
  }

  /** The events collected so far, as a (short) batch. */
  take(): EventRowBatch | null {
    return this.rows.take();
  }

  hosts(): BatchItem {
    return { kind: 'hosts', lastHost: this.lastHost, hostless: this.hostless };
  }
}

/** Batches on this thread. */
export async function* readBatches(items: AsyncIterable<NormalizedItem>, opts: BatchOptions): AsyncGenerator<BatchItem> {
  const batcher = new EventBatcher(opts);
  for await (const item of items) {
    if (item.kind !== 'event') {
      yield item;
      continue;
    }
    const batch = batcher.add(item.event);
    if (batch) yield { kind: 'rows', batch };
  }
  const last = batcher.take();
  if (last) yield { kind: 'rows', batch: last };
  yield batcher.hosts();
}
