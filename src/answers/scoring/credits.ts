/**
 * The posting-list accumulator: scratch space in which a question's words are credited, term by term, to the figures
 * or events holding them, restricted to the question's companies, other companies and years. Internal to src/answers.
 */
import { type Period, yearOf } from '../periods.js';
import { type AnswerIndex } from '../search-index.js';
import { type Understanding } from '../understand.js';
import { CONTEXT } from '../weights.js';
import { NONE, companyMask, fieldsOf } from './fields.js';

/**
 * Scratch space for scoring a question term by term over the postings, one slot per document, reused by every
 * question (answering is synchronous). `seen[i] === pass` marks a document touched by the current question,
 * `mark[i] === step` one already credited for the current term.
 */
export interface Scratch {
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
export const scratches = new WeakMap<object, Scratch>();
export function scratchFor(owner: object, n: number, events = 0): Scratch {
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
export function touchedOf(s: Scratch): Int32Array {
  return s.touchedBuf.subarray(0, s.nTouched);
}

/**
 * Restricts the scratch to the documents in every one of `constraints` (each the union of its posting lists), and
 * about the companies `companiesOnly` set: only those are credited. No constraint: every document (of those companies).
 */
export function restrict(s: Scratch, constraints: (readonly number[])[][]): void {
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
export function companiesOnly(s: Scratch, co: Uint8Array, u: Understanding): void {
  if (!u.companies.length) return;
  s.co = co;
  s.qCo = companyMask(u.companies);
}

/** Whether an ascending posting list holds `x` (binary search). */
export function holds(list: readonly number[] | undefined, x: number): boolean {
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
export function yearBounded(p: Period | undefined): p is Period {
  return !!p && yearOf(p.end) - yearOf(p.start) < 100;
}

/**
 * The scratch of `owner` when it already holds the credits of `u` for every document the constraints of this pass allow:
 * what a document is credited depends on the question alone, and the constraints only decide which documents are
 * credited, so a pass whose constraints are no narrower (no year constraint before, or the same one) reuses them.
 */
export function creditsOf(owner: object, u: Understanding, years: boolean): Scratch | undefined {
  const prior = scratches.get(owner);
  return prior && prior.creditedFor === u && (!prior.creditedYears || years) ? prior : undefined;
}

/** Postings of the years a period touches. */
export function yearLists(post: Map<number, number[]>, p: Period): (readonly number[])[] {
  const out: (readonly number[])[] = [post.get(-1) ?? NONE];
  for (let y = yearOf(p.start); y <= yearOf(p.end); y++) out.push(post.get(y) ?? NONE);
  return out;
}

/**
 * Credits `amount` (and an explained term, and a hit when `hit`) to every document of `list` not yet credited for this
 * term. Terms are credited in the question's order, so each document's total is summed exactly as term-by-term
 * scoring of that document would sum it.
 */
export function credit(s: Scratch, pass: number, step: number, list: readonly number[], amount: number, hit: boolean): void {
  for (const i of list) creditOne(s, pass, step, i, amount, hit);
}

/** `credit` for one document. */
export function creditOne(s: Scratch, pass: number, step: number, i: number, amount: number, hit: boolean): void {
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
export function creditMeasure(s: Scratch, pass: number, list: readonly number[]): void {
  for (const i of list) if (s.seen[i] === pass) s.measured[i]++;
}

/**
 * `credit` for the figures of each event of `events` (never a hit: the event's words, not the figure's). When fewer
 * figures are allowed than these events hold, the events are marked and the allowed figures looked up instead.
 */
export function creditFiguresOf(s: Scratch, pass: number, step: number, p: AnswerIndex['post'], events: readonly number[], amount: number): void {
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

/**
 * Credits the figures with the question's words over the postings (see Scratch): each figure's share of the question,
 * its own words (hits), the words it or its event explain, the measure words it carries. `only`: those figures alone;
 * `years`: only figures touching a year of the asked period.
 */
export function creditFigures(
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
