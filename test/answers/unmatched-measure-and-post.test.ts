import { describe, expect, it } from 'vitest';
import { answerQuestion, type Answer } from '../../src/answers/index.js';
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
