/**
 * Answering: figures first, events with their reasons, and honest declines. Pure.
 *
 * Every number in an answer comes from a figure record (formatted by formatValue) or from an event's
 * own summary, and is cited with its source. Nothing is computed, rounded or guessed.
 */
import type { Event, Source } from '../timeline/schema.js';
import type { FigureRecord, Timeline } from '../timeline/timeline.js';
import { bestTierFirst } from '../timeline/timeline.js';
import { compareDates, formatDate } from '../timeline/dates.js';
import { formatValue, oneLine, statusLabel } from '../replies/format.js';
import { truncate } from '../replies/reply.js';
import { analyze, analyzeDoc, indexOf, PLACES, type AnswerIndex, type EventDoc, type FigureDoc } from './search-index.js';
import { markUS } from './understand.js';
import { derive, EVENT_WORDING, understand, type QuestionKind, type Understanding } from './understand.js';
import { dateInPeriod, periodFit, periodOfDate, yearOf, type Period } from './periods.js';
import { COMPANIES, METRIC_TERMS } from './lexicon.js';
import { stem } from './text.js';
import { CAUSAL, eventSentences } from './reasons.js';
import { answerRole, ROLE_NAMES } from './people.js';

/** Thresholds tuned on the `tune` split of test/eval/questions.jsonl (see scripts/eval.ts). */
export const THRESHOLDS = {
  /** Share of the question's content (idf-weighted) a figure must explain to be the answer. */
  figure: 0.85,
  /** Share of the question's content an event must explain to be the answer. */
  event: 0.8,
  /**
   * A lower bar for events when every word of the question is known to the log (none is foreign to it):
   * out-of-scope questions almost always carry a word the log never uses.
   */
  eventKnown: 0.6,
  /** Events within this score of the best are returned alongside it. */
  eventMargin: 0.08,
  /** Series within this score of the best are listed by `figure` (never by `ask`). */
  seriesMargin: 0.15,
};

export interface Answer {
  question: string;
  found: boolean;
  /** Markup text (see src/replies/reply.ts). */
  answer: string;
  kind: string;
  figures: FigureRecord[];
  events: Event[];
  citations: Source[];
  /** When declining: the closest things the log holds, clearly not an answer. */
  nearest?: { figures: FigureRecord[]; events: Event[] };
  /** The engine's confidence (0–1) in the answer it gives (or in the nearest thing, when declining). */
  confidence?: number;
  /** Why it declined, in one short phrase (for logs and tests). */
  reason?: string;
  /** For figure answers: the series, each newest first; `differ` marks groups whose sources disagree. */
  groups?: FigureRecord[][];
}

export interface ScoredFigure {
  doc: FigureDoc;
  cover: number;
  precision: number;
  fit: number;
  score: number;
}

export interface ScoredEvent {
  doc: EventDoc;
  cover: number;
  score: number;
}

const DELTA = ['cut', 'change', 'raise'].map(stem);
/**
 * Words that make a figure a threshold or an aim rather than the measure itself ("break-even utilisation" is not
 * the utilisation, "targeted plants" are not the plants): such a figure ranks below the plain measure unless the
 * question asks for it.
 */
const QUALIFIERS = new Set(analyze('break-even target threshold'));
const TARGET = stem('target');
/** How far a figure carrying a qualifier the question did not ask for ranks below the plain measure. */
const QUALIFIER_PENALTY = 0.1;
/** How far a figure about one place (labelled with it) ranks below a figure for the whole company, when no place is asked. */
const PLACE_PENALTY = 0.05;
/** How much a figure's event explains a question's word the figure's label lacks (title, summary). */
const CONTEXT = { title: 0.8, summary: 0.65 };
/** Words that narrow what a figure counts: only the figure itself may explain them. */
const SUBSET = new Set([...analyze('usa mexico japan china thailand canada europe asia africa india brazil ev hybrid pickup battery software motorcycle chip segment model brand luxury electric regional domestic overseas export import')]);
/** A figure stated longer ago than this does not answer "now" / "today". */
const STALE_DAYS = 183;
const SHARE = stem('share');
const RATIO = stem('ratio');
const SALE = stem('sale');
const EV = stem('ev');

function weight(index: AnswerIndex, t: string, kind: 'fig' | 'ev'): number {
  if (kind === 'fig') return index.figIdf.get(t) ?? index.figMaxIdf + 0.5;
  return index.evIdf.get(t) ?? index.evMaxIdf + 0.5;
}

function companyOk(docCompanies: string[], u: Understanding): 'yes' | 'no' | 'sector' {
  if (!u.companies.length) return 'yes';
  if (!docCompanies.length) return 'sector';
  return docCompanies.some((c) => u.companies.includes(c)) ? 'yes' : 'no';
}

const NONE: readonly number[] = [];

// Tests scoreOne makes for thousands of figures, as functions of their own: an arrow function written inside it
// (`list.some((x) => …)`) is a new object at every call.
/** Whether any of `items` is in `set`. */
function anyIn(items: readonly string[], set: ReadonlySet<string>): boolean {
  for (const x of items) if (set.has(x)) return true;
  return false;
}
/** Whether any of `items` is in `list`. */
function anyListed(items: readonly string[], list: readonly string[]): boolean {
  for (const x of items) if (list.includes(x)) return true;
  return false;
}
/** Whether any of `numbers` is `value` or `high` (strictly equal: an absent high value, NaN, equals nothing). */
function namesValue(numbers: readonly number[], value: number, high: number): boolean {
  for (const n of numbers) if (n === value || n === high) return true;
  return false;
}
/** Whether a figure's own terms hold a word of the question that says what a share is of (not "sale", "EV" or a measure word). */
function namesWhatIsShared(terms: readonly string[], own: ReadonlySet<string>): boolean {
  for (const t of terms) if (t !== SALE && own.has(t) && !METRIC_TERMS.has(t) && t !== EV) return true;
  return false;
}

/**
 * Each term's weight, in a typed array. `terms.map(…)` made arrays whose kind depended on the values (all whole
 * numbers or not) and on whether V8 had optimised the caller yet, and each kind not seen before threw away the
 * optimised scoring code that read it.
 */
function weightsOf(terms: readonly string[], weightOf: (t: string) => number): Float64Array {
  const out = new Float64Array(terms.length);
  for (let j = 0; j < terms.length; j++) out[j] = weightOf(terms[j]);
  return out;
}
/** The sum from the first to the last (the same sum as `reduce((s, x) => s + x, 0)`). */
function sumOf(xs: Float64Array): number {
  let s = 0;
  for (let j = 0; j < xs.length; j++) s += xs[j];
  return s;
}

/**
 * Scratch space for scoring a question term by term over the postings, one slot per document, reused by every
 * question (answering is synchronous). `seen[i] === pass` marks a document touched by the current question,
 * `mark[i] === step` one already credited for the current term.
 */
interface Scratch {
  got: Float64Array;
  hits: Uint8Array;
  explained: Uint8Array;
  /** Measure words of the question the figure itself carries (label, metric, unit, kind). */
  measured: Uint8Array;
  seen: Int32Array;
  mark: Int32Array;
  /** `allow[i] === allowed`: the document meets the question's company, other-company and period constraints. */
  allow: Int32Array;
  allowed: number;
  /** The documents `restrict` allowed, when it was given constraints. */
  allowedList: Int32Array | undefined;
  /** Room for `allowedList`. */
  allowBuf: Int32Array;
  /** With `qCo` set: only documents about one of those companies (a mask; see `co`), or sector-wide ones, are credited. */
  co: Uint8Array | undefined;
  qCo: number;
  /** Per event: marks the events holding the current term (figures' scratch only). */
  evMark: Int32Array;
  /** The documents touched by the current question: the first `nTouched` of `touchedBuf` (see `touchedOf`). */
  touchedBuf: Int32Array;
  nTouched: number;
  /** The last stamp used in `seen`, `mark` and `allow` (each question and term takes new ones). */
  stamp: number;
  /**
   * The question whose credits the scratch holds, for every document its constraints allowed, and whether the asked
   * period's years were one of those constraints.
   */
  creditedFor: Understanding | undefined;
  creditedYears: boolean;
}
const scratches = new WeakMap<object, Scratch>();
function scratchFor(owner: object, n: number, events = 0): Scratch {
  let s = scratches.get(owner);
  if (!s || s.got.length < n || s.evMark.length < events) {
    s = {
      got: new Float64Array(n),
      hits: new Uint8Array(n),
      explained: new Uint8Array(n),
      measured: new Uint8Array(n),
      seen: new Int32Array(n),
      mark: new Int32Array(n),
      allow: new Int32Array(n),
      allowed: 0,
      allowedList: undefined,
      allowBuf: new Int32Array(n),
      co: undefined,
      qCo: 0,
      evMark: new Int32Array(events),
      touchedBuf: new Int32Array(n),
      nTouched: 0,
      stamp: 0,
      creditedFor: undefined,
      creditedYears: false,
    };
    scratches.set(owner, s);
  }
  if (s.stamp > 2_000_000_000) {
    s.seen.fill(0);
    s.mark.fill(0);
    s.allow.fill(0);
    s.evMark.fill(0);
    s.stamp = 0;
  }
  s.nTouched = 0;
  s.allowed = 0;
  s.allowedList = undefined;
  s.co = undefined;
  s.qCo = 0;
  return s;
}

/** The documents the current question touched. */
function touchedOf(s: Scratch): Int32Array {
  return s.touchedBuf.subarray(0, s.nTouched);
}

/**
 * Restricts the scratch to the documents in every one of `constraints` (each the union of its posting lists), and
 * about the companies `companiesOnly` set: only those are credited. No constraint: every document (of those companies).
 */
function restrict(s: Scratch, constraints: (readonly number[])[][]): void {
  if (!constraints.length) return;
  const base = s.stamp + 1;
  s.stamp += constraints.length + 1;
  const allow = s.allow;
  const last = constraints.length - 1;
  const list = s.allowBuf;
  let size = 0;
  const { co, qCo } = s;
  constraints.forEach((lists, k) => {
    for (const l of lists) {
      for (let x = 0; x < l.length; x++) {
        const i = l[x];
        if (allow[i] === base + k || (k > 0 && allow[i] !== base + k - 1)) continue;
        if (k === last) {
          if (qCo && co![i] && !(co![i] & qCo)) continue;
          list[size++] = i;
        }
        allow[i] = base + k;
      }
    }
  });
  s.allowed = base + last;
  s.allowedList = list.subarray(0, size);
}

/** Restricts the scratch to documents about one of the question's companies, or sector-wide (see companyOk). */
function companiesOnly(s: Scratch, co: Uint8Array, u: Understanding): void {
  if (!u.companies.length) return;
  s.co = co;
  s.qCo = companyMask(u.companies);
}

/** Whether an ascending posting list holds `x` (binary search). */
function holds(list: readonly number[] | undefined, x: number): boolean {
  if (!list) return false;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid];
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** A period short enough (under a century) for the year postings to narrow anything. */
function yearBounded(p: Period | undefined): p is Period {
  return !!p && yearOf(p.end) - yearOf(p.start) < 100;
}

/**
 * The scratch of `owner` when it already holds the credits of `u` for every document the constraints of this pass allow:
 * what a document is credited depends on the question alone, and the constraints only decide which documents are
 * credited, so a pass whose constraints are no narrower (no year constraint before, or the same one) reuses them.
 */
