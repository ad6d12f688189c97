/**
 * `tsx scripts/answer-reference.ts OUT.jsonl [EVENTS_PATH]`: every evaluation question (and each with its words
 * reversed, to reach more code paths) answered by the engine, written one JSON line each: the text, kind, found,
 * figure and event ids, confidence and reason. A change meant to keep behaviour is checked by diffing two such
 * files, before and after it.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadTimelineFile } from '../src/timeline/store.js';
import { answerQuestion, findFigures } from '../src/answers/index.js';
import { loadQuestions } from './eval.js';

const [out, eventsPath = resolve('data/events.json')] = process.argv.slice(2);
const res = loadTimelineFile(eventsPath);
if (!res.ok) throw new Error(res.error.message);
const timeline = res.timeline;
const now = new Date('2026-06-01T00:00:00Z');
const lines: string[] = [];
for (const q of loadQuestions()) {
  for (const question of [q.question, q.question.split(' ').reverse().join(' ')]) {
    const a = answerQuestion(timeline, question, { now });
    lines.push(
      JSON.stringify({
        question,
        found: a.found,
        kind: a.kind,
        answer: a.answer,
        figures: a.figures.map((f) => f.figure.id),
        events: a.events.map((e) => e.id),
        nearest: a.nearest ? [...a.nearest.figures.map((f) => f.figure.id), ...a.nearest.events.map((e) => e.id)] : undefined,
        confidence: a.confidence,
        reason: a.reason,
        groups: a.groups?.map((g) => g.map((f) => f.figure.id)),
        search: ((f) => [f.found, f.groups.map((g) => g.map((r) => r.figure.id)), f.nearest.map((g) => g[0]?.figure.id)])(findFigures(timeline, question.slice(0, 100), { now })),
      }),
    );
  }
}
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`${lines.length} answers written to ${out}`);
