/**
 * One event → what it means for an RDP connection: catalog title, stage, family, severity, every
 * code decoded, and a one-line summary for timelines ("RdpCoreTS 131 — TCP connection accepted from
 * 10.0.2.17:50005"). Field values are event text (untrusted): the summary is made terminal-safe
 * here; HTML output must still escape it.
 */
import type { NormalizedEvent } from '../model/event.js';
import type { StageId } from '../model/analysis.js';
import { termSafe } from '../util/sanitize.js';
import { lookupEvent, PROVIDER, type EventDef, type Family } from './events.js';
import type { CodeEntry, CodeTableId } from './types.js';
import { decodeCode, decodeTermddBinary, describeTermddBinary, lookupStatus, parseCode, TABLE_TITLES } from './codes/index.js';

export interface DecodedField {
  field: string;
  value: string;
  meaning: string;
  /** the table entry, when the value was found in one */
  entry?: CodeEntry;
}

export interface EventDescription {
  title: string;
  stage: StageId | null;
  family: Family | null;
  severity: 'error' | 'warning' | 'info';
  decoded: DecodedField[];
  summary: string;
  /** the catalog definition, when the event is catalogued */
  def?: EventDef;
}

const SHORT_PROVIDER: Record<string, string> = {
  [PROVIDER.lsm.toLowerCase()]: 'LSM',
  [PROVIDER.rcm.toLowerCase()]: 'RCM',
  termservice: 'RCM',
  [PROVIDER.rdpCoreTs.toLowerCase()]: 'RdpCoreTS',
  [PROVIDER.rdpClient.toLowerCase()]: 'RDPClient',
  [PROVIDER.termdd.toLowerCase()]: 'TermDD',
  [PROVIDER.schannel.toLowerCase()]: 'Schannel',
  [PROVIDER.security.toLowerCase()]: 'Security',
  [PROVIDER.lsaSrv.toLowerCase()]: 'LsaSrv',
  [PROVIDER.ntlm.toLowerCase()]: 'NTLM',
  [PROVIDER.capi2.toLowerCase()]: 'CAPI2',
  [PROVIDER.gateway.toLowerCase()]: 'Gateway',
  [PROVIDER.broker.toLowerCase()]: 'SessionBroker',
  [PROVIDER.brokerClient.toLowerCase()]: 'SessionBroker-Client',
};

/** Short display name of a provider ("RdpCoreTS"); unknown providers keep their name. */
export function shortProvider(provider: string): string {
  return SHORT_PROVIDER[provider.toLowerCase()] ?? provider;
}

function firstSentence(text: string): string {
  const m = /^(.*?[.!?])(\s|$)/.exec(text);
  return (m ? m[1]! : text).replace(/\.$/, '');
}

/** "2308 (0x904)" for decimal input, "0xC000006D" for hex input. */
function showCode(value: string, e: CodeEntry): string {
  const v = value.trim();
  if (!HEX_TABLES.has(e.table)) return String(e.code);
  if (/^-?\d+$/.test(v)) return e.code > 9 ? `${v} (${e.hex})` : v;
  return e.hex;
}

/** Tables whose codes people meet in hex (dialogs, HRESULTs); the others are plain numbers. */
const HEX_TABLES = new Set<CodeTableId>(['discReason', 'extendedReason', 'errorInfo', 'win32', 'ntstatus', 'sspi']);

function meaningOf(e: CodeEntry): string {
  return `${e.name}: ${firstSentence(e.description)}`;
}

/** errorInfo values in RdpCoreTS 72 method traces: SetErrorInfo(0x7), PreDisconnect(5), PreDisconnect(-805306367). */
const SET_ERROR_INFO = /(?:SetErrorInfo|PreDisconnect)\((-?0x[0-9a-f]+|-?\d+)\)/i;

