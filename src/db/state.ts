/**
 * The bot's shared state, on the engine the configuration picks: Postgres when DATABASE_URL is a
 * postgres:// URL (several processes), else SQLite at DATABASE_PATH (one process). Callers get the
 * same interfaces either way: the digest store, the curation store and the HTTP replay guard.
 */
import { openDatabase, type Db } from './database.js';
import type { PgPool } from './postgres.js';
import { DatabaseReplayGuard, type ReplayCheck } from './replay-store.js';
import { SqliteDigestStore } from '../digests/sqlite-store.js';
import type { DigestStore } from '../digests/store.js';
import { SqliteCurationStore } from '../curation/sqlite-store.js';
import type { CurationStore } from '../curation/store.js';

export interface State {
  engine: 'sqlite' | 'postgres';
  /** Where the state lives, for logs (a URL's password hidden). */
  where: string;
  digests: DigestStore;
  /** Feeds, candidates, reports and the record of changes (src/curation). */
  curation: CurationStore;
  /** The SQLite connection when the engine is SQLite (what is not yet in the store interface uses it). */
  sqlite?: Db;
  /** A replay guard shared by every process on this state, for one scope (e.g. 'discord'). */
  replayGuard(scope: string, windowMs: number, fallback?: ReplayCheck, onFallback?: (err: unknown) => void): DatabaseReplayGuard;
  /** Does the database answer? (the health check) */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StateOptions {
  databaseUrl?: string;
  databasePath: string;
  /** SQLite only: an already open (e.g. watched) connection to use instead of opening databasePath; its owner closes it. */
  sqlite?: Db;
  /** Claim lease (default LEASE_MS). */
  leaseMs?: number;
  onIdleError?: (err: Error) => void;
}

/** Is this a postgres:// (or postgresql://) URL? */
export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url.trim());
}

/** Open (and migrate) the configured engine. Throws DatabaseError with a clear message. */
export async function openState(opts: StateOptions): Promise<State> {
  if (opts.databaseUrl) {
    // pg is loaded only when Postgres is configured: a one-process bot on SQLite never needs it.
    const { connectPostgres, openPostgres, redactUrl } = await import('./postgres.js');
    const { PostgresDigestStore } = await import('../digests/postgres-store.js');
    const { openPostgresCuration } = await import('../curation/postgres-store.js');
    const pool: PgPool = await openPostgres(opts.databaseUrl, { onIdleError: opts.onIdleError });
    const leasePool = connectPostgres(opts.databaseUrl, { max: 2, onIdleError: opts.onIdleError });
    let curation: CurationStore;
    try {
      curation = await openPostgresCuration(pool, { where: redactUrl(opts.databaseUrl) });
    } catch (err) {
      await pool.end().catch(() => undefined);
      await leasePool.end().catch(() => undefined);
      throw err;
    }
    return {
      engine: 'postgres',
      where: redactUrl(opts.databaseUrl),
      digests: new PostgresDigestStore(pool, { leaseMs: opts.leaseMs, leasePool }),
      curation,
      replayGuard: (scope, windowMs, fallback, onFallback) => new DatabaseReplayGuard({ engine: 'postgres', pool }, scope, windowMs, fallback, onFallback),
      ping: async () => pool.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      close: async () => {
        if (!pool.ended) await pool.end();
        if (!leasePool.ended) await leasePool.end();
      },
    };
  }
  const db: Db = opts.sqlite ?? openDatabase(opts.databasePath);
  return {
    engine: 'sqlite',
    where: opts.databasePath,
    sqlite: db,
    digests: new SqliteDigestStore(db, { leaseMs: opts.leaseMs }),
    curation: new SqliteCurationStore(db),
    replayGuard: (scope, windowMs, fallback, onFallback) => new DatabaseReplayGuard({ engine: 'sqlite', db }, scope, windowMs, fallback, onFallback),
    ping: async () => db.open,
    close: async () => {
      if (!opts.sqlite && db.open) db.close();
    },
  };
}
