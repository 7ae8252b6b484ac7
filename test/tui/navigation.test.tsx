import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { App } from '../../src/tui/App.js';
import { openBrowser } from '../helpers/tui-app.js';
import { stripAnsi } from '../helpers/ink.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(frame: () => string | undefined, needle: string | RegExp): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const f = stripAnsi(frame() ?? '');
    if (typeof needle === 'string' ? f.includes(needle) : needle.test(f)) return f;
    await wait(10);
  }
  throw new Error(`no frame with ${String(needle)}; last:\n${stripAnsi(frame() ?? '')}`);
}

test('ink-testing-library: drill down to a failed attempt and its event, then back out', async (t) => {
  const b = await openBrowser(t);
  const app = render(<App data={b.data} theme={{ colour: false }} size={{ columns: 100, rows: 30 }} />);
  t.after(() => app.unmount());
  await until(app.lastFrame, 'Hosts (2)');
  app.stdin.write('\r'); // the first host: its attempts
  let f = await until(app.lastFrame, 'Attempts 1/4');
  assert.match(f, /filter: host:RDSH01\.corp\.example/);
  assert.match(f, /› 03-05 10:00:00 RDSH01 .*\[FAILED\]/);
  app.stdin.write('\r'); // into the timeline
  f = await until(app.lastFrame, '▶ Timeline 1/6');
  assert.match(f, /Overview › Attempts › RDSH01\/s\/1000/);
  app.stdin.write('G');
  await until(app.lastFrame, '▶ Timeline 6/6');
  app.stdin.write('\r');
  f = await until(app.lastFrame, 'Event 103 · RDSH01');
  assert.match(f, /Overview › Attempts › RDSH01\/s\/1000 › Event 103/);
  assert.match(f, /\[DISC\] Disconnect reason reported/);
  app.stdin.write('\u001b'); // back to the timeline
  await until(app.lastFrame, '▶ Timeline 6/6');
  app.stdin.write('\u001b'); // timeline → list
  await until(app.lastFrame, '▶ Attempts');
  app.stdin.write('\u001b'); // clears the host filter
  f = await until(app.lastFrame, 'Attempts 1/5');
  assert.match(f, /no filter/);
  app.stdin.write('\u001b'); // back to the overview
  await until(app.lastFrame, 'Hosts (2)');
});

test('filter by client, jump between failures and timeline matches', async (t) => {
  const b = await openBrowser(t);
  const term = b.open(100, 30);
  await term.waitFor('Hosts (2)');
  await term.press('a');
  await term.waitFor('Attempts 1/5');
  await term.press('/client:10.0.0.7');
  let f = await term.waitFor('/ client:10.0.0.7█');
  await term.press('\r');
  f = await term.waitFor('Attempts 1/1');
  assert.match(f, /filter: client:10\.0\.0\.7/);
  assert.match(f, /CORP\\bob/);
  await term.press('\u001b'); // Esc clears the filter
  await term.waitFor('Attempts 1/5');
  await term.press('n'); // next failed attempt
  await term.waitFor('Attempts 2/5');
  await term.press('nn');
  f = await term.waitFor('no later failed attempt');
  assert.match(f, /Attempts 3\/5/);
  await term.press('N');
  await term.waitFor('Attempts 2/5');
  // search inside the timeline: matches are marked and n jumps to them
  await term.press('/id:36870\r');
  await term.waitFor('Attempts 1/1');
  await term.press('\t');
  f = await term.waitFor('1 match');
  assert.match(f, /=◆ \+0\.100s/);
  await term.press('n');
  f = await term.waitFor('▶ Timeline 4/6');
  assert.match(f, /›=◆ \+0\.100s/);
});

test('g/G, PgDn/PgUp and Ctrl-d/u move by the pane’s page and keep the cursor on screen', async (t) => {
  const b = await openBrowser(t);
  const term = b.open(80, 14); // the list pane shows 3 rows here
  await term.waitFor('Hosts (2)');
  await term.press('a');
  await term.waitFor('Attempts 1/5');
  await term.press('G');
  await term.waitFor('Attempts 5/5');
  await term.press('g');
  await term.waitFor('Attempts 1/5');
  await term.press('\u001b[6~'); // PgDn: 3 rows
  await term.waitFor('Attempts 4/5');
  await term.press('\u0015'); // Ctrl-u: half a page (1 row)
  await term.waitFor('Attempts 3/5');
  await term.press('\u0004\u0004'); // Ctrl-d twice
  await term.waitFor('Attempts 5/5');
  await term.press('\u001b[5~'); // PgUp
  const f = await term.waitFor('Attempts 2/5');
  assert.ok(f.split('\n').some((l) => l.startsWith('›')), 'the selected row is visible');
});

test('Enter on a finding’s evidence opens the attempt timeline at that event; e exports Markdown', async (t) => {
  const b = await openBrowser(t);
  const written: { target: { kind: string; id: string }; markdown: string }[] = [];
  const term = b.open(100, 30, {
    exportMarkdown: async (target, markdown) => {
      written.push({ target, markdown });
      return `rdplens-${target.kind}.md`;
    },
  });
  await term.waitFor('Hosts (2)');
  await term.press('f');
  await term.waitFor('Findings 1/3');
  await term.press('e');
  await term.waitFor('exported to rdplens-finding.md');
  assert.equal(written[0]!.target.id, 'cert-private-key/RDSH01/10.0.0.5');
  assert.match(written[0]!.markdown, /^### ERROR: TermService cannot use the RDP certificate private key/);
  assert.match(written[0]!.markdown, /\| 2026-03-05 10:00:00 \| RDSH01\.corp\.example \| Schannel \| 36870 \|/);
  await term.press('\tj\r'); // evidence 2 = Schannel 36870
  const f = await term.waitFor('Timeline RDSH01/s/1000');
  assert.match(f, /› ◆ \+0\.100s/);
  await term.press('e');
  await term.waitFor('exported to rdplens-attempt.md');
  assert.equal(written[1]!.target.id, 'RDSH01/s/1000');
  assert.match(written[1]!.markdown, /\*\*Timeline\*\* \(6 events\)/);
  assert.match(written[1]!.markdown, /\| \+0\.100s \| 2026-03-05 10:00:00 \| S3 \|/);
});

test('q quits the app', async (t) => {
  const b = await openBrowser(t);
  const term = b.open(80, 24);
  await term.waitFor('Hosts (2)');
  await term.press('q');
  await term.exited;
});

test('S lists sessions; Enter opens a session timeline', async (t) => {
  const b = await openBrowser(t);
  const term = b.open(100, 30);
  await term.waitFor('Hosts (2)');
  await term.press('S');
  let f = await term.waitFor('▶ Sessions 1/1');
  assert.match(f, /› 03-05 10:20:01 RDSH01 +10\.0\.0\.9 +CORP\\alice +2 +\[DISCONN\] 0 · 1 · 1 · 5/);
  await term.press('\r');
  f = await term.waitFor('Timeline 1/5 · session RDSH01/session/2');
  assert.match(f, /Overview › Sessions › Session RDSH01\/session\/2/);
  assert.match(f, /\[DISC\] 40 /);
});
