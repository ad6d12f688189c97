/**
 * `findFigures`: the figure series matching a query — a figure id (from autocomplete) or free words.
 * Used by `/nissan-honda figure`. Pure.
 */
import { seriesKey, type FigureRecord, type Timeline } from '../timeline/timeline.js';
import { foldText } from './text.js';
import { indexOf } from './search-index.js';
import { derive, understand, type Understanding } from './understand.js';
import { THRESHOLDS } from './weights.js';
import { disagreements, groupSeries } from './series.js';
import { seriesBests } from './scoring/figure-scores.js';
import { best as bestOf, figureOrder } from './scoring/top-k.js';

export interface FigureSearch {
  /** Matching series, best first; each newest statement first. */
  groups: FigureRecord[][];
  found: boolean;
  /** True when the query was a figure id. */
  byId: boolean;
  /** For each group: the sets of records whose sources differ on (nearly) the same date. */
  differ: (readonly (readonly FigureRecord[])[])[];
  /** When nothing matched well: the closest series, clearly not an answer. */
  nearest: FigureRecord[][];
  understanding?: Understanding;
}

/** Find figure series by id or words. At most `limit` series (default 5). */
export function findFigures(timeline: Timeline, query: string, opts: { now?: Date; limit?: number } = {}): FigureSearch {
  const index = indexOf(timeline);
  const limit = opts.limit ?? 5;
  const q = query.trim();
  const byId = timeline.figureById.get(foldText(q));
  if (byId) {
    const group = index.series.get(seriesKey(byId.figure)) ?? [byId];
    return { groups: [group], found: true, byId: true, differ: [disagreements(group)], nearest: [] };
  }
  const u = understand(q, { now: opts.now, index });
  // a figure query is a figure question, whatever its wording. One best figure per series; only the series that can be
  // shown are put in order (on a large log a query's words can match thousands of series)
  const bests = seriesBests(index, derive(u, { kind: 'figure' }));
  const best = bestOf(bests, 1, figureOrder)[0];
  if (!best || best.cover < THRESHOLDS.figure || u.prediction || (u.others.length && !bests.length)) {
    return { groups: [], found: false, byId: false, differ: [], nearest: groupSeries(index, bests, 3).map((g) => g.group), understanding: u };
  }
  const close = bests.filter((s) => s.score >= best.score - THRESHOLDS.seriesMargin);
  const good = groupSeries(index, close)
    .filter((g) => g.best.cover >= THRESHOLDS.figure)
    .slice(0, limit);
  return { groups: good.map((g) => g.group), found: true, byId: false, differ: good.map((g) => disagreements(g.group)), nearest: [], understanding: u };
}
