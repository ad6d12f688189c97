/** An event skeleton filled from a candidate: id, date, title, summary, companies, topics and a source built from the item. */
import type { Event, Source, Tier, Topic } from '../timeline/schema.js';
import type { Candidate } from './store.js';
import type { FeedDef } from './feeds.js';

/** The wire services of the log's tiers (docs/curating.md). */
const WIRES = /\b(reuters|kyodo|jiji|associated press|ap news|afp|agence france-presse|bloomberg|nikkei)\b/i;

/** A source's tier: the feed's own (a company newsroom is primary), a wire service's, or another named outlet's. */
export function tierOf(c: Candidate, feeds: readonly FeedDef[] = []): Tier {
  const feed = feeds.find((f) => f.name === c.feed);
  if (feed?.tier) return feed.tier;
  return WIRES.test(c.publisher ?? '') ? 'wire' : 'press';
}

/** A kebab-case id from a date and a headline, ≤ 100 characters (the log's slug rule). */
export function eventId(date: string, title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let slug = date;
  for (const w of words) {
    if (slug.length + 1 + w.length > 72) break;
    slug += `-${w}`;
  }
  return slug;
}

/** The day an item was published, or the day it was found. */
export function itemDate(c: Candidate): string {
  return (c.published ?? c.foundAt).slice(0, 10);
}

/** The log's source record for an item. */
export function sourceOf(c: Candidate, feeds: readonly FeedDef[] = []): Source {
  return { publisher: c.publisher || c.feed, title: c.title, url: c.url, date: itemDate(c), tier: tierOf(c, feeds) };
}

/** `taken`: ids already in the log; a draft's id gets -2, -3 … until it is free. */
export function draftEvent(c: Candidate, curatedOn: string, taken: (id: string) => boolean = () => false, feeds: readonly FeedDef[] = []): Event {
  const date = itemDate(c);
  const base = eventId(date, c.title);
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  const companies = c.companies.filter((x) => x === 'Honda' || x === 'Nissan' || x === 'Mitsubishi' || x === 'Foxconn' || x === 'Renault');
  return {
    id,
    date,
    title: c.title.slice(0, 256),
    summary: (c.summary || c.title).slice(0, 1500),
    // a feed item is reporting until a curator reads the company's own statement
    status: 'reported',
    companies: companies.length ? companies : ['Honda', 'Nissan'],
    topics: (c.topics.length ? c.topics : ['merger-talks']) as Topic[],
    curated: curatedOn,
    figures: [],
    sources: [sourceOf(c, feeds)],
  };
}
