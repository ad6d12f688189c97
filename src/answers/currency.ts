/**
 * "Nissan's net loss in dollars": a question asking for a figure in a currency. The log never converts a figure, so
 * only a statement in that currency (or one whose note states the amount in it) answers such a question. Pure.
 */
import type { FigureRecord } from '../timeline/timeline.js';
import { foldText } from './text.js';

const ASKED: { unit: string; re: RegExp; note: RegExp; name: string }[] = [
  { unit: 'USD', re: /\bin (?:us |u s |american )?(?:dollars?|usd|dollar terms|\$)(?!\w)/, note: /\$|\bdollars?\b|\bUSD\b/, name: 'US dollars' },
  { unit: 'JPY', re: /\bin (?:japanese )?(?:yen|jpy|yen terms)\b/, note: /¥|\byen\b|\bJPY\b/, name: 'yen' },
];

/** The currency the question asks the figure in ("in dollars", "in yen"), if any. */
export function askedCurrency(question: string): (typeof ASKED)[number] | undefined {
  const f = foldText(question);
  return ASKED.find((a) => a.re.test(f));
}

/** The series states the amount in the asked currency: a statement in it, or a note giving it. */
export function statedIn(group: readonly FigureRecord[], asked: (typeof ASKED)[number]): boolean {
  return group.some((r) => r.figure.unit === asked.unit || asked.note.test(r.figure.note ?? ''));
}
