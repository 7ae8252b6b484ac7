/**
 * What `rdplens explain` says about codes: decode each one, read the mstsc dialog pair
 * (error code + extended error code), rank the failure patterns that can produce it, and list the
 * logs to collect on each machine with the commands that export them. Pure: the command renders it.
 */
import type { CodeEntry, CodeTableId, Confidence, PatternId } from './types.js';
import { decodeCode, displayCode, findCode, parseCode } from './codes/index.js';
import { EVENT_DEFS, type EventDef } from './events.js';
import { shortProvider } from './describe.js';
import { PATTERN_BRIEFS } from './patterns.js';
import { LOG_SOURCES, exportCommands, xmlExportCommand, type LogKey, type LogSource, type Machine } from './logs.js';

export interface LoggedAs {
  /** which machine writes it; `both` for logs either machine can hold (Schannel, Security) */
  machine: 'server' | 'client' | 'both';
  where: string;
}

export interface ExplainedCode {
  /** the text as given */
  input: string;
  value: number | null;
  /** the reading chosen (null = unknown) */
  entry: CodeEntry | null;
  /** other tables that know the same number (only when no table was forced) */
  alsoMatches: CodeEntry[];
  /** catalogued events with this id (decimal input only) */
  events: EventDef[];
  loggedAs: LoggedAs[];
}

export interface RankedPattern {
  rank: number;
  id: PatternId;
  ref: string;
  title: string;
  why: string;
  lookFor: { machine: 'server' | 'client'; text: string }[];
  fix: string;
  source: string;
  confidence: Confidence;
}

export interface CollectStep {
  machine: Machine;
  logs: LogSource[];
  commands: string[];
}

export interface ExplainResult {
  codes: ExplainedCode[];
  /** inputs no table (and no event) knows */
  unknown: string[];
  /** suggestions for unknown inputs, e.g. a dialog code typed without its 0x */
  hints: string[];
  /** true when the first two codes were read as the mstsc dialog pair */
  dialogPair: boolean;
  /** what the codes mean together, when a curated reading exists */
  reading: string | null;
  readingSource: string | null;
  firstChecks: string[];
  patterns: RankedPattern[];
  collect: CollectStep[];
  xmlExample: string | null;
}

export interface ExplainOptions {
  /** force every code to be read from this table, or as an event id */
  as?: CodeTableId | 'event';
}

export interface CuratedPair {
  disc: number;
  ext: number;
  reading: string;
  firstChecks: string[];
  ranked: { id: PatternId; why: string }[];
  source: string;
}

/**
 * Pairs the reference discusses in depth. The ranking is by how well each cause is documented for
 * this dialog (Microsoft's own scenarios first), not by observed frequency, which nobody publishes.
 */
export const CURATED_PAIRS: readonly CuratedPair[] = [
  {
    disc: 0x904, ext: 0x7,
    reading:
      'The client saw its TCP connection closed from the far end (0x904), and the only detail it holds is ' +
      '"server denied the connection" (0x7). Together they are a symptom class, not a diagnosis: the cause ' +
      'is in the server\'s event logs, within seconds of the attempt. ' +
      'A server sends errorInfo 7 only after TLS and NLA; whether mstsc also reports 7 for earlier drops ' +
      '(certificate, TLS, CredSSP) is not documented, so each cause below is a hypothesis to test.',
    firstChecks: [
      'Did the server see the attempt? No RdpCoreTS 131 / RCM 261 at that time: the network path or a device in between.',
      'Schannel 36870 (0x8009030D) or RCM 1057/1058 near the attempt: certificate key or expired certificate.',
      'Schannel 36871 (10013), 36874 or 36888 alert 40/70: TLS version or cipher mismatch.',
      'RdpCoreTS 72 SetErrorInfo(0x7) in the attempt: the server denied it after negotiation.',
    ],
    ranked: [
      { id: 'cert-private-key', why: 'Microsoft\'s first documented scenario for this dialog after entering credentials' },
      { id: 'tls-mismatch', why: 'Microsoft\'s second documented scenario: TLS version disabled (Schannel 36871)' },
      { id: 'cert-expired', why: 'the self-signed certificate expired and could not be replaced' },
      { id: 'server-denied', why: 'extended reason 7 taken literally: SetErrorInfo(0x7) from the server' },
      { id: 'network-drop', why: 'a VPN or middlebox dropping the connection also ends in FD_CLOSE (0x904)' },
      { id: 'unreachable', why: 'a device accepted the TCP connection and closed it; the server saw nothing' },
      { id: 'broker', why: 'Microsoft\'s third scenario, only in deployments with a Connection Broker' },
      { id: 'credssp-oracle', why: 'reported by the community for this dialog; LsaSrv 6041 on the client confirms it' },
    ],
    source: 'MS-AZ-EVT; MS-ONDISC; MS-EXTDISC; MS-RDPBCGR connection sequence',
  },
];

