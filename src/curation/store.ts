/**
 * What curation keeps in the database: watched feeds' state, candidates, readers' reports, the record of every
 * change to the log, poll outcomes and per-server settings. Its own tables and its own schema version
 * (`curation_schema`), so it migrates independently of the digest tables on the same SQLite handle. The API is
 * small and synchronous so that another engine can implement it.
 */
import type { Db } from '../db/database.js';

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

const MIGRATIONS: ((db: Db) => void)[] = [
  (db) =>
    db.exec(`
      CREATE TABLE curation_feeds (
        url            TEXT PRIMARY KEY,
        etag           TEXT,
        last_modified  TEXT,
        failures       INTEGER NOT NULL DEFAULT 0,
        next_poll_at   TEXT,
        last_polled_at TEXT,
        last_status    TEXT,
        last_error     TEXT
      );
      CREATE TABLE curation_candidates (
        id          INTEGER PRIMARY KEY,
        url         TEXT NOT NULL UNIQUE,      -- canonical URL (see urls.ts)
        title_key   TEXT NOT NULL,             -- folded title: the same story relayed under another URL
        title       TEXT NOT NULL,
        summary     TEXT NOT NULL DEFAULT '',
        feed        TEXT NOT NULL,
        publisher   TEXT,
        published   TEXT,
        found_at    TEXT NOT NULL,
        score       REAL NOT NULL,
        companies   TEXT NOT NULL DEFAULT '[]',
        topics      TEXT NOT NULL DEFAULT '[]',
        status      TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'dismissed', 'attached', 'added')),
        event_id    TEXT,
        reviewed_by TEXT,
        reviewed_at TEXT
      );
      CREATE INDEX curation_candidates_status ON curation_candidates (status, published);
      CREATE INDEX curation_candidates_title ON curation_candidates (title_key);
      CREATE TABLE curation_reports (
        id          INTEGER PRIMARY KEY,
        event_id    TEXT NOT NULL,
        message     TEXT NOT NULL,
        source_url  TEXT,
        reporter    TEXT NOT NULL,
        platform    TEXT NOT NULL,
        guild_id    TEXT,
        created_at  TEXT NOT NULL,
        status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'fixed', 'not-a-mistake')),
        resolved_by TEXT,
        resolved_at TEXT
      );
      CREATE TABLE curation_changes (
        id           INTEGER PRIMARY KEY,
        at           TEXT NOT NULL,
        actor        TEXT NOT NULL,
        action       TEXT NOT NULL,
        event_id     TEXT,
        candidate_id INTEGER,
        report_id    INTEGER,
        detail       TEXT
      );
      CREATE TABLE curation_polls (
        id     INTEGER PRIMARY KEY,
        at     TEXT NOT NULL,
        feeds  INTEGER NOT NULL,
        ok     INTEGER NOT NULL,
        failed TEXT NOT NULL DEFAULT '[]',
        added  INTEGER NOT NULL
      );
      CREATE TABLE curation_settings (
        platform         TEXT NOT NULL,
        guild_id         TEXT NOT NULL,
        show_unreviewed  INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (platform, guild_id)
      );
    `),
];

/** Fold a headline for duplicate detection: letters and digits only, lower case. */
export function titleKey(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/\s+[-–—|]\s+[^-–—|]{2,60}$/, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

type Row = Record<string, unknown>;
const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));

function candidate(r: Row): Candidate {
  return {
    id: r.id as number,
    url: r.url as string,
    title: r.title as string,
    summary: r.summary as string,
    feed: r.feed as string,
    publisher: opt(r.publisher),
    published: opt(r.published),
    foundAt: r.found_at as string,
    score: r.score as number,
    companies: JSON.parse(r.companies as string),
    topics: JSON.parse(r.topics as string),
    status: r.status as CandidateStatus,
    eventId: opt(r.event_id),
    reviewedBy: opt(r.reviewed_by),
    reviewedAt: opt(r.reviewed_at),
  };
}

