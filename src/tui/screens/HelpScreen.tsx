/** Key help, generated from the keymap table (the same table that dispatches keys). */
import { Box } from 'ink';
import { useLayoutEffect } from 'react';
import { Blank, Line, type Seg } from '../components/Line.js';
import { helpLines } from '../keymap.js';
import type { Screen } from '../state.js';
import { fit } from '../text.js';
import { FAMILY_BADGES, EVIDENCE_MARK } from '../theme.js';
import type { ScreenProps } from './types.js';

type HelpState = Extract<Screen, { kind: 'help' }>;

export function helpText(): Seg[][] {
  const out: Seg[][] = [];
  let cat = '';
  for (const h of helpLines()) {
    if (h.category !== cat) {
      if (cat) out.push([]);
      out.push([{ text: h.category, bold: true }]);
      cat = h.category;
    }
    out.push([{ text: `  ${fit(h.keys, 10)}` , bold: true }, { text: h.description }]);
  }
  out.push([]);
  out.push([{ text: 'Marks', bold: true }]);
  for (const [family, b] of Object.entries(FAMILY_BADGES)) out.push([{ text: '  ' }, { text: fit(`[${b.text}]`, 10), colour: b.colour, bold: true }, { text: `${family} event` }]);
  out.push([{ text: '  ' }, { text: fit(EVIDENCE_MARK, 10), colour: 'yellow', bold: true }, { text: 'evidence of a finding (attempt or event)' }]);
  out.push([{ text: '  ' }, { text: fit('=', 10), colour: 'cyan', bold: true }, { text: 'timeline event matching the filter (n/N jump)' }]);
  return out;
}

export function HelpScreen({ screen, width, height, register }: ScreenProps<HelpState>) {
  const lines = helpText();
  const positions = Math.max(1, lines.length - height + 1);
  useLayoutEffect(() => {
    register({ kind: 'help', loading: false, total: positions, pageSize: height });
  });
  const shown = lines.slice(Math.min(screen.scroll, positions - 1)).slice(0, height);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {shown.map((segs, i) => (
        <Line key={i} width={width} segs={segs} />
      ))}
      {Array.from({ length: Math.max(0, height - shown.length) }, (_, i) => (
        <Blank key={`b${i}`} width={width} />
      ))}
    </Box>
  );
}
