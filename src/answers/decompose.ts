/**
 * Decomposition: a question that asks for two things — two companies, two periods, a forecast against the result, or
 * two questions in one ("…, and its full-year estimate?") — becomes one structured query per thing, each answered
 * from its own records (see answer.ts, answerParts). A question asking for one thing is left whole.
 */
import type { Period } from './periods.js';
import { shiftPeriod } from './months.js';
import { analyze, type AnswerIndex } from './search-index.js';
import { derive, understand, type Understanding } from './understand.js';
import { COMPANIES, METRIC_TERMS } from './lexicon.js';
import { foldText } from './text.js';

/** One part of a question: what it asks, and how the answer names it ("Honda", "FY2025", "forecast"). */
export interface QueryPart {
  label: string;
  u: Understanding;
  /** A part the question did not name ("which company…" means each of the two): the log may hold nothing for it. */
  implied?: boolean;
}

/** Wording that asks to compare: "vs", "compared with", "side by side", "difference between". */
const COMPARE_WORDS = /\b(versus|vs|v|compared?\s+(?:to|with)|comparison|compare[sd]?|against|side by side|how does .{1,60} compare|each|respectively)\b/;
/** …or a comparative asked between things: "which company cut more", "bigger than", "Honda or Nissan: whose is bigger". */
const COMPARATIVE = /\b(more|less|fewer|bigger|larger|higher|lower|smaller|better|worse|deeper|heavier|most|least|biggest|largest|highest|lowest|smallest)\b/;
const BETWEEN = /\b(or|than|which|whose|who)\b/;

/** The comparative words as terms: in a comparison they say how to compare, not what ("lower" is a cut, and stays). */
const COMPARATIVE_TERMS = new Set(analyze('more less fewer bigger larger higher smaller better worse deeper heavier most least biggest largest highest lowest smallest greater greatest'));

/**
 * Wording that asks for arithmetic on two figures — a difference, a ratio, a sum — rather than the two side by side:
 * answered only by a record that states the result itself ("combined sales"), never by showing the parts.
 */
const ARITHMETIC =
  /\b(how much (?:more|less|bigger|larger|higher|lower|smaller|deeper|worse|better|greater|wider)|how many (?:more|fewer)|by how much|by what (?:percentage|percent|proportion|factor|margin)|how many times|what (?:is|was) the (?:gap|difference)|difference between|add(?:ed|s)? up|sum of|plus)\b/;

/** Whether a question asks to compare (its text folded). */
export function asksToCompare(text: string): boolean {
  return COMPARE_WORDS.test(text) || (COMPARATIVE.test(text) && BETWEEN.test(text));
}

/** A result against what was warned, forecast or expected for it. */
const FORECAST_AGAINST_ACTUAL =
  /\b(than (?:it |they |the company |nissan |honda )?(?:had )?(?:warned|forecast|forecasted|expected|guided|predicted|projected|feared|estimated)|(?:forecast|guidance|outlook|estimate|expected)\b.{0,30}\b(?:against|vs|versus|compared (?:to|with))\b.{0,30}\b(?:actual|result|results|outcome)|(?:actual|result|results|outcome)\b.{0,30}\b(?:against|vs|versus|compared (?:to|with))\b.{0,30}\b(?:forecast|guidance|outlook|estimate|expected))/;

/** Where a second question starts: ", and its …", "? And what …", "; …", ", plus …", ", also …". */
const SECOND_QUESTION = /(?:,\s*(?:and|plus|also)\s+|\?\s*(?:and\s+)?|;\s*|\s+\+\s+|\s+and\s+(?=(?:what|how|when|who|why|which|its|their|the latest|the full|the first|the second|did|was|were|is|are)\b))/i;

/** A span a part names in words the period reader leaves to the figures' own labels. */
const OWN_SPAN = /\b(full[- ]?year|whole year|annual|year|yearly|fy|half|quarter|quarterly|month|target|plan|goal)\b/;

