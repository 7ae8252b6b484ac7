/**
 * `rdplens browse [db | inputs…]` (alias `tui`): the interactive browser. Opens an existing case
 * database, or first reads the given inputs into one. Needs a terminal on both ends; otherwise it
 * points to the non-interactive commands.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RegisterCommand } from './types.js';
import { DEFAULT_DB, resolveDb } from './ingest.js';
import { analyzeInputs } from '../analyze/run.js';
import { openStore } from '../store/sqlite-store.js';
import type { ExportWriter } from '../tui/App.js';
import { EXIT, UserError, type CliIO } from '../util/io.js';
import { termSafe } from '../util/sanitize.js';
import { isSqliteFile } from '../util/sqlite-file.js';

interface BrowseOptions {
  db?: string;
  color?: boolean;
}

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';

export const registerBrowse: RegisterCommand = (program, io, setExit) => {
  program
    .command('browse')
    .alias('tui')
    .description('walk attempts, timelines and findings in an interactive terminal view')
    .argument('[inputs...]', 'a case database, or event log exports to read first')
    .option('--db <file>', `case database (default ${DEFAULT_DB}; where inputs are read into)`)
    .option('--no-color', 'no colour (badges stay); NO_COLOR is honoured too')
    .addHelpText(
      'after',
      `
Examples:
  rdplens browse rdplens.db              open a case database
  rdplens browse ./exports --db case.db  read a folder of exports, then browse it

Keys: j/k move, Enter drill down, Esc back, Tab switch pane, / filter, f findings, ? help, q quit.
Without a terminal, use \`rdplens analyze <inputs>\` or \`rdplens analyze --json\`.`,
    )
    .action(async (inputs: string[], o: BrowseOptions) => {
      setExit(await runBrowse(inputs, o, io));
    });
};

function exportWriter(cwd: string): ExportWriter {
  return async (target, markdown) => {
    const safeId = target.id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
    const path = join(cwd, `rdplens-${target.kind}-${safeId}.md`);
    writeFileSync(path, markdown);
    return relative(cwd, path) || path;
  };
}

export async function runBrowse(inputs: string[], o: BrowseOptions, io: CliIO): Promise<number> {
  if (!io.stdout.isTTY || !io.stdin.isTTY) {
    throw new UserError(
      'browse needs an interactive terminal. For a report on stdout use `rdplens analyze <inputs>`, or `rdplens analyze <inputs> --json` for JSON.',
      EXIT.unusable,
    );
  }
  let dbPath: string;
  if (inputs.length === 1 && !o.db && (await isSqliteFile(resolveDb(inputs[0]!, io.cwd)))) {
    dbPath = resolveDb(inputs[0]!, io.cwd);
  } else if (inputs.length > 0) {
    dbPath = resolveDb(o.db ?? DEFAULT_DB, io.cwd);
    await analyzeInputs(inputs, dbPath, io);
  } else {
    dbPath = resolveDb(o.db ?? DEFAULT_DB, io.cwd);
    if (!existsSync(dbPath)) {
      throw new UserError(`no case database at ${termSafe(dbPath)}; give one (rdplens browse case.db) or inputs to read (rdplens browse ./exports)`);
    }
  }
  // React and Ink are loaded only here (other commands never pay for them), after selecting React's
  // production build: the development build re-checks every render and is several times slower.
  process.env.NODE_ENV ??= 'production';
  // Ink renders only a final frame when it believes it runs under CI (CI / CONTINUOUS_INTEGRATION
  // set). browse has just checked that a person is at a terminal, so that guess is wrong here: a
  // shell inside a CI job (or a tmux session started by one) would otherwise show a blank screen.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const [{ createElement }, { render }, { App }, { openTuiData }, { defaultKnowledge }, { themeFor }] = await Promise.all([
    import('react'),
    import('ink'),
    import('../tui/App.js'),
    import('../tui/data.js'),
    import('../tui/knowledge.js'),
    import('../tui/theme.js'),
  ]);
  const store = await openStore(dbPath, { readonly: true }).catch((err: Error) => {
    throw new UserError(`cannot open ${termSafe(dbPath)} as a case database: ${termSafe(err.message)}`);
  });
  try {
    const data = await openTuiData(store, { knowledge: defaultKnowledge() });
    const theme = themeFor(io.env, o.color === false);
    io.stdout.write(ENTER_ALT_SCREEN);
    try {
      const app = render(createElement(App, { data, theme, exportMarkdown: exportWriter(io.cwd) }), {
        stdout: io.stdout as NodeJS.WriteStream,
        stdin: io.stdin as NodeJS.ReadStream,
        stderr: io.stderr as NodeJS.WriteStream,
        exitOnCtrlC: true,
        patchConsole: false,
      });
      await app.waitUntilExit();
    } finally {
      io.stdout.write(LEAVE_ALT_SCREEN);
    }
  } finally {
    await store.close();
  }
  return EXIT.ok;
}
