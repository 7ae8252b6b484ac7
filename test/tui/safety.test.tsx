/**
 * Event text is untrusted. A case whose events and attempt carry terminal escape sequences (screen
 * clear, OSC title/hyperlink, BEL, C1 CSI, bidi override) must never emit them raw, on any screen.
 * Colour: NO_COLOR / --no-color drop every colour code but keep the text badges.
 */
import '../helpers/force-colour.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from '../helpers/tui-app.js';
import { themeFor } from '../../src/tui/theme.js';
import type { Term } from '../helpers/ink.js';

const HOSTILE = '\u001b[31mred\u001b[0m\u001b[2J\u001b]0;owned\u0007\u001b]8;;http://evil.example/\u001b\\click\u009b31m\u202eTXT\u0008\r\n';

/** Escape sequences Ink itself writes in debug frames: SGR styling only. */
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

function assertClean(frame: string, where: string) {
  const rest = frame.replace(SGR, '');
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.exec(rest);
  assert.equal(bad, null, `${where}: raw control character U+${bad?.[0].charCodeAt(0).toString(16).padStart(4, '0')} reached the terminal`);
}

// eslint-disable-next-line no-control-regex
const COLOUR = /\u001b\[(?:3[0-79]|9[0-7]|38;|4[0-79]|10[0-7])[0-9;]*m/;

async function walk(term: Term, colourCheck: (frame: string, where: string) => void) {
  const steps: [string, string, string][] = [
    ['', 'Hosts (2)', 'overview'],
    ['a/user:bob\r', 'Attempts 1/1', 'attempts (filtered on hostile user)'],
    ['\r', '▶ Timeline 1/3', 'timeline'],
    ['j\r', '[ACCT] Logon failed', 'event'],
    ['x', 'Raw XML 4625', 'raw'],
    ['f', 'Findings 1/', 'findings'],
    ['?', 'Ctrl-d', 'help'],
  ];
  for (const [keys, wait, where] of steps) {
    if (keys) await term.press(keys);
    await term.waitFor(wait);
    for (const frame of term.frames.slice(-3)) {
      assertClean(frame, where);
      colourCheck(frame, where);
    }
  }
}

test('hostile event text never reaches the terminal raw (colour on and off)', async (t) => {
  const b = await openBrowser(t, { hostile: HOSTILE });
  for (const colour of [true, false]) {
    const term = b.open(100, 30, { colour });
    // Ink passes SGR through, so a hostile colour code would show up as colour in a colourless run.
    await walk(term, colour ? () => undefined : (frame, where) => assert.doesNotMatch(frame, COLOUR, `${where}: colour code from event text`));
    term.unmount();
  }
  // …while what it said is still shown, made visible
  const term = b.open(100, 30);
  await term.waitFor('Hosts (2)');
  await term.press('a/user:bob\r');
  const f = await term.waitFor('Attempts 1/1');
  assert.match(f, /CORP\\bob␛\[31m/);
});

test('without colour no colour codes are written, and every mark keeps its text badge', async (t) => {
  const b = await openBrowser(t);
  const noColour = b.open(100, 30, { colour: false });
  await walk(noColour, (frame, where) => assert.doesNotMatch(frame, COLOUR, `${where} has a colour code`));
  const coloured = b.open(100, 30, { colour: true });
  await coloured.waitFor('Hosts (2)');
  await coloured.press('a');
  await coloured.waitFor('Attempts 1/5');
  assert.match(coloured.lastFrame(), COLOUR);
  // the same badges are on screen either way
  assert.match(coloured.text(), /\[FAILED\]/);
});

test('NO_COLOR (non-empty) or --no-color turn colour off', () => {
  assert.equal(themeFor({}, false).colour, true);
  assert.equal(themeFor({ NO_COLOR: '1' }, false).colour, false);
  assert.equal(themeFor({ NO_COLOR: '' }, false).colour, true);
  assert.equal(themeFor({}, true).colour, false);
});
