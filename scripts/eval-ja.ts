/**
 * `npm run eval:ja`: answer the Japanese questions of test/eval/tuned-ja.jsonl (or a file given as the first
 * argument) with answerJapanese and score them with the same strict rules as `npm run eval` (judge()).
 * --verbose lists the tune split's misses; holdout misses are only counted, never listed.
 */
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadTimelineFile } from '../src/timeline/store.js';
import { answerJapanese } from '../src/i18n/ja/answer.js';
import { judge, loadQuestions, type EvalQuestion } from './eval.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');
export const TUNED_JA = resolve(root, 'test/eval/tuned-ja.jsonl');

export interface JapaneseRow {
  q: EvalQuestion;
  a: ReturnType<typeof answerJapanese>;
  ok: boolean;
}

/** Every question of the file answered and judged. */
export function scoreJapanese(file = TUNED_JA): JapaneseRow[] {
  const res = loadTimelineFile(resolve(root, 'data/events.json'));
  if (!res.ok) throw new Error(res.error.message);
  const timeline = res.timeline;
  return loadQuestions(file).map((q) => {
    const a = answerJapanese(timeline, q.question, { now: new Date(q.now ? `${q.now}T00:00:00Z` : '2026-06-01T00:00:00Z') });
    const ok = judge(q, { found: a.found, figures: a.figures.map((r) => r.figure.id), events: a.events.map((e) => e.id) }, timeline);
    return { q, a, ok };
  });
}

function main(args: string[]): void {
  const file = args.find((a) => !a.startsWith('--')) ?? TUNED_JA;
  const rows = scoreJapanese(file);
  const pct = (xs: typeof rows) => `${xs.length ? ((xs.filter((r) => r.ok).length / xs.length) * 100).toFixed(1) : '—'}% (${xs.filter((r) => r.ok).length}/${xs.length})`;
  console.log(`Japanese evaluation on ${file.replace(`${root}/`, '')}`);
  console.log(`overall     ${pct(rows)}`);
  console.log(`answerable  ${pct(rows.filter((r) => r.q.expect === 'answer'))}`);
  console.log(`declines    ${pct(rows.filter((r) => r.q.expect === 'decline'))}`);
  console.log(`tune        ${pct(rows.filter((r) => r.q.split === 'tune'))}`);
  console.log(`holdout     ${pct(rows.filter((r) => r.q.split === 'holdout'))}`);
  console.log(`figures stated for questions that must be declined: ${rows.filter((r) => r.q.expect === 'decline' && r.a.found).length}`);
  if (args.includes('--verbose')) {
    for (const r of rows.filter((x) => !x.ok && x.q.split !== 'holdout')) {
      console.log(`- ${r.q.id} ${r.q.question}\n    read as  ${r.a.readAs}\n    expected ${r.q.expect === 'decline' ? 'decline' : [...(r.q.figures ?? []), ...(r.q.events ?? []), ...(r.q.eventsAny ?? [])].join(' ')}\n    got      ${r.a.found ? `${r.a.kind}: ${[...r.a.figures.slice(0, 3).map((f) => f.figure.id), ...r.a.events.slice(0, 2).map((e) => e.id)].join(' ')}` : `declined (${r.a.reason ?? ''})`}`);
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
