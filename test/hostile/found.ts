/**
 * What the robustness work found: bugs fixed (with the test that guards each) and gaps still open.
 * docs/robustness.md is rendered from this list.
 */
export interface Found {
  where: string;
  what: string;
  fix: string;
  test: string;
  fixed: boolean;
}

export const FOUND: Found[] = [
  {
    where: 'src/store/sqlite-store.ts',
    what: 'Any input with both events and parse issues aborted the ingest with "SQLITE_ERROR: cannot start a transaction within a transaction": the pipeline stores issues while the previous batch of events is still committing, and the two BEGINs interleaved on one connection.',
    fix: 'write transactions are queued per connection',
    test: 'test/robust-regressions.test.ts (store: overlapping write transactions)',
    fixed: true,
  },
  {
    where: 'parsers/input.ts',
    what: 'A .gz with a damaged CRC trailer threw "incorrect data check" out of the reader and aborted the ingest of every later file; gzip output was unbounded (a 1 GiB bomb was decompressed in full).',
    fix: 'decompression is bounded (200× the compressed bytes once past 256 MiB) and gzip errors end the input with a gzip-error issue; records before the damage are kept',
    test: 'test/robust-regressions.test.ts (gzip input), hostile corpus *.gz',
    fixed: true,
  },
  {
    where: 'parsers/evtx/index.ts',
    what: 'A file header listing more chunks than the file holds (a truncated copy, or a damaged count) passed silently.',
    fix: 'reported as evtx-header-chunk-count',
    test: 'test/robust-regressions.test.ts (EVTX header), hostile corpus evtx-header-counts.evtx',
    fixed: true,
  },
  {
    where: 'src/ingest/pipeline.ts',
    what: 'The hash recorded for an input was that of the bytes the reader consumed: an input the reader stops early on (not a log, gzip bomb) never matched its file hash, so it was re-read on every ingest.',
    fix: 'the file hash computed before reading is recorded',
    test: 'test/hostile.test.ts (kill loop re-runs)',
    fixed: true,
  },
  {
    where: 'src/commands/ingest.ts',
    what: '`--json` output passed C1 control characters (e.g. U+009B, a one-byte CSI) and bidi overrides from file names and messages to the terminal: JSON.stringify escapes only U+0000–U+001F.',
    fix: 'JSON for the terminal escapes DEL, C1 and bidi controls too (jsonForTerminal in src/util/sanitize.ts)',
    test: 'test/hostile.test.ts (terminal output)',
    fixed: true,
  },
  {
    where: 'parsers/xml/decode.ts',
    what: 'UTF-16 input with lone surrogates or an odd trailing byte is decoded without a parse issue (UTF-8 damage is reported as encoding-invalid); the record is kept and the lone surrogate reaches the store, where SQLite turns it into U+FFFD in text columns while the JSON fields keep a \\ud800 escape.',
    fix: 'Open: the UTF-16 decoder should count unpaired surrogates like the UTF-8 decoder counts invalid bytes.',
    test: '',
    fixed: false,
  },
  {
    where: 'parsers/xml (splitter)',
    what: 'Unclosed elements other than <Event> between records (100,000 `<x>`) are skipped without a parse issue.',
    fix: 'Open: worth an information issue (stray markup) like stray text gets.',
    test: '',
    fixed: false,
  },
];
