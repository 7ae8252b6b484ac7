/**
 * `rdplens explain <code…>`: what an RDP error code means, which causes can produce it, and which
 * logs to collect from which machine to find out. `explain 0x904 0x7` reads the two numbers of the
 * mstsc dialog as error code + extended error code.
 */
import type { Command } from 'commander';
import type { RegisterCommand } from './types.js';
import type { CliIO } from '../util/io.js';
import { EXIT, UserError } from '../util/io.js';
import { termSafe } from '../util/sanitize.js';
import { VERSION } from '../version.js';
import { CODE_TABLES, TABLE_TITLES, displayCode, hexOf } from '../catalog/codes/index.js';
import type { CodeTableId } from '../catalog/types.js';
import { shortProvider } from '../catalog/describe.js';
import { explainCodes, type ExplainResult, type ExplainOptions } from '../catalog/explain.js';
import { resolveSource, type SourceDoc } from '../catalog/sources.js';

const TABLE_IDS = (Object.keys(CODE_TABLES) as CodeTableId[]).filter((t) => t !== 'termddBinary');

interface Style {
  bold(s: string): string;
  code(s: string): string;
  dim(s: string): string;
  cmd(s: string): string;
  warn(s: string): string;
}

const PLAIN: Style = { bold: (s) => s, code: (s) => s, dim: (s) => s, cmd: (s) => s, warn: (s) => s };
const ANSI: Style = {
  bold: (s) => `\u001b[1m${s}\u001b[22m`,
  code: (s) => `\u001b[36m${s}\u001b[39m`,
  dim: (s) => `\u001b[2m${s}\u001b[22m`,
  cmd: (s) => `\u001b[32m${s}\u001b[39m`,
  warn: (s) => `\u001b[33m${s}\u001b[39m`,
};

/** Colour only on a terminal, never under NO_COLOR (any value) or --no-color. */
export function useColor(io: CliIO, flag: boolean): boolean {
  if (!flag) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdout.isTTY === true;
}

/** Greedy word wrap; words longer than the width stay whole (commands, paths). */
export function wrap(text: string, width: number, indent: string, hanging = indent): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = indent;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > width) {
      lines.push(line);
      line = hanging + w;
    } else line = empty ? line + w : `${line} ${w}`;
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines;
}

const LABEL: Partial<Record<CodeTableId, string>> = { discReason: 'Error code', extendedReason: 'Extended error code' };

const MACHINE_TITLE = {
  server: 'On the server (the machine you connect to), in an elevated prompt:',
  broker: 'On the RD Connection Broker, if the deployment has one:',
  client: 'On the client (where the error dialog appeared):',
} as const;

