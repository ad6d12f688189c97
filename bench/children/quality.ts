/**
 * Answer quality vs speed: every question of test/eval/questions.jsonl through the engine
 * (answerQuestion) and through the baseline (baselineSearch: MiniSearch top hit), scored by the
 * evaluation's own `judge` (scripts/eval.ts), each question timed (median of --passes passes).
 *   node --import tsx bench/children/quality.ts [--events data/events.json] [--passes 5]
 * On a synthetic log the expected ids do not exist, so only the timings mean anything there.
 */
import { loadTimelineFile } from '../../src/timeline/store.js';
import { answerQuestion, baselineSearch, indexOf } from '../../src/answers/index.js';
import { judge, loadQuestions, runEval } from '../../scripts/eval.js';
import { BENCH_LIMITS, argValue, median, report, round, stats } from '../lib.js';

const path = argValue('events', 'data/events.json')!;
const passes = Number(argValue('passes', '5'));
const res = loadTimelineFile(path, new Date(), BENCH_LIMITS);
if (!res.ok) throw new Error(res.error.message);
const timeline = res.timeline;
indexOf(timeline);
baselineSearch(timeline, 'warm');

const questions = loadQuestions();
// The evaluation answers at the question's `now` (else its default, 1 June 2026); BENCH_NOW is that default.
const nowOf = (q: { now?: string }) => new Date(q.now ? `${q.now}T00:00:00Z` : '2026-06-01T00:00:00Z');

const engineMs: number[][] = questions.map(() => []);
const baselineMs: number[][] = questions.map(() => []);
const engineOk: boolean[] = [];
const baselineOk: boolean[] = [];
// warm-up pass (not timed)
for (const q of questions) {
  answerQuestion(timeline, q.question, { now: nowOf(q) });
  baselineSearch(timeline, q.question);
}
for (let p = 0; p < passes; p++) {
  questions.forEach((q, i) => {
    let t0 = performance.now();
    const a = answerQuestion(timeline, q.question, { now: nowOf(q) });
    engineMs[i].push(performance.now() - t0);
    t0 = performance.now();
    const b = baselineSearch(timeline, q.question);
    baselineMs[i].push(performance.now() - t0);
    if (p === 0) {
      engineOk.push(judge(q, { found: a.found, figures: a.figures.map((r) => r.figure.id), events: a.events.map((e) => e.id) }, timeline));
      baselineOk.push(judge(q, { found: b.found, figures: b.figures, events: b.event ? [b.event.id] : [] }, timeline));
    }
  });
}
const perQuestionEngine = engineMs.map(median);
const perQuestionBaseline = baselineMs.map(median);
const acc = (list: boolean[]) => round(list.filter(Boolean).length / (list.length || 1), 4);
const holdout = questions.map((q, i) => (q.split === 'holdout' ? i : -1)).filter((i) => i >= 0);

// Cross-check with the evaluation script itself (same log, same questions): the accuracy must agree.
const official = path.endsWith('data/events.json') ? runEval({ eventsPath: path }) : undefined;

report({
  events: timeline.size,
  questions: questions.length,
  passes,
  engine: {
    accuracy: acc(engineOk),
    holdoutAccuracy: acc(holdout.map((i) => engineOk[i])),
    correct: engineOk.filter(Boolean).length,
    msPerQuestion: stats(perQuestionEngine),
  },
  baseline: {
    accuracy: acc(baselineOk),
    holdoutAccuracy: acc(holdout.map((i) => baselineOk[i])),
    correct: baselineOk.filter(Boolean).length,
    msPerQuestion: stats(perQuestionBaseline),
  },
  evalScript: official ? { engine: official.overall.accuracy, baseline: official.baseline.overall.accuracy, agrees: round(official.overall.accuracy, 4) === acc(engineOk) && round(official.baseline.overall.accuracy, 4) === acc(baselineOk) } : null,
});