function creditsOf(owner: object, u: Understanding, years: boolean): Scratch | undefined {
  const prior = scratches.get(owner);
  return prior && prior.creditedFor === u && (!prior.creditedYears || years) ? prior : undefined;
}

/** Postings of the years a period touches. */
function yearLists(post: Map<number, number[]>, p: Period): (readonly number[])[] {
  const out: (readonly number[])[] = [post.get(-1) ?? NONE];
  for (let y = yearOf(p.start); y <= yearOf(p.end); y++) out.push(post.get(y) ?? NONE);
  return out;
}

/**
 * Credits `amount` (and an explained term, and a hit when `hit`) to every document of `list` not yet credited for this
 * term. Terms are credited in the question's order, so each document's total is summed exactly as term-by-term
 * scoring of that document would sum it.
 */
function credit(s: Scratch, pass: number, step: number, list: readonly number[], amount: number, hit: boolean): void {
  for (const i of list) creditOne(s, pass, step, i, amount, hit);
}

/** `credit` for one document. */
function creditOne(s: Scratch, pass: number, step: number, i: number, amount: number, hit: boolean): void {
  if (s.mark[i] === step) return;
  if (s.allowed) {
    if (s.allow[i] !== s.allowed) return;
  } else if (s.qCo) {
    const dm = s.co![i];
    if (dm && !(dm & s.qCo)) return;
  }
  s.mark[i] = step;
  if (s.seen[i] !== pass) {
    s.seen[i] = pass;
    s.got[i] = 0;
    s.hits[i] = 0;
    s.explained[i] = 0;
    s.measured[i] = 0;
    s.touchedBuf[s.nTouched++] = i;
  }
  s.got[i] += amount;
  s.explained[i]++;
  if (hit) s.hits[i]++;
}

/** Counts, for every figure of `list` already touched by this question, one measure word it carries. */
function creditMeasure(s: Scratch, pass: number, list: readonly number[]): void {
  for (const i of list) if (s.seen[i] === pass) s.measured[i]++;
}

/**
 * Words of a figure's label and metric that move its score (a share, a change, a qualifier), as bits, worked out once
 * per index rather than looked up in its term set for every question.
 */
const FLAG_TERMS = [SHARE, RATIO, ...DELTA, ...QUALIFIERS];
const flagCache = new WeakMap<AnswerIndex, Uint16Array>();
function flagsOf(index: AnswerIndex): Uint16Array {
  let f = flagCache.get(index);
  if (!f) {
    f = new Uint16Array(index.figures.length);
    for (const d of index.figures) FLAG_TERMS.forEach((t, k) => d.terms.has(t) && (f![d.i] |= 1 << k));
    flagCache.set(index, f);
  }
  return f;
}
const bitsOf = (terms: readonly string[]) => terms.reduce((m, t) => m | (FLAG_TERMS.includes(t) ? 1 << FLAG_TERMS.indexOf(t) : 0), 0);

const KIND_ACTUAL = 1;
const KIND_FORECAST = 2;
const KIND_ESTIMATE = 3;
const KIND_TARGET = 4;
const KIND_CODES: Record<string, number> = { actual: KIND_ACTUAL, forecast: KIND_FORECAST, estimate: KIND_ESTIMATE, target: KIND_TARGET };
/** Each covered company as one bit: a document's companies, or a question's, as a mask. */
const COMPANY_BIT = new Map(COMPANIES.map((c, k) => [c.key, 1 << k]));
function companyMask(keys: readonly string[]): number {
  let m = 0;
  for (const k of keys) m |= COMPANY_BIT.get(k) ?? 0;
  return m;
}
/** A figure is about two or more companies together / names a place. */
const JOINT = 1;
const PLACED = 2;
/** …names a period in its label ("(announced Nov 2024)"). */
const MENTIONED = 4;
/**
 * What the per-figure and per-event filters read, as typed arrays worked out once per index, so that a pass over
 * thousands of documents reads no objects until one passes them.
 */
interface Fields {
  /** Per figure: kind code, full year (or longer) period, tie order, companies / companies mentioned as masks, unit (position in `units`), JOINT | PLACED. */
  kind: Uint8Array;
  fullYear: Uint8Array;
  rank: Int32Array;
  co: Uint8Array;
  mentions: Uint8Array;
  unit: Uint8Array;
  units: string[];
  bits: Uint8Array;
  /** Per figure: its value, and the top of its range (NaN: none). */
  value: Float64Array;
  valueHigh: Float64Array;
  /** Per figure: its series (one number per distinct series key), and how many series there are. */
  seriesId: Int32Array;
  seriesCount: number;
  /** Per figure: its period (position in `periods`, 0: none), first and last month of its statement date. */
  periodId: Uint16Array;
  periods: Period[];
  asOfStart: Float64Array;
  asOfEnd: Float64Array;
  /** Per event: companies as a mask, the first of them (its bit), first and last month of its date. */
  evCo: Uint8Array;
  evFirst: Uint8Array;
  evStart: Float64Array;
  evEnd: Float64Array;
  /** Number → events whose text / title holds it. */
  evNumbers: Map<number, number[]>;
  evTitleNumbers: Map<number, number[]>;
}
const fieldCache = new WeakMap<AnswerIndex, Fields>();
function fieldsOf(index: AnswerIndex): Fields {
  let f = fieldCache.get(index);
  if (!f) {
    const units: string[] = [];
    const unitOf = (u: string) => {
      let k = units.indexOf(u);
      if (k < 0) k = units.push(u) - 1;
      return k;
    };
    const periods: Period[] = [undefined as unknown as Period];
    const periodIds = new Map<Period, number>();
    const periodOf = (p: Period | undefined) => {
      if (!p) return 0;
      let k = periodIds.get(p);
      if (k === undefined) periodIds.set(p, (k = periods.push(p) - 1));
      return k;
    };
    const asOf = index.figures.map((d) => periodOfDate(d.rec.figure.asOf));
    const seriesIds = new Map<string, number>();
    f = {
      kind: Uint8Array.from(index.figures, (d) => KIND_CODES[d.rec.figure.kind ?? ''] ?? 0),
      fullYear: Uint8Array.from(index.figures, (d) => (d.period && d.period.end - d.period.start >= 11 ? 1 : 0)),
      rank: Int32Array.from(index.figures, (d) => d.rank),
      co: Uint8Array.from(index.figures, (d) => companyMask(d.companies)),
      mentions: Uint8Array.from(index.figures, (d) => companyMask(d.mentions)),
      unit: Uint8Array.from(index.figures, (d) => unitOf(d.rec.figure.unit)),
      units,
      bits: Uint8Array.from(index.figures, (d) => (d.joint ? JOINT : 0) | (d.places.length ? PLACED : 0) | (d.mentioned ? MENTIONED : 0)),
      periodId: Uint16Array.from(index.figures, (d) => periodOf(d.period)),
      value: Float64Array.from(index.figures, (d) => d.rec.figure.value),
      valueHigh: Float64Array.from(index.figures, (d) => d.rec.figure.valueHigh ?? NaN),
      seriesCount: 0,
      seriesId: Int32Array.from(index.figures, (d) => (seriesIds.get(d.series) ?? seriesIds.set(d.series, seriesIds.size).get(d.series))!),
      periods,
      asOfStart: Float64Array.from(asOf, (p) => p.start),
      asOfEnd: Float64Array.from(asOf, (p) => p.end),
      evCo: Uint8Array.from(index.events, (d) => companyMask(d.companies)),
      evFirst: Uint8Array.from(index.events, (d) => companyMask(d.companies.slice(0, 1))),
      evStart: Float64Array.from(index.events, (d) => d.period.start),
      evEnd: Float64Array.from(index.events, (d) => d.period.end),
      evNumbers: index.post.evNumbers,
      evTitleNumbers: index.post.evTitleNumbers,
    };
    f.seriesCount = seriesIds.size;
    if (units.length > 255) throw new Error('more than 255 figure units');
    if (periods.length > 65535) throw new Error('more than 65535 figure periods');
    fieldCache.set(index, f);
  }
  return f;
}

/** The number of label and metric terms of each figure (the denominator of its precision), worked out once per index. */
const termCountCache = new WeakMap<AnswerIndex, Uint16Array>();
function termCountsOf(index: AnswerIndex): Uint16Array {
  let c = termCountCache.get(index);
  if (!c) {
    c = Uint16Array.from(index.figures, (d) => Math.min(65535, d.terms.size));
    termCountCache.set(index, c);
  }
  return c;
}

/**
 * `credit` for the figures of each event of `events` (never a hit: the event's words, not the figure's). When fewer
 * figures are allowed than these events hold, the events are marked and the allowed figures looked up instead.
 */
function creditFiguresOf(s: Scratch, pass: number, step: number, p: AnswerIndex['post'], events: readonly number[], amount: number): void {
  const { allowedList, evMark } = s;
  const start = p.evFigStart;
  if (allowedList && evMark.length && allowedList.length < events.length * (p.figEvent.length / Math.max(1, start.length - 1))) {
    const em = ++s.stamp;
    for (const e of events) evMark[e] = em;
    const figEvent = p.figEvent;
    for (let x = 0; x < allowedList.length; x++) {
      const i: number = allowedList[x];
      const e = figEvent[i];
      if (e >= 0 && evMark[e] === em) creditOne(s, pass, step, i, amount, false);
    }
    return;
  }
  for (const e of events) for (let i = start[e], end = start[e + 1]; i < end; i++) creditOne(s, pass, step, i, amount, false);
}

/** One answer scores the same question several times (figures for the answer, for the events, for the nearest): once. */
const memo = new WeakMap<AnswerIndex, WeakMap<Understanding, Map<string, readonly unknown[]>>>();
function memoOf(index: AnswerIndex, u: Understanding, key: string): boolean {
  return !!memo.get(index)?.get(u)?.has(key);
}
function memoized<T>(index: AnswerIndex, u: Understanding, key: string, run: () => T[]): T[] {
  let byU = memo.get(index);
  if (!byU) memo.set(index, (byU = new WeakMap()));
  let m = byU.get(u);
  if (!m) byU.set(u, (m = new Map()));
  let out = m.get(key);
  if (!out) m.set(key, (out = run()));
  return out as T[];
}

/**
 * Score every figure against the understood question (company and period filters applied). In no particular
 * order: take the best with `best(…, figureOrder)` or `groupSeries`.
 */
export function scoreFigures(index: AnswerIndex, u: Understanding, opts: { ignorePeriod?: boolean; loose?: boolean } = {}): ScoredFigure[] {
  return memoized(index, u, `fig|${!!opts.ignorePeriod}|${!!opts.loose}`, () => scoreFiguresNow(index, u, opts));
}
const FIG_STRICT = 'fig|false|false';

/**
 * `best(scoreFigures(index, u, opts), k, figureOrder, keep)`, without scoring every figure in full when that has not
 * been done already.
 */
export function bestFigures(index: AnswerIndex, u: Understanding, k: number, opts: { ignorePeriod?: boolean; loose?: boolean } = {}, keep?: (s: ScoredFigure) => boolean): ScoredFigure[] {
  const key = `fig|${!!opts.ignorePeriod}|${!!opts.loose}`;
  if (memoOf(index, u, key)) return best(scoreFigures(index, u, opts), k, figureOrder, keep);
  return memoized(index, u, `${key}|top${k}|${keep ? keep.name || 'keep' : ''}`, () => scoreFiguresNow(index, u, opts, undefined, { k, keep }));
}

