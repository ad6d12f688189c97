import { describe, it, expect } from 'vitest';
import { parseDateOption, DateInputError, inRange, formatDate, compareDates, precisionOf, startOf, endOf, isoDay, within, elapsed } from '../../src/timeline/dates.js';

describe('parseDateOption', () => {
  it.each([
    ['2025', '2025'],
    ['2025-02', '2025-02'],
    ['2025-2', '2025-02'],
    ['2025-02-13', '2025-02-13'],
    ['2025/02/13', '2025-02-13'],
    ['2025/2/3', '2025-02-03'],
    ['  2025-12-31 ', '2025-12-31'],
    ['2024-02-29', '2024-02-29'],
  ])('GIVEN %j THEN it returns %j', (raw, out) => {
    expect(parseDateOption(raw)).toBe(out);
  });

  it.each(['', 'Feb 2025', '25-02-13', '2025-02-13T00:00', '13/02/2025', '2025--02', '20250213'])(
    'GIVEN the malformed %j THEN it throws a DateInputError showing the expected shape',
    (raw) => {
      expect(() => parseDateOption(raw, 'from')).toThrowError(DateInputError);
      expect(() => parseDateOption(raw, 'from')).toThrowError(/`from` must be a date like 2025-02 or 2025-02-13/);
    },
  );

  it.each([
    ['2025-13', /no month 13/],
    ['2025-00', /no month 00/],
    ['2025-02-30', /2025-02-30 is not a real calendar date/],
    ['2025-02-29', /not a real calendar date/],
    ['2025-04-31', /not a real calendar date/],
    ['2025-01-00', /not a real calendar date/],
  ])('GIVEN the impossible %j THEN it throws a DateInputError saying why', (raw, msg) => {
    expect(() => parseDateOption(raw)).toThrowError(DateInputError);
    expect(() => parseDateOption(raw)).toThrowError(msg);
  });

  it('GIVEN a very long bad input THEN the message quotes at most 40 characters of it', () => {
    const raw = 'x'.repeat(500);
    try {
      parseDateOption(raw);
      throw new Error('did not throw');
    } catch (err) {
      expect(err).toBeInstanceOf(DateInputError);
      expect((err as Error).message).toContain(`"${'x'.repeat(40)}"`);
      expect((err as Error).message).not.toContain('x'.repeat(41));
    }
  });
});

describe('inRange with partial dates (overlap, inclusive at each end’s own precision)', () => {
  it.each([
    ['2025-02-13', '2025-02', '2025-02', true],
    ['2025-02-13', '2025-02-14', undefined, false],
    ['2025-02-13', undefined, '2025-02-12', false],
    ['2025-02-13', '2025-02-13', '2025-02-13', true],
    ['2025-05', '2025-05-13', '2025-05-13', true], // a month-only event overlaps a day inside it
    ['2025-05', '2025-06-01', undefined, false],
    ['2025-05', undefined, '2025-04-30', false],
    ['2026', '2026-02', '2026-03', true], // a year-only event overlaps any range inside that year
    ['2026', '2027', undefined, false],
    ['2025-12-31', '2025', '2025', true],
    ['2026-01-01', '2025', '2025', false],
    ['2024-02-29', '2024-02', undefined, true],
    ['2025-03-01', undefined, '2025-02', false],
    ['2025-07-11', undefined, undefined, true],
  ] as const)('GIVEN date %s, from %s, to %s THEN %s', (date, from, to, expected) => {
    expect(inRange(date, from, to)).toBe(expected);
  });
});

describe('formatDate', () => {
  it.each([
    ['2025-02-13', '13 Feb 2025'],
    ['2025-02-03', '3 Feb 2025'],
    ['2025-12-31', '31 Dec 2025'],
    ['2025-05', 'May 2025'],
    ['2025-09', 'September 2025'],
    ['2026', '2026'],
  ])('GIVEN %s THEN %s (precision kept, never sharpened)', (d, out) => {
    expect(formatDate(d)).toBe(out);
  });
});

describe('compareDates, precisionOf, startOf, endOf', () => {
  it('GIVEN partial dates THEN a less precise date sorts before the more precise dates inside it', () => {
    const dates = ['2026-02-10', '2025-05-13', '2026', '2025-06', '2025-05', '2024-12-31'];
    expect([...dates].sort(compareDates)).toEqual(['2024-12-31', '2025-05', '2025-05-13', '2025-06', '2026', '2026-02-10']);
    expect(compareDates('2025-05', '2025-05')).toBe(0);
  });

  it('GIVEN each precision THEN precisionOf names it', () => {
    expect([precisionOf('2025'), precisionOf('2025-05'), precisionOf('2025-05-13')]).toEqual(['year', 'month', 'day']);
  });

  it('GIVEN partial dates THEN startOf/endOf cover the whole year, month (incl. leap February) or day in UTC', () => {
    expect(startOf('2026').toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(endOf('2026').toISOString()).toBe('2026-12-31T23:59:59.999Z');
    expect(startOf('2024-02').toISOString()).toBe('2024-02-01T00:00:00.000Z');
    expect(endOf('2024-02').toISOString()).toBe('2024-02-29T23:59:59.999Z');
    expect(endOf('2025-12').toISOString()).toBe('2025-12-31T23:59:59.999Z');
    expect(endOf('2025-07-11').toISOString()).toBe('2025-07-11T23:59:59.999Z');
    expect(isoDay(new Date('2025-07-11T23:30:00Z'))).toBe('2025-07-11');
  });
});

describe('within and elapsed: dates by precision', () => {
  it('GIVEN a year- or month-only date THEN it is within a window only if the window covers its whole period', () => {
    expect(within('2026', '2026-06-01', '2026-06-07')).toBe(false);
    expect(within('2026-06', '2026-06-01', '2026-06-07')).toBe(false);
    expect(within('2026-06', '2026-06', '2026-06')).toBe(true);
    expect(within('2026-06-03', '2026-06-01', '2026-06-07')).toBe(true);
    expect(within('2026', '2026')).toBe(true);
    expect(within('2025-12', '2026')).toBe(false);
  });
  it('GIVEN two instants THEN days under two months, then months, then years', () => {
    const at = (s: string) => new Date(`${s}T00:00:00Z`);
    expect(elapsed(at('2026-06-01'), at('2026-06-01'))).toBe('today');
    expect(elapsed(at('2026-06-01'), at('2026-06-02'))).toBe('1 day');
    expect(elapsed(at('2026-06-01'), at('2026-07-31'))).toBe('60 days');
    expect(elapsed(at('2026-06-01'), at('2026-12-06'))).toBe('6 months');
    expect(elapsed(at('2024-03-15'), at('2026-12-06'))).toBe('2 years');
  });
});
