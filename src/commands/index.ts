import type { RegisterCommand } from './types.js';
import { registerIngest } from './ingest.js';
import { registerLive } from './live.js';
import { registerCollect } from './collect.js';
import { registerExplain } from './explain.js';
import { registerAnalyze } from './analyze.js';
import { registerTimeline } from './timeline.js';
import { registerReport } from './report.js';
import { registerBrowse } from './browse.js';
import { registerStart } from './start.js';

/** Order here is the order in `rdplens --help`. */
export const commands: RegisterCommand[] = [registerAnalyze, registerBrowse, registerReport, registerTimeline, registerExplain, registerIngest, registerLive, registerCollect, registerStart];
