/** PNG output: decodes to 1200×675 and is not blank, with the bundled font (Japanese too); the cache by ids and log version. */
import { describe, expect, it } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import { chartFor, clearChartCache, renderSpec, chartSpec } from '../../src/charts/index.js';
import { Timeline } from '../../src/timeline/timeline.js';
import { chartEvents, chartTimeline } from './fixture.js';

/** Decode a PNG into RGBA pixels with resvg itself (an <image> of it), so the test needs no second decoder. */
function decode(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  const img = new Resvg(svg).render();
  return { width, height, pixels: img.pixels };
}

/** Share of pixels that differ from the background colour, and the distinct colours seen. */
function ink(pixels: Buffer, background: [number, number, number]): { share: number; colours: Set<string> } {
  let differ = 0;
  const colours = new Set<string>();
  for (let i = 0; i < pixels.length; i += 4) {
    const [r, g, b, a] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
    if (a === 0) continue;
    if (Math.abs(r - background[0]) + Math.abs(g - background[1]) + Math.abs(b - background[2]) > 30) differ++;
    colours.add(`${r >> 4},${g >> 4},${b >> 4}`);
  }
  return { share: differ / (pixels.length / 4), colours };
}

describe('chart PNGs', () => {
  it('GIVEN a chart THEN the PNG decodes to 1200×675, is not blank, and shows the series colour', async () => {
    const image = await chartFor(chartTimeline(), { query: 'honda tariff impact' });
    const { width, height, pixels } = decode(image.png);
    expect([width, height]).toEqual([1200, 675]);
    const seen = ink(pixels, [255, 255, 255]);
    expect(seen.share).toBeGreaterThan(0.01);
    expect(seen.share).toBeLessThan(0.5);
    expect(seen.colours.has(`${0xe0 >> 4},${0x31 >> 4},${0x2f >> 4}`)).toBe(true);
    expect(image.name).toBe('chart-honda-tariff-may.png');
    expect(image.alt).toContain('¥650 billion (FY ending Mar 2026, stated 13 May 2025, official)');
  });

  it('GIVEN the dark theme THEN a dark picture with light text', async () => {
    const image = await chartFor(chartTimeline(), { query: 'honda operating profit', compare: 'nissan operating profit', theme: 'dark' });
    const seen = ink(decode(image.png).pixels, [0x1e, 0x1f, 0x22]);
    expect(seen.share).toBeGreaterThan(0.01);
    expect(seen.colours.has('15,15,15')).toBe(true); // near-white text
  });

  it('GIVEN labels in Japanese THEN they render with the bundled font (glyphs, not empty boxes)', async () => {
    const events = chartEvents().map((e) => ({ ...e, figures: e.figures.map((f) => ({ ...f, label: f.label.replace('Honda tariff impact estimate', 'ホンダの関税影響見通し') })) }));
    const spec = chartSpec(new Timeline({ events }, 'ja'), 'honda-tariff-may');
    expect(spec.title).toContain('ホンダの関税影響見通し');
    const without = await renderSpec({ ...spec, title: '' });
    const japanese = await renderSpec(spec);
    const a = ink(decode(without.png).pixels, [255, 255, 255]).share;
    const b = ink(decode(japanese.png).pixels, [255, 255, 255]).share;
    // resvg draws nothing for a glyph no font has: the title's ink shows the kanji and kana were drawn
    expect(b - a).toBeGreaterThan(0.003);
  });

  it('GIVEN the same series asked twice, or in other words THEN the cached image; a new log version THEN a new one', async () => {
    clearChartCache();
    const t = chartTimeline('v1');
    const first = await chartFor(t, { query: 'honda tariff impact' });
    expect(await chartFor(t, { query: 'honda tariff impact' })).toBe(first);
    expect(await chartFor(t, { query: 'honda-tariff-nov' })).toBe(first);
    expect(await chartFor(t, { query: 'honda tariff impact', theme: 'dark' })).not.toBe(first);
    const next = await chartFor(chartTimeline('v2'), { query: 'honda tariff impact' });
    expect(next).not.toBe(first);
    expect(next.png.equals(first.png)).toBe(true);
  });
});
