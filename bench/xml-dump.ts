// Prints what the XML reader yields for a file: info, issues, event count (and one event with --show N).
import { createReadStream } from 'node:fs';
import { parseXml } from '../parsers/xml/index.js';

const [file, show] = process.argv.slice(2);
if (!file) throw new Error('usage: xml-dump <file> [eventIndexToShow]');
let n = 0;
const t0 = performance.now();
for await (const item of parseXml(createReadStream(file, { highWaterMark: 1 << 20 }), { file })) {
  if (item.kind === 'event') {
    if (show !== undefined && n === Number(show)) console.log(JSON.stringify(item.event, null, 1));
    n++;
  } else console.log(JSON.stringify(item));
}
console.log(`events ${n} in ${(performance.now() - t0).toFixed(0)} ms`);