/**
 * Credits the figures with the question's words over the postings (see Scratch): each figure's share of the question,
 * its own words (hits), the words it or its event explain, the measure words it carries. `only`: those figures alone;
 * `years`: only figures touching a year of the asked period.
 */
function creditFigures(
  index: AnswerIndex,
  u: Understanding,
  acc: Scratch,
  only: readonly number[] | undefined,
  years: boolean,
  terms: readonly string[],
  w: Float64Array,
  subset: readonly boolean[],
  metricTerms: readonly string[],
): void {
  const p = index.post;
  acc.creditedFor = undefined;
  // a figure naming none of the other companies asked about, about another covered company, or touching no year of
  // the asked period never scores: such constraints are checked on the postings first
  // (and a figure needs one of the question's words in its own label terms)
  // (these only save work: every figure they leave out would fail the checks below. Given the few figures to score
  // (`only`), those are all the constraint there is; the companies are checked by their masks as each is credited)
  const constraints: (readonly number[])[][] = only ? [[only]] : [terms.map((t) => p.figTerms.get(t) ?? NONE)];
  if (u.others.length) constraints.push(u.others.map((o) => p.figOthers.get(o) ?? NONE));
  if (years) constraints.push(yearLists(p.figYear, u.period!));
  companiesOnly(acc, fieldsOf(index).co, u);
  const pass = ++acc.stamp;
  // a few figures to score (`only`): each is looked up in the term lists (ascending: a binary search) rather than
  // walking the lists, crediting each term once, first match wins in the same order as below
  let listed = 0;
  if (only) for (const t of terms) listed += (p.figTerms.get(t)?.length ?? 0) + (p.figOwn.get(t)?.length ?? 0) + (p.evTitle.get(t)?.length ?? 0) + (p.evSummary.get(t)?.length ?? 0);
  if (only && !u.others.length && only.length * terms.length * 16 < listed) {
    // one step per term, as below (each figure is credited at most once per term here anyway)
    const steps = terms.map(() => ++acc.stamp);
    for (const i of only) {
      const e = p.figEvent[i];
      for (let j = 0; j < terms.length; j++) {
        const t = terms[j];
        let amount = 0;
        let hit = false;
        if (holds(p.figTerms.get(t), i)) {
          amount = w[j];
          hit = true;
        } else if (holds(p.figOwn.get(t), i)) amount = w[j];
        else if (!subset[j] && e >= 0) {
          if (holds(p.evTitle.get(t), e)) amount = CONTEXT.title * w[j];
          else if (holds(p.evSummary.get(t), e)) amount = CONTEXT.summary * w[j];
        }
        if (amount) creditOne(acc, pass, steps[j], i, amount, hit);
      }
      if (acc.seen[i] === pass) for (const t of metricTerms) if (holds(p.figMeasure.get(t), i)) acc.measured[i]++;
    }
  } else {
    restrict(acc, constraints);
    for (let j = 0; j < terms.length; j++) {
      const t = terms[j];
      const step = ++acc.stamp;
      credit(acc, pass, step, p.figTerms.get(t) ?? NONE, w[j], true);
      credit(acc, pass, step, p.figOwn.get(t) ?? NONE, w[j], false);
      if (subset[j]) continue;
      creditFiguresOf(acc, pass, step, p, p.evTitle.get(t) ?? NONE, CONTEXT.title * w[j]);
      creditFiguresOf(acc, pass, step, p, p.evSummary.get(t) ?? NONE, CONTEXT.summary * w[j]);
    }
    // measure words: the figure itself must carry each (a question about pay is never answered by an age)
    for (const t of metricTerms) creditMeasure(acc, pass, p.figMeasure.get(t) ?? NONE);
  }
  if (!only) {
    acc.creditedFor = u;
    acc.creditedYears = years;
  }
}

/**
 * Per event, the best cover × fit of its figures that answer the question (what an event's figure bonus is made of),
 * recorded by a pass that scores every figure with the strict options for the question `u` — one room per index,
 * valid for the last question so scored (answering is synchronous).
 */
interface EventFits {
  u: Understanding | undefined;
  stamp: number;
  seen: Int32Array;
  fit: Float64Array;
}
const eventFitRooms = new WeakMap<AnswerIndex, EventFits>();
function eventFitRoom(index: AnswerIndex): EventFits {
  let r = eventFitRooms.get(index);
  if (!r) eventFitRooms.set(index, (r = { u: undefined, stamp: 0, seen: new Int32Array(index.events.length), fit: new Float64Array(index.events.length) }));
  return r;
}
/** The recorded figure fits of the events for `u`, when the last full strict pass was for `u`. */
function eventFitsFor(index: AnswerIndex, u: Understanding): EventFits | undefined {
  const r = eventFitRooms.get(index);
  return r && r.u === u ? r : undefined;
}
const SERIES_STRICT = 'fig|false|false|series';

