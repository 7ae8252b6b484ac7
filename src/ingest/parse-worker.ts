/**
 * Worker side of parallel ingest: bytes arrive as transferred chunks; batches of insert-ready rows
 * leave (see ./event-batches.ts). Parsing, normalising and encoding run beside the main thread,
 * which only hands each batch to SQLite.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readNormalized } from './normalized-items.js';
import { EventBatcher, type BatchItem } from './event-batches.js';
import { transferList } from '../store/event-rows.js';
import type { ToWorker, FromWorker, WorkerSetup } from './worker-protocol.js';
import { BufferPool } from './buffer-pool.js';

const port = parentPort!;
const setup = workerData as WorkerSetup;
/** info and issue items wait at most this many before being sent without rows */
const MAX_PENDING_ITEMS = 1000;
/**
 * Statement buffers: a typical batch (2,000 events) fits one; the batches in flight (queued on the
 * storing side, being stored, being encoded) are never more than about six.
 */
const pool = new BufferPool(2 << 20, 8);

const chunks: Uint8Array[] = [];
let ended = false;
let wake: (() => void) | null = null;
let out: BatchItem[] = [];

const post = (m: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);
const send = () => {
  if (!out.length) return;
  const transfer = out.flatMap((item) => (item.kind === 'rows' ? transferList(item.batch) : []));
  post({ kind: 'items', items: out }, transfer);
  out = [];
};

port.on('message', (m: ToWorker) => {
  if (m.kind === 'chunk') chunks.push(new Uint8Array(m.buffer));
  else if (m.kind === 'recycle') {
    pool.give(m.buffers);
    return;
  } else ended = true;
  wake?.();
});

async function main(): Promise<void> {
  // the XPath engine is loaded only when a filter is given
  const filter = setup.filterText ? (await import('../filter/xpath.js')).compileXPathFilter(setup.filterText) : undefined;
  const batcher = new EventBatcher({ importId: setup.importId, batchSize: setup.batchSize, filter, buffers: (n) => pool.take(n) });

  async function* input(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const next = chunks.shift();
      if (next) {
        post({ kind: 'consumed', bytes: next.byteLength });
        yield next;
        continue;
      }
      if (ended) return;
      // Waiting for bytes: hand over the issues found so far (live streams arrive slowly). Rows
      // wait for a full batch: each batch is one transaction, and readers see whole ones only.
      send();
      await new Promise<void>((r) => (wake = r));
      wake = null;
    }
  }

  try {
    for await (const item of readNormalized(input(), setup.parse)) {
      if (item.kind === 'event') {
        const batch = batcher.add(item.event);
        if (batch) {
          out.push({ kind: 'rows', batch });
          send();
        }
      } else {
        out.push(item);
        if (out.length >= MAX_PENDING_ITEMS) send();
      }
    }
    const last = batcher.take();
    if (last) out.push({ kind: 'rows', batch: last });
    out.push(batcher.hosts());
    send();
    post({ kind: 'end' });
  } catch (err) {
    send();
    post({ kind: 'error', message: (err as Error)?.stack ?? String(err) });
  }
}

main().catch((err) => post({ kind: 'error', message: (err as Error)?.stack ?? String(err) }));
