import { describe, expect, it } from 'vitest';
import { answerQuestion, type Answer } from '../../src/answers/index.js';
import { fiscalYear, mi, periodFit, range } from '../../src/answers/months.js';
import { realTimeline } from '../helpers/fixture.js';

const timeline = realTimeline();
const ask = (q: string): Answer => answerQuestion(timeline, q, { now: new Date('2026-06-01T00:00:00Z') });

function declined(a: Answer): void {
  expect(a.found, a.question).toBe(false);
  expect(a.figures).toEqual([]);
  expect(a.events).toEqual([]);
}

describe('a measure the question names that the figure does not carry', () => {
  it('GIVEN the coupon on bonds whose event text mentions coupons THEN declined, not answered with the bonds\' proceeds', () => {
    declined(ask("what's the coupon on Nissan's convertible bonds?"));
  });

  it('GIVEN the amount the same bonds raised THEN answered with that figure', () => {
    const a = ask('How much did Nissan raise from its July 2025 bonds?');
    expect(a.found).toBe(true);
    expect(a.figures[0].figure.id).toBe('nissan-bond-proceeds-2025-07');
  });
});

describe('a post the best event names without answering', () => {
  it('GIVEN when someone the lexicon does not know took up a post, and an event that only names them in it THEN declined as undated', () => {
    const a = ask('When did Takao Kato take over as Mitsubishi Motors CEO?');
    declined(a);
    expect(a.reason).toBe('undated-post');
  });

  it('GIVEN when a post changed hands and an event stating the change THEN answered with it', () => {
    expect(ask('When did Nissan name a new CEO?').events[0].id).toBe('2025-03-11-uchida-out-espinosa-ceo');
    expect(ask("When did Honda's executive vice president resign?").events[0].id).toBe('2025-04-07-honda-evp-aoyama-resigns');
  });

  it('GIVEN who was to hold a post no event names anyone in THEN declined, not answered with an event about the plan', () => {
    for (const q of ['Who would have been president of the joint holding company?', 'who would chair the planned holding company']) {
      const a = ask(q);
      declined(a);
      expect(a.reason).toBe('no-person');
    }
  });
});

describe('a person asked for', () => {
  it('GIVEN a post asked for by name ("… chairman name?") THEN a who-question: the holder the log names, or a decline naming the post', () => {
    const a = ask('renault chairman name?');
    declined(a);
    expect(a.reason).toBe('no-person');
    expect(ask('honda ceo name?').answer).toMatch(/Toshihiro Mibe/);
  });

  it('GIVEN who replaced someone the lexicon does not know, and events that state no change of post THEN declined', () => {
    const a = ask('who succeeded christian meunier?');
    declined(a);
    expect(a.reason).toBe('no-person');
    expect(ask('who replaced Uchida?').answer).toMatch(/Ivan Espinosa/);
  });

  it('GIVEN "who at <company>" and events that name no one THEN declined; an event naming the executive answers', () => {
    declined(ask('who at foxconn negotiated the oppama deal?'));
    expect(ask("which honda executive said at CES that nissan's big vehicles fill a gap?").events[0].id).toBe('2025-01-07-honda-ces-nissan-large-vehicles');
  });
});

describe('a currency or a time the figure does not match', () => {
  it('GIVEN a figure asked in dollars that the log states in yen only THEN declined: never converted', () => {
    const a = ask("What was Nissan's FY2024 net loss in dollars?");
    declined(a);
    expect(a.reason).toBe('other-unit');
    expect(a.nearest?.figures[0].figure.id).toBe('nissan-net-loss-fy2024');
  });

  it('GIVEN a figure asked in dollars that the log states in dollars THEN answered', () => {
    expect(ask("What was Honda's market cap in dollars in December 2024?").figures[0].figure.id).toBe('honda-market-cap-2024-12');
  });

  it('GIVEN whether a stock is up today THEN declined (stale, or no such figure), never answered with an event about shares', () => {
    for (const q of ['is nissan stock up today?', 'honda stock moving right now?']) {
      const a = ask(q);
      declined(a);
      expect(['stale', 'no-figure']).toContain(a.reason);
    }
  });
});

describe('a fiscal period the figure only partly covers', () => {
  it('GIVEN a fiscal year asked and a figure for months partly outside it THEN no fit; the same months against a calendar year keep a weak fit', () => {
    const janToSep2025 = range(mi(2025, 1), mi(2025, 9), 'Jan–Sep 2025');
    expect(periodFit(janToSep2025, fiscalYear(2025))).toBe(0);
    expect(periodFit(range(mi(2025, 4), mi(2026, 1), 'Apr 2025–Jan 2026'), range(mi(2025, 6), mi(2026, 5), 'Jun 2025–May 2026'))).toBe(0.2);
  });

  it('GIVEN capital spending asked for a fiscal year and only a buyback spent over a calendar span THEN declined', () => {
    declined(ask('how much capex did honda spend in fiscal 2025?'));
  });
});

describe('which plant', () => {
  it('GIVEN which plant in a country, and an event saying only "one of them in Thailand" THEN declined', () => {
    const a = ask('which plant in thailand will nissan shut?');
    declined(a);
    expect(a.reason).toBe('unnamed-plant');
  });

  it('GIVEN which plant, and an event naming it THEN answered with that event', () => {
    expect(ask('which plant would foxconn have bought from nissan?').events[0].id).toBe('2025-10-08-foxconn-walks-away-from-oppama');
  });
});