function decodeFields(ev: NormalizedEvent, def: EventDef | undefined): DecodedField[] {
  const out: DecodedField[] = [];
  const decode: Record<string, CodeTableId> = { ...(def?.decode ?? {}) };
  // TermDD blobs are decoded whatever the catalog says (old builds, unknown ids of the driver)
  if (ev.provider.toLowerCase() === 'termdd' && ev.fields.Binary !== undefined) decode.Binary = 'termddBinary';
  for (const [field, table] of Object.entries(decode)) {
    const value = ev.fields[field];
    if (value === undefined || value.trim() === '') continue;
    if (table === 'termddBinary') {
      const bin = decodeTermddBinary(value);
      out.push({ field, value, meaning: bin ? describeTermddBinary(bin, lookupStatus) : 'TermDD binary data could not be decoded' });
      continue;
    }
    const e = decodeCode(table, value);
    out.push(e ? { field, value, meaning: meaningOf(e), entry: e } : { field, value, meaning: `unknown ${TABLE_TITLES[table]}` });
  }
  // Windows names the field MethodName; some renderings carry the same trace as Message.
  const traceField = ev.fields.MethodName !== undefined ? 'MethodName' : 'Message';
  const method = ev.fields[traceField];
  if (method !== undefined && ev.provider.toLowerCase() === PROVIDER.rdpCoreTs.toLowerCase() && (ev.eventId === 72 || traceField === 'MethodName')) {
    const m = SET_ERROR_INFO.exec(method);
    if (m) {
      const e = decodeCode('errorInfo', m[1]!);
      // Dead connections log NTSTATUS-like values here (0xd0000001): say what they are instead.
      const code = parseCode(m[1]!);
      const status = e || code === undefined ? undefined : lookupStatus(code);
      if (e) out.push({ field: traceField, value: method, meaning: meaningOf(e), entry: e });
      else if (status) out.push({ field: traceField, value: method, meaning: `not an errorInfo value; reads as ${meaningOf(status)}`, entry: status });
      else out.push({ field: traceField, value: method, meaning: `unknown ${TABLE_TITLES.errorInfo}` });
    }
  }
  return out;
}

function severityFromLevel(level: number | null): 'error' | 'warning' | 'info' {
  if (level === 1 || level === 2) return 'error';
  if (level === 3) return 'warning';
  return 'info';
}

function field(ev: NormalizedEvent, name: string | undefined): string | undefined {
  if (!name) return undefined;
  const v = ev.fields[name];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' || t === '-' ? undefined : t;
}

function userOf(ev: NormalizedEvent, def: EventDef): string | undefined {
  const user = field(ev, def.fields?.user);
  if (!user) return undefined;
  const domain = field(ev, def.fields?.domain);
  return domain && !user.includes('\\') ? `${domain}\\${user}` : user;
}

/** Context that identifies the connection: user, address, session, connection name. */
function context(ev: NormalizedEvent, def: EventDef): string[] {
  const parts: string[] = [];
  const user = userOf(ev, def);
  if (user) parts.push(`user ${user}`);
  const addr = field(ev, def.fields?.clientAddress);
  if (addr) {
    const port = field(ev, def.fields?.clientPort);
    parts.push(`${def.side === 'client' ? 'target' : 'from'} ${addr}${port && port !== '0' && !addr.includes(':') ? `:${port}` : ''}`);
  }
  const target = field(ev, def.fields?.target);
  if (target && target !== addr) parts.push(`target ${target}`);
  const session = field(ev, def.fields?.sessionId);
  if (session) parts.push(`session ${session}`);
  const conn = field(ev, def.fields?.connectionName);
  if (conn) parts.push(conn);
  return parts;
}

function findDecoded(decoded: DecodedField[], name: string): DecodedField | undefined {
  return decoded.find((d) => d.field === name);
}

function codePhrase(d: DecodedField | undefined): string | undefined {
  if (!d) return undefined;
  return d.entry ? `${showCode(d.value, d.entry)} ${meaningOf(d.entry)}` : `${d.value.trim()} (${d.meaning})`;
}