function scoreFiguresNow(
  index: AnswerIndex,
  u: Understanding,
  opts: { ignorePeriod?: boolean; loose?: boolean },
  only?: readonly number[],
  top?: { k: number; keep?: (s: ScoredFigure) => boolean },
  bestPerSeries = false,
): ScoredFigure[] {
  const out: ScoredFigure[] = [];
  if (!u.terms.length) return out;
  const loose = !!opts.loose;
  // "how many": counts, not money or shares
  const howMany = !loose && /\bhow many\b/i.test(u.question);
  // what depends on the question alone, worked out once rather than for every figure
  const terms = u.terms;
  const askedTerms = new Set(terms);
  const w = weightsOf(terms, (t) => weight(index, t, 'fig'));
  const subset = terms.map((t) => SUBSET.has(t));
  const total = sumOf(w);
  const metricTerms = terms.filter((t) => METRIC_TERMS.has(t));
  const placeAsked = terms.some((t) => PLACES.has(t));
  const shareAsked = askedTerms.has(SHARE) || askedTerms.has(RATIO) || u.units.includes('percent');
  const qualifiers = [...QUALIFIERS].filter((t) => !askedTerms.has(t) && !(t === TARGET && u.wantsForecast));
  const deltas = DELTA.filter((t) => !askedTerms.has(t));
  const period = opts.ignorePeriod ? undefined : u.period;
  const short = period ? period.end - period.start < 1 : false;
  const fitOf = new Map<Period, number>();
  const fitFor = (p: Period) => {
    let f = fitOf.get(p);
    if (f === undefined) fitOf.set(p, (f = periodFit(p, period!)));
    return f;
  };
  // dateInPeriod for a figure's statement date: a day or a week asked is read from the date itself, anything else from
  // the date's months (see dateInPeriod)
  const F = fieldsOf(index);
  const byDay = !!period && (!!(period as Period & { days?: unknown }).days || !!period.day);
  const inOf = new Map<string, boolean>();
  const asOfIn = (i: number) => {
    if (!byDay) return F.asOfStart[i] >= period!.start && F.asOfEnd[i] <= period!.end;
    const date = index.figures[i].rec.figure.asOf;
    let r = inOf.get(date);
    if (r === undefined) inOf.set(date, (r = dateInPeriod(date, period!)));
    return r;
  };
  /** periodFit of each figure period against the asked one, worked out when first needed (-1: not yet). */
  const fits = period ? new Float64Array(F.periods.length).fill(-1) : new Float64Array(0);
  // how much of the question each figure explains, term by term over the postings: its own label terms (a hit), its
  // unit, kind and series words, then — unless the word narrows what is counted (EVs, pickups, a country, a plant: "EV
  // sales" are not the car sales reported next to EV news) — its event's title, then its event's summary
  const p = index.post;
  // credits reused from an earlier pass for this question (strict, loose or series, the best few or all: see creditsOf);
  // a few figures are credited in a scratch of their own, so that scoring them leaves the credits of every figure
  const years = !only && yearBounded(period);
  const reused = only ? undefined : creditsOf(index.figures, u, years);
  const acc = reused ?? scratchFor(only ? p.figEvent : index.figures, index.figures.length, index.events.length);
  if (!reused) creditFigures(index, u, acc, only, years, terms, w, subset, metricTerms);
  const flags = flagsOf(index);
  const shareBits = bitsOf([SHARE, RATIO]);
  const deltaBits = deltas.map((t) => bitsOf([t]));
  const deltaMask = bitsOf(deltas);
  const qualifierBits = bitsOf(qualifiers);
  const rateBits = bitsOf([SHARE, RATIO, ...DELTA]);
  const termCount = termCountsOf(index);
  const { kind: kindOf, fullYear, rank } = F;
  const qCo = companyMask(u.companies);
  const namedMask = companyMask(u.named);
  const JPY = F.units.indexOf('JPY');
  const USD = F.units.indexOf('USD');
  const PERCENT = F.units.indexOf('percent');
  const unitAsked = F.units.map((x) => u.units.includes(x));
  // how many of the question's weak words each figure's own terms hold (the figure-terms postings are those terms):
  // counted over the postings for a pass over every figure, looked up (a binary search) for a few
  let weakHits: Uint8Array | undefined;
  if (u.weak.length && !only) {
    weakHits = new Uint8Array(index.figures.length);
    for (const t of u.weak) for (const i of p.figTerms.get(t) ?? NONE) weakHits[i]++;
  }
  const weakOf = (i: number): number => {
    if (weakHits) return weakHits[i];
    let c = 0;
    for (const t of u.weak) if (holds(p.figTerms.get(t), i)) c++;
    return c;
  };
  // what a figure's kind, change and qualifier words add to its score so far, in this order (the bound below sums the
  // same terms in the same order)
  const kindAndFlags = (x: number, i: number): number => {
    const k = kindOf[i];
    if (u.wantsForecast && (k === KIND_FORECAST || k === KIND_ESTIMATE)) x += 0.04;
    if (u.wantsActual && k === KIND_ACTUAL) x += 0.04;
    if (u.wantsForecast && !u.wantsActual && k === KIND_ACTUAL) x -= 0.04;
    if (!u.wantsForecast && k === KIND_ACTUAL) x += 0.03;
    // a target is an aim, not the state of things: only when aims are asked about ("how many plants does Nissan have")
    if (!u.wantsForecast && k === KIND_TARGET) x -= 0.04;
    // a change (a cut, a rise) is not the level: "sales forecast" is not "the cut to the sales forecast"
    if (flags[i] & deltaMask) for (const bit of deltaBits) if (flags[i] & bit) x -= 0.05;
    // a threshold or an aim is not the measure: "Nissan's utilisation" is the utilisation, not the break-even level
    // (an aim is asked for by "plan", "target", "aim"…: see wantsForecast)
    if (flags[i] & qualifierBits) x -= QUALIFIER_PENALTY;
    return x;
  };
  // one figure's score (NaN when it does not answer), its cover, precision and fit left in `last` (objects are read only
  // for what the typed arrays do not hold)
  const last = { cover: 0, precision: 0, fit: 0 };
  const scoreOne = (i: number): number => {
    const hits = acc.hits[i];
    if (!hits) return NaN;
    if (acc.measured[i] < metricTerms.length) return NaN;
    // a figure answers only when it, or the event reporting it, explains every word of the question that
    // carries meaning: "how many robots…" is never answered by a figure that says nothing of robots
    if (!loose && acc.explained[i] < terms.length) return NaN;
    const got = acc.got[i];
    const unit = F.unit[i];
    if (howMany && (unit === JPY || unit === USD || unit === PERCENT)) return NaN;
    // the companies (see companyOk)
    const dm = F.co[i];
    const co = !u.companies.length ? 'yes' : !dm ? 'sector' : dm & qCo ? 'yes' : 'no';
    if (co === 'no') return NaN;
    // "Honda's stake in Nissan" is not "Nissan's stake in Mitsubishi": every company the question names must be in the figure
    if (u.named.length && (F.mentions[i] & namedMask) !== namedMask && !(u.named.length === 1 && !dm)) return NaN;
    // a market-wide figure never answers for a company ("Honda's EV sales in the US" is not US EV sales)
    if (u.named.length && !dm && !loose) return NaN;
    // a figure for the two companies together answers only questions about both ("Honda revenue" is not the combined target)
    if (F.bits[i] & JOINT && !u.both && !loose) return NaN;
    // a figure about one place answers a question naming that place. A question naming another place is never answered
    // by it ("Nissan's Japan plant utilisation" is not the US plants'). A question naming no place is answered by it only
    // when it is a rate (a percentage: the place's utilisation is a utilisation, labelled with its place), never by an
    // amount or a count, which is a part of the whole ("Nissan's headcount" is not the Oppama plant's workforce)
    const elsewhere = F.bits[i] & PLACED ? !anyIn(index.figures[i].places, askedTerms) : false;
    // (a rate of a place — its plants' utilisation, its tariff — is a percentage that is not a share of something, nor a
    // change: unlike an amount or a count, it is not a part of the company's whole)
    const rate = unit === PERCENT && !(flags[i] & rateBits);
    if (!loose && elsewhere && (placeAsked || !rate)) return NaN;
    const d = index.figures[i];
    // a share of something is not the something ("Honda's EV sales" is not the EVs' share of sales), unless a share or the target is asked
    if (!loose && !shareAsked && unit === PERCENT && flags[i] & shareBits && !namesWhatIsShared(terms, d.terms)) return NaN;
    if (u.others.length && !anyListed(u.others, d.others)) return NaN;
    const cover = Math.min(1, got / total);
    const precision = hits / Math.max(1, termCount[i]);
    let fit = 1;
    if (period) {
      const pid = F.periodId[i];
      let pf = 0;
      if (pid) {
        pf = fits[pid];
        if (pf < 0) fits[pid] = pf = periodFit(F.periods[pid], period);
      }
      // "the forecast in August 2025": a month names when it was stated; a fiscal period names what it covers
      // …but a figure about another period is never rescued by a whole year ("EV sales in 2025" ≠ the 2030 target stated in 2025)
      const asOf = !period.fiscal && (short || !pid || pf > 0) && asOfIn(i) ? 0.8 : 0;
      const named = F.bits[i] & MENTIONED ? 0.9 * fitFor(d.mentioned!) : 0;
      fit = Math.max(pf, asOf, named);
      if (fit === 0) return NaN;
    }
    let score = cover + 0.1 * precision + 0.3 * fit;
    for (let w = u.weak.length ? weakOf(i) : 0; w > 0; w--) score += 0.05;
    if (co === 'sector') score -= 0.1;
    score = kindAndFlags(score, i);
    // the whole before a part: a place's figure answers a question naming no place only when nothing better does
    if (elsewhere) score -= PLACE_PENALTY;
    if (u.units.length && !unitAsked[unit]) score -= 0.05;
    if (u.numbers.length && namesValue(u.numbers, F.value[i], F.valueHigh[i])) score += 0.05;
    // among equals, prefer full-year figures and the latest statement
    if (!u.period && fullYear[i]) score += 0.05;
    last.cover = cover;
    last.precision = precision;
    last.fit = fit;
    return score;
  };
  // a pass scoring every figure with the strict options records each event's best cover × fit (see EventFits)
  const fits0 = !only && !opts.ignorePeriod && !loose && (bestPerSeries || !top) ? eventFitRoom(index) : undefined;
  let fitStamp = 0;
  if (fits0) {
    // valid for `u` only once the pass is complete
    fits0.u = undefined;
    fitStamp = ++fits0.stamp;
  }
  const record = (i: number, score: number): void => {
    if (!fits0 || Number.isNaN(score) || last.cover < THRESHOLDS.figure) return;
    const e = p.figEvent[i];
    if (e < 0) return;
    const v = last.cover * last.fit;
    if (fits0.seen[e] !== fitStamp) {
      fits0.seen[e] = fitStamp;
      fits0.fit[e] = v;
    } else if (v > fits0.fit[e]) fits0.fit[e] = v;
  };
  const evaluate = (i: number): ScoredFigure | undefined => {
    const score = scoreOne(i);
    record(i, score);
    return Number.isNaN(score) ? undefined : { doc: index.figures[i], cover: last.cover, precision: last.precision, fit: last.fit, score };
  };
  if (bestPerSeries) {
    // the best figure of each series (figureOrder: score, then the tie order), kept as numbers; objects for those only
    const { seriesId } = F;
    const room = seriesRoomOf(index);
    const stamp = ++room.stamp;
    const series: number[] = [];
    for (let x = 0; x < acc.nTouched; x++) {
      const i = acc.touchedBuf[x];
      const score = scoreOne(i);
      record(i, score);
      if (Number.isNaN(score)) continue;
      const id = seriesId[i];
      if (room.seen[id] !== stamp) {
        room.seen[id] = stamp;
        series.push(id);
      } else if (!(score > room.score[id] || (score === room.score[id] && rank[i] < rank[room.best[id]]))) continue;
      room.score[id] = score;
      room.best[id] = i;
    }
    if (fits0) fits0.u = u;
    for (const id of series) out.push(evaluate(room.best[id])!);
    return out;
  }
  if (!top) {
    for (let x = 0; x < acc.nTouched; x++) {
      const i = acc.touchedBuf[x];
      const s = evaluate(i);
      if (s) out.push(s);
    }
    if (fits0) fits0.u = u;
    return out;
  }
  // only the best k wanted. A figure's bound is its score summed in the same order, with every term that needs more than
  // the typed arrays taken at its best: a perfect fit, every weak word and number matched, and the penalties read from
  // objects (sector-wide, another place, another unit) left out. Rounded addition is monotone, so no figure scores above
  // its bound, and one whose bound is below the k-th best so far (or equal to it, later in the tie order) is never among
  // the best. The most promising are scored first, a few at a time.
  const cand: number[] = [];
  const bound: number[] = [];
  for (let x = 0; x < acc.nTouched; x++) {
    const i = acc.touchedBuf[x];
    const hits = acc.hits[i];
    if (!hits || acc.measured[i] < metricTerms.length || (!loose && acc.explained[i] < terms.length)) continue;
    let b = Math.min(1, acc.got[i] / total) + 0.1 * (hits / Math.max(1, termCount[i])) + 0.3 * 1;
    for (let w = 0; w < u.weak.length; w++) b += 0.05;
    b = kindAndFlags(b, i);
    if (u.numbers.length) b += 0.05;
    if (!u.period && fullYear[i]) b += 0.05;
    cand.push(i);
    bound.push(b);
  }
  const kept: ScoredFigure[] = [];
  const offer = (s: ScoredFigure | undefined) => {
    if (!s || (top.keep && !top.keep(s))) return;
    if (kept.length === top.k) {
      if (top.k === 0 || figureOrder(s, kept[top.k - 1]) >= 0) return;
      kept[top.k - 1] = s;
    } else kept.push(s);
    for (let j = kept.length - 1; j > 0 && figureOrder(kept[j], kept[j - 1]) < 0; j--) [kept[j], kept[j - 1]] = [kept[j - 1], kept[j]];
  };
  const beatsLast = (m: number) => {
    const last = kept.length === top.k ? kept[top.k - 1] : undefined;
    return !last || bound[m] > last.score || (bound[m] === last.score && rank[cand[m]] < last.doc.rank);
  };
  // the most promising first, by bound then tie order (usually enough to set the bar), then the rest that can still
  // beat the k-th best
  const tie = new Float64Array(cand.length);
  for (let m = 0; m < cand.length; m++) tie[m] = -rank[cand[m]];
  const first = mostPromising(bound, tie, Math.max(16, 4 * top.k));
  for (const m of first) offer(evaluate(cand[m]));
  const done = new Uint8Array(cand.length);
  for (const m of first) done[m] = 1;
  for (let m = 0; m < cand.length; m++) if (!done[m] && beatsLast(m)) offer(evaluate(cand[m]));
  return kept;
}

/**
 * The best-scoring figure of each series answering the question (in no particular order): what `groupSeries` keeps of
 * `scoreFigures`, without an object for every other figure. `groupSeries(index, seriesBests(…))` is
 * `groupSeries(index, scoreFigures(…))`, and the best of them is the best figure.
 */
export function seriesBests(index: AnswerIndex, u: Understanding, opts: { ignorePeriod?: boolean; loose?: boolean } = {}): ScoredFigure[] {
  const key = `fig|${!!opts.ignorePeriod}|${!!opts.loose}`;
  if (memoOf(index, u, key)) return scoreFigures(index, u, opts);
  return memoized(index, u, `${key}|series`, () => scoreFiguresNow(index, u, opts, undefined, undefined, true));
}

/** Records every event's figure fit for `u` (see EventFits), scoring the figures' series bests when not done yet. */
function recordEventFits(index: AnswerIndex, u: Understanding): EventFits {
  if (!eventFitsFor(index, u)) {
    if (memoOf(index, u, SERIES_STRICT)) scoreFiguresNow(index, u, {}, undefined, undefined, true);
    else seriesBests(index, u);
  }
  return eventFitsFor(index, u)!;
}

/** Room for the best figure of each series while a question is scored (answering is synchronous). */
const seriesRoom = new WeakMap<AnswerIndex, { seen: Int32Array; score: Float64Array; best: Int32Array; stamp: number }>();
function seriesRoomOf(index: AnswerIndex): { seen: Int32Array; score: Float64Array; best: Int32Array; stamp: number } {
  let r = seriesRoom.get(index);
  if (!r) {
    const n = fieldsOf(index).seriesCount;
    r = { seen: new Int32Array(n), score: new Float64Array(n), best: new Int32Array(n), stamp: 0 };
    seriesRoom.set(index, r);
  }
  return r;
}

/** A scored figure explains enough of the question to be the answer. */
function answersFigure(s: ScoredFigure): boolean {
  return s.cover >= THRESHOLDS.figure;
}

/** The order of scored figures: best score first; among equals the latest statement (then the log's order). */
export function figureOrder(a: ScoredFigure, b: ScoredFigure): number {
  return b.score - a.score || a.doc.rank - b.doc.rank;
}

/** The order of scored events: best score first; among equals the later event. */
export function eventOrder(a: ScoredEvent, b: ScoredEvent): number {
  return b.score - a.score || b.doc.i - a.doc.i;
}

/**
 * The `k` first items in `order` (that pass `keep`), without sorting the rest: a question may score thousands of
 * documents on a large log, and an answer needs its best few.
 */
