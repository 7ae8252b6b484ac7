/**
 * A min-heap of (deadline, item). The correlator keeps open attempts in it so each sweep touches only
 * the attempts whose time is up, not every open attempt (thousands are open on a busy server, and a
 * sweep runs for every second of log time); diagnosis keeps the sessions a sweep over time holds open.
 */
export class DeadlineQueue<T> {
  private readonly at: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.at.length;
  }

  push(deadline: number, item: T): void {
    const { at, items } = this;
    let i = at.length;
    at.push(deadline);
    items.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (at[p]! <= deadline) break;
      at[i] = at[p]!;
      items[i] = items[p]!;
      i = p;
    }
    at[i] = deadline;
    items[i] = item;
  }

  /** Removes and returns the item with the earliest deadline if that deadline is before `now`. */
  popBefore(now: number): T | undefined {
    const { at, items } = this;
    if (at.length === 0 || !(at[0]! < now)) return undefined;
    const top = items[0]!;
    const lastAt = at.pop()!;
    const lastItem = items.pop()!;
    const n = at.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && at[l + 1]! < at[l]! ? l + 1 : l;
        if (at[c]! >= lastAt) break;
        at[i] = at[c]!;
        items[i] = items[c]!;
        i = c;
      }
      at[i] = lastAt;
      items[i] = lastItem;
    }
    return top;
  }
}
