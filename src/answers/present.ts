/** How an Answer is shown: the `ask` reply (platform-neutral Reply) and the JSON shape of `ask --json`. Pure. */
import type { Answer } from './answer.js';
import { markupToText as markupToPlain } from '../replies/plain-text.js';
import { truncate, type Reply } from '../replies/reply.js';
import { formatDate } from '../timeline/dates.js';

/** The JSON shape shared by `ask`'s reply.data and `npm run ask -- --json`. */
export function answerData(a: Answer) {
  return {
    question: a.question,
    found: a.found,
    answer: markupToPlain(a.answer),
    figures: a.figures.map((r) => ({ id: r.figure.id, label: r.figure.label, value: r.figure.value, unit: r.figure.unit, scale: r.figure.scale ?? null, period: r.figure.period, company: r.figure.company })),
    events: a.events.map((e) => e.id),
    citations: a.citations.map((s) => ({ publisher: s.publisher, title: s.title, url: s.url, date: s.date })),
  };
}

/** Build the reply for an answer (shared with the CLI). */
export function answerReply(a: Answer): Reply {
  const cites = a.citations.slice(0, 6).map((s) => `• [${truncate(`${s.publisher} — ${s.title}`, 110)}](${s.url}) (${formatDate(s.date)})`);
  const fields = cites.length ? [{ name: 'Sources', value: truncate(cites.join('\n'), 1024) }] : [];
  return {
    title: truncate(a.found ? `Q: ${a.question}` : `Not in the log: ${a.question}`, 256),
    body: truncate(a.answer, 3500),
    fields,
    footer: a.found
      ? `Answered only from the curated log${a.events.length ? ` · events: ${truncate(a.events.map((e) => e.id).join(', '), 150)}` : ''}`
      : 'The log does not hold this. It never guesses; ask about Honda and Nissan events, figures and dates.',
    tone: a.found ? 'info' : 'warning',
    data: { ...answerData(a), kind: a.kind },
  };
}

