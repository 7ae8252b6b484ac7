/**
 * Main side of parallel ingest: feeds the source's bytes to a parse worker and yields the batches
 * of rows (and the issues) it sends back, in order. Memory stays bounded: no more than IN_FLIGHT
 * bytes wait for the worker and no more than MAX_QUEUED messages wait here (the store sets the pace).
 */
import { Worker } from 'node:worker_threads';
import type { BatchItem } from './event-batches.js';
import { transferList, type EventRowBatch } from '../store/event-rows.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol.js';

const IN_FLIGHT = 2 << 20;
const MAX_QUEUED = 4;

/**
 * The worker's heap. V8 lets the young generation grow to 3 × 16 MiB (48), which the parser's garbage
 * soon fills though little of it survives a scavenge; and with no explicit old-generation limit it
 * lets old garbage pile up far longer. A 16 MiB young generation costs about 10 MiB of peak memory
 * over 12 and saves about a tenth of the parse time (fewer scavenges); 48 would add 30 MiB more for
 * little gain. The old-generation bound stays far above what the largest record (MAX_EVENT_CHARS) needs.
 */
const WORKER_LIMITS = {
  maxYoungGenerationSizeMb: 16,
  maxOldGenerationSizeMb: 1024,
};

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** Compiled: the .js beside this file. From source (tsx, tests): the .ts file, loaded through tsx. */
function workerUrl(): URL {
  return new URL(`./parse-worker.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url);
}

export async function* readBatchesInWorker(source: AsyncIterable<Uint8Array>, setup: WorkerSetup): AsyncGenerator<BatchItem> {
  const worker = FROM_SOURCE
    ? // tsx's loader hooks do not reach a worker through execArgv: register them inside it first.
      new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl().href)}); });`,
        { eval: true, workerData: setup, resourceLimits: WORKER_LIMITS },
      )
    : new Worker(workerUrl(), { workerData: setup, resourceLimits: WORKER_LIMITS });
  const queue: BatchItem[][] = [];
  let inFlight = 0;
  let finished = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  let stopped = false;
  /** hands a stored batch's buffers back to the worker (see ./buffer-pool.ts) */
  const recycler = (batch: EventRowBatch) => () => {
    if (stopped) return;
    const buffers = transferList(batch);
    worker.postMessage({ kind: 'recycle', buffers } satisfies ToWorker, buffers);
  };
  worker.on('message', (m: FromWorker) => {
    if (m.kind === 'items') queue.push(m.items.map((item) => (item.kind === 'rows' ? { ...item, release: recycler(item.batch) } : item)));
    else if (m.kind === 'consumed') inFlight -= m.bytes;
    else if (m.kind === 'end') finished = true;
    else failure = new Error(`parse worker failed: ${m.message}`);
    signal();
  });
  worker.on('error', (e) => {
    failure = e;
    signal();
  });
  worker.on('exit', () => {
    if (!finished && !failure) failure = new Error('parse worker stopped unexpectedly');
    signal();
  });

  const it = source[Symbol.asyncIterator]();
  let sourceDone = false;
  const send = (m: ToWorker, transfer?: ArrayBuffer[]) => worker.postMessage(m, transfer);
  try {
    for (;;) {
      while (!sourceDone && inFlight < IN_FLIGHT && queue.length < MAX_QUEUED && !failure) {
        const r = await it.next();
        if (r.done) {
          sourceDone = true;
          send({ kind: 'end' });
          break;
        }
        // a copy the worker can own (the stream may reuse or share its buffer)
        const copy = new Uint8Array(r.value.byteLength);
        copy.set(r.value);
        inFlight += copy.byteLength;
        send({ kind: 'chunk', buffer: copy.buffer }, [copy.buffer]);
      }
      const items = queue.shift();
      if (items) {
        for (const item of items) yield item;
        continue;
      }
      if (failure) throw failure;
      if (finished) return;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    stopped = true;
    if (!sourceDone) await it.return?.();
    await worker.terminate();
  }
}
