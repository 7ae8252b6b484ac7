// Loads event files into a store for correlation tests: reader → normalize → insert, one batch at a
// time (parse issues are counted, not stored).
import { createReadStream } from 'node:fs';
import { readEvents } from '../../parsers/input.js';
import { normalizeEvent } from '../../src/normalize/event.js';
import type { Store } from '../../src/store/types.js';
import type { NormalizedEvent } from '../../src/model/event.js';

export async function loadFiles(store: Store, files: string[]): Promise<{ events: number; issues: number }> {
  let events = 0, issues = 0;
  for (const file of files) {
    const imp = await store.beginImport({ path: file, sha256: file, size: 0 });
    let batch: NormalizedEvent[] = [];
    let lastHost = '';
    for await (const item of readEvents(createReadStream(file), { file })) {
      if (item.kind === 'issue') issues++;
      if (item.kind !== 'event') continue;
      const r = normalizeEvent(item.event);
      if (!r.ok) { issues++; continue; }
      if (r.event.host) lastHost = r.event.host;
      else r.event.host = lastHost;
      batch.push(r.event);
      events++;
      if (batch.length >= 5000) { await store.insertEvents(imp, batch); batch = []; }
    }
    if (batch.length) await store.insertEvents(imp, batch);
  }
  return { events, issues };
}
