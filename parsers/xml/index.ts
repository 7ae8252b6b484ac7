// Placeholder until the streaming XML reader lands.
import type { EventReader } from '../types.js';

export const parseXml: EventReader = async function* (_source, opts) {
  yield { kind: 'issue', issue: { file: opts.file, offset: 0, line: null, kind: 'unsupported', message: 'XML reader not built yet' } };
};
