/**
 * The answers engine takes the best few documents without sorting everything (`best`, `groupSeries`), and skips
 * documents whose score cannot reach the k-th best (`bestEvents`, `bestFigures`: bounds, best-first batches, the best
 * three events kept for every later request; a question's credits and its events' figure fits reused by its later
 * passes). These shortcuts must pick exactly what a full sort
 * of every scored document would: checked for every evaluation question on the real log and on a generated log of
 * 600 events (where a question's words match hundreds of documents).
 */
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../src/timeline/timeline.js';
import { loadTimelineFile } from '../../src/timeline/store.js';
import { indexOf, understand } from '../../src/answers/index.js';
import { THRESHOLDS } from '../../src/answers/weights.js';
import { groupSeries } from '../../src/answers/series.js';
import { bestFigures, scoreFigures, seriesBests, type ScoredFigure } from '../../src/answers/scoring/figure-scores.js';
import { bestEvents, scoreEvents, type ScoredEvent } from '../../src/answers/scoring/event-scores.js';
import { best, eventOrder, figureOrder } from '../../src/answers/scoring/top-k.js';
import { generateLog } from '../../scripts/gen-synthetic-log.js';
import { loadQuestions } from '../../scripts/eval.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const real = loadTimelineFile('data/events.json');
if (!real.ok) throw new Error(real.error.message);
const logs: [string, Timeline][] = [
  ['real log', real.timeline],
  ['600 generated events', new Timeline(generateLog(600))],
];
const questions = loadQuestions().map((q) => q.question);
/** Every evaluation question scored many ways over a generated log: minutes on a busy machine, not the default 20 s. */
const HEAVY_MS = 120_000;

const ids = (xs: ScoredEvent[]) => xs.map((s) => `${s.doc.event.id}:${s.score}`);
const figIds = (xs: ScoredFigure[]) => xs.map((s) => `${s.doc.rec.figure.id}:${s.score}`);

