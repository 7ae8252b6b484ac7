/**
 * The rule language of the diagnosis engine.
 *
 * A rule is data: which events (provider + event id + field conditions), in which combination
 * (all / any / none / ordered sequence) inside one connection attempt, or which host-level events
 * (certificate renewal failures at service start, Schannel errors without a connection id) explain
 * which failing attempts nearby in time. The engine (./engine.ts) evaluates any rule written in this
 * language; adding a pattern means adding a rule file, never a branch in the engine.
 */
import type { Attempt, JoinKey, Outcome, RemedyStep, Severity, StageId, Finding } from '../model/analysis.js';

/** A test on one payload field. Values are compared trimmed; text comparisons ignore case. */
export interface FieldTest {
  /** field name as normalised (`Status`, `Data[2]`, `Binary`); omitted = any field of the event */
  field?: string;
  /** equals one of these strings */
  equals?: string[];
  /** contains one of these substrings */
  contains?: string[];
  /** matches this regular expression (source text, matched case-insensitively) */
  matches?: string;
  /** parses as a number (decimal, or hex with 0x) equal to one of these; `table` names the code table they come from */
  oneOf?: number[];
  /** parses as a number that is NOT one of these (a missing or unparsable value passes) */
  noneOf?: number[];
  /** the code table `oneOf`/`noneOf` values belong to (used to decode the value in evidence) */
  table?: string;
  /** the field must be missing or empty (`-` counts as empty) */
  absent?: boolean;
  /**
   * the value decodes in this catalog code table to an entry whose `patterns` list this pattern
   * (catalog-driven membership: the code tables stay the single source of which code means what)
   */
  codeTable?: string;
  codePattern?: string;
}

/** Matches one event. */
export interface EventMatcher {
  /** provider name(s) as in `<Provider Name=…>`, compared case-insensitively */
  provider: string | string[];
  eventId: number | number[];
  /** channel(s), compared case-insensitively; omitted = any channel of that provider */
  channel?: string | string[];
  /** all must hold */
  where?: FieldTest[];
  /** what this event means when cited as evidence ("Schannel could not use the server key") */
  meaning: string;
}

export interface AttemptTest {
  side?: 'server' | 'client';
  outcome?: Outcome[];
  /** furthest stage reached, inclusive bounds */
  stageAtLeast?: StageId;
  stageAtMost?: StageId;
  /** the attempt's recorded disconnect reason is one of these codes (in one of these tables, if given) */
  disconnect?: { codes: number[]; tables?: string[] };
  /** whether the attempt was joined to the other side's attempt (client ↔ server) */
  hasPeer?: boolean;
  maxDurationSeconds?: number;
}

/** Evaluated on one attempt and the events linked to it. */
export interface AttemptSignature {
  scope: 'attempt';
  attempt?: AttemptTest;
  /** every matcher must find an event */
  all?: EventMatcher[];
  /** at least one matcher must find an event (when given) */
  any?: EventMatcher[];
  /** no matcher may find an event */
  none?: EventMatcher[];
  /** these must be found in this time order */
  sequence?: EventMatcher[];
  /** confidence of this signature (defaults to the rule's) */
  confidence?: number;
  /** why this signature points at the cause, appended to the rule's explanation in findings */
  note?: string;
}

/**
 * Evaluated on the events of one host that belong to no attempt (or that the correlator joined by
 * time only). Each trigger event is a match; it explains failing attempts on the same host:
 *  - `near`: attempts whose span (widened by `seconds`) contains the event, optionally only those
 *    whose client address equals the address in `clientField` of the event;
 *  - `after`: attempts that start after the event, until an `until` event on the host (the state
 *    was repaired) or `seconds` later when given.
 */
export interface HostSignature {
  scope: 'host';
  trigger: EventMatcher[];
  /**
   * the trigger counts only when one of these occurred within `withinSeconds` before it, with no
   * `resetBy` event in between (e.g. a Schannel key error after a failed certificate renewal);
   * the earlier event is cited as evidence too
   */
  requiresEarlier?: {
    matchers: EventMatcher[];
    withinSeconds: number;
    resetBy?: EventMatcher[];
    /** fields whose values must be equal in the trigger and the earlier event (e.g. SessionName) */
    sameFields?: string[];
    /** fields whose values must differ (e.g. AccountName: another user held the session) */
    differentFields?: string[];
  };
  /** the trigger does not count when one of these occurs within `withinSeconds` after it (e.g. a renewal that succeeded) */
  unless?: { matchers: EventMatcher[]; withinSeconds: number };
  explains: {
    mode: 'near' | 'after';
    seconds?: number;
    outcomes: Outcome[];
    side?: 'server' | 'client';
    /** field of the trigger that holds the client address (`IPString`, `IpAddress`, `Data[2]`) */
    clientField?: string;
    until?: EventMatcher[];
  };
  confidence?: number;
  note?: string;
  /**
   * whether a trigger that explains no attempt is a finding on its own (default true). False for
   * events that only mean something next to an RDP connection (a type-3 logon failure may be SMB).
   */
  standalone?: boolean;
}

