import { describe, it, expect } from 'vitest';
import cron from 'node-cron';
import {
  cronExpression,
  formatLocalAndUtc,
  localParts,
  makeSchedule,
  nextOccurrence,
  occurrencesBetween,
  parseTime,
  parseTimezone,
  parseWeekday,
  previousOccurrence,
  ScheduleError,
  zonedInstant,
  type Schedule,
} from '../../src/digests/schedule.js';

const at = (s: string) => new Date(s);
const iso = (ds: Date[]) => ds.map((d) => d.toISOString());
const daily = (time: string, timezone: string): Schedule => makeSchedule({ frequency: 'daily', time, timezone });
const weekly = (time: string, timezone: string, weekday: string): Schedule => makeSchedule({ frequency: 'weekly', time, timezone, weekday });
const wall = (d: Date, tz: string) => {
  const p = localParts(d, tz);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};

describe('digest schedules: daily and weekly in several zones', () => {
  it('GIVEN daily 09:00 UTC THEN occurrences are 09:00Z every day, and next/previous agree', () => {
    const s = daily('09:00', 'UTC');
    expect(iso(occurrencesBetween(s, at('2025-06-01T09:00:00Z'), at('2025-06-04T09:00:00Z')))).toEqual([
      '2025-06-02T09:00:00.000Z',
      '2025-06-03T09:00:00.000Z',
      '2025-06-04T09:00:00.000Z',
    ]);
    expect(nextOccurrence(s, at('2025-06-01T09:00:00Z')).toISOString()).toBe('2025-06-02T09:00:00.000Z');
    expect(nextOccurrence(s, at('2025-06-01T08:59:59Z')).toISOString()).toBe('2025-06-01T09:00:00.000Z');
    expect(previousOccurrence(s, at('2025-06-01T09:00:00Z')).toISOString()).toBe('2025-06-01T09:00:00.000Z');
    expect(previousOccurrence(s, at('2025-06-01T08:59:59Z')).toISOString()).toBe('2025-05-31T09:00:00.000Z');
  });

  it('GIVEN daily 07:30 Asia/Tokyo (UTC+9, no DST) THEN it is 22:30Z the previous UTC day', () => {
    const s = daily('07:30', 'Asia/Tokyo');
    expect(nextOccurrence(s, at('2025-01-10T00:00:00Z')).toISOString()).toBe('2025-01-10T22:30:00.000Z');
    expect(nextOccurrence(s, at('2025-07-10T00:00:00Z')).toISOString()).toBe('2025-07-10T22:30:00.000Z');
  });

  it('GIVEN daily 18:00 Asia/Kolkata (UTC+5:30) and Australia/Adelaide (UTC+9:30/+10:30) THEN half-hour offsets are honoured', () => {
    expect(nextOccurrence(daily('18:00', 'Asia/Kolkata'), at('2025-03-01T00:00:00Z')).toISOString()).toBe('2025-03-01T12:30:00.000Z');
    // Adelaide is on daylight time (UTC+10:30) in January, standard (UTC+9:30) in July.
    expect(nextOccurrence(daily('18:00', 'Australia/Adelaide'), at('2025-01-15T00:00:00Z')).toISOString()).toBe('2025-01-15T07:30:00.000Z');
    expect(nextOccurrence(daily('18:00', 'Australia/Adelaide'), at('2025-07-15T00:00:00Z')).toISOString()).toBe('2025-07-15T08:30:00.000Z');
  });

  it('GIVEN weekly Monday 09:00 America/Los_Angeles THEN occurrences are Mondays 09:00 local, 7 days apart', () => {
    const s = weekly('09:00', 'America/Los_Angeles', 'monday');
    const occ = occurrencesBetween(s, at('2025-01-01T00:00:00Z'), at('2025-01-31T00:00:00Z'));
    expect(iso(occ)).toEqual(['2025-01-06T17:00:00.000Z', '2025-01-13T17:00:00.000Z', '2025-01-20T17:00:00.000Z', '2025-01-27T17:00:00.000Z']);
    for (const d of occ) expect(wall(d, 'America/Los_Angeles').endsWith('09:00')).toBe(true);
  });

  it('GIVEN weekly Friday 23:30 Asia/Tokyo THEN the weekday is the local one (Friday in Tokyo is Friday 14:30Z)', () => {
    const s = weekly('23:30', 'Asia/Tokyo', 'fri');
    const next = nextOccurrence(s, at('2025-06-01T00:00:00Z'));
    expect(next.toISOString()).toBe('2025-06-06T14:30:00.000Z');
    expect(new Date(next).getUTCDay()).toBe(5);
    expect(nextOccurrence(s, next).toISOString()).toBe('2025-06-13T14:30:00.000Z');
  });

  it('GIVEN weekly Sunday 00:15 Pacific/Auckland (UTC+13 in January) THEN the local Sunday is Saturday in UTC', () => {
    const next = nextOccurrence(weekly('00:15', 'Pacific/Auckland', 'sunday'), at('2025-01-01T00:00:00Z'));
    expect(next.toISOString()).toBe('2025-01-04T11:15:00.000Z');
    expect(wall(next, 'Pacific/Auckland')).toBe('2025-01-05 00:15');
  });

  it('GIVEN a window holding more occurrences than the limit THEN the newest are kept', () => {
    const occ = occurrencesBetween(daily('12:00', 'UTC'), at('2025-01-01T00:00:00Z'), at('2025-12-31T00:00:00Z'), 3);
    expect(iso(occ)).toEqual(['2025-12-28T12:00:00.000Z', '2025-12-29T12:00:00.000Z', '2025-12-30T12:00:00.000Z']);
  });
});

