/**
 * Keybindings as data: one table gives each command its keys, its description and the screens where
 * it matters. Input dispatch, the help screen and the footer hints are all generated from it, so they
 * cannot disagree.
 */
import type { Key } from 'ink';

export type CommandId =
  | 'nav.down' | 'nav.up' | 'nav.top' | 'nav.bottom' | 'nav.pageDown' | 'nav.pageUp' | 'nav.halfDown' | 'nav.halfUp'
  | 'open' | 'back' | 'pane' | 'filter' | 'match.next' | 'match.prev' | 'sort'
  | 'view.findings' | 'view.overview' | 'view.attempts' | 'view.sessions' | 'raw' | 'export' | 'help' | 'quit';

export type ScreenKind = 'overview' | 'attempts' | 'sessions' | 'timeline' | 'event' | 'findings' | 'help';

type KeyFlag = 'upArrow' | 'downArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'tab' | 'backspace' | 'delete';

interface Binding {
  /** the character typed (case-sensitive) */
  input?: string;
  /** an Ink key flag */
  flag?: KeyFlag;
  ctrl?: boolean;
}

export interface KeyCommand {
  id: CommandId;
  /** how the keys are written in help and footer */
  keys: string;
  description: string;
  category: 'Move' | 'Views' | 'Actions';
  bindings: Binding[];
  /** screens whose footer shows this hint (help lists every command) */
  footer: ScreenKind[];
}

const ALL: ScreenKind[] = ['overview', 'attempts', 'sessions', 'timeline', 'event', 'findings', 'help'];

export const KEYMAP: readonly KeyCommand[] = [
  { id: 'nav.down', keys: 'j/↓', description: 'next row', category: 'Move', bindings: [{ input: 'j' }, { flag: 'downArrow' }], footer: [] },
  { id: 'nav.up', keys: 'k/↑', description: 'previous row', category: 'Move', bindings: [{ input: 'k' }, { flag: 'upArrow' }], footer: [] },
  { id: 'nav.top', keys: 'g/Home', description: 'first row', category: 'Move', bindings: [{ input: 'g' }, { flag: 'home' }], footer: [] },
  { id: 'nav.bottom', keys: 'G/End', description: 'last row', category: 'Move', bindings: [{ input: 'G' }, { flag: 'end' }], footer: [] },
  { id: 'nav.pageDown', keys: 'PgDn', description: 'one page down', category: 'Move', bindings: [{ flag: 'pageDown' }], footer: [] },
  { id: 'nav.pageUp', keys: 'PgUp', description: 'one page up', category: 'Move', bindings: [{ flag: 'pageUp' }], footer: [] },
  { id: 'nav.halfDown', keys: 'Ctrl-d', description: 'half a page down', category: 'Move', bindings: [{ input: 'd', ctrl: true }], footer: [] },
  { id: 'nav.halfUp', keys: 'Ctrl-u', description: 'half a page up', category: 'Move', bindings: [{ input: 'u', ctrl: true }], footer: [] },
  { id: 'open', keys: 'Enter', description: 'drill down / open', category: 'Views', bindings: [{ flag: 'return' }], footer: ['overview', 'attempts', 'sessions', 'timeline', 'findings'] },
  { id: 'back', keys: 'Esc', description: 'back (clears an active filter first)', category: 'Views', bindings: [{ flag: 'escape' }, { flag: 'backspace' }, { flag: 'delete' }], footer: ['attempts', 'sessions', 'timeline', 'event', 'findings', 'help'] },
  { id: 'pane', keys: 'Tab', description: 'switch pane', category: 'Views', bindings: [{ flag: 'tab' }], footer: ['attempts', 'findings'] },
  { id: 'filter', keys: '/', description: 'filter: host: client: user: pattern: id: outcome: or text', category: 'Actions', bindings: [{ input: '/' }], footer: ['overview', 'attempts', 'sessions', 'timeline', 'findings'] },
  { id: 'match.next', keys: 'n', description: 'next match (timeline) / next failure (list)', category: 'Actions', bindings: [{ input: 'n' }], footer: ['attempts', 'timeline'] },
  { id: 'match.prev', keys: 'N', description: 'previous match / previous failure', category: 'Actions', bindings: [{ input: 'N' }], footer: [] },
  { id: 'sort', keys: 's', description: 'sort attempts: failures first, time, host, outcome', category: 'Actions', bindings: [{ input: 's' }], footer: ['attempts'] },
  { id: 'view.attempts', keys: 'a', description: 'attempts list', category: 'Views', bindings: [{ input: 'a' }], footer: ['overview', 'findings'] },
  { id: 'view.sessions', keys: 'S', description: 'sessions list (logon → reconnects → logoff)', category: 'Views', bindings: [{ input: 'S' }], footer: ['overview', 'attempts'] },
  { id: 'view.findings', keys: 'f', description: 'findings', category: 'Views', bindings: [{ input: 'f' }], footer: ['overview', 'attempts', 'timeline', 'event'] },
  { id: 'view.overview', keys: 'o', description: 'overview', category: 'Views', bindings: [{ input: 'o' }], footer: [] },
  { id: 'raw', keys: 'x', description: 'raw XML of the event', category: 'Actions', bindings: [{ input: 'x' }], footer: ['event', 'timeline'] },
  { id: 'export', keys: 'e', description: 'export attempt/finding as Markdown', category: 'Actions', bindings: [{ input: 'e' }], footer: ['attempts', 'timeline', 'findings'] },
  { id: 'help', keys: '?', description: 'help', category: 'Views', bindings: [{ input: '?' }], footer: ALL.filter((s) => s !== 'help') },
  { id: 'quit', keys: 'q', description: 'quit', category: 'Views', bindings: [{ input: 'q' }], footer: ALL },
];

