/**
 * Differential test: the EVTX reader against python-evtx's renderings of the shared real corpus
 * (../shared/samples-real; skipped when absent). Per record: host, channel, provider, event id,
 * record id, time, activity id, the other System values, and every field name and value.
 *
 * Normalised differences (python-evtx cosmetics, see sources.md "Converter agreement"):
 * - time: python-evtx writes microseconds through a float and is sometimes 1–3 µs off; a ±3 µs
 *   difference is accepted (ours is exact to 100 ns);
 * - Binary base64 (python-evtx) vs upper-case hex (ours, as Windows);
 * - True/False vs true/false; zero-padded vs plain hex; GUID case;
 * - a string array, written by python-evtx as one value of `<string>` items, is one field per item
 *   here (as Windows repeats the element); python-evtx's splitter also drops leading empty items
 *   and repeats others, so our items are passed through a replay of that splitter first;
 * - empty attributes (python-evtx `Qualifiers=""`) vs absent ones (ours, as Windows);
 * - control characters, which python-evtx drops.
 * Dirty files: records python-evtx could not render are XML comments in the reference and are
 * not compared; every rendered one must be found, and the total must reach evtxexport's count.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { RawEvent, RawSystem } from '../src/model/event.js';
import { FIXTURES, SAMPLES, canon, pythonEvtxStringArray, readFile, readReference, samplePairs, sameValue, type RefEvent } from './evtx-support.js';

/** Record counts evtxexport reaches (sources.md / evtx-parsers.md) where python-evtx fails. */
const MINIMUM: Record<string, number> = {
  'omerbenamram-evtx/2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx': 1910,
  'omerbenamram-evtx/2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx': 1774,
  'plaso/System2.evtx': 194,
};

const SYSTEM_KEYS: (keyof RawSystem)[] = [
  'computer', 'channel', 'providerName', 'providerGuid', 'eventSourceName', 'eventId', 'qualifiers', 'version',
  'level', 'task', 'opcode', 'keywords', 'timeCreated', 'recordId', 'activityId', 'relatedActivityId',
  'processId', 'threadId', 'userId',
];

function compare(ours: RawEvent, ref: RefEvent): string[] {
  const diffs: string[] = [];
  for (const k of SYSTEM_KEYS) {
    if (!sameValue(ours.system[k], ref.system[k])) diffs.push(`${k}: ${JSON.stringify(ours.system[k])} vs ${JSON.stringify(ref.system[k])}`);
  }
  let oursFields = ours.fields;
  let refFields = ref.fields;
  if (ref.stringArrays.length) {
    // Compare string-array items through python-evtx's own (lossy) splitter, the rest as usual.
    const base = (n: string) => (/^Data\[\d+\]$/.test(n) ? 'Data' : n.replace(/\[\d+\]$/, ''));
    for (const group of new Set(ref.stringArrays)) {
      const mine = pythonEvtxStringArray(oursFields.filter(([n]) => base(n) === group).map(([, v]) => v));
      const theirs = refFields.filter(([n]) => base(n) === group).map(([, v]) => v);
      if (!mine || mine.length !== theirs.length || mine.some((v, i) => !sameValue(v, theirs[i]))) {
        diffs.push(`string array ${group}: ${JSON.stringify(mine)?.slice(0, 200)} vs ${JSON.stringify(theirs).slice(0, 200)}`);
      }
    }
    oursFields = oursFields.filter(([n]) => !ref.stringArrays.includes(base(n)));
    refFields = refFields.filter(([n]) => !ref.stringArrays.includes(base(n)));
  }
  const n = Math.max(oursFields.length, refFields.length);
  for (let i = 0; i < n; i++) {
    const a = oursFields[i];
    const b = refFields[i];
    if (!a || !b || a[0] !== b[0] || !sameValue(a[1], b[1])) {
      diffs.push(`field ${i}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`);
      break;
    }
  }
  return diffs;
}

const shared = samplePairs().filter((p) => p.xml);
const fixtures = samplePairs(FIXTURES).filter((p) => p.xml);

describe('EVTX reader vs reference renderings of the fixtures', () => {
  it('has its fixtures', () => assert.equal(fixtures.length, 2));
  for (const pair of fixtures) it(relative(FIXTURES, pair.evtx), () => check(pair.evtx, pair.xml!, relative(FIXTURES, pair.evtx)));
});

describe('EVTX reader vs python-evtx renderings of the shared corpus', { skip: shared.length === 0 ? 'shared sample corpus not present' : false }, () => {
  for (const { evtx, xml } of shared) {
    const name = relative(SAMPLES, evtx).split('\\').join('/');
    it(name, () => check(evtx, xml!, name));
  }
});

async function check(evtx: string, xml: string, name: string): Promise<void> {
  {
    {
      const ref = readReference(readFileSync(xml, 'utf8'));
      const { events, issues } = await readFile(evtx);
      const minimum = MINIMUM[name];
      if (minimum === undefined) {
        assert.equal(events.length, ref.length, `record count (issues: ${issues.map((i) => i.message).slice(0, 3).join(' | ')})`);
      } else {
        assert.ok(events.length >= minimum, `${events.length} records, evtxexport recovers ${minimum}`);
        assert.ok(events.length >= ref.length, `${events.length} records, python-evtx rendered ${ref.length}`);
      }
      // match by EventRecordID and occurrence (snapshot logs can repeat ids)
      const byId = new Map<string, RawEvent[]>();
      for (const e of events) {
        const id = canon(e.system.recordId);
        const list = byId.get(id);
        if (list) list.push(e); else byId.set(id, [e]);
      }
      const problems: string[] = [];
      let missing = 0;
      for (const r of ref) {
        const e = byId.get(canon(r.system.recordId))?.shift();
        if (!e) { missing++; continue; }
        const d = compare(e, r);
        if (d.length) problems.push(`record ${r.system.recordId}: ${d.join('; ')}`);
      }
      assert.equal(missing, 0, 'reference records not found');
      assert.equal(problems.length, 0, `${problems.length} records differ:\n${problems.slice(0, 5).join('\n')}`);
    }
  }
}
