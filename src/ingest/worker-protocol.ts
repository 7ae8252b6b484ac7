import type { ParseOptions } from '../../parsers/types.js';
import type { BatchItem } from './event-batches.js';

/** What the parse worker is started with. */
export interface WorkerSetup {
  parse: ParseOptions;
  importId: number;
  batchSize: number;
  /** the --xpath text; the worker compiles it itself (a function cannot cross threads) */
  filterText?: string;
}

/** main → worker ('recycle': the buffers of a stored batch, for reuse) */
export type ToWorker = { kind: 'chunk'; buffer: ArrayBuffer } | { kind: 'recycle'; buffers: ArrayBuffer[] } | { kind: 'end' };
/** worker → main */
export type FromWorker =
  | { kind: 'items'; items: BatchItem[] }
  | { kind: 'consumed'; bytes: number }
  | { kind: 'end' }
  | { kind: 'error'; message: string };
