/**
 * The objects an admin thinks in: connection attempts, sessions and findings.
 * Produced by correlate/ and diagnose/, stored in the case database, read by report/ and tui/.
 */

/** Connection stage, server perspective (S0 listener … S11 logoff). */
export type StageId =
  | 'S0' | 'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6' | 'S7' | 'S8' | 'S9' | 'S10' | 'S11';

export type Outcome =
  | 'succeeded'            // reached logon/session and still connected at the end of the logs
  | 'failed-before-logon'  // never reached S6/S7
  | 'disconnected'         // had a session, ended by a disconnect
  | 'logged-off'           // had a session, ended by logoff
  | 'probe'                // scanner/health check: connection with no RDP negotiation
  | 'unknown';

/** How an event was attached to an attempt or session. */
export type JoinKey =
  | 'opener'               // the event that opened the attempt
  | 'activity-id'
  | 'connection-name'
  | 'session-id'
  | 'logon-id'
  | 'user+address+time'
  | 'user+time'            // user name and time, no address in the event (LSM 41/42 arbitration)
  | 'address+time'
  | 'time'                 // time-only (Schannel, TermDD, RCM certificate events)
  | 'client-activity-id'
  | 'cross-host';          // client attempt ↔ server attempt

export interface AttemptEventLink {
  eventId: number;         // events.id in the store
  joinKey: JoinKey;
  /** 0..1; time-only joins with several overlapping attempts are lower */
  confidence: number;
  stage: StageId | null;
}

export interface DisconnectReason {
  /** numeric code as logged (decimal) */
  code: number;
  /** which table the code is from: "discReason", "extended", "errorInfo", "lsm40", "rdpcorets103" */
  table: string;
  name: string;
  description: string;
}

export interface Attempt {
  id: string;              // stable: derived from host + side + opener record, e.g. "RDSH01/s/1234"
  host: string;
  side: 'server' | 'client';
  /** normalised client address (server side) or server target (client side); null when unknown */
  clientAddress: string | null;
  clientPort: number | null;
  /** for client-side attempts: the server as typed */
  target: string | null;
  user: string | null;
  start: string;
  end: string;
  stage: StageId;
  outcome: Outcome;
  disconnect: DisconnectReason | null;
  activityId: string | null;
  connectionName: string | null;
  sessionId: number | null;
  logonId: string | null;
  /** the attempt on the other side, when client and server exports were joined */
  peerAttemptId: string | null;
  /** e.g. "address 10.0.0.5 + time, skew 1.2 s" */
  peerJoin: string | null;
  events: AttemptEventLink[];
}

export interface Session {
  id: string;
  host: string;
  user: string | null;
  sessionId: number | null;
  clientAddress: string | null;
  start: string;
  end: string | null;
  /** attempts (logon and reconnects) that belong to this session, in time order */
  attemptIds: string[];
  reconnects: number;
  disconnects: number;
  outcome: 'active' | 'disconnected' | 'logged-off' | 'unknown';
  events: AttemptEventLink[];
}

export type Severity = 'error' | 'warning' | 'info';

/** One event a finding rests on. */
export interface EvidenceRef {
  eventId: number;         // events.id
  host: string;
  channel: string;
  provider: string;
  eventCode: number;       // Windows EventID
  recordId: number | null;
  time: string;
  /** decoded meaning, e.g. "Schannel fatal alert 40 (handshake_failure)" */
  meaning: string;
}

export interface RemedyStep {
  text: string;
  /** a command the admin can run, when there is one */
  command?: string;
  /** true when the step lowers security (shown with a warning, offered as a test, not a fix) */
  weakensSecurity?: boolean;
}

export interface Finding {
  id: string;              // stable: pattern + host + client + first seen
  pattern: string;         // public pattern id, e.g. "cert-expired"
  category: 'failure' | 'security' | 'noise' | 'normal';
  severity: Severity;
  title: string;
  host: string;
  clientAddress: string | null;
  user: string | null;
  attemptIds: string[];
  firstSeen: string;
  lastSeen: string;
  count: number;
  /** 0..1 */
  confidence: number;
  evidence: EvidenceRef[];
  explanation: string;
  remedy: RemedyStep[];
  references: string[];
}

export interface CoverageNote {
  host: string;
  /** e.g. "no-system-log", "no-security-auditing", "no-rdpcorets" */
  kind: string;
  message: string;
}

/** One input file as ingested (chain of custody). */
export interface InputSummary {
  path: string;
  sha256: string;
  size: number;
  format: string;
  encoding: string;
  events: number;
  /** events not already in the store */
  newEvents: number;
  issues: number;
  status: 'ok' | 'partial' | 'unusable';
}

export interface HostSummary {
  host: string;
  events: number;
  firstEvent: string | null;
  lastEvent: string | null;
  channels: string[];
  attempts: number;
  failures: number;
}

/** The document `rdplens analyze --json` prints; reports are built from the same model. */
export interface AnalysisDocument {
  tool: 'rdplens';
  version: string;
  /** only when asked for (--generated-at): keeps the output byte-identical otherwise */
  generatedAt?: string;
  inputs: InputSummary[];
  hosts: HostSummary[];
  /** attempts without their event links (timelines are reported separately) */
  attempts: Omit<Attempt, 'events'>[];
  sessions: Omit<Session, 'events'>[];
  findings: Finding[];
  issues: import('./event.js').ParseIssue[];
  coverage: CoverageNote[];
}
