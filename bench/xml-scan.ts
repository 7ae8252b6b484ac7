// Throughput of the XML reader on a synthetic, realistic corpus (no store).
// Usage: node --import tsx bench/xml-scan.ts [events=200000] [rounds=2]
// Reports: the scanner alone on pre-cut records, and the whole reader (decode + split + scan)
// streaming UTF-8 and UTF-16LE files in 1 MiB chunks.
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseXml } from '../parsers/xml/index.js';
import { parseRecord } from '../parsers/xml/record.js';

const N = Number(process.argv[2] ?? 200_000);
const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

function system(provider: string, guid: string | null, id: number, channel: string, i: number, extra = ''): string {
  const t = new Date(Date.UTC(2026, 0, 1) + i * 1337).toISOString().replace('Z', '1234Z');
  return (
    `<System><Provider Name='${provider}'${guid ? ` Guid='{${guid}}'` : ''}/><EventID${extra}>${id}</EventID><Version>0</Version><Level>4</Level>` +
    `<Task>0</Task><Opcode>0</Opcode><Keywords>0x1000000000000000</Keywords><TimeCreated SystemTime='${t}'/>` +
    `<EventRecordID>${1000 + i}</EventRecordID><Correlation ActivityID='{f420125d-74d2-4a42-acdf-98492${String(i % 100000).padStart(7, '0')}}'/>` +
    `<Execution ProcessID='904' ThreadID='1844'/><Channel>${channel}</Channel><Computer>rdsh01.corp.example</Computer><Security UserID='S-1-5-18'/></System>`
  );
}

function event(i: number): string {
  const k = i % 8;
  if (k < 3) {
    return `<Event xmlns='${NS}'>${system('Microsoft-Windows-TerminalServices-LocalSessionManager', '5d896912-022d-40aa-a3a8-4fa5515c76d7', 21 + (i % 5), 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational', i)}<UserData><EventXML xmlns='Event_NS'><User>CORP\\jürgen.müller</User><SessionID>${i % 40}</SessionID><Address>10.1.${i % 250}.${i % 200}</Address></EventXML></UserData></Event>`;
  }
  if (k < 5) {
    return `<Event xmlns='${NS}'>${system('Microsoft-Windows-Security-Auditing', '54849625-5478-4994-a5ba-3e3b0328c30d', 4624, 'Security', i)}<EventData><Data Name='SubjectUserSid'>S-1-5-18</Data><Data Name='SubjectUserName'>RDSH01$</Data><Data Name='SubjectDomainName'>CORP</Data><Data Name='SubjectLogonId'>0x3e7</Data><Data Name='TargetUserSid'>S-1-5-21-1-2-3-1104</Data><Data Name='TargetUserName'>zoë</Data><Data Name='TargetDomainName'>CORP</Data><Data Name='TargetLogonId'>0x1a2b3c</Data><Data Name='LogonType'>10</Data><Data Name='LogonProcessName'>User32 </Data><Data Name='AuthenticationPackageName'>Negotiate</Data><Data Name='WorkstationName'>RDSH01</Data><Data Name='LogonGuid'>{00000000-0000-0000-0000-000000000000}</Data><Data Name='TransmittedServices'>-</Data><Data Name='LmPackageName'>-</Data><Data Name='KeyLength'>0</Data><Data Name='ProcessId'>0x2a8</Data><Data Name='ProcessName'>C:\\Windows\\System32\\svchost.exe</Data><Data Name='IpAddress'>fe80::1%12</Data><Data Name='IpPort'>0</Data><Data Name='ImpersonationLevel'>%%1833</Data><Data Name='RestrictedAdminMode'>-</Data><Data Name='TargetOutboundUserName'>-</Data><Data Name='ElevatedToken'>%%1842</Data></EventData></Event>`;
  }
  if (k === 5) {
    return `<Event xmlns='${NS}'>${system('TermDD', null, 56, 'System', i, " Qualifiers='49162'")}<EventData><Data>\\Device\\Termdd</Data><Data>10.3.16.5</Data><Binary>00000400020030000000000038000AC0000000003800000000000000000000000000000000000000</Binary></EventData></Event>`;
  }
  if (k === 6) {
    return `<Event xmlns='${NS}'>${system('Schannel', '1f678132-5938-4686-9fdc-c8ff68f15c85', 36888, 'System', i)}<EventData><Data Name='AlertDesc'>40</Data><Data Name='ErrorState'>1205</Data></EventData></Event>`;
  }
  return `<Event xmlns='${NS}'>${system('Microsoft-Windows-TerminalServices-RemoteConnectionManager', 'c76baa63-ae81-421c-b425-340b4b24157f', 1149, 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational', i)}<UserData><EventXML xmlns='Event_NS'><Param1>O&apos;Brien</Param1><Param2>CORP</Param2><Param3>203.0.113.${i % 250}</Param3></EventXML></UserData></Event>`;
}

