import type { RegisterCommand } from './types.js';

/** Order here is the order in `rdplens --help`. */
export const commands: RegisterCommand[] = [];