const MACHINE_ORDER: Machine[] = ['server', 'broker', 'client'];
const LOG_ORDER = Object.keys(LOG_SOURCES) as LogKey[];

/** Where a table's codes appear, derived from the event catalog's decode maps. */
export function whereLogged(table: CodeTableId, code: number | null): LoggedAs[] {
  const out: LoggedAs[] = [];
  const hex = code === null ? 'N' : `0x${code.toString(16)}`;
  if (table === 'discReason') out.push({ machine: 'client', where: 'mstsc dialog "Error code" (in hex)' });
  if (table === 'extendedReason') out.push({ machine: 'client', where: 'mstsc dialog "Extended error code" (no client log records it)' });
  if (table === 'extendedReason' || table === 'errorInfo') {
    out.push({ machine: 'server', where: `RdpCoreTS 72 MethodName=SetErrorInfo(${hex})` });
    if (code !== null && code <= 12) out.push({ machine: 'server', where: `LSM 40 Reason=${code}` });
  }
  const seen = new Set(out.map((o) => o.where));
  for (const d of EVENT_DEFS) {
    for (const [field, t] of Object.entries(d.decode ?? {})) {
      if (t !== table) continue;
      const where = `${shortProvider(d.provider)} ${d.eventId} ${field}`;
      if (seen.has(where)) continue;
      seen.add(where);
      out.push({ machine: d.side, where });
    }
  }
  return out;
}

function eventsWithId(input: string): EventDef[] {
  if (!/^\d+$/.test(input.trim())) return [];
  const id = Number(input.trim());
  return EVENT_DEFS.filter((d) => d.eventId === id);
}

/** Forms that name their own table: `SetErrorInfo(0x7)` from RdpCoreTS 72, `%%2313` from 4625. */
function selfDescribing(input: string): { value: string; table: CodeTableId } | undefined {
  const m = /^SetErrorInfo\((0x[0-9a-f]+|\d+)\)$/i.exec(input.trim());
  if (m) return { value: m[1]!, table: 'errorInfo' };
  if (/^%%\d+$/.test(input.trim())) return { value: input.trim(), table: 'failureReason' };
  return undefined;
}

function explainOne(input: string, table: CodeTableId | 'event' | undefined): ExplainedCode {
  const own = table ? undefined : selfDescribing(input);
  if (own) {
    const entry = decodeCode(own.table, own.value) ?? null;
    return { input, value: parseCode(own.value) ?? null, entry, alsoMatches: [], events: [], loggedAs: entry ? whereLogged(entry.table, entry.code) : [] };
  }
  const value = parseCode(input) ?? null;
  let entry: CodeEntry | null = null;
  let alsoMatches: CodeEntry[] = [];
  if (table === 'event') return { input, value, entry: null, alsoMatches, events: eventsWithId(input), loggedAs: [] };
  if (table) entry = decodeCode(table, input) ?? null;
  else {
    const all = findCode(input);
    entry = all[0] ?? null;
    alsoMatches = all.slice(1);
  }
  const events = table ? [] : eventsWithId(input);
  return { input, value, entry, alsoMatches, events, loggedAs: entry ? whereLogged(entry.table, entry.code) : [] };
}

function rankFromCodes(codes: ExplainedCode[]): RankedPattern[] {
  const order: { id: PatternId; why: string }[] = [];
  const seen = new Set<PatternId>();
  for (const c of codes) {
    for (const p of c.entry?.patterns ?? []) {
      if (seen.has(p)) continue;
      seen.add(p);
      order.push({ id: p, why: `${c.entry!.name} (${displayCode(c.entry!)}) can come from it` });
    }
  }
  return toRanked(order);
}

