import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clip, csvCell, csvRow, html, htmlLine, md, mdCodeBlock } from '../../src/report/escape.js';
import { parseCsv } from '../helpers/csv.js';

test('html() escapes markup and makes control characters visible', () => {
  assert.equal(html('<a href="x" onclick=\'y\'>&</a>'), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  assert.equal(html('\u001b[31mred'), '␛[31mred');
  assert.equal(htmlLine('a\nb'), 'a␊b');
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => !/[<>"']|&(?!amp;|lt;|gt;|quot;|#39;)/.test(html(s))));
});

test('md() leaves nothing that Markdown would turn into a link, tag, code span or column', () => {
  assert.equal(md('[x](javascript:alert(1))'), '\\[x\\](javascript:alert(1))');
  assert.equal(md('![i](http://e/x.png)'), '\\!\\[i\\](http://e/x.png)');
  assert.equal(md('a|b'), 'a\\|b');
  assert.equal(md('`x` *y* _z_ ~w~'), '\\`x\\` \\*y\\* \\_z\\_ \\~w\\~');
  assert.equal(md('<b>&amp;'), '\\<b\\>\\&amp;');
  assert.equal(md('line1\r\nline2\nline3'), 'line1 line2 line3');
  assert.equal(md('C:\\Temp'), 'C:\\\\Temp');
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
    const out = md(s);
    // every special character is preceded by an odd number of backslashes
    return !/(^|[^\\])(\\\\)*[`*_~[\]<>|&!#]/.test(out) && !/[\r\n\u001b]/.test(out);
  }));
});

test('mdCodeBlock() picks a fence longer than any backtick run inside', () => {
  assert.equal(mdCodeBlock('Get-Item `\nx'), '```\nGet-Item `\nx\n```');
  assert.equal(mdCodeBlock('a ``` b ```` c'), '`````\na ``` b ```` c\n`````');
});

test('clip() marks the cut and never splits a surrogate pair', () => {
  assert.equal(clip('abcdef', 4), 'abc…');
  assert.equal(clip('abc', 4), 'abc');
  assert.equal(clip('😀😀😀😀😀', 3), '😀😀…');
});

test('csvCell() quotes per RFC 4180 and defuses formulas', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell('=1+2'), "'=1+2");
  assert.equal(csvCell('+1'), "'+1");
  assert.equal(csvCell('-1'), "'-1");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('\tcmd'), "'\tcmd");
  assert.equal(csvCell('\r=x'), `"'\r=x"`);
  assert.equal(csvCell('=HYPERLINK("http://e","x")'), `"'=HYPERLINK(""http://e"",""x"")"`);
  assert.equal(csvCell(-5), '-5', 'numbers written by rdplens are not text from the logs');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell('\u001b[2J'), '␛[2J');
});

test('csvRow() output parses back to the same cells (formula guard aside)', () => {
  fc.assert(fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 6 }), (cells) => {
    const safe = cells.map((c) => c.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '').replace(/^[=+\-@\t\r]/, 'x'));
    const [row] = parseCsv(csvRow(safe));
    assert.deepEqual(row, safe);
  }));
});

test('timeline axis labels use a readable unit', async () => {
  const { offsetLabel } = await import('../../src/report/svg-timeline.js');
  assert.deepEqual([0, 0.0425, 0.17, 1.5, 42.25, 300, 9000].map(offsetLabel), ['0 s', '+42.5 ms', '+170 ms', '+1.5 s', '+42.3 s', '+5 min', '+2.5 h']);
});
