/**
 * `npm run eval`: answer every question in test/eval/questions.jsonl with the engine and with the
 * baseline (MiniSearch, default options, over event title+summary, top hit), and print accuracy
 * overall, per kind, for declines, for the held-out third, and the baseline's on the same questions.
 *
 * "Correct" is strict:
 *  - decline: found === false;
 *  - figure question: found, every expected figure id is among the returned figures, and the first
 *    returned figure belongs to the expected series (the top series is the expected one);
 *  - when / who / why: found and the first returned event (the one the answer is built from) is expected
 *    (one of `eventsAny`, or the first of `events`), and every id in `events` is returned;
 *  - what: found and every id in `events` is returned (or one of `eventsAny`), and any expected figures too.
 * The baseline is scored with the same rules on {top event, that event's figures}; it "declines" only
 * when it finds nothing.
 *
 * Never-tuned sets: every test/eval/fresh-*.jsonl and test/eval/ja-*.jsonl, written by people who never saw the
 * engine, is scored as a block of its own (overall, declines, per kind and per class) with counts only: their
 * misses are never listed, not even with --verbose, so that nothing is ever tuned on them.
 *
 * Options: --split tune|holdout (only that split of the tuned set), --verbose (list the tune split's misses; holdout
 * misses are only counted, so that nothing is tuned on them), --json (numbers only).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { loadTimelineFile } from '../src/timeline/store.js';
import { seriesKey, type Timeline } from '../src/timeline/timeline.js';
import { baselineSearch, THRESHOLDS } from '../src/answers/index.js';
import { answerAnyLanguage } from '../src/i18n/ja/answer.js';

export interface EvalQuestion {
  id: string;
  /** Tuned set only: never-tuned sets carry no split. */
  split?: 'tune' | 'holdout';
  kind: 'figure' | 'when' | 'who' | 'why' | 'what';
  expect: 'answer' | 'decline';
  question: string;
  figures?: string[];
  events?: string[];
  eventsAny?: string[];
  now?: string;
  /** Never-tuned sets: the class of question (comparison, chat wording, status…), counted per class. */
  class?: string;
  lang?: string;
  expectNote?: string;
}

export interface Tally {
  correct: number;
  total: number;
  accuracy: number;
}

export interface EvalResult {
  overall: Tally;
  answerable: Tally;
  declines: Tally;
  byKind: Record<string, Tally>;
  tune: Tally;
  holdout: Tally;
  holdoutDeclines: Tally;
  baseline: { overall: Tally; answerable: Tally; declines: Tally; holdout: Tally; byKind: Record<string, Tally> };
  misses: { id: string; split: string; question: string; expected: string; got: string }[];
  /** Answers that stated a figure for a question that must be declined (the worst failure). */
  falseAnswers: number;
  byClass: Record<string, Tally>;
}

/** A never-tuned set's score: counts only, never its questions. */
export interface UntunedResult {
  file: string;
  overall: Tally;
  answerable: Tally;
  declines: Tally;
  byKind: Record<string, Tally>;
  byClass: Record<string, Tally>;
  falseAnswers: number;
}

const DEFAULT_NOW = '2026-06-01T00:00:00Z';

export function loadQuestions(path = resolve(root(), 'test/eval/questions.jsonl')): EvalQuestion[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalQuestion);
}

/** The never-tuned sets (test/eval/fresh-*.jsonl, test/eval/ja-*.jsonl), by file name. */
export function untunedSets(dir = resolve(root(), 'test/eval')): string[] {
  return readdirSync(dir)
    .filter((f) => /^(fresh|ja)-.*\.jsonl$/.test(f))
    .sort()
    .map((f) => resolve(dir, f));
}

function root(): string {
  return resolve(fileURLToPath(import.meta.url), '../..');
}

interface Outcome {
  found: boolean;
  figures: string[];
  events: string[];
}

export function judge(q: EvalQuestion, o: Outcome, timeline: Timeline): boolean {
  if (q.expect === 'decline') return !o.found;
  if (!o.found) return false;
  const figs = q.figures ?? [];
  if (figs.some((f) => !o.figures.includes(f))) return false;
  if (q.kind === 'figure' && figs.length) {
    const want = timeline.figureById.get(figs[0]);
    const top = o.figures[0] ? timeline.figureById.get(o.figures[0]) : undefined;
    if (!want || !top || seriesKey(want.figure) !== seriesKey(top.figure)) return false;
  }
  const evs = q.events ?? [];
  if (evs.some((e) => !o.events.includes(e))) return false;
  if (q.eventsAny && !q.eventsAny.some((e) => o.events.includes(e))) return false;
  if (q.kind === 'when' || q.kind === 'who' || q.kind === 'why') {
    const first = o.events[0];
    const ok = q.eventsAny ? q.eventsAny.includes(first) : evs.length ? first === evs[0] : true;
    if (!ok) return false;
  }
  return true;
}

function tally(list: boolean[]): Tally {
  const correct = list.filter(Boolean).length;
  return { correct, total: list.length, accuracy: list.length ? correct / list.length : 1 };
}

