/**
 * "Nissan's net loss in dollars", "the tariff hit per vehicle": a question asking for a figure in a currency or per
 * unit. The log never converts or divides a figure, so only a statement in that currency (or one whose note states the
 * amount in it), or one stated per that unit, answers such a question. Pure.
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

/** "per vehicle", "per share", "each quarter": a rate per unit, which only a figure stated so answers. */
const PER_UNIT = /\b(?:per|each|every) (vehicles?|cars?|units?|shares?|quarters?|months?|days?|weeks?|employees?|workers?|heads?|models?|plants?)\b(?! (?:of|in|on|at|for|from)\b)/;

/** The unit a question asks a figure per, when the series states no figure per that unit; undefined otherwise. */
export function perUnitMissing(question: string, group: readonly FigureRecord[]): string | undefined {
  const m = PER_UNIT.exec(foldText(question));
  if (!m) return undefined;
  const unit = m[1].replace(/s$/, '');
  const per = new RegExp(`\\bper ${unit}|\\b${unit}-per-|\\bper-${unit}`);
  return group.some((r) => per.test(`${r.figure.label} ${r.figure.period ?? ''} ${r.figure.unit}`.toLowerCase())) ? undefined : unit;
}
