/** Charts drawn in Japanese (src/i18n/ja/chart.ts through chartFor): the same figures, Japanese words, exact yen. */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadTimelineFile } from '../../../src/timeline/store.js';
import { chartFor } from '../../../src/charts/index.js';
import { formatValueJa } from '../../../src/i18n/ja/format.js';
import { unitJa } from '../../../src/i18n/ja/chart.js';

const loaded = loadTimelineFile(resolve(import.meta.dirname, '../../../data/events.json'));
if (!loaded.ok) throw new Error(loaded.error.message);
const timeline = loaded.timeline;
const now = new Date('2026-06-01T00:00:00Z');

describe('GIVEN a chart asked for in Japanese', () => {
  it('WHEN drawn THEN the same figures as in English, with Japanese title, values, legend, unit, dates and footnote', async () => {
    const en = await chartFor(timeline, { query: 'honda tariff impact', now });
    const ja = await chartFor(timeline, { query: 'honda tariff impact', now, locale: 'ja' });
    expect(ja.spec.figureIds).toEqual(en.spec.figureIds);
    expect(ja.spec.title).toMatch(/^ホンダの.*関税影響 — 2025年度/);
    for (const id of ja.spec.figureIds) expect(ja.svg).toContain(formatValueJa(timeline.figureById.get(id)!.figure));
    for (const word of ['公式', '報道', '単位: 10億円', '出典: ', '出典付きの記録より', '2025年11月7日']) expect(ja.svg).toContain(word);
    expect(ja.alt).toMatch(/^ホンダの/);
    expect(ja.png.equals(en.png)).toBe(false);
    expect(en.svg).not.toMatch(/[\u3040-\u30ff]/);
    expect(en.svg).toContain('official');
  });

  it('WHEN two companies are compared by period THEN both series in Japanese under one title', async () => {
    const ja = await chartFor(timeline, { query: 'honda operating profit', compare: 'nissan operating profit', now, locale: 'ja' });
    expect(ja.spec.title).toBe('ホンダの営業利益 対 日産の営業利益');
    expect(ja.spec.subtitle).toBe('期間ごとの最新の発表');
    expect(ja.svg).toContain('2024年度');
  });

  it('WHEN a unit is named THEN the axis reads in the first series’ scale, so 385 on a 10億円 axis is 3,850億円', () => {
    expect(unitJa('JPY', 'billion')).toBe('単位: 10億円');
    expect(unitJa('JPY', 'trillion')).toBe('単位: 兆円');
    expect(unitJa('percent')).toBe('単位: %');
    expect(unitJa('vehicles', 'thousand')).toBe('単位: 千台');
  });
});
