/**
 * Catalog against the real logs in ../shared/samples-real (skipped when the folder is absent).
 * Records are read with a small regex reader: enough for provider, id, channel and named Data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeEvent, isRelevant, lookupEvent, PROVIDER } from '../src/catalog/index.js';
import { nev } from './helpers/catalog-event.js';
import type { NormalizedEvent } from '../src/model/event.js';

const ROOT = fileURLToPath(new URL('../../shared/samples-real/', import.meta.url));
const skip = existsSync(ROOT) ? false : 'samples-real not present';

function decodeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

function* records(rel: string): Generator<NormalizedEvent> {
  const text = readFileSync(ROOT + rel, 'utf8');
  for (const m of text.matchAll(/<Event xmlns[\s\S]*?<\/Event>/g)) {
    const ev = m[0];
    const provider = /Provider Name="([^"]*)"/.exec(ev)?.[1] ?? '';
    const id = Number(/<EventID[^>]*>(\d+)</.exec(ev)?.[1]);
    const channel = /<Channel>([^<]*)</.exec(ev)?.[1] ?? '';
    const fields: Record<string, string> = {};
    for (const d of ev.matchAll(/<Data Name="([^"]+)">([^<]*)<\/Data>/g)) fields[d[1]!] = decodeXml(d[2]!);
    for (const d of ev.matchAll(/<(\w+)>([^<]*)<\/\1>/g)) if (/UserData/.test(ev) && !(d[1]! in fields) && !['EventID', 'Version', 'Level', 'Task', 'Opcode', 'Keywords', 'EventRecordID', 'Channel', 'Computer'].includes(d[1]!)) fields[d[1]!] = decodeXml(d[2]!);
    yield nev(channel, provider, id, fields);
  }
}

test('every RdpCoreTS id of the BlueKeep-scan log but one is catalogued, and all are relevant', { skip }, () => {
  const missing = new Set<number>();
  let n = 0;
  for (const e of records('evtx-attack-samples/rdpcorets_148_mst120_bluekeep_rpdscan_full.xml')) {
    n++;
    assert.ok(isRelevant(e.provider, e.eventId));
    if (!lookupEvent(e.provider, e.eventId, e.channel)) missing.add(e.eventId);
    const d = describeEvent(e);
    assert.ok(d.summary.startsWith(`RdpCoreTS ${e.eventId}`), d.summary);
  }
  assert.equal(n, 733);
  assert.deepEqual([...missing], [107]);
});

test('BlueKeep-scan log: 131 summaries carry both address forms, 103 reasons decode', { skip }, () => {
  const accepted: string[] = [];
  const reasons = new Set<string>();
  for (const e of records('evtx-attack-samples/rdpcorets_148_mst120_bluekeep_rpdscan_full.xml')) {
    const d = describeEvent(e);
    if (e.eventId === 131) accepted.push(d.summary);
    if (e.eventId === 103) reasons.add(d.decoded[0]?.entry?.name ?? `unknown ${e.fields.ReasonCode}`);
  }
  assert.equal(accepted.length, 16);
  assert.ok(accepted.some((s) => /TCP connection accepted from 10\.0\.2\.17:\d+$/.test(s)));
  assert.ok(accepted.some((s) => /UDP connection accepted from \[10\.0\.2\.17\]/.test(s)));
  assert.ok(reasons.has('connectionNeverCompleted'));
  assert.ok(![...reasons].some((r) => r.startsWith('unknown')), [...reasons].join());
});

test('dirty VSS RdpCoreTS log: 140 is a credential failure with the client address', { skip }, () => {
  let failures = 0;
  for (const e of records('omerbenamram-evtx/2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.xml')) {
    if (e.eventId !== 140) continue;
    failures++;
    const d = describeEvent(e);
    assert.equal(d.family, 'credssp-nla');
    assert.match(d.summary, /^RdpCoreTS 140 — Connection failed: user name or password not correct: from \d+\.\d+\.\d+\.\d+/);
  }
  assert.equal(failures, 126);
});

test('Velociraptor LSM log: 40 reasons 5/0/12 decode; uncatalogued LSM ids are still relevant', { skip }, () => {
  const reasons: string[] = [];
  for (const e of records('velociraptor/RDPAuth_LocalSessionManager.xml')) {
    assert.ok(isRelevant(e.provider, e.eventId), `${e.eventId}`);
    if (e.eventId === 40) reasons.push(`${e.fields.Reason}:${describeEvent(e).decoded[0]?.entry?.name}`);
  }
  assert.equal(reasons.length, 4);
  assert.deepEqual([...new Set(reasons)].sort(), ['0:noInfo', '12:userLogoff', '5:replacedByOtherConnection']);
});

test('python-evtx System log: TermDD 50 is catalogued, Time-Service 50 is not', { skip }, () => {
  let termdd = 0;
  let time = 0;
  for (const e of records('python-evtx/system.xml')) {
    if (e.eventId !== 50) continue;
    if (e.provider === 'TermDD') {
      termdd++;
      assert.equal(lookupEvent(e.provider, 50)?.family, 'connection');
    } else if (/Time-Service/.test(e.provider)) {
      time++;
      assert.equal(isRelevant(e.provider, 50), false);
    }
  }
  assert.equal(termdd, 1);
  assert.equal(time, 4);
});

// Binary blobs of the TermDD records in python-evtx tests/data/system.evtx (Apache-2.0), converted
// from python-evtx's base64 to the upper-case hex the normalizer produces.
test('TermDD 50/56 of a real Windows 7 System log decode (python-evtx system.evtx)', () => {
  const d50 = describeEvent(nev('System', PROVIDER.termdd, 50, {
    'Data[1]': '\\Device\\Termdd', 'Data[2]': 'X.224',
    Binary: '0000240002004C000000000032000AC00000000032000AC000000000000000000000000000000000270000000300002002F08064000703EB701212001700F003EA0301000001040024000000',
  }, { qualifiers: 49162, level: 2 }));
  assert.equal(d50.summary, 'TermDD 50 — RDP protocol component detected an error in the protocol stream (component X.224); error 0xC00A0032 STATUS_RDP_PROTOCOL_ERROR; the dump holds the refused RDP packet (TPKT with X.224 data, i.e. an MCS/RDP PDU the server rejected)');
  const d56 = describeEvent(nev('System', PROVIDER.termdd, 56, {
    'Data[1]': '\\Device\\Termdd', 'Data[2]': '10.3.16.5',
    Binary: '0000040002002C000000000038000AC00000000038000AC00000000000000000000000000000000032000AD0',
  }, { qualifiers: 49162, level: 2 }));
  assert.match(d56.summary, /client 10\.3\.16\.5; error 0xC00A0038 STATUS_CTX_SECURITY_LAYER_ERROR; underlying status 0xC00A0032 \(logged as 0xD00A0032\) STATUS_RDP_PROTOCOL_ERROR/);
});

test('uncatalogued ids of Remote-Desktop-only providers are relevant; other providers are not', () => {
  assert.equal(lookupEvent(PROVIDER.rcm, 1136), undefined);
  assert.equal(isRelevant(PROVIDER.rcm, 1136), true);
  assert.equal(isRelevant(PROVIDER.lsm, 54), true);
  assert.equal(isRelevant('Microsoft-Windows-Kernel-General', 12), false);
  assert.equal(isRelevant('Schannel', 36888), true);
  assert.equal(isRelevant('Schannel', 12345), false);
});
