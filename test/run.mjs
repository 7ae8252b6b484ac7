// Runs every test/**/*.test.ts(x) with node's own test runner through tsx.
// (Node 20's --test does not expand globs, and shells on Windows do not either.)
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const testDir = join(root, 'test');
const only = process.argv.slice(2);
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.test\.tsx?$/.test(name)) files.push(relative(root, p));
  }
})(testDir);
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...selected], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
