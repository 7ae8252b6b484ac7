/**
 * How the TUI marks things: every highlight has a text badge, and colour is only added on top
 * (never colour alone), so the screen reads the same with NO_COLOR, on a monochrome terminal and in
 * a screen reader. The badge tables are the single place that names these labels.
 */
import type { Outcome, Severity, StageId } from '../model/analysis.js';

export type Colour = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'gray' | 'white';

export interface Badge {
  /** fixed text shown in every mode */
  text: string;
  colour: Colour;
}

/**
 * The event families behind "0x904 / extended 0x7" (issue: certificate, TLS, CredSSP/NLA,
 * disconnect, account). Keys are the catalog's family names.
 */
export const FAMILY_BADGES: Readonly<Record<string, Badge>> = {
  certificate: { text: 'CERT', colour: 'magenta' },
  tls: { text: 'TLS', colour: 'yellow' },
  'credssp-nla': { text: 'NLA', colour: 'cyan' },
  disconnect: { text: 'DISC', colour: 'blue' },
  account: { text: 'ACCT', colour: 'red' },
};

export const SEVERITY_BADGES: Readonly<Record<Severity, Badge>> = {
  error: { text: 'ERROR', colour: 'red' },
  warning: { text: 'WARN', colour: 'yellow' },
  info: { text: 'INFO', colour: 'gray' },
};

export const OUTCOME_BADGES: Readonly<Record<Outcome, Badge>> = {
  'failed-before-logon': { text: 'FAILED', colour: 'red' },
  disconnected: { text: 'DISCONN', colour: 'yellow' },
  succeeded: { text: 'OK', colour: 'green' },
  'logged-off': { text: 'LOGOFF', colour: 'gray' },
  probe: { text: 'PROBE', colour: 'gray' },
  unknown: { text: '?', colour: 'gray' },
};

/** Stage names (reference §2), short enough for a list column. */
export const STAGE_NAMES: Readonly<Record<StageId, string>> = {
  S0: 'listener',
  S1: 'tcp',
  S2: 'negotiation',
  S3: 'tls',
  S4: 'nla',
  S5: 'mcs/licensing',
  S6: 'logon',
  S7: 'session',
  S8: 'udp',
  S9: 'disconnect',
  S10: 'reconnect',
  S11: 'logoff',
};

/** Marker for an event (or an attempt holding one) that a finding cites as evidence. */
export const EVIDENCE_MARK = '◆';
/** Width reserved for the widest family badge, "[CERT]". */
export const FAMILY_BADGE_WIDTH = 6;

export function familyBadge(family: string | null | undefined): Badge | null {
  return family ? (FAMILY_BADGES[family] ?? null) : null;
}

export interface Theme {
  colour: boolean;
}

/** NO_COLOR (any non-empty value, per no-color.org) or --no-color turns colour off. */
export function themeFor(env: Record<string, string | undefined>, noColourFlag: boolean): Theme {
  const noColour = noColourFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '');
  return { colour: !noColour };
}
