/**
 * The SVG of each chart kind against a golden file (UPDATE_GOLDEN=1 rewrites them after a deliberate
 * change; look at the PNGs before committing), and the drawing rules every chart keeps.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartSpec, chartSvg, THEMES } from '../../src/charts/index.js';
import { ticks } from '../../src/charts/svg.js';
import { chartTimeline } from './fixture.js';

const timeline = chartTimeline();
const GOLDEN = join('test', 'charts', 'golden');

const kinds: { name: string; query: string; compare?: string }[] = [
  { name: 'revisions', query: 'honda tariff impact' },
  { name: 'periods', query: 'honda operating profit' },
  { name: 'revisions-compared', query: 'honda tariff impact', compare: 'nissan tariff impact' },
  { name: 'periods-compared', query: 'honda operating profit', compare: 'nissan operating profit' },
  { name: 'two-panels', query: 'honda operating profit', compare: 'honda tariff impact' },
];

describe('chartSvg', () => {
  for (const k of kinds) {
    it(`GIVEN the ${k.name} chart THEN its SVG matches the golden file`, () => {
      const svg = chartSvg(chartSpec(timeline, k.query, { compare: k.compare }));
      const file = join(GOLDEN, `${k.name}.svg`);
      if (process.env.UPDATE_GOLDEN) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, svg);
      }
      expect(svg).toBe(readFileSync(file, 'utf8'));
    });
  }

  it('GIVEN any chart THEN every value drawn appears as text exactly as stated, with the sources and the log date', () => {
    for (const k of kinds) {
      const spec = chartSpec(timeline, k.query, { compare: k.compare });
      const svg = chartSvg(spec);
      for (const p of spec.panels.flatMap((x) => x.series.flatMap((s) => s.points))) expect(svg).toContain(`>${p.label.replace(/&/g, '&amp;')}</text>`);
      expect(svg).toContain(`Sources: ${spec.publishers.join(', ')}`);
      expect(svg).toContain('from the curated log, 25 Nov 2026');
      expect(svg).toMatch(/^<svg [^>]*width="1200" height="675"/);
    }
  });

  it('GIVEN official and reported statements THEN official markers are filled with the series colour and reported ones hollow', () => {
    const svg = chartSvg(chartSpec(timeline, 'honda tariff impact'), THEMES.light);
    const circles = [...svg.matchAll(/<circle [^>]*>/g)].map((m) => m[0]).filter((c) => !/fill="#57606a"|stroke="#57606a"/.test(c)); // legend keys are grey
    expect(circles).toHaveLength(3);
    expect(circles[0]).toContain('fill="#e0312f"');
    expect(circles[1]).toMatch(/fill="#ffffff" stroke="#e0312f"/);
    expect(circles[2]).toContain('fill="#e0312f"');
  });

  it('GIVEN the dark theme THEN the same chart on a dark background with light text', () => {
    const svg = chartSvg(chartSpec(timeline, 'honda tariff impact'), THEMES.dark);
    expect(svg).toContain(`fill="${THEMES.dark.background}"`);
    expect(svg).toContain(`fill="${THEMES.dark.text}"`);
    expect(svg).not.toContain(`fill="${THEMES.light.text}"`);
  });

  it('GIVEN a value range THEN ticks are round, cover it and include zero', () => {
    expect(ticks(385, 650)).toEqual([0, 200, 400, 600, 800]);
    expect(ticks(-10.1, 1381.9)).toEqual([-500, 0, 500, 1000, 1500]);
    expect(ticks(24, 34)).toEqual([0, 10, 20, 30, 40]);
  });
});
