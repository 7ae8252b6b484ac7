/**
 * One terminal line built from segments. The line is cut to exactly `width` columns here, so Ink
 * never wraps event text into the layout; colour is applied only when the theme allows it.
 */
import { Text } from 'ink';
import { textWidth, truncate } from '../text.js';
import type { Badge, Colour, Theme } from '../theme.js';
import { useTheme } from './ThemeContext.js';

export interface Seg {
  text: string;
  colour?: Colour;
  bold?: boolean;
  dim?: boolean;
}

/** Segments cut so their total width is at most `width`; with `pad`, padded to exactly `width`. */
export function fitSegments(segs: Seg[], width: number, pad = true): Seg[] {
  const out: Seg[] = [];
  let used = 0;
  for (const s of segs) {
    if (used >= width) break;
    const w = textWidth(s.text);
    if (used + w <= width) {
      out.push(s);
      used += w;
    } else {
      const t = truncate(s.text, width - used);
      out.push({ ...s, text: t });
      used += textWidth(t);
      break;
    }
  }
  if (pad && used < width) out.push({ text: ' '.repeat(width - used) });
  return mergeSegments(out);
}

/** Adjacent segments with the same style become one (fewer nodes for Ink to lay out and style). */
function mergeSegments(segs: Seg[]): Seg[] {
  const out: Seg[] = [];
  for (const s of segs) {
    const prev = out[out.length - 1];
    if (prev && prev.colour === s.colour && !!prev.bold === !!s.bold && !!prev.dim === !!s.dim) out[out.length - 1] = { ...prev, text: prev.text + s.text };
    else out.push(s);
  }
  return out;
}

export function badgeSeg(b: Badge | null, width: number): Seg {
  if (!b) return { text: ' '.repeat(width) };
  const t = `[${b.text}]`;
  return { text: t + ' '.repeat(Math.max(0, width - textWidth(t))), colour: b.colour, bold: true };
}

function colourOf(theme: Theme, c: Colour | undefined): string | undefined {
  return theme.colour ? c : undefined;
}

export function Line({ segs, width, selected = false }: { segs: Seg[]; width: number; selected?: boolean }) {
  const theme = useTheme();
  // Only a highlighted line needs padding (its inverse bar spans the pane); panes have fixed widths,
  // so other lines stay short and Ink has fewer cells to style.
  const fitted = fitSegments(segs, width, selected);
  // An empty Text has no height in Ink; a blank line must still take its row.
  const parts = fitted.some((p) => p.text) ? fitted : [{ text: ' ' }];
  return (
    <Text wrap="truncate-end" inverse={selected}>
      {parts.map((p, i) => (
        <Text key={i} color={colourOf(theme, p.colour)} bold={p.bold} dimColor={theme.colour ? p.dim : undefined}>
          {p.text}
        </Text>
      ))}
    </Text>
  );
}

/** A blank line of the given width (keeps pane heights fixed so the layout never jumps). */
export function Blank(_: { width: number }) {
  return <Text> </Text>;
}
