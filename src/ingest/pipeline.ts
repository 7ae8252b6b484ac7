/**
 * Bytes → readers → normalize → rows → store, streaming. A worker thread parses, normalises and
 * encodes each batch of events as SQL row literals (./event-batches.ts); this thread only hands
 * each batch to the store, whose addon runs it on its own thread. Parsing of batch N+1 overlaps the
 * commit of batch N, and memory holds a few batches whatever the input size.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isSqliteFile } from '../util/sqlite-file.js';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { NormalizedEvent, ParseIssue } from '../model/event.js';
import type { InputSummary } from '../model/analysis.js';
import type { Store } from '../store/types.js';
import { readNormalized } from './normalized-items.js';
import { readBatches, type BatchItem } from './event-batches.js';
import { readBatchesInWorker } from './worker-reader.js';

export interface IngestProgress {
  file: string;
  bytes: number;
  totalBytes: number | null;
  events: number;
}

export interface IngestOptions {
  /**
   * keep only events for which this returns true (the compiled --xpath). A parse worker compiles
   * `filterText` itself; a filter without its text keeps the parsing on this thread.
   */
  filter?: (ev: NormalizedEvent) => boolean;
  /** the filter's text, recorded with the import so a different filter re-reads the file */
  filterText?: string;
  /** re-read inputs whose bytes were already ingested */
  force?: boolean;
  carve?: boolean;
  batchSize?: number;
  onProgress?: (p: IngestProgress) => void;
  /** called for each parse issue as it happens (the CLI prints the first few) */
  onIssue?: (issue: ParseIssue) => void;
  /** parse and normalise in a worker thread (default true; false keeps everything on this thread) */
  parseInWorker?: boolean;
}

export interface IngestResult extends InputSummary {
  /** true when the same bytes had been ingested before and were not read again */
  skipped: boolean;
}

/**
 * Notes about an input that cost no record (a log copied while open is marked dirty; its header
 * counts are stale). They are stored and shown, but do not make the input "partial".
 */
const INFORMATIONAL_ISSUES = new Set(['evtx-dirty', 'evtx-header-chunk-count', 'stray-markup']);

/** Events per transaction: a reader (or a crash) sees whole batches of this many. */
export const DEFAULT_BATCH_SIZE = 2000;

const MAX_STORED_ISSUES_PER_INPUT = 10_000;

