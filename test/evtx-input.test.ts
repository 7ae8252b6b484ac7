/** The input sniffer hands `ElfFile` data (plain or gzip-compressed) to the EVTX reader. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readEvents } from '../parsers/input.js';
import type { ParserItem } from '../src/model/event.js';
import { FIXTURES, pieces } from './evtx-support.js';

async function collect(buf: Buffer): Promise<ParserItem[]> {
  const out: ParserItem[] = [];
  for await (const item of readEvents(pieces(buf, [3, 5000, 65536]), { file: 'in.evtx' })) out.push(item);
  return out;
}

describe('EVTX through the input sniffer', () => {
  const evtx = readFileSync(join(FIXTURES, 'Security_short_selected.evtx'));

  it('reads plain and gzip-compressed EVTX the same way', async () => {
    const plain = await collect(evtx);
    assert.deepEqual(plain[0], { kind: 'info', info: { format: 'evtx', encoding: 'binary' } });
    const events = plain.filter((i) => i.kind === 'event');
    assert.equal(events.length, 7);
    const gz = await collect(gzipSync(evtx));
    assert.deepEqual(gz[0], { kind: 'info', info: { format: 'evtx', encoding: 'binary+gzip' } });
    assert.deepEqual(gz.slice(1), plain.slice(1));
  });

  it('gives the values a Windows rendering would show', async () => {
    const items = await collect(evtx);
    const e4625 = items.find((i) => i.kind === 'event' && i.event.system.eventId === '4625');
    assert.ok(e4625 && e4625.kind === 'event');
    const { system, fields } = e4625.event;
    assert.equal(system.providerGuid, '{54849625-5478-4994-A5BA-3E3B0328C30D}');
    assert.equal(system.keywords, '0x8010000000000000');
    assert.equal(system.channel, 'Security');
    assert.equal(system.computer, 'temporal');
    assert.match(system.timeCreated!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    assert.equal(system.qualifiers, undefined, 'empty optional attribute is left out');
    const f = Object.fromEntries(fields);
    assert.equal(f.LogonType, '10');
    assert.equal(f.IpAddress, '23.94.153.202');
    assert.equal(f.Status, '0xc000006d');
    assert.equal(f.SubStatus, '0xc000006a');
    assert.equal(f.TargetUserName, 'Administrator');
    assert.match(f.ProcessId!, /^0x[0-9a-f]+$/);
  });
});
