/**
 * Figure scoring: how much of the question each figure explains (its own label, its event's title and summary), the
 * gates that rule a figure out (companies, places, shares, units, periods), and the score that ranks the rest.
 */
import { METRIC_TERMS } from '../lexicon.js';
import { type Period, dateInPeriod, periodFit } from '../periods.js';
import { type AnswerIndex, type FigureDoc, PLACES } from '../search-index.js';
import { type Understanding } from '../understand.js';
import { hasAnchor } from '../anchors.js';
import { askedShape, asksForChange, LABEL_CHANGE_TO, LABEL_OUTSIDE, labelBitsOf } from './asked-shape.js';
import { FIGURE, THRESHOLDS } from '../weights.js';
import { creditFigures, creditsOf, holds, scratchFor, yearBounded } from './credits.js';
import { DELTA, QUALIFIERS, JOINT, KIND_ACTUAL, KIND_ESTIMATE, KIND_FORECAST, KIND_TARGET, MENTIONED, NONE, PLACED, RATIO, SHARE, SUBSET, TARGET, anyIn, anyListed, bitsOf, companyMask, fieldsOf, flagsOf, namesValue, namesWhatIsShared, sumOf, termCountsOf, weight, weightsOf } from './fields.js';
import { best, figureOrder, memoOf, memoized, mostPromising } from './top-k.js';

/** A figure's score before its bonuses: what both the score and its bound (for the best k) start from. */
function baseScore(cover: number, precision: number, fit: number): number {
  return cover + FIGURE.precision * precision + FIGURE.fit * fit;
}

export interface ScoredFigure {
  doc: FigureDoc;
  cover: number;
  precision: number;
  fit: number;
  score: number;
}

/**
 * Score every figure against the understood question (company and period filters applied). In no particular
 * order: take the best with `best(…, figureOrder)` or `groupSeries`.
 */
export function scoreFigures(index: AnswerIndex, u: Understanding, opts: { ignorePeriod?: boolean; loose?: boolean } = {}): ScoredFigure[] {
  return memoized(index, u, `fig|${!!opts.ignorePeriod}|${!!opts.loose}`, () => scoreFiguresNow(index, u, opts));
}
export const FIG_STRICT = 'fig|false|false';

/**
 * `best(scoreFigures(index, u, opts), k, figureOrder, keep)`, without scoring every figure in full when that has not
 * been done already.
 */
export function bestFigures(index: AnswerIndex, u: Understanding, k: number, opts: { ignorePeriod?: boolean; loose?: boolean } = {}, keep?: (s: ScoredFigure) => boolean): ScoredFigure[] {
  const key = `fig|${!!opts.ignorePeriod}|${!!opts.loose}`;
  if (memoOf(index, u, key)) return best(scoreFigures(index, u, opts), k, figureOrder, keep);
  return memoized(index, u, `${key}|top${k}|${keep ? keep.name || 'keep' : ''}`, () => scoreFiguresNow(index, u, opts, { top: { k, keep } }));
}

/**
 * Per event, the best cover × fit of its figures that answer the question (what an event's figure bonus is made of),
 * recorded by a pass that scores every figure with the strict options for the question `u` — one room per index,
 * valid for the last question so scored (answering is synchronous).
 */
export interface EventFits {
  u: Understanding | undefined;
  stamp: number;
  seen: Int32Array;
  fit: Float64Array;
}
export const eventFitRooms = new WeakMap<AnswerIndex, EventFits>();
export function eventFitRoom(index: AnswerIndex): EventFits {
  let r = eventFitRooms.get(index);
  if (!r) eventFitRooms.set(index, (r = { u: undefined, stamp: 0, seen: new Int32Array(index.events.length), fit: new Float64Array(index.events.length) }));
  return r;
}
/** The recorded figure fits of the events for `u`, when the last full strict pass was for `u`. */
export function eventFitsFor(index: AnswerIndex, u: Understanding): EventFits | undefined {
  const r = eventFitRooms.get(index);
  return r && r.u === u ? r : undefined;
}
export const SERIES_STRICT = 'fig|false|false|series';

/**
 * Which figures a pass scores and what it returns: `only` those figures; the best `top.k` (that pass `top.keep`); with
 * `mode: 'series-best'` the best figure of each series; otherwise every figure that answers.
 */
export interface FigurePass {
  only?: readonly number[];
  top?: { k: number; keep?: (s: ScoredFigure) => boolean };
  mode?: 'series-best';
}

