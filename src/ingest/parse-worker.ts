/**
 * Worker side of parallel ingest: bytes arrive as transferred chunks, events leave normalized in
 * batches. Parsing and normalising (about half the CPU of an ingest) then run beside the main
 * thread, which only stores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ParseOptions } from '../../parsers/types.js';
import { readNormalized, type NormalizedItem } from './normalized-items.js';
import type { ToWorker, FromWorker } from './worker-protocol.js';

const port = parentPort!;
const opts = workerData as ParseOptions;
const BATCH = 1000;

const chunks: Uint8Array[] = [];
let ended = false;
let wake: (() => void) | null = null;
let batch: NormalizedItem[] = [];

const post = (m: FromWorker) => port.postMessage(m);
const flushBatch = () => {
  if (batch.length) post({ kind: 'items', items: batch });
  batch = [];
};

port.on('message', (m: ToWorker) => {
  if (m.kind === 'chunk') chunks.push(new Uint8Array(m.buffer));
  else ended = true;
  wake?.();
});

async function* input(): AsyncGenerator<Uint8Array> {
  for (;;) {
    const next = chunks.shift();
    if (next) {
      post({ kind: 'consumed', bytes: next.byteLength });
      yield next;
      continue;
    }
    if (ended) return;
    // Waiting for bytes: hand over what is parsed so far (live streams arrive slowly).
    flushBatch();
    await new Promise<void>((r) => (wake = r));
    wake = null;
  }
}

try {
  for await (const item of readNormalized(input(), opts)) {
    batch.push(item);
    if (batch.length >= BATCH) flushBatch();
  }
  flushBatch();
  post({ kind: 'end' });
} catch (err) {
  flushBatch();
  post({ kind: 'error', message: (err as Error)?.stack ?? String(err) });
}
