/**
 * Charts as PNG: the SVG of a ChartSpec rasterised by @resvg/resvg-js (no browser) with the bundled
 * font. Images are kept by (figure ids drawn, log version, theme): a reload of an unchanged log, or the
 * same series asked for in other words, costs a map lookup.
 */
import type { Timeline } from '../timeline/timeline.js';
import { formatDate } from '../timeline/dates.js';
import { chartSpec, companyName, type ChartSpec } from './model.js';
import { chartSvg, FONT_FAMILY, HEIGHT, THEMES, WIDTH, type Theme } from './svg.js';
import { fontFilesFor } from './fonts.js';
import { altTextJa, localiseChartSpec } from '../i18n/ja/chart.js';

export interface ChartImage {
  /** File name for attachments: `chart-<first figure id>[-vs-<id>].png`. */
  name: string;
  png: Buffer;
  svg: string;
  width: number;
  height: number;
  /** Text alternative: the title and every value drawn, with its date and status. */
  alt: string;
  spec: ChartSpec;
}

export interface ChartRequest {
  query: string;
  compare?: string;
  theme?: Theme['name'];
  now?: Date;
  /** 'ja': the chart's words in Japanese (src/i18n/ja/chart.ts); default English. */
  locale?: 'en' | 'ja';
}

/** About 50 KB each. */
const MAX_IMAGES = 64;
const images = new Map<string, ChartImage>();
const queries = new Map<string, string>();

/** Keep the newest `max` entries (a Map iterates in insertion order: the first is the least recently set). */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}

export function altText(spec: ChartSpec): string {
  if (spec.text) return altTextJa(spec);
  const lines = spec.panels.flatMap((p) =>
    p.series.map((s) => `${companyName(s.company)}: ${s.points.map((q) => `${q.label} (${q.period}, stated ${formatDate(q.asOf)}, ${q.status})`).join('; ')}`),
  );
  return [spec.title, ...lines].join('. ').slice(0, 1000);
}

function fileName(spec: ChartSpec): string {
  const firsts = spec.panels.flatMap((p) => p.series.map((s) => s.points[0]?.id)).filter(Boolean);
  return `chart-${firsts.join('-vs-')}`.slice(0, 90).replace(/-+$/, '') + '.png';
}

/** Rasterise an SVG made by chartSvg at its own size (1200×675). */
export async function rasterise(svg: string, text: string): Promise<Buffer> {
  // loaded on the first chart: a bot that draws none never maps the native renderer
  const { Resvg } = await import('@resvg/resvg-js');
  const fontFiles = await fontFilesFor(text);
  const resvg = new Resvg(svg, { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY }, fitTo: { mode: 'original' }, logLevel: 'error' });
  return resvg.render().asPng();
}

/** Every string drawn, for the font subset. */
function textOf(svg: string): string {
  return svg.replace(/<[^>]*>/g, '');
}

/** Render a spec (no caching). */
export async function renderSpec(spec: ChartSpec, theme: Theme['name'] = 'light'): Promise<ChartImage> {
  const svg = chartSvg(spec, THEMES[theme]);
  const png = await rasterise(svg, textOf(svg));
  return { name: fileName(spec), png, svg, width: WIDTH, height: HEIGHT, alt: altText(spec), spec };
}

/** The chart for a query (and optional comparison) on this log. Throws NotInLog. Cached. */
export async function chartFor(timeline: Timeline, req: ChartRequest): Promise<ChartImage> {
  const theme = req.theme ?? 'light';
  // words such as "last year" read relative to the day asked
  const ja = req.locale === 'ja';
  const asked = `${timeline.version}\u0000${req.query}\u0000${req.compare ?? ''}\u0000${theme}\u0000${(req.now ?? new Date()).toISOString().slice(0, 10)}${ja ? '\u0000ja' : ''}`;
  const known = queries.get(asked);
  const cached = known !== undefined ? images.get(known) : undefined;
  if (cached) {
    remember(images, known!, cached, MAX_IMAGES);
    return cached;
  }
  const english = chartSpec(timeline, req.query, { compare: req.compare, now: req.now });
  const spec = ja ? localiseChartSpec(english, timeline) : english;
  const key = `${timeline.version}\u0000${spec.figureIds.join(',')}\u0000${spec.panels.length}\u0000${theme}${ja ? '\u0000ja' : ''}`;
  let image = images.get(key);
  if (!image) {
    image = await renderSpec(spec, theme);
    remember(images, key, image, MAX_IMAGES);
  }
  remember(queries, asked, key, MAX_IMAGES * 4);
  return image;
}

/** Forget every cached image (tests, and the bench's uncached runs). */
export function clearChartCache(): void {
  images.clear();
  queries.clear();
}
