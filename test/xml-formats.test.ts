import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readAll, fixture, eventsOf, issuesOf, infoOf } from './helpers/xml.js';
import { RECORDS, expectedFields } from './fixtures/xml/records.js';
import { normalizeTime } from '../src/normalize/time.js';
import { normalizeGuid } from '../src/normalize/guid.js';

const CASES: [file: string, format: string, encoding: string][] = [
  ['event-viewer-save.xml', 'event-viewer-xml', 'utf-16le-bom'],
  ['wevtutil.xml', 'wevtutil-xml', 'utf-8'],
  ['wevtutil-crlf.xml', 'wevtutil-xml', 'utf-8'],
  ['wevtutil-utf16be.xml', 'wevtutil-xml', 'utf-16be-bom'],
  ['wevtutil-utf16le-nobom.xml', 'wevtutil-xml', 'utf-16le'],
  ['rendered.xml', 'rendered-xml', 'utf-8-bom'],
  ['powershell-toxml.xml', 'powershell-toxml', 'utf-16le-bom'],
  ['python-evtx.xml', 'python-evtx', 'utf-8'],
  ['evtxexport.xml', 'evtxexport', 'utf-8'],
  ['evtx-dump-rs.xml', 'evtx-dump-rs', 'utf-8'],
  ['event-viewer-copy.xml', 'event-viewer-copy', 'utf-8'],
];

for (const [file, format, encoding] of CASES) {
  test(`${file}: sniffed as ${format} / ${encoding}, all five records with the same fields`, async () => {
    const items = await readAll(fixture(file));
    assert.deepEqual(infoOf(items), { format, encoding });
    assert.deepEqual(issuesOf(items), []);
    const events = eventsOf(items);
    assert.equal(events.length, RECORDS.length);
    events.forEach((ev, i) => {
      const r = RECORDS[i]!;
      assert.deepEqual(ev.fields, expectedFields(r), `fields of record ${r.recordId}`);
      const s = ev.system;
      assert.equal(s.eventId, r.eventId);
      assert.equal(s.recordId, r.recordId);
      assert.equal(s.providerName, r.provider);
      assert.equal(s.channel, r.channel);
      assert.equal(s.computer, r.computer);
      assert.equal(s.level, r.level);
      assert.equal(s.keywords, r.keywords);
      assert.equal(normalizeGuid(s.providerGuid), r.guid);
      assert.equal(normalizeGuid(s.activityId), r.activityId);
      assert.equal(s.processId, r.processId ?? undefined);
      // python-evtx and evtx_dump keep microseconds only
      assert.equal(normalizeTime(s.timeCreated)!.slice(0, 26), r.time.slice(0, 26));
      assert.equal(ev.origin.file, 'input.xml');
    });
  });
}

test('System values are kept verbatim as each tool wrote them', async () => {
  const py = eventsOf(await readAll(fixture('python-evtx.xml')));
  assert.equal(py[0]!.system.timeCreated, '2022-12-06 05:41:46.964691');
  assert.equal(py[0]!.system.qualifiers, '');
  assert.equal(py[0]!.system.relatedActivityId, '');
  assert.equal(py[2]!.system.userId, '');
  assert.equal(py[3]!.system.qualifiers, '49162');
  const ex = eventsOf(await readAll(fixture('evtxexport.xml')));
  assert.equal(ex[0]!.system.providerGuid, '{5D896912-022D-40AA-A3A8-4FA5515C76D7}');
  assert.equal(ex[0]!.system.timeCreated, '2022-12-06T05:41:46.964691000Z');
  const wv = eventsOf(await readAll(fixture('wevtutil.xml')));
  assert.equal(wv[3]!.system.qualifiers, '49162');
  assert.equal(wv[3]!.system.version, undefined, 'TermDD has no Version element');
  assert.equal(wv[2]!.system.userId, undefined, 'empty <Security/> has no UserID');
});

test('RenderingInfo is kept for /f:RenderedXml and Event Viewer saves; absent elsewhere', async () => {
  for (const file of ['rendered.xml', 'event-viewer-save.xml']) {
    const events = eventsOf(await readAll(fixture(file)));
    events.forEach((ev, i) => {
      const r = RECORDS[i]!;
      // CR LF inside the message is reported as LF, as XML end-of-line handling requires
      assert.equal(ev.rendering?.message, r.message);
      assert.equal(ev.rendering?.level, r.levelText);
      assert.equal(ev.rendering?.channel, r.channel);
      assert.equal(ev.rendering?.provider, r.providerText);
      assert.deepEqual(ev.rendering?.keywords, r.keywordTexts);
    });
    assert.equal(events[2]!.rendering?.task, 'Logon');
  }
  const plain = eventsOf(await readAll(fixture('wevtutil.xml')));
  assert.equal(plain[0]!.rendering, undefined);
});