export function best<T>(items: readonly T[], k: number, order: (a: T, b: T) => number, keep?: (x: T) => boolean): T[] {
  const out: T[] = [];
  for (const x of items) {
    if (keep && !keep(x)) continue;
    if (out.length === k) {
      if (k === 0 || order(x, out[k - 1]) >= 0) continue;
      out[k - 1] = x;
    } else out.push(x);
    for (let j = out.length - 1; j > 0 && order(out[j], out[j - 1]) < 0; j--) [out[j], out[j - 1]] = [out[j - 1], out[j]];
  }
  return out;
}

/** Score every event against the understood question. In no particular order: see `best(…, eventOrder)`. */
export function scoreEvents(index: AnswerIndex, u: Understanding, opts: { requirePeriod?: boolean } = {}): ScoredEvent[] {
  return memoized(index, u, `ev|${!!opts.requirePeriod}`, () => scoreEventsNow(index, u, opts));
}

/**
 * The `k` best events for the question (in eventOrder), among those explaining at least `minCover` of it. The same as
 * `best(scoreEvents(…).filter(cover ≥ minCover), k, eventOrder)`, without scoring every event in full: an event's score
 * is its cover plus bonuses that cannot exceed a bound, so events whose cover cannot reach the k-th best are skipped.
 */
export function bestEvents(index: AnswerIndex, u: Understanding, k: number, opts: { requirePeriod?: boolean; minCover?: number } = {}): ScoredEvent[] {
  // an answer asks for the best one, two or three events, with or without a minimum cover: the best three are worked
  // out once and serve every such request they can (the first k of them explaining enough are the first k overall)
  const K = Math.max(k, EVENTS_KEPT);
  const minCover = opts.minCover ?? 0;
  const key = `ev|${!!opts.requirePeriod}|top${K}|`;
  if (minCover > 0 && memoOf(index, u, `${key}0`)) {
    const top = best(memoized<ScoredEvent>(index, u, `${key}0`, () => []), K, eventOrder).filter((s) => s.cover >= minCover);
    if (top.length >= k) return top.slice(0, k);
  }
  const scored = memoized(index, u, `${key}${minCover}`, () => scoreEventsNow(index, u, opts, { k: K, minCover }));
  return best(scored, k, eventOrder);
}
/** How many best events `bestEvents` works out at least. */
const EVENTS_KEPT = 3;
/** More events than this left to score for their figure bonus: every figure is scored once instead (see EventFits). */
const FULL_PASS_AFTER = 8;

function scoreEventsNow(index: AnswerIndex, u: Understanding, opts: { requirePeriod?: boolean }, top?: { k: number; minCover: number }): ScoredEvent[] {
  const out: ScoredEvent[] = [];
  // a person named alongside other words counts half: the log often says "Nissan's CEO" rather than the name
  const personStems = new Set(u.people.map((p) => stem(p.key)));
  const w = (t: string) => weight(index, t, 'ev') * (personStems.has(t) && u.terms.length > 1 ? 0.5 : 1);
  const terms = u.terms;
  const tw = weightsOf(terms, w);
  const total = sumOf(tw);
  const period = u.period;
  // dateInPeriod, with each event's date read once at index build (EventDoc.period): a period asked by the month
  // holds a date when the date's whole span lies inside it; a day or a week asked is read from the date itself
  const byMonth = !!period && !(period as Period & { days?: unknown }).days && !period.day;
  const aboutOf = new Map<Period, boolean>();
  // how much of the question each event explains, term by term over the postings: its title, else its summary; then
  // the weak words. With no term, every event (in the asked period, when one is required) is a candidate.
  const p = index.post;
  let candidates: ArrayLike<number> | undefined;
  let acc: Scratch | undefined;
  const years = !!opts.requirePeriod && yearBounded(period);
  if (terms.length) {
    // (credits reused from an earlier pass for this question: see creditsOf)
    acc = creditsOf(index.events, u, years);
    if (!acc) {
      acc = scratchFor(index.events, index.events.length);
      const constraints: (readonly number[])[][] = [];
      if (u.others.length) constraints.push(u.others.map((o) => p.evOthers.get(o) ?? NONE));
      if (years) constraints.push(yearLists(p.evYear, period!));
      companiesOnly(acc, fieldsOf(index).evCo, u);
      restrict(acc, constraints);
      const pass = ++acc.stamp;
      for (let j = 0; j < terms.length; j++) {
        const step = ++acc.stamp;
        credit(acc, pass, step, p.evTitle.get(terms[j]) ?? NONE, tw[j], false);
        credit(acc, pass, step, p.evSummary.get(terms[j]) ?? NONE, 0.85 * tw[j], false);
      }
      for (const t of u.weak) {
        const step = ++acc.stamp;
        credit(acc, pass, step, p.evTitle.get(t) ?? NONE, 0.02 * total, false);
        credit(acc, pass, step, p.evSummary.get(t) ?? NONE, 0.02 * total, false);
      }
      acc.creditedFor = u;
      acc.creditedYears = years;
    }
    candidates = touchedOf(acc);
  } else if (years) {
    // an event's date lies in one year: the year lists do not overlap
    candidates = yearLists(p.evYear, period!).flat();
  }
  // first what the filters and the question's words decide; the bonuses after
  const { keptI, keptCover, keptWhen } = keptOf(index);
  let nKept = 0;
  const { evCo, evStart, evEnd } = fieldsOf(index);
  const qCo = companyMask(u.companies);
  for (let k = 0, n = candidates ? candidates.length : index.events.length; k < n; k++) {
    const i = candidates ? candidates[k] : k;
    // the companies (see companyOk), from the typed arrays
    const dm = evCo[i];
    if (qCo && dm && !(dm & qCo)) continue;
    // two or more companies named ("Nissan and Renault"): the event must involve all of them
    if (u.companies.length > 1 && (dm & qCo) !== qCo) continue;
    if (u.others.length && !u.others.some((o) => index.events[i].others.includes(o))) continue;
    const inPeriod = period ? (byMonth ? evStart[i] >= period.start && evEnd[i] <= period.end : dateInPeriod(index.events[i].event.date, period)) : true;
    if (opts.requirePeriod && !inPeriod) continue;
    const got = acc ? acc.got[i] : 0;
    const cover = total ? Math.min(1, got / total) : 0;
    if (total && !got) continue;
    if (top && cover < top.minCover) continue;
    keptI[nKept] = i;
    keptCover[nKept] = cover;
    keptWhen[nKept++] = inPeriod ? IN_PERIOD : 0;
  }
  // "results for the year to March 2026": a fiscal period names what the event is about, not only when it happened
  // (worked out for an event outside the period when its score is first needed)
  const fiscal = !!period?.fiscal;
  const inOrAbout = (j: number): boolean => {
    const when = keptWhen[j];
    if (when & (IN_PERIOD | ABOUT)) return true;
    if (when & ABOUT_KNOWN || !fiscal) return false;
    const about = index.events[keptI[j]].about.some((p) => {
      let r = aboutOf.get(p);
      if (r === undefined) aboutOf.set(p, (r = periodFit(p, period!) >= 0.9));
      return r;
    });
    keptWhen[j] = ABOUT_KNOWN | (about ? ABOUT : 0);
    return about;
  };
  // how many of the question's numbers each event's text and title hold
  let numberHits: Uint8Array | undefined;
  let titleNumberHits: Uint8Array | undefined;
  if (u.numbers.length) {
    const { evNumbers, evTitleNumbers } = fieldsOf(index);
    numberHits = new Uint8Array(index.events.length);
    titleNumberHits = new Uint8Array(index.events.length);
    for (const n of u.numbers) {
      for (const i of evNumbers.get(n) ?? NONE) numberHits[i]++;
      for (const i of evTitleNumbers.get(n) ?? NONE) titleNumberHits[i]++;
    }
  }
  // an event's score: its cover, its figure bonus (0.1 × the best fit of its figures answering the question), then
  // bonuses read from the event alone, summed in this order
  const qBits = u.companies.map((c) => companyMask([c]));
  const namedMask = companyMask(u.named);
  const { evFirst } = fieldsOf(index);
  const scoreOf = (j: number, fit: number): number => {
    const i = keptI[j];
    let score = keptCover[j] + 0.1 * fit;
    // "why …?": prefer the event whose own text gives the reason for what was asked
    if (u.kind === 'why' && acc && acc.got[i] && givesReason(index.events[i], u.terms)) score += 0.03;
    if (u.companies.length) {
      let c = 0;
      for (const b of qBits) if (evCo[i] & b) c++;
      score += 0.05 * (c / u.companies.length);
    }
    if (u.numbers.length) score += 0.1 * numberHits![i] + 0.05 * titleNumberHits![i];
    if (u.period) score += inOrAbout(j) ? 0.1 : -0.2;
    // the event is mainly about the company asked ("Honda's results", not Nissan's results that mention Honda)
    if (namedMask & evFirst[i]) score += 0.03;
    for (const p of u.people) if (holds(index.post.peopleInText.get(p.key), i)) score += 0.03;
    return score;
  };
  // with only the best k wanted, two bounds leave out events that cannot be among them. First: an event scores at least
  // its cover + `low` and at most its cover + `high`, so one whose cover + high falls below the k-th best cover + low is
  // never among them. Then, for those left: every bonus but the figure bonus is cheap to read, and the figure bonus
  // adds at most 0.1, so one whose score without it falls more than 0.1 below the k-th best such score is never among
  // them either (the margins absorb rounding: these sums are not added in the final order)
  // the event where the thing happened: one that carries a figure answering the question's words and period
  // (for the best few: only their figures, unless every figure has been scored for this question already)
  // (read from the fits a pass over every figure recorded for this question, when there was one)
  const NO_FIT = () => 0;
  const figureFitOf = (events: readonly number[]): ((event: number) => number) => {
    if (!u.terms.length || !events.length) return NO_FIT;
    const recorded = eventFitsFor(index, u);
    if (recorded) return (e) => (recorded.seen[e] === recorded.stamp ? recorded.fit[e] : 0);
    const fit = new Map<number, number>();
    const figs = !top || memoOf(index, u, FIG_STRICT) ? scoreFigures(index, u) : scoreFiguresNow(index, u, {}, figuresOf(p, events));
    for (const s of figs) {
      if (s.cover < THRESHOLDS.figure) continue;
      const e = p.figEvent[s.doc.i];
      if (e >= 0) fit.set(e, Math.max(fit.get(e) ?? 0, s.cover * s.fit));
    }
    return (e) => fit.get(e) ?? 0;
  };
  // (the kept events to score: every one, or with `top` those that can reach the k-th best, listed with `push` only)
  let scoring: number[] = [];
  if (!top || nKept <= top.k) for (let j = 0; j < nKept; j++) scoring.push(j);
  else {
    const high =
      0.1 +
      (u.kind === 'why' ? 0.03 : 0) +
      (u.companies.length ? 0.05 : 0) +
      0.15 * u.numbers.length +
      (u.period ? 0.1 : 0) +
      (u.named.length ? 0.03 : 0) +
      0.03 * u.people.length;
    const low = u.period ? -0.2 : 0;
    const bar = kthLargest(keptCover.subarray(0, nKept), top.k) + low - high - 1e-9;
    for (let j = 0; j < nKept; j++) if (keptCover[j] >= bar) scoring.push(j);
    if (scoring.length > top.k) {
      // (scores in typed arrays, not arrays whose element kind depends on whether every score is a whole number)
      const base = new Float64Array(scoring.length);
      for (let m = 0; m < scoring.length; m++) base[m] = scoreOf(scoring[m], 0);
      const bar2 = kthLargest(base, top.k) - 0.1 - 1e-9;
      const left: number[] = [];
      for (let m = 0; m < base.length; m++) if (base[m] >= bar2) left.push(m);
      if (u.terms.length && left.length > 2 * top.k && !memoOf(index, u, FIG_STRICT)) {
        // still many: the events are taken best first — by their score with the whole figure bonus (an exact bound:
        // rounded addition is monotone), then the later — their figures scored a batch at a time, until no event left
        // can beat the k-th best
        const canBonus = figureBonusPossible(index, u);
        const ub = new Float64Array(left.length);
        for (let a = 0; a < left.length; a++) ub[a] = scoreOf(scoring[left[a]], canBonus(keptI[scoring[left[a]]]) ? 1 : 0);
        const evOf = (a: number) => keptI[scoring[left[a]]];
        const best: ScoredEvent[] = [];
        // the k-th best so far, as numbers (its score and position; none yet: every event beats it)
        let kthScore = -Infinity;
        let kthEvent = -1;
        const beats = (a: number) => ub[a] > kthScore || (ub[a] === kthScore && evOf(a) > kthEvent);
        let batch: number[] = [];
        const flush = () => {
          const fit = figureFitOf(eventsOf(keptI, batch));
          for (const j of batch) {
            const e = { doc: index.events[keptI[j]], cover: keptCover[j], score: scoreOf(j, fit(keptI[j])) };
            if (best.length === top.k) {
              if (eventOrder(e, best[top.k - 1]) >= 0) continue;
              best[top.k - 1] = e;
            } else best.push(e);
            for (let x = best.length - 1; x > 0 && eventOrder(best[x], best[x - 1]) < 0; x--) [best[x], best[x - 1]] = [best[x - 1], best[x]];
          }
          batch = [];
          if (best.length === top.k) {
            kthScore = best[top.k - 1].score;
            kthEvent = best[top.k - 1].doc.i;
          }
        };
        const tie = new Float64Array(left.length);
        for (let a = 0; a < left.length; a++) tie[a] = evOf(a);
        const first = mostPromising(ub, tie, Math.max(8, 2 * top.k));
        for (const a of first) batch.push(scoring[left[a]]);
        flush();
        // then, a batch at a time, the rest that can still beat the k-th best
        const done = new Uint8Array(left.length);
        for (const a of first) done[a] = 1;
        // many still able to beat the k-th best: one pass over every figure records every event's fit at once, cheaper
        // than scoring their figures a batch at a time
        if (!eventFitsFor(index, u)) {
          let still = 0;
          for (let a = 0; a < left.length && still <= FULL_PASS_AFTER; a++) if (!done[a] && beats(a)) still++;
          if (still > FULL_PASS_AFTER) recordEventFits(index, u);
        }
        for (let a = 0; a < left.length; a++) {
          if (done[a] || !beats(a)) continue;
          batch.push(scoring[left[a]]);
          if (batch.length === 64) flush();
        }
        if (batch.length) flush();
        return best;
      }
      const kept: number[] = [];
      for (const m of left) kept.push(scoring[m]);
      scoring = kept;
    }
  }
  const fit = figureFitOf(eventsOf(keptI, scoring));
  for (const j of scoring) out.push({ doc: index.events[keptI[j]], cover: keptCover[j], score: scoreOf(j, fit(keptI[j])) });
  return out;
}

