// Placeholder until the EVTX reader lands.
import type { EventReader } from '../types.js';

export const parseEvtx: EventReader = async function* (_source, opts) {
  yield { kind: 'issue', issue: { file: opts.file, offset: 0, line: null, kind: 'unsupported', message: 'EVTX reader not built yet' } };
};
