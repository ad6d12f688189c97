/** What a chart shows: revisions vs periods, comparisons, units, and a query the log does not hold. */
import { describe, expect, it } from 'vitest';
import { chartSpec, chartSvg, NotInLog } from '../../src/charts/index.js';
import { Timeline } from '../../src/timeline/timeline.js';
import { chartEvents } from './fixture.js';
import { chartTimeline } from './fixture.js';

const timeline = chartTimeline();
const ids = (spec: ReturnType<typeof chartSpec>) => spec.panels.map((p) => p.series.map((s) => s.points.map((q) => q.id)));

describe('chartSpec', () => {
  it('GIVEN a figure revised over time THEN one step series, oldest statement first, each labelled exactly as stated with its status', () => {
    const spec = chartSpec(timeline, 'honda tariff impact');
    expect(spec.panels).toHaveLength(1);
    expect(spec.panels[0].kind).toBe('revisions');
    const [s] = spec.panels[0].series;
    expect(s.points.map((p) => [p.id, p.label, p.status, p.asOf])).toEqual([
      ['honda-tariff-may', '¥650 billion', 'official', '2025-05-13'],
      ['honda-tariff-aug', '¥450 billion', 'reported', '2025-08-06'],
      ['honda-tariff-nov', '¥385 billion', 'official', '2025-11-07'],
    ]);
    expect(spec.title).toBe('Honda tariff impact estimate — FY ending Mar 2026');
    expect(spec.logDate).toBe('2026-11-25');
  });

  it('GIVEN a statement in another unit THEN it is not drawn and the chart says so, naming it exactly', () => {
    const spec = chartSpec(timeline, 'honda tariff impact');
    expect(spec.figureIds).not.toContain('honda-tariff-jul');
    expect(spec.notDrawn).toEqual(['$4.4 billion (Honda, FY ending Mar 2026, stated 14 Jul 2025, reported) — another unit']);
    expect(spec.publishers).toEqual(['Honda', 'Nikkei']);
  });

  it('GIVEN a figure stated once per period THEN bars for the periods of the same length, in period order; the quarter stays out', () => {
    const spec = chartSpec(timeline, 'honda operating profit');
    expect(spec.panels[0].kind).toBe('periods');
    expect(ids(spec)).toEqual([[['honda-op-fy2023', 'honda-op-fy2024', 'honda-op-fy2025']]]);
    // mixed scales and a range keep their own words; only the axis position is computed
    expect(spec.panels[0].series[0].points.map((p) => [p.label, p.magnitude])).toEqual([
      ['¥1,381.9 billion', 1381.9e9],
      ['¥1.21 trillion', 1.21e12],
      ['¥700–750 billion', 700e9],
    ]);
  });

  it('GIVEN a comparison in the same unit and kind THEN one panel with both series; revisions beside revisions of the same period', () => {
    const spec = chartSpec(timeline, 'honda tariff impact', { compare: 'nissan tariff impact' });
    expect(spec.panels).toHaveLength(1);
    expect(ids(spec)).toEqual([[['honda-tariff-may', 'honda-tariff-aug', 'honda-tariff-nov'], ['nissan-tariff-may', 'nissan-tariff-nov']]]);
    expect(spec.panels[0].series[1].points[0].label).toBe('up to ¥450 billion');
    expect(spec.title).toBe('Honda tariff impact estimate vs Nissan tariff impact estimate — FY ending Mar 2026');
    const bars = chartSpec(timeline, 'honda operating profit', { compare: 'nissan operating profit' });
    expect(bars.panels).toHaveLength(1);
    expect(bars.panels[0].series[1].points.map((p) => p.label)).toEqual(['¥568.7 billion', '¥69.8 billion', '-¥10.1 billion']);
  });

  it('GIVEN a comparison of different kinds THEN two panels side by side, each with its own axis', () => {
    const spec = chartSpec(timeline, 'honda operating profit', { compare: 'honda tariff impact' });
    expect(spec.panels.map((p) => p.kind)).toEqual(['periods', 'revisions']);
  });

  it('GIVEN a figure id (from autocomplete or the Chart button) THEN the same series as the words', () => {
    expect(ids(chartSpec(timeline, 'honda-tariff-nov'))).toEqual(ids(chartSpec(timeline, 'honda tariff impact')));
  });

  it('GIVEN a query the log does not hold THEN NotInLog, for the query and for the comparison', () => {
    expect(() => chartSpec(timeline, 'zebra unicorn figures')).toThrow(NotInLog);
    expect(() => chartSpec(timeline, 'honda tariff impact', { compare: 'zebra unicorn figures' })).toThrow(NotInLog);
  });

  it('GIVEN two sources stating different values on the same date THEN both are drawn and labelled, the subtitle says so, and no step joins them', () => {
    const events = chartEvents().map((e) =>
      e.id === 'event-4' ? { ...e, figures: [...e.figures, { ...e.figures[0], id: 'honda-tariff-nov-other', value: 400 }] } : e,
    );
    const spec = chartSpec(new Timeline({ events }, 'differ'), 'honda tariff impact');
    expect(spec.subtitle).toBe('4 statements, by the date each was stated; sources differ on 7 Nov 2025');
    const svg = chartSvg(spec);
    expect(svg).toContain('>¥400 billion</text>');
    expect(svg).toContain('>¥385 billion</text>');
    // the line stops at the last date the log holds one value for, and nothing continues from the disputed date
    expect(svg).not.toContain('stroke-dasharray');
  });
});