/**
 * The events at positions `list` of the kept ones. Lists of positions are built with `push` only (not `map`), so that
 * they are all arrays of one kind: V8 otherwise threw away the optimised `scoreEventsNow` each time a list of the
 * other kind reached it (30 times in 1,000 questions on the 10,000-event log).
 */
function eventsOf(keptI: Int32Array, list: readonly number[]): number[] {
  const out: number[] = [];
  for (const j of list) out.push(keptI[j]);
  return out;
}

/**
 * Whether an event's figures could give it a figure bonus at all: such a figure explains every word of the question,
 * by itself or through its event's title or summary (never through the event for a word that narrows what is counted,
 * see SUBSET). A word no figure explains by itself must then be in the event's text.
 */
function figureBonusPossible(index: AnswerIndex, u: Understanding): (event: number) => boolean {
  const p = index.post;
  const eventOnly: string[] = [];
  for (const t of u.terms) {
    if (p.figTerms.get(t)?.length || p.figOwn.get(t)?.length) continue;
    if (SUBSET.has(t)) return () => false;
    eventOnly.push(t);
  }
  if (!eventOnly.length) return () => true;
  const holds = new Uint8Array(index.events.length);
  const mark = new Uint8Array(index.events.length);
  eventOnly.forEach((t, k) => {
    for (const e of p.evTitle.get(t) ?? NONE) if (mark[e] !== k + 1) (mark[e] = k + 1), holds[e]++;
    for (const e of p.evSummary.get(t) ?? NONE) if (mark[e] !== k + 1) (mark[e] = k + 1), holds[e]++;
  });
  return (e) => holds[e] === eventOnly.length;
}

/**
 * The `size` first positions of `value` (all of them when fewer) by value, largest first, then by `tie`, largest first:
 * by selection, one pass, no sort.
 */
function mostPromising(value: ArrayLike<number>, tie: Float64Array, size: number): number[] {
  const first: number[] = [];
  for (let m = 0; m < value.length; m++) {
    const v = value[m];
    if (first.length === size) {
      const l = first[size - 1];
      if (v < value[l] || (v === value[l] && !(tie[m] > tie[l]))) continue;
    }
    let j = first.length < size ? first.length : size - 1;
    while (j > 0) {
      const o = first[j - 1];
      if (!(v > value[o] || (v === value[o] && tie[m] > tie[o]))) break;
      first[j] = o;
      j--;
    }
    first[j] = m;
  }
  return first;
}

/** A kept event lies in the asked period; is about it (a fiscal period its figures cover); whether it is about it is known. */
const IN_PERIOD = 1;
const ABOUT = 2;
const ABOUT_KNOWN = 4;
/**
 * Room for the events a question keeps (position, cover, IN_PERIOD / ABOUT / ABOUT_KNOWN bits), one set per index
 * (answering is synchronous, and scoring events never scores events again before it is done).
 */
const keptCache = new WeakMap<AnswerIndex, { keptI: Int32Array; keptCover: Float64Array; keptWhen: Uint8Array }>();
function keptOf(index: AnswerIndex): { keptI: Int32Array; keptCover: Float64Array; keptWhen: Uint8Array } {
  let k = keptCache.get(index);
  if (!k) {
    const n = index.events.length;
    k = { keptI: new Int32Array(n), keptCover: new Float64Array(n), keptWhen: new Uint8Array(n) };
    keptCache.set(index, k);
  }
  return k;
}

const TOP_ROOM = new Float64Array(16);
/** The k-th largest of `values` (k ≥ 1, at most values.length), without sorting them. */
function kthLargest(values: ArrayLike<number>, k: number): number {
  const topK = k <= TOP_ROOM.length ? TOP_ROOM : new Float64Array(k);
  let have = 0;
  for (let m = 0; m < values.length; m++) {
    const v = values[m];
    if (have === k && v <= topK[k - 1]) continue;
    let j = have < k ? have++ : k - 1;
    while (j > 0 && topK[j - 1] < v) {
      topK[j] = topK[j - 1];
      j--;
    }
    topK[j] = v;
  }
  return topK[k - 1];
}

function figuresOf(p: AnswerIndex['post'], events: readonly number[]): number[] {
  const out: number[] = [];
  for (const e of events) for (let f = p.evFigStart[e], end = p.evFigStart[e + 1]; f < end; f++) out.push(f);
  return out;
}

/** A figure's series, newest statement first (the figure alone when the index lists no series for it). */
function seriesOf(index: AnswerIndex, doc: FigureDoc): FigureRecord[] {
  return index.series.get(doc.series) ?? [doc.rec];
}

/** Group scored figures into series (newest statement first), best series first (by each series' best figure). */
export function groupSeries(index: AnswerIndex, scored: readonly ScoredFigure[], limit?: number): { group: FigureRecord[]; best: ScoredFigure }[] {
  const { seriesId } = fieldsOf(index);
  const bestOf = new Map<number, ScoredFigure>();
  for (const s of scored) {
    const id = seriesId[s.doc.i];
    const b = bestOf.get(id);
    if (!b || figureOrder(s, b) < 0) bestOf.set(id, s);
  }
  // (`limit`: only the first few are wanted, and only those are put in order)
  const bests = [...bestOf.values()];
  const ordered = limit === undefined ? bests.sort(figureOrder) : best(bests, limit, figureOrder);
  return ordered.map((b) => ({ group: seriesOf(index, b.doc), best: b }));
}

/**
 * Within a series: do sources give different values for statements made on (nearly) the same date? Worked out once per
 * series (the index's series lists live as long as the index; the answer is shared, so it is read-only).
 */
export function disagreements(group: readonly FigureRecord[]): readonly (readonly FigureRecord[])[] {
  let out = disagreementCache.get(group);
  if (!out) disagreementCache.set(group, (out = disagreementsNow(group)));
  return out;
}
const disagreementCache = new WeakMap<readonly FigureRecord[], readonly (readonly FigureRecord[])[]>();
function disagreementsNow(group: readonly FigureRecord[]): FigureRecord[][] {
  const out: FigureRecord[][] = [];
  const used = new Set<string>();
  // each statement date read once (a series on a large log holds dozens of statements)
  const month = new Map<string, number>();
  const day = new Map<string, number>();
  for (const r of group) {
    const d = r.figure.asOf;
    if (!month.has(d)) month.set(d, periodOfDate(d).start), day.set(d, Date.parse(periodStartIso(d)));
  }
  for (const a of group) {
    if (used.has(a.figure.id)) continue;
    const am = month.get(a.figure.asOf)!;
    const ad = day.get(a.figure.asOf)!;
    const same = group.filter(
      (b) => !used.has(b.figure.id) && Math.abs(am - month.get(b.figure.asOf)!) <= 1 && Math.abs(ad - day.get(b.figure.asOf)!) <= SAME_DATE_MS,
    );
    // different values in the same unit; the same thing stated in yen and in dollars is not a disagreement
    const byUnit = new Map<string, Set<string>>();
    for (const r of same) {
      const k = `${r.figure.unit}|${r.figure.scale ?? ''}`;
      byUnit.set(k, (byUnit.get(k) ?? new Set()).add(`${r.figure.value}|${r.figure.valueHigh ?? ''}|${r.figure.qualifier ?? ''}`));
    }
    const split = [...byUnit.entries()].filter(([, v]) => v.size > 1).map(([k]) => k);
    if (same.length > 1 && split.length) {
      const differing = same.filter((r) => split.includes(`${r.figure.unit}|${r.figure.scale ?? ''}`));
      differing.forEach((r) => used.add(r.figure.id));
      out.push(differing);
    }
  }
  return out;
}

/** Statements this close are made on (nearly) the same date. */
const SAME_DATE_MS = 21 * 86400000;
function periodStartIso(d: string): string {
  const [y, m = '01', day = '01'] = d.split('-');
  return `${y}-${m}-${day}T00:00:00Z`;
}