describe.each(logs)('best few on the %s', (_name, timeline) => {
  const index = indexOf(timeline);

  it('keeps every posting list strictly ascending (figures scored a few at a time are looked up by binary search)', () => {
    let lists = 0;
    for (const name of ['figTerms', 'figOwn', 'evTitle', 'evSummary', 'figMeasure'] as const) {
      for (const [term, list] of index.post[name]) {
        lists++;
        for (let i = 1; i < list.length; i++) if (!(list[i] > list[i - 1])) expect.fail(`${name} "${term}" is not ascending at ${i}`);
      }
    }
    expect(lists).toBeGreaterThan(100);
  });

  it('bestEvents picks what a full sort of every scored event picks', () => {
    let compared = 0;
    for (const q of questions) {
      const u = understand(q, { now: NOW, index });
      for (const requirePeriod of [false, true]) {
        const all = [...scoreEvents(index, u, { requirePeriod })].sort(eventOrder);
        const bar = THRESHOLDS.event;
        const expected = (k: number, minCover = 0) => ids(all.filter((s) => s.cover >= minCover).slice(0, k));
        // each with a question read afresh, so that nothing scored for it before is reused: the best three worked out
        // once, then served for one, two and three; with a minimum cover asked first, and after the plain best three
        const fresh = () => understand(q, { now: NOW, index });
        const plain = fresh();
        const covered = fresh();
        const after = fresh();
        for (const k of [1, 2, 3]) {
          expect(ids(bestEvents(index, plain, k, { requirePeriod })), q).toEqual(expected(k));
          expect(ids(bestEvents(index, covered, k, { requirePeriod, minCover: bar })), q).toEqual(expected(k, bar));
          expect(ids(bestEvents(index, fresh(), k, { requirePeriod, minCover: bar })), q).toEqual(expected(k, bar));
        }
        bestEvents(index, after, 1, { requirePeriod });
        for (const k of [1, 2, 3]) expect(ids(bestEvents(index, after, k, { requirePeriod, minCover: bar })), q).toEqual(expected(k, bar));
        compared += all.length;
      }
    }
    expect(compared).toBeGreaterThan(questions.length);
  }, HEAVY_MS);

  it('bestFigures picks what a full sort of every scored figure picks', () => {
    let compared = 0;
    const answers = (s: ScoredFigure) => s.cover >= THRESHOLDS.figure;
    for (const q of questions) {
      const u = understand(q, { now: NOW, index });
      for (const opts of [{}, { ignorePeriod: true }, { ignorePeriod: true, loose: true }]) {
        const sorted = [...scoreFigures(index, u, opts)].sort(figureOrder);
        for (const k of [1, 2, 3]) {
          // a question read afresh: nothing scored for it before
          expect(figIds(bestFigures(index, understand(q, { now: NOW, index }), k, opts)), q).toEqual(figIds(sorted.slice(0, k)));
          expect(figIds(bestFigures(index, understand(q, { now: NOW, index }), k, opts, answers)), q).toEqual(figIds(sorted.filter(answers).slice(0, k)));
          // …and after every figure was scored
          expect(figIds(bestFigures(index, u, k, opts)), q).toEqual(figIds(sorted.slice(0, k)));
        }
        compared += sorted.length;
      }
    }
    expect(compared).toBeGreaterThan(questions.length);
  }, HEAVY_MS);

  it('passes that reuse a question\'s credits and its events\' figure fits pick what full sorts pick', () => {
    // one answer scores the same question several times; a later pass reuses the credits of an earlier one whose
    // constraints were no narrower, and events read their figure bonus from a pass over every figure. Each order below
    // starts from a question read afresh, so the reuse is what is checked.
    const loose = { ignorePeriod: true, loose: true };
    let reused = 0;
    const orders: ((v: ReturnType<typeof understand>) => unknown)[] = [
      (v) => seriesBests(index, v),
      (v) => bestFigures(index, v, 2, loose),
      (v) => bestFigures(index, v, 1),
      (v) => bestEvents(index, v, 1, { minCover: THRESHOLDS.event }),
      (v) => bestEvents(index, v, 1, { requirePeriod: true }),
      (v) => scoreFigures(index, v, loose),
      (v) => seriesBests(index, v, { ignorePeriod: true }),
    ];
    for (const q of questions) {
      const u = understand(q, { now: NOW, index });
      const events = ids([...scoreEvents(index, u)].sort(eventOrder).slice(0, 3));
      const strict = figIds([...scoreFigures(index, u)].sort(figureOrder).slice(0, 3));
      const nearest = figIds([...scoreFigures(index, u, loose)].sort(figureOrder).slice(0, 2));
      const series = groupSeries(index, scoreFigures(index, u)).map((g) => `${g.best.doc.rec.figure.id}:${g.best.score}`);
      for (const first of orders) {
        const v = understand(q, { now: NOW, index });
        first(v);
        expect(ids(bestEvents(index, v, 3)), q).toEqual(events);
        expect(figIds(bestFigures(index, v, 2, loose)), q).toEqual(nearest);
        expect(figIds(bestFigures(index, v, 3)), q).toEqual(strict);
        expect(groupSeries(index, seriesBests(index, v)).map((g) => `${g.best.doc.rec.figure.id}:${g.best.score}`), q).toEqual(series);
        reused++;
      }
    }
    expect(reused).toBe(questions.length * orders.length);
  }, HEAVY_MS);

  it('best and groupSeries order figures as a full sort does', () => {
    for (const q of questions) {
      const u = understand(q, { now: NOW, index });
      for (const opts of [{}, { ignorePeriod: true, loose: true }]) {
        const scored = scoreFigures(index, u, opts);
        const sorted = [...scored].sort(figureOrder);
        expect(figIds(best(scored, 3, figureOrder)), q).toEqual(figIds(sorted.slice(0, 3)));
        // series in the order of their best statement, as walking the full sort and keeping first appearances
        const firstSeen: string[] = [];
        for (const s of sorted) if (!firstSeen.includes(s.doc.series)) firstSeen.push(s.doc.series);
        expect(groupSeries(index, scored).map((g) => g.best.doc.series), q).toEqual(firstSeen);
        // the best figure of each series alone, scored for a question read afresh, groups the same
        const bests = seriesBests(index, understand(q, { now: NOW, index }), opts);
        expect(bests.length, q).toBe(firstSeen.length);
        expect(groupSeries(index, bests).map((g) => `${g.best.doc.rec.figure.id}:${g.best.score}`), q).toEqual(groupSeries(index, scored).map((g) => `${g.best.doc.rec.figure.id}:${g.best.score}`));
      }
    }
  }, HEAVY_MS);
});
