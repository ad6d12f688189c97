/**
 * Warming the answer engine after a start or a reload. V8 compiles the scoring code to optimised machine code
 * only after it has run many times, on threads that compete with the answering thread; until then a question
 * takes several times longer (on the 10,000-event benchmark log the first few hundred `ask` calls after a
 * start had a p99 of about 25 ms, the same questions later about 6 ms). So the engine is run over questions
 * made from the log itself — the shapes people ask: what happened, why, when, who, a company's figure, a
 * figure for a year, another company's figure, a prediction — one question at a time, yielding to the event
 * loop between them, so a user's command is never kept waiting by more than one question. Nothing is cached
 * from these answers: only V8's compiled code stays. What matters is covering every path: a question of a shape
 * the warm-up lacked ("What did Elon Musk say about Nissan?": no content word, another company) still took 16 ms
 * the first times after it, 4.4 ms once the shape was added.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Timeline } from '../timeline/timeline.js';
import { formatDate } from '../timeline/dates.js';
import { answerQuestion } from './answer.js';
import { findFigures } from './figures.js';
import { figureChoices, eventChoices } from './autocomplete.js';
import { COMPANIES, OTHER_COMPANIES, PEOPLE } from './lexicon.js';

/** What a warm-up does: questions for `ask`, queries for `figure`, typed prefixes for autocomplete. */
export interface WarmPlan {
  questions: string[];
  figureQueries: string[];
  prefixes: string[];
}

/** Up to `n` items spread evenly over a list (deterministic: the same log gives the same plan). */
function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  const out: T[] = [];
  for (let k = 0; k < n; k++) out.push(items[Math.floor((k * items.length) / n)]);
  return out;
}

const yearOf = (iso: string) => Number(iso.slice(0, 4));

/**
 * The questions and queries a warm-up runs, made from the log: `size / 6` events and as many figures spread over it,
 * two questions from each, a figure query and an autocomplete prefix from each figure, a prefix from each event, and
 * two questions per person the lexicon knows (about 1.5 × `size` steps in all).
 */
export function warmPlan(timeline: Timeline, size = 600): WarmPlan {
  const questions: string[] = [];
  const figureQueries: string[] = [];
  const prefixes: string[] = [];
  const events = spread(timeline.events, Math.ceil(size / 6));
  events.forEach((e, k) => {
    const title = e.title.replace(/[.?!]+$/, '');
    const lower = title.charAt(0).toLowerCase() + title.slice(1);
    const company = e.companies[0] ?? 'Honda';
    const other = OTHER_COMPANIES[(k * 7) % OTHER_COMPANIES.length];
    const year = e.date.slice(0, 4);
    const shapes = [
      `What happened when ${lower}?`,
      `Why ${lower}?`,
      `When did ${lower}?`,
      `What did ${company} say in ${e.date.slice(0, 7)}?`,
      // no content words at all, another company named: every event is a candidate
      `What did ${other} say about ${company}?`,
      `Tell me about ${company}`,
      // a day, a range, a relative date; who did it; advice and the future, which are declined
      `What was reported on ${formatDate(e.date)}?`,
      `What happened to ${company} between ${formatDate(e.date.slice(0, 7))} and December ${year}?`,
      k % 2 ? 'What happened yesterday?' : 'What happened last week?',
      `Who ${lower}?`,
      `Should I buy ${company} stock?`,
      `When is ${company}'s next earnings report?`,
      // where a matter stands, and a time anchored on an event
      `Is the ${lower} still on?`,
      `What did ${company} say after ${lower}?`,
    ];
    questions.push(shapes[k % shapes.length], shapes[(k + 1) % shapes.length]);
    prefixes.push(title.slice(0, 3 + (k % 6)));
  });
  const figures = spread(timeline.figures, Math.ceil(size / 6));
  figures.forEach((rec, k) => {
    const f = rec.figure;
    const company = f.company === '—' ? COMPANIES[k % COMPANIES.length].key : f.company;
    const other = OTHER_COMPANIES[k % OTHER_COMPANIES.length];
    const year = yearOf(f.asOf);
    const shapes = [
      `What is ${company}'s ${f.label}?`,
      `How many ${f.label.toLowerCase()} did ${company} report?`,
      `How much was the ${f.label} in ${year}?`,
      `${f.label} ${f.period}`,
      `What is ${other}'s ${f.label}?`,
      `Will ${company}'s ${f.label} rise in ${year + 5}?`,
      `${company} ${f.metric.replace(/-/g, ' ')} forecast`,
      // side by side: two companies, and two questions in one
      `Honda vs Nissan ${f.label}`,
      `What was the ${f.label}, and its forecast?`,
    ];
    questions.push(shapes[k % shapes.length], shapes[(k + 3) % shapes.length]);
    figureQueries.push(k % 2 ? `${company} ${f.label}` : f.id);
    prefixes.push(f.label.slice(0, 3 + (k % 6)));
  });
  for (const p of PEOPLE) questions.push(`Who is ${p.name}?`, `Who runs ${p.company}?`);
  return { questions, figureQueries, prefixes };
}

/**
 * Runs a warm-up plan one item at a time, yielding to the event loop (`setImmediate`) after each, until done
 * or `signal` is aborted (a reload starts a new warm-up). Resolves with how many items ran.
 */
export async function warmUp(timeline: Timeline, opts: { plan?: WarmPlan; now?: Date; signal?: AbortSignal } = {}): Promise<number> {
  const plan = opts.plan ?? warmPlan(timeline);
  const now = opts.now ?? new Date();
  // interleaved, as users' commands are: each kind of work warms the code the others share
  const steps = interleave<() => unknown>([
    plan.questions.map((q) => () => answerQuestion(timeline, q, { now })),
    plan.figureQueries.map((q) => () => findFigures(timeline, q, { now })),
    plan.prefixes.flatMap((p) => [() => figureChoices(timeline, p), () => eventChoices(timeline, p)]),
  ]);
  let ran = 0;
  for (const step of steps) {
    if (opts.signal?.aborted) break;
    step();
    ran++;
    await nextTurn();
  }
  return ran;
}

/** The lists' items taken in turn (the first of each, then the second of each, …) rather than one list after the other. */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let k = 0; k < longest; k++) for (const l of lists) if (k < l.length) out.push(l[k]);
  return out;
}