function companyName(f: FigureRecord): string {
  return f.figure.company === '—' ? 'sector-wide' : f.figure.company;
}

function src(rec: FigureRecord): string {
  return `[${rec.source.publisher}](${rec.source.url})`;
}

/** The text of a figure answer: latest value first, revisions with their dates, disagreements side by side. */
export function describeSeries(group: FigureRecord[]): string {
  const head = group[0];
  const f = head.figure;
  const lines: string[] = [`**${f.label}** — ${companyName(head)}, ${f.period}`];
  const differ = disagreements(group);
  const differIds = new Set(differ.flat().map((r) => r.figure.id));
  const kindOf = (r: FigureRecord) => (r.figure.kind && r.figure.kind !== 'actual' && r.figure.kind !== 'other' ? `, ${r.figure.kind}` : '');
  const stated = (r: FigureRecord) => `${formatDate(r.figure.asOf)} — ${src(r)}${r.status !== head.status ? ` (${statusLabel(r.status)})` : ''}`;
  const labelled = (r: FigureRecord) => (r.figure.label !== f.label ? ` · _${truncate(r.figure.label, 90)}_` : '');
  if (group.length === 1) {
    lines.push(`**${formatValue(f)}** (stated ${formatDate(f.asOf)}; ${statusLabel(head.status)}${kindOf(head)}) — ${src(head)}`);
    if (f.note) lines.push(`_${truncate(f.note, 200)}_`);
    return lines.join('\n');
  }
  for (const d of differ) {
    const from = formatDate(d[d.length - 1].figure.asOf);
    const to = formatDate(d[0].figure.asOf);
    lines.push(`**Sources differ** (${from === to ? from : `${from} – ${to}`}):`);
    for (const r of d) {
      lines.push(`• **${formatValue(r.figure)}**${labelled(r)} — ${statusLabel(r.status)}${kindOf(r)}, stated ${stated(r)}${r.figure.note ? ` — _${truncate(r.figure.note, 140)}_` : ''}`);
    }
  }
  // the other statements, latest first; consecutive statements of the same value are one line
  const rest = group.filter((r) => !differIds.has(r.figure.id));
  const runs: FigureRecord[][] = [];
  for (const r of rest) {
    const last = runs[runs.length - 1];
    if (last && sameValue(last[0], r)) last.push(r);
    else runs.push([r]);
  }
  if (runs.length) {
    const revised = runs.length > 1 || (differ.length > 0 && runs.some((run) => !sameValue(run[0], differ[0][0])));
    if (differ.length) lines.push(revised ? 'Other statements, latest first:' : 'Also stated:');
    runs.forEach((run, i) => {
      const r = run[0];
      const prefix = differ.length ? '• ' : i === 0 ? (runs.length > 1 ? 'Latest: ' : '') : '• ';
      if (!differ.length && i === 1) lines.push('Earlier, latest first (revisions):');
      lines.push(`${prefix}**${formatValue(r.figure)}**${labelled(r)} (${statusLabel(r.status)}${kindOf(r)}) — stated ${run.map(stated).join('; ')}`);
    });
  }
  return lines.join('\n');
}

function sameValue(a: FigureRecord, b: FigureRecord): boolean {
  const x = a.figure;
  const y = b.figure;
  return x.value === y.value && x.valueHigh === y.valueHigh && x.unit === y.unit && x.scale === y.scale && x.qualifier === y.qualifier;
}

function eventText(e: Event, kind: QuestionKind): string {
  const link = `[${e.sources[0].publisher}](${e.sources[0].url})`;
  const status = statusLabel(e.status);
  if (kind === 'when') return `**${formatDate(e.date)}** — ${e.title} (${status}). ${oneLine(e.summary, 300)} — ${link}`;
  return `**${e.title}** (${formatDate(e.date)}; ${status})\n${e.summary}\nSource: ${link}${e.sources.length > 1 ? ` (+${e.sources.length - 1} more)` : ''}`;
}

function citationsOf(figures: FigureRecord[], events: Event[]): Source[] {
  const out: Source[] = [];
  const seen = new Set<string>();
  const add = (s: Source) => {
    if (!seen.has(s.url)) {
      seen.add(s.url);
      out.push(s);
    }
  };
  figures.forEach((r) => add(r.source));
  events.forEach((e, i) => (i === 0 ? e.sources.slice(0, 3) : e.sources.slice(0, 1)).forEach(add));
  return bestTierFirst(out);
}

function companyList(u: Understanding): string {
  const names = u.companies.map((k) => COMPANIES.find((c) => c.key === k)?.logName ?? k);
  return names.join(' and ');
}

function decline(u: Understanding, reason: string, text: string, nearest?: { figures: FigureRecord[]; events: Event[] }, confidence = 0): Answer {
  let answer = text;
  const nf = nearest?.figures ?? [];
  const ne = nearest?.events ?? [];
  if (nf.length || ne.length) {
    const items: string[] = [];
    for (const r of nf.slice(0, 3)) {
      const k = r.figure.kind && r.figure.kind !== 'actual' && r.figure.kind !== 'other' ? `${r.figure.kind}, ` : '';
      items.push(`• ${r.figure.label}: **${formatValue(r.figure)}** — ${companyName(r)}, ${r.figure.period} (${k}${statusLabel(r.status)}, stated ${formatDate(r.figure.asOf)}) — ${src(r)}`);
    }
    for (const e of ne.slice(0, 3)) items.push(`• ${formatDate(e.date)} — ${e.title} — [${e.sources[0].publisher}](${e.sources[0].url})`);
    answer += `\n\n_Nearest thing the log holds (not an answer to your question):_\n${items.join('\n')}`;
  }
  return {
    question: u.question,
    found: false,
    answer,
    kind: u.kind,
    figures: [],
    events: [],
    citations: [],
    nearest: nearest && (nf.length || ne.length) ? { figures: nf.slice(0, 3), events: ne.slice(0, 3) } : undefined,
    confidence,
    reason,
  };
}

/** Answer a free question from the log. Never states a figure the log does not hold. */
export function answerQuestion(timeline: Timeline, question: string, opts: { now?: Date } = {}): Answer {
  const index = indexOf(timeline);
  const u = understand(question, { now: opts.now, index });
  return answerUnderstood(index, u);
}

export function answerUnderstood(index: AnswerIndex, u: Understanding): Answer {
  const NOT = 'The log does not hold';
  if (!u.terms.length && !u.period && !u.companies.length && !u.others.length) {
    return decline(u, 'empty', `I could not find a question about Honda, Nissan or their story in that. ${NOT} an answer to it.`);
  }
  // other companies: only when the record itself names them
  if (u.others.length) {
    const figs = bestFigures(index, u, 1, {}, answersFigure).length > 0;
    const evs = bestEvents(index, u, 1, { minCover: THRESHOLDS.event }).length > 0;
    if (!figs && !evs) {
      const near = nearestFor(index, derive(u, { others: [] }));
      return decline(u, 'other-company', `${NOT} anything on ${u.others.join(', ')} for that: it covers Honda and Nissan (and, where they take part, Mitsubishi Motors, Foxconn and Renault).`, near);
    }
  }
  if (u.prediction || (u.future && (u.ahead || (u.period !== undefined && u.period.end > index.newestMonth)))) {
    // never answered as if the log could predict; a company's own forecast or target for that time is shown, labelled
    const outlook = statedOutlook(index, u);
    return decline(
      u,
      'prediction',
      `The log does not predict: it does not hold what will happen, only what was announced or reported, with sources.`,
      // the companies' own forecasts or targets for that time, else the latest events on the matter
      { figures: outlook, events: outlook.length ? [] : bestEvents(index, u, 2).map((s) => s.doc.event) },
    );
  }

  if (u.kind === 'who') {
    const anchor = (terms: string[]) => {
      const s = bestEvents(index, derive(u, { terms, people: [] }), 1)[0];
      return s && s.cover >= THRESHOLDS.eventKnown ? s.doc : undefined;
    };
    const r = answerRole(index, u, u.now, anchor);
    if (r?.kind === 'nobody') {
      const co = COMPANIES.find((c) => c.key === r.company)?.logName ?? r.company;
      const named = r.others.map((h) => `${h.person.name} (${h.role.title})`);
      return decline(
        u,
        'no-person',
        `The log does not name ${r.role === 'other' ? `the holder of that post at ${co}` : `${co}'s ${ROLE_NAMES[r.role]}`}.${named.length ? ` For ${co} it names ${named.join(', ')}.` : ''}`,
      );
    }
    if (r?.kind === 'person') {
      const h = r.holder;
      const text = `**${h.person.name}** — ${h.role.title}.\n${eventText(r.events[0], 'who')}${r.events.length > 1 ? `\nAlso: ${r.events.slice(1).map((e) => `${formatDate(e.date)} — ${e.title}`).join('; ')}` : ''}`;
      return { question: u.question, found: true, answer: text, kind: 'who', figures: [], events: r.events, citations: citationsOf([], r.events), confidence: 1 };
    }
  }

  // (the best figure of each series: all the answer needs of the scored figures)
  const scoredFigs = u.terms.length && (u.kind === 'figure' || u.kind === 'what') ? seriesBests(index, u) : [];
  const figureFirst = u.kind === 'figure' || (u.kind === 'what' && prefersFigure(index, u, scoredFigs));
  if (figureFirst && u.terms.length) {
    const first = best(scoredFigs, 1, figureOrder)[0];
    if (first && first.cover >= THRESHOLDS.figure) {
      // (the best series, and the one stated later with the other sign, are each the best of those that qualify: the
      // thousands of series a common word matches on a large log are not put in order for them)
      const top = { group: seriesOf(index, first.doc), best: first };
      // "what is Honda worth today?": a statement older than six months is not today's value
      const latest = top.group[0].figure.asOf;
      if (u.present && !u.period && Date.parse(periodStartIso(latest)) < u.now.getTime() - STALE_DAYS * 86400000) {
        return decline(u, 'stale', `The log does not hold the current value: its latest statement of that is from ${formatDate(latest)}.`, { figures: [top.group[0]], events: [] }, first.cover);
      }
      // the same measure stated later with the other sign (a profit forecast later turned into a loss forecast)
      const later = laterOtherSign(index, u, top, scoredFigs);
      const answerGroups = later ? [top.group, later.group] : [top.group];
      const figures = answerGroups.flat();
      const text =
        describeSeries(top.group) +
        askedDateNote(u, top.group) +
        (later ? `\n\n**Stated later as ${later.group[0].figure.metric.includes('loss') ? 'a loss' : 'a profit'}:**\n${describeSeries(later.group)}` : '');
      const events = uniqEvents(figures.map((r) => r.event));
      return {
        question: u.question,
        found: true,
        answer: text,
        kind: 'figure',
        figures,
        events,
        citations: citationsOf(figures, []),
        confidence: Math.min(1, first.cover),
        groups: answerGroups,
      };
    }
    if (u.kind === 'figure') {
      // a figure question the log cannot answer: say so, with the nearest figures clearly labelled
      const anyPeriod = u.period ? bestFigures(index, u, 3, { ignorePeriod: true }, answersFigure) : [];
      const nearFigs = (anyPeriod.length ? anyPeriod : bestFigures(index, u, 3, { ignorePeriod: true, loose: true })).map((s) => s.doc.rec);
      const what = u.period && anyPeriod.length ? `that figure for ${u.period.label}` : 'that figure';
      return decline(u, anyPeriod.length ? 'other-period' : 'no-figure', `${NOT} ${what}${u.companies.length ? ` for ${companyList(u)}` : ''}.`, { figures: nearFigs, events: [] }, first?.cover ?? 0);
    }
  }

  // events: "what happened in February 2025?" lists the period; otherwise the best-matching event(s)
  if (!u.terms.length && u.period) {
    const inPeriod = scoreEvents(index, u, { requirePeriod: true });
    if (!inPeriod.length) {
      const near = index.events.filter((d) => companyOk(d.companies, u) !== 'no');
      const before = near.filter((d) => d.period.end < u.period!.start).slice(-2).map((d) => d.event);
      const after = near.filter((d) => d.period.start > u.period!.end).slice(0, 1).map((d) => d.event);
      return decline(u, 'empty-period', `${NOT} any event${u.companies.length ? ` for ${companyList(u)}` : ''} in ${u.period.label}.`, { figures: [], events: [...before.reverse(), ...after] });
    }
    const events = inPeriod.map((s) => s.doc).sort((a, b) => a.i - b.i).slice(0, 10).map((d) => d.event);
    const lines = events.map((e) => `• **${formatDate(e.date)}** — ${e.title} — [${e.sources[0].publisher}](${e.sources[0].url})`);
    const more = inPeriod.length > events.length ? `\n…and ${inPeriod.length - events.length} more (see \`/nissan-honda timeline\`).` : '';
    return {
      question: u.question,
      found: true,
      answer: `In ${u.period.label} the log holds ${inPeriod.length} event${inPeriod.length === 1 ? '' : 's'}${u.companies.length ? ` for ${companyList(u)}` : ''}:\n${lines.join('\n')}${more}`,
      kind: u.kind === 'figure' ? 'what' : u.kind,
      figures: [],
      events,
      citations: citationsOf([], events),
      confidence: 1,
    };
  }
  if (!u.terms.length) {
    // only a company named: its latest events
    const evs = index.events.filter((d) => companyOk(d.companies, u) === 'yes' && u.companies.every((c) => d.companies.includes(c))).slice(-5).reverse().map((d) => d.event);
    if (!evs.length) return decline(u, 'empty', `${NOT} an answer to that.`);
    return {
      question: u.question,
      found: true,
      answer: `The latest events in the log for ${companyList(u)}:\n${evs.map((e) => `• **${formatDate(e.date)}** — ${e.title} — [${e.sources[0].publisher}](${e.sources[0].url})`).join('\n')}`,
      kind: 'what',
      figures: [],
      events: evs,
      citations: citationsOf([], evs),
      confidence: 0.8,
    };
  }
  // "what happened in May 2025" is bounded by its period; in "why did Honda lower its 2030 target" the year names the subject
  const requirePeriod = !!u.period && u.kind === 'what';
  const top = bestEvents(index, u, 1, { requirePeriod })[0];
  const allKnown = !u.fuzzy && u.terms.every((t) => index.known.has(t));
  const bar = allKnown ? Math.min(THRESHOLDS.event, THRESHOLDS.eventKnown) : THRESHOLDS.event;
  if (!top || top.cover < bar) {
    const near = nearestFor(index, u);
    return decline(u, 'no-event', `${NOT} an answer to that question.`, near, top?.cover ?? 0);
  }
  let picked = bestEvents(index, u, 3, { requirePeriod, minCover: bar }).filter((s) => s.score >= top.score - THRESHOLDS.eventMargin);
  // "when did they first …": the earliest of the close matches leads
  if (u.earliest && picked.length > 1) picked = [...picked].sort((a, b) => a.doc.i - b.doc.i);
  const events = picked.map((s) => s.doc.event);
  const main = events[0];
  // "when will X happen?": only a plan the log dates answers it; anything else would be a prediction
  if (u.kind === 'when' && u.future && !u.period && !datedPlan(picked[0].doc, u)) {
    return decline(u, 'prediction', `The log does not predict: it does not hold when that will happen, only what was announced or reported, with sources.`, {
      figures: [],
      events: events.slice(0, 2),
    });
  }
  const parts = [u.kind === 'why' ? whyText(picked[0].doc, u) : eventText(main, u.kind)];
  if (events.length > 1) parts.push(`Related: ${events.slice(1).map((e) => `${formatDate(e.date)} — ${e.title}`).join('; ')}`);
  return {
    question: u.question,
    found: true,
    answer: parts.join('\n'),
    kind: u.kind === 'figure' ? 'what' : u.kind,
    figures: [],
    events,
    citations: citationsOf([], events),
    confidence: Math.min(1, top.cover),
  };
}

