import { describe, expect, it } from 'vitest';
import { answerQuestion, type Answer } from '../../src/answers/index.js';
import { asksToCompare } from '../../src/answers/decompose.js';
import { realTimeline } from '../helpers/fixture.js';

const timeline = realTimeline();
const now = new Date('2026-06-01T00:00:00Z');
const ask = (q: string): Answer => answerQuestion(timeline, q, { now });
const lines = (a: Answer) => a.answer.split('\n');

describe('comparisons and two-part questions', () => {
  it('GIVEN comparison wording THEN it is recognised; a plain question is not', () => {
    for (const q of ['honda versus nissan revenue', 'compare honda and nissan tariff hit', 'which company cut more jobs?', 'honda or nissan: whose market cap is bigger?', 'was the loss bigger than it had warned?']) expect(asksToCompare(q), q).toBe(true);
    for (const q of ['how big is honda tariff hit', 'nissan job cuts']) expect(asksToCompare(q), q).toBe(false);
  });

  it('GIVEN two companies compared THEN each answered from its own records, side by side, in the order named, each with its source', () => {
    const a = ask('nissan vs honda tariff hit');
    expect(a.found).toBe(true);
    const [first, second] = lines(a);
    expect(first).toMatch(/^\*\*Nissan\*\*: .*— Nissan, .*source: \[.+\]\(https?:/);
    expect(second).toMatch(/^\*\*Honda\*\*: .*— Honda, .*source: \[.+\]\(https?:/);
    expect(a.figures[0].figure.company).toBe('Nissan');
    expect(a.figures.some((r) => r.figure.company === 'Honda')).toBe(true);
  });

  it('GIVEN the two figures share metric, unit and period THEN which is larger is said, with both values as stated and no difference computed', () => {
    const a = ask('compare honda and nissan tariff hit');
    const heads = a.groups!.map((g) => g[0].figure);
    expect(heads[0].unit).toBe(heads[1].unit);
    expect(a.answer).toMatch(/Larger of the two: \*\*(Honda|Nissan)\*\* \(.+ against .+; the same unit and period, as stated\)/);
    expect(a.answer).not.toMatch(/difference|more than .* by/i);
  });

  it('GIVEN a profit set against a loss THEN both are shown and neither is called larger', () => {
    const a = ask('honda vs nissan operating profit forecast fy2025');
    expect(a.found).toBe(true);
    const metrics = new Set(a.groups!.map((g) => g[0].figure.metric));
    if (metrics.size > 1) expect(a.answer).not.toMatch(/Larger of the two/);
  });

  it('GIVEN a comparison of two named companies the log holds only half of THEN no side-by-side answer is made from the half (the question is answered or declined whole)', () => {
    const a = ask('honda vs nissan job cuts');
    expect(a.answer).not.toMatch(/^\*\*Honda\*\*:/m);
    expect(a.figures.every((r) => r.figure.company !== 'Honda')).toBe(true);
  });

  it('GIVEN two questions in one THEN both parts answered, the second borrowing the company and measure it leaves out', () => {
    const a = ask("what was Honda's first-quarter tariff cost, and its full-year estimate?");
    expect(a.found).toBe(true);
    expect(lines(a)).toHaveLength(2);
    const periods = a.groups!.map((g) => g[0].figure.period);
    expect(new Set(periods).size).toBe(2);
    expect(a.groups!.every((g) => g[0].figure.company === 'Honda' && /tariff/i.test(g[0].figure.label))).toBe(true);
  });

  it('GIVEN one statement compared across two dates THEN the statement made in each', () => {
    const a = ask("Honda's net profit forecast in May 2025 against November 2025");
    expect(a.found).toBe(true);
    expect(a.figures[0].figure.asOf.startsWith('2025-05')).toBe(true);
    expect(a.figures.some((r) => r.figure.asOf.startsWith('2025-11'))).toBe(true);
  });
});
