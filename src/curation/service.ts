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

export class CurationService {
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

  poll(force = false): Promise<PollResult> {
    const o = this.options;
    return pollFeeds({ feeds: o.feeds, store: o.store, timeline: o.timeline(), now: this.#now(), force, intervalMs: o.intervalMs, fetch: o.fetch });
  }

  candidate(id: number): Candidate {
    const c = Number.isInteger(id) ? this.store.candidate(id) : undefined;
    if (!c) throw new CurationError(`There is no candidate #${id}. \`curate list\` shows them.`);
    return c;
  }

  #open(id: number): Candidate {
    const c = this.candidate(id);
    if (c.status !== 'new') {
      throw new CurationError(`Candidate #${id} was already ${c.status}${c.reviewedBy ? ` by ${c.reviewedBy}` : ''}${c.reviewedAt ? ` at ${c.reviewedAt}` : ''}.`);
    }
    return c;
  }

  dismiss(id: number, actor: string): Candidate {
    this.#open(id);
    const at = this.#now().toISOString();
    this.store.db.transaction(() => {
      this.store.setCandidateStatus(id, 'dismissed', actor, at);
      this.store.recordChange({ at, actor, action: 'dismiss', candidateId: id });
    })();
    return this.candidate(id);
  }

  /** Add the candidate's item as a source of an existing event. */
  attach(id: number, eventId: string, actor: string): Candidate {
    const c = this.#open(id);
    if (!this.options.timeline().get(eventId)) throw new CurationError(`There is no event \`${eventId}\` in the log.`);
    this.#write(() => attachSource(this.options.eventsPath, eventId, sourceOf(c, this.feeds), { historyDir: this.#history() }));
    const at = this.#now().toISOString();
    this.store.db.transaction(() => {
      this.store.setCandidateStatus(id, 'attached', actor, at, eventId);
      this.store.recordChange({ at, actor, action: 'attach', eventId, candidateId: id, detail: c.url });
    })();
    return this.candidate(id);
  }

  /** The event skeleton for a candidate (nothing is written). */
  draft(id: number): EventSchema {
    const timeline = this.options.timeline();
    return draftEvent(this.candidate(id), this.#now().toISOString().slice(0, 10), (x) => timeline.get(x) !== undefined, this.feeds);
  }

  /**
   * Validate and add an event. Candidates whose URL is among its sources are marked added; `reportId` links the
   * change to the report it answers.
   */
  add(event: unknown, actor: string, from: { candidateId?: number; reportId?: number } = {}): { event: EventSchema; candidates: number[] } {
    if (!event || typeof event !== 'object' || Array.isArray(event)) throw new CurationError('The draft must be one event: a JSON object with id, date, title, summary, status, companies, topics and sources.');
    const raw = event as Record<string, unknown>;
    const parsed = EventSchema.safeParse(raw);
    this.#write(() => addEvent(this.options.eventsPath, raw, { historyDir: this.#history() }));
    const ev = parsed.success ? parsed.data : (raw as EventSchema);
    const urls = new Set(ev.sources.map((s) => canonicalUrl(s.url) ?? s.url));
    const ids = new Set<number>(from.candidateId ? [from.candidateId] : []);
    for (const u of urls) {
      const c = this.store.candidateByUrl(u);
      if (c) ids.add(c.id);
    }
    const at = this.#now().toISOString();
    const linked = [...ids].filter((id) => this.store.candidate(id)?.status === 'new');
    this.store.db.transaction(() => {
      for (const id of linked) this.store.setCandidateStatus(id, 'added', actor, at, ev.id);
      this.store.recordChange({ at, actor, action: 'add', eventId: ev.id, candidateId: linked[0], reportId: from.reportId, detail: ev.title });
    })();
    return { event: ev, candidates: linked };
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
  addFigure(eventId: string, input: FigureInput, actor: string): Figure {
    let figure: Figure | undefined;
    this.#write(() =>
      changeLog(
        this.options.eventsPath,
        (log) => {
          const raw = log.events.find((e) => e.id === eventId) as EventSchema | undefined;
          if (!raw) throw new CurationError(`There is no event \`${eventId}\` in the log.`);
          const ids = new Set(log.events.flatMap((e) => ((e.figures as { id: string }[] | undefined) ?? []).map((x) => x.id)));
          figure = figureFrom(input, raw, (id) => ids.has(id));
          raw.figures = [...(raw.figures ?? []), figure];
          return [eventId];
        },
        { historyDir: this.#history() },
      ),
    );
    this.store.recordChange({ at: this.#now().toISOString(), actor, action: 'add-figure', eventId, detail: figure!.id });
    return figure!;
  }

  report(r: { eventId: string; message: string; sourceUrl?: string; reporter: string; platform: string; guildId?: string }): Report {
    if (!this.options.timeline().get(r.eventId)) throw new CurationError(`There is no event \`${r.eventId}\` in the log; pick one from the list as you type.`);
    if (r.sourceUrl !== undefined && !canonicalUrl(r.sourceUrl)) throw new CurationError('The source must be a full http(s) link, e.g. https://example.com/article.');
    const now = this.#now();
    const recent = this.store.reportsSince(r.reporter, new Date(now.getTime() - 86_400_000).toISOString());
    if (recent >= REPORTS_PER_DAY) throw new CurationError(`You have sent ${recent} reports in the last 24 hours; the curators will read them before taking more from you. Thank you for your patience.`);
    return this.store.addReport({ ...r, createdAt: now.toISOString() });
  }

  resolveReport(id: number, status: Exclude<ReportStatus, 'open'>, actor: string): Report {
    const r = this.store.report(id);
    if (!r) throw new CurationError(`There is no report #${id}.`);
    if (r.status !== 'open') throw new CurationError(`Report #${id} was already resolved (${r.status}) by ${r.resolvedBy} at ${r.resolvedAt}.`);
    const at = this.#now().toISOString();
    this.store.db.transaction(() => {
      this.store.resolveReport(id, status, actor, at);
      this.store.recordChange({ at, actor, action: 'resolve-report', eventId: r.eventId, reportId: id, detail: status });
    })();
    return this.store.report(id)!;
  }

  #history(): string {
    return this.options.historyDir ?? DEFAULT_HISTORY_DIR;
  }

  #write(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof LogChangeRefused) throw new CurationError(`Nothing was changed: ${err.message.replace(/^the change was refused:\n/, 'the log’s checks found:\n')}`);
      throw err;
    }
  }
}
