/**
 * A ChartSpec as a 1200×675 SVG, drawn by hand (a few dozen elements; a grammar such as vega-lite
 * would bring a large dependency for two chart kinds). Revisions: a step line over the dates each
 * value was stated. Periods: bars, grouped when two series share a panel. Official values filled,
 * reported ones hollow; every point labelled with its value exactly as stated. Pure and deterministic:
 * the same spec gives the same bytes (golden tests rely on it).
 */
import { startOf, endOf } from '../timeline/dates.js';
import { CHART_TEXT, type ChartPanel, type ChartPoint, type ChartSeries, type ChartSpec, type ChartText } from './model.js';
import { fit, overlaps, textWidth, wrap, xml, type Box } from './text.js';

export const WIDTH = 1200;
export const HEIGHT = 675;
export const FONT_FAMILY = 'Noto Sans JP';

export interface Theme {
  name: 'light' | 'dark';
  background: string;
  text: string;
  muted: string;
  grid: string;
  axis: string;
}

export const THEMES: Record<Theme['name'], Theme> = {
  light: { name: 'light', background: '#ffffff', text: '#1f2328', muted: '#57606a', grid: '#e1e4e8', axis: '#8c959f' },
  dark: { name: 'dark', background: '#1e1f22', text: '#f2f3f5', muted: '#b5bac1', grid: '#3a3c42', axis: '#80848e' },
};

/**
 * Each company in its own colour, chosen to read on both themes; other companies, and a company's second
 * series, take the next free one — the companies' own colours last, so red still means Honda.
 */
const COMPANY_COLOURS: Record<string, string> = { honda: '#e0312f', nissan: '#2f7be0' };
const PALETTE = ['#14a38b', '#b45fd6', '#e08a1a', '#e0312f', '#2f7be0'];

export function seriesColours(series: readonly ChartSeries[]): string[] {
  const used = new Set<string>();
  return series.map((s) => {
    const own = COMPANY_COLOURS[s.company.toLowerCase()];
    const c = own && !used.has(own) ? own : (PALETTE.find((p) => !used.has(p)) ?? PALETTE[0]);
    used.add(c);
    return c;
  });
}

const SCALE_FACTOR: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** Axis ticks: round steps (1, 2, 2.5, 5 × 10ⁿ) covering [lo, hi], always including 0. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  const low = Math.min(0, lo);
  const high = Math.max(0, hi);
  const span = high - low || Math.abs(high) || 1;
  const raw = span / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const out: number[] = [];
  for (let v = Math.floor(low / step) * step; v <= high + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  if (out[out.length - 1] < high) out.push(Number((out[out.length - 1] + step).toPrecision(12)));
  return out;
}

interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
}

class Canvas {
  readonly parts: string[] = [];
  readonly boxes: Box[] = [];
  constructor(readonly theme: Theme) {}
  text(x: number, y: number, s: string, o: { size: number; bold?: boolean; fill?: string; anchor?: 'start' | 'middle' | 'end'; halo?: boolean }): void {
    const anchor = o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : '';
    const weight = o.bold ? ' font-weight="700"' : '';
    const halo = o.halo ? ` stroke="${this.theme.background}" stroke-width="4" stroke-linejoin="round" paint-order="stroke"` : '';
    this.parts.push(`<text x="${r(x)}" y="${r(y)}" font-size="${o.size}"${weight}${anchor} fill="${o.fill ?? this.theme.text}"${halo}>${xml(s)}</text>`);
  }
  add(svg: string): void {
    this.parts.push(svg);
  }
}

const r = (n: number) => String(Math.round(n * 10) / 10);

function marker(c: Canvas, x: number, y: number, colour: string, status: ChartPoint['status'], radius = 7): void {
  if (status === 'official') c.add(`<circle cx="${r(x)}" cy="${r(y)}" r="${radius}" fill="${colour}" stroke="${c.theme.background}" stroke-width="2"/>`);
  else c.add(`<circle cx="${r(x)}" cy="${r(y)}" r="${radius - 1}" fill="${c.theme.background}" stroke="${colour}" stroke-width="3"/>`);
}

