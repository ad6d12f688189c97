/**
 * Status questions ("are the truck talks still on?", "has anything been signed?", "what came of the joint software
 * work?"): answered with the latest the log reports on the matter, dated, and where the log ends — never as a
 * prediction, and never claiming more than the log records.
 */
import type { Event } from '../timeline/schema.js';
import { formatDate } from '../timeline/dates.js';
import { statusLabel } from '../replies/format.js';
import { analyze, type AnswerIndex } from './search-index.js';
import type { ScoredEvent } from './scoring/event-scores.js';
import { THRESHOLDS } from './weights.js';

/** Wording that asks where a matter stands now. */
export const STATUS_WORDING =
  /\b(still|yet|any (?:update|news|progress|word)|latest on|status of|where (?:do|does|did|are|is) .{1,40} (?:stand|at)|where are things|what(?:ever)? (?:came|has come|became|has become) of|what(?:ever)? happened (?:to|with)|did .{1,60} (?:ever )?(?:go ahead|happen|go through|come about|materiali[sz]e)|(?:has|have|was|were|is|are) (?:anything|something|it|they|a deal|the deal|an agreement|the agreement|that|this)(?: \w+){0,3} (?:been )?(?:signed|agreed|decided|finali[sz]ed|approved|completed|concluded|confirmed)|(?:is|are) .{1,50} (?:on|off|happening|going ahead|dead|alive|over|done)|^\s*(?:has|have|did|is|are|was|were)\b.{0,60}\b(?:signed|sold|agreed|finali[sz]ed|approved|completed|concluded|closed|done)\b|how (?:are|is) .{1,50} (?:going|getting on|coming along)|what(?:'s| is)? (?:happening|going on) (?:with|to|on)|go(?:ne)? anywhere|on track|for (?:sure|good|real)|where are we (?:on|with|at)|latest (?:on|with)|any (?:progress|movement|developments?|sign))\b/;

/** What was asked to have happened ("signed", "decided"…): the log may record the matter without it. */
const OUTCOME = /\b(sign(?:ed)?|agree[d]?|decided?|finali[sz]ed?|approved?|completed?|concluded?|confirmed?|sold|sell)\b/;
const IRREGULAR: Record<string, string> = { sold: 'sold', sell: 'sold' };
/** The asked outcome as a past participle ("sign" → "signed"). */
function participle(word: string): string {
  return IRREGULAR[word] ?? (word.endsWith('ed') ? word : word.endsWith('e') ? `${word}d` : `${word}ed`);
}

/** Words that ask about the state of a matter, not what the matter is: left out when finding it. */
export const STATUS_TERMS = new Set(analyze('sign signed signing finalise finalised finalize finalized approve approved complete completed conclude concluded confirm confirmed happen happening happened whatever ever still yet update news progress status ahead came become became alive dead over done materialise materialize stand stands standing state latest going moving anywhere sold down sure track good real going getting coming along happening progress movement development developments'));

/** The latest first: the events a status answer shows. */
export function latestFirst(events: readonly Event[]): Event[] {
  return [...events].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

/** "Where it stands, as the log has it: the latest on this is from … The log runs to …" */
export function statusNote(index: AnswerIndex, question: string, latest: Event, withoutOutcome: boolean): string {
  const newest = index.events[index.events.length - 1]?.event.date;
  const asked = withoutOutcome ? OUTCOME.exec(question.toLowerCase())?.[1] : undefined;
  // (never said when the event shown does report it)
  const root = asked && (IRREGULAR[asked] ? 'sol' : asked.replace(/e?d$|e$/, ''));
  const outcome = asked && root && !new RegExp(`\\b${root}`, 'i').test(`${latest.title} ${latest.summary}`) ? participle(asked) : undefined;
  return (
    `**Where it stands, as the log has it:** the latest it reports on this is from ${formatDate(latest.date)} (${statusLabel(latest.status)}).` +
    (outcome ? ` The log does not record that anything was ${outcome}.` : '') +
    (newest ? ` The log runs to ${formatDate(newest)}.` : '')
  );
}

/** How many events of the log carry each topic, counted once per index. */
const topicCountCache = new WeakMap<AnswerIndex, Map<string, number>>();
function topicCounts(index: AnswerIndex): Map<string, number> {
  let count = topicCountCache.get(index);
  if (!count) {
    count = new Map();
    for (const d of index.events) for (const t of d.event.topics) count.set(t, (count.get(t) ?? 0) + 1);
    topicCountCache.set(index, count);
  }
  return count;
}

/**
 * The matter's thread: the events on the most specific topic of the best match (the one fewest events share) that also
 * explain the matter well enough, from the best match's date on, latest first. "Are the truck talks still on?" is
 * answered by the latest report on the pickup talks, not by the first one the words match best.
 */
export function statusThread(index: AnswerIndex, scored: readonly ScoredEvent[], picked: readonly ScoredEvent[]): Event[] {
  const top = picked[0];
  const topics = top.doc.event.topics;
  if (!topics.length) return [];
  // the topic most of the close matches share; among those, the one fewest events of the log share
  const count = topicCounts(index);
  const shared = (t: Event['topics'][number]) => picked.filter((s) => s.doc.event.topics.includes(t)).length;
  const topic = [...topics].sort((a, b) => shared(b) - shared(a) || (count.get(a) ?? 0) - (count.get(b) ?? 0))[0];
  const from = top.doc.event.date;
  const thread: Event[] = [];
  for (const s of scored) {
    const e = s.doc.event;
    if (s.cover >= THRESHOLDS.statusThread && e.topics.includes(topic) && (e.date >= from || e.status === 'official')) thread.push(e);
  }
  return latestFirst(thread);
}

/**
 * What a status answer shows, at most `max` events: the latest reports on the matter, the latest official step among
 * them (where it was decided, signed or ended), and the best match itself.
 */
export function statusEvents(thread: readonly Event[], picked: readonly Event[], max: number): Event[] {
  const all = latestFirst([...new Map([...thread, ...picked].map((e) => [e.id, e])).values()]);
  const out = all.slice(0, Math.max(1, max - 2));
  const official = all.find((e) => e.status === 'official');
  for (const e of [official, picked[0]]) if (e && !out.includes(e)) out.push(e);
  for (const e of all) if (out.length < max && !out.includes(e)) out.push(e);
  return latestFirst(out);
}
