/**
 * Curation's one set of operations, used alike by the command line and the chat commands: poll the feeds, dismiss or
 * attach a candidate, draft and add an event, take and resolve readers' reports. Every change to the log goes
 * through log-file.ts and is recorded with who made it, when, and from which candidate or report.
 */
import type { Timeline } from '../timeline/timeline.js';
import { Event as EventSchema } from '../timeline/schema.js';
import type { FeedDef } from './feeds.js';
import { addEvent, attachSource, DEFAULT_HISTORY_DIR, LogChangeRefused } from './log-file.js';
import { pollFeeds, type PollResult } from './poll.js';
import { draftEvent, sourceOf } from './draft.js';
import { canonicalUrl } from './urls.js';
import type { Candidate, CurationStore, Report, ReportStatus } from './store.js';
import type { FetchOptions } from './fetch.js';
import { CurationError } from './errors.js';
import { figureFrom, type FigureInput } from './figure-form.js';
import type { Figure } from '../timeline/schema.js';
import { changeLog } from './log-file.js';
import { readFileSync } from 'node:fs';

/** Reports one reader may send in 24 hours (a guard against floods, far above honest use). */
export const REPORTS_PER_DAY = 10;

export { CurationError };

export interface CurationOptions {
  store: CurationStore;
  eventsPath: string;
  feeds: readonly FeedDef[];
  /** The log as it is now (the running bot's current Timeline, or the file as the CLI read it). */
  timeline: () => Timeline;
  historyDir?: string;
  intervalMs?: number;
  fetch?: Pick<FetchOptions, 'timeoutMs' | 'maxBytes'>;
  now?: () => Date;
}

/** How long autocomplete may show a list of open candidates before it is read again (it must answer at once). */
const CHOICES_MAX_AGE_MS = 10_000;

export class CurationService {
  #choices: { at: number; list: Candidate[]; reading?: Promise<void>; generation: number } = { at: 0, list: [], generation: 0 };

  constructor(readonly options: CurationOptions) {}

  get store(): CurationStore {
    return this.options.store;
  }

  get feeds(): readonly FeedDef[] {
    return this.options.feeds;
  }

