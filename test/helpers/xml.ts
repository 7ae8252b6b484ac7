/** Shared helpers for the XML reader tests. */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParserItem, RawEvent } from '../../src/model/event.js';
import { readXml, type XmlReaderOptions } from '../../parsers/xml/index.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const fixtureDir = join(root, 'test', 'fixtures', 'xml');
export const realSamplesDir = join(root, '..', 'shared', 'samples-real');

export function fixture(name: string): Buffer {
  return readFileSync(join(fixtureDir, name));
}

async function* chunked(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, Math.min(data.length, i + size));
}

/** Every item the reader yields for `data` fed in chunks of `chunkSize` bytes. */
export async function readAll(data: Uint8Array, chunkSize = 65536, file = 'input.xml', opts: XmlReaderOptions = {}): Promise<ParserItem[]> {
  const items: ParserItem[] = [];
  for await (const item of readXml(chunked(data, chunkSize), { file, ...opts })) items.push(item);
  return items;
}

export const eventsOf = (items: ParserItem[]): RawEvent[] => items.flatMap((i) => (i.kind === 'event' ? [i.event] : []));
export const issuesOf = (items: ParserItem[]) => items.flatMap((i) => (i.kind === 'issue' ? [i.issue] : []));
export const infoOf = (items: ParserItem[]) => {
  const i = items[0];
  if (!i || i.kind !== 'info') throw new Error('first item is not info');
  return i.info;
};

/** Every python-evtx rendering in the shared real-sample folder (empty when the folder is absent). */
export function realXmlSamples(): string[] {
  if (!existsSync(realSamplesDir)) return [];
  const out: string[] = [];
  (function walk(d: string) {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.xml')) out.push(p);
    }
  })(realSamplesDir);
  return out;
}

/** Number of `<Event …>` start tags in a text (what a rendering's record count is). */
export function countEventTags(text: string): number {
  return (text.match(/<Event[\s>]/g) ?? []).length;
}
