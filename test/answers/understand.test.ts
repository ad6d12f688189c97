import { describe, expect, it } from 'vitest';
import { understand } from '../../src/answers/understand.js';
import { fiscalYear, figurePeriod, monthLabel, readPeriods } from '../../src/answers/periods.js';
import { indexOf } from '../../src/answers/search-index.js';
import { realTimeline } from '../helpers/fixture.js';

const NOW = new Date('2026-01-15T12:00:00Z');
const label = (q: string, now = NOW) => readPeriods(q, now).period?.label;

describe('understanding: companies, people and aliases', () => {
  it('GIVEN "MMC", "Hon Hai" and "Renault" THEN each maps to its company', () => {
    expect(understand('MMC market capitalisation').companies).toEqual(['mitsubishi']);
    expect(understand('What did Hon Hai say?').companies).toEqual(['foxconn']);
    expect(understand("Renault's stake").companies).toEqual(['renault']);
    expect(understand('Mitsubishi Motors shares').companies).toEqual(['mitsubishi']);
  });

  it('GIVEN "the two automakers" or "both" THEN Honda and Nissan are both meant', () => {
    for (const q of ['What did the two automakers target?', 'did both sign?']) {
      const u = understand(q);
      expect(u.both).toBe(true);
      expect(u.companies).toEqual(expect.arrayContaining(['honda', 'nissan']));
    }
  });

  it('GIVEN a person (Espinosa, Mibe, Young Liu, Jun Seki, Kaihara) THEN the person and their company are recognised', () => {
    expect(understand('What did Espinosa say?').companies).toContain('nissan');
    expect(understand('Who is Toshihiro Mibe?').companies).toContain('honda');
    expect(understand('What did Young Liu say about Nissan?').companies).toEqual(expect.arrayContaining(['foxconn', 'nissan']));
    expect(understand('Who is Jun Seki?').people.map((p) => p.key)).toEqual(['seki']);
    expect(understand('Who is Kaihara?').companies).toEqual(['honda']);
  });

  it('GIVEN Toyota or Tesla THEN they are recorded as companies the log does not cover', () => {
    expect(understand("What is Toyota's operating profit?").others).toEqual(['toyota']);
    expect(understand('How many cars did Tesla sell?').others).toEqual(['tesla']);
  });

  it('GIVEN metric synonyms THEN they meet the same canonical word', () => {
    const t = (q: string) => understand(q).terms;
    expect(t('nissan job cuts')).toContain(t('nissan layoffs')[0]);
    expect(t('honda EBIT')).toEqual(t('honda operating income'));
    expect(t('honda operating profit')).toEqual(t('honda operating income'));
    expect(t('the tie-up')).toEqual(t('the merger'));
    expect(t('the integration')).toEqual(t('the merger'));
    expect(t('capacity utilization')).toEqual(t('utilisation'));
    expect(t('how busy are the plants')).toContain(t('utilisation')[0]);
    expect(t('tariff hit')).toEqual(t('tariff impact'));
    expect(t('tariff cost')).toEqual(t('tariff impact'));
    expect(t('nissan net income')).toEqual(expect.arrayContaining(t('nissan net profit')));
    expect(t('revenue')).toEqual(t('turnover'));
  });

  it('GIVEN "US" the country and "us" the pronoun THEN only the country is a term', () => {
    expect(understand('Nissan US plant utilisation').terms).toContain('usa');
    expect(understand('tell us about the merger').terms).not.toContain('usa');
  });

  it('GIVEN a typo THEN it is read as the nearest word the log knows', () => {
    const index = indexOf(realTimeline());
    const u = understand('honda tarrif hit', { index });
    expect(u.corrected).toContainEqual(['tarrif', 'tariff']);
    expect(u.terms).toEqual(understand('honda tariff hit', { index }).terms);
  });

  it('GIVEN different wordings THEN the kind of question is when / who / why / figure / what', () => {
    expect(understand('When did they sign the MOU?').kind).toBe('when');
    expect(understand('Who replaced Uchida?').kind).toBe('who');
    expect(understand('Why did the talks collapse?').kind).toBe('why');
    expect(understand('How much is the tariff hit?').kind).toBe('figure');
    expect(understand("What is Renault's stake in Nissan?").kind).toBe('figure');
    expect(understand('What happened in February 2025?').kind).toBe('what');
  });

  it('GIVEN a yes/no question about the future THEN it is a prediction; a "when will" about a stated plan is not', () => {
    expect(understand('Will Honda and Nissan merge in 2027?').prediction).toBe(true);
    expect(understand('What are the odds that Honda buys Nissan?').prediction).toBe(true);
    expect(understand("Who will be Nissan's next CEO?").prediction).toBe(true);
    expect(understand('When will Nissan stop making cars at Oppama?').prediction).toBe(false);
    expect(understand('How much did Nissan lose?').prediction).toBe(false);
  });
});

