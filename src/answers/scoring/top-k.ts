/**
 * Picking the best few without sorting everything, the orders scored figures and events are ranked by, and the
 * per-question memo that lets one answer score the same question several times at the cost of once.
 */
import { type AnswerIndex } from '../search-index.js';
import { type Understanding } from '../understand.js';
import { type ScoredEvent } from './event-scores.js';
import { type ScoredFigure } from './figure-scores.js';

/** One answer scores the same question several times (figures for the answer, for the events, for the nearest): once. */
export const memo = new WeakMap<AnswerIndex, WeakMap<Understanding, Map<string, readonly unknown[]>>>();
export function memoOf(index: AnswerIndex, u: Understanding, key: string): boolean {
  return !!memo.get(index)?.get(u)?.has(key);
}
export function memoized<T>(index: AnswerIndex, u: Understanding, key: string, run: () => T[]): T[] {
  let byU = memo.get(index);
  if (!byU) memo.set(index, (byU = new WeakMap()));
  let m = byU.get(u);
  if (!m) byU.set(u, (m = new Map()));
  let out = m.get(key);
  if (!out) m.set(key, (out = run()));
  return out as T[];
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

/**
 * The `size` first positions of `value` (all of them when fewer) by value, largest first, then by `tie`, largest first:
 * by selection, one pass, no sort.
 */
export function mostPromising(value: ArrayLike<number>, tie: Float64Array, size: number): number[] {
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

export const TOP_ROOM = new Float64Array(16);
/** The k-th largest of `values` (k ≥ 1, at most values.length), without sorting them. */
export function kthLargest(values: ArrayLike<number>, k: number): number {
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
