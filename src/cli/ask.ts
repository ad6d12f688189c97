/**
 * `npm run --silent ask -- "question"`: answer one question from the log, as plain text.
 *   --json               one JSON object { question, found, answer, figures, events, citations }
 *   --json (no question) read one question per line from stdin, print exactly one JSON object per line, in order:
 *                        a blank or over-long line gets { question, found: false, error }
 * The log is data/events.json, or EVENTS_PATH. Exit codes: 0 answered or declined, 2 bad input, 1 log unreadable.
 */
import { createInterface } from 'node:readline';
import { loadTimelineFile } from '../timeline/store.js';
import type { Timeline } from '../timeline/timeline.js';
import { answerAnyLanguage } from '../i18n/ja/answer.js';
import { renderText } from '../replies/plain-text.js';
import { answerData, answerReply } from '../answers/present.js';

const MAX = 300;

const USAGE = `usage: npm run --silent ask -- [--json] "your question"
       echo "question" | npm run --silent ask -- --json     (one question per line)`;


/** Why a question cannot be asked, or undefined when it is fine. */
export function questionProblem(q: string): string | undefined {
  if (!q.trim()) return 'the question is empty';
  if (q.trim().length > MAX) return `the question is ${q.trim().length} characters long; the limit is ${MAX}`;
  return undefined;
}

function load(): Timeline {
  const path = process.env.EVENTS_PATH || 'data/events.json';
  const res = loadTimelineFile(path);
  if (!res.ok) {
    process.stderr.write(`ask: cannot use the event log: ${res.error.message}\n`);
    process.exit(1);
  }
  return res.timeline;
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const words = argv.filter((a) => a !== '--json' && a !== '--');
  const unknown = words.find((a) => /^--?[a-z]/i.test(a));
  if (unknown) {
    process.stderr.write(`ask: unknown option ${unknown}\n${USAGE}\n`);
    return 2;
  }
  const question = words.join(' ');
  const now = process.env.ASK_NOW ? new Date(process.env.ASK_NOW) : new Date();

  if (!question && json && !process.stdin.isTTY) {
    // batch: one question per line, one JSON object per line, in order
    const timeline = load();
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    let bad = false;
    for await (const line of rl) {
      const problem = questionProblem(line);
      if (problem) {
        // every input line has its output line, so that answers stay aligned with their questions (a blank line is
        // not a mistake in a batch: it only makes the exit code 2 when a line was too long)
        if (line.trim()) bad = true;
        process.stderr.write(`ask: ${problem}\n`);
        process.stdout.write(`${JSON.stringify({ question: line.slice(0, MAX), found: false, error: problem })}\n`);
        continue;
      }
      process.stdout.write(`${JSON.stringify(answerData(answerAnyLanguage(timeline, line.trim(), { now })))}\n`);
    }
    return bad ? 2 : 0;
  }

  const problem = questionProblem(question);
  if (problem) {
    process.stderr.write(`ask: ${problem}.\n${USAGE}\n`);
    return 2;
  }
  const timeline = load();
  const a = answerAnyLanguage(timeline, question.trim(), { now });
  if (json) process.stdout.write(`${JSON.stringify(answerData(a))}\n`);
  else process.stdout.write(`${renderText(answerReply(a))}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`ask: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  },
);