/** Sentences of an event (title first) that say why: they carry a cause word and at least one of the question's words. */
export function reasonsIn(d: EventDoc, u: Understanding): string[] {
  const strong = new Set(u.terms);
  const out: string[] = [];
  for (const sen of eventSentences(d.event)) {
    if (!CAUSAL.test(sen)) continue;
    if (out.length === 0 || analyzeDoc(markUS(sen)).some((t) => strong.has(t))) out.push(sen);
  }
  // the title is a headline: keep it only when no sentence of the summary gives a reason
  return out.length > 1 ? out.filter((x) => x !== d.event.title).slice(0, 3) : out;
}

/** Does the event's summary give a reason for the question (reasonsIn holds more than the headline)? From the index. */
function givesReason(d: EventDoc, strong: readonly string[]): boolean {
  return d.reason === true || (d.reason !== undefined && strong.some((t) => (d.reason as Set<string>).has(t)));
}

function whyText(d: EventDoc, u: Understanding): string {
  const reasons = reasonsIn(d, u);
  const head = reasons.length ? `**Why, as the log reports it:** ${reasons.join(' ')}\n` : '';
  return `${head}${eventText(d.event, 'why')}`;
}

/** Does the event date a plan ("by fiscal 2026", "from 2028", "in August 2026") in a sentence with the question's words? */
function datedPlan(d: EventDoc, u: Understanding): boolean {
  const year = Number(d.event.date.slice(0, 4));
  const strong = new Set(u.terms);
  for (const sen of eventSentences(d.event)) {
    if (!analyzeDoc(markUS(sen)).some((t) => strong.has(t))) continue;
    const m = /\b(?:by|from|in|until|before|through|to)\s+(?:the\s+end\s+of\s+)?(?:(?:fiscal|fy)\s*(?:year\s*)?'?(\d{4})|(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+)?(\d{4}))\b/i.exec(sen);
    if (m && Number(m[1] ?? m[2]) >= year) return true;
  }
  return false;
}

function askedDateNote(u: Understanding, group: FigureRecord[]): string {
  if (!u.period || group.length < 2) return '';
  const at = group.filter((r) => dateInPeriod(r.figure.asOf, u.period!));
  if (!at.length || at[0] === group[0]) return '';
  return `\nAs stated in ${u.period.label}: **${formatValue(at[0].figure)}** (${formatDate(at[0].figure.asOf)}) — ${src(at[0])}`;
}

/** Results and forecasts: a forecast is revised by a later forecast, a result by a later result. */
function kindClass(k: string | undefined): string {
  return k === 'forecast' || k === 'estimate' ? 'forecast' : (k ?? '');
}

/**
 * A loss is a profit below zero: the log keeps "operating profit forecast" and "operating loss forecast" as two
 * series. When the answer is one of them and the other, for the same company and kind (results or forecasts), was
 * stated later, for the same period (or, with no period asked, a period no earlier), it is shown after the answer,
 * labelled: the latest word on the measure is never left out.
 */
function laterOtherSign(
  index: AnswerIndex,
  u: Understanding,
  top: { group: FigureRecord[]; best: ScoredFigure },
  bests: readonly ScoredFigure[],
): { group: FigureRecord[] } | undefined {
  const head = top.group[0].figure;
  const other = head.metric.replace(/\b(profit|loss)\b/g, (m) => (m === 'profit' ? 'loss' : 'profit'));
  if (other === head.metric) return undefined;
  const topPeriod = top.best.doc.period;
  // of the series bests (one per series), the best that qualifies
  let found: ScoredFigure | undefined;
  for (const b of bests) {
    if (b === top.best || b.cover < THRESHOLDS.figure || (found && figureOrder(b, found) >= 0)) continue;
    const f = seriesOf(index, b.doc)[0].figure;
    if (f.metric !== other || f.company !== head.company || kindClass(f.kind) !== kindClass(head.kind) || compareDates(f.asOf, head.asOf) <= 0) continue;
    const p = b.doc.period;
    if (f.period === head.period || (!u.period && p && topPeriod && p.start >= topPeriod.start && p.end - p.start >= topPeriod.end - topPeriod.start)) found = b;
  }
  return found && { group: seriesOf(index, found.doc) };
}

/** A "what …" question is a figure question when a figure explains it well and the wording is not about events. */
function prefersFigure(index: AnswerIndex, u: Understanding, scored: ScoredFigure[]): boolean {
  const first = best(scored, 1, figureOrder)[0];
  if (!first || first.cover < THRESHOLDS.figure) return false;
  if (EVENT_WORDING.test(u.question)) return false;
  // "What is Re:Nissan?" asks what a thing is: a figure answers only when a measure is named
  if (!u.terms.some((t) => METRIC_TERMS.has(t)) && !u.units.length && /^\s*(what|what's|whats)\s+(is|was|are|were|'s)\b/i.test(u.question) && u.terms.length <= 1) return false;
  const ev = bestEvents(index, u, 1)[0];
  // the figure must explain the question at least as well as any event does, with a tight label
  return !ev || first.cover >= ev.cover - 0.05 || first.precision >= 0.5;
}

function uniqEvents(events: Event[]): Event[] {
  const seen = new Set<string>();
  return events.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}

/**
 * For a question about the future: the companies' own forecasts and targets for that time (the asked period, or
 * periods not over by the log's newest event), best match first, one statement per series (the latest).
 */
function statedOutlook(index: AnswerIndex, u: Understanding): FigureRecord[] {
  if (!u.terms.length) return [];
  const now = u.now.getUTCFullYear() * 12 + u.now.getUTCMonth();
  // the figures of those kinds and periods, from the typed arrays; then only those are scored
  const { kind, periodId, periods } = fieldsOf(index);
  const outlook: number[] = [];
  for (let i = 0; i < kind.length; i++) {
    const k = kind[i];
    if ((k !== KIND_FORECAST && k !== KIND_TARGET && k !== KIND_ESTIMATE) || !periodId[i]) continue;
    const p = periods[periodId[i]];
    if (u.period ? !(p.end < u.period.start || p.start > u.period.end) : !(p.end < Math.max(now, index.newestMonth))) outlook.push(i);
  }
  const stated = scoreFiguresNow(index, u, { ignorePeriod: true, loose: true }, outlook);
  return groupSeries(index, stated, 3)
    .map((g) => g.group[0]);
}

function nearestFor(index: AnswerIndex, u: Understanding): { figures: FigureRecord[]; events: Event[] } {
  const figs = u.terms.length ? bestFigures(index, u, 2, { ignorePeriod: true, loose: true }).map((s) => s.doc.rec) : [];
  const evs = bestEvents(index, u, 2).map((s) => s.doc.event);
  return { figures: figs, events: evs };
}

export { understand };
