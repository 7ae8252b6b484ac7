/**
 * Reader output with events already normalized: what the ingest pipeline consumes, whether the
 * parsing ran on this thread or in a worker.
 */
import type { InputInfo, NormalizedEvent, ParseIssue } from '../model/event.js';
import type { ParseOptions } from '../../parsers/types.js';
import { readEvents } from '../../parsers/input.js';
import { normalizeEvent } from '../normalize/event.js';

export type NormalizedItem =
  | { kind: 'info'; info: InputInfo }
  | { kind: 'event'; event: NormalizedEvent }
  | { kind: 'issue'; issue: ParseIssue };

export async function* readNormalized(source: AsyncIterable<Uint8Array>, opts: ParseOptions): AsyncGenerator<NormalizedItem> {
  for await (const item of readEvents(source, opts)) {
    if (item.kind !== 'event') {
      yield item;
      continue;
    }
    const r = normalizeEvent(item.event);
    yield r.ok ? { kind: 'event', event: r.event } : { kind: 'issue', issue: r.issue };
  }
}
