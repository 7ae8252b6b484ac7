import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readAll, fixture, eventsOf, issuesOf, infoOf } from './helpers/xml.js';
import { readXml } from '../parsers/xml/index.js';
import type { ParserItem } from '../src/model/event.js';

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const rec = (id: number, data = 'ok', extra = '') =>
  `<Event xmlns="${NS}"><System><Provider Name="Schannel"/><EventID>36888</EventID><TimeCreated SystemTime="2020-08-05T12:16:37.9333292Z"/><EventRecordID>${id}</EventRecordID><Channel>System</Channel><Computer>WIN-U5410N2J187</Computer></System>${extra}<EventData><Data Name="AlertDesc">${data}</Data></EventData></Event>\n`;

const ids = (items: ParserItem[]) => eventsOf(items).map((e) => e.system.recordId);
const kinds = (items: ParserItem[]) => issuesOf(items).map((i) => i.kind);

test('truncated last record: one issue at its offset, earlier records kept', async () => {
  const good = rec(1) + rec(2);
  const cut = rec(3).slice(0, 150);
  const items = await readAll(Buffer.from(good + cut));
  assert.deepEqual(ids(items), ['1', '2']);
  const [issue] = issuesOf(items);
  assert.equal(issue!.kind, 'xml-truncated');
  assert.equal(issue!.offset, Buffer.byteLength(good));
  assert.equal(issue!.line, 3);
  assert.match(issue!.message, /input ends inside a record/);
});

test('record cut off by the next <Event>: reported, the next one kept', async () => {
  const items = await readAll(Buffer.from(rec(1) + rec(2).slice(0, 200) + rec(3)));
  assert.deepEqual(ids(items), ['1', '3']);
  assert.deepEqual(kinds(items), ['xml-truncated']);
  assert.equal(issuesOf(items)[0]!.line, 2);
});

test('raw U+0001 (real evtxexport rendering of RathbunVM Security 4739): record kept, character replaced, issue says so', async () => {
  const items = await readAll(fixture('malformed/rathbun-4739-u0001.xml'));
  assert.equal(infoOf(items).format, 'evtxexport');
  const [ev] = eventsOf(items);
  assert.equal(ev!.system.recordId, '90');
  const fields = Object.fromEntries(ev!.fields);
  assert.equal(fields.MinPasswordAge, '\uFFFD');
  assert.equal(fields.LockoutThreshold, '\uFFFD');
  assert.equal(fields.OemInformation, '0');
  const [issue] = issuesOf(items);
  assert.equal(issue!.kind, 'xml-invalid-char');
  assert.equal(issue!.offset, 21);
  assert.equal(issue!.line, 3);
  assert.match(issue!.message, /record 90: 2 character\(s\) .*U\+0001.* replaced by U\+FFFD; record kept/);
});

test('a skipped record with a raw control character gets one issue, not a contradictory "kept" one', async () => {
  const items = await readAll(Buffer.from(rec(1, 'a\u0001 & b') + rec(2)));
  assert.deepEqual(ids(items), ['2']);
  assert.deepEqual(kinds(items), ['xml-malformed']);
});

test("unescaped '&': that record is reported and skipped, the others kept", async () => {
  const items = await readAll(Buffer.from(rec(1) + rec(2, 'R&D') + rec(3)));
  assert.deepEqual(ids(items), ['1', '3']);
  const [issue] = issuesOf(items);
  assert.equal(issue!.kind, 'xml-malformed');
  assert.equal(issue!.line, 2);
  assert.match(issue!.message, /record 2 skipped: unescaped '&'/);
});

test('unbalanced tags and a stray </Event>', async () => {
  const bad = rec(2).replace('</Data>', '</Dat>');
  const items = await readAll(Buffer.from(rec(1) + bad + '</Event>\n' + rec(3)));
  assert.deepEqual(ids(items), ['1', '3']);
  assert.deepEqual(kinds(items), ['xml-malformed', 'xml-unbalanced']);
  assert.match(issuesOf(items)[0]!.message, /end tag <\/Dat> does not match <Data>/);
});

test('stray text between records: one issue per run, reading goes on', async () => {
  const items = await readAll(Buffer.from(rec(1) + 'garbage here\nmore garbage\n' + rec(2) + 'x' + rec(3)));
  assert.deepEqual(ids(items), ['1', '2', '3']);
  const issues = issuesOf(items);
  assert.deepEqual(kinds(items), ['stray-text', 'stray-text']);
  assert.equal(issues[0]!.line, 2);
  assert.equal(issues[0]!.offset, Buffer.byteLength(rec(1)));
  assert.match(issues[0]!.message, /"garbage here"/);
});