/** Client address classes (security lens). */
export type AddressClass = 'public' | 'private' | 'loopback' | 'link-local';

/** Which attempts a population signature counts. All given parts must hold. */
export interface AttemptSelection {
  /** the cause claimed for the attempt by the failure rules (rule id) */
  causes?: string[];
  attempt?: AttemptTest;
  /** class of the attempt's client address (an attempt without an address never matches) */
  address?: AddressClass[];
  /** the attempt has one of these events (they are cited as evidence) */
  anyEvent?: EventMatcher[];
}

/**
 * Evaluated after every attempt has its cause: counts selected attempts of one host (or of all
 * hosts) per source address, per account or per host within a sliding time window, and reports
 * each burst that reaches `minCount` as one finding (thousands of events → one finding).
 */
export interface PopulationSignature {
  scope: 'population';
  select: AttemptSelection;
  /** what a burst is counted per; `client-all-hosts` follows one source across hosts */
  per: 'client' | 'user' | 'host' | 'client-all-hosts';
  windowSeconds: number;
  minCount: number;
  /** bursts of one key closer than this are one finding (default: the window) */
  mergeGapSeconds?: number;
  /** the window must also hold at least `count` distinct clients / users / hosts */
  minDistinct?: { of: 'client' | 'user' | 'host'; count: number };
  /** only when a later attempt matching this follows the burst, from one of its sources or for one of its accounts */
  followedBy?: { select: AttemptSelection; withinSeconds: number; same: 'client' | 'user' | 'client-or-user' };
  /** only for selected attempts that start while an attempt on the same host matching this is active (from another source) */
  during?: AttemptSelection;
  /** attempts on the same host in the burst's period worth naming in the finding (e.g. successful logons) */
  context?: { select: AttemptSelection; label: string };
  confidence?: number;
  note?: string;
}

export type Signature = AttemptSignature | HostSignature | PopulationSignature;

export type Category = Finding['category'];

/** One example used as the rule's own test case. Times are seconds after a fixed base time. */
export interface ExampleEvent {
  at: number;
  provider: string;
  eventId: number;
  channel?: string;
  fields?: Record<string, string>;
  /** how the correlator linked it to the attempt (attempt events only; default 'activity-id') */
  join?: JoinKey;
  confidence?: number;
}

export interface ExampleAttempt {
  side?: 'server' | 'client';
  outcome: Outcome;
  stage: StageId;
  clientAddress?: string;
  user?: string;
  target?: string;
  /** seconds after the base time; default: first event */
  start?: number;
  end?: number;
  disconnect?: { code: number; table: string };
  /** index of the peer attempt in the same example */
  peer?: number;
  events: ExampleEvent[];
}

export interface RuleExample {
  description: string;
  host?: string;
  attempts: ExampleAttempt[];
  /** events of the host linked to no attempt */
  hostEvents?: ExampleEvent[];
}

export interface Rule {
  /** public pattern id (contract): cert-expired, tls-mismatch, … */
  id: string;
  /** reference pattern key, e.g. "P1" */
  ref: string;
  title: string;
  category: Category;
  severity: Severity;
  /** severity of a finding that rests on host evidence alone, with no failing attempt explained */
  severityWithoutFailures?: Severity;
  /** where in the connection sequence the cause sits */
  stage: StageId;
  /**
   * Lower = more specific root cause. When several rules explain one attempt, the lowest rank
   * claims it (a failure explained by the certificate is not also blamed on the network).
   */
  rank: number;
  /** finding grouping: host only (scanner noise from many sources) or host + client + user */
  groupBy: 'host' | 'host+client+user';
  signatures: Signature[];
  explanation: string;
  remedy: RemedyStep[];
  references: string[];
  /** base confidence 0..1 */
  confidence: number;
  /** the rule's own test case: the positive example must produce this pattern, the negative must not */
  examples: { positive: RuleExample[]; negative: RuleExample[] };
}

/** An attempt with the events linked to it, as the engine sees it. */
export interface LinkedEvent {
  event: import('../model/event.js').StoredEvent;
  joinKey: JoinKey;
  confidence: number;
}

export interface AttemptView {
  attempt: Attempt;
  events: LinkedEvent[];
}

/** Catalog hook: decode a value in a code table (injected so the engine does not hard-wire the catalog). */
export type CodeLookup = (table: string, value: string) => { name: string; description?: string; patterns?: readonly string[] } | undefined;
