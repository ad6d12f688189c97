/**
 * The Postgres engine and the engine choice, against a real Postgres started by the test: migrations
 * (the same steps as SQLite's, run once under a lock when several processes start together), clear
 * errors that never show the password, and DATABASE_URL picking the engine.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import pg from 'pg';
import { DatabaseError, MIGRATIONS } from '../../src/db/database.js';
import { openPostgres, postgresSchemaVersion, redactUrl } from '../../src/db/postgres.js';
import { POSTGRES_MIGRATIONS } from '../../src/db/postgres-migrations.js';
import { openState } from '../../src/db/state.js';
import { parseConfig } from '../../src/config.js';
import { postgresForFile } from '../helpers/postgres.js';
import { tempDir } from '../digests/helpers.js';

const server = postgresForFile();

async function tables(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows.map((r) => r.tablename);
  } finally {
    await c.end();
  }
}

describe('Postgres migrations', () => {
  it('GIVEN the SQLite migrations THEN Postgres has the same steps, in the same order', () => {
    expect(POSTGRES_MIGRATIONS.map((m) => m.description)).toEqual(MIGRATIONS.map((m) => m.description));
  });

  it('GIVEN several processes opening a new database at once THEN one migrates, the others wait, and the schema is complete', async () => {
    const url = await server.createDatabase();
    const pools = await Promise.all([1, 2, 3].map(() => openPostgres(url)));
    expect(await tables(url)).toEqual(['deliveries', 'replay_guard', 'schema_version', 'seen_events', 'subscriptions']);
    expect(await postgresSchemaVersion(pools[0])).toBe(POSTGRES_MIGRATIONS.length);
    await Promise.all(pools.map((p) => p.end()));
  });

  it('GIVEN a migration that fails THEN nothing of it is applied and the error names the step and the cause', async () => {
    const url = await server.createDatabase();
    await (await openPostgres(url)).end();
    const broken = { description: 'half-done change', sql: 'CREATE TABLE half (x int); THIS IS NOT SQL' };
    const err = await openPostgres(url, { migrations: [...POSTGRES_MIGRATIONS, broken] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as Error).message).toMatch(new RegExp(`from schema version ${POSTGRES_MIGRATIONS.length} to ${POSTGRES_MIGRATIONS.length + 1} \\(half-done change\\): syntax error`));
    expect(await tables(url)).not.toContain('half');
    const pool = await openPostgres(url);
    expect(await postgresSchemaVersion(pool)).toBe(POSTGRES_MIGRATIONS.length);
    await pool.end();
  });

  it('GIVEN a database from a newer version of the bot THEN it refuses to touch it', async () => {
    const url = await server.createDatabase();
    const pool = await openPostgres(url);
    await pool.query('UPDATE schema_version SET version = 99');
    await pool.end();
    await expect(openPostgres(url)).rejects.toThrow(/schema is version 99, newer than this version of the bot knows/);
  });
});

describe('Postgres connection errors', () => {
  it('GIVEN a wrong password THEN the error says it was refused and never shows the password', async () => {
    const url = server.url().replace(/:[^:@/]+@/, ':not-the-password@');
    const err = (await openPostgres(url).catch((e: unknown) => e)) as DatabaseError;
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err.message).toMatch(/^Cannot open the database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres: the user name or password was refused \(28P01\)/);
    expect(err.message).not.toContain('not-the-password');
  });

  it('GIVEN nothing listening at the URL THEN the error says so and how to fix it', async () => {
    const err = (await openPostgres('postgres://bot:secret@127.0.0.1:1/db', { connectTimeoutMs: 2000 }).catch((e: unknown) => e)) as DatabaseError;
    expect(err.message).toBe('Cannot open the database at postgres://bot:***@127.0.0.1:1/db: nothing is listening there (ECONNREFUSED). Check DATABASE_URL and that Postgres is running.');
  });

  it('GIVEN a URL with a password THEN the redacted form hides it', () => {
    expect(redactUrl('postgres://bot:s3cret@db:5432/nh')).toBe('postgres://bot:***@db:5432/nh');
  });
});

describe('choosing the engine', () => {
  it('GIVEN DATABASE_URL THEN the state is in Postgres; without it, in SQLite at DATABASE_PATH', async () => {
    const tmp = tempDir('state-');
    const url = await server.createDatabase();
    const pgState = await openState({ databaseUrl: url, databasePath: join(tmp.dir, 'unused.db') });
    const sqliteState = await openState({ databasePath: join(tmp.dir, 'bot.db') });
    try {
      expect([pgState.engine, sqliteState.engine]).toEqual(['postgres', 'sqlite']);
      expect(pgState.where).not.toContain('test-password');
      expect(await pgState.ping()).toBe(true);
      expect(await sqliteState.ping()).toBe(true);
      await pgState.digests.upsertSubscription({ platform: 'slack', channelId: 'C1', frequency: 'alerts', time: '09:00', timezone: 'UTC', quiet: false }, new Date(), []);
      expect(await tables(url)).toContain('subscriptions');
      expect((await pgState.digests.listAll()).map((s) => s.channelId)).toEqual(['C1']);
      expect(await sqliteState.digests.listAll()).toEqual([]);
    } finally {
      await pgState.close();
      await sqliteState.close();
      tmp.cleanup();
    }
    expect(await pgState.ping()).toBe(false);
  });

  it('GIVEN a DATABASE_URL that is not a postgres:// URL THEN the configuration error names it and says what to use', () => {
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(/DATABASE_URL must be a postgres:\/\/ URL — use postgres:\/\/user:password@host:5432\/database/);
    expect(parseConfig({ DATABASE_URL: 'postgres://bot:pw@db:5432/nh' }).DATABASE_URL).toBe('postgres://bot:pw@db:5432/nh');
    expect(parseConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
