import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import { readAll, fixture, eventsOf, issuesOf, realXmlSamples } from './helpers/xml.js';
import { renderEventXml } from '../parsers/xml/index.js';
import { normalizeEvent } from '../src/normalize/event.js';
import { compileXPathFilter } from '../src/filter/xpath.js';
import type { NormalizedEvent, RawEvent } from '../src/model/event.js';

function normalize(raw: RawEvent): NormalizedEvent {
  const r = normalizeEvent(raw);
  if (!r.ok) throw new Error(r.issue.message);
  return r.event;
}

async function normalizedFixture(name: string): Promise<NormalizedEvent[]> {
  return eventsOf(await readAll(fixture(name))).map(normalize);
}

test('renderEventXml round trip: render → read → same normalized event', async () => {
  const events = [...(await normalizedFixture('rendered.xml')), ...(await normalizedFixture('python-evtx.xml')), ...(await normalizedFixture('evtxexport.xml'))];
  const tricky: NormalizedEvent = {
    ...events[2]!,
    fields: { 'EventData@Name': 'TMPL', Quote: `a "b" 'c' <d> & e`, Lines: 'one\r\ntwo\n\tthree ', Spaces: '  ', 'Data[1]': 'first', Empty: '', 'Data[2]': 'second', Binary: '00FF', 'Quote[2]': 'dup' },
    message: 'Msg & <more>\nline',
    levelText: 'Error',
  };
  for (const ev of [...events, tricky]) {
    const xml = renderEventXml(ev);
    const items = await readAll(Buffer.from(xml));
    assert.deepEqual(issuesOf(items), []);
    const [back] = eventsOf(items).map(normalize);
    assert.deepEqual({ ...back!, origin: ev.origin }, ev, xml);
  }
});

test('renderEventXml escapes everything and is well-formed for xmldom', async () => {
  const [ev] = await normalizedFixture('wevtutil.xml');
  const evil: NormalizedEvent = { ...ev!, host: '<script>&"', fields: { ']]>': '</Data><Data Name="x">', 'a"b': '\u0001\u001b[31m' } };
  const xml = renderEventXml(evil);
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (l, m) => void (l !== 'warning' && errors.push(`${l}: ${m}`)) }).parseFromString(xml, 'text/xml');
  assert.deepEqual(errors, []);
  assert.equal(xpath.select('string(//*[local-name()="Computer"])', doc as unknown as Node), '<script>&"');
  assert.ok(!xml.includes('\u0001') && !xml.includes('\u001b'));
});

// Oracle: plain xmldom + xpath on the original record text, for queries without Windows extensions.
const ORACLE_QUERIES = [
  '*[System[(EventID=21 or EventID=24)]]',
  "*[System[Provider[@Name='Schannel']]]",
  "*[System[Provider[@Name='Microsoft-Windows-Security-Auditing'] and (Level=0 or Level=4)]]",
  "*[EventData[Data[@Name='LogonType']='10']]",
  "*[EventData[Data[@Name='LogonProcessName']='User32 ']]",
  "*[System[Channel='System' and Level=2]]",
  "*[System[Computer='IEWIN7']]",
  '*[System[EventRecordID>3000]]',
  '*[System[EventID=56]] | *[System[EventID=36888]]',
  "*[System[EventID!=4625]]",
  "Event[System[EventID=1149]]",
  "*[EventData[Data='10.3.16.5']]",
  "*[UserData[EventXML[Address='122.6.150.75']]]",
  "*[UserData/EventXML/Param1='administrator']",
];

test('--xpath agrees with xmldom+xpath evaluated on the original export text', async () => {
  const data = fixture('wevtutil-crlf.xml');
  const records = data.toString('utf8').split('\r\n').filter(Boolean);
  const events = (await normalizedFixture('wevtutil-crlf.xml'));
  assert.equal(records.length, events.length);
  for (const q of ORACLE_QUERIES) {
    const filter = compileXPathFilter(q);
    const expr = (xpath as unknown as { parse(e: string): { evaluateBoolean(o: object): boolean } }).parse(q);
    const ours = events.map(filter);
    const oracle = records.map((r) => expr.evaluateBoolean({ node: new DOMParser().parseFromString(r, 'text/xml'), allowAnyNamespaceForNoPrefix: true }));
    assert.deepEqual(ours, oracle, q);
    assert.ok(oracle.some(Boolean), `query matches nothing, so it tests nothing: ${q}`);
  }
});