/** Summaries worded for the events people read most; everything else uses the generic form. */
function specialSummary(ev: NormalizedEvent, def: EventDef, decoded: DecodedField[], head: string): string | undefined {
  const p = def.provider;
  const id = def.eventId;
  if (p === PROVIDER.rdpCoreTs && id === 131) {
    const type = field(ev, 'ConnType') ?? 'TCP';
    const from = field(ev, 'ClientIP');
    return `${head} — ${type} connection accepted${from ? ` from ${from}` : ''}`;
  }
  if (p === PROVIDER.rdpCoreTs && id === 72) {
    const method = field(ev, 'MethodName') ?? field(ev, 'Message') ?? '?';
    const d = decoded.find((x) => x.field === 'MethodName' || x.field === 'Message');
    if (d && /^SetErrorInfo/i.test(method)) return `${head} — server sent ${method} to the client: ${d.meaning}`;
    if (d) return `${head} — ${method}: ${d.meaning}`;
    return `${head} — ${method}`;
  }
  if (p === PROVIDER.rdpClient && id === 1026) {
    const d = findDecoded(decoded, 'Value');
    if (d?.entry) return `Client disconnect reason ${showCode(d.value, d.entry)}: ${meaningOf(d.entry)}`;
    return `Client disconnect reason ${field(ev, 'Value') ?? '?'}${d ? ` (${d.meaning})` : ''}`;
  }
  if (p === PROVIDER.rdpClient && id === 1024) return `${head} — client connecting to ${field(ev, 'Value') ?? '?'}`;
  if (p === PROVIDER.schannel && (id === 36887 || id === 36888)) {
    const alert = findDecoded(decoded, 'AlertDesc');
    const state = field(ev, 'ErrorState');
    const dir = id === 36887 ? 'received from' : 'sent to';
    const what = alert?.entry ? `${alert.entry.code} ${alert.entry.name}` : field(ev, 'AlertDesc') ?? '?';
    return `Schannel fatal alert ${what} ${dir} the remote end${state ? ` (error state ${state})` : ''}`;
  }
  if (p === PROVIDER.termdd) {
    const bin = findDecoded(decoded, 'Binary');
    const who = id === 56 ? field(ev, 'Data[2]') : undefined;
    const comp = id === 50 ? field(ev, 'Data[2]') : undefined;
    return `${head} — ${def.title}${comp ? ` (component ${comp})` : ''}${who ? `, client ${who}` : ''}${bin ? `; ${bin.meaning}` : ''}`;
  }
  if (p === PROVIDER.security && (id === 4625 || id === 4776)) {
    const st = findDecoded(decoded, 'Status');
    const sub = findDecoded(decoded, 'SubStatus');
    const type = findDecoded(decoded, 'LogonType');
    const ctx = context(ev, def);
    const codes = [codePhrase(st), sub && sub.entry?.code !== 0 ? codePhrase(sub) : undefined].filter(Boolean).join('; ');
    return `${head} — ${def.title.toLowerCase()}${ctx.length ? ` (${ctx.join(', ')})` : ''}${type?.entry ? `, logon type ${type.entry.code} ${type.entry.name}` : ''}${codes ? `: ${codes}` : ''}`;
  }
  return undefined;
}

/** Describes any event; events outside the catalog get their provider/id and level only. */
export function describeEvent(ev: NormalizedEvent): EventDescription {
  const def = lookupEvent(ev.provider, ev.eventId, ev.channel);
  const head = `${shortProvider(ev.provider)} ${ev.eventId}`;
  const decoded = decodeFields(ev, def);
  if (!def) {
    const title = `${ev.provider} event ${ev.eventId}`;
    const extra = decoded.map((d) => d.meaning).join('; ');
    return { title, stage: null, family: null, severity: severityFromLevel(ev.level), decoded, summary: termSafe(extra ? `${head} — ${extra}` : head) };
  }
  let summary = specialSummary(ev, def, decoded, head);
  if (summary === undefined) {
    const ctx = context(ev, def);
    const codes = decoded.map((d) => `${d.field} ${codePhrase(d)}`);
    const msg = field(ev, def.fields?.message);
    const tail = [...ctx, ...(msg && !decoded.some((d) => d.field === def.fields?.message) ? [msg] : []), ...codes];
    summary = `${head} — ${def.title}${tail.length ? `: ${tail.join(', ')}` : ''}`;
  }
  return { title: def.title, stage: def.stage, family: def.family, severity: def.severity, decoded, summary: termSafe(summary), def };
}