function renderText(r: ExplainResult, width: number, st: Style): string {
  const out: string[] = [];
  const para = (text: string, indent = '  ') => out.push(...wrap(text, width, indent));
  const head = (text: string) => {
    out.push('');
    out.push(st.bold(text));
  };

  for (const c of r.codes) {
    const input = termSafe(c.input);
    if (!c.entry) {
      if (c.events.length) {
        head(`Event id ${input}`);
        for (const d of c.events) {
          out.push(`  ${st.code(`${shortProvider(d.provider)} ${d.eventId}`)} — ${d.title}`);
          para(`Log: ${d.channel} (${d.side === 'both' ? 'server or client' : d.side}); stage ${d.stage ?? '–'}, ${d.family ?? 'other'}. Source: ${d.source} [${d.confidence}]`, '    ');
        }
      } else {
        head(`${input}: unknown code`);
        para(c.value === null
          ? 'Not a number. Codes are written as in the dialog or the log: 0x904, 2308, 0xC000006D, -2146893043.'
          : `Not a value in any table rdplens knows (${TABLE_IDS.join(', ')}) nor a catalogued event id. If you copied it from a dialog, check the digits; --as <table> reads it from one table.`);
      }
      continue;
    }
    const e = c.entry;
    const label = r.dialogPair ? `${LABEL[e.table]} ` : '';
    head(`${label}${st.code(displayCode(c.entry!))} · ${TABLE_TITLES[e.table]}`);
    out.push(`  ${st.bold(e.name)}`);
    para(e.description);
    for (const [machine, label] of [['client', 'Client side'], ['server', 'Server side'], ['both', 'Either side']] as const) {
      const where = c.loggedAs.filter((l) => l.machine === machine).map((l) => l.where);
      if (where.length) out.push(...wrap(`${label}: ${where.join('; ')}`, width, '  ', '    '));
    }
    out.push(...wrap(`Source: ${e.source} [${e.confidence}]`, width, '  ', '    ').map(st.dim));
    if (c.alsoMatches.length) {
      const also = c.alsoMatches.map((a) => `${TABLE_TITLES[a.table]} ${a.name}`).join('; ');
      out.push(...wrap(`Same number elsewhere: ${also} (force one with --as <table>)`, width, '  ', '    '));
    }
    if (c.events.length) {
      out.push(...wrap(`Also an event id: ${c.events.map((d) => `${shortProvider(d.provider)} ${d.eventId} (${d.title})`).join('; ')}`, width, '  ', '    '));
    }
  }

  if (r.reading) {
    head('What the pair means');
    para(r.reading);
    out.push(...wrap(`Source: ${r.readingSource}`, width, '  ', '    ').map(st.dim));
  }
  if (r.firstChecks.length) {
    head('Check first, on the server around the time of the failure');
    r.firstChecks.forEach((t, i) => out.push(...wrap(`${i + 1}. ${t}`, width, '  ', '     ')));
  }
  if (r.patterns.length) {
    head(r.reading ? 'Possible causes, best documented first' : 'Possible causes');
    for (const p of r.patterns) {
      out.push(...wrap(`${p.rank}. ${st.code(p.id)} (${p.ref}) ${p.title}`, width, '  ', '     '));
      out.push(...wrap(p.why, width, '     Why   ', '           '));
      for (const l of p.lookFor) out.push(...wrap(`${l.machine}: ${l.text}`, width, '     Look  ', '           '));
      out.push(...wrap(`${p.fix}${p.confidence === 'UNC' ? ' (unconfirmed)' : ''}`, width, '     Fix   ', '           '));
    }
  }
  if (r.collect.length) {
    head('Collect these logs');
    para('Export soon after the failure (logs roll over) and note the time the dialog appeared.');
    for (const step of r.collect) {
      out.push(`  ${MACHINE_TITLE[step.machine]}`);
      for (const cmd of step.commands) out.push(`    ${st.cmd(cmd)}`);
      const notes = step.logs.filter((l) => l.note && l.key !== 'broker').map((l) => `${l.file}: ${l.note}`);
      if (notes.length) out.push(...wrap(`(${notes.join('; ')})`, width, '    ', '     ').map(st.dim));
    }
    if (r.xmlExample) {
      out.push(...wrap('XML exports work too, for example:', width, '  '));
      out.push(`    ${st.cmd(r.xmlExample)}`);
    }
    para('Or have rdplens write a script that exports them: see `rdplens collect --help`.');
    head('Then analyze them together');
    para('Copy the files from every machine into one folder and run:');
    out.push(`    ${st.cmd('rdplens analyze <folder>')}`);
    para('It rebuilds each connection attempt on both sides, matches it to these patterns and cites the events it rests on.');
  }
  if (r.codes.some((c) => c.entry || c.events.length)) {
    out.push('');
    out.push(...wrap('Tags: MS Microsoft documentation or protocol spec, MAN provider manifest, TOOL DFIR tool map, SAMPLE seen in real logs, INF inferred, UNC unconfirmed.', width, '').map(st.dim));
  }
  if (r.hints.length) {
    out.push('');
    for (const h of r.hints) out.push(...wrap(h, width, '').map(st.warn));
  }
  while (out[0] === '') out.shift();
  return `${out.join('\n')}\n`;
}