// The corpus goes to temporary files and is read back as a stream, as ingest does: holding it in
// memory would make the garbage collector's work, not the reader's, dominate the figures.
const dir = mkdtempSync(join(tmpdir(), 'rdplens-xml-bench-'));
const utf8Path = join(dir, 'events-utf8.xml');
const utf16Path = join(dir, 'events-utf16le.xml');
{
  const a = openSync(utf8Path, 'w');
  const b = openSync(utf16Path, 'w');
  writeSync(b, Buffer.from([0xff, 0xfe]));
  for (let i = 0; i < N; i += 1000) {
    let text = '';
    for (let j = i; j < Math.min(N, i + 1000); j++) text += event(j) + '\r\n';
    writeSync(a, Buffer.from(text, 'utf8'));
    writeSync(b, Buffer.from(text, 'utf16le'));
  }
  closeSync(a);
  closeSync(b);
}
/** A sample of pre-cut records for the scanner-only figure. */
const records: string[] = [];
for (let i = 0; i < Math.min(N, 50_000); i++) records.push(event(i));
const sampleBytes = records.reduce((n, r) => n + Buffer.byteLength(r) + 2, 0);

// The machine may be shared: besides wall-clock rates, report rates per CPU-second of this process.
let cpuStart = process.cpuUsage();
function report(label: string, events: number, bytes: number, ms: number): void {
  const c = process.cpuUsage(cpuStart);
  const cpuMs = (c.user + c.system) / 1000;
  const rate = (n: number, t: number) => Math.round((n / t) * 1000).toLocaleString('en-US').padStart(9);
  console.log(
    `${label.padEnd(34)} ${rate(events, ms)} events/s ${((bytes / 1048576 / ms) * 1000).toFixed(1).padStart(6)} MB/s wall | ${rate(events, cpuMs)} events/s ${((bytes / 1048576 / cpuMs) * 1000).toFixed(1).padStart(6)} MB/s per CPU-second  (${events} events, ${(ms / 1000).toFixed(2)} s)`,
  );
}

for (let round = 0; round < Number(process.argv[3] ?? 2); round++) {
  let t = performance.now();
  cpuStart = process.cpuUsage();
  let ok = 0;
  for (const r of records) if (parseRecord(r, 'auto').event) ok++;
  report('scanner only (pre-cut records)', ok, sampleBytes, performance.now() - t);

  for (const [label, path] of [['reader, UTF-8 file', utf8Path], ['reader, UTF-16LE+BOM file', utf16Path]] as const) {
    t = performance.now();
    cpuStart = process.cpuUsage();
    let events = 0;
    let issues = 0;
    for await (const item of parseXml(createReadStream(path, { highWaterMark: 1 << 20 }), { file: path })) {
      if (item.kind === 'event') events++;
      else if (item.kind === 'issue') issues++;
    }
    if (issues) console.log(`  unexpected issues: ${issues}`);
    report(label, events, statSync(path).size, performance.now() - t);
  }
}
console.log(`RSS at the end ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB; corpus files ${(statSync(utf8Path).size / 1048576).toFixed(0)} MB (UTF-8), ${(statSync(utf16Path).size / 1048576).toFixed(0)} MB (UTF-16LE)`);
rmSync(dir, { recursive: true, force: true });
