/**
 * Building Windows command lines by hand.
 *
 * Windows passes a child one command-line string; the child's C runtime (or CommandLineToArgvW) splits it
 * back into argv. wevtutil's XPath queries contain spaces, quotes and brackets, so every argument is quoted
 * here under the CRT rules and the line is handed to CreateProcess verbatim (`windowsVerbatimArguments`), so
 * nothing is quoted twice. Batch files (.cmd/.bat) go through cmd.exe, which has its own metacharacters on
 * top of the CRT rules; `cmdShimCommandLine` escapes for both.
 */

/**
 * Quotes one argument so that CommandLineToArgvW / the MSVC runtime give it back unchanged:
 * - no quoting when the argument is non-empty and has no whitespace or double quote;
 * - otherwise it is wrapped in double quotes, each `"` becomes `\"`, backslashes directly before a `"` (an
 *   inner one or the closing one) are doubled, and all other backslashes stay as they are.
 */
export function quoteWindowsArg(arg: string, opts: { force?: boolean } = {}): string {
  if (!opts.force && arg !== '' && !/[ \t\n\v"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    if (ch === '"') {
      out += '\\'.repeat(backslashes * 2 + 1) + '"';
    } else {
      out += '\\'.repeat(backslashes) + ch;
    }
    backslashes = 0;
  }
  return out + '\\'.repeat(backslashes * 2) + '"';
}

/**
 * argv[0] is split by simpler rules (a quoted run is taken literally, no backslash escapes), and a program
 * path cannot contain `"`; quoting it when it has a space or tab is all it needs.
 */
export function quoteWindowsProgram(path: string): string {
  if (path.includes('"')) throw new Error(`a Windows program path cannot contain a double quote: ${path}`);
  return /[ \t]/.test(path) ? `"${path}"` : path;
}

/** The whole command line, as CreateProcess should receive it. */
export function windowsCommandLine(program: string, args: readonly string[]): string {
  return [quoteWindowsProgram(program), ...args.map((a) => quoteWindowsArg(a))].join(' ');
}

// cmd.exe treats these specially even inside a command it runs with /c; a caret makes the next one literal.
const CMD_META = /[()\][%!^"`<>&|;, *?]/g;

/**
 * For a batch file run as `cmd.exe /d /s /c "<line>"`: each argument is CRT-quoted, then cmd's
 * metacharacters are caret-escaped twice — once for the /c line and once more because the batch file
 * re-parses its `%*` when it passes the arguments on (the usual `.cmd` shim). The program path is
 * caret-escaped once (it is parsed once). Returns the string that follows `/c `.
 */
export function cmdShimCommandLine(batchFile: string, args: readonly string[]): string {
  const program = batchFile.replace(CMD_META, '^$&');
  const escaped = args.map((a) => quoteWindowsArg(a, { force: true }).replace(CMD_META, '^$&').replace(CMD_META, '^$&'));
  return `"${[program, ...escaped].join(' ')}"`;
}

/**
 * The reference splitter (CommandLineToArgvW rules as of Windows 7+/MSVC 2008+, for arguments after
 * argv[0]): used by the tests to prove quoteWindowsArg round-trips, and kept here so the two rule sets
 * sit side by side.
 */
export function splitWindowsArgs(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= n) break;
    let arg = '';
    let inQuotes = false;
    for (; i < n; i++) {
      const ch = line[i]!;
      if (!inQuotes && (ch === ' ' || ch === '\t')) break;
      if (ch === '\\') {
        let j = i;
        while (j < n && line[j] === '\\') j++;
        const count = j - i;
        if (line[j] === '"') {
          arg += '\\'.repeat(Math.floor(count / 2));
          if (count % 2 === 1) {
            arg += '"';
            i = j; // the escaped quote
          } else {
            i = j - 1; // the quote is handled by the next iteration
          }
        } else {
          arg += '\\'.repeat(count);
          i = j - 1;
        }
        continue;
      }
      if (ch === '"') {
        // "" inside a quoted run is a literal quote (and the run goes on)
        if (inQuotes && line[i + 1] === '"') {
          arg += '"';
          i++;
          continue;
        }
        inQuotes = !inQuotes;
        continue;
      }
      arg += ch;
    }
    out.push(arg);
  }
  return out;
}