/** "its full-year plan at that time": the whole year, whatever span the first part named. */
const WHOLE_YEAR = /\b(?:full[- ]?year|whole year|annual)\b/;
/** "in that quarter", "over the same period": the span the first part named. */
const SAME_SPAN = /\b(?:that|the same|this|same) (?:quarter|half|period|time|year|month|fiscal year)\b/;

/** Where the comparing words join two things: "… compared with …", "… vs …", "… against …". */
const COMPARE_SPLIT = /\s+(?:compared\s+(?:to|with)|versus|vs\.?|against)\s+/i;
/** Two things joined: "and", "plus", "&", a comma. */
const JOINED = /\b(?:and|plus)\b|&|,/;
/** A second part pointing back at the first part's subject. */
const POINTS_BACK = /\b(?:there|from it|of it|from that|of that|from this)\b/;
/** The sign of a result ("loss", "profit") and the measures it qualifies. */
const RESULT_SIGN = new Set(analyze('loss profit'));
const RESULT_MEASURE = new Set(analyze('operating profit, net income'));
/** "the year before", "a year earlier", "the previous year": the same span twelve months earlier. */
const YEAR_BEFORE = /\b(?:(?:the|a) year (?:before|earlier)|(?:the )?(?:previous|prior) year|year[- ]earlier|a year ago)\b/;
const MONTHS_IN_YEAR = 12;
/** Words that name a span the period reader has read ("Q3" said twice): not content. */
const SPAN_TERM = /^(?:q[1-4]|h[12]|quarter|half)$/;
/** "How did X change between May and October?", "from May to October". */
const CHANGE_BETWEEN = /\b(?:chang\w*|move\w*|shift\w*|evolv\w*|revis\w*|go(?:ne)?|went|develop\w*)\b.{0,60}\b(?:between|from)\b/;
const CHANGE_TERMS = new Set(analyze('change changed changes move moved shift shifted evolve evolved revise revised develop developed'));
const FORECAST_TERMS = new Set(analyze('forecast guidance outlook estimate expected warned'));
const ACTUAL_TERMS = new Set(analyze('actual actually result results outcome posted booked final'));
/** Headline measures a question may ask for two of at once ("operating profit and net income"). */
const HEADLINE = new Set(analyze('operating profit, net income, revenue, margin, market cap').filter((t) => METRIC_TERMS.has(t)));

const shifted = shiftPeriod;

const COMPANY_NAME = new Map(COMPANIES.map((c) => [c.key, c.logName]));

/**
 * The items of `list` that pass, collected with `push` into a new array literal (as understand.ts builds its lists:
 * arrays made by `filter` or spread reach the scoring code as another kind of array and throw away its optimised code).
 */
function listed<T>(list: readonly T[], keep: (x: T, k: number, all: readonly T[]) => boolean): T[] {
  const out: T[] = [];
  for (let k = 0; k < list.length; k++) if (keep(list[k], k, list)) out.push(list[k]);
  return out;
}

/** Where a company is first named in the question (for the order of the parts), or the end when it is not. */
function firstMention(text: string, key: string): number {
  const def = COMPANIES.find((c) => c.key === key);
  let at = Number.MAX_SAFE_INTEGER;
  for (const a of def?.aliases ?? []) {
    const m = new RegExp(`\\b${a}\\b`).exec(text);
    if (m && m.index < at) at = m.index;
  }
  return at;
}

/** Periods that are not the same span (a question naming "FY2025" twice asks about one period). */
function distinctPeriods(periods: readonly Period[]): Period[] {
  const out: Period[] = [];
  for (const p of periods) if (!out.some((o) => o.start === p.start && o.end === p.end)) out.push(p);
  return out;
}

/**
 * The parts of a question that asks for two or more things, or undefined when it asks for one. The parts are in the
 * order the question names them.
 */
