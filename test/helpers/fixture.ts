/** A small, valid event log for tests that need precise control over the data. */
import type { EventLog, Event } from '../../src/timeline/schema.js';
import { Timeline } from '../../src/timeline/timeline.js';
import { loadTimelineFile } from '../../src/timeline/store.js';

export function fixtureEvent(i: number, date: string, extra: Partial<Event> = {}): Event {
  const url = `https://example.com/news/${i}`;
  return {
    id: `event-${i}`,
    date,
    title: `Event number ${i}`,
    summary: `Summary of event ${i}. Second sentence.`,
    status: i % 2 ? 'reported' : 'official',
    companies: ['Honda', 'Nissan'],
    topics: [i % 3 === 0 ? 'tariffs' : 'merger-talks'],
    figures: [],
    sources: [{ publisher: `Publisher ${i}`, title: `Article ${i}`, url, date }],
    ...extra,
  };
}

export function fixtureLog(n = 15): EventLog {
  const events: Event[] = [];
  for (let i = 0; i < n; i++) {
    const d = new Date(Date.UTC(2025, 0, 1) + i * 10 * 86_400_000).toISOString().slice(0, 10);
    events.push(fixtureEvent(i, d));
  }
  return { events };
}

export function fixtureTimeline(n = 15): Timeline {
  return new Timeline(fixtureLog(n), 'fixture');
}

/** The real curated log. */
export function realTimeline(): Timeline {
  const res = loadTimelineFile('data/events.json');
  if (!res.ok) throw new Error(res.error.message);
  return res.timeline;
}
