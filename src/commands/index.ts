import type { RegisterCommand } from './types.js';
import { registerIngest } from './ingest.js';

/** Order here is the order in `rdplens --help`. */
export const commands: RegisterCommand[] = [registerIngest];