describe('understanding: fiscal years (April–March, named by the starting year)', () => {
  it('GIVEN "FY2025", "FY25", "fiscal 2025", "FY2025/26" THEN April 2025 – March 2026', () => {
    for (const q of ['FY2025', 'FY25', 'fiscal 2025', 'fiscal year 2025', 'FY2025/26', "FY'25", 'fy 2025']) {
      expect(label(q), q).toBe('FY2025 (Apr 2025–Mar 2026)');
    }
  });

  it('GIVEN "fiscal year ending March 2026", "FY ending Mar 2026", "year to March 2026" THEN the same FY2025', () => {
    for (const q of ['fiscal year ending March 2026', 'FY ending Mar 2026', 'the year to March 2026', 'fiscal year ended March 31, 2026', 'FY to March 2026']) {
      expect(label(q), q).toBe('FY2025 (Apr 2025–Mar 2026)');
    }
  });

  it('GIVEN fiscal quarters and halves THEN they count from April', () => {
    expect(label('Q1 FY2025')).toBe('Q1 of FY2025 (Apr 2025–Jun 2025)');
    expect(label('Q3 FY2025')).toBe('Q3 of FY2025 (Oct 2025–Dec 2025)');
    expect(label('first half of FY2025')).toBe('first half of FY2025 (Apr 2025–Sep 2025)');
    expect(label('first-half net loss for FY2025')).toBe('first half of FY2025 (Apr 2025–Sep 2025)');
    expect(label('nine months to December 2025')).toBe('Apr 2025–Dec 2025');
  });

  it('GIVEN the log\'s own period words THEN figure periods are read the same way', () => {
    const fy = fiscalYear(2025);
    expect(figurePeriod('FY ending Mar 2026')).toMatchObject({ start: fy.start, end: fy.end });
    expect(figurePeriod('FY ending Mar 2026 (estimate)')).toMatchObject({ start: fy.start, end: fy.end });
    expect(figurePeriod('FY2024 (to Mar 2025)')?.label).toBe('FY2024 (Apr 2024–Mar 2025)');
    expect(figurePeriod('Apr–Jun 2025')?.label).toBe('Apr 2025–Jun 2025');
    expect(figurePeriod('restructuring plan')).toBeUndefined();
  });
});

describe('understanding: calendar dates with chrono-node and an injected now', () => {
  it('GIVEN "in February 2025" THEN that month', () => {
    expect(label('what happened in February 2025?')).toBe('Feb 2025');
  });

  it('GIVEN "last December" on 15 Jan 2026 THEN December 2025; on 10 Jan 2025 THEN December 2024', () => {
    expect(label('what happened last December?')).toBe('Dec 2025');
    expect(label('what happened last December?', new Date('2025-01-10T00:00:00Z'))).toBe('Dec 2024');
  });

  it('GIVEN "last month" THEN the month before now', () => {
    expect(label('news from last month', new Date('2025-08-15T00:00:00Z'))).toBe('Jul 2025');
  });

  it('GIVEN a day, a bare year, a range and "since" THEN each is read', () => {
    expect(readPeriods('on 13 Feb 2025', NOW).period?.day).toBe('2025-02-13');
    expect(label('what happened in 2024?')).toBe('2024');
    expect(label('between March and May 2025')).toBe('Mar 2025–May 2025');
    const since = readPeriods('since July 2025', NOW).period!;
    expect(monthLabel(since.start)).toBe('Jul 2025');
    expect(monthLabel(since.end)).toBe('Jan 2026');
  });
});
