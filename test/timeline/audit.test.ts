/** The findings of the audit of data/events.json (research pack, audit.md), checked on the real log so that they stay closed. */
import { describe, it, expect } from 'vitest';
import { realTimeline } from '../helpers/fixture.js';

const timeline = realTimeline();
const fig = (id: string) => {
  const r = timeline.figureById.get(id);
  if (!r) throw new Error(`figure ${id} not in the real log`);
  return r;
};

describe('audit findings stay closed on the real log', () => {
  it('GIVEN the three contradicted figures THEN Honda\'s tariff series has no ¥400bn, the trade-deal move is Reuters\' Honda +9%, and ¥423.9bn is the net loss', () => {
    const tariff = timeline.series(fig('honda-tariff-impact-fy2025-aug'));
    expect(tariff.map((r) => r.figure.value)).toEqual([385, 450, 650]);
    expect(timeline.figures.some((r) => r.figure.company === 'Honda' && r.figure.value === 400 && /tariff/.test(r.figure.metric))).toBe(false);
    const shares = fig('japan-automaker-shares-2025-07-23');
    expect([shares.figure.value, shares.figure.valueHigh, shares.figure.company, shares.source.tier]).toEqual([9, undefined, 'Honda', 'wire']);
    expect(timeline.series(fig('honda-operating-loss-fy2025-antara')).map((r) => r.figure.value)).toEqual([414.3]);
    expect(fig('honda-net-loss-fy2025').figure).toMatchObject({ value: 423.9, asOf: '2026-05-14', metric: 'net-loss' });
  });

  it('GIVEN Honda\'s 2030 EV-ratio cut THEN it is dated 20 May 2025, on the event of that day', () => {
    const r = fig('honda-ev-sales-ratio-target-2030');
    expect([r.figure.asOf, r.event.id, r.figure.value, r.figure.qualifier]).toEqual(['2025-05-20', '2025-05-20-honda-ev-investment-cut', 20, 'about']);
    expect(timeline.get('2025-11-07-honda-cuts-forecast-550bn')!.summary).not.toMatch(/from 30% to 20%/);
  });

  it('GIVEN Nissan\'s May 2025 tariff estimate THEN the dollar conversion is a note, not a second estimate', () => {
    expect(timeline.figureById.has('nissan-tariff-cost-fy2025-may-usd')).toBe(false);
    expect(fig('nissan-tariff-impact-fy2025-may-jpy').figure.note).toMatch(/\$3\.08 billion.*conversion/);
  });

  it('GIVEN relays that repeated a figure later THEN none is logged as a new statement with the relay\'s date', () => {
    expect(timeline.figures.filter((r) => /-restated$|-agm$/.test(r.figure.id)).map((r) => r.figure.id)).toEqual([]);
    const may = fig('honda-tariff-impact-fy2025-may');
    expect(may.figure.asOf).toBe('2025-05-13');
    expect(may.event.sources.map((s) => s.url)).toContain('https://asianews.network/nissan-in-talks-to-manufacture-u-s-pickups-for-honda');
    expect(fig('nissan-job-cuts-2024-11').figure.asOf).toBe('2024-11-07');
  });

  it('GIVEN a rounding difference between sources THEN one statement with a note', () => {
    const loss = fig('nissan-net-loss-fy2024');
    expect(timeline.series(loss).map((r) => r.figure.value)).toEqual([670.9]);
    expect(loss.figure.note).toMatch(/670\.8 billion.*rounding/);
  });

  it('GIVEN the lesser findings THEN the MoU says more than ¥30tn, Daily8 is Kyodo, and the 2026 loss warning is not "first-ever"', () => {
    expect(timeline.get('2024-12-23-business-integration-mou')!.summary).toContain('more than ¥30 trillion in sales');
    expect(timeline.events.flatMap((e) => e.sources).filter((s) => s.url.includes('daily8.com/en/article/4823ab')).map((s) => s.publisher)).toEqual(['Daily8 (Kyodo)']);
    expect(timeline.get('2026-03-12-honda-first-net-loss-warning-ev')!.title).not.toMatch(/first-ever/);
    expect(timeline.get('2026-02-honda-hybrid-tech-for-nissan-report')!.date).toBe('2026-02');
  });
});
