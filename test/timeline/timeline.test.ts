import { describe, it, expect } from 'vitest';
import { realTimeline, fixtureLog, fixtureEvent } from '../helpers/fixture.js';
import { Timeline, seriesKey, fold, coverageSentence, bestTierFirst, type FigureRecord } from '../../src/timeline/timeline.js';
import { within } from '../../src/timeline/dates.js';

const timeline = realTimeline();

function record(id: string): FigureRecord {
  const r = timeline.figureById.get(id);
  if (!r) throw new Error(`figure ${id} not in the real log`);
  return r;
}

/** Values in series order with consecutive repeats (restatements) collapsed. */
function distinctValues(series: FigureRecord[]): number[] {
  return series.map((r) => r.figure.value).filter((v, i, a) => i === 0 || a[i - 1] !== v);
}

describe('Timeline.series on the real log', () => {
  it("GIVEN Honda's tariff hit for FY ending Mar 2026 THEN the series is ¥385bn, then 450, then 650 (newest statement first)", () => {
    const series = timeline.series(record('honda-tariff-impact-fy2025-may'));
    expect(series.every((r) => r.figure.company === 'Honda' && r.figure.period === 'FY ending Mar 2026')).toBe(true);
    expect(series.every((r) => r.figure.unit === 'JPY' && r.figure.scale === 'billion')).toBe(true);
    expect(series[0].figure.value).toBe(385);
    expect(distinctValues(series)).toEqual([385, 450, 650]);
    const asOf = series.map((r) => r.figure.asOf);
    expect([...asOf].sort().reverse()).toEqual(asOf);
  });

  it('GIVEN any figure of a series THEN series() returns the same records (the series does not depend on where you start)', () => {
    const a = timeline.series(record('honda-tariff-impact-fy2025-may')).map((r) => r.figure.id);
    const b = timeline.series(record('honda-tariff-impact-fy2025-nov')).map((r) => r.figure.id);
    expect(b).toEqual(a);
    expect(a).toContain('honda-tariff-impact-fy2025-aug');
  });

  it("GIVEN Nissan's US plant utilisation for 2024 THEN both the 57% (Canton) and the ~50% (all US plants) figures are in the series", () => {
    const series = timeline.series(record('nissan-canton-utilisation-2024'));
    expect(series.map((r) => r.figure.value).sort()).toEqual([50, 57]);
    const fifty = series.find((r) => r.figure.value === 50)!;
    expect(fifty.figure.qualifier).toBe('about');
    expect(new Set(series.map((r) => r.source.url)).size).toBe(2);
  });

  it("GIVEN Nissan's tariff hit for FY ending Mar 2026 THEN ¥275bn is newest and the May 2025 estimates (¥ and $) follow", () => {
    const series = timeline.series(record('nissan-tariff-impact-fy2025-oct'));
    expect(series[0].figure.value).toBe(275);
    expect(series.map((r) => r.figure.unit)).toContain('USD');
    const yen = series.filter((r) => r.figure.unit === 'JPY');
    expect(distinctValues(yen)).toEqual([275, 450]);
    expect(yen.at(-1)!.figure.qualifier).toBe('up to');
  });

  it("GIVEN Honda's operating-profit forecast for FY ending Mar 2026 THEN it reads 550, 700, 500", () => {
    expect(distinctValues(timeline.series(record('honda-operating-profit-forecast-fy2025-may')))).toEqual([550, 700, 500]);
  });

  it("GIVEN Nissan's stake in Mitsubishi Motors in Jan 2025 THEN the two outlets' values disagree and both are kept", () => {
    const series = timeline.series(record('nissan-stake-in-mitsubishi-2025-01-reuters'));
    expect(series.map((r) => r.figure.value).sort()).toEqual([24, 30]);
  });

  it('GIVEN a figure with its own status THEN the record uses it; otherwise the event status', () => {
    expect(record('nissan-canton-utilisation-2024').status).toBe('reported'); // reported event
    expect(record('honda-tariff-impact-fy2025-may').status).toBe('official'); // official event
    expect(record('honda-operating-loss-fy2025-antara').status).toBe('reported'); // official event, figure marked reported
  });

  it('GIVEN a period with a "(forecast …)" suffix THEN seriesKey ignores the suffix', () => {
    const f = record('honda-tariff-impact-fy2025-may').figure;
    expect(seriesKey({ ...f, period: 'FY ending Mar 2026 (forecast)' })).toBe(seriesKey(f));
  });
});

