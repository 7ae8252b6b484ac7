#!/usr/bin/env node
// A stand-in for Windows' wevtutil.exe, for tests: `qe` replays recorded events per channel, filtered by
// the /q: XPath (a strict subset: the shapes rdplens generates; anything else fails like wevtutil does
// for a bad query), `gl` reports whether a channel is enabled. Behaviour is set by environment variables:
//   WEVTUTIL_STANDIN_FIXTURES  folder with one file per channel: <channel with / as %4>.xml, plus
//                              optional .more.xml whose events appear from the second `qe` on
//   WEVTUTIL_STANDIN_LOG       every invocation's argv is appended here as one JSON line
//   WEVTUTIL_STANDIN_STATE     folder for the per-channel call counters
//   WEVTUTIL_STANDIN_DENIED    channels (comma-separated) that answer "Access is denied"
//   WEVTUTIL_STANDIN_DISABLED  channels that `gl` reports as enabled: false
//   WEVTUTIL_STANDIN_SLOW_MS   write the output in 4096-byte pieces this many ms apart
//   WEVTUTIL_STANDIN_REPEAT    replay each channel's events this many times (record ids + 100000 per copy)
//   WEVTUTIL_STANDIN_FAIL      "rpc" (RPC server unavailable) or "logon" (bad credentials) for every call
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const env = process.env;
if (env.WEVTUTIL_STANDIN_LOG) appendFileSync(env.WEVTUTIL_STANDIN_LOG, JSON.stringify(argv) + '\n');

const list = (v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const fileFor = (channel) => join(env.WEVTUTIL_STANDIN_FIXTURES ?? '.', channel.replace(/\//g, '%4') + '.xml');
const opt = (name) => {
  const a = argv.find((x) => x.toLowerCase().startsWith(`/${name}:`));
  return a === undefined ? undefined : a.slice(name.length + 2);
};

function fail(code, message) {
  process.stderr.write(message + '\r\n');
  process.exit(code);
}

if (env.WEVTUTIL_STANDIN_FAIL === 'rpc') fail(1722, 'Failed to read events. The RPC server is unavailable.');
if (env.WEVTUTIL_STANDIN_FAIL === 'logon') fail(1326, 'Failed to read events. The user name or password is incorrect.');

const [verb, channel] = argv;
if (!verb || !channel) fail(87, 'The parameter is incorrect.');
if (!existsSync(fileFor(channel))) fail(15007, 'Failed to read events. The specified channel could not be found.');
if (list(env.WEVTUTIL_STANDIN_DENIED).includes(channel)) fail(5, 'Failed to read events. Access is denied.');

if (verb === 'gl') {
  const enabled = !list(env.WEVTUTIL_STANDIN_DISABLED).includes(channel);
  process.stdout.write(`name: ${channel}\r\nenabled: ${enabled}\r\ntype: Operational\r\nowningPublisher: \r\nisolation: Application\r\n`);
  process.exit(0);
}
if (verb !== 'qe') fail(87, 'The parameter is incorrect.');
if (opt('f') !== 'xml') fail(87, 'The parameter is incorrect. (expected /f:xml)');

// --- the query: every test must be one of the shapes below, joined by " and " inside *[System[…]]
const query = opt('q') ?? '*';
const tests = [];
if (query !== '*') {
  const m = /^\*\[System\[(.*)\]\]$/.exec(query);
  if (!m) fail(15001, 'Failed to read events. The specified query is invalid.');
  for (const part of m[1].split(' and ')) {
    let t;
    if ((t = /^Provider\[(@Name='[^']+'(?: or @Name='[^']+')*)\]$/.exec(part))) {
      const names = [...t[1].matchAll(/@Name='([^']+)'/g)].map((x) => x[1]);
      tests.push((ev) => names.includes(ev.provider));
    } else if ((t = /^EventID=(\d+)$/.exec(part)) || (t = /^\((EventID=\d+(?: or EventID=\d+)*)\)$/.exec(part))) {
      const ids = [...t[1].matchAll(/EventID=(\d+)/g)].map((x) => Number(x[1]));
      tests.push((ev) => ids.includes(ev.eventId));
    } else if ((t = /^EventRecordID>(\d+)$/.exec(part))) {
      const n = Number(t[1]);
      tests.push((ev) => ev.recordId > n);
    } else if ((t = /^TimeCreated\[@SystemTime>='(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)'\]$/.exec(part))) {
      const since = t[1];
      tests.push((ev) => ev.time >= since);
    } else {
      fail(15001, 'Failed to read events. The specified query is invalid.');
    }
  }
}

// --- the recorded log: the base file, plus the .more file once this channel was read before
let calls = 0;
if (env.WEVTUTIL_STANDIN_STATE) {
  mkdirSync(env.WEVTUTIL_STANDIN_STATE, { recursive: true });
  const counter = join(env.WEVTUTIL_STANDIN_STATE, channel.replace(/\//g, '%4') + '.calls');
  calls = existsSync(counter) ? Number(readFileSync(counter, 'utf8')) : 0;
  writeFileSync(counter, String(calls + 1));
}
let text = readFileSync(fileFor(channel), 'utf8');
const more = fileFor(channel).replace(/\.xml$/, '.more.xml');
if (calls > 0 && existsSync(more)) text += readFileSync(more, 'utf8');

const recorded = text.match(/<Event[\s>][\s\S]*?<\/Event>/g) ?? [];
const copies = Number(env.WEVTUTIL_STANDIN_REPEAT ?? 1);
const replayed = [];
for (let k = 0; k < copies; k++) {
  for (const xml of recorded) replayed.push(k ? xml.replace(/<EventRecordID>(\d+)</, (_, id) => `<EventRecordID>${Number(id) + k * 100000}<`) : xml);
}
const events = replayed.map((xml) => ({
  xml,
  provider: /<Provider Name='([^']*)'/.exec(xml)?.[1],
  eventId: Number(/<EventID(?: [^>]*)?>(\d+)</.exec(xml)?.[1]),
  recordId: Number(/<EventRecordID>(\d+)</.exec(xml)?.[1]),
  time: (/<TimeCreated SystemTime='([^']+)'/.exec(xml)?.[1] ?? '').slice(0, 23) + 'Z',
}));
const out = events.filter((ev) => tests.every((t) => t(ev))).map((ev) => ev.xml + '\r\n').join('');
const bytes = opt('uni') === 'true' ? Buffer.from(out, 'utf16le') : Buffer.from(out, 'utf8');

const slow = Number(env.WEVTUTIL_STANDIN_SLOW_MS ?? 0);
if (!slow) {
  process.stdout.write(bytes);
} else {
  let at = 0;
  const step = () => {
    if (at >= bytes.length) return;
    const piece = bytes.subarray(at, at + 4096);
    at += piece.length;
    if (process.stdout.write(piece)) setTimeout(step, slow);
    else process.stdout.once('drain', () => setTimeout(step, slow));
  };
  step();
}