function report(r: Row): Report {
  return {
    id: r.id as number,
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

export type NewCandidate = Omit<Candidate, 'id' | 'status' | 'eventId' | 'reviewedBy' | 'reviewedAt'>;

export class CurationStore {
  constructor(readonly db: Db) {
    db.exec('CREATE TABLE IF NOT EXISTS curation_schema (version INTEGER NOT NULL)');
    const row = db.prepare('SELECT version FROM curation_schema').get() as { version: number } | undefined;
    const current = row?.version ?? 0;
    if (current > MIGRATIONS.length) throw new Error(`the curation tables are at schema version ${current}, newer than this bot knows (${MIGRATIONS.length}); upgrade the bot`);
    for (let v = current; v < MIGRATIONS.length; v++) {
      db.transaction(() => {
        MIGRATIONS[v](db);
        db.prepare('DELETE FROM curation_schema').run();
        db.prepare('INSERT INTO curation_schema (version) VALUES (?)').run(v + 1);
      }).immediate();
    }
  }

  // feeds
  feedState(url: string): FeedState {
    const r = this.db.prepare('SELECT * FROM curation_feeds WHERE url = ?').get(url) as Row | undefined;
    if (!r) return { url, failures: 0 };
    return {
      url,
      etag: opt(r.etag),
      lastModified: opt(r.last_modified),
      failures: r.failures as number,
      nextPollAt: opt(r.next_poll_at),
      lastPolledAt: opt(r.last_polled_at),
      lastStatus: opt(r.last_status),
      lastError: opt(r.last_error),
    };
  }

  saveFeedState(s: FeedState): void {
    this.db
      .prepare(
        `INSERT INTO curation_feeds (url, etag, last_modified, failures, next_poll_at, last_polled_at, last_status, last_error)
         VALUES (@url, @etag, @lastModified, @failures, @nextPollAt, @lastPolledAt, @lastStatus, @lastError)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, failures = excluded.failures,
           next_poll_at = excluded.next_poll_at, last_polled_at = excluded.last_polled_at, last_status = excluded.last_status, last_error = excluded.last_error`,
      )
      .run({ etag: null, lastModified: null, nextPollAt: null, lastPolledAt: null, lastStatus: null, lastError: null, ...s });
  }

  recordPoll(p: PollRecord): void {
    this.db.prepare('INSERT INTO curation_polls (at, feeds, ok, failed, added) VALUES (?, ?, ?, ?, ?)').run(p.at, p.feeds, p.ok, JSON.stringify(p.failed), p.added);
  }

  lastPoll(): PollRecord | undefined {
    const r = this.db.prepare('SELECT * FROM curation_polls ORDER BY id DESC LIMIT 1').get() as Row | undefined;
    return r ? { at: r.at as string, feeds: r.feeds as number, ok: r.ok as number, failed: JSON.parse(r.failed as string), added: r.added as number } : undefined;
  }

  // candidates
  /** Known already, by canonical URL or by the same headline? */
  knows(url: string, title: string): boolean {
    return !!this.db.prepare('SELECT 1 FROM curation_candidates WHERE url = ? OR title_key = ? LIMIT 1').get(url, titleKey(title));
  }

  /** Insert a candidate; undefined when its URL is known already. */
  addCandidate(c: NewCandidate): Candidate | undefined {
    const res = this.db
      .prepare(
        `INSERT INTO curation_candidates (url, title_key, title, summary, feed, publisher, published, found_at, score, companies, topics)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING`,
      )
      .run(c.url, titleKey(c.title), c.title, c.summary, c.feed, c.publisher ?? null, c.published ?? null, c.foundAt, c.score, JSON.stringify(c.companies), JSON.stringify(c.topics));
    return res.changes ? this.candidate(Number(res.lastInsertRowid)) : undefined;
  }

  candidate(id: number): Candidate | undefined {
    const r = this.db.prepare('SELECT * FROM curation_candidates WHERE id = ?').get(id) as Row | undefined;
    return r ? candidate(r) : undefined;
  }

  candidateByUrl(url: string): Candidate | undefined {
    const r = this.db.prepare('SELECT * FROM curation_candidates WHERE url = ?').get(url) as Row | undefined;
    return r ? candidate(r) : undefined;
  }

  /** Newest first (by publication, then by when found). */
  candidates(opts: { status?: CandidateStatus; limit?: number; offset?: number } = {}): Candidate[] {
    const where = opts.status ? 'WHERE status = @status' : '';
    return (
      this.db
        .prepare(`SELECT * FROM curation_candidates ${where} ORDER BY COALESCE(published, found_at) DESC, id DESC LIMIT @limit OFFSET @offset`)
        .all({ status: opts.status ?? null, limit: opts.limit ?? -1, offset: opts.offset ?? 0 }) as Row[]
    ).map(candidate);
  }

  countCandidates(status?: CandidateStatus): number {
    const r = status
      ? this.db.prepare('SELECT COUNT(*) AS n FROM curation_candidates WHERE status = ?').get(status)
      : this.db.prepare('SELECT COUNT(*) AS n FROM curation_candidates').get();
    return (r as { n: number }).n;
  }

  setCandidateStatus(id: number, status: CandidateStatus, by: string, at: string, eventId?: string): void {
    this.db.prepare('UPDATE curation_candidates SET status = ?, event_id = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?').run(status, eventId ?? null, by, at, id);
  }

  // reports
  addReport(r: Omit<Report, 'id' | 'status' | 'resolvedBy' | 'resolvedAt'>): Report {
    const res = this.db
      .prepare('INSERT INTO curation_reports (event_id, message, source_url, reporter, platform, guild_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(r.eventId, r.message, r.sourceUrl ?? null, r.reporter, r.platform, r.guildId ?? null, r.createdAt);
    return this.report(Number(res.lastInsertRowid))!;
  }

  /** Reports a reader has sent since an instant (ISO). */
  reportsSince(reporter: string, since: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM curation_reports WHERE reporter = ? AND created_at >= ?').get(reporter, since) as { n: number }).n;
  }

  report(id: number): Report | undefined {
    const r = this.db.prepare('SELECT * FROM curation_reports WHERE id = ?').get(id) as Row | undefined;
    return r ? report(r) : undefined;
  }

  reports(opts: { status?: ReportStatus; limit?: number; offset?: number } = {}): Report[] {
    const where = opts.status ? 'WHERE status = @status' : '';
    return (
      this.db
        .prepare(`SELECT * FROM curation_reports ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
        .all({ status: opts.status ?? null, limit: opts.limit ?? -1, offset: opts.offset ?? 0 }) as Row[]
    ).map(report);
  }

  resolveReport(id: number, status: Exclude<ReportStatus, 'open'>, by: string, at: string): void {
    this.db.prepare('UPDATE curation_reports SET status = ?, resolved_by = ?, resolved_at = ? WHERE id = ?').run(status, by, at, id);
  }

  // the record of changes
  recordChange(c: Omit<Change, 'id'>): void {
    this.db
      .prepare('INSERT INTO curation_changes (at, actor, action, event_id, candidate_id, report_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(c.at, c.actor, c.action, c.eventId ?? null, c.candidateId ?? null, c.reportId ?? null, c.detail ?? null);
  }

  changes(limit = 20): Change[] {
    return (this.db.prepare('SELECT * FROM curation_changes ORDER BY id DESC LIMIT ?').all(limit) as Row[]).map((r) => ({
      id: r.id as number,
      at: r.at as string,
      actor: r.actor as string,
      action: r.action as Change['action'],
      eventId: opt(r.event_id),
      candidateId: opt(r.candidate_id),
      reportId: opt(r.report_id),
      detail: opt(r.detail),
    }));
  }

  // settings
  showUnreviewed(platform: string, guildId: string | undefined): boolean {
    if (!guildId) return true;
    const r = this.db.prepare('SELECT show_unreviewed FROM curation_settings WHERE platform = ? AND guild_id = ?').get(platform, guildId) as { show_unreviewed: number } | undefined;
    return r ? r.show_unreviewed === 1 : true;
  }

  setShowUnreviewed(platform: string, guildId: string, on: boolean): void {
    this.db
      .prepare('INSERT INTO curation_settings (platform, guild_id, show_unreviewed) VALUES (?, ?, ?) ON CONFLICT (platform, guild_id) DO UPDATE SET show_unreviewed = excluded.show_unreviewed')
      .run(platform, guildId, on ? 1 : 0);
  }
}
