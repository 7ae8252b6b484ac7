// The hand-written scanner against fast-xml-parser (safe options) on every record of every fixture
// and every real python-evtx rendering: both must build exactly the same RawEvent parts.
import { test } from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { readAll, fixtureDir, realXmlSamples, countEventTags, eventsOf, issuesOf, infoOf } from './helpers/xml.js';
import { createDecoder, isTwoByteEncoding, PositionTracker, sniffEncoding } from '../parsers/xml/decode.js';
import { Splitter } from '../parsers/xml/splitter.js';
import { parseRecord, parseRecordWithFallback } from '../parsers/xml/record.js';

/** The record texts of an input, cut by the same splitter the reader uses. */
function recordTexts(data: Buffer): string[] {
  const { encoding, bomLength } = sniffEncoding(data.subarray(0, 4));
  const tracker = new PositionTracker(isTwoByteEncoding(encoding), bomLength);
  const decoder = createDecoder(encoding, tracker, bomLength);
  const splitter = new Splitter(tracker, 16 << 20);
  const pieces = [...splitter.push(decoder.write(data.subarray(bomLength)) + decoder.end()), ...splitter.finish()];
  return pieces.flatMap((p) => (p.t === 'event' ? [p.text] : []));
}

function differential(name: string, data: Buffer, binary: 'auto' | 'base64'): number {
  const texts = recordTexts(data);
  assert.ok(texts.length > 0, `${name}: no records`);
  texts.forEach((text, i) => {
    const fast = parseRecord(text, binary);
    const slow = parseRecordWithFallback(text, binary);
    assert.equal(fast.viaFallback, undefined, `${name} record ${i}: the scanner refused it: ${fast.problem?.message}`);
    assert.equal(fast.problem, undefined, `${name} record ${i}: ${fast.problem?.message}`);
    assert.equal(slow.problem, undefined, `${name} record ${i}: fast-xml-parser: ${slow.problem?.message}`);
    assert.deepEqual(fast.event, slow.event, `${name} record ${i}`);
  });
  return texts.length;
}

const fixtures = readdirSync(fixtureDir).filter((f) => f.endsWith('.xml')).sort();
for (const file of fixtures) {
  test(`differential scanner vs fast-xml-parser: ${file}`, () => {
    const data = readFileSync(join(fixtureDir, file));
    differential(file, data, file === 'python-evtx.xml' ? 'base64' : 'auto');
  });
}

test('differential on shapes the fixtures do not have: CDATA, entities, nested and empty elements', () => {
  const xml = Buffer.from(`<Event xmlns='x'>
  <System><Provider Name='P &amp; Q' Guid='{1}'/><EventID Qualifiers='49162'>7</EventID><TimeCreated SystemTime='2026-01-01T00:00:00Z'/></System>
  <UserData><A xmlns='n' k='v&#10;w'><B>1</B><C><D>2</D><D/></C><E><![CDATA[x<y>&amp;]]></E><F>&#x20AC; &lt;tab&gt;&#9;</F></A></UserData>
  <RenderingInfo Culture='de-DE'><Message>Line 1&#13;
Line 2</Message><Keywords><Keyword>Klassisch</Keyword><Keyword>Überwachung</Keyword></Keywords></RenderingInfo>
</Event>`);
  differential('inline', xml, 'auto');
});

const samples = realXmlSamples();
test('real python-evtx renderings: every <Event> becomes an event, scanner and fast-xml-parser agree', { skip: samples.length === 0 && 'shared real samples are absent' }, async () => {
  let total = 0;
  for (const path of samples) {
    const data = readFileSync(path);
    const items = await readAll(data, 1 << 20, basename(path));
    const text = data.toString('utf8');
    const events = eventsOf(items);
    assert.equal(events.length, countEventTags(text), `${basename(path)}: event count`);
    assert.deepEqual(issuesOf(items), [], `${basename(path)}: issues`);
    assert.equal(infoOf(items).format, 'python-evtx', basename(path));
    total += differential(basename(path), data, 'base64');
  }
  assert.ok(total > 20000, `only ${total} records checked`);
});

