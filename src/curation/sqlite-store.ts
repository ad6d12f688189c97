/**
 * The curation store on SQLite (one process). better-sqlite3 is synchronous: each method does its work at once and
 * returns a settled promise. A curator's act runs in one IMMEDIATE transaction around the log file's
 * read-modify-write, so SQLite's write lock also serialises the file for any other process on the same database
 * (e.g. the command line), and the compare-before-rename check in log-file.ts stays as a second guard.
 */
import type { Db } from '../db/database.js';
import { CURATION_MIGRATIONS, type CurationMigration } from './migrations.js';
import {
  candidateFrom,
  changeFrom,
  feedStateFrom,
  isoBefore,
  pollFrom,
  ROUNDS_KEPT_MS,
  reportFrom,
  titleKey,
  type Act,
  type ActOutcome,
  type Candidate,
  type CandidateStatus,
  type Change,
  type CurationStore,
  type FeedState,
  type NewCandidate,
  type NewReport,
  type PollRecord,
  type Report,
  type ReportStatus,
  type Row,
} from './store.js';

/** Bring the curation tables to the newest version (its own `curation_schema` table, one transaction per step). */
export function migrateCuration(db: Db, migrations: readonly CurationMigration[] = CURATION_MIGRATIONS): void {
  db.exec('CREATE TABLE IF NOT EXISTS curation_schema (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT version FROM curation_schema').get() as { version: number } | undefined;
  const current = row?.version ?? 0;
  if (current > migrations.length) throw new Error(`the curation tables are at schema version ${current}, newer than this bot knows (${migrations.length}); upgrade the bot`);
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      migrations[v].up(db);
      db.prepare('DELETE FROM curation_schema').run();
      db.prepare('INSERT INTO curation_schema (version) VALUES (?)').run(v + 1);
    }).immediate();
  }
}

export class SqliteCurationStore implements CurationStore {
  readonly engine = 'sqlite';
  /** Polls in this process, one after another (SQLite is one process's database). */
  #polling: Promise<unknown> = Promise.resolve();

  constructor(readonly db: Db) {
    migrateCuration(db);
  }

  async feedState(url: string): Promise<FeedState> {
    return feedStateFrom(url, this.db.prepare('SELECT * FROM curation_feeds WHERE url = ?').get(url) as Row | undefined);
  }

