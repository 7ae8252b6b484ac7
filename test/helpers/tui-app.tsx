import { App, type ExportWriter } from '../../src/tui/App.js';
import { openTuiData, type TuiData } from '../../src/tui/data.js';
import { defaultKnowledge } from '../../src/tui/knowledge.js';
import { buildFixture, type Fixture, type FixtureOptions } from './tui-fixture.js';
import { renderAt, type Term } from './ink.js';
import { tempDir } from './tmp.js';

export interface Opened {
  fx: Fixture;
  data: TuiData;
  open(columns: number, rows: number, opts?: { colour?: boolean; exportMarkdown?: ExportWriter }): Term;
}

/** Fixture database + data layer + a way to render the browser at a size; all closed after the test. */
export async function openBrowser(t: Parameters<typeof tempDir>[0], fixture: FixtureOptions = {}): Promise<Opened> {
  const fx = await buildFixture(tempDir(t), fixture);
  t.after(() => fx.store.close());
  // The real catalog: screens show what an admin would see.
  const data = await openTuiData(fx.store, { knowledge: defaultKnowledge() });
  return {
    fx,
    data,
    open(columns, rows, opts = {}) {
      const term = renderAt(<App data={data} theme={{ colour: opts.colour ?? false }} size={{ columns, rows }} exportMarkdown={opts.exportMarkdown} />, columns, rows);
      t.after(() => term.unmount());
      return term;
    },
  };
}