describe('Timeline indexes and queries', () => {
  it('GIVEN the real log THEN counts, order and company ranking are as expected', () => {
    expect(timeline.size).toBe(67);
    expect(timeline.events[0].id).toBe('2024-03-15-honda-nissan-ev-partnership-mou');
    expect(timeline.companies.slice(0, 2)).toEqual(['Nissan', 'Honda']);
    expect(timeline.figures.length).toBe(timeline.figureById.size);
    expect(timeline.get('2025-08-06-honda-q1-tariff-revision')?.date).toBe('2025-08-06');
    expect(timeline.newest(1)[0]).toBe(timeline.newestEvent);
  });

  it('GIVEN filters THEN topic, company (accent- and case-insensitive substring) and partial-date range all apply', () => {
    const tariffs2025 = timeline.filter({ topic: 'tariffs', from: '2025', to: '2025' });
    expect(tariffs2025.length).toBeGreaterThan(5);
    expect(tariffs2025.every((e) => e.topics.includes('tariffs') && e.date.startsWith('2025'))).toBe(true);
    expect(timeline.filter({ company: 'foxconn' }).map((e) => e.id)).toContain('2025-02-12-foxconn-chair-open-to-renault-stake');
    expect(timeline.filter({ company: 'RENAULT' }).length).toBeGreaterThanOrEqual(3);
    // a month-only event overlaps a day range inside that month
    expect(timeline.filter({ from: '2025-05-20', to: '2025-05-20' }).map((e) => e.id)).toContain('2025-05-espinosa-us-cooperation-with-honda');
    expect(fold('Nissán')).toBe('nissan');
  });

  it('GIVEN events out of file order THEN the Timeline sorts them by date, keeping file order for equal dates', () => {
    const log = fixtureLog(3);
    log.events.push(fixtureEvent(7, '2024-01-01'), fixtureEvent(8, '2024-01'), fixtureEvent(9, '2024-01-01'));
    const t = new Timeline(log);
    expect(t.events.slice(0, 3).map((e) => e.id)).toEqual(['event-8', 'event-7', 'event-9']);
  });
});

describe('coverage: where the log begins and ends', () => {
  it('GIVEN events with curated dates THEN first, last and the newest curation; a date after the newest event is past coverage', () => {
    const t = new Timeline({ events: [fixtureEvent(1, '2025-05', { curated: '2025-06-10' }), fixtureEvent(2, '2024-03-15', { curated: '2025-07-01' })] });
    expect(t.coverage()).toEqual({ first: '2024-03-15', last: '2025-05', curatedAt: '2025-07-01' });
    expect(coverageSentence(t.coverage()!)).toBe('The log holds events from 15 Mar 2024 to May 2025 (last curated 1 Jul 2025).');
    expect(t.isAfterCoverage('2025-05-31')).toBe(false);
    expect(t.isAfterCoverage('2025-06')).toBe(true);
    expect(new Timeline({ events: [] }).coverage()).toBeUndefined();
  });
  it('GIVEN the real log THEN it covers 15 Mar 2024 to June 2026', () => {
    expect(timeline.coverage()).toMatchObject({ first: '2024-03-15', last: '2026-06' });
  });
});

describe('bestTierFirst', () => {
  it('GIVEN sources of mixed tiers THEN primary, wire, press, relay, untiered last, order kept within a tier', () => {
    const s = (url: string, tier?: 'primary' | 'wire' | 'press' | 'relay') => ({ url, tier });
    expect(bestTierFirst([s('a', 'relay'), s('b'), s('c', 'wire'), s('d', 'press'), s('e', 'wire'), s('f', 'primary')]).map((x) => x.url)).toEqual(['f', 'c', 'e', 'd', 'a', 'b']);
  });
});

describe('partition: dates by precision on the precomputed instants', () => {
  it('GIVEN events dated to a day, a month or a year THEN partition splits every window exactly as dates.ts `within` says', () => {
    const dates = ['2025', '2025-06', '2025-06-01', '2025-06-15', '2025-06-30', '2025-07', '2025-12-31', '2026', '2026-01-01'];
    const t = new Timeline({ events: dates.map((d, i) => fixtureEvent(i, d)) });
    const windows: [string | undefined, string | undefined][] = [
      [undefined, undefined], ['2025-06-01', '2025-06-07'], ['2025-06', '2025-06'], ['2025-06-01', '2025-06-30'],
      ['2025', '2025'], ['2025-01-01', '2025-12-31'], ['2025-07', undefined], [undefined, '2025-06-15'], ['2026', '2026'],
    ];
    for (const [from, to] of windows) {
      const { inside, apart } = t.partition({ from, to });
      const overlapping = t.filter({ from, to });
      expect([...inside, ...apart].map((e) => e.id).sort(), `${from}–${to}`).toEqual(overlapping.map((e) => e.id).sort());
      expect(inside.map((e) => e.id), `${from}–${to}`).toEqual(overlapping.filter((e) => within(e.date, from, to)).map((e) => e.id));
    }
  });
});