test('time comparisons, timediff and band follow Windows semantics', async () => {
  const events = await normalizedFixture('rendered.xml');
  const byTime = (pred: (t: string) => boolean) => events.map((e) => pred(e.time));
  const cases: [string, boolean[]][] = [
    ["*[System[TimeCreated[@SystemTime>='2022-01-01T00:00:00Z']]]", byTime((t) => t >= '2022-01-01')],
    ["*[System[TimeCreated[@SystemTime<'2021-01-01T00:00:00.000Z']]]", byTime((t) => t < '2021-01-01')],
    ["*[System[TimeCreated['2022-12-06T05:41:46.9646910Z' <= @SystemTime]]]", byTime((t) => t >= '2022-12-06T05:41:46.9646910Z')],
    ["*[System[(EventID=21 or EventID=24) and TimeCreated[@SystemTime>='2022-01-01T00:00:00Z' and @SystemTime<='2022-12-31T23:59:59Z']]]", events.map((e) => e.eventId === 21)],
    ['*[System[TimeCreated[timediff(@SystemTime) <= 86400000]]]', byTime((t) => t >= '2022-12-05T06:00:00')],
    ['*[System[band(Keywords,4503599627370496)]]', events.map((e) => ['0x8010000000000000'].includes(e.keywords!))],
    ['*[System[band(Keywords,4503599627370496) = 4503599627370496]]', events.map((e) => ['0x8010000000000000'].includes(e.keywords!))],
    ['*[System[band(Keywords,36028797018963968)]]', events.map((e) => e.keywords === '0x80000000000000')],
  ];
  const now = () => Date.parse('2022-12-06T06:00:00Z');
  for (const [q, expected] of cases) {
    assert.deepEqual(events.map(compileXPathFilter(q, { now })), expected, q);
    assert.ok(expected.some(Boolean) && !expected.every(Boolean), `not discriminating: ${q}`);
  }
});

test('Event Viewer <QueryList> with Select/Suppress and channel paths', async () => {
  const events = await normalizedFixture('wevtutil.xml');
  const q = `<QueryList>
  <Query Id="0" Path="System">
    <Select Path="System">*[System[(Level=1 or Level=2 or Level=3)]]</Select>
    <Select Path="Security">*</Select>
    <Suppress Path="System">*[System[Provider[@Name='TermDD']]]</Suppress>
  </Query>
</QueryList>`;
  assert.deepEqual(events.map(compileXPathFilter(q)).map(Number), [0, 0, 1, 0, 1]);
});

test('bad expressions throw a clear Error naming the problem', () => {
  assert.throws(() => compileXPathFilter('*[System['), /invalid --xpath query "\*\[System\[": '\[' at position 9 is never closed/);
  assert.throws(() => compileXPathFilter('*[System[EventID=4624)]'), /'\)' at position 22 does not close the '\[' at position 9/);
  assert.throws(() => compileXPathFilter('*[System[EventID=]]'), /XPath parse error/);
  assert.throws(() => compileXPathFilter('*[nosuchfunction(1)]'), /Unknown function nosuchfunction/);
  assert.throws(() => compileXPathFilter("*[System[EventID='4624]]"), /unterminated string literal/);
  assert.throws(() => compileXPathFilter('<QueryList><Query></Query></QueryList>'), /has no <Select>/);
  assert.throws(() => compileXPathFilter('<QueryList><Query>'), /invalid --xpath query/);
});

const samples = realXmlSamples().filter((p) => p.includes('RDPAuth_LocalSessionManager') || p.includes('DE_RDP_Tunneling_4624'));
test('--xpath on real renderings agrees with xmldom+xpath on the original records', { skip: samples.length === 0 && 'shared real samples are absent' }, async () => {
  for (const path of samples) {
    const text = readFileSync(path, 'utf8');
    const records = text.match(/<Event[\s>][\s\S]*?<\/Event>/g)!;
    const events = eventsOf(await readAll(Buffer.from(text), 1 << 16, basename(path))).map(normalize);
    assert.equal(events.length, records.length);
    for (const q of ["*[System[(EventID=21 or EventID=25)]]", "*[UserData[EventXML[Address='192.168.38.1']]]", "*[EventData[Data[@Name='LogonType']='10']]", "*[System[Security[@UserID='S-1-5-18']]]"]) {
      const expr = (xpath as unknown as { parse(e: string): { evaluateBoolean(o: object): boolean } }).parse(q);
      const oracle = records.map((r) => expr.evaluateBoolean({ node: new DOMParser().parseFromString(r, 'text/xml'), allowAnyNamespaceForNoPrefix: true }));
      assert.deepEqual(events.map(compileXPathFilter(q)), oracle, `${basename(path)}: ${q}`);
    }
  }
});