function toRanked(list: { id: PatternId; why: string }[]): RankedPattern[] {
  return list.map(({ id, why }, i) => {
    const b = PATTERN_BRIEFS[id];
    return { rank: i + 1, id, ref: b.ref, title: b.title, why, lookFor: b.lookFor, fix: b.fix, source: b.source, confidence: b.confidence };
  });
}

function collectFor(patterns: RankedPattern[], codes: ExplainedCode[]): CollectStep[] {
  const want: Record<Machine, Set<LogKey>> = { server: new Set(), broker: new Set(), client: new Set() };
  for (const p of patterns) {
    const b = PATTERN_BRIEFS[p.id];
    for (const k of b.logs.server) (k === 'broker' ? want.broker : want.server).add(k);
    for (const k of b.logs.client) want.client.add(k);
  }
  const withCodes = codes.filter((c) => c.entry);
  if (withCodes.length) {
    // Whatever the cause, these show whether and how far the attempt got.
    for (const k of ['system', 'security', 'rdpcorets', 'rcm', 'lsm'] as LogKey[]) want.server.add(k);
  }
  if (withCodes.some((c) => c.entry!.table === 'discReason' || c.entry!.table === 'extendedReason')) {
    want.client.add('rdpclient');
    want.client.add('system');
  }
  // An event id asked about: the log it is written to, on the machine that writes it.
  for (const c of codes) {
    if (c.entry) continue;
    for (const d of c.events) {
      const key = LOG_ORDER.find((k) => LOG_SOURCES[k].channel === d.channel);
      if (!key) continue;
      if (d.side !== 'client') (key === 'broker' ? want.broker : want.server).add(key);
      if (d.side !== 'server') want.client.add(key);
    }
  }
  const steps: CollectStep[] = [];
  for (const m of MACHINE_ORDER) {
    const keys = LOG_ORDER.filter((k) => want[m].has(k));
    if (!keys.length) continue;
    steps.push({ machine: m, logs: keys.map((k) => LOG_SOURCES[k]), commands: exportCommands(m, keys) });
  }
  return steps;
}

/** Explains codes as typed by the user (see the command for the accepted forms). */
export function explainCodes(inputs: readonly string[], opts: ExplainOptions = {}): ExplainResult {
  let codes: ExplainedCode[];
  let dialogPair = false;
  if (!opts.as && inputs.length === 2) {
    const disc = decodeCode('discReason', inputs[0]!);
    const ext = decodeCode('extendedReason', inputs[1]!);
    if (disc && ext) {
      dialogPair = true;
      codes = [explainOne(inputs[0]!, 'discReason'), explainOne(inputs[1]!, 'extendedReason')];
    } else codes = inputs.map((i) => explainOne(i, undefined));
  } else codes = inputs.map((i) => explainOne(i, opts.as));

  const unknown = codes.filter((c) => !c.entry && c.events.length === 0).map((c) => c.input);
  const hints: string[] = [];
  for (const u of unknown) {
    // the dialog shows hex; "904" typed for "0x904" is the usual slip
    const asHex = /^\d+$/.test(u.trim()) ? findCode(`0x${u.trim()}`)[0] : undefined;
    if (asHex) hints.push(`${u.trim()} is not known as a decimal number; did you mean 0x${u.trim()} (${asHex.name})? Dialog codes are hexadecimal.`);
  }
  const curated = dialogPair
    ? CURATED_PAIRS.find((p) => p.disc === codes[0]!.entry!.code && p.ext === codes[1]!.entry!.code)
    : undefined;
  let patterns: RankedPattern[];
  if (curated) patterns = toRanked(curated.ranked);
  else {
    // the extended reason says more than the transport symptom, unless it carries no information
    const ordered = dialogPair && codes[1]!.entry!.code !== 0 ? [codes[1]!, codes[0]!] : codes;
    patterns = rankFromCodes(ordered);
  }
  return {
    codes,
    unknown,
    hints,
    dialogPair,
    reading: curated?.reading ?? null,
    readingSource: curated?.source ?? null,
    firstChecks: curated?.firstChecks ?? [],
    patterns,
    collect: unknown.length === codes.length ? [] : collectFor(patterns, codes),
    xmlExample: unknown.length === codes.length ? null : xmlExportCommand('server', 'system'),
  };
}