test('non-XML input: one issue, no events', async () => {
  for (const data of [Buffer.from('Date,Source,EventID\n2026-01-01,Schannel,36888\n'.repeat(1000)), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x3c, 0x3c])]) {
    const items = await readAll(data, 4096);
    assert.equal(eventsOf(items).length, 0);
    assert.deepEqual(kinds(items), ['not-xml']);
    assert.equal(items[0]!.kind, 'info');
  }
});

test('non-XML input: reading stops at once and the source is closed', async () => {
  let pulled = 0;
  let closed = false;
  async function* source(): AsyncGenerator<Buffer> {
    try {
      for (;;) {
        pulled++;
        yield Buffer.from('MZ\x90\x00 this is a program, not an export\n'.repeat(2000));
      }
    } finally {
      closed = true;
    }
  }
  const items: ParserItem[] = [];
  for await (const item of readXml(source(), { file: 'setup.exe' })) items.push(item);
  assert.deepEqual(kinds(items), ['not-xml']);
  assert.ok(closed);
  assert.ok(pulled <= 3, `pulled ${pulled} chunks`);
});

test('empty and whitespace-only inputs: one issue each', async () => {
  const empty = await readAll(Buffer.alloc(0));
  assert.deepEqual(kinds(empty), ['empty-input']);
  assert.equal(empty[0]!.kind, 'info');
  const blank = await readAll(Buffer.from('\r\n  \n'));
  assert.deepEqual(kinds(blank), ['no-events']);
  const otherXml = await readAll(Buffer.from('<?xml version="1.0"?><Configuration><Item>1</Item></Configuration>'));
  assert.equal(eventsOf(otherXml).length, 0);
  assert.ok(kinds(otherXml).length >= 1);
});

test('DOCTYPE with entity declarations is refused and never expanded', async () => {
  const doc = `<?xml version="1.0"?>\n<!DOCTYPE Events [\n <!ENTITY xxe SYSTEM "file:///etc/passwd">\n <!ENTITY lol "lol">\n]>\n<Events>\n${rec(1)}${rec(2, '&xxe;')}${rec(3, '&lol;')}${rec(4)}</Events>\n`;
  const items = await readAll(Buffer.from(doc));
  assert.deepEqual(ids(items), ['1', '4']);
  assert.deepEqual(kinds(items), ['doctype-refused', 'xml-malformed', 'xml-malformed']);
  assert.equal(issuesOf(items)[0]!.line, 2);
  assert.match(issuesOf(items)[1]!.message, /undefined entity '&xxe;'/);
  for (const ev of eventsOf(items)) assert.ok(!JSON.stringify(ev).includes('root:'));
  // inside a record
  const inner = await readAll(Buffer.from(rec(1, 'x', '<!DOCTYPE x [<!ENTITY a "b">]>') + rec(2)));
  assert.deepEqual(ids(inner), ['2']);
  assert.deepEqual(kinds(inner), ['doctype-refused']);
});

test('comments and processing instructions: between records ignored, inside records parsed by the fallback', async () => {
  const dirty = rec(1) + '\n<!-- python-evtx could not render record 6335011 (offset 0xcfd0): UnicodeDecodeError -->\n' + rec(2);
  const a = await readAll(Buffer.from(dirty));
  assert.deepEqual(ids(a), ['1', '2']);
  assert.deepEqual(kinds(a), []);
  const withComment = rec(3, 'A<!-- note -->B', '<!-- before EventData -->');
  const withPi = rec(4, 'C', '<?render hint?>');
  const b = await readAll(Buffer.from(withComment + withPi));
  assert.deepEqual(kinds(b), []);
  assert.deepEqual(eventsOf(b).map((e) => e.fields), [[['AlertDesc', 'AB']], [['AlertDesc', 'C']]]);
});

test('a record without EventID is reported and skipped', async () => {
  const items = await readAll(Buffer.from(rec(1).replace('<EventID>36888</EventID>', '') + rec(2)));
  assert.deepEqual(ids(items), ['2']);
  assert.deepEqual(kinds(items), ['event-incomplete']);
});

