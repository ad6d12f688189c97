/**
 * What curation keeps in the database: watched feeds' state, candidates, readers' reports, the record of every
 * change to the log, poll rounds and their outcomes, and per-server settings. One asynchronous interface, two
 * engines: SQLite for one process (sqlite-store.ts) and Postgres for several (postgres-store.ts), with the same
 * migrations (migrations.ts). The test suite in test/curation/store.test.ts runs on both.
 */
export type CandidateStatus = 'new' | 'dismissed' | 'attached' | 'added';
export type ReportStatus = 'open' | 'fixed' | 'not-a-mistake';

export interface Candidate {
  id: number;
  url: string;
  title: string;
  summary: string;
  feed: string;
  publisher?: string;
  published?: string;
  foundAt: string;
  score: number;
  companies: string[];
  topics: string[];
  status: CandidateStatus;
  eventId?: string;
  reviewedBy?: string;
  reviewedAt?: string;
}

export interface Report {
  id: number;
  eventId: string;
  message: string;
  sourceUrl?: string;
  reporter: string;
  platform: string;
  guildId?: string;
  createdAt: string;
  status: ReportStatus;
  resolvedBy?: string;
  resolvedAt?: string;
}

export interface Change {
  id: number;
  at: string;
  actor: string;
  action: 'add' | 'add-figure' | 'attach' | 'dismiss' | 'resolve-report';
  eventId?: string;
  candidateId?: number;
  reportId?: number;
  detail?: string;
}

export interface FeedState {
  url: string;
  etag?: string;
  lastModified?: string;
  failures: number;
  nextPollAt?: string;
  lastPolledAt?: string;
  lastStatus?: 'ok' | 'not-modified' | 'failed';
  lastError?: string;
}

export interface PollRecord {
  at: string;
  feeds: number;
  ok: number;
  failed: { name: string; reason: string }[];
  added: number;
}

export type NewCandidate = Omit<Candidate, 'id' | 'status' | 'eventId' | 'reviewedBy' | 'reviewedAt'>;
export type NewReport = Omit<Report, 'id' | 'status' | 'resolvedBy' | 'resolvedAt'>;
export type NewChange = Omit<Change, 'id'>;

/**
 * One curator's act, done all or nothing: the item it reviews is checked to be still open (another curator may have
 * acted on it a moment before), the log file is written, the statuses are set and the change recorded. `write` runs
 * synchronously under the log lock (an advisory lock on Postgres, the database's write lock on SQLite), so two
 * processes changing the file at once take turns instead of one losing the other's change; if it throws, nothing of
 * the act is kept.
 */
export interface Act<T> {
  /** The candidate reviewed: refused if it is no longer new. */
  candidate?: number;
  /** Other candidates (by canonical URL) given the same outcome if they are still new: an added event's sources. */
  alsoUrls?: readonly string[];
  /** What the reviewed candidates become. */
  review?: { status: Exclude<CandidateStatus, 'new'>; eventId?: string };
  /** The report resolved: refused if it is no longer open. */
  report?: { id: number; status: Exclude<ReportStatus, 'open'> };
  /** Changes the log file; runs under the log lock. */
  write?: () => T;
  actor: string;
  at: string;
  /** The record of the change, given what `write` returned and the candidates the act reviewed. */
  change: (value: T, candidates: number[]) => Omit<NewChange, 'at' | 'actor'>;
}

export type ActOutcome<T> =
  | { done: true; value: T; candidates: number[] }
  /** Refused: the item is unknown (undefined) or someone acted on it first (its current state says who and when). */
  | { done: false; candidate?: Candidate; report?: Report };

export interface CurationStore {
  readonly engine: 'sqlite' | 'postgres';

  // feeds and poll rounds
  feedState(url: string): Promise<FeedState>;
  saveFeedState(s: FeedState): Promise<void>;
  recordPoll(p: PollRecord): Promise<void>;
  lastPoll(): Promise<PollRecord | undefined>;
  /**
   * Claim the scheduled poll round `slot` for `owner`: true for exactly one process, and false for all when any round
   * started within `minGapMs` before `at` (processes whose schedules tick a moment apart poll once, not once each).
   */
  claimPollRound(slot: string, owner: string, at: string, minGapMs: number): Promise<boolean>;
  /** Run `fn` while no other process polls (waits its turn). */
  whilePolling<T>(fn: () => Promise<T>): Promise<T>;

