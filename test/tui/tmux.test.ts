/**
 * The built CLI in a real terminal: tmux runs `rdplens browse <db>` at 120×40, keys go in with
 * send-keys, the screen comes back with capture-pane. Skips when tmux is missing or the CLI is not
 * built (`npm test` builds first; CI installs tmux).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFixture } from '../helpers/tui-fixture.js';
import { tempDir } from '../helpers/tmp.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(join(root, 'dist', 'src', 'cli.js'));
const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
const skip = !hasTmux ? 'tmux is not installed' : !built ? 'CLI not built (npm run build)' : false;

function tmuxDriver(socket: string, session: string) {
  const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const capture = (escapes = false) => tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', session).stdout ?? '';
  return {
    tmux,
    capture,
    keys: (...keys: string[]) => {
      tmux('send-keys', '-t', session, ...keys);
    },
    async waitFor(needle: string | RegExp, timeoutMs = 10_000): Promise<string> {
      const until = Date.now() + timeoutMs;
      let screen = '';
      while (Date.now() < until) {
        screen = capture();
        if (typeof needle === 'string' ? screen.includes(needle) : needle.test(screen)) return screen;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`terminal never showed ${String(needle)}; screen:\n${screen}`);
    },
  };
}

function startBrowse(t: { after: (fn: () => void) => void }, dir: string, db: string, env: Record<string, string> = {}) {
  const socket = `rdplens-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const session = 'browse';
  const exitFile = join(dir, `exit-${socket}`);
  const envPrefix = Object.entries(env).map(([k, v]) => `${k}=${v} `).join('');
  const cmd = `cd '${root}' && ${envPrefix}'${process.execPath}' bin/rdplens browse '${db}'; echo $? > '${exitFile}'; sleep 30`;
  const drv = tmuxDriver(socket, session);
  const r = drv.tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', cmd);
  assert.equal(r.status, 0, r.stderr);
  t.after(() => {
    drv.tmux('kill-server');
  });
  return { ...drv, exitCode: () => (existsSync(exitFile) ? readFileSync(exitFile, 'utf8').trim() : null) };
}

test('real terminal: drill down to a failed attempt, filter by client, help, quit with exit code 0', { skip }, async (t) => {
  const dir = tempDir(t);
  const fx = await buildFixture(dir);
  await fx.store.close();
  const term = startBrowse(t, dir, fx.path);

  let screen = await term.waitFor('Hosts (2)');
  assert.match(screen, /Attempts 5: \[FAILED\] 3/);
  term.keys('a');
  screen = await term.waitFor('Attempts 1/5');
  // failures first: the top row is a failed attempt
  assert.match(screen, /› .*\[FAILED\]/);
  term.keys('j', 'Enter');
  screen = await term.waitFor('▶ Timeline 1/6');
  assert.match(screen, /RDSH01\/s\/1000 · 10\.0\.0\.5 · FAILED at S3 tls/);
  term.keys('j', 'j', 'j', 'Enter');
  screen = await term.waitFor('Event 36870 · RDSH01');
  assert.match(screen, /evidence for \[ERROR\]/);
  term.keys('Escape');
  await term.waitFor('▶ Timeline 4/6');
  term.keys('Escape');
  await term.waitFor('▶ Attempts 2/5');

  term.keys('/');
  await term.waitFor('Enter apply');
  term.keys('client:10.0.0.7', 'Enter');
  screen = await term.waitFor('Attempts 1/1');
  assert.match(screen, /filter: client:10\.0\.0\.7/);
  assert.match(screen, /10\.0\.0\.7 +CORP\\bob/);

  term.keys('?');
  screen = await term.waitFor('Ctrl-d');
  assert.match(screen, /drill down/);
  term.keys('q');
  const until = Date.now() + 10_000;
  while (term.exitCode() === null && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  assert.equal(term.exitCode(), '0');
  // the alternate screen is left: the shell's screen is back without the browser on it
  assert.doesNotMatch(term.capture(), /Ctrl-d/);
});

test('real terminal: colour by default, none with NO_COLOR, badges either way; resize re-lays out', { skip }, async (t) => {
  const dir = tempDir(t);
  const fx = await buildFixture(dir);
  await fx.store.close();
  // eslint-disable-next-line no-control-regex
  const COLOUR = /\u001b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;5;\d+)m/;
  const plain = startBrowse(t, dir, fx.path, { NO_COLOR: '1' });
  await plain.waitFor('Hosts (2)');
  plain.keys('a');
  await plain.waitFor('Attempts 1/5');
  assert.doesNotMatch(plain.capture(true), COLOUR);
  assert.match(plain.capture(), /\[FAILED\]/);

  const coloured = startBrowse(t, dir, fx.path);
  await coloured.waitFor('Hosts (2)');
  coloured.keys('a');
  await coloured.waitFor('Attempts 1/5');
  assert.match(coloured.capture(true), COLOUR);
  // 120 columns stack list and timeline; widened to 160 they sit side by side
  assert.doesNotMatch(coloured.capture(), /│/);
  coloured.tmux('resize-window', '-t', 'browse', '-x', '160', '-y', '48');
  const wide = await coloured.waitFor(/Attempts 1\/5 .*│.*Timeline 1\/2/);
  assert.match(wide, /│ +since/);
});