test('invalid UTF-8 bytes: records kept with U+FFFD, later offsets stay exact', async () => {
  const a = Buffer.from(rec(1, 'caf'));
  const bad = Buffer.concat([Buffer.from(rec(2, 'caf').replace('caf<', 'caf\u0000<')), Buffer.from(rec(3, 'é'))]);
  bad[bad.indexOf(0)] = 0xe9; // a Latin-1 'é' where UTF-8 was expected
  const data = Buffer.concat([a, bad]);
  for (const size of [1, 5, 65536]) {
    const items = await readAll(data, size);
    assert.deepEqual(kinds(items), ['encoding-invalid']);
    const events = eventsOf(items);
    assert.equal(events[1]!.fields[0]![1], 'caf\uFFFD');
    assert.equal(events[2]!.fields[0]![1], 'é');
    assert.equal(events[2]!.origin.offset, data.length - Buffer.byteLength(rec(3, 'é')));
    assert.equal(issuesOf(items)[0]!.offset, a.length + Buffer.from(rec(2, 'caf')).indexOf('caf<') + 3);
  }
});

test('UTF-16 unpaired surrogates and a dangling byte: reported with their offset, read as U+FFFD, records kept', async () => {
  const le = (t: string) => Buffer.from(t, 'utf16le');
  const first = le(rec(1, 'ok'));
  const second = rec(2, 'x\ud800y\udc00z');
  const pair = rec(3, 'pair \ud83d\ude00 kept');
  const bom = Buffer.from([0xff, 0xfe]);
  const data = Buffer.concat([bom, first, le(second), le(pair)]);
  const be = Buffer.from(data).swap16();
  for (const [input, label] of [[data, 'LE'], [be, 'BE']] as const) {
    for (const size of [1, 3, 7, 65536]) {
      const items = await readAll(input, size);
      assert.deepEqual(kinds(items), ['encoding-invalid'], `${label} ${size}`);
      const events = eventsOf(items);
      assert.deepEqual(events.map((e) => e.fields[0]![1]), ['ok', 'x\uFFFDy\uFFFDz', 'pair \ud83d\ude00 kept'], `${label} ${size}`);
      assert.equal(issuesOf(items)[0]!.offset, 2 + first.length + 2 * second.indexOf('\ud800'), `${label} ${size}`);
      assert.equal(events[2]!.origin.offset, 2 + first.length + 2 * second.length);
    }
  }
  const odd = await readAll(Buffer.concat([bom, first, Buffer.from([0x3c])]), 4);
  assert.deepEqual(kinds(odd), ['encoding-invalid']);
  assert.equal(issuesOf(odd)[0]!.offset, 2 + first.length);
  assert.deepEqual(eventsOf(odd).map((e) => e.fields[0]![1]), ['ok']);
});

test('elements opened between records: one stray-markup note per run, every record read; a wrapper before them is fine', async () => {
  const items = await readAll(Buffer.from(`<Events>${rec(1)}<x><x><y>${rec(2)}<z>${rec(3)}</Events>`), 7);
  assert.deepEqual(ids(items), ['1', '2', '3']);
  assert.deepEqual(kinds(items), ['stray-markup', 'stray-markup']);
  assert.match(issuesOf(items)[0]!.message, /<x>/);
  assert.equal(issuesOf(items)[0]!.offset, '<Events>'.length + rec(1).length);
  assert.deepEqual(kinds(await readAll(Buffer.from(`<?xml version="1.0"?><Events>${rec(1)}${rec(2)}</Events>`))), []);
});

test('oversize record: reported and skipped up to its </Event>, next record kept', async () => {
  const big = rec(2, 'x'.repeat(5000));
  const items = await readAll(Buffer.from(rec(1) + big + rec(3)), 512, 'big.xml', { maxEventChars: 2000 });
  assert.deepEqual(ids(items), ['1', '3']);
  assert.deepEqual(kinds(items), ['event-oversize']);
  assert.equal(issuesOf(items)[0]!.offset, Buffer.byteLength(rec(1)));
  const last = eventsOf(items)[1]!;
  assert.equal(last.origin.offset, Buffer.byteLength(rec(1) + big));
  assert.equal(last.origin.line, 3);
});

