/**
 * The curation store on Postgres, shared by several processes. What makes it safe to share:
 * - a feed item is one candidate however many processes see it: the canonical URL is UNIQUE and the insert is
 *   `ON CONFLICT DO NOTHING`;
 * - a scheduled poll round is claimed by one process (a row per slot, under an advisory lock) and polls run one at a
 *   time (a session advisory lock held for the round, released by Postgres if the process dies);
 * - a curator's act locks its candidate or report row (`FOR UPDATE`) and checks it is still open, so of two curators
 *   acting at once one wins and the other is told who did;
 * - the log file's read-modify-write runs under a transaction-scoped advisory lock, so two processes writing the
 *   file at once take turns and neither loses the other's change.
 */
import { inTransaction, migratePostgres, type PgPool } from '../db/postgres.js';
import { CURATION_POSTGRES_MIGRATIONS } from './migrations.js';
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

// Advisory lock keys: any numbers no other tool on the same database takes (the digest migrations use 7_340_021).
const MIGRATION_LOCK = 7_340_031;
const ROUND_LOCK = 7_340_032;
const POLL_LOCK = 7_340_033;
/** The log file: every process on this database that writes it takes this lock first. */
export const LOG_FILE_LOCK = 7_340_034;

export interface PostgresCurationOptions {
  /** Where the pool points, for error messages (password hidden). */
  where?: string;
  /** Close the pool with the store (a store that opened its own). */
  ownsPool?: boolean;
}

/** Migrate curation's tables on `pool` (its own `curation_schema` version) and return the store. */
export async function openPostgresCuration(pool: PgPool, opts: PostgresCurationOptions = {}): Promise<PostgresCurationStore> {
  await migratePostgres(pool, CURATION_POSTGRES_MIGRATIONS, opts.where ?? 'the configured Postgres', { versionTable: 'curation_schema', lock: MIGRATION_LOCK });
  return new PostgresCurationStore(pool, opts);
}

export class PostgresCurationStore implements CurationStore {
  readonly engine = 'postgres';

  constructor(
    readonly pool: PgPool,
    private readonly opts: PostgresCurationOptions = {},
  ) {}

