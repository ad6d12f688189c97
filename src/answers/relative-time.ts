/**
 * Relative time anchored to events: "after the merger talks ended", "before the tariffs took effect", "at the time of
 * the December 2024 memorandum". The anchor is found in the log like any question, and the asked period runs from (or
 * up to) its date — never from today.
 */
import { formatDate } from '../timeline/dates.js';
import { foldText } from './text.js';
import { anchorOf, setAnchor } from './anchors.js';
export { hasAnchor } from './anchors.js';
import { mi, type Period } from './periods.js';
import type { AnswerIndex } from './search-index.js';
import { bestEvents, type ScoredEvent } from './scoring/event-scores.js';
import { derive, understand, type Understanding } from './understand.js';
import { THRESHOLDS } from './weights.js';

/**
 * "…after / before / since / following / at the time of <something that happened>" (to the end of the clause, or to the
 * question it introduces: "after the talks ended, what did…"), with how near it is: "a month after", "just before",
 * "a few days after", "right after".
 */
const RELATIVE = new RegExp(
  String.raw`(?:\b(?<near>(?:(?:about|around|roughly|some|only|just|barely)\s+)?(?:a|an|one|two|three|four|five|six|a few|a couple of|several|\d+)\s+(?<unit>days?|weeks?|months?|years?)|(?:in\s+)?the\s+(?:first\s+)?(?:few\s+)?(?<unit2>days?|weeks?|months?|year)|shortly|soon|right|just|immediately|straight)\s+)?` +
    String.raw`\b(?<rel>after|since|following|before|prior to|ahead of|at the time of|around the time of|during)\s+` +
    String.raw`(?<clause>(?:[a-z]+ing\s+)?(?:the|its|their|nissan's|honda's)\s+[^,?;]{3,80}?|[a-z][^,?;]{3,80}?(?:ended|collapsed|began|started|took effect|kicked in|was signed|were signed|signed|announced|broke|fell apart|took over|became \w+|stepped down|left|was named|was appointed|closed|opened|was agreed|were agreed|blew up|was called off|was scrapped))` +
    String.raw`\s*(?=[,?;.]|$|\s+(?:what|how|who|when|why|which)\b)`,
  'i',
);

/** How many of the best matches for a clause are weighed as its anchor. */
const ANCHORS_WEIGHED = 3;
/** How close in cover two matches are to be the same match of the clause. */
const SAME_COVER = 0.02;
/** "…was announced", "…began", "…was signed": the first time it happened is the anchor, not a later report of it. */
const BEGINNING = /\b(announc\w*|began|begun|start\w*|sign\w*|agree\w*|nam\w*|took effect|kicked in|unveil\w*|report\w*|launch\w*)\b/i;

/** The best match for the clause; of equally good ones, the earliest when the clause names a beginning. */
function firstOfEquals(list: readonly ScoredEvent[], clause: string, throughout = false): ScoredEvent | undefined {
  const top = list[0];
  if (!top || !(throughout || BEGINNING.test(clause))) return top;
  let first = top;
  for (const s of list) if (s.cover >= top.cover - SAME_COVER && s.doc.i < first.doc.i) first = s;
  return first;
}

/** "…when <something happened>" after the question's own words (not a question asking when). */
const WHEN_CLAUSE = /(?<=\w\s)(?<rel>when)\s+(?<clause>[a-z][^,?;]{3,100}?)\s*(?=[,?;.]|$)/i;

/** How many months after (or before) the anchor a near clause reaches: "a month after" one, "a few days after" one. */
function nearMonths(unit: string | undefined, near: string): number {
  const n = /\b(\d+)\b/.exec(near)?.[1];
  const count = n ? Number(n) : /\b(two|a couple of)\b/.test(near) ? 2 : /\bthree\b/.test(near) ? 3 : /\b(four|a few|several)\b/.test(near) ? 4 : /\bfive\b/.test(near) ? 5 : /\bsix\b/.test(near) ? 6 : 1;
  if (!unit || /^(day|week)/.test(unit)) return 1;
  return /^year/.test(unit) ? 12 * count + 1 : count + 1;
}

