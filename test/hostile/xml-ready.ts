/** Whether this build has the streaming XML reader (XML-based robustness tests skip without it). */
import { readEvents } from '../../parsers/input.js';
import { validEvent } from './generate.js';

export async function xmlReaderReady(): Promise<boolean> {
  for await (const item of readEvents((async function* () { yield Buffer.from(validEvent(1)); })(), { file: 'probe.xml' })) {
    if (item.kind === 'event') return true;
  }
  return false;
}
