/**
 * The shared database for several processes: Postgres through node-postgres (pg). A pool of
 * connections; a connection that breaks (Postgres restarted, network cut) is dropped and the next
 * query opens a new one, so the bot carries on once Postgres is back — a query in between fails and
 * its caller retries at its next sweep.
 *
 * Migrations are POSTGRES_MIGRATIONS, applied in order under an advisory lock (several processes start
 * at once; one migrates, the others wait and find the work done), each in its own transaction with
 * the version bump, recorded in `schema_version`.
 */
import pg from 'pg';
import { DatabaseError } from './database.js';
import { POSTGRES_MIGRATIONS, type PostgresMigration } from './postgres-migrations.js';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

/** Any number will do as long as no other tool on the same database takes it. */
const MIGRATION_LOCK = 7_340_021;

export interface PostgresOptions {
  /** Connections per process (default 10). */
  max?: number;
  /** Give up connecting after this many ms (default 5000). */
  connectTimeoutMs?: number;
  migrations?: readonly PostgresMigration[];
  /** Called when an idle connection breaks (the pool replaces it); default: ignored. */
  onIdleError?: (err: Error) => void;
}

/** A URL with its password hidden, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** A pool on `url`, without migrating (e.g. a second, small pool for lease renewal). */
export function connectPostgres(url: string, opts: Pick<PostgresOptions, 'max' | 'connectTimeoutMs' | 'onIdleError'> = {}): PgPool {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000 });
  // Without a listener a broken connection's 'error' event would end the process: the pool listens
  // while a connection is idle, and every connection also keeps one of its own (a connection can break
  // between two queries while checked out; the query that next uses it fails and is retried later).
  pool.on('error', (err) => opts.onIdleError?.(err));
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Connect a pool to `url` and migrate. Throws DatabaseError naming the (redacted) URL and the cause. */
export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<PgPool> {
  const where = redactUrl(url);
  const pool = connectPostgres(url, opts);
  try {
    await migratePostgres(pool, opts.migrations ?? POSTGRES_MIGRATIONS, where);
    return pool;
  } catch (err) {
    await pool.end().catch(() => undefined);
    if (err instanceof DatabaseError) throw err;
    throw new DatabaseError(`Cannot open the database at ${where}: ${describePgError(err)}. Check DATABASE_URL and that Postgres is running.`, where, (err as { code?: string }).code);
  }
}

/** The schema version recorded in the database (0 before the first migration). */
export async function postgresSchemaVersion(pool: PgPool): Promise<number> {
  const res = await pool.query(`SELECT to_regclass('schema_version') IS NOT NULL AS exists`);
  if (!res.rows[0].exists) return 0;
  return Number((await pool.query('SELECT version FROM schema_version')).rows[0]?.version ?? 0);
}

/** Where a list of migrations records its version, and the advisory lock its migrators take (one per list). */
export interface SchemaTrack {
  versionTable: string;
  lock: number;
}

const DIGEST_TRACK: SchemaTrack = { versionTable: 'schema_version', lock: MIGRATION_LOCK };

/**
 * Apply `migrations` in order on `pool`, one transaction each with its version bump, under the track's advisory lock
 * (processes starting together: one migrates, the others wait and find the work done). A feature with its own
 * tables (curation) keeps its own list and version table on the same database.
 */
export async function migratePostgres(pool: PgPool, migrations: readonly PostgresMigration[], where: string, track: SchemaTrack = DIGEST_TRACK): Promise<void> {
  const table = track.versionTable;
  for (;;) {
    const client = await pool.connect();
    const onError = () => undefined; // the query in progress fails with the same error
    client.on('error', onError);
    let step: { v: number; m: PostgresMigration } | undefined;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [track.lock]);
      await client.query(`CREATE TABLE IF NOT EXISTS ${table} (version INTEGER NOT NULL)`);
      const row = (await client.query(`SELECT version FROM ${table}`)).rows[0] as { version: number } | undefined;
      const current = row?.version ?? 0;
      if (!row) await client.query(`INSERT INTO ${table} (version) VALUES (0)`);
      if (current > migrations.length) {
        throw new DatabaseError(
          `Cannot use the database at ${where}: its schema is version ${current}, newer than this version of the bot knows (${migrations.length}). Upgrade the bot, or point DATABASE_URL at another database.`,
          where,
        );
      }
      if (current === migrations.length) {
        await client.query('COMMIT');
        return;
      }
      step = { v: current, m: migrations[current] };
      await client.query(step.m.sql);
      await client.query(`UPDATE ${table} SET version = $1`, [current + 1]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (err instanceof DatabaseError) throw err;
      if (!step) throw err;
      throw new DatabaseError(
        `Cannot migrate the database at ${where} from schema version ${step.v} to ${step.v + 1} (${step.m.description}): ${describePgError(err)}. Nothing was changed by this step; fix the cause and start again.`,
        where,
        (err as { code?: string }).code,
      );
    } finally {
      client.off('error', onError);
      client.release();
    }
  }
}

/** A Postgres / network error in words, with its code. */
export function describePgError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  if (code === 'ECONNREFUSED') return `nothing is listening there (${code})`;
  if (code === 'ENOTFOUND') return `the host name is not known (${code})`;
  if (code === '28P01' || code === '28000') return `the user name or password was refused (${code})`;
  if (code === '3D000') return `that database does not exist (${code}); create it first`;
  return `${e?.message || String(err)}${code ? ` (${code})` : ''}`;
}

/** Run `fn` in a transaction on one connection; a broken connection is discarded, not returned to the pool. */
export async function inTransaction<T>(pool: PgPool, fn: (c: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out connection that breaks emits 'error'; unheard, it would end the process.
  const onError = (err: Error) => (broken = err);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