function loadLog(eventsPath?: string): Timeline {
  const res = loadTimelineFile(eventsPath ?? process.env.EVENTS_PATH ?? resolve(root(), 'data/events.json'));
  if (!res.ok) throw new Error(res.error.message);
  return res.timeline;
}

function tallies(rows: { q: EvalQuestion; ok: boolean }[], key: (q: EvalQuestion) => string | undefined): Record<string, Tally> {
  const groups: Record<string, boolean[]> = {};
  for (const r of rows) {
    const k = key(r.q);
    if (k) (groups[k] ??= []).push(r.ok);
  }
  return Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, tally(v)]));
}

/** Score a never-tuned set: counts only (the misses are not returned, so they cannot be printed). */
export function runUntuned(file: string, opts: { eventsPath?: string } = {}): UntunedResult {
  const timeline = loadLog(opts.eventsPath);
  const rows = loadQuestions(file).map((q) => {
    const a = answerAnyLanguage(timeline, q.question, { now: new Date(q.now ? `${q.now}T00:00:00Z` : DEFAULT_NOW) });
    const ok = judge(q, { found: a.found, figures: a.figures.map((r) => r.figure.id), events: a.events.map((e) => e.id) }, timeline);
    return { q, ok, found: a.found };
  });
  const sel = (f: (q: EvalQuestion) => boolean) => tally(rows.filter((r) => f(r.q)).map((r) => r.ok));
  return {
    file: file.slice(file.lastIndexOf('/') + 1),
    overall: sel(() => true),
    answerable: sel((q) => q.expect === 'answer'),
    declines: sel((q) => q.expect === 'decline'),
    byKind: tallies(rows, (q) => (q.expect === 'decline' ? 'decline' : q.kind)),
    byClass: tallies(rows, (q) => q.class),
    falseAnswers: rows.filter((r) => r.q.expect === 'decline' && r.found).length,
  };
}

export function runEval(opts: { eventsPath?: string; questions?: EvalQuestion[]; split?: 'tune' | 'holdout' } = {}): EvalResult {
  const timeline = loadLog(opts.eventsPath);
  let questions = opts.questions ?? loadQuestions();
  if (opts.split) questions = questions.filter((q) => q.split === opts.split);
  const rows = questions.map((q) => {
    const a = answerAnyLanguage(timeline, q.question, { now: new Date(q.now ? `${q.now}T00:00:00Z` : DEFAULT_NOW) });
    const engine: Outcome = { found: a.found, figures: a.figures.map((r) => r.figure.id), events: a.events.map((e) => e.id) };
    const b = baselineSearch(timeline, q.question);
    const base: Outcome = { found: b.found, figures: b.figures, events: b.event ? [b.event.id] : [] };
    return { q, a, ok: judge(q, engine, timeline), baseOk: judge(q, base, timeline), engine };
  });
  const byKind: Record<string, boolean[]> = {};
  const baseByKind: Record<string, boolean[]> = {};
  for (const r of rows) {
    const k = r.q.expect === 'decline' ? 'decline' : r.q.kind;
    (byKind[k] ??= []).push(r.ok);
    (baseByKind[k] ??= []).push(r.baseOk);
  }
  const sel = (f: (r: (typeof rows)[number]) => boolean, key: 'ok' | 'baseOk' = 'ok') => tally(rows.filter(f).map((r) => r[key]));
  return {
    overall: sel(() => true),
    answerable: sel((r) => r.q.expect === 'answer'),
    declines: sel((r) => r.q.expect === 'decline'),
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, tally(v)])),
    tune: sel((r) => r.q.split === 'tune'),
    holdout: sel((r) => r.q.split === 'holdout'),
    holdoutDeclines: sel((r) => r.q.split === 'holdout' && r.q.expect === 'decline'),
    baseline: {
      overall: sel(() => true, 'baseOk'),
      answerable: sel((r) => r.q.expect === 'answer', 'baseOk'),
      declines: sel((r) => r.q.expect === 'decline', 'baseOk'),
      holdout: sel((r) => r.q.split === 'holdout', 'baseOk'),
      byKind: Object.fromEntries(Object.entries(baseByKind).map(([k, v]) => [k, tally(v)])),
    },
    misses: rows
      .filter((r) => !r.ok)
      .map((r) => ({
        id: r.q.id,
        split: r.q.split ?? 'holdout',
        question: r.q.question,
        expected: r.q.expect === 'decline' ? 'decline' : `${[...(r.q.figures ?? []), ...(r.q.events ?? []), ...(r.q.eventsAny ?? []).map((e) => `any:${e}`)].join(' ')}`,
        got: r.a.found ? `${r.a.kind}: ${[...r.engine.figures.slice(0, 3), ...r.engine.events.slice(0, 3)].join(' ')}` : `declined (${r.a.reason ?? ''}, conf ${(r.a.confidence ?? 0).toFixed(2)})`,
      })),
    falseAnswers: rows.filter((r) => r.q.expect === 'decline' && r.a.found).length,
    byClass: tallies(rows, (q) => q.class),
  };
}

function pct(t: Tally): string {
  return `${(t.accuracy * 100).toFixed(1).padStart(5)}%  (${t.correct}/${t.total})`;
}

