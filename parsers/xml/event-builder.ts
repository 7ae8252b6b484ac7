/**
 * Turns the element stream of one `<Event>` (start/text/end calls, already entity-decoded) into a
 * RawEvent's System values, flat field list and RenderingInfo. Both the fast scanner and the
 * fast-xml-parser fallback drive this same builder, so the two paths cannot disagree on mapping.
 *
 * Flattening rules (see RawField in src/model/event.ts):
 * - EventData/Data[@Name] → [Name, text]; unnamed Data → Data[1], Data[2] … (unnamed ones counted);
 *   Data holding child elements → its whole text content.
 * - EventData/Binary → upper-case hex (base64 converted).
 * - `<EventData Name="…">` → ["EventData@Name", …].
 * - UserData (and any other Event child such as ProcessingErrorData): each leaf element → [localName,
 *   text] whatever its namespace, at any depth; attributes other than xmlns → [`local@attr`, value].
 * - Text of elements that have element children (indentation, Event Viewer "- " fold markers) is not a value.
 * - A name seen again gets a suffix: X, X[2], X[3] …
 */
import type { RawField, RawRendering, RawSystem } from '../../src/model/event.js';

export type BinaryEncoding = 'auto' | 'base64';

export interface BuiltEvent {
  system: RawSystem;
  fields: RawField[];
  rendering?: RawRendering;
}

const enum Section {
  None,
  System,
  EventData,
  UserData,
  Rendering,
}

// Switches rather than lookups by name: a freshly cut string must be hashed (or interned) before
// any map or object lookup, while comparing it with a few constants mostly stops at the length.
function systemTextKey(local: string): keyof RawSystem | undefined {
  switch (local) {
    case 'EventID':
      return 'eventId';
    case 'Version':
      return 'version';
    case 'Level':
      return 'level';
    case 'Task':
      return 'task';
    case 'Opcode':
      return 'opcode';
    case 'Keywords':
      return 'keywords';
    case 'EventRecordID':
      return 'recordId';
    case 'Channel':
      return 'channel';
    case 'Computer':
      return 'computer';
    default:
      return undefined;
  }
}

function systemAttrKey(local: string, attr: string): keyof RawSystem | undefined {
  switch (local) {
    case 'Provider':
      return attr === 'Name' ? 'providerName' : attr === 'Guid' ? 'providerGuid' : attr === 'EventSourceName' ? 'eventSourceName' : undefined;
    case 'EventID':
      return attr === 'Qualifiers' ? 'qualifiers' : undefined;
    case 'TimeCreated':
      return attr === 'SystemTime' ? 'timeCreated' : undefined;
    case 'Correlation':
      return attr === 'ActivityID' ? 'activityId' : attr === 'RelatedActivityID' ? 'relatedActivityId' : undefined;
    case 'Execution':
      return attr === 'ProcessID' ? 'processId' : attr === 'ThreadID' ? 'threadId' : undefined;
    case 'Security':
      return attr === 'UserID' ? 'userId' : undefined;
    default:
      return undefined;
  }
}

const RENDERING_TEXT = new Map<string, 'message' | 'level' | 'task' | 'opcode' | 'channel' | 'provider'>([
  ['Message', 'message'],
  ['Level', 'level'],
  ['Task', 'task'],
  ['Opcode', 'opcode'],
  ['Channel', 'channel'],
  ['Provider', 'provider'],
]);

export function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon === -1 ? qname : qname.substring(colon + 1);
}

export class EventBuilder {
  system: RawSystem = {};
  rendering: RawRendering | undefined;
  private readonly fields: RawField[] = [];
  private readonly seen = new Map<string, number>();
  private unnamedData = 0;
  private depth = 0;
  private section = Section.None;
  /** per open element, indexed by depth - 1 (parallel arrays: no allocation per element) */
  private readonly locals: string[] = [];
  private readonly hasChild: boolean[] = [];
  private readonly texts: string[] = [];
  /** inside EventData/Data: depth of that Data element, whose text collects all descendant text */
  private dataDepth = 0;
  private dataName: string | null = null;
  private isBinary = false;

  constructor(private readonly binary: BinaryEncoding) {}

  /** true inside EventData/Data, whose value is all text below it (so text between its children counts) */
  get collecting(): boolean {
    return this.dataDepth !== 0;
  }

