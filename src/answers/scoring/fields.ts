/**
 * What the scoring reads of each figure and event, worked out once per index as typed arrays (kinds, companies as
 * bit masks, units, periods, flags), and the small tests and term weights it applies to them. Internal to src/answers.
 */
import { COMPANIES, METRIC_TERMS } from '../lexicon.js';
import { type Period, periodOfDate } from '../periods.js';
import { type AnswerIndex, analyze } from '../search-index.js';
import { stem } from '../text.js';
import { type Understanding } from '../understand.js';

export const DELTA = ['cut', 'change', 'raise'].map(stem);
/**
 * Words that make a figure a threshold or an aim rather than the measure itself ("break-even utilisation" is not
 * the utilisation, "targeted plants" are not the plants): such a figure ranks below the plain measure unless the
 * question asks for it.
 */
export const QUALIFIERS = new Set(analyze('break-even target threshold'));
export const TARGET = stem('target');
/** Words that narrow what a figure counts: only the figure itself may explain them. */
export const SUBSET = new Set([...analyze('usa mexico japan china thailand canada europe asia africa india brazil ev hybrid pickup battery software motorcycle chip segment model brand luxury electric regional domestic overseas export import')]);
export const SHARE = stem('share');
export const RATIO = stem('ratio');
export const SALE = stem('sale');
export const EV = stem('ev');

export function weight(index: AnswerIndex, t: string, kind: 'fig' | 'ev'): number {
  if (kind === 'fig') return index.figIdf.get(t) ?? index.figMaxIdf + 0.5;
  return index.evIdf.get(t) ?? index.evMaxIdf + 0.5;
}

export function companyOk(docCompanies: string[], u: Understanding): 'yes' | 'no' | 'sector' {
  if (!u.companies.length) return 'yes';
  if (!docCompanies.length) return 'sector';
  return docCompanies.some((c) => u.companies.includes(c)) ? 'yes' : 'no';
}

export const NONE: readonly number[] = [];

// Tests scoreOne makes for thousands of figures, as functions of their own: an arrow function written inside it
// (`list.some((x) => …)`) is a new object at every call.
/** Whether any of `items` is in `set`. */
export function anyIn(items: readonly string[], set: ReadonlySet<string>): boolean {
  for (const x of items) if (set.has(x)) return true;
  return false;
}
/** Whether any of `items` is in `list`. */
export function anyListed(items: readonly string[], list: readonly string[]): boolean {
  for (const x of items) if (list.includes(x)) return true;
  return false;
}
/** Whether any of `numbers` is `value` or `high` (strictly equal: an absent high value, NaN, equals nothing). */
export function namesValue(numbers: readonly number[], value: number, high: number): boolean {
  for (const n of numbers) if (n === value || n === high) return true;
  return false;
}
/** Whether a figure's own terms hold a word of the question that says what a share is of (not "sale", "EV" or a measure word). */
export function namesWhatIsShared(terms: readonly string[], own: ReadonlySet<string>): boolean {
  for (const t of terms) if (t !== SALE && own.has(t) && !METRIC_TERMS.has(t) && t !== EV) return true;
  return false;
}

/**
 * Each term's weight, in a typed array. `terms.map(…)` made arrays whose kind depended on the values (all whole
 * numbers or not) and on whether V8 had optimised the caller yet, and each kind not seen before threw away the
 * optimised scoring code that read it.
 */
export function weightsOf(terms: readonly string[], weightOf: (t: string) => number): Float64Array {
  const out = new Float64Array(terms.length);
  for (let j = 0; j < terms.length; j++) out[j] = weightOf(terms[j]);
  return out;
}
/** The sum from the first to the last (the same sum as `reduce((s, x) => s + x, 0)`). */
export function sumOf(xs: Float64Array): number {
  let s = 0;
  for (let j = 0; j < xs.length; j++) s += xs[j];
  return s;
}

/**
 * Words of a figure's label and metric that move its score (a share, a change, a qualifier), as bits, worked out once
 * per index rather than looked up in its term set for every question.
 */
export const FLAG_TERMS = [SHARE, RATIO, ...DELTA, ...QUALIFIERS];
export const flagCache = new WeakMap<AnswerIndex, Uint16Array>();
export function flagsOf(index: AnswerIndex): Uint16Array {
  let f = flagCache.get(index);
  if (!f) {
    f = new Uint16Array(index.figures.length);
    for (const d of index.figures) FLAG_TERMS.forEach((t, k) => d.terms.has(t) && (f![d.i] |= 1 << k));
    flagCache.set(index, f);
  }
  return f;
}
export const bitsOf = (terms: readonly string[]) => terms.reduce((m, t) => m | (FLAG_TERMS.includes(t) ? 1 << FLAG_TERMS.indexOf(t) : 0), 0);

export const KIND_ACTUAL = 1;
export const KIND_FORECAST = 2;
export const KIND_ESTIMATE = 3;
export const KIND_TARGET = 4;
export const KIND_CODES: Record<string, number> = { actual: KIND_ACTUAL, forecast: KIND_FORECAST, estimate: KIND_ESTIMATE, target: KIND_TARGET };
/** Each covered company as one bit: a document's companies, or a question's, as a mask. */
export const COMPANY_BIT = new Map(COMPANIES.map((c, k) => [c.key, 1 << k]));
export function companyMask(keys: readonly string[]): number {
  let m = 0;
  for (const k of keys) m |= COMPANY_BIT.get(k) ?? 0;
  return m;
}
/** A figure is about two or more companies together / names a place. */
export const JOINT = 1;
export const PLACED = 2;
/** …names a period in its label ("(announced Nov 2024)"). */
export const MENTIONED = 4;
/**
 * What the per-figure and per-event filters read, as typed arrays worked out once per index, so that a pass over
 * thousands of documents reads no objects until one passes them.
 */
export interface Fields {
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
export const fieldCache = new WeakMap<AnswerIndex, Fields>();
export function fieldsOf(index: AnswerIndex): Fields {
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
export const termCountCache = new WeakMap<AnswerIndex, Uint16Array>();
export function termCountsOf(index: AnswerIndex): Uint16Array {
  let c = termCountCache.get(index);
  if (!c) {
    c = Uint16Array.from(index.figures, (d) => Math.min(65535, d.terms.size));
    termCountCache.set(index, c);
  }
  return c;
}
