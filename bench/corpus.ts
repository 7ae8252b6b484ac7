/**
 * Deterministic generator of a realistic RDP event corpus for benchmarks (and large-input tests):
 * connection stories on a few hosts — successful logons with UDP side channels, NLA failures,
 * scanner probes, network drops, certificate and TLS errors — plus Security/System noise, written
 * as wevtutil-style XML (no root element). A seeded PRNG makes the bytes the same on every run.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export interface CorpusOptions {
  events: number;
  seed?: number;
  /** 'wevtutil' = concatenated <Event> with no root; 'eventviewer' = <Events> root */
  form?: 'wevtutil' | 'eventviewer';
  encoding?: 'utf8' | 'utf16le';
}

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const P = {
  rdpcore: { name: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS', guid: '{1139C61B-B549-4251-8ED3-27250A1EDEC8}', channel: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational' },
  lsm: { name: 'Microsoft-Windows-TerminalServices-LocalSessionManager', guid: '{5D896912-022D-40AA-A3A8-4FA5515C76D7}', channel: 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational' },
  rcm: { name: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager', guid: '{C76BAA63-AE81-421C-B425-340B4B24157F}', channel: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational' },
  sec: { name: 'Microsoft-Windows-Security-Auditing', guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}', channel: 'Security' },
  schannel: { name: 'Schannel', guid: '{1F678132-5938-4686-9FDC-C8FF68F15C85}', channel: 'System' },
  termdd: { name: 'TermDD', guid: '', channel: 'System' },
} as const;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');
}

