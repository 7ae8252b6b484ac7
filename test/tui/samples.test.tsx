/**
 * The browser on a case analysed from the bundled samples (the expired-certificate story: mstsc
 * 0x904/0x7 on PC-BOB against RDSH02): the real ingest, correlator, diagnosis and catalog.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from '../../src/tui/App.js';
import { openTuiData } from '../../src/tui/data.js';
import { defaultKnowledge } from '../../src/tui/knowledge.js';
import { analyzeCase } from '../../src/analyze/run.js';
import { expandInputs } from '../../src/ingest/paths.js';
import { openStore } from '../../src/store/sqlite-store.js';
import { renderAt } from '../helpers/ink.js';
import { tempDir } from '../helpers/tmp.js';

const samples = fileURLToPath(new URL('../../samples/cert-expired/', import.meta.url));

test('expired-certificate sample: from the failed attempt to the certificate evidence', async (t) => {
  const store = await openStore(join(tempDir(t), 'case.db'));
  t.after(() => store.close());
  const { files } = await expandInputs([samples], process.cwd());
  await analyzeCase(store, files, { cwd: process.cwd() });
  const data = await openTuiData(store, { knowledge: defaultKnowledge() });
  const term = renderAt(<App data={data} theme={{ colour: false }} size={{ columns: 160, rows: 40 }} />, 160, 40);
  t.after(() => term.unmount());

  let f = await term.waitFor('Hosts (2)');
  assert.match(f, /\[ERROR\] RDSH02 +Expired Remote Desktop certificate was not renewed/);
  await term.press('a');
  f = await term.waitFor((x) => /Attempts 1\/\d+ /.test(x) && /Timeline 1\/\d+/.test(x));
  // failures first, every one carrying the certificate pattern
  const listRows = f.split('\n').filter((l) => /^[›· ] \d\d-\d\d /.test(l));
  assert.ok(listRows.length >= 2);
  for (const l of listRows) assert.match(l, /\[FAILED\] +◆ cert-expired/);

  // the server attempt: its timeline shows certificate events as evidence
  await term.press('/host:RDSH02\r');
  await term.waitFor('filter: host:RDSH02');
  await term.press('\r');
  f = await term.waitFor('▶ Timeline 1/');
  assert.match(f, /◆ \+[\d.]+s +S3 +\[CERT\] 36870 Schannel/, 'the Schannel private-key error is marked as evidence, with its badge');
  assert.match(f, /\[DISC\] 103 /);

  // findings → evidence → the attempt's timeline at that event
  await term.press('f');
  f = await term.waitFor('▶ Findings 1/');
  assert.match(f, /What to do/);
  // the first evidence, RCM 1058, belongs to no connection: Enter shows the event itself
  await term.press('\t\r');
  f = await term.waitFor('Event 1058 · RDSH02');
  assert.match(f, /◆ evidence for \[ERROR\] Expired Remote Desktop certificate/);
  // evidence that belongs to an attempt opens that attempt's timeline with the event selected
  let opened = '';
  for (let i = 0; i < 8 && !opened; i++) {
    await term.press('\u001b');
    await term.waitFor('▶ Detail');
    await term.press('j\r');
    const g = await term.waitFor((x) => / › (Timeline|Event) /.test(x.split('\n')[0]!));
    if (/Timeline [^\n]*\/[sc]\/\d+/.test(g.split('\n')[0]!)) opened = g;
  }
  assert.ok(opened, 'some evidence opens a timeline');
  assert.match(opened, /› ◆ /);
});
