/**
 * `ask` in the asker's language. A Japanese question is read by src/i18n/ja/question.ts; the reply is Japanese when
 * the context's locale is ja, or, with no locale, when the question is written in Japanese. Pure.
 */
import type { Reply } from '../replies/reply.js';
import type { Timeline } from '../timeline/timeline.js';
import { answerQuestion } from '../answers/index.js';
import { answerReply } from '../answers/present.js';
import { escapeMarkup, truncate } from '../replies/reply.js';
import type { Locale } from './catalogue.js';
import { answerJapanese } from './ja/answer.js';
import { isJapanese } from './ja/question.js';
import { answerReplyJa } from './ja/reply.js';

/** The locale of a reply: the platform's (interaction, user, BOT_LOCALE, LOCALE), else the script of the question. */
export function replyLocale(locale: Locale | undefined, question: string): Locale {
  return locale ?? (isJapanese(question) ? 'ja' : 'en');
}

/**
 * The `ask` reply when language matters: a Japanese question (read in Japanese, replied in the locale) or a Japanese
 * locale. Undefined for an English question in English: the caller's English path then runs unchanged.
 */
export function localisedAsk(timeline: Timeline, question: string, opts: { now: Date; locale?: Locale }): Reply | undefined {
  const japanese = isJapanese(question);
  const locale = replyLocale(opts.locale, question);
  if (!japanese && locale !== 'ja') return undefined;
  const a = japanese ? answerJapanese(timeline, question, { now: opts.now }) : answerQuestion(timeline, question, { now: opts.now });
  if (locale === 'ja') return answerReplyJa(a);
  const reply = answerReply(a);
  const q = escapeMarkup(question);
  return { ...reply, title: truncate(a.found ? `Q: ${q}` : `Not in the log: ${q}`, 256) };
}