describe('digest schedules: daylight saving', () => {
  it('GIVEN 09:00 Europe/Berlin across spring-forward (30 Mar 2025) THEN it stays 09:00 local: 08:00Z before, 07:00Z after', () => {
    const occ = occurrencesBetween(daily('09:00', 'Europe/Berlin'), at('2025-03-28T12:00:00Z'), at('2025-04-01T12:00:00Z'));
    expect(iso(occ)).toEqual(['2025-03-29T08:00:00.000Z', '2025-03-30T07:00:00.000Z', '2025-03-31T07:00:00.000Z', '2025-04-01T07:00:00.000Z']);
    expect(occ.map((d) => wall(d, 'Europe/Berlin').slice(11))).toEqual(['09:00', '09:00', '09:00', '09:00']);
  });

  it('GIVEN 09:00 Europe/Berlin across fall-back (26 Oct 2025) THEN it stays 09:00 local: 07:00Z before, 08:00Z after', () => {
    const occ = occurrencesBetween(daily('09:00', 'Europe/Berlin'), at('2025-10-24T12:00:00Z'), at('2025-10-28T12:00:00Z'));
    expect(iso(occ)).toEqual(['2025-10-25T07:00:00.000Z', '2025-10-26T08:00:00.000Z', '2025-10-27T08:00:00.000Z', '2025-10-28T08:00:00.000Z']);
  });

  it('GIVEN 09:00 America/New_York across spring-forward (9 Mar 2025) and fall-back (2 Nov 2025) THEN it stays 09:00 local', () => {
    const spring = occurrencesBetween(daily('09:00', 'America/New_York'), at('2025-03-08T00:00:00Z'), at('2025-03-10T23:00:00Z'));
    expect(iso(spring)).toEqual(['2025-03-08T14:00:00.000Z', '2025-03-09T13:00:00.000Z', '2025-03-10T13:00:00.000Z']);
    const fall = occurrencesBetween(daily('09:00', 'America/New_York'), at('2025-11-01T00:00:00Z'), at('2025-11-03T23:00:00Z'));
    expect(iso(fall)).toEqual(['2025-11-01T13:00:00.000Z', '2025-11-02T14:00:00.000Z', '2025-11-03T14:00:00.000Z']);
  });

  it('GIVEN 02:30 America/New_York on spring-forward day (02:00→03:00) THEN that day it runs at 03:30 EDT, never skipped, once', () => {
    const occ = occurrencesBetween(daily('02:30', 'America/New_York'), at('2025-03-08T00:00:00Z'), at('2025-03-10T23:00:00Z'));
    expect(iso(occ)).toEqual(['2025-03-08T07:30:00.000Z', '2025-03-09T07:30:00.000Z', '2025-03-10T06:30:00.000Z']);
    expect(occ.map((d) => wall(d, 'America/New_York'))).toEqual(['2025-03-08 02:30', '2025-03-09 03:30', '2025-03-10 02:30']);
  });

  it('GIVEN 02:30 Europe/Berlin on spring-forward day (02:00→03:00) THEN that day it runs at 03:30 CEST', () => {
    const occ = occurrencesBetween(daily('02:30', 'Europe/Berlin'), at('2025-03-29T00:00:00Z'), at('2025-03-31T23:00:00Z'));
    expect(occ.map((d) => wall(d, 'Europe/Berlin'))).toEqual(['2025-03-29 02:30', '2025-03-30 03:30', '2025-03-31 02:30']);
  });

  it('GIVEN 01:30 America/New_York on fall-back day (01:00–02:00 happens twice) THEN it runs once, at the first (EDT) 01:30', () => {
    const occ = occurrencesBetween(daily('01:30', 'America/New_York'), at('2025-11-01T00:00:00Z'), at('2025-11-03T23:00:00Z'));
    expect(iso(occ)).toEqual(['2025-11-01T05:30:00.000Z', '2025-11-02T05:30:00.000Z', '2025-11-03T06:30:00.000Z']);
  });

  it('GIVEN 02:30 Europe/Berlin on fall-back day (02:00–03:00 happens twice) THEN it runs once, at the first (CEST) 02:30', () => {
    const occ = occurrencesBetween(daily('02:30', 'Europe/Berlin'), at('2025-10-25T00:00:00Z'), at('2025-10-27T23:00:00Z'));
    expect(iso(occ)).toEqual(['2025-10-25T00:30:00.000Z', '2025-10-26T00:30:00.000Z', '2025-10-27T01:30:00.000Z']);
  });

  it('GIVEN weekly Sunday 02:30 America/New_York THEN the DST Sunday still has exactly one occurrence (03:30 EDT)', () => {
    const occ = occurrencesBetween(weekly('02:30', 'America/New_York', 'sunday'), at('2025-03-01T00:00:00Z'), at('2025-03-20T00:00:00Z'));
    expect(occ.map((d) => wall(d, 'America/New_York'))).toEqual(['2025-03-02 02:30', '2025-03-09 03:30', '2025-03-16 02:30']);
  });

  it('GIVEN a 30-minute DST shift (Australia/Lord_Howe, 5 Oct 2025 02:00→02:30) THEN 02:15 moves forward by the 30-minute gap', () => {
    expect(wall(zonedInstant({ year: 2025, month: 10, day: 5, hour: 2, minute: 15 }, 'Australia/Lord_Howe'), 'Australia/Lord_Howe')).toBe('2025-10-05 02:45');
  });

  it('GIVEN an instant THEN formatLocalAndUtc shows local time with its abbreviation, then UTC', () => {
    expect(formatLocalAndUtc(at('2025-03-31T07:00:00Z'), 'Europe/Berlin')).toBe('Mon 31 Mar 2025, 09:00 CEST (07:00 UTC)');
    expect(formatLocalAndUtc(at('2025-01-06T14:00:00Z'), 'America/New_York')).toBe('Mon 6 Jan 2025, 09:00 EST (14:00 UTC)');
    expect(formatLocalAndUtc(at('2025-06-06T22:30:00Z'), 'Asia/Tokyo')).toMatch(/^Sat 7 Jun 2025, 07:30 .+ \(Fri 6 Jun 2025, 22:30 UTC\)$/);
    expect(formatLocalAndUtc(at('2025-06-06T22:30:00Z'), 'UTC')).toBe('Fri 6 Jun 2025, 22:30 UTC');
  });
});

