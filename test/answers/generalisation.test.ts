import { describe, expect, it } from 'vitest';
import { answerQuestion, type Answer } from '../../src/answers/index.js';
import { ownershipAgrees, ownershipOf } from '../../src/answers/ownership.js';
import { normalise } from '../../src/answers/normalise.js';
import { understand } from '../../src/answers/understand.js';
import { shiftPeriod, fiscalYear } from '../../src/answers/months.js';
import { realTimeline } from '../helpers/fixture.js';

const timeline = realTimeline();
const now = new Date('2026-06-01T00:00:00Z');
const ask = (q: string): Answer => answerQuestion(timeline, q, { now });
const figureIds = (a: Answer) => a.figures.map((r) => r.figure.id);
const eventIds = (a: Answer) => a.events.map((e) => e.id);

describe('declines: arithmetic, metrics the log lacks, changes and places', () => {
  it('GIVEN a question asking how much bigger one figure is than another THEN it is declined, never shown as two parts', () => {
    const a = ask("How much bigger was Nissan's FY2025 net loss than Honda's?");
    expect(a.found).toBe(false);
    expect(a.figures).toEqual([]);
  });

  it('GIVEN a measure the log never uses (EBITDA) THEN it is not read as a shorter word the log does use (EBIT)', () => {
    const u = understand("what was nissan's ebitda in fy2024", { now });
    expect(u.terms).toContain('ebitda');
    expect(ask("what was nissan's ebitda in fy2024").found).toBe(false);
  });

  it('GIVEN a figure measuring a change to another measure THEN it never answers a question about the measure itself', () => {
    const a = ask('how many cars did honda sell in the us in 2025');
    expect(figureIds(a)).not.toContain('honda-north-america-sales-forecast-cut');
  });

  it('GIVEN a figure about everything outside a place THEN it never answers a question about that place', () => {
    const a = ask('how much did nissan make in china');
    expect(figureIds(a)).not.toContain('nissan-capacity-ex-china-current');
  });

  it('GIVEN a share price asked for now THEN a price stated months ago is declined as not current', () => {
    const a = ask("whats honda's share price rn");
    expect(a.found).toBe(false);
    expect(a.reason).toBe('stale');
  });

  it('GIVEN a person the log names but never dates in a post THEN "when did they become CEO" is declined', () => {
    const a = ask('when did mibe become honda ceo');
    expect(a.found).toBe(false);
    expect(a.reason).toBe('undated-post');
  });
});

describe('who holds a stake in whom', () => {
  it('GIVEN stake wording either way round THEN the holder and the held company are read', () => {
    expect(ownershipOf("nissan's stake in renault")).toEqual({ holder: 'nissan', held: 'renault' });
    expect(ownershipOf('how much of renault does nissan own')).toEqual({ holder: 'nissan', held: 'renault' });
    expect(ownershipOf('Renault stake in Nissan')).toEqual({ holder: 'renault', held: 'nissan' });
  });

  it('GIVEN a label holding the stake the other way round, or a stake in a plant THEN it does not agree with the question', () => {
    const asked = ownershipOf("nissan's stake in renault");
    expect(ownershipAgrees(asked, 'Renault stake in Nissan')).toBe(false);
    expect(ownershipAgrees(asked, 'Nissan stake in the Chennai plant to be bought by Renault')).toBe(false);
    expect(ownershipAgrees(asked, 'Nissan stake in Renault')).toBe(true);
  });

  it("GIVEN Nissan's holding in Renault asked THEN Renault's stake in Nissan is never the answer", () => {
    const a = ask('how much of renault does nissan own');
    expect(figureIds(a).filter((id) => id.startsWith('renault-stake-in-nissan'))).toEqual([]);
  });
});

describe('context numbers: a number an event states in passing', () => {
  it('GIVEN a share asked that no figure record holds THEN the event sentence stating it is quoted with its source', () => {
    const a = ask('how much of renault does nissan own');
    expect(a.found).toBe(true);
    expect(a.figures).toEqual([]);
    expect(eventIds(a)).toEqual(['2025-06-16-nissan-plans-to-cut-renault-stake']);
    expect(a.answer).toMatch(/in passing/);
    expect(a.answer).toMatch(/15%/);
    expect(a.citations.length).toBeGreaterThan(0);
  });

  it('GIVEN the same question about now THEN a number stated over six months before is not given', () => {
    expect(ask('how much of renault does nissan own right now').found).toBe(false);
  });

  it('GIVEN a question naming a period THEN no sentence stands in for a result or forecast of that period', () => {
    expect(ask('What was Honda\'s revenue for the full year to March 2026?').found).toBe(false);
  });
});

