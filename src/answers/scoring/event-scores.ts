/**
 * Event scoring: how much of the question each event explains, then its bonuses (its figures, reasons, companies,
 * numbers, period, people); the best few found with bounds instead of scoring every event in full.
 */
import { type Period, dateInPeriod, periodFit } from '../periods.js';
import { type AnswerIndex, type EventDoc } from '../search-index.js';
import { givesReason } from '../stated-reasons.js';
import { stem } from '../text.js';
import { type Understanding } from '../understand.js';
import { EVENT, THRESHOLDS, eventBonusBound, eventBonusFloor } from '../weights.js';
import { type Scratch, companiesOnly, credit, creditsOf, holds, restrict, scratchFor, touchedOf, yearBounded, yearLists } from './credits.js';
import { NONE, SUBSET, companyMask, fieldsOf, sumOf, weight, weightsOf } from './fields.js';
import { FIG_STRICT, eventFitsFor, figuresOf, recordEventFits, scoreFigures, scoreFiguresNow } from './figure-scores.js';
import { best, eventOrder, kthLargest, memoOf, memoized, mostPromising } from './top-k.js';

export interface ScoredEvent {
  doc: EventDoc;
  cover: number;
  score: number;
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
export const EVENTS_KEPT = 3;
/** More events than this left to score for their figure bonus: every figure is scored once instead (see EventFits). */
export const FULL_PASS_AFTER = 8;

export function scoreEventsNow(index: AnswerIndex, u: Understanding, opts: { requirePeriod?: boolean }, top?: { k: number; minCover: number }): ScoredEvent[] {
  const out: ScoredEvent[] = [];
  // a person named alongside other words counts half: the log often says "Nissan's CEO" rather than the name
  const personStems = new Set(u.people.map((p) => stem(p.key)));
  const w = (t: string) => weight(index, t, 'ev') * (personStems.has(t) && u.terms.length > 1 ? EVENT.personAmongWords : 1);
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
        credit(acc, pass, step, p.evSummary.get(terms[j]) ?? NONE, EVENT.summary * tw[j], false);
      }
      for (const t of u.weak) {
        const step = ++acc.stamp;
        credit(acc, pass, step, p.evTitle.get(t) ?? NONE, EVENT.weakShare * total, false);
        credit(acc, pass, step, p.evSummary.get(t) ?? NONE, EVENT.weakShare * total, false);
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
  // an event's score: its cover, its figure bonus (EVENT.figureBonus × the best fit of its figures answering the question), then
  // bonuses read from the event alone, summed in this order
  const qBits = u.companies.map((c) => companyMask([c]));
  const namedMask = companyMask(u.named);
  const { evFirst } = fieldsOf(index);
  const scoreOf = (j: number, fit: number): number => {
    const i = keptI[j];
    let score = keptCover[j] + EVENT.figureBonus * fit;
    // "why …?": prefer the event whose own text gives the reason for what was asked
    if (u.kind === 'why' && acc && acc.got[i] && givesReason(index.events[i], u.terms)) score += EVENT.givesReason;
    if (u.companies.length) {
      let c = 0;
      for (const b of qBits) if (evCo[i] & b) c++;
      score += EVENT.companies * (c / u.companies.length);
    }
    if (u.numbers.length) score += EVENT.number * numberHits![i] + EVENT.titleNumber * titleNumberHits![i];
    if (u.period) score += inOrAbout(j) ? EVENT.inPeriod : -EVENT.outOfPeriodPenalty;
    // the event is mainly about the company asked ("Honda's results", not Nissan's results that mention Honda)
    if (namedMask & evFirst[i]) score += EVENT.mainCompany;
    for (const p of u.people) if (holds(index.post.peopleInText.get(p.key), i)) score += EVENT.person;
    return score;
  };
  // with only the best k wanted, two bounds leave out events that cannot be among them. First: an event scores at least
  // its cover + `low` and at most its cover + `high`, so one whose cover + high falls below the k-th best cover + low is
  // never among them. Then, for those left: every bonus but the figure bonus is cheap to read, and the figure bonus
  // adds at most EVENT.figureBonus, so one whose score without it falls more than that below the k-th best such score is never among
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
    const figs = !top || memoOf(index, u, FIG_STRICT) ? scoreFigures(index, u) : scoreFiguresNow(index, u, {}, { only: figuresOf(p, events) });
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
    const high = eventBonusBound(u);
    const low = eventBonusFloor(u);
    const bar = kthLargest(keptCover.subarray(0, nKept), top.k) + low - high - 1e-9;
    for (let j = 0; j < nKept; j++) if (keptCover[j] >= bar) scoring.push(j);
    if (scoring.length > top.k) {
      // (scores in typed arrays, not arrays whose element kind depends on whether every score is a whole number)
      const base = new Float64Array(scoring.length);
      for (let m = 0; m < scoring.length; m++) base[m] = scoreOf(scoring[m], 0);
      const bar2 = kthLargest(base, top.k) - EVENT.figureBonus - 1e-9;
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
export function eventsOf(keptI: Int32Array, list: readonly number[]): number[] {
  const out: number[] = [];
  for (const j of list) out.push(keptI[j]);
  return out;
}

/**
 * Whether an event's figures could give it a figure bonus at all: such a figure explains every word of the question,
 * by itself or through its event's title or summary (never through the event for a word that narrows what is counted,
 * see SUBSET). A word no figure explains by itself must then be in the event's text.
 */
export function figureBonusPossible(index: AnswerIndex, u: Understanding): (event: number) => boolean {
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

/** A kept event lies in the asked period; is about it (a fiscal period its figures cover); whether it is about it is known. */
export const IN_PERIOD = 1;
export const ABOUT = 2;
export const ABOUT_KNOWN = 4;
/**
 * Room for the events a question keeps (position, cover, IN_PERIOD / ABOUT / ABOUT_KNOWN bits), one set per index
 * (answering is synchronous, and scoring events never scores events again before it is done).
 */
export const keptCache = new WeakMap<AnswerIndex, { keptI: Int32Array; keptCover: Float64Array; keptWhen: Uint8Array }>();
export function keptOf(index: AnswerIndex): { keptI: Int32Array; keptCover: Float64Array; keptWhen: Uint8Array } {
  let k = keptCache.get(index);
  if (!k) {
    const n = index.events.length;
    k = { keptI: new Int32Array(n), keptCover: new Float64Array(n), keptWhen: new Uint8Array(n) };
    keptCache.set(index, k);
  }
  return k;
}

