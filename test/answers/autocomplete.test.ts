import { describe, expect, it } from 'vitest';
import { autocompleteWork, eventChoices, figureChoices } from '../../src/answers/index.js';
import { foldText } from '../../src/answers/text.js';
import { Timeline } from '../../src/timeline/timeline.js';
import type { Event } from '../../src/timeline/schema.js';
import { realTimeline } from '../helpers/fixture.js';

const timeline = realTimeline();

function valid(choices: { name: string; value: string | number }[]): void {
  expect(choices.length).toBeLessThanOrEqual(25);
  for (const c of choices) {
    expect(c.name.length).toBeLessThanOrEqual(100);
    expect(c.name.length).toBeGreaterThan(0);
  }
}

describe('event autocomplete', () => {
  it('GIVEN an empty query THEN the newest events, newest first', () => {
    const c = eventChoices(timeline, '');
    valid(c);
    expect(c.map((x) => x.value)).toEqual(timeline.newest(25).map((e) => e.id));
  });

  it('GIVEN an exact id THEN it ranks first', () => {
    expect(eventChoices(timeline, '2025-02-13-merger-mou-terminated')[0].value).toBe('2025-02-13-merger-mou-terminated');
  });

  it('GIVEN a title prefix THEN title-prefix matches rank above title-word and summary matches', () => {
    const c = eventChoices(timeline, 'Nissan posts');
    expect(String(c[0].value)).toMatch(/nissan/);
    expect(timeline.get(String(c[0].value))!.title.toLowerCase().startsWith('nissan posts')).toBe(true);
  });

  it('GIVEN words in a title THEN those events rank above events that only mention them in the summary', () => {
    const c = eventChoices(timeline, 'oppama');
    const first = timeline.get(String(c[0].value))!;
    expect(first.title.toLowerCase()).toContain('oppama');
    const titled = c.findIndex((x) => !timeline.get(String(x.value))!.title.toLowerCase().includes('oppama'));
    if (titled >= 0) expect(c.slice(titled).every((x) => !timeline.get(String(x.value))!.title.toLowerCase().includes('oppama'))).toBe(true);
  });

  it('GIVEN a partial last word and a synonym THEN matches are found ("layoffs" finds job cuts)', () => {
    expect(eventChoices(timeline, 'pick').length).toBeGreaterThan(0);
    const c = eventChoices(timeline, 'layoffs');
    expect(c.map((x) => x.value)).toContain('2025-05-13-nissan-fy2024-results-re-nissan');
  });
});

describe('figure autocomplete', () => {
  it('GIVEN an empty query THEN one choice per series, revised or disputed series first', () => {
    const c = figureChoices(timeline, '');
    valid(c);
    expect(c.length).toBe(25);
    expect(new Set(c.map((x) => x.value)).size).toBe(c.length);
  });

  it('GIVEN "honda tariff" THEN the Honda tariff series, its latest statement, with value and period in the name', () => {
    const c = figureChoices(timeline, 'honda tariff');
    valid(c);
    expect(c.map((x) => x.value)).toContain('honda-tariff-impact-fy2025-nov');
    const hit = c.find((x) => x.value === 'honda-tariff-impact-fy2025-nov')!;
    expect(hit.name).toContain('¥385 billion');
    expect(hit.name).toContain('FY ending Mar 2026');
  });

  it('GIVEN an exact figure id THEN that figure first', () => {
    expect(figureChoices(timeline, 'honda-tariff-impact-fy2025-may')[0].value).toBe('honda-tariff-impact-fy2025-may');
  });

  it('GIVEN a synonym ("layoffs") THEN the job-cut series', () => {
    expect(figureChoices(timeline, 'nissan layoffs').map((x) => x.value)).toContain('nissan-job-cuts-re-nissan');
  });
});

describe('autocomplete speed', () => {
  // Speed is asserted as work (index entries visited per lookup), which does not depend on the machine or on
  // what else it runs; wall-clock and CPU timings are measured by `npm run bench`, not asserted here.
  it('GIVEN 10,000 events THEN indexes are built once and each lookup visits a bounded share of them', { timeout: 120_000 }, () => {
    const base = realTimeline().events;
    const events: Event[] = [];
    for (let i = 0; i < 10_000; i++) {
      const e = base[i % base.length];
      const y = 2000 + Math.floor(i / 400);
      const date = `${y}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      events.push({
        ...e,
        id: `${e.id}-${i}`,
        date,
        sources: e.sources.map((s) => ({ ...s, date })),
        figures: e.figures.slice(0, 1).map((f) => ({ ...f, id: `${f.id}-${i}`, asOf: date })),
      });
    }
    events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const big = new Timeline({ events }, 'bench');
    const items = big.events.length + big.figures.length;
    eventChoices(big, 'warm');
    figureChoices(big, 'warm');
    const built = autocompleteWork().builds;
    const queries = ['', 'n', 'ni', 'nissan', 'honda tar', 'merger talks', 'oppama', 'layoffs', 'foxconn renault', 'x', 'honda-nissan', '2025-02-13-merger-mou-terminated-7', 'tariff hit', 'q', 'plant'];
    const work = new Map<string, number>();
    for (const q of queries) {
      const before = autocompleteWork().visited;
      const ev = eventChoices(big, q);
      const fig = figureChoices(big, q);
      valid(ev);
      valid(fig);
      work.set(q, autocompleteWork().visited - before);
    }
    // the indexes are built once per Timeline, not per lookup
    expect(autocompleteWork().builds).toBe(built);
    // no lookup re-reads the log: at most a few passes over the posting lists, never a scan per word of every text
    for (const [q, w] of work) expect(w, `"${q}" visited ${w} entries for ${items} items`).toBeLessThanOrEqual(6 * items);
    // a rare word touches only its own entries
    expect(work.get('oppama')!).toBeLessThan(items / 2);
    // a prefix most names start with reads the newest items until enough start with it, not every match
    expect(work.get('nissan')!).toBeLessThan(items / 10);
    const newestNissan = big.events
      .filter((e) => foldText(e.title).startsWith('nissan'))
      .reverse()
      .slice(0, 25)
      .map((e) => e.id);
    expect(newestNissan.length).toBe(25);
    expect(eventChoices(big, 'nissan').map((c) => c.value)).toEqual(newestNissan);
  });
});
