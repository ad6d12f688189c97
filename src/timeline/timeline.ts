/** The loaded, indexed event log. Immutable: a reload builds a new Timeline and swaps it in. Pure. */
import { TIERS, type Event, type Figure, type Source, type EventLog, type Topic } from './schema.js';
import { compareDates, endOf, formatDate, startOf } from './dates.js';

export interface FigureRecord {
  figure: Figure;
  event: Event;
  source: Source;
  /** official/reported: the figure's own status, else its event's. */
  status: 'official' | 'reported';
}

/** Where the log begins and ends, and when it was last curated: what `about`, `latest`, recaps and answers say. */
export interface Coverage {
  /** Date (partial) of the oldest event. */
  first: string;
  /** Date (partial) of the newest event. */
  last: string;
  /** The newest `curated` date on any event (YYYY-MM-DD), if events carry one. */
  curatedAt?: string;
}

/** Sources best tier first (primary, wire, press, relay; untiered last), keeping their order within a tier. */
export function bestTierFirst<S extends Pick<Source, 'tier'>>(sources: readonly S[]): S[] {
  const rank = (s: S) => (s.tier ? TIERS.indexOf(s.tier) : TIERS.length);
  return sources.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map((x) => x.s);
}

/** "The log holds events from 15 Mar 2024 to June 2026 (last curated 6 Dec 2026)." */
export function coverageSentence(c: Coverage): string {
  return `The log holds events from ${formatDate(c.first)} to ${formatDate(c.last)}${c.curatedAt ? ` (last curated ${formatDate(c.curatedAt)})` : ''}.`;
}

export interface TimelineFilter {
  topic?: string;
  company?: string;
  from?: string;
  to?: string;
}