/** Streams one source into the store. `meta.sha256` may be given when the caller hashed the file already. */
export async function ingestSource(
  store: Store,
  source: AsyncIterable<Uint8Array>,
  meta: { path: string; size?: number; sha256?: string },
  opts: IngestOptions = {},
): Promise<InputSummary> {
  const hash = createHash('sha256');
  let bytes = 0;
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  // a hash given by the caller covers the file already: hashing the bytes again would be wasted
  const hashing = meta.sha256 === undefined;
  async function* tap(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      if (hashing) hash.update(chunk);
      bytes += chunk.byteLength;
      yield chunk;
    }
  }

  const importId = await store.beginImport({ path: meta.path, sha256: '', size: meta.size ?? 0, filter: opts.filterText });
  let format = 'unknown';
  let encoding = 'unknown';
  let events = 0;
  let newEvents = 0;
  let issueCount = 0;
  let skippedRecords = 0;
  let issues: ParseIssue[] = [];
  /** the batch being stored, and what to do once it is */
  let pending: { stored: Promise<number>; release?: () => void } | null = null;
  let lastHost = '';
  let hostless = false;
  let progressAt = 0;

  const flush = async (rows: Extract<BatchItem, { kind: 'rows' }> | null) => {
    if (pending) {
      newEvents += await pending.stored;
      pending.release?.();
    }
    pending = rows ? { stored: store.insertEventRows(rows.batch), release: rows.release } : null;
    // awaited on the next flush; the no-op handler keeps an early failure from counting as unhandled
    pending?.stored.catch(() => undefined);
    if (issues.length) {
      await store.addIssues(importId, issues);
      issues = [];
    }
  };
  const issue = (i: ParseIssue) => {
    issueCount++;
    if (!INFORMATIONAL_ISSUES.has(i.kind)) skippedRecords++;
    opts.onIssue?.(i);
    if (issueCount <= MAX_STORED_ISSUES_PER_INPUT) issues.push(i);
  };

  const parseOpts = { file: meta.path, carve: opts.carve };
  const inWorker = opts.parseInWorker !== false && (!opts.filter || opts.filterText !== undefined);
  const items = inWorker
    ? readBatchesInWorker(tap(), { parse: parseOpts, importId, batchSize, filterText: opts.filter ? opts.filterText : undefined })
    : readBatches(readNormalized(tap(), parseOpts), { importId, batchSize, filter: opts.filter });
  for await (const item of items) {
    if (item.kind === 'info') {
      format = item.info.format;
      encoding = item.info.encoding;
    } else if (item.kind === 'issue') {
      issue(item.issue);
    } else if (item.kind === 'hosts') {
      lastHost = item.lastHost;
      hostless = item.hostless;
    } else {
      events += item.batch.rows;
      await flush(item);
    }
    if (opts.onProgress && (events - progressAt >= 2000 || item.kind === 'info')) {
      progressAt = events;
      opts.onProgress({ file: meta.path, bytes, totalBytes: meta.size ?? null, events });
    }
  }
  await flush(null);
  if (hostless && lastHost) {
    // Records stored before the first named one get its host. When the same input was read before,
    // they are in the case under that host already: the host-less copies go instead.
    const copies = `FROM events WHERE import_id = ? AND host = '' AND EXISTS (SELECT 1 FROM events o WHERE o.host = ?
      AND o.channel = events.channel AND o.record_id = events.record_id AND o.identity_time = events.identity_time)`;
    newEvents -= (await store.get<{ n: number }>(`SELECT count(*) AS n ${copies}`, [importId, lastHost]))?.n ?? 0;
    await store.run(`DELETE ${copies}`, [importId, lastHost]);
    await store.run(`UPDATE OR IGNORE events SET host = ? WHERE import_id = ? AND host = ''`, [lastHost, importId]);
  }
  const status: InputSummary['status'] = events === 0 ? 'unusable' : skippedRecords > 0 ? 'partial' : 'ok';
  if (events === 0 && issueCount === 0) {
    const empty: ParseIssue = { file: meta.path, offset: 0, line: null, kind: 'no-events', message: 'no events found in this input' };
    issue(empty);
    await store.addIssues(importId, [empty]);
  }
  const summary: InputSummary = {
    // the caller's hash covers the whole file even when the reader stopped early (e.g. not a log)
    path: meta.path, sha256: meta.sha256 ?? hash.digest('hex'), size: meta.sha256 && meta.size != null ? meta.size : bytes, format, encoding, events, newEvents, issues: issueCount, status,
  };
  await store.finishImport(importId, summary);
  opts.onProgress?.({ file: meta.path, bytes, totalBytes: meta.size ?? null, events });
  return summary;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Ingests files (already expanded, see ./paths.ts). A file whose bytes were ingested before with the
 * same filter is not read again unless `force`. `-` reads standard input.
 */
export async function ingestFiles(
  store: Store,
  files: string[],
  opts: IngestOptions & { cwd: string; stdin?: AsyncIterable<Uint8Array> },
): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  for (const file of files) {
    if (file === '-') {
      if (!opts.stdin) continue;
      results.push({ ...(await ingestSource(store, opts.stdin, { path: '-' }, opts)), skipped: false });
      continue;
    }
    const abs = resolve(opts.cwd, file);
    const st = await stat(abs);
    if (resolve(abs) === resolve(store.path) || resolve(abs) === resolve(`${store.path}-wal`) || resolve(abs) === resolve(`${store.path}-shm`)) continue;
    if (st.size >= 16 && (await isSqliteFile(abs))) {
      results.push({
        path: file, sha256: '', size: st.size, format: 'sqlite', encoding: 'binary', events: 0, newEvents: 0, issues: 0,
        status: 'unusable', skipped: true,
      });
      opts.onIssue?.({ file, offset: 0, line: null, kind: 'not-an-event-log', message: 'an SQLite database (an rdplens case?), not an event log: skipped' });
      continue;
    }
    let sha: string | undefined;
    if (!opts.force) {
      sha = await sha256File(abs);
      const prior = await store.findCompletedImport(sha, opts.filterText ?? '');
      if (prior) {
        results.push({ ...prior, path: file, newEvents: 0, skipped: true });
        continue;
      }
    }
    // 256 KiB reads: smaller buffers in flight than 1 MiB ones, at no measurable cost in speed
    const source = createReadStream(abs, { highWaterMark: 256 * 1024 });
    results.push({ ...(await ingestSource(store, source, { path: file, size: st.size, sha256: sha }, opts)), skipped: false });
  }
  return results;
}