test('property: random payloads survive escaping, CDATA and layout, identically in both parsers', () => {
  const esc = (s: string, q: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(q === '"' ? /"/g : /'/g, q === '"' ? '&quot;' : '&apos;');
  const charRef = (s: string) => [...s].map((c) => (c.codePointAt(0)! > 127 ? `&#${c.codePointAt(0)};` : c)).join('');
  const value = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '\t', '\n', '&', '<', '>', '"', "'", ']', 'é', '😀', '渡', '-', ';', '#') , maxLength: 30 });
  const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
  fc.assert(
    fc.property(
      fc.array(fc.tuple(name, value, fc.constantFrom('plain', 'cdata', 'charref', 'selfclose')), { minLength: 1, maxLength: 8 }),
      fc.constantFrom('"', "'"),
      fc.constantFrom('', '\n', '\r\n  ', '\n- '),
      fc.boolean(),
      (items, q, sep, userData) => {
        const body = items
          .map(([n, v, how]) => {
            const text =
              how === 'cdata' && !v.includes(']]>') ? `<![CDATA[${v}]]>` : how === 'charref' ? charRef(esc(v, q)) : how === 'selfclose' && v === '' ? null : esc(v, q);
            const tag = userData ? n : 'Data';
            const attr = userData ? '' : ` Name=${q}${esc(n, q)}${q}`;
            return text === null ? `<${tag}${attr}/>` : `<${tag}${attr}>${text}</${tag}>`;
          })
          .join(sep);
        const payload = userData ? `<UserData>${sep}<EventXML xmlns=${q}Event_NS${q}>${sep}${body}${sep}</EventXML>${sep}</UserData>` : `<EventData>${sep}${body}${sep}</EventData>`;
        const xml = `<Event xmlns=${q}http://schemas.microsoft.com/win/2004/08/events/event${q}>${sep}<System>${sep}<EventID>1</EventID>${sep}</System>${sep}${payload}${sep}</Event>`;
        const fast = parseRecord(xml, 'auto');
        const slow = parseRecordWithFallback(xml, 'auto');
        assert.equal(fast.problem, undefined, fast.problem?.message);
        assert.equal(slow.problem, undefined, slow.problem?.message);
        assert.deepEqual(fast.event, slow.event);
        // values come back as written, with XML end-of-line handling (CR LF / CR → LF)
        const seen = new Map<string, number>();
        const expected = items.map(([n, v, how]) => {
          const k = (seen.get(n) ?? 0) + 1;
          seen.set(n, k);
          const val = how === 'cdata' || how === 'plain' || how === 'charref' || v !== '' ? v : '';
          return [k === 1 ? n : `${n}[${k}]`, val.replace(/\r\n?/g, '\n')];
        });
        assert.deepEqual(fast.event!.fields, expected);
      },
    ),
    { numRuns: 400, seed: 42 },
  );
});

/** libevtx's evtxexport, when installed, gives a second real rendering of the same .evtx files. */
function evtxexport(path: string): Buffer | null {
  try {
    return execFileSync('evtxexport', ['-f', 'xml', path], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}
const pairs = samples.map((x) => x.replace(/\.xml$/, '.evtx')).filter((p) => existsSync(p));
const haveEvtxexport = pairs.length > 0 && evtxexport(pairs[0]!) !== null;
test(
  'python-evtx and evtxexport renderings of the same logs: same records, same Binary bytes (base64 vs hex)',
  { skip: !haveEvtxexport && 'evtxexport or the shared real samples are absent' },
  async () => {
    let binaries = 0;
    for (const evtx of pairs) {
      const py = eventsOf(await readAll(readFileSync(evtx.replace(/\.evtx$/, '.xml')), 1 << 20));
      const items = await readAll(evtxexport(evtx)!, 1 << 20);
      if (eventsOf(items).length === 0) continue; // inline-BinXML logs neither converter reads
      assert.equal(infoOf(items).format, 'evtxexport');
      const ex = new Map(eventsOf(items).map((e) => [e.system.recordId, e]));
      assert.equal(ex.size, py.length, basename(evtx));
      for (const a of py) {
        const b = ex.get(a.system.recordId);
        assert.ok(b, `${basename(evtx)}: record ${a.system.recordId} missing from evtxexport`);
        assert.equal(b.system.eventId, a.system.eventId);
        const binA = a.fields.find(([n]) => n === 'Binary');
        const binB = b.fields.find(([n]) => n === 'Binary');
        if (binA && binB) {
          assert.equal(binA[1], binB[1], `${basename(evtx)} record ${a.system.recordId}`);
          binaries++;
        }
      }
    }
    assert.ok(binaries > 1000, `only ${binaries} Binary values compared`);
  },
);
