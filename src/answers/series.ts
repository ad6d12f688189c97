/**
 * A figure's series (the same measure stated over time), grouping scored figures by series, sources that disagree on
 * (nearly) the same date, and the same measure stated later with the other sign (a profit forecast turned loss).
 */
import { compareDates } from '../timeline/dates.js';
import { type FigureRecord } from '../timeline/timeline.js';
import { periodOfDate, type Period } from './periods.js';
import { fieldsOf } from './scoring/fields.js';
import { type ScoredFigure } from './scoring/figure-scores.js';
import { best, figureOrder } from './scoring/top-k.js';
import { type AnswerIndex, type FigureDoc } from './search-index.js';
import { type Understanding } from './understand.js';
import { STALE_DAYS, STALE_MARKET_DAYS, THRESHOLDS } from './weights.js';

/** A figure's series, newest statement first (the figure alone when the index lists no series for it). */
export function seriesOf(index: AnswerIndex, doc: FigureDoc): FigureRecord[] {
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
export const disagreementCache = new WeakMap<readonly FigureRecord[], readonly (readonly FigureRecord[])[]>();
export function disagreementsNow(group: readonly FigureRecord[]): FigureRecord[][] {
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
export const SAME_DATE_MS = 21 * 86400000;
export function periodStartIso(d: string): string {
  const [y, m = '01', day = '01'] = d.split('-');
  return `${y}-${m}-${day}T00:00:00Z`;
}

export function sameValue(a: FigureRecord, b: FigureRecord): boolean {
  const x = a.figure;
  const y = b.figure;
  return x.value === y.value && x.valueHigh === y.valueHigh && x.unit === y.unit && x.scale === y.scale && x.qualifier === y.qualifier;
}

/** Results and forecasts: a forecast is revised by a later forecast, a result by a later result. */
export function kindClass(k: string | undefined): string {
  return k === 'forecast' || k === 'estimate' ? 'forecast' : (k ?? '');
}

/**
 * A loss is a profit below zero: the log keeps "operating profit forecast" and "operating loss forecast" as two
 * series. When the answer is one of them and the other, for the same company and kind (results or forecasts), was
 * stated later, for the same period (or, with no period asked, a period no earlier), it is shown after the answer,
 * labelled: the latest word on the measure is never left out.
 */
export function laterOtherSign(
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


const DAY_MS = 86_400_000;
/** A market price (a share price, a market value) or a one-day move: what it was on its day, not what it is now. */
const MARKET_PRICE = /\b(share price|shares? (?:rise|fall|move|close)|closing share|stock|market capitali[sz]ation|market cap|market value)\b/i;
const OUTLOOK_KINDS = new Set(['forecast', 'estimate']);

/**
 * Whether a statement still answers "now": stated within six months (a market price or a day's figure within a week),
 * and — for a forecast or estimate — for a period not yet over ("Nissan's tariff hit now" is not last year's estimate).
 */
export function currentAt(r: FigureRecord, period: Period | undefined, now: Date): boolean {
  const days = MARKET_PRICE.test(r.figure.label) || /^\d{4}-\d{2}-\d{2}/.test(r.figure.period ?? '') ? STALE_MARKET_DAYS : STALE_DAYS;
  if (Date.parse(periodStartIso(r.figure.asOf)) < now.getTime() - days * DAY_MS) return false;
  const month = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return !(r.figure.kind && OUTLOOK_KINDS.has(r.figure.kind) && period && period.end < month);
}
