/** Text helpers for laying out chart SVG: width estimates for the bundled font, XML escaping, fitting. Pure. */

/** Escape text for SVG content and attribute values. */
export function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// Advance widths of Noto Sans JP (em fractions), close enough to place labels without measuring the font.
const NARROW = /[il.,:;'|!\s·]/;
const WIDE = /[MW@%mw—]/;
const FULL = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uff60\u3000-\u303f]/;

/** Estimated width in px of `s` at `size` px. */
export function textWidth(s: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of s) {
    if (FULL.test(ch)) em += 1;
    else if (NARROW.test(ch)) em += 0.27;
    else if (WIDE.test(ch)) em += 0.85;
    else if (/[A-Z0-9¥$€]/.test(ch)) em += 0.6;
    else em += 0.53;
  }
  return em * size * (bold ? 1.05 : 1);
}

/** The largest size ≤ `size` (down to `min`) at which `s` fits `width`; then cut with "…" if it still does not. */
export function fit(s: string, width: number, size: number, min: number, bold = false): { text: string; size: number } {
  let z = size;
  while (z > min && textWidth(s, z, bold) > width) z -= 1;
  if (textWidth(s, z, bold) <= width) return { text: s, size: z };
  let cut = s;
  while (cut.length > 1 && textWidth(`${cut}…`, z, bold) > width) cut = cut.slice(0, -1);
  return { text: `${cut.trimEnd()}…`, size: z };
}

/** Split words into at most `lines` lines of at most `width` px; the last line is cut with "…" when needed. */
export function wrap(s: string, width: number, size: number, lines: number, bold = false): string[] {
  const words = s.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    const next = line ? `${line} ${words[i]}` : words[i];
    if (textWidth(next, size, bold) <= width || !line) {
      line = next;
      continue;
    }
    if (out.length === lines - 1) {
      out.push(fit(`${line} ${words.slice(i).join(' ')}`, width, size, size, bold).text);
      return out;
    }
    out.push(line);
    line = words[i];
  }
  if (line) out.push(out.length === lines - 1 ? fit(line, width, size, size, bold).text : line);
  return out;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function overlaps(a: Box, b: Box, gap = 2): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}
