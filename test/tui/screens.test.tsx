/**
 * Every screen rendered at 80×24 and 160×48 and compared with a golden file (ANSI stripped).
 * Regenerate after an intended change with UPDATE_GOLDEN=1 node test/run.mjs tui/screens.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { textWidth } from '../../src/tui/text.js';
import { openBrowser } from '../helpers/tui-app.js';
import type { Term } from '../helpers/ink.js';

const goldenDir = fileURLToPath(new URL('../golden/', import.meta.url));

function golden(name: string, frame: string) {
  const path = `${goldenDir}tui-${name}.txt`;
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(path, `${frame}\n`);
    return;
  }
  assert.equal(`${frame}\n`, readFileSync(path, 'utf8'), `screen differs from ${path}`);
}

function assertFits(frame: string, columns: number, rows: number) {
  const lines = frame.split('\n');
  assert.ok(lines.length <= rows, `${lines.length} lines > ${rows}`);
  for (const l of lines) assert.ok(textWidth(l) <= columns, `line wider than ${columns}: ${l}`);
}

for (const [columns, rows] of [[80, 24], [160, 48]] as const) {
  const size = `${columns}x${rows}`;
  test(`screens at ${size} match their golden files`, async (t) => {
    const b = await openBrowser(t);
    const term: Term = b.open(columns, rows);
    const shot = async (name: string, wait: string) => {
      // wait for the needle on a frame with nothing still loading ("…" in a pane title)
      const frame = await term.waitFor((f) => f.includes(wait) && !/(Attempts|Timeline) …|Loading/.test(f));
      assertFits(frame, columns, rows);
      golden(`${name}-${size}`, frame);
      return frame;
    };
    await shot('overview', 'Hosts (2)');
    await term.press('a');
    await shot('attempts', 'Timeline 1/2');
    await term.press('j');
    await term.press('\r');
    await term.press('jjj');
    const tl = await shot('timeline', '▶ Timeline 4/6');
    assert.match(tl, /\[CERT\]/);
    await term.press('\r');
    const ev = await shot('event', 'Fatal error accessing');
    assert.match(ev, /SEC_E_UNKNOWN_CREDENTIALS/);
    assert.match(ev, /evidence for/);
    await term.press('x');
    await shot('event-raw', 'Raw XML 36870');
    await term.press('f');
    await shot('findings', 'Findings 1/3');
    await term.press('\t');
    await term.press('jj');
    await shot('findings-evidence', '▶ Detail');
    await term.press('\r');
    const jumped = await shot('evidence-timeline', 'Timeline WS042/c/1006');
    assert.match(jumped, /› .*1026/);
    await term.press('?');
    await shot('help', 'Ctrl-d');
    await term.press('S');
    await shot('sessions', '▶ Sessions 1/1');
  });
}
