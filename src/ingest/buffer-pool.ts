/**
 * Buffers for encoded row batches, reused. A batch's bytes go from the parse worker to the storing
 * thread by transfer; once stored, the storing thread hands them back (a 'recycle' message) instead
 * of dropping them. Dropped, a few megabytes per second of buffers would wait there for its garbage
 * collector, which runs rarely (little else is allocated on that thread): measured, 20–30 MiB of
 * the ingest's peak memory. The pool holds at most `max` buffers; more are left to the collector.
 */
export class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  constructor(
    /** size of a new buffer, unless a statement needs more */
    private readonly size: number,
    private readonly max: number,
  ) {}

  /** A buffer of at least `minBytes`: a returned one if one is large enough, else a new one. */
  take(minBytes: number): Uint8Array {
    const i = this.free.findIndex((b) => b.byteLength >= minBytes);
    const b = i >= 0 ? this.free.splice(i, 1)[0]! : new ArrayBuffer(Math.max(minBytes, this.size));
    return new Uint8Array(b);
  }

  /**
   * Takes buffers back for reuse. Only standard-size ones are kept: one made for a huge record (up to
   * MAX_EVENT_CHARS) is left to the collector, or a few such records would pin their size in memory.
   */
  give(buffers: readonly ArrayBuffer[]): void {
    for (const b of buffers) if (this.free.length < this.max && b.byteLength === this.size) this.free.push(b);
  }

  /** buffers waiting for reuse */
  get available(): number {
    return this.free.length;
  }
}