describe('status: the latest on the matter', () => {
  it('GIVEN "still on?" about a matter with later reports THEN the latest report leads and the best match is shown', () => {
    const a = ask('are the truck talks still on?');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/Where it stands, as the log has it/);
    const dates = a.events.map((e) => e.date);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(eventIds(a)).toContain('2025-07-11-nissan-honda-pickup-talks');
    expect(a.events[0].date > '2025-07-11').toBe(true);
  });

  it('GIVEN a yes/no question about an outcome the log does not record THEN it says so, dated', () => {
    const a = ask('has honda actually signed anything w/ nissan on pickups');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/does not record that anything was signed/);
  });

  it('GIVEN "status of" a matter named with a measure word THEN it is answered with events, not a figure', () => {
    const a = ask("whats the status of nissan's renault stake sale");
    expect(a.found).toBe(true);
    expect(a.kind).toBe('what');
    expect(eventIds(a)).toContain('2025-06-16-nissan-plans-to-cut-renault-stake');
  });
});

describe('relative time', () => {
  it('GIVEN "a month after <event>" leading the question THEN the span starts at the event and reaches a month or so', () => {
    const a = ask('About a month after the merger talks ended, what leadership change did Nissan announce?');
    expect(eventIds(a)[0]).toBe('2025-03-11-uchida-out-espinosa-ceo');
  });

  it('GIVEN "at the time of <event>" in a figure question THEN the statement made by then answers, not a later revision', () => {
    const a = ask("what was nissan's net loss forecast at the time of the merger collapse");
    expect(figureIds(a)).toEqual(['nissan-net-loss-forecast-fy2024-feb']);
  });

  it('GIVEN "after <the log\'s newest event>" THEN it is declined with where the log ends, never answered with the event itself', () => {
    const a = ask('what happened after the ecu talks');
    expect(a.found).toBe(false);
    expect(a.answer).toMatch(/The log runs to/);
  });

  it('GIVEN "during <a matter>" THEN the anchor is its first report: who held a post then', () => {
    const a = ask("who was nissan's ceo during the merger talks");
    expect(a.answer).toMatch(/Uchida/);
    expect(a.answer).not.toMatch(/^\*\*Ivan Espinosa/);
  });

  it('GIVEN "what will happen after <event>" THEN it is declined as a prediction', () => {
    expect(ask('what will happen after the ecu deal').reason).toBe('prediction');
  });

  it('GIVEN "…when <something happened>" inside a figure question THEN the statement of that time answers', () => {
    const a = ask("what was honda's market cap when the merger mou was signed");
    expect(figureIds(a)[0]).toBe('honda-market-cap-2024-12');
  });

  it('GIVEN "the day after <event> was announced" THEN the anchor is the first report of it, not a later one', () => {
    const a = ask('how much did honda shares rise the day after the buyback was announced');
    expect(figureIds(a)[0]).toBe('honda-share-rise-2024-12-24');
  });

  it('GIVEN "before <event>" in a figure question THEN a figure covering part of the span before it answers', () => {
    const a = ask("before the tariffs took effect what was honda's profit forecast");
    expect(a.found).toBe(true);
    expect(a.figures.every((r) => r.figure.asOf <= '2025-04-03')).toBe(true);
  });
});

