/** Answer a Japanese question with the English engine: the same records, figures, sources and declines. Pure. */
import { answerQuestion, type Answer } from '../../answers/index.js';
import type { Timeline } from '../../timeline/timeline.js';
import { isJapanese, readJapanese } from './question.js';

export interface JapaneseAnswer extends Answer {
  /** The English words the question was read as (shown in logs and `--json`). */
  readAs: string;
}

export function answerJapanese(timeline: Timeline, question: string, opts: { now?: Date } = {}): JapaneseAnswer {
  const reading = readJapanese(question);
  const a = answerQuestion(timeline, reading.english, opts);
  return { ...a, question, readAs: reading.english };
}

/** A question in whichever language it is written: Japanese through the Japanese reader, anything else as English. */
export function answerAnyLanguage(timeline: Timeline, question: string, opts: { now?: Date } = {}): Answer {
  return isJapanese(question) ? answerJapanese(timeline, question, opts) : answerQuestion(timeline, question, opts);
}
