import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSince, sinceToUtc, channelQuery, xpathString } from '../src/live/query.js';
import { LOG_CHANNELS, selectChannels, channelsForRole, describeChannels } from '../src/live/channels.js';

const NOW = new Date('2026-11-21T12:00:00.000Z');

test('parseSince: durations and absolute moments', () => {
  assert.equal(sinceToUtc(parseSince('24h'), NOW).toISOString(), '2026-11-20T12:00:00.000Z');
  assert.equal(sinceToUtc(parseSince('30m'), NOW).toISOString(), '2026-11-21T11:30:00.000Z');
  assert.equal(sinceToUtc(parseSince('7d'), NOW).toISOString(), '2026-11-14T12:00:00.000Z');
  assert.equal(sinceToUtc(parseSince('2w'), NOW).toISOString(), '2026-11-07T12:00:00.000Z');
  assert.equal(sinceToUtc(parseSince('2026-11-20T08:00Z'), NOW).toISOString(), '2026-11-20T08:00:00.000Z');
  assert.equal(sinceToUtc(parseSince('2026-11-20T08:00:00+01:00'), NOW).toISOString(), '2026-11-20T07:00:00.000Z');
  assert.equal(sinceToUtc(parseSince('2026-11-20T08:00:00.1234567Z'), NOW).toISOString(), '2026-11-20T08:00:00.123Z');
  // no zone: this machine's local time
  const local = parseSince('2026-11-20T08:00');
  assert.deepEqual(local, { kind: 'absolute', iso: '2026-11-20T08:00:00.000', local: true, text: '2026-11-20T08:00' });
  assert.equal(sinceToUtc(local, NOW).getTime(), new Date(2026, 10, 20, 8, 0, 0).getTime());
  assert.equal(sinceToUtc(parseSince('2026-11-20'), NOW).getTime(), new Date(2026, 10, 20).getTime(), 'a date alone is local midnight, not UTC');
  for (const bad of ['yesterday', '0h', '2026-13-01', '2026-02-30T00:00', '24', '-5h']) assert.throws(() => parseSince(bad), /--since/, bad);
});

test('channelQuery: selection and bounds inside one System test', () => {
  assert.equal(channelQuery({}), '*');
  assert.equal(channelQuery({ eventIds: [8001] }), '*[System[EventID=8001]]');
  assert.equal(channelQuery({ providers: ['TermDD'] }, { afterRecordId: 41 }), "*[System[Provider[@Name='TermDD'] and EventRecordID>41]]");
  assert.equal(channelQuery({}, { since: NOW }), "*[System[TimeCreated[@SystemTime>='2026-11-21T12:00:00.000Z']]]");
  assert.equal(xpathString("it's"), `"it's"`);
  assert.equal(xpathString(`a'b"c`), `concat('a', "'", 'b"c')`);
});

test('channel list: unique keys and logs, every fact sourced, role and --channels selection', () => {
  assert.equal(new Set(LOG_CHANNELS.map((c) => c.key)).size, LOG_CHANNELS.length);
  assert.equal(new Set(LOG_CHANNELS.map((c) => c.channel)).size, LOG_CHANNELS.length);
  for (const c of LOG_CHANNELS) assert.match(c.source, /rdp-signatures §/);
  assert.deepEqual(channelsForRole('client').map((c) => c.key), ['system', 'rdpclient', 'security', 'ntlm', 'capi2']);
  assert.deepEqual(channelsForRole('server').map((c) => c.key), ['system', 'lsm', 'rcm', 'rcm-admin', 'rdpcorets', 'security', 'capi2']);
  assert.equal(channelsForRole('both').length, LOG_CHANNELS.length);
  assert.deepEqual(selectChannels('security, rdpcore,System,security').map((c) => c.key), ['security', 'rdpcorets', 'system']);
  assert.deepEqual(selectChannels('Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin').map((c) => c.key), ['rcm-admin']);
  assert.throws(() => selectChannels('remoteconnection'), /ambiguous channel.*rcm, rcm-admin/);
  assert.throws(() => selectChannels('application'), /unknown channel "application"; use one of: system, lsm/);
  const help = describeChannels();
  for (const c of LOG_CHANNELS) assert.ok(help.includes(c.channel), c.channel);
});
