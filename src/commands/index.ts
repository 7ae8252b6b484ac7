import type { RegisterCommand } from './types.js';
import { registerIngest } from './ingest.js';
import { registerLive } from './live.js';
import { registerCollect } from './collect.js';

/** Order here is the order in `rdplens --help`. */
export const commands: RegisterCommand[] = [registerIngest, registerLive, registerCollect];
