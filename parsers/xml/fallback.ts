/**
 * Slow path for records the scanner refuses (comments, processing instructions…): fast-xml-parser
 * validates the record, then parses it with options that never alter values (no number parsing, no
 * trimming, entities left to our own strict decoder), and the tree drives the same EventBuilder.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeEntities, EntityError } from './entities.js';
import type { EventBuilder } from './event-builder.js';
import type { ScanProblem } from './scanner.js';

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  preserveOrder: true,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
});

/** Parses `xml` into `b`; returns null on success or the reason the record is malformed. */
export function fallbackParse(xml: string, b: EventBuilder): ScanProblem | null {
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) {
    return { fatal: true, kind: 'doctype-refused', message: 'DOCTYPE/ENTITY declarations are refused (no entity expansion)', at: 0 };
  }
  const v = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (v !== true) {
    return { fatal: true, kind: 'xml-malformed', message: `${v.err.msg} (record line ${v.err.line}, column ${v.err.col})`, at: 0 };
  }
  let tree: Node[];
  try {
    tree = parser.parse(xml) as Node[];
  } catch (e) {
    return { fatal: true, kind: 'xml-malformed', message: (e as Error).message, at: 0 };
  }
  try {
    let roots = 0;
    for (const node of tree) {
      if (isElement(node)) roots++;
    }
    if (roots !== 1) return { fatal: true, kind: 'xml-malformed', message: `expected one <Event> element, found ${roots}`, at: 0 };
    return walk(tree, b);
  } catch (e) {
    if (e instanceof EntityError) return { fatal: true, kind: 'xml-malformed', message: e.message, at: 0 };
    throw e;
  }
}

function isElement(node: Node): boolean {
  for (const k of Object.keys(node)) if (k !== ':@' && !k.startsWith('#') && !k.startsWith('?')) return true;
  return false;
}

function walk(nodes: Node[], b: EventBuilder): ScanProblem | null {
  for (const node of nodes) {
    for (const key of Object.keys(node)) {
      if (key === ':@' || key === '#comment' || key.startsWith('?')) continue;
      const value = node[key];
      if (key === '#text') {
        b.text(decodeEntities(String(value)));
        continue;
      }
      if (key === '#cdata') {
        for (const t of value as Node[]) if ('#text' in t) b.text(String(t['#text']));
        continue;
      }
      const attrs: string[] = [];
      const rawAttrs = node[':@'] as Record<string, unknown> | undefined;
      if (rawAttrs) for (const [k, v] of Object.entries(rawAttrs)) attrs.push(k.substring(1), decodeEntities(String(v)));
      const err = b.start(key, attrs);
      if (err) return { fatal: true, kind: 'xml-malformed', message: err, at: 0 };
      const inner = walk(value as Node[], b);
      if (inner) return inner;
      b.end();
    }
  }
  return null;
}