test('records over 1 Mi characters are collected piecewise: complete, cut off, and at end of input', async () => {
  const value = 'v'.repeat(3 << 20) + 'ü😀';
  const big = rec(2, value);
  for (const size of [65536, 1000003]) {
    const ok = await readAll(Buffer.from(rec(1) + big + rec(3)), size);
    assert.deepEqual(ids(ok), ['1', '2', '3']);
    assert.deepEqual(kinds(ok), []);
    assert.equal(eventsOf(ok)[1]!.fields[0]![1], value);
    assert.equal(eventsOf(ok)[2]!.origin.offset, Buffer.byteLength(rec(1) + big));
    assert.equal(eventsOf(ok)[2]!.origin.line, 3);
    const cut = await readAll(Buffer.from(rec(1) + big.slice(0, -40) + rec(3)), size);
    assert.deepEqual(ids(cut), ['1', '3']);
    assert.deepEqual(kinds(cut), ['xml-truncated']);
    assert.equal(issuesOf(cut)[0]!.offset, Buffer.byteLength(rec(1)));
    assert.equal(eventsOf(cut)[1]!.origin.offset, Buffer.byteLength(rec(1) + big.slice(0, -40)));
    const end = await readAll(Buffer.from(rec(1) + big.slice(0, -40)), size);
    assert.deepEqual(ids(end), ['1']);
    assert.deepEqual(kinds(end), ['xml-truncated']);
    assert.match(issuesOf(end)[0]!.message, /input ends inside a record/);
  }
});

test('a 100 MB attribute does not blow memory (default 16 Mi cap)', async () => {
  const head = Buffer.from(rec(1) + `<Event xmlns="${NS}"><System><Provider Name="`);
  const tail = Buffer.from(`"/><EventID>1</EventID></System></Event>\n` + rec(3));
  const block = Buffer.alloc(1 << 20, 0x61);
  const total = 100;
  async function* source(): AsyncGenerator<Buffer> {
    yield head;
    for (let i = 0; i < total; i++) yield block;
    yield tail;
  }
  const before = process.memoryUsage().rss;
  let peak = before;
  const items: ParserItem[] = [];
  for await (const item of readXml(source(), { file: 'huge.xml' })) {
    items.push(item);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  assert.deepEqual(ids(items), ['1', '3']);
  assert.deepEqual(kinds(items), ['event-oversize']);
  assert.equal(eventsOf(items)[1]!.origin.offset, head.length + total * block.length + tail.length - Buffer.byteLength(rec(3)));
  // bounded by the cap (16 Mi characters), far below the 100 MB attribute
  assert.ok(peak - before < 80 * 1048576, `RSS grew by ${((peak - before) / 1048576).toFixed(0)} MB`);
});

test('a source that fails midway becomes a read-error issue, not an exception', async () => {
  async function* source(): AsyncGenerator<Buffer> {
    yield Buffer.from(rec(1));
    throw new Error('unexpected end of file');
  }
  const items: ParserItem[] = [];
  for await (const item of readXml(source(), { file: 'x.xml.gz' })) items.push(item);
  assert.equal(items[0]!.kind, 'info');
  assert.deepEqual(ids(items), ['1']);
  assert.deepEqual(kinds(items), ['read-error']);
});

test('a source that fails before any data: info, then only the read error', async () => {
  async function* source(): AsyncGenerator<Buffer> {
    yield* [];
    throw new Error('EACCES: permission denied');
  }
  const items: ParserItem[] = [];
  for await (const item of readXml(source(), { file: 'locked.xml' })) items.push(item);
  assert.equal(items[0]!.kind, 'info');
  assert.deepEqual(kinds(items), ['read-error']);
  assert.match(issuesOf(items)[0]!.message, /EACCES/);
});

test('never throws, never hangs, info first, on arbitrary damage to a real-shaped export', async () => {
  const base = fixture('python-evtx.xml');
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.nat(base.length - 1), fc.nat(40), fc.uint8Array({ maxLength: 8 })), { maxLength: 6 }),
      fc.integer({ min: 1, max: 300 }),
      async (edits, chunk) => {
        let data = Buffer.from(base);
        for (const [at, del, ins] of edits) data = Buffer.concat([data.subarray(0, at), Buffer.from(ins), data.subarray(Math.min(data.length, at + del))]);
        const items = await readAll(data, chunk);
        assert.equal(items[0]!.kind, 'info');
        assert.equal(items.filter((i) => i.kind === 'info').length, 1);
        for (const i of issuesOf(items)) assert.ok(i.message.length > 0 && i.kind.length > 0);
        // damage can only cost records: every record that survives has an id from the original
        for (const e of eventsOf(items)) assert.ok(e.origin.offset < data.length);
      },
    ),
    { numRuns: 150, seed: 20261122 },
  );
});