/** Overlap area of `box` with the boxes already placed. */
function crowding(c: Canvas, box: Box): number {
  let area = 0;
  for (const b of c.boxes) {
    if (!overlaps(b, box)) continue;
    area += (Math.min(b.x + b.w, box.x + box.w) - Math.max(b.x, box.x) + 2) * (Math.min(b.y + b.h, box.y + box.h) - Math.max(b.y, box.y) + 2);
  }
  return area;
}

/** Place a one- or two-line label near (x, y): above or below first, then further out or beside; the least crowded spot wins. */
function placeLabel(c: Canvas, frame: Frame, x: number, y: number, lines: { s: string; size: number; bold?: boolean; fill?: string }[], prefer: 'above' | 'below'): void {
  const w = Math.max(...lines.map((l) => textWidth(l.s, l.size, l.bold)));
  const h = lines.reduce((n, l) => n + l.size + 3, 0);
  const up = [-14 - h, -30 - h, -46 - h, -62 - h];
  const down = [14, 30, 46, 62];
  const vertical = prefer === 'above' ? [up[0], down[0], up[1], down[1], up[2], down[2], up[3], down[3]] : [down[0], up[0], down[1], up[1], down[2], up[2], down[3], up[3]];
  const centre = (dx: number) => Math.min(Math.max(x + dx - w / 2, frame.x - 60), frame.x + frame.w - w + 10);
  const spots: Box[] = [];
  for (const dx of [0, w / 2 + 12, -(w / 2 + 12)]) for (const dy of dx === 0 ? vertical : [-h / 2]) spots.push({ x: centre(dx), y: y + dy, w, h });
  let best: Box | undefined;
  let least = Infinity;
  for (const box of spots) {
    if (box.y < frame.y - 30 || box.y + h > frame.y + frame.h + 2) continue;
    const crowd = crowding(c, box);
    if (crowd < least) {
      least = crowd;
      best = box;
      if (crowd === 0) break;
    }
  }
  const spot = best ?? spots[0];
  // a label that has to sit over a line or another label gets a halo of background colour (stroked text costs render time)
  const halo = least > 0;
  c.boxes.push(spot);
  let base = spot.y;
  for (const l of lines) {
    base += l.size;
    c.text(spot.x + w / 2, base, l.s, { size: l.size, bold: l.bold, fill: l.fill, anchor: 'middle', halo });
    base += 3;
  }
}

function yAxis(c: Canvas, f: Frame, panel: ChartPanel, T: ChartText): (m: number) => number {
  const mags = panel.series.flatMap((s) => s.points.flatMap((p) => [p.magnitude, p.magnitudeHigh ?? p.magnitude]));
  const factor = SCALE_FACTOR[panel.series[0].scale ?? ''] ?? 1;
  const lo0 = Math.min(...mags) / factor;
  const hi0 = Math.max(...mags) / factor;
  // headroom above the highest value (and below the lowest) for its label
  const t = ticks(lo0 < 0 ? lo0 - (hi0 - lo0) * 0.12 : lo0, hi0 > 0 ? hi0 + (hi0 - Math.min(0, lo0)) * 0.12 : hi0);
  const lo = t[0];
  const hi = t[t.length - 1];
  const y = (m: number) => f.y + f.h - ((m / factor - lo) / (hi - lo || 1)) * f.h;
  for (const v of t) {
    const yy = y(v * factor);
    c.add(`<line x1="${r(f.x)}" y1="${r(yy)}" x2="${r(f.x + f.w)}" y2="${r(yy)}" stroke="${v === 0 ? c.theme.axis : c.theme.grid}" stroke-width="${v === 0 ? 1.5 : 1}"/>`);
    c.text(f.x - 10, yy + 6, NUMBER.format(v), { size: 16, fill: c.theme.muted, anchor: 'end' });
  }
  const unit = T.unit(panel.unit, panel.series[0].scale);
  c.text(f.x - 10, f.y - 24, unit, { size: 16, fill: c.theme.muted, anchor: 'start' });
  c.boxes.push({ x: f.x - 10, y: f.y - 40, w: textWidth(unit, 16), h: 20 });
  return y;
}

