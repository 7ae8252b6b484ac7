/**
 * Expands the inputs a user names — files, folders (recursively), and globs with `*`, `?`, `**` — into
 * a sorted list of files. Node 20 has no fs.glob, and shells on Windows do not expand globs.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve, sep, relative } from 'node:path';

export interface ExpandedInputs {
  files: string[];
  /** inputs that matched nothing, with the reason */
  missing: { input: string; reason: string }[];
}

function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
        if (pattern[i + 1] === '/' || pattern[i + 1] === '\\') i++;
      } else re += '[^/\\\\]*';
    } else if (c === '?') re += '[^/\\\\]';
    else if (c === '/' || c === '\\') re += '[/\\\\]';
    else re += c.replace(/[.+^${}()|[\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, process.platform === 'win32' ? 'i' : '');
}

/**
 * Files a folder walk passes over: documentation next to exports (a README in a case folder) and
 * our own case databases. Named explicitly, such files are still read (and reported if unreadable).
 */
const NOT_EXPORTS = /\.(md|markdown|db|db-wal|db-shm|sqlite)$/i;

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile() && !NOT_EXPORTS.test(e.name)) out.push(p);
  }
}

export async function expandInputs(inputs: string[], cwd: string): Promise<ExpandedInputs> {
  const files: string[] = [];
  const missing: ExpandedInputs['missing'] = [];
  for (const input of inputs) {
    if (input === '-') { files.push('-'); continue; }
    if (/[*?]/.test(input)) {
      // Walk from the longest wildcard-free prefix directory.
      const parts = input.split(/[/\\]/);
      const firstWild = parts.findIndex((p) => /[*?]/.test(p));
      const base = resolve(cwd, parts.slice(0, firstWild).join(sep) || '.');
      const re = globToRegExp(parts.slice(firstWild).join('/'));
      const found: string[] = [];
      try {
        await walk(base, found);
      } catch {
        missing.push({ input, reason: 'no such folder' });
        continue;
      }
      const matched = found.filter((f) => re.test(relative(base, f).split(sep).join('/')));
      if (!matched.length) missing.push({ input, reason: 'pattern matched no file' });
      files.push(...matched.map((f) => relative(cwd, f) || f));
      continue;
    }
    const abs = resolve(cwd, input);
    let st;
    try {
      st = await stat(abs);
    } catch {
      missing.push({ input, reason: 'no such file or folder' });
      continue;
    }
    if (st.isDirectory()) {
      const found: string[] = [];
      await walk(abs, found);
      if (!found.length) missing.push({ input, reason: 'folder is empty' });
      files.push(...found.map((f) => relative(cwd, f) || f));
    } else files.push(input);
  }
  return { files: [...new Set(files)], missing };
}