/** The event date a period is anchored on (only what is dated strictly after / before it belongs to the period). */

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
  // "how much did Nissan own when Mitsubishi joined the framework?": a when-clause inside another question is a time
  const m = RELATIVE.exec(u.question) ?? (u.kind === 'when' ? null : WHEN_CLAUSE.exec(u.question));
  if (!m?.groups) return undefined;
  const { near, rel: relWord, clause } = m.groups;
  const unit = m.groups.unit ?? m.groups.unit2;
  // the rest of the question is understood as asked; a period of its own ("in 2025") is not anchored
  const rest = `${u.question.slice(0, m.index)} ${u.question.slice(m.index + m[0].length)}`.trim();
  const restU = understand(rest, { now: u.now, index });
  if (restU.period) return undefined;
  const anchorU = understand(clause, { now: u.now, index });
  if (!anchorU.terms.length) return undefined;
  // ("during the merger talks": of the reports the clause fits as well, the first — the talks had begun by then)
  const throughout = relWord.toLowerCase() === 'during';
  let anchor = firstOfEquals(bestEvents(index, anchorU, ANCHORS_WEIGHED), clause, throughout);
  // "after the deal fell apart, what did Honda say…": of the events the clause fits as well, one of the companies the
  // question is about
  if (!anchorU.companies.length && restU.companies.length) {
    const theirs = firstOfEquals(bestEvents(index, derive(anchorU, { companies: restU.companies }), ANCHORS_WEIGHED), clause, throughout);
    if (theirs && (!anchor || theirs.cover >= anchor.cover)) anchor = theirs;
  }
  if (!anchor || anchor.cover < THRESHOLDS.event) return undefined;
  const date = anchor.doc.event.date;
  const at = monthOf(date);
  const rel = relWord.toLowerCase();
  const newest = index.newestMonth;
  const before = rel === 'before' || rel === 'prior to' || rel === 'ahead of';
  const during = rel.endsWith('time of') || rel === 'during' || rel === 'when';
  const reach = near ? nearMonths(unit, near.toLowerCase()) : undefined;
  // ("before" reaches back two years: what led up to it, not the whole log; "a month after" a month or so)
  const span: [number, number] = before ? [at - (reach ?? BEFORE_MONTHS), at] : during ? [at, at] : [at, reach ? Math.min(at + reach, Math.max(at, newest)) : Math.max(at, newest)];
  const words = before ? (reach ? `the weeks before ${formatDate(date)}` : `the two years before ${formatDate(date)}`) : during ? `the month of ${formatDate(date)}` : reach ? `the weeks after ${formatDate(date)}` : `the time since ${formatDate(date)}`;
  // (made as periods.ts makes them, field for field: the scoring code is optimised for that one shape)
  const period: Period = { start: span[0], end: span[1], fiscal: false, label: `${words} (${anchor.doc.event.title})`, text: m[0] };
  setAnchor(period, before ? { before: date } : during ? { upTo: date } : { after: date });
  // the anchor's event itself is not what "after"/"before" it asks for; "what will happen after …" asks about a time
  // the log has not reached
  const ahead = restU.ahead || (u.future && !before && !during);
  return derive(restU, { question: u.question, period, periods: [period], future: restU.future || u.future, ahead });
}

/** Whether an event dated `date` lies on the asked side of the period's anchor (always, for a period with none). */
export function anchorAllows(p: Period, date: string): boolean {
  const a = anchorOf(p);
  if (!a || a.upTo) return true;
  if (a.after && !(date > a.after && !a.after.startsWith(date))) return false;
  if (a.before && !(date < a.before)) return false;
  return true;
}

/** Whether a figure's label itself names the question's relative clause ("US tariff on Japanese cars before the order"). */
export function labelNamesClause(label: string, anchored: Understanding): boolean {
  const clause = anchored.period?.text;
  if (!clause) return false;
  const m = /\b(after|since|following|before|prior to|ahead of|at the time of|around the time of|during)\s+(?:the\s+|its\s+|their\s+)?([a-z]+)/.exec(foldText(clause));
  return !!m && foldText(label).includes(`${m[1]} the ${m[2]}`);
}

/**
 * The statements of a series made on the asked side of the period's anchor: before it, after it, or by then ("at the
 * time of the merger collapse" is what had been stated by that day). The whole series for a period with no anchor.
 */
export function statedOnAnchorSide<T extends { figure: { asOf: string } }>(p: Period | undefined, group: T[]): T[] {
  const a = anchorOf(p);
  if (!a) return group;
  return group.filter((r) => {
    const d = r.figure.asOf;
    // (a statement made on the anchor's own day tells the state of things either side of it: "the rate before" and
    // "the rate under the deal" are both stated on the day)
    const edge = (a.upTo ?? a.before ?? a.after)!;
    if (edge.startsWith(d) || d.startsWith(edge)) return true;
    return a.after ? d > a.after : d < edge;
  });
}
