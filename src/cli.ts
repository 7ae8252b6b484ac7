/**
 * rdplens command line: dispatches to the commands in ./commands. `main` returns the exit code
 * instead of exiting, so tests can run commands in-process.
 */
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { processIO, UserError, EXIT, type CliIO } from './util/io.js';
import { VERSION } from './version.js';
import { termSafe, termSafeMultiline } from './util/sanitize.js';

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('rdplens')
    .description('Tells you why a Remote Desktop connection fails, from the Windows event logs of the host and the client.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    // program options go before the command name, so `live … then analyze --json` can pass options through
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  program.addHelpText(
    'after',
    `
Examples:
  rdplens explain 0x904 0x7                 what the mstsc error dialog means, and what to collect
  rdplens analyze ./exports                 ingest, correlate and diagnose a folder of exports
  rdplens analyze Security.xml System.evtx --json > result.json
  rdplens browse ./exports                  walk attempts, timelines and findings in the terminal
  rdplens report rdplens.db --format html -o incident.html
`,
  );
  for (const register of commands) {
    register(program, io, (code) => {
      exitCode = Math.max(exitCode, code);
    });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return err.exitCode === 0 ? EXIT.ok : EXIT.unusable;
    }
    if (err instanceof UserError) {
      io.stderr.write(`rdplens: ${termSafe(err.message)}\n`);
      return err.exitCode;
    }
    const e = err as NodeJS.ErrnoException;
    if (e && typeof e.code === 'string' && e.code.startsWith('SQLITE_')) {
      io.stderr.write(`rdplens: case database: ${termSafe(e.message.replace(/^SQLITE_\w+: /, ''))}${sqliteHint(e.code)}\n`);
      return EXIT.unusable;
    }
    if (e && (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR' || e.code === 'ENOSPC' || e.code === 'EROFS' || e.code === 'SQLITE_READONLY' || e.code === 'SQLITE_CANTOPEN' || e.code === 'SQLITE_FULL')) {
      // system errors name paths, and file names found in a folder are as untrusted as event text
      io.stderr.write(`rdplens: ${termSafe(e.message)}\n`);
      return EXIT.unusable;
    }
    io.stderr.write(`rdplens: internal error: ${termSafeMultiline((err as Error)?.stack ?? String(err))}\n`);
    return EXIT.unusable;
  }
  return exitCode;
}

/** What the user can do about the storage errors SQLite reports tersely. */
function sqliteHint(code: string): string {
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) return ' (is the disk full, or a file size limit reached? free space or choose another --db)';
  if (code === 'SQLITE_READONLY') return ' (the database file or its folder is read-only; choose another --db)';
  if (code === 'SQLITE_CANTOPEN') return ' (check that the --db folder exists and is writable)';
  if (code === 'SQLITE_BUSY') return ' (another rdplens is writing to it; try again when it has finished)';
  return '';
}
