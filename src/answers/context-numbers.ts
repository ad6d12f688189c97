/**
 * Context numbers: a number an event's own text states in passing that is not one of its figure records — the stake
 * Nissan holds in Renault before a sale, the size a bond issue was raised from, a plant's headcount. A figure question
 * no record answers is answered with the sentence that states it, quoted as the log has it, with its event and source.
 * Never a figure the text does not state, never a record's number again (those are answered, or rightly declined, as
 * figures), and only when the sentence itself holds every word of the question.
 */
import type { Event } from '../timeline/schema.js';
import { formatDate } from '../timeline/dates.js';
import { statusLabel } from '../replies/format.js';
import type { Answer } from './answer.js';
import { citationsOf } from './wording.js';
import { COMPANIES } from './lexicon.js';
import { analyzeDoc, type AnswerIndex } from './search-index.js';
import { bestEvents } from './scoring/event-scores.js';
import type { Understanding } from './understand.js';
import { STALE_DAYS, THRESHOLDS } from './weights.js';
import { periodStartIso } from './series.js';

const DAY_MS = 86_400_000;

interface NumberSentence {
  text: string;
  terms: ReadonlySet<string>;
  /** The kinds of the measures it states that are no figure record of its event. */
  fresh: { money: boolean; percent: boolean; count: boolean; span: boolean };
  /** The covered companies it names. */
  companies: string[];
}

/** A number that measures something: money, a share, a count of things, a span of years (not a date or a year alone). */
const MEASURE = /(?:[¥$€£]\s?\d[\d,.]*(?:\s?(?:billion|million|trillion|bn|tn|m)\b)?|\d[\d,.]*\s?(?:%|percent\b|per cent\b|(?:billion|million|trillion)\b(?:\s+(?:yen|dollars))?|(?:jobs|vehicles|units|plants|employees|workers|cars|models|people|shares|years|months)\b))/gi;
const MONEY = /[¥$€£]|\b(?:yen|dollars?)\b/i;
const PERCENT = /%|\bper ?cent\b/i;
const SPAN = /\b(?:years|months)\b/i;
/** "How much did Renault pay…", "what did it sell for": an amount of money is asked. */
const MONEY_ASKED = /\b(?:how much|what)\b(?:\s+\S+){0,8}?\s+(?:pay|paid|cost|costs|spend|spent|offer|offered|raise|raised|sell for|sold for|worth|price|priced|fetch|fetched)\b/i;
/** "How long…", "how old…": a span of years or months. */
const SPAN_ASKED = /\bhow (?:long|old)\b/i;
const COUNT = /\b(?:jobs|vehicles|units|plants|employees|workers|cars|models|people|shares)\b/i;
const COMPANY_RES = COMPANIES.map((c) => ({ key: c.key, re: new RegExp(`\\b(?:${c.aliases.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`, 'i') }));
const SENTENCE = /(?<=[.!?])\s+(?=[A-Z"“‘'(])/;

const cache = new WeakMap<Event, NumberSentence[]>();

/** The number a measure states, as written ("¥1.5 trillion" → 1.5, "20,000 jobs" → 20000). */
function numberOf(measure: string): number {
  return Number(/\d[\d,]*(?:\.\d+)?/.exec(measure)?.[0].replace(/,/g, '') ?? NaN);
}

/** The sentences of an event's summary that state a measure, read once per event. */
function sentencesOf(e: Event): NumberSentence[] {
  let list = cache.get(e);
  if (list) return list;
  const recorded = new Set((e.figures ?? []).flatMap((f) => [f.value, f.valueHigh ?? f.value]));
  list = [];
  for (const text of e.summary.split(SENTENCE)) {
    const measures = (text.match(MEASURE) ?? []).filter((m) => !recorded.has(numberOf(m)));
    if (!measures.length) continue;
    list.push({
      text,
      terms: new Set(analyzeDoc(text)),
      fresh: { money: measures.some((m) => MONEY.test(m)), percent: measures.some((m) => PERCENT.test(m)), count: measures.some((m) => COUNT.test(m)), span: measures.some((m) => SPAN.test(m)) },
      companies: COMPANY_RES.filter((c) => c.re.test(text)).map((c) => c.key),
    });
  }
  cache.set(e, list);
  return list;
}

/** How many of the best-matching events are searched for a sentence stating the number. */
const EVENTS_SEARCHED = 3;

/**
 * The sentence of the log that states the number a figure question asks for, when no figure record does: in one of the
 * best-matching events that involves every company the question names, a sentence stating a measure no record of the
 * event holds, in the asked kind of unit, holding every word of the question. A question naming a period is left to the
 * figure records.
 */
export function contextNumber(index: AnswerIndex, u: Understanding): Answer | undefined {
  const said = contextSentence(index, u);
  if (!said) return undefined;
  const e = said.event;
  const text = `The log states this in passing (it holds no figure record for it):\n> ${said.sentence}\n— ${e.title} (${formatDate(e.date)}; ${statusLabel(e.status)}) — [${e.sources[0].publisher}](${e.sources[0].url})`;
  return { question: u.question, found: true, answer: text, kind: 'figure', figures: [], events: [e], citations: citationsOf([], [e]), confidence: THRESHOLDS.event };
}

function contextSentence(index: AnswerIndex, u: Understanding): { event: Event; sentence: string } | undefined {
  if (u.kind !== 'figure' || !u.terms.length || u.others.length || u.prediction) return undefined;
  // a number for a period is a result or a forecast: the figure records' to answer (or decline)
  if (u.period || u.periods.length) return undefined;
  const howMany = /\bhow many\b/i.test(u.question);
  const percent = u.units.includes('percent');
  const money = u.units.includes('JPY') || u.units.includes('USD') || MONEY_ASKED.test(u.question);
  const span = SPAN_ASKED.test(u.question);
  // the question must say what kind of number it wants: the sentence's number is then of that kind
  if (!howMany && !percent && !money && !span) return undefined;
  for (const s of bestEvents(index, u, EVENTS_SEARCHED, { minCover: THRESHOLDS.event })) {
    const e = s.doc.event;
    if (!u.named.every((c) => s.doc.companies.includes(c))) continue;
    // "how much of Renault does Nissan own now?": a number stated in passing long ago is not today's
    if (u.present && Date.parse(periodStartIso(e.date)) < u.now.getTime() - STALE_DAYS * DAY_MS) continue;
    for (const n of sentencesOf(e)) {
      if ((howMany && !n.fresh.count) || (percent && !n.fresh.percent) || (money && !n.fresh.money) || (span && !n.fresh.span)) continue;
      // the sentence is about the company asked: it names it, or names no other and the event is mainly about it
      if (!u.named.every((c) => n.companies.includes(c) || (!n.companies.length && s.doc.companies[0] === c))) continue;
      if (u.terms.every((t) => n.terms.has(t))) return { event: e, sentence: n.text };
    }
  }
  return undefined;
}
