import type { NormalizedItem } from './normalized-items.js';

/** main → worker */
export type ToWorker = { kind: 'chunk'; buffer: ArrayBuffer } | { kind: 'end' };
/** worker → main */
export type FromWorker =
  | { kind: 'items'; items: NormalizedItem[] }
  | { kind: 'consumed'; bytes: number }
  | { kind: 'end' }
  | { kind: 'error'; message: string };
