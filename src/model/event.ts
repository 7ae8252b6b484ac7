/**
 * The event shapes every stage shares.
 *
 * Parsers (XML, EVTX, live wevtutil) emit a RawEvent: the System header values exactly as the
 * source wrote them plus the payload flattened to name/value pairs. `normalize/` turns that into a
 * NormalizedEvent, the one type the store, correlator, rules, reports and TUI consume, so none of
 * them can tell which reader an event came from.
 */

/** Where a record came from, for evidence and for parse-issue messages. */
export interface EventOrigin {
  /** Path of the input as the user named it (or `live:<channel>` for live collection). */
  file: string;
  /** Byte offset of the record in the (decompressed) input. */
  offset: number;
  /** 1-based line of the record start, when the input is text. */
  line?: number;
}

/** System header values verbatim from the source (strings; missing = undefined). */
export interface RawSystem {
  providerName?: string;
  providerGuid?: string;
  eventSourceName?: string;
  eventId?: string;
  qualifiers?: string;
  version?: string;
  level?: string;
  task?: string;
  opcode?: string;
  keywords?: string;
  timeCreated?: string;
  recordId?: string;
  activityId?: string;
  relatedActivityId?: string;
  processId?: string;
  threadId?: string;
  channel?: string;
  computer?: string;
  userId?: string;
}

/** `RenderingInfo` of /f:RenderedXml and ForwardedEvents exports. */
export interface RawRendering {
  message?: string;
  level?: string;
  task?: string;
  opcode?: string;
  channel?: string;
  provider?: string;
  keywords?: string[];
}

/**
 * Payload flattening rules (shared by every parser):
 * - `<Data Name="X">v</Data>` → ["X", "v"]
 * - unnamed `<Data>` → ["Data[1]", …], ["Data[2]", …] positionally (1-based, counting unnamed ones only)
 * - `UserData` leaf elements → [localName, text] whatever their namespace
 * - `<Binary>` → ["Binary", UPPER-CASE HEX] (base64 input is converted)
 * - a name seen twice gets a suffix: "X", "X[2]", "X[3]" …
 */
export type RawField = [name: string, value: string];

export interface RawEvent {
  system: RawSystem;
  fields: RawField[];
  rendering?: RawRendering;
  origin: EventOrigin;
}

export interface NormalizedEvent {
  host: string;
  channel: string;
  provider: string;
  /** lower case, no braces */
  providerGuid: string | null;
  eventId: number;
  qualifiers: number | null;
  version: number | null;
  level: number | null;
  task: number | null;
  opcode: number | null;
  /** as written, e.g. "0x8020000000000000" (a 64-bit mask does not fit a JS number) */
  keywords: string | null;
  /** UTC, `YYYY-MM-DDTHH:MM:SS.fffffffZ` (always 7 fractional digits, so strings sort by time) */
  time: string;
  recordId: number | null;
  /** lower case, no braces */
  activityId: string | null;
  relatedActivityId: string | null;
  processId: number | null;
  threadId: number | null;
  userSid: string | null;
  /** insertion-ordered name → value map, see RawField */
  fields: Record<string, string>;
  /** RenderingInfo/Message when the export carried it */
  message: string | null;
  /** RenderingInfo/Level text when the export carried it */
  levelText: string | null;
  origin: EventOrigin;
}

/** A stored event: a NormalizedEvent with its row id in the case database. */
export interface StoredEvent extends NormalizedEvent {
  id: number;
}

/** A problem with one record or one input; the record is skipped, the rest of the input kept. */
export interface ParseIssue {
  file: string;
  /** byte offset in the (decompressed) input, when known */
  offset: number | null;
  line: number | null;
  /** machine-readable kind, e.g. "xml-malformed", "doctype-refused", "evtx-chunk-crc" */
  kind: string;
  message: string;
}

/** What a parser yields, in input order. */
export type ParserItem =
  | { kind: 'info'; info: InputInfo }
  | { kind: 'event'; event: RawEvent }
  | { kind: 'issue'; issue: ParseIssue };

/** Facts about an input that the parser found out while reading it. */
export interface InputInfo {
  /** e.g. "event-viewer-xml", "wevtutil-xml", "rendered-xml", "python-evtx", "evtxexport", "evtx-dump-rs", "event-viewer-copy", "evtx" */
  format: string;
  /** e.g. "utf-8", "utf-8-bom", "utf-16le-bom", "utf-16be-bom", "binary"; with "+gzip" when decompressed */
  encoding: string;
}