/** Every document the answer cites, once, ordered by key. */
function citedSources(r: ExplainResult): SourceDoc[] {
  const strings = [
    ...r.codes.flatMap((c) => [c.entry?.source ?? '', ...c.events.map((d) => d.source)]),
    ...r.patterns.map((p) => p.source),
    r.readingSource ?? '',
  ];
  const docs = new Map<string, SourceDoc>();
  for (const s of strings) for (const d of resolveSource(s).docs) docs.set(d.key, d);
  return [...docs.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function toJson(r: ExplainResult): string {
  const doc = {
    tool: 'rdplens',
    version: VERSION,
    command: 'explain',
    dialogPair: r.dialogPair,
    codes: r.codes.map((c) => ({
      input: c.input,
      value: c.value,
      hex: c.value === null ? null : hexOf(c.value),
      known: c.entry !== null || c.events.length > 0,
      entry: c.entry,
      alsoMatches: c.alsoMatches,
      events: c.events.map((d) => ({ channel: d.channel, provider: d.provider, eventId: d.eventId, title: d.title, stage: d.stage, family: d.family, side: d.side, source: d.source, confidence: d.confidence })),
      loggedAs: c.loggedAs,
    })),
    unknown: r.unknown,
    hints: r.hints,
    reading: r.reading,
    readingSource: r.readingSource,
    firstChecks: r.firstChecks,
    patterns: r.patterns,
    collect: r.collect.map((s) => ({ machine: s.machine, logs: s.logs.map((l) => ({ channel: l.channel, file: l.file, shows: l.shows, ...(l.note ? { note: l.note } : {}) })), commands: s.commands })),
    xmlExample: r.xmlExample,
    sources: citedSources(r),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Splits "0x904, 0x7" and "0x904/0x7" as pasted from the dialog. */
export function splitCodes(args: readonly string[]): string[] {
  return args.flatMap((a) => a.split(/[\s,;/]+/)).filter((s) => s.length > 0);
}

interface ExplainFlags {
  as?: string;
  json?: boolean;
  color?: boolean;
}

export function runExplain(args: readonly string[], flags: ExplainFlags, io: CliIO): number {
  const codes = splitCodes(args);
  if (!codes.length) throw new UserError('explain needs at least one code, e.g. `rdplens explain 0x904 0x7`');
  let opts: ExplainOptions = {};
  if (flags.as !== undefined) {
    const t = TABLE_IDS.find((id) => id.toLowerCase() === flags.as!.toLowerCase());
    if (flags.as.toLowerCase() === 'event') opts = { as: 'event' };
    else if (!t) throw new UserError(`unknown table "${termSafe(flags.as)}"; use one of: ${TABLE_IDS.join(', ')}, event`);
    else opts = { as: t };
  }
  const r = explainCodes(codes, opts);
  if (flags.json) io.stdout.write(toJson(r));
  else {
    const cols = io.stdout.isTTY && io.stdout.columns ? Math.max(60, Math.min(io.stdout.columns, 100)) : 80;
    io.stdout.write(renderText(r, cols, useColor(io, flags.color !== false) ? ANSI : PLAIN));
  }
  if (r.unknown.length) {
    io.stderr.write(`rdplens: unknown code${r.unknown.length > 1 ? 's' : ''}: ${r.unknown.map(termSafe).join(', ')}\n`);
    return EXIT.unusable;
  }
  return EXIT.ok;
}

export const registerExplain: RegisterCommand = (program: Command, io: CliIO, setExit) => {
  program
    .command('explain')
    .description('what an RDP error code means, its likely causes, and which logs to collect')
    .argument('<code...>', 'codes as shown or logged: 0x904, 2308, 0x7, 0xC000006D, 0x8009030D, 40 …')
    .option('--as <table>', `read every code from one table (${TABLE_IDS.join(', ')}, event)`)
    .option('--json', 'print one JSON document')
    .option('--no-color', 'no colours (also off when NO_COLOR is set or output is not a terminal)')
    .addHelpText('after', `
The two numbers of the Remote Desktop dialog ("Error code: 0x904, Extended error
code: 0x7") are read as the client disconnect reason and the extended reason:
  rdplens explain 0x904 0x7
  rdplens explain 0xC000006D            NTSTATUS of Security 4625
  rdplens explain 40 --as tlsAlert      Schannel 36887/36888 alert
  rdplens explain 36888                 an event id

Exit codes: 0 explained, 2 unknown code or usage error.
`)
    .action((codes: string[], flags: ExplainFlags) => {
      setExit(runExplain(codes, flags, io));
    });
};