test('origins carry the exact byte offset and line of each record start', async () => {
  for (const [file] of CASES) {
    const data = fixture(file);
    const events = eventsOf(await readAll(data));
    const twoByte = data[0] === 0xff || data[0] === 0xfe || data[1] === 0;
    for (const ev of events) {
      const at = ev.origin.offset;
      const probe = twoByte ? data.subarray(at, at + 12) : data.subarray(at, at + 6);
      const text = twoByte ? (data[0] === 0xfe ? Buffer.from(probe).swap16().toString('utf16le') : probe.toString('utf16le')) : probe.toString('latin1');
      assert.ok(text.startsWith('<Event'), `${file}: offset ${at} points at ${JSON.stringify(text)}`);
      const before = twoByte ? '' : data.subarray(0, at).toString('utf8');
      if (!twoByte) assert.equal(ev.origin.line, before.split('\n').length, `${file}: line of offset ${at}`);
    }
  }
});

test('wevtutil EventData with its own Name attribute (reference §8.15)', async () => {
  const xml =
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Time-Service' Guid='{06EDCFEB-0FD0-4E53-ACCA-A6F8BBF81BCB}'/><EventID>129</EventID><Version>0</Version><Level>3</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='2015-03-02T14:02:15.448409500Z'/><EventRecordID>125419</EventRecordID><Correlation/><Execution ProcessID='1068' ThreadID='1668'/><Channel>System</Channel><Computer>it08082.home.ku.edu</Computer><Security UserID='S-1-5-19'/></System><EventData Name='TMP_EVENT_DOMAIN_PEER_DISCOVERY_ERROR'><Data Name='ErrorMessage'>The entry is not found. (0x800706E1)</Data><Data Name='RetryMinutes'>15</Data></EventData></Event>";
  const [ev] = eventsOf(await readAll(Buffer.from(xml)));
  assert.deepEqual(ev!.fields, [
    ['EventData@Name', 'TMP_EVENT_DOMAIN_PEER_DISCOVERY_ERROR'],
    ['ErrorMessage', 'The entry is not found. (0x800706E1)'],
    ['RetryMinutes', '15'],
  ]);
});

test('payload flattening: nested UserData, duplicate names, attributes, CDATA, entities, whitespace', async () => {
  const xml = `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System><Provider Name="Microsoft-Windows-CAPI2"/><EventID>11</EventID><TimeCreated SystemTime="2023-10-03T17:02:59.3615438Z"/><Channel>Microsoft-Windows-CAPI2/Operational</Channel><Computer>PC1</Computer></System>
  <UserData>
    <CertGetCertificateChain xmlns="http://schemas.microsoft.com/win/2004/08/events/capi2">
      <Certificate fileRef="851053DA.cer" subjectName="wdcp.microsoft.com" />
      <ValidationTime>2024-01-30T20:03:42Z</ValidationTime>
      <Flags><Flag>A &amp; B</Flag><Flag><![CDATA[<raw> & ]]>x</Flag></Flags>
      <Note>  padded  </Note>
      <Empty/>
      <Ref>&#233;&#x1F600;&lt;&gt;&quot;&apos;</Ref>
    </CertGetCertificateChain>
  </UserData>
</Event>`;
  const [ev] = eventsOf(await readAll(Buffer.from(xml)));
  assert.deepEqual(ev!.fields, [
    ['Certificate@fileRef', '851053DA.cer'],
    ['Certificate@subjectName', 'wdcp.microsoft.com'],
    ['Certificate', ''],
    ['ValidationTime', '2024-01-30T20:03:42Z'],
    ['Flag', 'A & B'],
    ['Flag[2]', '<raw> & x'],
    ['Note', '  padded  '],
    ['Empty', ''],
    ['Ref', 'é😀<>"\''],
  ]);
});

test('Binary: hex kept upper-case, base64 converted, python-evtx base64 that looks like hex still converted', async () => {
  const ev = (bin: string, decl = '') =>
    Buffer.from(`${decl}<Event><System><EventID>1</EventID></System><EventData><Data>x</Data><Binary>${bin}</Binary></EventData></Event>`);
  assert.deepEqual(eventsOf(await readAll(ev('0a0b')))[0]!.fields[1], ['Binary', '0A0B']);
  assert.deepEqual(eventsOf(await readAll(ev('AAUGAAE=')))[0]!.fields[1], ['Binary', '0005060001']);
  // "AAAA" is valid hex and valid base64: python-evtx always writes base64
  const py = '<?xml version="1.1" encoding="utf-8" standalone="yes" ?>\n<Events>';
  assert.deepEqual(eventsOf(await readAll(ev('AAAA', py)))[0]!.fields[1], ['Binary', '000000']);
  assert.deepEqual(eventsOf(await readAll(ev('AAAA')))[0]!.fields[1], ['Binary', 'AAAA']);
});

test('wevtutil /e:<root> wrapper, records newest first, comment before the first record', async () => {
  const records = fixture('wevtutil-crlf.xml').toString('utf8').trim().split('\r\n').reverse();
  const xml = `<!-- exported by a script -->\r\n<Log>${records.join('\r\n')}</Log>\r\n`;
  const items = await readAll(Buffer.from(xml), 7);
  assert.deepEqual(infoOf(items), { format: 'wevtutil-xml', encoding: 'utf-8' });
  assert.deepEqual(issuesOf(items), []);
  assert.deepEqual(eventsOf(items).map((e) => e.system.recordId), RECORDS.map((r) => r.recordId).reverse());
});
