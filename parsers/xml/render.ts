/**
 * Rebuilds a Windows-style event XML from a NormalizedEvent, for the raw-XML view, XML export and
 * the `--xpath` filter. Everything is escaped; the XML reader reads the output back to the same
 * System values and fields.
 *
 * The field map does not remember whether a value came from EventData or UserData, so every field
 * is written as EventData: `Data[N]` as unnamed `<Data>`, `Binary` as `<Binary>`, `EventData@Name`
 * as the Name attribute of `<EventData>`, anything else as `<Data Name="…">` (a "[k]" duplicate
 * suffix is dropped, so duplicates come out as repeated names, as they came in).
 */
import type { NormalizedEvent } from '../../src/model/event.js';

export const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

/**
 * Escapes for text and attribute values. CR, tab and LF in attributes become character references
 * so a parser gives them back unchanged; characters XML 1.0 cannot carry at all become U+FFFD.
 */
function esc(s: string, attr: boolean): string {
  if (!/[&<>"\r\t\n\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/.test(s)) return s;
  return s.replace(/[&<>"\r\t\n\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return attr ? '&quot;' : c;
      case '\r':
        return '&#13;';
      case '\t':
        return attr ? '&#9;' : c;
      case '\n':
        return attr ? '&#10;' : c;
      default:
        return '\uFFFD';
    }
  });
}

const text = (s: string): string => esc(s, false);
const attr = (s: string): string => esc(s, true);

function guid(g: string | null): string | null {
  return g === null ? null : `{${g}}`;
}

function element(name: string, value: string | number | null, attrs: [string, string | number | null][] = []): string {
  const a = attrs
    .filter((x): x is [string, string | number] => x[1] !== null)
    .map(([k, v]) => ` ${k}="${attr(String(v))}"`)
    .join('');
  if (value === null) return `<${name}${a}/>`;
  return `<${name}${a}>${text(String(value))}</${name}>`;
}

const SUFFIX = /\[\d+\]$/;

export interface RenderOptions {
  /**
   * Also list the fields as `<UserData><EventXML xmlns="Event_NS"><Name>value</Name>…`, so XPath
   * written against either payload shape finds them (used by the --xpath filter only).
   */
  userDataView?: boolean;
}

const NCNAME = /^[A-Za-z_][\w.-]*$/;

export function renderEventXml(ev: NormalizedEvent, options: RenderOptions = {}): string {
  const lines: string[] = [];
  lines.push(`<Event xmlns="${EVENT_NS}">`);
  lines.push('  <System>');
  lines.push(`    ${element('Provider', null, [['Name', ev.provider], ['Guid', guid(ev.providerGuid)]])}`);
  lines.push(`    ${element('EventID', ev.eventId, [['Qualifiers', ev.qualifiers]])}`);
  if (ev.version !== null) lines.push(`    ${element('Version', ev.version)}`);
  if (ev.level !== null) lines.push(`    ${element('Level', ev.level)}`);
  if (ev.task !== null) lines.push(`    ${element('Task', ev.task)}`);
  if (ev.opcode !== null) lines.push(`    ${element('Opcode', ev.opcode)}`);
  if (ev.keywords !== null) lines.push(`    ${element('Keywords', ev.keywords)}`);
  lines.push(`    ${element('TimeCreated', null, [['SystemTime', ev.time]])}`);
  if (ev.recordId !== null) lines.push(`    ${element('EventRecordID', ev.recordId)}`);
  lines.push(`    ${element('Correlation', null, [['ActivityID', guid(ev.activityId)], ['RelatedActivityID', guid(ev.relatedActivityId)]])}`);
  if (ev.processId !== null || ev.threadId !== null) {
    lines.push(`    ${element('Execution', null, [['ProcessID', ev.processId], ['ThreadID', ev.threadId]])}`);
  }
  lines.push(`    ${element('Channel', ev.channel)}`);
  lines.push(`    ${element('Computer', ev.host)}`);
  lines.push(`    ${element('Security', null, [['UserID', ev.userSid]])}`);
  lines.push('  </System>');
  const entries = Object.entries(ev.fields);
  const dataName = ev.fields['EventData@Name'];
  const data = entries.filter(([k]) => k !== 'EventData@Name');
  if (data.length || dataName !== undefined) {
    lines.push(dataName !== undefined ? `  <EventData Name="${attr(dataName)}">` : '  <EventData>');
    for (const [name, value] of data) {
      const base = name.replace(SUFFIX, '');
      if (base === 'Binary') lines.push(`    ${element('Binary', value)}`);
      else if (base === 'Data' && SUFFIX.test(name)) lines.push(`    ${element('Data', value)}`);
      else lines.push(`    ${element('Data', value, [['Name', base]])}`);
    }
    lines.push('  </EventData>');
    if (options.userDataView) {
      const named = data.map(([name, value]) => [name.replace(SUFFIX, ''), value] as const).filter(([n]) => NCNAME.test(n) && n !== 'Data');
      if (named.length) {
        lines.push('  <UserData>', '    <EventXML xmlns="Event_NS">');
        for (const [name, value] of named) lines.push(`      ${element(name, value)}`);
        lines.push('    </EventXML>', '  </UserData>');
      }
    }
  }
  if (ev.message !== null || ev.levelText !== null) {
    lines.push('  <RenderingInfo Culture="en-US">');
    if (ev.message !== null) lines.push(`    ${element('Message', ev.message)}`);
    if (ev.levelText !== null) lines.push(`    ${element('Level', ev.levelText)}`);
    lines.push('  </RenderingInfo>');
  }
  lines.push('</Event>');
  return lines.join('\n');
}