const DAY = 86_400_000;
const mid = (d: string) => (startOf(d).getTime() + endOf(d).getTime()) / 2;

function drawRevisions(c: Canvas, f: Frame, panel: ChartPanel, colours: string[], T: ChartText): void {
  const y = yAxis(c, f, panel, T);
  const all = panel.series.flatMap((s) => s.points);
  const t0 = Math.min(...all.map((p) => startOf(p.asOf).getTime()));
  const t1 = Math.max(...all.map((p) => endOf(p.asOf).getTime()));
  const span = Math.max(t1 - t0, 30 * DAY);
  // statements within a few days of each other stand in the middle, not at the left edge
  const shift = (span - (t1 - t0)) / 2;
  const padL = 70;
  const padR = Math.min(170, f.w * 0.18);
  const x = (t: number) => f.x + padL + ((t - t0 + shift) / span) * (f.w - padL - padR);
  // month ticks, at most ~7
  const months = Math.max(1, Math.round(span / (30.44 * DAY)));
  const most = Math.max(2, Math.floor(f.w / 105));
  const step = [1, 2, 3, 6, 12, 24, 60].find((s) => months / s <= most) ?? 120;
  const first = new Date(t0);
  for (let m = Math.floor((first.getUTCFullYear() * 12 + first.getUTCMonth()) / step) * step; ; m += step) {
    const t = Date.UTC(Math.floor(m / 12), m % 12, 1);
    if (t > t1 + 15 * DAY) break;
    if (t < t0 - 45 * DAY) continue;
    const xx = x(t);
    if (xx < f.x || xx > f.x + f.w) continue;
    c.add(`<line x1="${r(xx)}" y1="${r(f.y + f.h)}" x2="${r(xx)}" y2="${r(f.y + f.h + 6)}" stroke="${c.theme.axis}" stroke-width="1"/>`);
    const iso = `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    c.text(xx, f.y + f.h + 24, step >= 12 ? iso.slice(0, 4) : T.month(iso), { size: 16, fill: c.theme.muted, anchor: 'middle' });
  }
  panel.series.forEach((s, i) => {
    // one step per date; where sources state different values on the same date the line breaks there,
    // as the log holds no single value for that date (the points stand, each labelled)
    const dates = [...new Set(s.points.map((p) => p.asOf))].map((asOf) => {
      const same = s.points.filter((p) => p.asOf === asOf);
      const values = new Set(same.map((p) => `${p.magnitude}|${p.magnitudeHigh}`));
      const p = same[0];
      return { x: x(mid(asOf)), y: values.size === 1 ? y(p.magnitudeHigh !== undefined ? (p.magnitude + p.magnitudeHigh) / 2 : p.magnitude) : undefined };
    });
    let d = '';
    let prev: { x: number; y: number } | undefined;
    for (const q of dates) {
      if (q.y === undefined) {
        prev = undefined;
        continue;
      }
      if (prev) {
        d += ` H${r(q.x)} V${r(q.y)}`;
        c.boxes.push({ x: prev.x, y: prev.y - 2, w: q.x - prev.x, h: 4 }, { x: q.x - 2, y: Math.min(prev.y, q.y), w: 4, h: Math.abs(q.y - prev.y) });
      } else d += ` M${r(q.x)} ${r(q.y)}`;
      prev = { x: q.x, y: q.y };
    }
    if (d.includes('H')) c.add(`<path d="${d.trim()}" fill="none" stroke="${colours[i]}" stroke-width="3.5" stroke-linejoin="round"/>`);
    const last = dates[dates.length - 1];
    // the latest value holds until the log says otherwise
    if (last.y !== undefined) c.add(`<path d="M${r(last.x)} ${r(last.y)} H${r(f.x + f.w - 6)}" fill="none" stroke="${colours[i]}" stroke-width="3" stroke-dasharray="6 6"/>`);
  });
  panel.series.forEach((s, i) => {
    for (const p of s.points) {
      const xx = x(mid(p.asOf));
      if (p.magnitudeHigh !== undefined) {
        const [a, b] = [y(p.magnitudeHigh), y(p.magnitude)];
        const fill = p.status === 'official' ? colours[i] : c.theme.background;
        c.add(`<rect x="${r(xx - 6)}" y="${r(a - 6)}" width="12" height="${r(b - a + 12)}" rx="6" fill="${fill}" stroke="${colours[i]}" stroke-width="3"/>`);
        c.boxes.push({ x: xx - 8, y: a - 8, w: 16, h: b - a + 16 });
      } else {
        marker(c, xx, y(p.magnitude), colours[i], p.status);
        c.boxes.push({ x: xx - 8, y: y(p.magnitude) - 8, w: 16, h: 16 });
      }
    }
  });
  panel.series.forEach((s, i) => {
    for (const p of s.points) {
      const top = y(p.magnitudeHigh ?? p.magnitude);
      placeLabel(c, f, x(mid(p.asOf)), top, [
        { s: p.label, size: 20, bold: true, fill: panel.series.length > 1 ? colours[i] : c.theme.text },
        { s: T.date(p.asOf), size: 15, fill: c.theme.muted },
      ], i === 1 && panel.series.length > 1 ? 'below' : 'above');
    }
  });
}

function drawPeriods(c: Canvas, f: Frame, panel: ChartPanel, colours: string[], T: ChartText): void {
  const y = yAxis(c, f, panel, T);
  const keyOf = (p: ChartPoint) => (p.periodStart !== undefined ? `m${p.periodStart}` : `t${p.period}`);
  const cats = new Map<string, { label: string; order: number }>();
  for (const s of panel.series) for (const p of s.points) if (!cats.has(keyOf(p))) cats.set(keyOf(p), { label: p.period, order: p.periodStart ?? Number.MAX_SAFE_INTEGER });
  const order = [...cats.entries()].sort((a, b) => a[1].order - b[1].order);
  const groupW = f.w / order.length;
  const n = panel.series.length;
  const barW = Math.min(110 / n, (groupW * 0.62) / n);
  // side by side, each bar gets a slot as wide as its label where the group has room, so labels stand over their own bar
  const labelW = Math.max(...panel.series.flatMap((s) => s.points.map((p) => textWidth(p.label, n > 1 || order.length > 5 ? 17 : 20, true))));
  const slot = Math.max(barW, Math.min(labelW + 10, (groupW - 8) / n));
  const zero = y(0);
  order.forEach(([key, cat], gi) => {
    const cx = f.x + groupW * (gi + 0.5);
    const lines = wrap(cat.label, groupW - 8, 17, 2);
    lines.forEach((l, li) => c.text(cx, f.y + f.h + 26 + li * 21, l, { size: 17, fill: c.theme.muted, anchor: 'middle' }));
    panel.series.forEach((s, si) => {
      const p = s.points.find((q) => keyOf(q) === key);
      if (!p) return;
      const bx = cx - (n * slot) / 2 + si * slot + (slot - barW) / 2 + 3;
      const w = barW - 6;
      const top = Math.min(zero, y(p.magnitude));
      const h = Math.max(1, Math.abs(zero - y(p.magnitude)));
      if (p.status === 'official') c.add(`<rect x="${r(bx)}" y="${r(top)}" width="${r(w)}" height="${r(h)}" rx="3" fill="${colours[si]}"/>`);
      else c.add(`<rect x="${r(bx + 1.5)}" y="${r(top + 1.5)}" width="${r(w - 3)}" height="${r(Math.max(1, h - 3))}" rx="3" fill="${c.theme.background}" stroke="${colours[si]}" stroke-width="3"/>`);
      if (p.magnitudeHigh !== undefined) {
        // the range the source gives: a bracket from the low to the high value
        const yh = y(p.magnitudeHigh);
        const yl = y(p.magnitude);
        c.add(`<path d="M${r(bx + w / 2 - 10)} ${r(yh)} H${r(bx + w / 2 + 10)} M${r(bx + w / 2)} ${r(yh)} V${r(yl)}" stroke="${colours[si]}" stroke-width="3" fill="none"/>`);
      }
      c.boxes.push({ x: bx, y: top, w, h });
      const negative = p.magnitude < 0;
      const anchorY = negative ? zero + h : y(p.magnitudeHigh ?? p.magnitude);
      placeLabel(c, f, bx + w / 2, anchorY, [
        { s: p.label, size: n > 1 || order.length > 5 ? 17 : 20, bold: true, fill: n > 1 ? colours[si] : c.theme.text },
        { s: T.stated(p.asOf), size: 14, fill: c.theme.muted },
      ], negative ? 'below' : 'above');
    });
  });
}

function legend(c: Canvas, spec: ChartSpec, colours: string[][], y: number, T: ChartText): void {
  let x = 48;
  spec.panels.forEach((panel, pi) =>
    panel.series.forEach((s, si) => {
      const both = spec.panels.length > 1 || panel.series.length > 1;
      // (a label in another language names the company in that language: ホンダの営業利益)
      const named = s.label.toLowerCase().includes(s.company.toLowerCase()) || (T !== CHART_TEXT && s.label.includes(T.company(s.company)));
      const name = both ? (named ? s.label : `${T.company(s.company)}: ${s.label}`) : T.company(s.company);
      const text = fit(name, 400, 17, 14).text;
      c.add(`<rect x="${r(x)}" y="${y - 12}" width="24" height="7" rx="3.5" fill="${colours[pi][si]}"/>`);
      c.text(x + 32, y - 2, text, { size: 17 });
      x += 32 + textWidth(text, 17) + 30;
    }),
  );
  const ink = c.theme.muted;
  const keyW = 20 + textWidth(T.official, 17) + 26 + 20 + textWidth(T.reported, 17);
  x = Math.max(x, WIDTH - 48 - keyW);
  c.add(`<circle cx="${r(x + 8)}" cy="${y - 8}" r="8" fill="${ink}"/>`);
  c.text(x + 22, y - 2, T.official, { size: 17, fill: ink });
  const x2 = x + 22 + textWidth(T.official, 17) + 26;
  c.add(`<circle cx="${r(x2 + 7)}" cy="${y - 8}" r="7" fill="${c.theme.background}" stroke="${ink}" stroke-width="3"/>`);
  c.text(x2 + 22, y - 2, T.reported, { size: 17, fill: ink });
}

/** The chart as an SVG document. */
export function chartSvg(spec: ChartSpec, theme: Theme = THEMES.light): string {
  const c = new Canvas(theme);
  const T = spec.text ?? CHART_TEXT;
  const colours = spec.panels.map((p) => seriesColours(p.series));
  if (spec.panels.length === 2 && colours[1][0] === colours[0][0]) colours[1] = seriesColours([...spec.panels[0].series, ...spec.panels[1].series]).slice(1);
  const title = fit(spec.title, WIDTH - 96, 34, 22, true);
  c.text(48, 60, title.text, { size: title.size, bold: true });
  c.text(48, 94, fit(spec.subtitle, WIDTH - 96, 20, 15).text, { size: 20, fill: theme.muted });
  legend(c, spec, colours, 134, T);
  const top = 196;
  const bottom = spec.notDrawn.length ? 516 : 536;
  const left = 112;
  const right = WIDTH - 48;
  const gap = 110;
  const w = spec.panels.length === 2 ? (right - left - gap) / 2 : right - left;
  spec.panels.forEach((panel, i) => {
    const frame = { x: left + i * (w + gap), y: top, w, h: bottom - top };
    c.boxes.length = 0;
    if (panel.kind === 'revisions') drawRevisions(c, frame, panel, colours[i], T);
    else drawPeriods(c, frame, panel, colours[i], T);
  });
  let fy = 616;
  if (spec.notDrawn.length) {
    c.text(48, 594, fit(T.notDrawn(spec.notDrawn.join('; ')), WIDTH - 96, 15, 15).text, { size: 15, fill: theme.muted });
    fy = 618;
  }
  const sources = T.sources(spec.publishers);
  wrap(sources, WIDTH - 96, 15, 2).forEach((l, i) => c.text(48, fy + i * 20, l, { size: 15, fill: theme.muted }));
  c.text(48, HEIGHT - 14, T.footnote(spec.logDate), { size: 15, fill: theme.muted });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="${FONT_FAMILY}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" rx="16" fill="${theme.background}"/>`,
    ...c.parts,
    '</svg>',
  ].join('\n');
}