  // candidates
  /** Known already, by canonical URL or by the same headline? */
  knows(url: string, title: string): Promise<boolean>;
  /** Insert a candidate; undefined when its URL is known already (whichever process inserted it). */
  addCandidate(c: NewCandidate): Promise<Candidate | undefined>;
  candidate(id: number): Promise<Candidate | undefined>;
  candidateByUrl(url: string): Promise<Candidate | undefined>;
  /** Newest first (by publication, then by when found). */
  candidates(opts?: { status?: CandidateStatus; limit?: number; offset?: number }): Promise<Candidate[]>;
  countCandidates(status?: CandidateStatus): Promise<number>;

  // reports
  addReport(r: NewReport): Promise<Report>;
  /** Reports a reader has sent since an instant (ISO). */
  reportsSince(reporter: string, since: string): Promise<number>;
  report(id: number): Promise<Report | undefined>;
  reports(opts?: { status?: ReportStatus; limit?: number; offset?: number }): Promise<Report[]>;

  // curators' acts and the record of changes
  act<T>(a: Act<T>): Promise<ActOutcome<T>>;
  changes(limit?: number): Promise<Change[]>;

  // settings
  showUnreviewed(platform: string, guildId: string | undefined): Promise<boolean>;
  setShowUnreviewed(platform: string, guildId: string, on: boolean): Promise<void>;

  close(): Promise<void>;
}

/** Fold a headline for duplicate detection: letters and digits only, lower case. */
export function titleKey(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/\s+[-–—|]\s+[^-–—|]{2,60}$/, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

// Row readers shared by both engines (same column names and types: ISO instants and JSON lists as TEXT).
export type Row = Record<string, unknown>;
const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));

export function candidateFrom(r: Row): Candidate {
  return {
    id: Number(r.id),
    url: r.url as string,
    title: r.title as string,
    summary: r.summary as string,
    feed: r.feed as string,
    publisher: opt(r.publisher),
    published: opt(r.published),
    foundAt: r.found_at as string,
    score: Number(r.score),
    companies: JSON.parse(r.companies as string),
    topics: JSON.parse(r.topics as string),
    status: r.status as CandidateStatus,
    eventId: opt(r.event_id),
    reviewedBy: opt(r.reviewed_by),
    reviewedAt: opt(r.reviewed_at),
  };
}

export function reportFrom(r: Row): Report {
  return {
    id: Number(r.id),
    eventId: r.event_id as string,
    message: r.message as string,
    sourceUrl: opt(r.source_url),
    reporter: r.reporter as string,
    platform: r.platform as string,
    guildId: opt(r.guild_id),
    createdAt: r.created_at as string,
    status: r.status as ReportStatus,
    resolvedBy: opt(r.resolved_by),
    resolvedAt: opt(r.resolved_at),
  };
}

export function changeFrom(r: Row): Change {
  return {
    id: Number(r.id),
    at: r.at as string,
    actor: r.actor as string,
    action: r.action as Change['action'],
    eventId: opt(r.event_id),
    candidateId: r.candidate_id === null || r.candidate_id === undefined ? undefined : Number(r.candidate_id),
    reportId: r.report_id === null || r.report_id === undefined ? undefined : Number(r.report_id),
    detail: opt(r.detail),
  };
}

export function feedStateFrom(url: string, r: Row | undefined): FeedState {
  if (!r) return { url, failures: 0 };
  return {
    url,
    etag: opt(r.etag),
    lastModified: opt(r.last_modified),
    failures: Number(r.failures),
    nextPollAt: opt(r.next_poll_at),
    lastPolledAt: opt(r.last_polled_at),
    lastStatus: opt(r.last_status),
    lastError: opt(r.last_error),
  };
}

export function pollFrom(r: Row | undefined): PollRecord | undefined {
  return r ? { at: r.at as string, feeds: Number(r.feeds), ok: Number(r.ok), failed: JSON.parse(r.failed as string), added: Number(r.added) } : undefined;
}

/** Claimed poll rounds are forgotten after this long (a slot is never claimed again once its minute has passed). */
export const ROUNDS_KEPT_MS = 7 * 86_400_000;

/** An instant `ms` before the ISO instant `at`, as ISO. */
export function isoBefore(at: string, ms: number): string {
  return new Date(Date.parse(at) - ms).toISOString();
}
