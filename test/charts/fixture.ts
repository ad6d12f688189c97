/**
 * A small log for chart tests that the curated log's growth cannot change: Honda's tariff estimate
 * revised twice (one statement reported, one in another unit), Honda's and Nissan's operating profit
 * over three fiscal years plus a quarter, and Nissan's tariff estimate for the same year.
 */
import type { Event, Figure } from '../../src/timeline/schema.js';
import { Timeline } from '../../src/timeline/timeline.js';
import { fixtureEvent } from '../helpers/fixture.js';

const url = (i: number) => `https://example.com/news/${i}`;

function fig(i: number, f: Partial<Figure> & Pick<Figure, 'id' | 'label' | 'value' | 'metric' | 'company' | 'period' | 'asOf'>): Figure {
  return { unit: 'JPY', scale: 'billion', source: url(i), kind: 'estimate', ...f };
}

function ev(i: number, date: string, publisher: string, figures: Figure[], status: Event['status'] = 'official'): Event {
  return fixtureEvent(i, date, {
    status,
    topics: ['tariffs'],
    figures,
    curated: '2026-11-25',
    sources: [{ publisher, title: `Article ${i}`, url: url(i), date }],
  });
}

const tariff = { label: 'Honda tariff impact estimate', metric: 'tariff-impact', company: 'Honda', period: 'FY ending Mar 2026' };
const nTariff = { label: 'Nissan tariff impact estimate', metric: 'tariff-impact', company: 'Nissan', period: 'FY ending Mar 2026' };
const op = { label: 'Honda operating profit', metric: 'operating-profit', company: 'Honda', kind: 'actual' as const };
const nOp = { label: 'Nissan operating profit', metric: 'operating-profit', company: 'Nissan', kind: 'actual' as const };

/** In date order, as a log file must be. */
export function chartEvents(): Event[] {
  return ([
    ev(1, '2025-05-13', 'Honda', [fig(1, { ...tariff, id: 'honda-tariff-may', value: 650, asOf: '2025-05-13' }), fig(1, { ...nTariff, id: 'nissan-tariff-may', value: 450, qualifier: 'up to', asOf: '2025-05-13' })]),
    ev(2, '2025-07-14', 'Reuters', [fig(2, { ...tariff, id: 'honda-tariff-jul', value: 4.4, unit: 'USD', asOf: '2025-07-14' })], 'reported'),
    ev(3, '2025-08-06', 'Nikkei', [fig(3, { ...tariff, id: 'honda-tariff-aug', value: 450, asOf: '2025-08-06' })], 'reported'),
    ev(4, '2025-11-07', 'Honda', [fig(4, { ...tariff, id: 'honda-tariff-nov', value: 385, asOf: '2025-11-07' }), fig(4, { ...nTariff, id: 'nissan-tariff-nov', value: 275, asOf: '2025-11-07' })]),
    ev(5, '2024-05-10', 'Honda', [fig(5, { ...op, id: 'honda-op-fy2023', value: 1381.9, period: 'FY ending Mar 2024', asOf: '2024-05-10' }), fig(5, { ...nOp, id: 'nissan-op-fy2023', value: 568.7, period: 'FY ending Mar 2024', asOf: '2024-05-10' })]),
    ev(6, '2025-05-13', 'Honda', [fig(6, { ...op, id: 'honda-op-fy2024', value: 1.21, scale: 'trillion', period: 'FY ending Mar 2025', asOf: '2025-05-13' }), fig(6, { ...nOp, id: 'nissan-op-fy2024', value: 69.8, period: 'FY ending Mar 2025', asOf: '2025-05-13' })]),
    ev(7, '2025-08-06', 'Honda', [fig(7, { ...op, id: 'honda-op-q1', value: 244.2, period: 'Apr–Jun 2025', asOf: '2025-08-06' })]),
    ev(8, '2026-05-13', 'Honda', [fig(8, { ...op, id: 'honda-op-fy2025', value: 700, valueHigh: 750, period: 'FY ending Mar 2026', asOf: '2026-05-13' }), fig(8, { ...nOp, id: 'nissan-op-fy2025', value: -10.1, period: 'FY ending Mar 2026', asOf: '2026-05-13' })]),
  ] as Event[]).sort((a, b) => a.date.localeCompare(b.date));
}

export function chartTimeline(version = 'chart-fixture'): Timeline {
  return new Timeline({ events: chartEvents() }, version);
}