  async #one(sql: string, params: unknown[] = []): Promise<Row | undefined> {
    return (await this.pool.query(sql, params)).rows[0] as Row | undefined;
  }

  async #all(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, params)).rows as Row[];
  }

  async feedState(url: string): Promise<FeedState> {
    return feedStateFrom(url, await this.#one('SELECT * FROM curation_feeds WHERE url = $1', [url]));
  }

  async saveFeedState(s: FeedState): Promise<void> {
    await this.pool.query(
      `INSERT INTO curation_feeds (url, etag, last_modified, failures, next_poll_at, last_polled_at, last_status, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, failures = excluded.failures,
         next_poll_at = excluded.next_poll_at, last_polled_at = excluded.last_polled_at, last_status = excluded.last_status, last_error = excluded.last_error`,
      [s.url, s.etag ?? null, s.lastModified ?? null, s.failures, s.nextPollAt ?? null, s.lastPolledAt ?? null, s.lastStatus ?? null, s.lastError ?? null],
    );
  }

  async recordPoll(p: PollRecord): Promise<void> {
    await this.pool.query('INSERT INTO curation_polls (at, feeds, ok, failed, added) VALUES ($1, $2, $3, $4, $5)', [p.at, p.feeds, p.ok, JSON.stringify(p.failed), p.added]);
  }

  async lastPoll(): Promise<PollRecord | undefined> {
    return pollFrom(await this.#one('SELECT * FROM curation_polls ORDER BY id DESC LIMIT 1'));
  }

  async claimPollRound(slot: string, owner: string, at: string, minGapMs: number): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      // (two processes with different slots would both pass the gap check without it)
      await c.query('SELECT pg_advisory_xact_lock($1)', [ROUND_LOCK]);
      await c.query('DELETE FROM curation_rounds WHERE at < $1', [isoBefore(at, ROUNDS_KEPT_MS)]);
      if (minGapMs > 0 && (await c.query('SELECT 1 FROM curation_rounds WHERE at > $1 LIMIT 1', [isoBefore(at, minGapMs)])).rowCount) return false;
      return (await c.query('INSERT INTO curation_rounds (slot, owner, at) VALUES ($1, $2, $3) ON CONFLICT (slot) DO NOTHING', [slot, owner, at])).rowCount === 1;
    });
  }

  async whilePolling<T>(fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const onError = (err: Error) => (broken = err);
    client.on('error', onError);
    try {
      // a session lock: Postgres releases it if this process dies mid-round
      await client.query('SELECT pg_advisory_lock($1)', [POLL_LOCK]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [POLL_LOCK]).catch((e: Error) => (broken = e));
      }
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async knows(url: string, title: string): Promise<boolean> {
    return !!(await this.#one('SELECT 1 FROM curation_candidates WHERE url = $1 OR title_key = $2 LIMIT 1', [url, titleKey(title)]));
  }

  async addCandidate(c: NewCandidate): Promise<Candidate | undefined> {
    const r = await this.#one(
      `INSERT INTO curation_candidates (url, title_key, title, summary, feed, publisher, published, found_at, score, companies, topics)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (url) DO NOTHING RETURNING *`,
      [c.url, titleKey(c.title), c.title, c.summary, c.feed, c.publisher ?? null, c.published ?? null, c.foundAt, c.score, JSON.stringify(c.companies), JSON.stringify(c.topics)],
    );
    return r ? candidateFrom(r) : undefined;
  }

  async candidate(id: number): Promise<Candidate | undefined> {
    const r = await this.#one('SELECT * FROM curation_candidates WHERE id = $1', [id]);
    return r ? candidateFrom(r) : undefined;
  }

  async candidateByUrl(url: string): Promise<Candidate | undefined> {
    const r = await this.#one('SELECT * FROM curation_candidates WHERE url = $1', [url]);
    return r ? candidateFrom(r) : undefined;
  }

  async candidates(opts: { status?: CandidateStatus; limit?: number; offset?: number } = {}): Promise<Candidate[]> {
    const rows = await this.#all(
      `SELECT * FROM curation_candidates WHERE ($1::text IS NULL OR status = $1) ORDER BY COALESCE(published, found_at) DESC, id DESC LIMIT $2 OFFSET $3`,
      [opts.status ?? null, opts.limit ?? null, opts.offset ?? 0],
    );
    return rows.map(candidateFrom);
  }

  async countCandidates(status?: CandidateStatus): Promise<number> {
    return Number((await this.#one('SELECT COUNT(*) AS n FROM curation_candidates WHERE ($1::text IS NULL OR status = $1)', [status ?? null]))!.n);
  }

  async addReport(r: NewReport): Promise<Report> {
    const row = await this.#one(
      'INSERT INTO curation_reports (event_id, message, source_url, reporter, platform, guild_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
      [r.eventId, r.message, r.sourceUrl ?? null, r.reporter, r.platform, r.guildId ?? null, r.createdAt],
    );
    return reportFrom(row!);
  }

  async reportsSince(reporter: string, since: string): Promise<number> {
    return Number((await this.#one('SELECT COUNT(*) AS n FROM curation_reports WHERE reporter = $1 AND created_at >= $2', [reporter, since]))!.n);
  }

  async report(id: number): Promise<Report | undefined> {
    const r = await this.#one('SELECT * FROM curation_reports WHERE id = $1', [id]);
    return r ? reportFrom(r) : undefined;
  }

  async reports(opts: { status?: ReportStatus; limit?: number; offset?: number } = {}): Promise<Report[]> {
    const rows = await this.#all('SELECT * FROM curation_reports WHERE ($1::text IS NULL OR status = $1) ORDER BY id DESC LIMIT $2 OFFSET $3', [opts.status ?? null, opts.limit ?? null, opts.offset ?? 0]);
    return rows.map(reportFrom);
  }

  async act<T>(a: Act<T>): Promise<ActOutcome<T>> {
    return inTransaction(this.pool, async (c): Promise<ActOutcome<T>> => {
      // the log lock first, then the row: every act takes them in this order, so two acts never wait on each other in a circle
      if (a.write) await c.query('SELECT pg_advisory_xact_lock($1)', [LOG_FILE_LOCK]);
      if (a.candidate !== undefined) {
        const row = (await c.query('SELECT * FROM curation_candidates WHERE id = $1 FOR UPDATE', [a.candidate])).rows[0] as Row | undefined;
        if (!row || row.status !== 'new') return { done: false, candidate: row ? candidateFrom(row) : undefined };
      }
      if (a.report) {
        const row = (await c.query('SELECT * FROM curation_reports WHERE id = $1 FOR UPDATE', [a.report.id])).rows[0] as Row | undefined;
        if (!row || row.status !== 'open') return { done: false, report: row ? reportFrom(row) : undefined };
      }
      // (synchronous: the file is read, checked and renamed into place while the lock is held)
      const value = a.write ? a.write() : (undefined as T);
      const reviewed: number[] = [];
      if (a.review) {
        const { status, eventId } = a.review;
        const set = 'SET status = $1, event_id = $2, reviewed_by = $3, reviewed_at = $4';
        if (a.candidate !== undefined) {
          await c.query(`UPDATE curation_candidates ${set} WHERE id = $5`, [status, eventId ?? null, a.actor, a.at, a.candidate]);
          reviewed.push(a.candidate);
        }
        if (a.alsoUrls?.length) {
          const rows = await c.query(`UPDATE curation_candidates ${set} WHERE url = ANY($5::text[]) AND status = 'new' RETURNING id`, [status, eventId ?? null, a.actor, a.at, [...a.alsoUrls]]);
          for (const r of rows.rows as Row[]) reviewed.push(Number(r.id));
        }
      }
      if (a.report) await c.query('UPDATE curation_reports SET status = $1, resolved_by = $2, resolved_at = $3 WHERE id = $4', [a.report.status, a.actor, a.at, a.report.id]);
      const ch = a.change(value, reviewed);
      await c.query('INSERT INTO curation_changes (at, actor, action, event_id, candidate_id, report_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        a.at,
        a.actor,
        ch.action,
        ch.eventId ?? null,
        ch.candidateId ?? null,
        ch.reportId ?? null,
        ch.detail ?? null,
      ]);
      return { done: true, value, candidates: reviewed };
    });
  }

  async changes(limit = 20): Promise<Change[]> {
    return (await this.#all('SELECT * FROM curation_changes ORDER BY id DESC LIMIT $1', [limit])).map(changeFrom);
  }

  async showUnreviewed(platform: string, guildId: string | undefined): Promise<boolean> {
    if (!guildId) return true;
    const r = await this.#one('SELECT show_unreviewed FROM curation_settings WHERE platform = $1 AND guild_id = $2', [platform, guildId]);
    return r ? Number(r.show_unreviewed) === 1 : true;
  }

  async setShowUnreviewed(platform: string, guildId: string, on: boolean): Promise<void> {
    await this.pool.query(
      'INSERT INTO curation_settings (platform, guild_id, show_unreviewed) VALUES ($1, $2, $3) ON CONFLICT (platform, guild_id) DO UPDATE SET show_unreviewed = excluded.show_unreviewed',
      [platform, guildId, on ? 1 : 0],
    );
  }

  async close(): Promise<void> {
    if (this.opts.ownsPool && !this.pool.ended) await this.pool.end();
  }
}
