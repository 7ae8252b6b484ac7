import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveUpdates, publishLiveFeed, liveFeed, type LiveTick } from '../src/live/updates.js';

const tick = (round: number): LiveTick => ({ round, at: `2026-11-21T12:00:0${round}.000Z`, newEvents: round, channels: [] });

test('LiveUpdates: each subscriber gets the ticks published after it subscribed; a slow one gets the latest; close ends them', async () => {
  const u = new LiveUpdates();
  u.publish(tick(0)); // before anyone listens: not delivered
  const fast = u.subscribe();
  const slow = u.subscribe();
  const got: number[] = [];
  const reading = (async () => {
    for await (const t of fast) got.push(t.round);
  })();
  u.publish(tick(1));
  await new Promise((r) => setImmediate(r));
  u.publish(tick(2));
  await new Promise((r) => setImmediate(r));
  u.publish(tick(3));
  u.publish(tick(4)); // the slow subscriber has not read since tick 1: it sees only tick 4
  assert.equal((await slow.next()).value.round, 4);
  u.close();
  await reading;
  assert.deepEqual(got, [1, 2, 4]);
  assert.equal((await slow.next()).done, true);
});

test('live feeds are found by database path until unpublished', () => {
  const u = new LiveUpdates();
  const stop = publishLiveFeed('/cases/a.db', u);
  assert.equal(liveFeed('/cases/a.db'), u);
  assert.equal(liveFeed('/cases/b.db'), undefined);
  stop();
  assert.equal(liveFeed('/cases/a.db'), undefined);
});
