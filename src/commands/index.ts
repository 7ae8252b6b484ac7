import type { RegisterCommand } from './types.js';
import { registerIngest } from './ingest.js';
import { registerLive } from './live.js';
import { registerCollect } from './collect.js';
import { registerExplain } from './explain.js';
import { registerReport } from './report.js';

/** Order here is the order in `rdplens --help`. */
export const commands: RegisterCommand[] = [registerIngest, registerExplain, registerReport, registerLive, registerCollect];
