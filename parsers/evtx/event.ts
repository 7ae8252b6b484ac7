/**
 * A rendered `<Event>` element → RawEvent, following the shared flattening rules of
 * src/model/event.ts (the XML reader applies the same rules to text renderings).
 */
import type { EventOrigin, RawEvent, RawField, RawRendering, RawSystem } from '../../src/model/event.js';
import type { XEl } from './binxml.js';

function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

function attr(el: XEl, name: string): string | undefined {
  for (const [n, v] of el.attrs) if (local(n) === name) return v;
  return undefined;
}

/**
 * Element text as an XML parser reads Windows' rendering of it: line ends normalised to `\n`
 * (XML 1.0 §2.11), so both readers give the same value.
 */
function text(el: XEl): string {
  let s = '';
  if (el.kids.length === 1 && typeof el.kids[0] === 'string') s = el.kids[0];
  else for (const k of el.kids) if (typeof k === 'string') s += k;
  return s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n');
}

function hasElementKids(el: XEl): boolean {
  for (const k of el.kids) if (typeof k !== 'string') return true;
  return false;
}

/** Collects fields with the duplicate-name suffix rule ("X", "X[2]", "X[3]" …). */
class FieldList {
  readonly fields: RawField[] = [];
  private readonly seen = new Map<string, number>();
  private unnamed = 0;

  add(name: string, value: string): void {
    const n = (this.seen.get(name) ?? 0) + 1;
    this.seen.set(name, n);
    this.fields.push([n === 1 ? name : `${name}[${n}]`, value]);
  }

  addUnnamedData(value: string): void {
    this.add(`Data[${++this.unnamed}]`, value);
  }

  /** Leaf elements by local name, whatever their depth. */
  addLeaves(el: XEl): void {
    for (const k of el.kids) {
      if (typeof k === 'string') continue;
      if (hasElementKids(k)) this.addLeaves(k);
      else this.add(local(k.name), text(k));
    }
  }
}

function readSystem(sys: XEl): RawSystem {
  const s: RawSystem = {};
  for (const c of sys.kids) {
    if (typeof c === 'string') continue;
    switch (local(c.name)) {
      case 'Provider':
        s.providerName = attr(c, 'Name');
        s.providerGuid = attr(c, 'Guid');
        s.eventSourceName = attr(c, 'EventSourceName');
        break;
      case 'EventID': s.eventId = text(c); s.qualifiers = attr(c, 'Qualifiers'); break;
      case 'Version': s.version = text(c); break;
      case 'Level': s.level = text(c); break;
      case 'Task': s.task = text(c); break;
      case 'Opcode': s.opcode = text(c); break;
      case 'Keywords': s.keywords = text(c); break;
      case 'TimeCreated': s.timeCreated = attr(c, 'SystemTime'); break;
      case 'EventRecordID': s.recordId = text(c); break;
      case 'Correlation':
        s.activityId = attr(c, 'ActivityID');
        s.relatedActivityId = attr(c, 'RelatedActivityID');
        break;
      case 'Execution': s.processId = attr(c, 'ProcessID'); s.threadId = attr(c, 'ThreadID'); break;
      case 'Channel': s.channel = text(c); break;
      case 'Computer': s.computer = text(c); break;
      case 'Security': s.userId = attr(c, 'UserID'); break;
    }
  }
  for (const k of Object.keys(s) as (keyof RawSystem)[]) if (s[k] === undefined) delete s[k];
  return s;
}

function readRendering(r: XEl): RawRendering {
  const out: RawRendering = {};
  for (const c of r.kids) {
    if (typeof c === 'string') continue;
    const n = local(c.name);
    if (n === 'Message' || n === 'Level' || n === 'Task' || n === 'Opcode' || n === 'Channel' || n === 'Provider') {
      const key = n.toLowerCase() as 'message' | 'level' | 'task' | 'opcode' | 'channel' | 'provider';
      out[key] = text(c);
    } else if (n === 'Keywords') {
      out.keywords = c.kids.filter((k): k is XEl => typeof k !== 'string').map(text);
    }
  }
  return out;
}

/** Builds the RawEvent; null when the record's root is not an `Event` element. */
export function toRawEvent(root: XEl, origin: EventOrigin): RawEvent | null {
  if (local(root.name) !== 'Event') return null;
  let system: RawSystem = {};
  let rendering: RawRendering | undefined;
  const fields = new FieldList();
  for (const c of root.kids) {
    if (typeof c === 'string') continue;
    switch (local(c.name)) {
      case 'System': system = readSystem(c); break;
      case 'EventData':
        for (const d of c.kids) {
          if (typeof d === 'string') continue;
          const dn = local(d.name);
          if (dn === 'Data') {
            const name = attr(d, 'Name');
            if (name !== undefined) fields.add(name, text(d));
            else fields.addUnnamedData(text(d));
          } else if (hasElementKids(d)) fields.addLeaves(d);
          else fields.add(dn, text(d));
        }
        break;
      case 'UserData': fields.addLeaves(c); break;
      case 'RenderingInfo': rendering = readRendering(c); break;
    }
  }
  const ev: RawEvent = { system, fields: fields.fields, origin };
  if (rendering) ev.rendering = rendering;
  return ev;
}