describe('digest schedules: node-cron', () => {
  it('GIVEN daily and weekly schedules THEN the cron expressions are valid for node-cron and match the local time', () => {
    expect(cronExpression(daily('09:05', 'Europe/Berlin'))).toBe('5 9 * * *');
    expect(cronExpression(weekly('18:30', 'UTC', 'friday'))).toBe('30 18 * * 5');
    expect(cronExpression(weekly('00:00', 'UTC', 'sunday'))).toBe('0 0 * * 0');
    for (const e of ['5 9 * * *', '30 18 * * 5', '0 0 * * 0']) expect(cron.validate(e)).toBe(true);
    const task = cron.createTask(cronExpression(daily('09:00', 'Europe/Berlin')), () => undefined, { timezone: 'Europe/Berlin' });
    // node-cron matches the same instants as the pure schedule on ordinary days, summer and winter.
    expect(task.match(at('2025-01-15T08:00:00Z'))).toBe(true);
    expect(task.match(at('2025-07-15T07:00:00Z'))).toBe(true);
    expect(task.match(at('2025-07-15T08:00:00Z'))).toBe(false);
    void task.destroy();
  });
});

describe('digest schedules: bad inputs are refused with a clear message', () => {
  it.each([
    ['9am', /24-hour time like 09:00/],
    ['24:00', /no hour 24/],
    ['12:60', /minutes go from 00 to 59/],
    ['12', /24-hour time/],
    ['', /24-hour time/],
    ['1:2', /24-hour time/],
  ])('GIVEN time %j THEN ScheduleError %s', (raw, msg) => {
    expect(() => parseTime(raw)).toThrow(ScheduleError);
    expect(() => parseTime(raw)).toThrow(msg);
  });

  it('GIVEN valid times THEN they are normalised', () => {
    expect(parseTime('9:05').text).toBe('09:05');
    expect(parseTime(' 23:59 ').text).toBe('23:59');
    expect(parseTime('00:00').text).toBe('00:00');
  });

  it.each(['funday', 't', 's', 'mondays', '8'])('GIVEN weekday %j THEN ScheduleError listing the days', (raw) => {
    expect(() => parseWeekday(raw)).toThrow(/must be a day of the week: Sunday, Monday/);
  });

  it('GIVEN weekday spellings THEN Sunday = 0 … Saturday = 6', () => {
    expect(parseWeekday('Monday')).toBe(1);
    expect(parseWeekday('tu')).toBe(2);
    expect(parseWeekday('SAT')).toBe(6);
    expect(parseWeekday('sun')).toBe(0);
  });

  it.each([
    ['Mars/Olympus_Mons', /not a timezone I know/],
    ['EST', /not a region name/],
    ['+05:00', /not a region name/],
    ['Berlin', /not a region name/],
  ])('GIVEN timezone %j THEN ScheduleError suggesting IANA names', (raw, msg) => {
    expect(() => parseTimezone(raw)).toThrow(msg);
    expect(() => parseTimezone(raw)).toThrow(/Europe\/Berlin/);
  });

  it('GIVEN timezone spellings THEN they resolve to the canonical IANA name', () => {
    expect(parseTimezone('europe/berlin')).toBe('Europe/Berlin');
    expect(parseTimezone('UTC')).toBe('UTC');
    expect(parseTimezone('gmt')).toBe('UTC');
    expect(parseTimezone('US/Eastern')).toBe('America/New_York');
    // Older ICU data calls it Asia/Calcutta; the current IANA name is stored either way.
    expect(parseTimezone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(parseTimezone('asia/kolkata')).toBe('Asia/Kolkata');
    expect(nextOccurrence(daily('09:00', 'Asia/Kolkata'), at('2025-01-01T00:00:00Z')).toISOString()).toBe('2025-01-01T03:30:00.000Z');
  });

  it('GIVEN makeSchedule THEN defaults are 09:00, UTC and Monday, and a bad part names its option', () => {
    expect(makeSchedule({ frequency: 'weekly' })).toEqual({ frequency: 'weekly', time: '09:00', timezone: 'UTC', weekday: 1 });
    expect(makeSchedule({ frequency: 'daily' })).toEqual({ frequency: 'daily', time: '09:00', timezone: 'UTC' });
    expect(() => makeSchedule({ frequency: 'weekly', weekday: 9 })).toThrow(/`weekday`/);
    expect(() => makeSchedule({ frequency: 'daily', time: '25:00' })).toThrow(/`time`/);
    expect(() => makeSchedule({ frequency: 'daily', timezone: 'Nowhere/Land' })).toThrow(/`timezone`/);
  });
});
