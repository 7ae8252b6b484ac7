import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readAll, fixture, fixtureDir, eventsOf, issuesOf } from './helpers/xml.js';

const files = readdirSync(fixtureDir).filter((f) => f.endsWith('.xml')).sort();

for (const file of files) {
  test(`${file}: identical items whatever the chunking (1, 7, 65537 bytes)`, async () => {
    const data = fixture(file);
    const whole = await readAll(data, data.length);
    assert.ok(eventsOf(whole).length > 0);
    for (const size of [1, 7, 65537]) assert.deepEqual(await readAll(data, size), whole, `chunks of ${size}`);
  });
}

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const rec = (id: number, user: string) =>
  `<Event xmlns='${NS}'><System><Provider Name='Microsoft-Windows-TerminalServices-LocalSessionManager'/><EventID>21</EventID><TimeCreated SystemTime='2026-01-02T03:04:05.1234567Z'/><EventRecordID>${id}</EventRecordID><Channel>Microsoft-Windows-TerminalServices-LocalSessionManager/Operational</Channel><Computer>rdsh-ü</Computer></System><UserData><EventXML xmlns='Event_NS'><User>${user}</User></EventXML></UserData></Event>\r\n`;

test('multi-byte characters and surrogate pairs split across chunks in UTF-8 and UTF-16 (LE, BE)', async () => {
  const users = ['CORP\\jürgen.müller', 'zoë 😀 𝔘𝔫𝔦', '渡辺 健太', 'plain'];
  const text = users.map((u, i) => rec(i + 1, u)).join('');
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  const u8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  for (const data of [u8, le, be]) {
    for (const size of [1, 2, 3, 5, 7, 65537]) {
      const items = await readAll(data, size);
      assert.deepEqual(issuesOf(items), []);
      const events = eventsOf(items);
      assert.deepEqual(events.map((e) => e.fields[0]![1]), users, `chunk size ${size}`);
      assert.equal(events[1]!.system.computer, 'rdsh-ü');
    }
  }
  // byte offsets: UTF-8 counts the multi-byte characters of earlier records exactly
  const events = eventsOf(await readAll(u8, 7));
  let expected = 3;
  users.forEach((u, i) => {
    assert.equal(events[i]!.origin.offset, expected);
    assert.equal(events[i]!.origin.line, i + 1);
    expected += Buffer.byteLength(rec(i + 1, u), 'utf8');
  });
  const leEvents = eventsOf(await readAll(le, 7));
  expected = 2;
  users.forEach((u, i) => {
    assert.equal(leEvents[i]!.origin.offset, expected);
    expected += 2 * rec(i + 1, u).length;
  });
});