export async function writeCorpus(path: string, opts: CorpusOptions): Promise<{ events: number; bytes: number }> {
  const rnd = prng(opts.seed ?? 42);
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const hosts = ['RDSH01.corp.example', 'RDSH02.corp.example', 'JUMP01.corp.example', 'DC01.corp.example'];
  const users = ['alice', 'bob', 'jürgen.müller', 'zoë', 'svc_backup', 'administrator'];
  const record = new Map<string, number>();
  let t = Date.UTC(2026, 9, 1, 6, 0, 0);
  let written = 0;
  let bytes = 0;
  const out = createWriteStream(path);
  const enc = opts.encoding ?? 'utf8';
  const write = async (s: string) => {
    const buf = Buffer.from(s, enc);
    bytes += buf.length;
    if (!out.write(buf)) await once(out, 'drain');
  };
  if (enc === 'utf16le') await write('\ufeff');
  if (opts.form === 'eventviewer') await write(`<?xml version="1.0" encoding="${enc === 'utf16le' ? 'UTF-16' : 'UTF-8'}"?>\r\n<Events>`);

  const guid = () => {
    const h = () => Math.floor(rnd() * 0x10000).toString(16).toUpperCase().padStart(4, '0');
    return `{${h()}${h()}-${h()}-${h()}-${h()}-${h()}${h()}${h()}}`;
  };
  const ts = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_m, f) => `.${f}${String(Math.floor(rnd() * 9999)).padStart(4, '0')}Z`);

  async function emit(host: string, p: (typeof P)[keyof typeof P], id: number, ms: number, body: string, extra: { activity?: string; qualifiers?: number; level?: number } = {}) {
    const key = `${host}|${p.channel}`;
    const rec = (record.get(key) ?? 1000) + 1;
    record.set(key, rec);
    const prov = p.guid ? `<Provider Name='${p.name}' Guid='${p.guid}'/>` : `<Provider Name='${p.name}'/>`;
    const eid = extra.qualifiers !== undefined ? `<EventID Qualifiers='${extra.qualifiers}'>${id}</EventID>` : `<EventID>${id}</EventID>`;
    const corr = extra.activity ? `<Correlation ActivityID='${extra.activity}'/>` : '<Correlation/>';
    await write(
      `<Event xmlns='${NS}'><System>${prov}${eid}<Version>0</Version><Level>${extra.level ?? 4}</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x4000000000000000</Keywords><TimeCreated SystemTime='${ts(ms)}'/><EventRecordID>${rec}</EventRecordID>${corr}<Execution ProcessID='1234' ThreadID='5678'/><Channel>${p.channel}</Channel><Computer>${host}</Computer><Security UserID='S-1-5-20'/></System>${body}</Event>\r\n`,
    );
    written++;
  }
  const data = (o: Record<string, string | number>) =>
    `<EventData>${Object.entries(o).map(([k, v]) => `<Data Name='${k}'>${esc(String(v))}</Data>`).join('')}</EventData>`;
  const ud = (o: Record<string, string | number>) =>
    `<UserData><EventXML xmlns='Event_NS'>${Object.entries(o).map(([k, v]) => `<${k}>${esc(String(v))}</${k}>`).join('')}</EventXML></UserData>`;

  let conn = 0;
  while (written < opts.events) {
    t += Math.floor(rnd() * 4000);
    const host = pick(hosts.slice(0, 3));
    const ip = `10.${Math.floor(rnd() * 4)}.${Math.floor(rnd() * 250)}.${1 + Math.floor(rnd() * 250)}`;
    const port = 49152 + Math.floor(rnd() * 16000);
    const user = pick(users);
    const act = guid();
    const kind = rnd();
    conn++;
    const name = `RDP-Tcp#${conn % 500}`;
    await emit(host, P.rcm, 261, t, ud({ listenerName: 'RDP-Tcp' }));
    await emit(host, P.rdpcore, 131, t, data({ ConnType: 'TCP', ClientIP: `${ip}:${port}` }), { activity: act });
    await emit(host, P.rdpcore, 65, t + 3, data({ ConnectionName: name }), { activity: act });
    if (kind < 0.15) {
      // scanner probe: nothing negotiated, socket error, reason 14
      await emit(host, P.rdpcore, 143, t + 6000, data({ error: 64 }), { activity: act, level: 3 });
      await emit(host, P.rdpcore, 102, t + 6001, data({}), { activity: act });
      await emit(host, P.rdpcore, 103, t + 6002, data({ ReasonCode: 14 }), { activity: act });
      continue;
    }
    if (kind < 0.3) {
      // NLA failure
      await emit(host, P.sec, 4625, t + 400, data({ TargetUserName: user, TargetDomainName: 'CORP', Status: '0xc000006d', SubStatus: '0xc000006a', LogonType: 3, WorkstationName: 'LAPTOP7', IpAddress: '-', IpPort: '-', AuthenticationPackageName: 'NTLM', LogonProcessName: 'NtLmSsp ' }), { level: 0 });
      await emit(host, P.rdpcore, 140, t + 401, data({ IPString: ip }), { activity: act, level: 3 });
      await emit(host, P.rdpcore, 103, t + 500, data({ ReasonCode: 14 }), { activity: act });
      continue;
    }
    if (kind < 0.36) {
      // TLS failure
      await emit(host, P.schannel, 36874, t + 50, data({}), { level: 2 });
      await emit(host, P.schannel, 36888, t + 51, data({ AlertDesc: 40, ErrorState: 1205 }), { level: 2 });
      await emit(host, P.termdd, 56, t + 52, `<EventData><Data>\\Device\\Termdd</Data><Data>${ip}</Data><Binary>00000400020030000000000038000AC00000000038000AC00000000000000000000000000000000000000000B4010000</Binary></EventData>`, { qualifiers: 49162, level: 2 });
      continue;
    }
    // success path
    await emit(host, P.sec, 4624, t + 600, data({ TargetUserName: user, TargetDomainName: 'CORP', TargetLogonId: '0x1a2b3c', LogonType: 3, IpAddress: ip, IpPort: 0, LogonProcessName: 'NtLmSsp ', AuthenticationPackageName: 'NTLM' }), { level: 0 });
    await emit(host, P.rcm, 1149, t + 610, ud({ Param1: user, Param2: 'CORP', Param3: ip }));
    await emit(host, P.rdpcore, 98, t + 700, data({}), { activity: act });
    await emit(host, P.rdpcore, 131, t + 710, data({ ConnType: 'UDP', ClientIP: `[${ip}]:${port + 1}` }), { activity: guid() });
    const sid = 2 + Math.floor(rnd() * 30);
    await emit(host, P.sec, 4624, t + 1500, data({ TargetUserName: user, TargetDomainName: 'CORP', TargetLogonId: `0x${(conn * 7919).toString(16)}`, LogonType: 10, IpAddress: ip, IpPort: port, LogonProcessName: 'User32 ', AuthenticationPackageName: 'Negotiate' }), { level: 0 });
    await emit(host, P.rdpcore, 66, t + 1600, data({ ConnectionName: name, SessionID: sid }), { activity: act });
    await emit(host, P.lsm, 21, t + 2000, ud({ User: `CORP\\${user}`, SessionID: sid, Address: ip }));
    await emit(host, P.lsm, 22, t + 2100, ud({ User: `CORP\\${user}`, SessionID: sid, Address: ip }));
    const dur = 60_000 + Math.floor(rnd() * 3_600_000);
    if (kind < 0.5) {
      await emit(host, P.lsm, 24, t + dur, ud({ User: `CORP\\${user}`, SessionID: sid, Address: ip }));
      await emit(host, P.lsm, 40, t + dur + 1, ud({ Session: sid, Reason: pick([0, 5, 11, 12]) }));
    } else {
      await emit(host, P.lsm, 23, t + dur, ud({ User: `CORP\\${user}`, SessionID: sid }));
      await emit(host, P.sec, 4634, t + dur + 5, data({ TargetUserName: user, TargetDomainName: 'CORP', TargetLogonId: `0x${(conn * 7919).toString(16)}`, LogonType: 10 }), { level: 0 });
    }
    // background noise on the DC
    await emit(hosts[3], P.sec, 4624, t + 50, data({ TargetUserName: 'DC01$', TargetDomainName: 'CORP', TargetLogonId: '0x3e7', LogonType: 3, IpAddress: '10.0.0.1', IpPort: 0, LogonProcessName: 'Kerberos', AuthenticationPackageName: 'Kerberos' }), { level: 0 });
  }
  if (opts.form === 'eventviewer') await write('</Events>');
  out.end();
  await once(out, 'finish');
  return { events: written, bytes };
}