/** Lower-case, accent-free, for matching company names typed by users. */
export function fold(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export class Timeline {
  /** Events in date order, oldest first (stable for equal dates: file order). */
  readonly events: readonly Event[];
  readonly byId: ReadonlyMap<string, Event>;
  readonly figures: readonly FigureRecord[];
  readonly figureById: ReadonlyMap<string, FigureRecord>;
  /** Topics present in the log, in the order of first appearance in the schema list. */
  readonly topics: readonly Topic[];
  readonly companies: readonly string[];
  readonly sourceCount: number;
  readonly loadedAt: Date;
  /**
   * Per event (same positions as `events`), computed once: the first and last instant its partial date
   * covers, and its folded company names. `filter` runs on every timeline/recap request; re-parsing
   * dates and re-folding names there made it O(events) allocations per request.
   */
  readonly #starts: Float64Array;
  readonly #ends: Float64Array;
  readonly #foldedCompanies: readonly string[][];

  constructor(log: EventLog, readonly version = 'unversioned', loadedAt = new Date()) {
    this.loadedAt = loadedAt;
    const indexed = log.events.map((e, i) => ({ e, i }));
    indexed.sort((a, b) => compareDates(a.e.date, b.e.date) || a.i - b.i);
    this.events = indexed.map((x) => x.e);
    this.#starts = Float64Array.from(this.events, (e) => startOf(e.date).getTime());
    this.#ends = Float64Array.from(this.events, (e) => endOf(e.date).getTime());
    // events naming the same companies share one list: a large log names few distinct sets
    const lists = new Map<string, string[]>();
    this.#foldedCompanies = this.events.map((e) => {
      const key = e.companies.join('\u0000');
      let list = lists.get(key);
      if (!list) lists.set(key, (list = e.companies.map(fold)));
      return list;
    });
    this.byId = new Map(this.events.map((e) => [e.id, e]));
    const figs: FigureRecord[] = [];
    const urls = new Set<string>();
    const topics = new Set<Topic>();
    const companies = new Map<string, number>();
    for (const event of this.events) {
      event.topics.forEach((t) => topics.add(t));
      event.companies.forEach((c) => companies.set(c, (companies.get(c) ?? 0) + 1));
      event.sources.forEach((s) => urls.add(s.url));
      for (const figure of event.figures) {
        const source = event.sources.find((s) => s.url === figure.source) ?? event.sources[0];
        figs.push({ figure, event, source, status: figure.status ?? event.status });
      }
    }
    this.figures = figs;
    this.figureById = new Map(figs.map((f) => [f.figure.id, f]));
    this.sourceCount = urls.size;
    this.topics = [...topics];
    this.companies = [...companies.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  }

  get size(): number {
    return this.events.length;
  }

  get(id: string): Event | undefined {
    return this.byId.get(id);
  }

  /** Newest first. */
  newest(count: number): Event[] {
    return this.events.slice(Math.max(0, this.events.length - count)).reverse();
  }

  get newestEvent(): Event | undefined {
    return this.events[this.events.length - 1];
  }

  /** Where the log begins and ends; undefined for an empty log. */
  coverage(): Coverage | undefined {
    if (!this.events.length) return undefined;
    // the log never changes inside a Timeline: read every event once, not on every recap
    if (this.#coverage) return this.#coverage;
    let curatedAt: string | undefined;
    for (const e of this.events) if (e.curated && (!curatedAt || e.curated > curatedAt)) curatedAt = e.curated;
    this.#coverage = { first: this.events[0].date, last: this.events[this.events.length - 1].date, ...(curatedAt ? { curatedAt } : {}) };
    return this.#coverage;
  }
  #coverage: Coverage | undefined;

  /** Is this (partial) date wholly after the newest event's period? Then the log cannot speak for it. */
  isAfterCoverage(date: string): boolean {
    const last = this.newestEvent;
    return !!last && startOf(date).getTime() > endOf(last.date).getTime();
  }

  /** Events matching all given filters, oldest first. Company matches case-insensitively on any substring of a company name. */
  filter(f: TimelineFilter): Event[] {
    return this.#matching(f).map((i) => this.events[i]);
  }

  /**
   * The events `filter` gives, split by date precision: `inside` lie wholly within from–to (dates.ts `within`),
   * `apart` are dated only to a month or year that overlaps the window without fitting in it.
   */
  partition(f: TimelineFilter): { inside: Event[]; apart: Event[] } {
    const from = f.from ? startOf(f.from).getTime() : -Infinity;
    const to = f.to ? endOf(f.to).getTime() : Infinity;
    const inside: Event[] = [];
    const apart: Event[] = [];
    for (const i of this.#matching(f)) (this.#starts[i] >= from && this.#ends[i] <= to ? inside : apart).push(this.events[i]);
    return { inside, apart };
  }

  /** Indexes of the events matching all given filters, oldest first. */
  #matching(f: TimelineFilter): number[] {
    const company = f.company ? fold(f.company.trim()) : undefined;
    // the same overlap test as dates.ts inRange, on the precomputed instants
    const from = f.from ? startOf(f.from).getTime() : undefined;
    const to = f.to ? endOf(f.to).getTime() : undefined;
    const out: number[] = [];
    for (let i = 0; i < this.events.length; i++) {
      const e = this.events[i];
      if (from !== undefined && this.#ends[i] < from) continue;
      if (to !== undefined && this.#starts[i] > to) continue;
      if (f.topic && !e.topics.includes(f.topic as Topic)) continue;
      if (company && !this.#foldedCompanies[i].some((c) => c.includes(company))) continue;
      out.push(i);
    }
    return out;
  }

  /**
   * All figures measuring the same thing (same metric + company + period), newest statement first.
   * This is how revisions (a later value) and disagreements (same date, different sources) are found.
   */
  series(rec: FigureRecord): FigureRecord[] {
    const key = seriesKey(rec.figure);
    return this.figures
      .filter((r) => seriesKey(r.figure) === key)
      .sort((a, b) => compareDates(b.figure.asOf, a.figure.asOf) || a.figure.id.localeCompare(b.figure.id));
  }
}

export function seriesKey(f: Figure): string {
  return `${f.metric}|${fold(f.company)}|${fold(f.period).replace(/\s*\((forecast|estimate)[^)]*\)/g, '').replace(/\s+/g, ' ').trim()}`;
}