  /** `attrs` is a flat [name, value, name, value …] list. Returns an error message for a non-event root. */
  start(qname: string, attrs: string[]): string | null {
    const depth = ++this.depth;
    const local = qname.indexOf(':') === -1 ? qname : localName(qname);
    if (depth > 1) this.hasChild[depth - 2] = true;
    this.locals[depth - 1] = local;
    this.hasChild[depth - 1] = false;
    this.texts[depth - 1] = '';
    if (depth === 1) return local === 'Event' ? null : `root element is <${qname}>, not <Event>`;
    if (this.dataDepth) return null;
    if (depth === 2) {
      switch (local) {
        case 'System':
          this.section = Section.System;
          break;
        case 'EventData':
          this.section = Section.EventData;
          for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === 'Name') this.add('EventData@Name', attrs[i + 1]!);
          break;
        case 'RenderingInfo':
          this.section = Section.Rendering;
          this.rendering ??= {};
          break;
        default:
          this.section = Section.UserData;
      }
      return null;
    }
    switch (this.section) {
      case Section.System:
        if (depth === 3 && attrs.length !== 0) {
          for (let i = 0; i < attrs.length; i += 2) {
            const key = systemAttrKey(local, attrs[i]!);
            if (key) this.system[key] = attrs[i + 1]!;
          }
        }
        break;
      case Section.EventData:
        if (depth === 3 && (local === 'Data' || local === 'Binary')) {
          this.dataDepth = depth;
          this.isBinary = local === 'Binary';
          this.dataName = null;
          if (!this.isBinary) {
            for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === 'Name' && attrs[i + 1] !== '') this.dataName = attrs[i + 1]!;
          }
        } else if (attrs.length !== 0) this.addAttributes(local, attrs);
        break;
      case Section.UserData:
        if (attrs.length !== 0) this.addAttributes(local, attrs);
        break;
      default:
        break;
    }
    return null;
  }

  text(s: string): void {
    const at = (this.dataDepth || this.depth) - 1;
    if (at >= 0) this.texts[at] += s;
  }

  end(): void {
    const depth = this.depth--;
    const text = this.texts[depth - 1]!;
    const local = this.locals[depth - 1]!;
    if (this.dataDepth) {
      if (depth !== this.dataDepth) return;
      this.dataDepth = 0;
      if (this.isBinary) this.add('Binary', binaryToHex(text, this.binary));
      else if (this.dataName !== null) this.add(this.dataName, text);
      else this.add(`Data[${++this.unnamedData}]`, text);
      return;
    }
    if (depth <= 2) {
      if (depth === 2) this.section = Section.None;
      return;
    }
    if (this.hasChild[depth - 1]) return;
    switch (this.section) {
      case Section.System:
        if (depth === 3) {
          const key = systemTextKey(local);
          if (key) this.system[key] = text;
        }
        break;
      case Section.EventData:
      case Section.UserData:
        this.add(local, text);
        break;
      case Section.Rendering: {
        const r = this.rendering!;
        if (depth === 3) {
          const key = RENDERING_TEXT.get(local);
          if (key) r[key] = text;
          else if (local === 'Keywords') r.keywords ??= [];
        } else if (depth === 4 && local === 'Keyword') (r.keywords ??= []).push(text);
        break;
      }
      default:
        break;
    }
  }

  result(): BuiltEvent {
    const out: BuiltEvent = { system: this.system, fields: this.fields };
    if (this.rendering) out.rendering = this.rendering;
    return out;
  }

  private addAttributes(local: string, attrs: string[]): void {
    for (let i = 0; i < attrs.length; i += 2) {
      const name = attrs[i]!;
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      this.add(`${local}@${localName(name)}`, attrs[i + 1]!);
    }
  }

  private add(name: string, value: string): void {
    const n = this.seen.get(name);
    if (n === undefined) {
      this.seen.set(name, 1);
      this.fields.push([name, value]);
    } else {
      this.seen.set(name, n + 1);
      this.fields.push([`${name}[${n + 1}]`, value]);
    }
  }
}

const HEX = /^[0-9A-Fa-f]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Windows writes `<Binary>` as hex; python-evtx writes base64. Result: upper-case hex. */
export function binaryToHex(text: string, mode: BinaryEncoding): string {
  const compact = /\s/.test(text) ? text.replace(/\s+/g, '') : text;
  if (mode === 'auto' && HEX.test(compact) && compact.length % 2 === 0) return compact.toUpperCase();
  if (BASE64.test(compact) && compact.length % 4 === 0) return Buffer.from(compact, 'base64').toString('hex').toUpperCase();
  if (HEX.test(compact) && compact.length % 2 === 0) return compact.toUpperCase();
  return text;
}
