import { describe, expect, it } from 'vitest';
import { answerQuestion, type Answer } from '../../src/answers/index.js';
import { ask } from '../../commands/ask.js';
import type { CommandContext } from '../../src/core/command.js';
import { realTimeline } from '../helpers/fixture.js';

const timeline = realTimeline();
const now = new Date('2026-06-01T00:00:00Z');
const ask_ = (q: string, at = now): Answer => answerQuestion(timeline, q, { now: at });

function declined(a: Answer): void {
  expect(a.found, a.question).toBe(false);
  expect(a.figures).toEqual([]);
  expect(a.events).toEqual([]);
  expect(a.answer).toMatch(/not hold|does not hold/);
}

describe('honest declines', () => {
  it('GIVEN other automakers (Toyota, Tesla, Hyundai) THEN not in the log', () => {
    for (const q of ["What is Toyota's operating profit forecast?", 'How many cars did Tesla sell in 2025?', "What is Hyundai's tariff exposure?"]) {
      const a = ask_(q);
      declined(a);
      expect(a.reason).toBe('other-company');
    }
  });

  it('GIVEN a prediction THEN not in the log, and the nearest thing is labelled as such', () => {
    const a = ask_('Will Honda and Nissan merge in 2027?');
    declined(a);
    expect(a.reason).toBe('prediction');
    expect(a.answer).toMatch(/Nearest thing the log holds \(not an answer to your question\)/);
    expect(a.nearest?.events.length).toBeGreaterThan(0);
  });

  it('GIVEN a period the log does not cover THEN not in the log, with the periods it does hold as nearest', () => {
    const a = ask_("What was Honda's tariff hit in FY2022?");
    declined(a);
    expect(a.reason).toBe('other-period');
    expect(a.nearest?.figures[0].figure.metric).toBe('tariff-impact-operating-profit');
  });

  it('GIVEN a metric the log does not hold THEN not in the log', () => {
    for (const q of ["What is Nissan's R&D budget?", 'How many robots are in Honda\'s ASIMO programme?', "What's Honda's cash pile?", 'How many EVs did Honda sell in 2025?']) declined(ask_(q));
  });

  it('GIVEN "Honda\'s stake in Nissan" THEN not Nissan\'s stake in Mitsubishi: declined', () => {
    declined(ask_("Honda's stake in Nissan"));
    declined(ask_('How much of Nissan does Honda own?'));
  });

  it('GIVEN "what happened last week" after the log\'s newest event THEN declined, saying where the log ends, with the latest events as nearest', () => {
    const a = ask_('What happened last week?', new Date('2027-03-20T00:00:00Z'));
    declined(a);
    expect(a.reason).toBe('after-log');
    expect(a.answer).toMatch(/The log runs to /);
    expect(a.nearest?.events.length).toBeGreaterThan(0);
  });

  it('GIVEN a decline THEN the ask reply is a warning, with no figures or citations in data', async () => {
    const ctx: CommandContext = { timeline, now, platform: 'console', user: { id: 'u', canManage: false }, services: {} };
    const r = await ask.run({ question: 'Should I buy Honda stock?' }, ctx);
    expect(r.tone).toBe('warning');
    expect(r.title).toMatch(/^Not in the log/);
    expect(r.data).toMatchObject({ found: false, figures: [], events: [], citations: [] });
  });

  it('GIVEN a "why" question THEN the event\'s summary with its source', async () => {
    const a = ask_('Why did the Honda-Nissan merger talks collapse?');
    expect(a.found).toBe(true);
    expect(a.events[0].id).toBe('2025-02-13-merger-mou-terminated');
    expect(a.answer).toContain('subsidiary');
    expect(a.citations[0].url).toBe(a.events[0].sources[0].url);
  });
});
