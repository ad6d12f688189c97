import { describe, expect, it } from 'vitest';
import * as chrono from 'chrono-node';
import { chronoHits, chronoParses, figurePeriod, knownShapes, readPeriods, type DateHit } from '../../src/answers/periods.js';
import { foldText } from '../../src/answers/text.js';
import { realTimeline } from '../helpers/fixture.js';

const FAR = new Date(Date.UTC(2100, 0, 1));
const NOW = new Date('2026-01-15T12:00:00Z');

/** What a hit says, comparable across readers (the bare years are left to readPeriods' own rule either way). */
const plain = (hits: Pick<DateHit, 'index' | 'text' | 'year' | 'month' | 'day' | 'end'>[]) =>
  hits.filter((h) => !/^\d{4}$/.test(h.text.trim())).map((h) => [h.index, h.text, h.year, h.month, h.day, h.end?.year, h.end?.month]);

/** chrono-node's own `parse` (the full package, unguarded), as the module read texts before. */
function chronoParse(s: string, now = FAR) {
  const certain = (c: chrono.ParsedResult['start'], part: 'year' | 'month' | 'day') => (c.isCertain(part) ? c.get(part)! : undefined);
  return chrono.parse(s, { instant: now, timezone: 'UTC' }, { forwardDate: false }).map((r) => ({
    index: r.index,
    text: r.text,
    year: certain(r.start, 'year'),
    month: certain(r.start, 'month'),
    day: certain(r.start, 'day'),
    end: r.end ? { year: certain(r.end, 'year'), month: certain(r.end, 'month') } : undefined,
  }));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'January', 'September'];
const YEARS = [1950, 1991, 1999, 2000, 2024, 2025, 2028, 2099];

/** The shapes figure records use, over every month and a spread of years. */
function shapeTexts(): string[] {
  const out: string[] = [];
  for (const y of YEARS) {
    for (const m of MONTHS) {
      for (const pre of ['', 'from ', 'as of ', 'before ', '(announced ', 'end of ', '  ']) out.push(`${pre}${m} ${y}`, `${pre}${m} ${y})`, `${pre}${m} ${y} `);
      for (const d of [1, 3, 9, 10, 28, 29, 30, 31]) out.push(`${d} ${m} ${y}`, `from ${d} ${m} ${y}`);
    }
    for (let mo = 1; mo <= 12; mo++) {
      for (const d of [1, 15, 28, 29, 30, 31]) {
        const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        out.push(iso, `${iso} morning`);
      }
    }
    for (const w of ['annual', 'restructuring plan', 'under the US–Japan deal', 'per year', '3 months', '12 months', "honda target for EVs' share of sales in", 'at', 'from', 'the'])
      out.push(`${w} (${y})`, `${w} in ${y}`);
    out.push(`${y}`, ` ${y} `, 'per year', '3 months', '1 month', 'and later');
  }
  return out;
}

/** Asserts that our rules read each text our rules decide exactly as chrono-node does; how many they decided. */
function agreeWithChrono(texts: Iterable<string>, prepare: (text: string) => string = (t) => t): number {
  let decided = 0;
  for (const text of texts) {
    const s = foldText(prepare(text));
    const ours = knownShapes(s);
    if (!ours) continue;
    decided++;
    expect(plain(ours), text).toEqual(plain(chronoParse(s)));
  }
  return decided;
}

describe('reading periods: our own rules for the shapes figure records use', () => {
  it('GIVEN every shape over months and years THEN our rules find exactly what chrono-node finds (position, words, certain parts)', () => {
    expect(agreeWithChrono(shapeTexts())).toBeGreaterThan(2000);
  });

  it('GIVEN the real log THEN every figure period and label our rules decide reads as chrono-node reads it', () => {
    const texts = realTimeline().figures.flatMap((r) => [r.figure.period, r.figure.label, r.figure.label.replace(/^.*?\(/, '(')]);
    expect(agreeWithChrono(texts, (text) => text.replace(/\((?:forecast|estimate)[^)]*\)/gi, ''))).toBeGreaterThan(40);
  });

  it('GIVEN texts outside those shapes THEN our rules leave them to chrono-node', () => {
    for (const text of ['last December', 'since July', '13 Feb 2025 at 9am', 'Dec 2024 till Jan 2025', 'in the quarter', 'nissan debt coming due in 2025', 'sept 2025', '2025-02-30', '31 Apr 2025', 'Aug 2024 JST', 'by Aug 2024', 'may 1949']) {
      expect(knownShapes(foldText(text)), text).toBeUndefined();
    }
  });

  it('GIVEN the figure periods of the real log THEN none of them needs chrono-node', () => {
    const before = chronoParses();
    for (const r of realTimeline().figures) figurePeriod(r.figure.period);
    expect(chronoParses()).toBe(before);
  });

  it('GIVEN figure periods in each shape THEN they read as the same periods as before', () => {
    expect(figurePeriod('Aug 2024')).toMatchObject({ start: 2024 * 12 + 7, end: 2024 * 12 + 7, label: 'Aug 2024', text: 'aug 2024' });
    expect(figurePeriod('as of May 2025')).toMatchObject({ label: 'May 2025', text: 'may 2025' });
    expect(figurePeriod('end of Dec 2025')).toMatchObject({ day: '2025-12-31', label: '2025-12-31', text: 'end of dec 2025' });
    expect(figurePeriod('end of Feb 2024')?.day).toBe('2024-02-29');
    expect(figurePeriod('2025-02-05 morning')).toMatchObject({ day: '2025-02-05', text: '2025-02-05 morning' });
    expect(figurePeriod('from 3 Apr 2025')).toMatchObject({ day: '2025-04-03', text: '3 apr 2025' });
    expect(figurePeriod('2024')).toMatchObject({ start: 2024 * 12, end: 2024 * 12 + 11, label: '2024' });
    expect(figurePeriod('annual (2025)')?.label).toBe('2025');
    expect(figurePeriod('per year')).toBeUndefined();
    expect(figurePeriod('3 months')).toBeUndefined();
    expect(figurePeriod('FY ending Mar 2026 and later')?.label).toBe('FY2025 (Apr 2025–Mar 2026)');
    expect(readPeriods('before Apr 2025', NOW)).toMatchObject({ open: 'before', period: { start: 0, label: 'before Apr 2025' } });
  });
});

describe('reading periods: chrono-node with its slowest parsers guarded', () => {
  it('GIVEN texts with and without "ago", "before", "later", "after", "out" THEN the guarded parser finds what chrono-node.parse finds', () => {
    const texts = [
      '3 months ago', 'two weeks later', 'a year earlier', '2 months before apr 2025', 'just before the deal', 'before apr 2025',
      'a few days after the announcement', '5 days out', 'about', 'and later', 'what happened 10 years ago?', 'a month from now',
      'in the quarter', 'in the year', 'since july', 'last month', 'between march and may 2025', 'on 13 feb 2025', 'next week',
      'honda tariff impact in the quarter', 'extraordinary income expected from the headquarters sale', '1 yr later', '3 mos before',
    ];
    for (const s of texts) {
      for (const now of [FAR, NOW]) expect(plain(chronoHits(s, now)), s).toEqual(plain(chronoParse(s, now)));
    }
  });
});
