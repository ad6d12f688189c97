import type { Subcommand } from '../src/core/command.js';
import { answerQuestion } from '../src/answers/index.js';
import { answerReply } from '../src/answers/present.js';
import { escapeMarkup, truncate } from '../src/replies/reply.js';
import { localisedAsk } from '../src/i18n/ask.js';

export const ask: Subcommand = {
  name: 'ask',
  description: 'Ask a question; answered only from the sourced log, or it says the log does not hold it',
  options: [{ name: 'question', description: 'Your question, e.g. "How big was Honda’s tariff hit?" (max 300 characters)', type: 'string', required: true, maxLength: 300 }],
  run(args, { timeline, now, locale }) {
    const question = String(args.question ?? '').trim();
    const ja = localisedAsk(timeline, question, { now, locale });
    if (ja) return ja;
    const a = answerQuestion(timeline, question, { now });
    const reply = answerReply(a);
    return { ...reply, title: truncate(a.found ? `Q: ${escapeMarkup(question)}` : `Not in the log: ${escapeMarkup(question)}`, 256) };
  },
};
