/**
 * The attempts a host correlator still holds open, with the indexes its joins search: by client
 * address, by recency (joins by time look only as far back as their window), and by deadline (a
 * sweep touches only attempts whose time is up). Memory follows concurrency, not log size.
 */
import type { NormalizedAddress } from '../normalize/address.js';
import type { AttemptBuilder } from './builders.js';
import { DeadlineQueue } from '../util/deadline-queue.js';

export interface OpenAttemptTimes {
  /** an ended attempt still takes trailing events for this long */
  endGraceMs: number;
  /** an attempt with no logon and no end is closed after this long without events */
  idleMs: number;
  /** a logged-on attempt with no end is closed after this long without events */
  sessionIdleMs: number;
  /** the longest window any join by time looks back over */
  recentWindowMs: number;
}

export class OpenAttempts {
  private readonly live = new Map<string, AttemptBuilder>();
  /** by (possibly outdated, never late) deadline: see due() */
  private readonly deadlines = new DeadlineQueue<AttemptBuilder>();
  /** in the order they were opened, trimmed once older than every join window (see recent()) */
  private readonly opened: AttemptBuilder[] = [];
  private openedHead = 0;
  private openedTrimmed = 0;
  private readonly byAddr = new Map<string, AttemptBuilder[]>();

  constructor(private readonly t: OpenAttemptTimes) {}

  /** Open attempts plus address keys indexed (for the correlator's state-size statistic). */
  get size(): number {
    return this.live.size + this.byAddr.size;
  }

  has(a: AttemptBuilder): boolean {
    return this.live.get(a.id) === a;
  }

  /** Every open attempt, in the order they were opened. */
  all(): AttemptBuilder[] {
    return [...this.live.values()];
  }

  add(a: AttemptBuilder): void {
    a.seq = this.opened.length + this.openedTrimmed;
    this.live.set(a.id, a);
    this.opened.push(a);
    this.deadlines.push(this.deadlineOf(a), a);
    // ending moves the deadline closer: queue the attempt again
    a.onEnded = (x) => this.deadlines.push(this.deadlineOf(x), x);
  }

  /**
   * Open attempts opened within the longest join window before `now`, in the order they were opened.
   * Every join that looks for candidates by time needs only these.
   */
  recent(now: number): AttemptBuilder[] {
    const list = this.opened;
    while (this.openedHead < list.length) {
      const a = list[this.openedHead]!;
      if (this.has(a) && now - a.startMs <= this.t.recentWindowMs) break;
      this.openedHead++;
    }
    if (this.openedHead > 1024 && this.openedHead * 2 > list.length) {
      list.splice(0, this.openedHead);
      this.openedTrimmed += this.openedHead;
      this.openedHead = 0;
    }
    const out: AttemptBuilder[] = [];
    for (let i = this.openedHead; i < list.length; i++) if (this.has(list[i]!)) out.push(list[i]!);
    return out;
  }

  /** Sets the attempt's address if it has none yet, and indexes it for address joins. */
  learnAddress(a: AttemptBuilder, addr: NormalizedAddress): void {
    if (a.address?.key) return;
    a.setAddress(addr);
    const k = a.address?.key;
    if (!k) return;
    const list = this.byAddr.get(k);
    if (list) list.push(a);
    else this.byAddr.set(k, [a]);
  }

  /** Open attempts whose client address has this key (in the order the address was learnt). */
  withAddress(key: string): readonly AttemptBuilder[] {
    return (this.byAddr.get(key) ?? []).filter((a) => this.has(a));
  }

  /**
   * The open attempts whose time is up at `now`, in the order they were opened. Only queue entries
   * whose deadline has come are looked at; one made stale by later events is put back with the
   * attempt's current deadline, so the result equals checking every open attempt.
   */
  due(now: number): AttemptBuilder[] {
    const due = new Set<AttemptBuilder>();
    const later = new Set<AttemptBuilder>();
    for (let a = this.deadlines.popBefore(now + 1); a; a = this.deadlines.popBefore(now + 1)) {
      if (!this.has(a) || due.has(a) || later.has(a)) continue;
      if (this.expired(a, now)) due.add(a);
      else later.add(a);
    }
    for (const a of later) this.deadlines.push(this.deadlineOf(a), a);
    return [...due].sort((x, y) => x.seq - y.seq);
  }

  /** Removes a finished attempt; false when it was not open. */
  remove(a: AttemptBuilder): boolean {
    if (!this.has(a)) return false;
    this.live.delete(a.id);
    const k = a.address?.key;
    const list = k ? this.byAddr.get(k) : undefined;
    if (k && list) {
      const rest = list.filter((x) => x !== a);
      if (rest.length) this.byAddr.set(k, rest);
      else this.byAddr.delete(k);
    }
    return true;
  }

  /** When an attempt is due to be closed, as far as is known now (it only moves later, except on ending). */
  private deadlineOf(a: AttemptBuilder): number {
    return a.ended ? a.endMs! + this.t.endGraceMs : a.lastMs + (a.loggedOn ? this.t.sessionIdleMs : this.t.idleMs);
  }

  private expired(a: AttemptBuilder, now: number): boolean {
    return a.ended ? now - a.endMs! > this.t.endGraceMs : now - a.lastMs > (a.loggedOn ? this.t.sessionIdleMs : this.t.idleMs);
  }
}