  #now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Poll the feeds now, after any poll already running in any process (`force`: even feeds backing off). */
  poll(force = false): Promise<PollResult> {
    const o = this.options;
    return this.store.whilePolling(async () => {
      const res = await pollFeeds({ feeds: o.feeds, store: o.store, timeline: o.timeline(), now: this.#now(), force, intervalMs: o.intervalMs, fetch: o.fetch });
      this.#forgetChoices();
      return res;
    });
  }

  /**
   * The scheduled poll: every process's schedule ticks, and the round `slot` (e.g. the minute it is due) is polled by
   * the one process that claims it; undefined for the others, and for all while a round started less than `minGapMs` ago.
   */
  async pollRound(slot: string, owner: string, minGapMs: number): Promise<PollResult | undefined> {
    if (!(await this.store.claimPollRound(slot, owner, this.#now().toISOString(), minGapMs))) return undefined;
    return this.poll();
  }

  async candidate(id: number): Promise<Candidate> {
    const c = Number.isInteger(id) ? await this.store.candidate(id) : undefined;
    if (!c) throw new CurationError({ kind: 'no-candidate', id });
    return c;
  }

  /**
   * New candidates for autocomplete, which must answer at once: the list read at most CHOICES_MAX_AGE_MS ago (read
   * again in the background when older, and after every change made here). A choice another process has reviewed
   * meanwhile is refused politely when picked.
   */
  openCandidates(): readonly Candidate[] {
    const c = this.#choices;
    if (Date.now() - c.at > CHOICES_MAX_AGE_MS && !c.reading) {
      const generation = c.generation;
      c.reading = this.store
        .candidates({ status: 'new', limit: 200 })
        .then((list) => {
          c.list = list;
          // a change made while this read was under way: read again next time
          c.at = generation === c.generation ? Date.now() : 0;
        })
        .catch(() => undefined)
        .finally(() => (c.reading = undefined));
    }
    return c.list;
  }

  /** After a change made here: autocomplete reads the list again. */
  #forgetChoices(): void {
    this.#choices.generation++;
    this.#choices.at = 0;
  }

  /** Read the open candidates for autocomplete now (at start, and in tests). */
  async refreshChoices(): Promise<void> {
    await this.#choices.reading;
    this.#choices.at = 0;
    this.openCandidates();
    await this.#choices.reading;
  }

  /** Refusal when another curator acted first (or the item is unknown). */
  #taken(id: number, c: Candidate | undefined): never {
    if (!c) throw new CurationError({ kind: 'no-candidate', id });
    throw new CurationError({ kind: 'already-reviewed', id, status: c.status, by: c.reviewedBy, at: c.reviewedAt });
  }

  async #open(id: number): Promise<Candidate> {
    const c = await this.candidate(id);
    if (c.status !== 'new') this.#taken(id, c);
    return c;
  }

  async dismiss(id: number, actor: string): Promise<Candidate> {
    await this.#open(id);
    const out = await this.store.act({ candidate: id, review: { status: 'dismissed' }, actor, at: this.#now().toISOString(), change: () => ({ action: 'dismiss', candidateId: id }) });
    if (!out.done) this.#taken(id, out.candidate);
    this.#forgetChoices();
    return this.candidate(id);
  }

  /** Add the candidate's item as a source of an existing event. */
  async attach(id: number, eventId: string, actor: string): Promise<Candidate> {
    const c = await this.#open(id);
    if (!this.options.timeline().get(eventId)) throw new CurationError({ kind: 'no-event', id: eventId });
    const out = await this.#write(() =>
      this.store.act({
        candidate: id,
        review: { status: 'attached', eventId },
        write: () => attachSource(this.options.eventsPath, eventId, sourceOf(c, this.feeds), { historyDir: this.#history() }),
        actor,
        at: this.#now().toISOString(),
        change: () => ({ action: 'attach', eventId, candidateId: id, detail: c.url }),
      }),
    );
    if (!out.done) this.#taken(id, out.candidate);
    this.#forgetChoices();
    return this.candidate(id);
  }

  /** The event skeleton for a candidate (nothing is written). */
  async draft(id: number): Promise<EventSchema> {
    const timeline = this.options.timeline();
    return draftEvent(await this.candidate(id), this.#now().toISOString().slice(0, 10), (x) => timeline.get(x) !== undefined, this.feeds);
  }

  /**
   * Validate and add an event. The candidate it was drafted from (refused if another curator reviewed it first) and
   * every new candidate whose URL is among its sources are marked added; `reportId` links the change to the report it
   * answers.
   */
  async add(event: unknown, actor: string, from: { candidateId?: number; reportId?: number } = {}): Promise<{ event: EventSchema; candidates: number[] }> {
    if (!event || typeof event !== 'object' || Array.isArray(event)) throw new CurationError({ kind: 'not-an-event' });
    const raw = event as Record<string, unknown>;
    const parsed = EventSchema.safeParse(raw);
    const ev = parsed.success ? parsed.data : (raw as EventSchema);
    const urls = Array.isArray(ev.sources) ? [...new Set(ev.sources.map((s) => canonicalUrl(s.url) ?? s.url))] : [];
    if (from.candidateId !== undefined) await this.#open(from.candidateId);
    const out = await this.#write(() =>
      this.store.act({
        candidate: from.candidateId,
        alsoUrls: urls,
        review: { status: 'added', eventId: String(raw.id) },
        write: () => addEvent(this.options.eventsPath, raw, { historyDir: this.#history() }),
        actor,
        at: this.#now().toISOString(),
        change: (_w, linked) => ({ action: 'add', eventId: ev.id, candidateId: linked[0], reportId: from.reportId, detail: ev.title }),
      }),
    );
    if (!out.done) this.#taken(from.candidateId!, out.candidate);
    this.#forgetChoices();
    return { event: ev, candidates: out.candidates };
  }

  /**
   * An event as the log file holds it now: the running bot swaps a changed file in a moment after it is written, and
   * a curator adding figures to the event just drafted must not wait for that.
   */
  event(id: string): EventSchema | undefined {
    const live = this.options.timeline().get(id);
    if (live) return live;
    try {
      const log = JSON.parse(readFileSync(this.options.eventsPath, 'utf8')) as { events?: EventSchema[] };
      return log.events?.find((e) => e.id === id);
    } catch {
      return undefined;
    }
  }

  /** Add a figure to an event (the second form after Draft); refused, naming the field, if any check fails. */
  async addFigure(eventId: string, input: FigureInput, actor: string): Promise<Figure> {
    let figure: Figure | undefined;
    const write = () =>
      changeLog(
        this.options.eventsPath,
        (log) => {
          const raw = log.events.find((e) => e.id === eventId) as EventSchema | undefined;
          if (!raw) throw new CurationError({ kind: 'no-event', id: eventId });
          const ids = new Set(log.events.flatMap((e) => ((e.figures as { id: string }[] | undefined) ?? []).map((x) => x.id)));
          figure = figureFrom(input, raw, (id) => ids.has(id));
          raw.figures = [...(raw.figures ?? []), figure];
          return [eventId];
        },
        { historyDir: this.#history() },
      );
    await this.#write(() => this.store.act({ write, actor, at: this.#now().toISOString(), change: () => ({ action: 'add-figure', eventId, detail: figure!.id }) }));
    return figure!;
  }

  async report(r: { eventId: string; message: string; sourceUrl?: string; reporter: string; platform: string; guildId?: string }): Promise<Report> {
    if (!this.options.timeline().get(r.eventId)) throw new CurationError({ kind: 'report-no-event', id: r.eventId });
    if (r.sourceUrl !== undefined && !canonicalUrl(r.sourceUrl)) throw new CurationError({ kind: 'bad-source-url' });
    const now = this.#now();
    const recent = await this.store.reportsSince(r.reporter, new Date(now.getTime() - 86_400_000).toISOString());
    if (recent >= REPORTS_PER_DAY) throw new CurationError({ kind: 'report-limit', count: recent });
    return this.store.addReport({ ...r, createdAt: now.toISOString() });
  }

  async resolveReport(id: number, status: Exclude<ReportStatus, 'open'>, actor: string): Promise<Report> {
    const r = await this.store.report(id);
    const resolved = (x: Report | undefined): never => {
      if (!x) throw new CurationError({ kind: 'no-report', id });
      throw new CurationError({ kind: 'report-resolved', id, status: x.status, by: x.resolvedBy, at: x.resolvedAt });
    };
    if (!r || r.status !== 'open') resolved(r);
    const out = await this.store.act({ report: { id, status }, actor, at: this.#now().toISOString(), change: () => ({ action: 'resolve-report', eventId: r!.eventId, reportId: id, detail: status }) });
    if (!out.done) resolved(out.report);
    return (await this.store.report(id))!;
  }

  #history(): string {
    return this.options.historyDir ?? DEFAULT_HISTORY_DIR;
  }

  async #write<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof LogChangeRefused) throw new CurationError({ kind: 'checks-failed', found: err.message.replace(/^the change was refused:\n/, '') });
      throw err;
    }
  }
}
