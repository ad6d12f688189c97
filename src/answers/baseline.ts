/**
 * The evaluation baseline: MiniSearch with default options over event text (title + summary), top hit.
 * A figure question counts as answered by the baseline when the top event carries the expected figure.
 */
import MiniSearch from 'minisearch';
import type { Event } from '../timeline/schema.js';
import type { Timeline } from '../timeline/timeline.js';

const cache = new WeakMap<Timeline, MiniSearch>();

export function baselineSearch(timeline: Timeline, question: string): { found: boolean; event?: Event; figures: string[] } {
  let ms = cache.get(timeline);
  if (!ms) {
    ms = new MiniSearch({ fields: ['title', 'summary'], storeFields: [] });
    ms.addAll(timeline.events.map((e) => ({ id: e.id, title: e.title, summary: e.summary })));
    cache.set(timeline, ms);
  }
  const hit = ms.search(question)[0];
  const event = hit ? timeline.get(String(hit.id)) : undefined;
  return { found: !!event, event, figures: event ? event.figures.map((f) => f.id) : [] };
}