function matches(b: Binding, input: string, key: Key): boolean {
  if (!!b.ctrl !== !!key.ctrl) return false;
  if (b.flag) return key[b.flag] === true;
  return b.input !== undefined && input === b.input && !key.meta;
}

/** The command a keypress means, if any. */
export function commandFor(input: string, key: Key): CommandId | null {
  for (const c of KEYMAP) if (c.bindings.some((b) => matches(b, input, key))) return c.id;
  return null;
}

/**
 * Footer hint list for a screen, e.g. "Enter open · / filter · ? help · q quit". With a width, only
 * whole hints that fit are kept, and "? help · q quit" always stay at the end.
 */
export function footerHints(screen: ScreenKind, width = Infinity): string {
  const moves = screen === 'help' ? [] : ['j/k move'];
  const hints = KEYMAP.filter((c) => c.footer.includes(screen)).map((c) => ({ id: c.id, text: `${c.keys} ${shortName(c.id)}` }));
  const tail = hints.filter((h) => h.id === 'help' || h.id === 'quit').map((h) => h.text);
  const body = [...moves, ...hints.filter((h) => h.id !== 'help' && h.id !== 'quit').map((h) => h.text)];
  const sep = ' · ';
  const kept: string[] = [];
  let used = tail.join(sep).length;
  for (const h of body) {
    const add = h.length + sep.length;
    if (used + add > width) break;
    kept.push(h);
    used += add;
  }
  return [...kept, ...tail].join(sep);
}

function shortName(id: CommandId): string {
  switch (id) {
    case 'view.findings': return 'findings';
    case 'view.attempts': return 'attempts';
    case 'view.sessions': return 'sessions';
    case 'view.overview': return 'overview';
    case 'match.next': return 'next';
    case 'match.prev': return 'prev';
    case 'export': return 'export';
    default: return id;
  }
}

/** Help screen lines, grouped by category, generated from the same table. */
export function helpLines(): { category: string; keys: string; description: string }[] {
  const out: { category: string; keys: string; description: string }[] = [];
  for (const category of ['Move', 'Views', 'Actions'] as const) {
    for (const c of KEYMAP.filter((k) => k.category === category)) out.push({ category, keys: c.keys, description: c.description });
  }
  return out;
}

/** The key table of the README, from the same table (a test keeps the README in step). */
export function keymapMarkdown(): string {
  const rows = helpLines().map((h) => `| ${h.keys.replace(/\|/g, '\\|')} | ${h.description} |`);
  return ['| Key | Does |', '|---|---|', ...rows].join('\n');
}