  async saveFeedState(s: FeedState): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO curation_feeds (url, etag, last_modified, failures, next_poll_at, last_polled_at, last_status, last_error)
         VALUES (@url, @etag, @lastModified, @failures, @nextPollAt, @lastPolledAt, @lastStatus, @lastError)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, failures = excluded.failures,
           next_poll_at = excluded.next_poll_at, last_polled_at = excluded.last_polled_at, last_status = excluded.last_status, last_error = excluded.last_error`,
      )
      .run({ etag: null, lastModified: null, nextPollAt: null, lastPolledAt: null, lastStatus: null, lastError: null, ...s });
  }

  async recordPoll(p: PollRecord): Promise<void> {
    this.db.prepare('INSERT INTO curation_polls (at, feeds, ok, failed, added) VALUES (?, ?, ?, ?, ?)').run(p.at, p.feeds, p.ok, JSON.stringify(p.failed), p.added);
  }

  async lastPoll(): Promise<PollRecord | undefined> {
    return pollFrom(this.db.prepare('SELECT * FROM curation_polls ORDER BY id DESC LIMIT 1').get() as Row | undefined);
  }

  async claimPollRound(slot: string, owner: string, at: string, minGapMs: number): Promise<boolean> {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM curation_rounds WHERE at < ?').run(isoBefore(at, ROUNDS_KEPT_MS));
      if (minGapMs > 0 && this.db.prepare('SELECT 1 FROM curation_rounds WHERE at > ? LIMIT 1').get(isoBefore(at, minGapMs))) return false;
      return this.db.prepare('INSERT INTO curation_rounds (slot, owner, at) VALUES (?, ?, ?) ON CONFLICT (slot) DO NOTHING').run(slot, owner, at).changes === 1;
    }).immediate();
  }

  whilePolling<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#polling.then(fn, fn);
    this.#polling = run.catch(() => undefined);
    return run;
  }

  async knows(url: string, title: string): Promise<boolean> {
    return !!this.db.prepare('SELECT 1 FROM curation_candidates WHERE url = ? OR title_key = ? LIMIT 1').get(url, titleKey(title));
  }

  async addCandidate(c: NewCandidate): Promise<Candidate | undefined> {
    const r = this.db
      .prepare(
        `INSERT INTO curation_candidates (url, title_key, title, summary, feed, publisher, published, found_at, score, companies, topics)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING RETURNING *`,
      )
      .get(c.url, titleKey(c.title), c.title, c.summary, c.feed, c.publisher ?? null, c.published ?? null, c.foundAt, c.score, JSON.stringify(c.companies), JSON.stringify(c.topics)) as Row | undefined;
    return r ? candidateFrom(r) : undefined;
  }

  async candidate(id: number): Promise<Candidate | undefined> {
    const r = this.db.prepare('SELECT * FROM curation_candidates WHERE id = ?').get(id) as Row | undefined;
    return r ? candidateFrom(r) : undefined;
  }

  async candidateByUrl(url: string): Promise<Candidate | undefined> {
    const r = this.db.prepare('SELECT * FROM curation_candidates WHERE url = ?').get(url) as Row | undefined;
    return r ? candidateFrom(r) : undefined;
  }

  async candidates(opts: { status?: CandidateStatus; limit?: number; offset?: number } = {}): Promise<Candidate[]> {
    const where = opts.status ? 'WHERE status = @status' : '';
    return (
      this.db
        .prepare(`SELECT * FROM curation_candidates ${where} ORDER BY COALESCE(published, found_at) DESC, id DESC LIMIT @limit OFFSET @offset`)
        .all({ status: opts.status ?? null, limit: opts.limit ?? -1, offset: opts.offset ?? 0 }) as Row[]
    ).map(candidateFrom);
  }

  async countCandidates(status?: CandidateStatus): Promise<number> {
    const r = status
      ? this.db.prepare('SELECT COUNT(*) AS n FROM curation_candidates WHERE status = ?').get(status)
      : this.db.prepare('SELECT COUNT(*) AS n FROM curation_candidates').get();
    return (r as { n: number }).n;
  }

  async addReport(r: NewReport): Promise<Report> {
    const row = this.db
      .prepare('INSERT INTO curation_reports (event_id, message, source_url, reporter, platform, guild_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *')
      .get(r.eventId, r.message, r.sourceUrl ?? null, r.reporter, r.platform, r.guildId ?? null, r.createdAt) as Row;
    return reportFrom(row);
  }

  async reportsSince(reporter: string, since: string): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM curation_reports WHERE reporter = ? AND created_at >= ?').get(reporter, since) as { n: number }).n;
  }

  async report(id: number): Promise<Report | undefined> {
    const r = this.db.prepare('SELECT * FROM curation_reports WHERE id = ?').get(id) as Row | undefined;
    return r ? reportFrom(r) : undefined;
  }

  async reports(opts: { status?: ReportStatus; limit?: number; offset?: number } = {}): Promise<Report[]> {
    const where = opts.status ? 'WHERE status = @status' : '';
    return (
      this.db
        .prepare(`SELECT * FROM curation_reports ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
        .all({ status: opts.status ?? null, limit: opts.limit ?? -1, offset: opts.offset ?? 0 }) as Row[]
    ).map(reportFrom);
  }

  async act<T>(a: Act<T>): Promise<ActOutcome<T>> {
    return this.db.transaction((): ActOutcome<T> => {
      if (a.candidate !== undefined) {
        const c = this.db.prepare('SELECT * FROM curation_candidates WHERE id = ?').get(a.candidate) as Row | undefined;
        if (!c || c.status !== 'new') return { done: false, candidate: c ? candidateFrom(c) : undefined };
      }
      if (a.report) {
        const r = this.db.prepare('SELECT * FROM curation_reports WHERE id = ?').get(a.report.id) as Row | undefined;
        if (!r || r.status !== 'open') return { done: false, report: r ? reportFrom(r) : undefined };
      }
      const value = a.write ? a.write() : (undefined as T);
      const reviewed: number[] = [];
      if (a.review) {
        const { status, eventId } = a.review;
        const set = 'SET status = ?, event_id = ?, reviewed_by = ?, reviewed_at = ?';
        if (a.candidate !== undefined) {
          this.db.prepare(`UPDATE curation_candidates ${set} WHERE id = ?`).run(status, eventId ?? null, a.actor, a.at, a.candidate);
          reviewed.push(a.candidate);
        }
        const byUrl = this.db.prepare(`UPDATE curation_candidates ${set} WHERE url = ? AND status = 'new' RETURNING id`);
        for (const url of a.alsoUrls ?? []) for (const r of byUrl.all(status, eventId ?? null, a.actor, a.at, url) as Row[]) reviewed.push(Number(r.id));
      }
      if (a.report) this.db.prepare('UPDATE curation_reports SET status = ?, resolved_by = ?, resolved_at = ? WHERE id = ?').run(a.report.status, a.actor, a.at, a.report.id);
      const c = a.change(value, reviewed);
      this.db
        .prepare('INSERT INTO curation_changes (at, actor, action, event_id, candidate_id, report_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(a.at, a.actor, c.action, c.eventId ?? null, c.candidateId ?? null, c.reportId ?? null, c.detail ?? null);
      return { done: true, value, candidates: reviewed };
    }).immediate();
  }

  async changes(limit = 20): Promise<Change[]> {
    return (this.db.prepare('SELECT * FROM curation_changes ORDER BY id DESC LIMIT ?').all(limit) as Row[]).map(changeFrom);
  }

  async showUnreviewed(platform: string, guildId: string | undefined): Promise<boolean> {
    if (!guildId) return true;
    const r = this.db.prepare('SELECT show_unreviewed FROM curation_settings WHERE platform = ? AND guild_id = ?').get(platform, guildId) as { show_unreviewed: number } | undefined;
    return r ? r.show_unreviewed === 1 : true;
  }

  async setShowUnreviewed(platform: string, guildId: string, on: boolean): Promise<void> {
    this.db
      .prepare('INSERT INTO curation_settings (platform, guild_id, show_unreviewed) VALUES (?, ?, ?) ON CONFLICT (platform, guild_id) DO UPDATE SET show_unreviewed = excluded.show_unreviewed')
      .run(platform, guildId, on ? 1 : 0);
  }

  /** The connection belongs to whoever opened it. */
  async close(): Promise<void> {}
}
