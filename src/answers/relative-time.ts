/**
 * Relative time anchored to events: "after the merger talks ended", "before the tariffs took effect", "at the time of
 * the December 2024 memorandum". The anchor is found in the log like any question, and the asked period runs from (or
 * up to) its date — never from today.
 */
import { formatDate } from '../timeline/dates.js';
import { mi, type Period } from './periods.js';
import type { AnswerIndex } from './search-index.js';
import { bestEvents } from './scoring/event-scores.js';
import { derive, understand, type Understanding } from './understand.js';
import { THRESHOLDS } from './weights.js';

/** "…after / before / since / following / at the time of <something that happened>" (to the end of the clause). */
const RELATIVE = /\b(after|since|following|before|prior to|ahead of|at the time of|around the time of|during)\s+((?:the|its|their|nissan's|honda's)\s+[^,?;]{3,80}?|[a-z][^,?;]{3,80}?(?:ended|collapsed|began|started|took effect|kicked in|was signed|were signed|signed|announced|broke|fell apart|took over|became \w+|stepped down|left|was named|was appointed|closed|opened|was agreed|were agreed))\s*(?=[,?;.]|$)/i;

/** The event date a period is anchored on (only what is dated strictly after / before it belongs to the period). */
const anchors = new WeakMap<Period, { after?: string; before?: string }>();

/** How far back "before <event>" reaches. */
const BEFORE_MONTHS = 24;

function monthOf(date: string): number {
  const [y, m] = date.split('-').map(Number);
  return mi(y, m || 1);
}

/**
 * The question with its relative clause read as a period anchored on an event, or undefined when it has none (or the
 * anchor is not in the log). The rest of the question is understood as asked.
 */
export function anchoredQuestion(u: Understanding, index: AnswerIndex): Understanding | undefined {
  const m = RELATIVE.exec(u.question);
  if (!m || u.period) return undefined;
  const anchorU = understand(m[2], { now: u.now, index });
  if (!anchorU.terms.length) return undefined;
  const anchor = bestEvents(index, anchorU, 1)[0];
  if (!anchor || anchor.cover < THRESHOLDS.event) return undefined;
  const date = anchor.doc.event.date;
  const at = monthOf(date);
  const rel = m[1].toLowerCase();
  const newest = index.newestMonth;
  const before = rel === 'before' || rel === 'prior to' || rel === 'ahead of';
  const during = rel.endsWith('time of') || rel === 'during';
  // ("before" reaches back two years: what led up to it, not the whole log)
  const span: [number, number] = before ? [at - BEFORE_MONTHS, at] : during ? [at, at] : [at, Math.max(at, newest)];
  const words = before ? `the two years before ${formatDate(date)}` : during ? `the month of ${formatDate(date)}` : `the time since ${formatDate(date)}`;
  // (made as periods.ts makes them, field for field: the scoring code is optimised for that one shape)
  const period: Period = { start: span[0], end: span[1], fiscal: false, label: `${words} (${anchor.doc.event.title})`, text: m[0] };
  if (!during) anchors.set(period, before ? { before: date } : { after: date });
  const rest = `${u.question.slice(0, m.index)} ${u.question.slice(m.index + m[0].length)}`.trim();
  const restU = understand(rest, { now: u.now, index });
  // the anchor's event itself is not what "after"/"before" it asks for
  return derive(restU, { question: u.question, period, periods: [period] });
}

/** Whether an event dated `date` lies on the asked side of the period's anchor (always, for a period with none). */
export function anchorAllows(p: Period, date: string): boolean {
  const a = anchors.get(p);
  if (!a) return true;
  if (a.after && !(date > a.after && !a.after.startsWith(date))) return false;
  if (a.before && !(date < a.before)) return false;
  return true;
}
