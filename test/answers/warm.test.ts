import { describe, expect, it } from 'vitest';
import { answerQuestion, findFigures, understand } from '../../src/answers/index.js';
import { derive } from '../../src/answers/understand.js';
import { warmPlan, warmUp } from '../../src/answers/warm.js';
import { realTimeline } from '../helpers/fixture.js';
import type { Timeline } from '../../src/timeline/timeline.js';

const timeline = realTimeline();
const now = new Date('2026-06-01T00:00:00Z');

describe('warming the answer engine', () => {
  it('GIVEN the log THEN the plan is made from it, the same every time, with every shape of question people ask', () => {
    const plan = warmPlan(timeline);
    expect(warmPlan(timeline)).toEqual(plan);
    expect(plan.questions.length).toBeGreaterThan(100);
    // what happened / why / when, a company's figure, a figure for a year, another company's figure, a prediction, who,
    // and questions without a content word (another company's words on one of ours; "tell me about")
    for (const shape of [/^What happened when /, /^Why /, /^When did /, /^What is \w+'s /, / in \d{4}\?$/, /^Will /, /^Who is /, /^Who runs /, /^What did \w+ say about /, /^Tell me about /]) {
      expect(plan.questions.some((q) => shape.test(q)), String(shape)).toBe(true);
    }
    expect(plan.questions.some((q) => /^What is (toyota|tesla|byd|volkswagen|hyundai|kia)'s /.test(q))).toBe(true);
    // words from the log's own events and figures
    expect(plan.questions.some((q) => timeline.events.some((e) => q.includes(e.title.slice(1, 30))))).toBe(true);
    const ids = plan.figureQueries.filter((q) => timeline.figureById.has(q));
    expect(ids.length).toBeGreaterThan(10);
    expect(plan.prefixes.every((p) => p.length >= 3)).toBe(true);
    expect(plan.questions.filter((q) => /undefined|NaN|\$\{/.test(q))).toEqual([]);
    // an event dated by its year or month only still makes whole questions (the plan reads a log's events and
    // figures only)
    const events = timeline.events.map((e, k) => ({ ...e, date: k % 2 ? e.date.slice(0, 4) : e.date.slice(0, 7) }));
    const undated = { events, figures: timeline.figures } as unknown as Timeline;
    expect(warmPlan(undated).questions.filter((q) => /undefined|NaN/.test(q))).toEqual([]);
    // the size asked bounds how much of the log it reads
    expect(warmPlan(timeline, 60).questions.length).toBeLessThan(plan.questions.length);
  });

  it('GIVEN a warm-up THEN it runs every step, one at a time, letting other work run between them', async () => {
    const plan = warmPlan(timeline, 60);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let between = 0;
    const counting = new Promise<void>((resolve) => {
      const check = () => {
        between++;
        if (between < 5) setImmediate(check);
        else resolve();
      };
      setImmediate(check);
    });
    const ran = await warmUp(timeline, { plan, now });
    clearInterval(timer);
    await counting;
    expect(ran).toBe(plan.questions.length + plan.figureQueries.length + 2 * plan.prefixes.length);
    // other callbacks ran while it did (it yields after every step)
    expect(ticks).toBeGreaterThan(0);
    expect(between).toBe(5);
  });

  it('GIVEN an aborted warm-up THEN it stops at the next step', async () => {
    const plan = warmPlan(timeline, 60);
    const before = new AbortController();
    before.abort();
    expect(await warmUp(timeline, { plan, now, signal: before.signal })).toBe(0);
    const during = new AbortController();
    const running = warmUp(timeline, { plan, now, signal: during.signal });
    await new Promise<void>((resolve) => setImmediate(resolve));
    during.abort();
    const ran = await running;
    expect(ran).toBeGreaterThan(0);
    expect(ran).toBeLessThan(5);
  });

  it('GIVEN a warm-up THEN answers and figure lookups are the same as without it (nothing is kept but compiled code)', async () => {
    const questions = ["What is Honda's tariff hit?", 'Why did the merger talks collapse?', "What is Toyota's operating profit forecast?", 'who runs nissan'];
    const before = questions.map((q) => answerQuestion(timeline, q, { now }));
    const figs = findFigures(timeline, 'nissan operating profit', { now });
    await warmUp(timeline, { now });
    expect(questions.map((q) => answerQuestion(timeline, q, { now }))).toEqual(before);
    expect(findFigures(timeline, 'nissan operating profit', { now })).toEqual(figs);
  });
});

describe('derive: an understanding with some fields changed', () => {
  it('GIVEN a patch THEN only those fields change, the original is untouched, and the fields keep understand’s order', () => {
    const u = understand("Who was Nissan's boss during the merger talks with Toyota?", { now });
    const copy = structuredClone({ ...u, now: u.now.toISOString() });
    const d = derive(u, { terms: ['merger'], people: [] });
    expect(Object.keys(d)).toEqual(Object.keys(u));
    expect(d.terms).toEqual(['merger']);
    expect(d.people).toEqual([]);
    for (const k of Object.keys(u) as (keyof typeof u)[]) if (k !== 'terms' && k !== 'people') expect(d[k], k).toBe(u[k]);
    expect({ ...u, now: u.now.toISOString() }).toEqual(copy);
    // a field patched to undefined is undefined, not the original's
    const dated = understand('honda profit in 2025', { now });
    expect(dated.period).toBeDefined();
    expect(derive(dated, { period: undefined }).period).toBeUndefined();
    expect(derive(u, {})).toEqual(u);
  });
});
