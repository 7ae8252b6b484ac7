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
    where: 'src/store/sqlite-store.ts',
    what: 'A batch that failed midway (SQLITE_FULL) was partly committed: its statements were all queued at once, and after SQLite rolled the transaction back by itself the ones still queued ran in autocommit mode.',
    fix: 'the statements of a batch run one after the other and stop at the first failure',
    test: 'test/robust-regressions.test.ts (store: a batch is all or nothing), hostile full-disk test',
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
    fix: 'reported as evtx-chunks-missing (unlike a count below the chunks found, this can cost records, so it makes the input partial)',
    test: 'test/robust-regressions.test.ts (EVTX header), hostile corpus evtx-header-counts.evtx',
    fixed: true,
  },
  {
    where: 'src/ingest/pipeline.ts',
    what: 'The hash recorded for an input was that of the bytes the reader consumed: an input the reader stops early on (not a log, gzip bomb) never matched its file hash, so it was re-read on every ingest.',
    fix: 'the file hash computed before reading is recorded',
    test: 'test/robust-regressions.test.ts (the recorded hash is the whole file)',
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
    where: 'src/commands/analyze.ts, timeline.ts, explain.ts (--json)',
    what: '`analyze --json` and `timeline --json` passed C1 controls and bidi overrides from user names, host names and addresses to the terminal (explain --json likewise from its arguments).',
    fix: 'jsonForTerminal',
    test: 'test/hostile.test.ts (report in every format to stdout, analyze, timeline)',
    fixed: true,
  },
  {
    where: 'src/report/json.ts, src/report/ecs.ts',
    what: '`report --format json` (and ecs-ndjson) to a terminal passed C1 controls (U+009B CSI, U+009D OSC) and bidi overrides from host names and values: JSON.stringify escapes only U+0000–U+001F.',
    fix: 'both use jsonForTerminal; the JSON parses to the same values',
    test: 'test/hostile.test.ts (report in every format to stdout)',
    fixed: true,
  },
  {
    where: 'parsers/xml/splitter.ts',
    what: 'Top-level markup that never closes made the reader quadratic: for every `<` of a run like `<<<<`, `<a<a<a`, `</</`, `<!--<!--`, `<?<?` or `<!DOCTYPE <!DOCTYPE` the rest of the buffer was scanned again (a name scan that did not stop at `<`, and searches for `>`, `-->`, `?>`). 150 MiB of `<` would have taken hours; 256 KiB took 50 s. A broken tag or DOCTYPE could also swallow the start tag of the next record.',
    fix: 'names stop at `<` and at 256 characters; the searches remember where their terminator is known to be absent; a `<` before a tag\'s or a DOCTYPE\'s `>` (outside its internal subset) makes it stray or refused instead of consuming the next record',
    test: 'hostile corpus lt-run.xml, open-tag-run.xml, end-tag-run.xml, comment-run.xml, pi-run.xml, doctype-run.xml (8 MiB each, hang bound)',
    fixed: true,
  },
  {
    where: 'parsers/xml/decode.ts',
    what: 'UTF-16 input with lone surrogates or an odd trailing byte is decoded without a parse issue (UTF-8 damage is reported as encoding-invalid); the record is kept and the lone surrogate reaches the store, where SQLite turns it into U+FFFD in text columns while the JSON fields keep a \\ud800 escape.',
    fix: 'the UTF-16 decoders (little- and big-endian alike) turn an unpaired surrogate into U+FFFD and report the first one, and a dangling last byte, as encoding-invalid with its byte offset, as the UTF-8 decoder does',
    test: 'test/xml-malformed.test.ts (unpaired surrogates), hostile corpus utf16le-lone-surrogates.xml, utf16be-lone-surrogates.xml, utf16-odd-length.xml',
    fixed: true,
  },
  {
    where: 'parsers/xml (splitter)',
    what: 'Unclosed elements other than <Event> between records (100,000 `<x>`) are skipped without a parse issue.',
    fix: 'an element opened between records is reported once per run as stray-markup (informational: it costs no record, so the input stays "ok")',
    test: 'test/xml-malformed.test.ts (stray markup), hostile corpus deep-nesting-outside.xml',
    fixed: true,
  },
];