export function scoreFiguresNow(
  index: AnswerIndex,
  u: Understanding,
  opts: { ignorePeriod?: boolean; loose?: boolean },
  how: FigurePass = {},
): ScoredFigure[] {
  const { only, top } = how;
  const bestPerSeries = how.mode === 'series-best';
  const out: ScoredFigure[] = [];
  if (!u.terms.length) return out;
  const loose = !!opts.loose;
  // "how many": counts, not money or shares
  const { howMany, shareOf, outsideAsked } = askedShape(u.question, loose);
  const labelBits = labelBitsOf(index);
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
  // (a change word the question names asks for a change; so does "how much did … go up / change / move")
  const changeAsked = deltas.length < DELTA.length || asksForChange(u.question);
  const period = opts.ignorePeriod ? undefined : u.period;
  const short = period ? period.end - period.start < 1 : false;
  // a span anchored on an event ("before the tariffs took effect") is a window: a figure covering part of it fits
  const window = hasAnchor(period);
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
    if (u.wantsForecast && (k === KIND_FORECAST || k === KIND_ESTIMATE)) x += FIGURE.askedKind;
    if (u.wantsActual && k === KIND_ACTUAL) x += FIGURE.askedKind;
    if (u.wantsForecast && !u.wantsActual && k === KIND_ACTUAL) x -= FIGURE.unaskedActualPenalty;
    if (!u.wantsForecast && k === KIND_ACTUAL) x += FIGURE.actual;
    // a target is an aim, not the state of things: only when aims are asked about ("how many plants does Nissan have")
    if (!u.wantsForecast && k === KIND_TARGET) x -= FIGURE.targetPenalty;
    // a change (a cut, a rise) is not the level: "sales forecast" is not "the cut to the sales forecast"
    if (flags[i] & deltaMask) for (const bit of deltaBits) if (flags[i] & bit) x -= FIGURE.deltaPenalty;
    // a threshold or an aim is not the measure: "Nissan's utilisation" is the utilisation, not the break-even level
    // (an aim is asked for by "plan", "target", "aim"…: see wantsForecast)
    if (flags[i] & qualifierBits) x -= FIGURE.qualifierPenalty;
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
    if (shareOf && (unit === JPY || unit === USD)) return NaN;
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
    // "capacity outside China" is everything but China: it never answers a question about China itself
    if (!loose && placeAsked && !outsideAsked && F.bits[i] & PLACED && labelBits[i] & LABEL_OUTSIDE) return NaN;
    // a change (a cut, a rise) never answers a question that asks for no change: "how many cars did Honda sell" is not
    // the cut to its sales forecast
    if (!loose && !changeAsked && flags[i] & deltaMask && labelBits[i] & LABEL_CHANGE_TO) return NaN;
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
      const asOf = !period.fiscal && (short || !pid || pf > 0) && asOfIn(i) ? FIGURE.asOfFit : 0;
      const named = F.bits[i] & MENTIONED ? FIGURE.mentionedFit * fitFor(d.mentioned!) : 0;
      const within = window && pid && F.periods[pid].start >= period.start && F.periods[pid].end <= period.end ? FIGURE.asOfFit : 0;
      fit = Math.max(pf, asOf, named, within);
      if (fit === 0) return NaN;
    }
    let score = baseScore(cover, precision, fit);
    for (let w = u.weak.length ? weakOf(i) : 0; w > 0; w--) score += FIGURE.weakWord;
    if (co === 'sector') score -= FIGURE.sectorPenalty;
    score = kindAndFlags(score, i);
    // the whole before a part: a place's figure answers a question naming no place only when nothing better does
    if (elsewhere) score -= FIGURE.placePenalty;
    if (u.units.length && !unitAsked[unit]) score -= FIGURE.otherUnitPenalty;
    if (u.numbers.length && namesValue(u.numbers, F.value[i], F.valueHigh[i])) score += FIGURE.namedNumber;
    // among equals, prefer full-year figures and the latest statement
    if (!u.period && fullYear[i]) score += FIGURE.fullYear;
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
    let b = baseScore(Math.min(1, acc.got[i] / total), hits / Math.max(1, termCount[i]), 1);
    for (let w = 0; w < u.weak.length; w++) b += FIGURE.weakWord;
    b = kindAndFlags(b, i);
    if (u.numbers.length) b += FIGURE.namedNumber;
    if (!u.period && fullYear[i]) b += FIGURE.fullYear;
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
  return memoized(index, u, `${key}|series`, () => scoreFiguresNow(index, u, opts, { mode: 'series-best' }));
}

/** Records every event's figure fit for `u` (see EventFits), scoring the figures' series bests when not done yet. */
export function recordEventFits(index: AnswerIndex, u: Understanding): EventFits {
  if (!eventFitsFor(index, u)) {
    if (memoOf(index, u, SERIES_STRICT)) scoreFiguresNow(index, u, {}, { mode: 'series-best' });
    else seriesBests(index, u);
  }
  return eventFitsFor(index, u)!;
}

/** Room for the best figure of each series while a question is scored (answering is synchronous). */
export const seriesRoom = new WeakMap<AnswerIndex, { seen: Int32Array; score: Float64Array; best: Int32Array; stamp: number }>();
export function seriesRoomOf(index: AnswerIndex): { seen: Int32Array; score: Float64Array; best: Int32Array; stamp: number } {
  let r = seriesRoom.get(index);
  if (!r) {
    const n = fieldsOf(index).seriesCount;
    r = { seen: new Int32Array(n), score: new Float64Array(n), best: new Int32Array(n), stamp: 0 };
    seriesRoom.set(index, r);
  }
  return r;
}

/** A scored figure explains enough of the question to be the answer. */
export function answersFigure(s: ScoredFigure): boolean {
  return s.cover >= THRESHOLDS.figure;
}

export function figuresOf(p: AnswerIndex['post'], events: readonly number[]): number[] {
  const out: number[] = [];
  for (const e of events) for (let f = p.evFigStart[e], end = p.evFigStart[e + 1]; f < end; f++) out.push(f);
  return out;
}