function print(r: EvalResult, verbose: boolean): void {
  const lines = [
    'Evaluation on test/eval/questions.jsonl (tuned)',
    '',
    `                       engine                 baseline (minisearch top hit)`,
    `overall              ${pct(r.overall).padEnd(22)} ${pct(r.baseline.overall)}`,
    `answerable           ${pct(r.answerable).padEnd(22)} ${pct(r.baseline.answerable)}`,
    `declines             ${pct(r.declines).padEnd(22)} ${pct(r.baseline.declines)}`,
    ...Object.keys(r.byKind)
      .sort()
      .map((k) => `  kind ${k.padEnd(14)} ${pct(r.byKind[k]).padEnd(22)} ${pct(r.baseline.byKind[k])}`),
    `tune split           ${pct(r.tune)}`,
    `holdout split        ${pct(r.holdout).padEnd(22)} ${pct(r.baseline.holdout)}`,
    `holdout declines     ${pct(r.holdoutDeclines)}`,
    ...Object.keys(r.byClass)
      .sort()
      .map((k) => `  class ${k.padEnd(13)} ${pct(r.byClass[k])}`),
    `figures stated for questions that must be declined: ${r.falseAnswers}`,
  ];
  console.log(lines.join('\n'));
  // the holdout is the check that the engine generalises: its misses are counted, never listed
  const shown = r.misses.filter((m) => m.split !== 'holdout');
  const hidden = r.misses.length - shown.length;
  if (verbose && r.misses.length) {
    console.log('\nMisses (tune split):');
    for (const m of shown) console.log(`- ${m.id} [${m.split}] ${m.question}\n    expected ${m.expected}\n    got      ${m.got}`);
    if (hidden) console.log(`…and ${hidden} holdout miss(es), not listed (the holdout is never tuned on).`);
  } else if (r.misses.length) {
    console.log(`\n${r.misses.length} miss(es); run with --verbose to list them.`);
  }
}

function printUntuned(r: UntunedResult): void {
  const lines = [
    '',
    `Never-tuned set test/eval/${r.file} (counts only; its misses are never listed)`,
    `overall              ${pct(r.overall)}`,
    `answerable           ${pct(r.answerable)}`,
    `declines             ${pct(r.declines)}`,
    ...Object.keys(r.byKind)
      .sort()
      .map((k) => `  kind ${k.padEnd(14)} ${pct(r.byKind[k])}`),
    ...Object.keys(r.byClass)
      .sort()
      .map((k) => `  class ${k.padEnd(13)} ${pct(r.byClass[k])}`),
    `figures stated for questions that must be declined: ${r.falseAnswers}`,
  ];
  console.log(lines.join('\n'));
}

/**
 * Threshold sweep on the tune split only (the holdout is never used to choose thresholds):
 * accuracy for each pair of (figure, event) confidence thresholds.
 */
export function sweep(): { figure: number; event: number; accuracy: number; declines: number }[] {
  const saved = { ...THRESHOLDS };
  const out: { figure: number; event: number; accuracy: number; declines: number }[] = [];
  try {
    const which = (process.env.SWEEP ?? 'figure,event').split(',') as ('figure' | 'event' | 'eventKnown')[];
    for (let f = 0.3; f <= 0.951; f += 0.05) {
      for (let e = 0.3; e <= 0.951; e += 0.05) {
        THRESHOLDS[which[0]] = Number(f.toFixed(2));
        THRESHOLDS[which[1]] = Number(e.toFixed(2));
        const r = runEval({ split: 'tune' });
        out.push({ figure: THRESHOLDS[which[0]], event: THRESHOLDS[which[1]], accuracy: r.overall.accuracy, declines: r.declines.accuracy });
      }
    }
  } finally {
    Object.assign(THRESHOLDS, saved);
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--sweep')) {
    const grid = sweep();
    const evs = [...new Set(grid.map((g) => g.event))];
    const which = (process.env.SWEEP ?? 'figure,event').split(',');
    console.log(`tune-split accuracy (declines) by ${which[0]} threshold (rows) × ${which[1]} threshold (columns); current ${JSON.stringify(THRESHOLDS)}`);
    console.log('fig\\ev ' + evs.map((e) => e.toFixed(2).padStart(12)).join(''));
    for (const f of [...new Set(grid.map((g) => g.figure))]) {
      const row = grid.filter((g) => g.figure === f).map((g) => `${(g.accuracy * 100).toFixed(1)} (${(g.declines * 100).toFixed(0)})`.padStart(12));
      console.log(f.toFixed(2).padEnd(8) + row.join(''));
    }
    process.exit(0);
  }
  const split = args.includes('--split') ? (args[args.indexOf('--split') + 1] as 'tune' | 'holdout') : undefined;
  const r = runEval({ split });
  const untuned = split ? [] : untunedSets().map((f) => runUntuned(f));
  if (args.includes('--json')) console.log(JSON.stringify({ ...r, misses: r.misses.length, untuned }, null, 2));
  else {
    print(r, args.includes('--verbose'));
    for (const u of untuned) printUntuned(u);
  }
}
