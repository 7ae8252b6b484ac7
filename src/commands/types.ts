import type { Command } from 'commander';
import type { CliIO } from '../util/io.js';

/** Each command module registers itself on the program; `setExit` raises the process exit code. */
export type RegisterCommand = (program: Command, io: CliIO, setExit: (code: number) => void) => void;