describe('comparisons and two-part questions', () => {
  it('GIVEN two companies asked for one measure with no single record THEN each company is answered side by side', () => {
    const a = ask('At the time of the Dec 2024 MoU, what were Honda and Nissan\'s market values?');
    expect(figureIds(a)).toEqual(expect.arrayContaining(['honda-market-cap-2024-12', 'nissan-market-cap-2024-12']));
  });

  it('GIVEN "vs the year before" THEN the same span a year earlier is the second part', () => {
    const a = ask('honda Q3 FY25 op profit vs Q3 the year before');
    expect(figureIds(a)).toEqual(expect.arrayContaining(['honda-operating-profit-q3-fy2025', 'honda-operating-profit-q3-fy2024']));
  });

  it('GIVEN "how did it change between May and October" THEN the statements at each end are shown', () => {
    const a = ask("How did Nissan's estimate of the tariff hit change between May and October 2025?");
    expect(figureIds(a)).toEqual(expect.arrayContaining(['nissan-tariff-impact-fy2025-may-jpy', 'nissan-tariff-impact-fy2025-oct']));
  });

  it('GIVEN two headline measures asked at once THEN one part each', () => {
    const a = ask('what is nissan guiding for op profit and net income in FY2026');
    expect(figureIds(a)).toEqual(expect.arrayContaining(['nissan-operating-profit-forecast-fy2026', 'nissan-net-profit-forecast-fy2026']));
  });

  it('GIVEN "which company…" and a figure for only one of the two THEN that one is given and the other said to be missing', () => {
    const a = ask('which company cut more jobs?');
    expect(figureIds(a)[0]).toBe('nissan-job-cuts-re-nissan');
    expect(a.answer).toMatch(/\*\*Honda\*\*: the log holds no such figure/);
    expect(a.answer).not.toMatch(/Larger of the two/);
  });

  it('GIVEN two companies named and a figure for only one THEN the comparison is not answered with half of it', () => {
    const a = ask('honda vs nissan job cuts');
    expect(a.answer).not.toMatch(/the log holds no such figure/);
  });

  it('GIVEN two different measures joined by "compared with" THEN each is a part of its own', () => {
    const a = ask("nissan's h1 operating loss vs its tariff hit in h1");
    expect(figureIds(a)).toEqual(expect.arrayContaining(['nissan-operating-loss-h1-fy2025', 'nissan-tariff-impact-h1-fy2025']));
  });

  it('GIVEN a measure and the net result as a loss THEN the loss goes with the net result only', () => {
    const a = ask("nissan's fy2025 revenue and net loss?");
    expect(figureIds(a)).toEqual(expect.arrayContaining(['nissan-revenue-fy2025', 'nissan-net-loss-fy2025']));
  });

  it('GIVEN two separate periods joined by "and" THEN one part each; two readings of one period are not split', () => {
    expect(figureIds(ask('nissan net loss fy2024 and fy2025?'))).toEqual(expect.arrayContaining(['nissan-net-loss-fy2024', 'nissan-net-loss-fy2025']));
    expect(figureIds(ask("What was Nissan's net loss for the fiscal year that ended in March 2025?"))[0]).toBe('nissan-net-loss-fy2024');
  });

  it('GIVEN a second part pointing back ("work there") THEN it takes the first part\'s subject', () => {
    const a = ask("what is oppama's capacity and how many people work there?");
    expect(figureIds(a)).toEqual(expect.arrayContaining(['nissan-oppama-capacity', 'nissan-oppama-workforce']));
  });

  it('GIVEN a second part saying "in that quarter" THEN it takes the first part\'s period', () => {
    const a = ask('What net loss did Nissan post for April-June 2025, and how much did tariffs cost it in that quarter?');
    expect(figureIds(a)).toEqual(expect.arrayContaining(['nissan-net-loss-q1-fy2025', 'nissan-tariff-impact-q1-fy2025']));
  });
});

describe('succession', () => {
  it('GIVEN "what job did X have before becoming CEO" THEN X\'s own earlier post, not the predecessor', () => {
    const a = ask('What job did Ivan Espinosa have at Nissan before becoming CEO?');
    expect(a.answer).toMatch(/^\*\*Ivan Espinosa\*\* — Nissan chief planning officer/);
  });
});

describe('chat wording', () => {
  it('GIVEN chat shorthand THEN it is spelt out: rn is now, interjections drop, "jan 25" is January 2025, thru is by', () => {
    expect(normalise('yo whats nissans net loss rn')).toBe("what's nissans net loss now");
    expect(normalise('nissan mkt cap jan 25')).toBe('nissan market cap jan 2025');
    expect(normalise('nissan mkt cap jan 25th')).toBe('nissan market cap jan 25th');
    expect(normalise('honda ev plan thru 2030')).toBe('honda ev plan by 2030');
  });

  it('GIVEN a short word with two letters swapped THEN it is read as the log\'s word', () => {
    expect(understand('how many jbos is nissan cutting', { now, index: undefined }).terms).not.toContain('jobcut');
    expect(figureIds(ask('@everyone how many jbos is nissan cutting'))[0]).toBe('nissan-job-cuts-re-nissan');
  });

  it('GIVEN a derived form of a word the log uses THEN it is read as that word', () => {
    expect(eventIds(ask('what is the ecu standardization about'))).toContain('2026-06-ecu-standardisation-final-talks');
  });

  it('GIVEN an acronym written in the plural THEN it is the acronym ("ECUs" finds the ECU talks)', () => {
    expect(eventIds(ask("what's the status of the ECUs talks"))).toContain('2026-06-ecu-standardisation-final-talks');
  });
});

describe('periods', () => {
  it('GIVEN a span shifted by a year THEN start, end and label move with it', () => {
    const p = shiftPeriod(fiscalYear(2025), -12);
    expect([p.start, p.end]).toEqual([fiscalYear(2024).start, fiscalYear(2024).end]);
    expect(p.label).toBe('Apr 2024–Mar 2025');
  });
});