export function decompose(u: Understanding, index: AnswerIndex): QueryPart[] | undefined {
  // a company the log does not cover, a prediction or a question with no content: answered (or declined) whole
  if (u.others.length || u.prediction || !u.terms.length) return undefined;
  const text = foldText(u.question);
  if (ARITHMETIC.test(text)) return undefined;
  const comparing = asksToCompare(text);
  // (comparisons compare amounts: each part is a figure question unless it asks when, who or why)
  const kind = u.kind === 'what' || u.kind === 'who' ? 'figure' : u.kind;
  const terms = comparing ? listed(u.terms, (t) => !COMPARATIVE_TERMS.has(t)) : u.terms;
  if (!terms.length) return undefined;
  if (comparing) {
    // two companies (or "which company", meaning the two the story is about)
    const named = u.named.length >= 2 ? u.named : /\bwhich (?:company|one|of (?:them|the two)|firm|automaker|carmaker)\b/.test(text) || (u.both && !u.named.length) ? ['honda', 'nissan'] : [];
    if (named.length >= 2) {
      const order = [...named].sort((a, b) => firstMention(text, a) - firstMention(text, b));
      const implied = u.named.length < 2;
      // (a company the question only implies is named in its part: "which company" is Honda in one part, Nissan in the other)
      const only = (c: string) => (u.companies.includes(c) ? listed(u.companies, (k) => k === c) : [c]);
      return order.map((c) => ({ label: COMPANY_NAME.get(c) ?? c, implied, u: derive(u, { kind, companies: only(c), named: only(c), both: false, people: [], terms }) }));
    }
    // "Q3 FY25 vs Q3 the year before": the period named, and the same span a year earlier
    const first = u.periods[0];
    if (first && YEAR_BEFORE.test(text)) {
      const earlier = shifted(first, -MONTHS_IN_YEAR);
      const spanTerms = listed(terms, (t) => !SPAN_TERM.test(t));
      return [first, earlier].map((p) => ({ label: p.label, u: derive(u, { kind, period: p, periods: [p], terms: spanTerms }) }));
    }
    // two periods ("FY2024 vs FY2025", "the forecast in May against November")
    const periods = distinctPeriods(u.periods);
    if (periods.length >= 2) return periods.map((p) => ({ label: p.label, u: derive(u, { kind, period: p, terms }) }));
    // the result against the forecast ("was the loss bigger than it had warned?")
    if (FORECAST_AGAINST_ACTUAL.test(text)) {
      // (each part without the word naming the other: the forecast is not the "actual", the result not the "forecast")
      return [
        { label: 'Forecast', u: derive(u, { kind, wantsForecast: true, wantsActual: false, terms: listed(terms, (t) => !ACTUAL_TERMS.has(t)) }) },
        { label: 'Result', u: derive(u, { kind, wantsForecast: false, wantsActual: true, terms: listed(terms, (t) => !FORECAST_TERMS.has(t)) }) },
      ];
    }
  }
  // "how did the estimate change between May and October 2025?": the statement at each end of the span
  const span = u.period;
  if (span && !span.fiscal && span.end > span.start && CHANGE_BETWEEN.test(text)) {
    const ends = [shifted({ ...span, end: span.start }, 0), shifted({ ...span, start: span.end }, 0)];
    const still = listed(terms, (t) => !CHANGE_TERMS.has(t));
    if (still.length) return ends.map((p) => ({ label: p.label, u: derive(u, { kind, period: p, periods: [p], terms: still }) }));
  }
  // "Nissan's guidance for operating profit and net income": one part per headline measure (a profit or loss word
  // goes with the measure it qualifies: "revenue and net loss" is revenue, and the net result as a loss)
  const headline = listed(terms, (t) => HEADLINE.has(t));
  if (u.kind === 'figure' && headline.length === 2 && JOINED.test(text)) {
    return headline.map((m) => ({ label: m === headline[0] ? 'First' : 'Second', u: derive(u, { terms: listed(terms, (t) => t === m || (!HEADLINE.has(t) && (!RESULT_SIGN.has(t) || RESULT_MEASURE.has(m)))) }) }));
  }
  // "Nissan's net loss in FY2024 and FY2025": one part per period named
  const named = distinctPeriods(u.periods);
  // (two readings that overlap — "the fiscal year that ended in March 2025" — name one period, not two)
  if (named.length === 2 && JOINED.test(text) && (named[0].end < named[1].start || named[1].end < named[0].start)) return named.map((p) => ({ label: p.label, u: derive(u, { kind, period: p, periods: [p], terms }) }));
  // two questions in one: the second borrows what it leaves out (the company, the measure) from the first
  // (a comparison of two different measures — "how busy was Canton compared with what a plant needs to break even?" —
  // is two questions joined by the comparing words)
  const joinedBy = comparing && !SECOND_QUESTION.test(u.question) ? COMPARE_SPLIT : SECOND_QUESTION;
  const pieces = u.question.split(joinedBy).map((s) => s.trim()).filter((s) => /[a-z]{3,}/i.test(s));
  if (pieces.length === 2) {
    let first = understand(pieces[0], { now: u.now, index });
    const second = understand(pieces[1], { now: u.now, index });
    if (!first.terms.length) return undefined;
    // "Nissan's revenue forecast and its net loss forecast for FY2025?": a period or company named once, at the end,
    // is the first part's too
    if (!first.period && second.period) first = derive(first, { period: second.period, periods: second.periods });
    if (!first.companies.length && second.companies.length) first = derive(first, { companies: second.companies, named: second.named });
    // "…, and how much did tariffs cost it in that quarter?": a second part naming no period asks about the first's
    // (but "and its full-year estimate?" names a period of its own, one the period reader leaves to the figures)
    const secondText = foldText(pieces[1]);
    const borrowsPeriod = !second.period && !WHOLE_YEAR.test(secondText) && (SAME_SPAN.test(secondText) || !OWN_SPAN.test(secondText));
    const secondPeriod = borrowsPeriod ? first.period : second.period;
    const companies = second.companies.length ? second.companies : first.companies;
    const named = second.named.length ? second.named : first.named;
    // a second part that names no measure of its own ("and its full-year estimate?") asks for the first part's
    const borrows = second.terms.length <= 1 && !second.terms.some((t) => METRIC_TERMS.has(t));
    // "…, and how many people work there?", "what gain does it expect from it?": the second part's subject is the first's
    const refers = !borrows && POINTS_BACK.test(secondText);
    const terms = borrows
      ? listed([...first.terms, ...second.terms], (t, k, all) => all.indexOf(t) === k)
      : refers
        ? listed([...second.terms, ...first.terms], (t, k, all) => all.indexOf(t) === k && (k < second.terms.length || !METRIC_TERMS.has(t)))
        : second.terms;
    if (!terms.length) return undefined;
    return [
      { label: pieces[0], u: first },
      { label: pieces[1], u: derive(second, { companies, named, terms, kind: second.kind === 'what' && first.kind === 'figure' ? 'figure' : second.kind, others: second.others, period: secondPeriod, periods: borrowsPeriod ? first.periods : second.periods }) },
    ];
  }
  return undefined;
}

/** "combined", "together", "in total": one figure for the companies together, never the parts shown side by side. */
const TOGETHER = /\b(combined|together|in total|total|joint|jointly|merged|group)\b/;

/**
 * "What were Honda and Nissan's market values in January 2025?": a figure question naming two companies that no single
 * record answers asks for each company's figure — one part per company (tried only after the whole question failed).
 */
export function companyParts(u: Understanding): QueryPart[] | undefined {
  if (u.kind !== 'figure' || u.named.length < 2 || u.others.length || u.prediction || !u.terms.length) return undefined;
  const text = foldText(u.question);
  if (ARITHMETIC.test(text) || TOGETHER.test(text)) return undefined;
  const order = [...u.named].sort((a, b) => firstMention(text, a) - firstMention(text, b));
  return order.map((c) => ({ label: COMPANY_NAME.get(c) ?? c, u: derive(u, { companies: listed(u.companies, (k) => k === c), named: listed(u.companies, (k) => k === c), both: false, people: [] }) }));
}
