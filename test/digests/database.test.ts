/** The SQLite database: created on first run, migrated with user_version, and clear when it cannot be used. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseError, describeCause, MIGRATIONS, openDatabase, schemaVersion, type Migration } from '../../src/db/database.js';
import { SqliteDigestStore } from '../../src/digests/sqlite-store.js';
import { tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('db-');
});
afterEach(() => {
  try {
    chmodSync(join(tmp.dir, 'ro'), 0o755);
  } catch {
    /* not created */
  }
  tmp.cleanup();
});

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('openDatabase', () => {
  it('GIVEN a path in a missing folder THEN folder and file are created, WAL + foreign keys on, schema at the latest version', () => {
    const path = join(tmp.dir, 'var', 'nested', 'bot.db');
    const db = openDatabase(path);
    expect(existsSync(path)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
    expect(tables).toEqual(['deliveries', 'replay_guard', 'seen_events', 'subscriptions']);
    db.close();
    // Opening again is a no-op migration.
    const again = openDatabase(path);
    expect(schemaVersion(again)).toBe(MIGRATIONS.length);
    again.close();
  });

  it('GIVEN a new migration THEN it runs once, in order, and bumps user_version', () => {
    const path = join(tmp.dir, 'bot.db');
    openDatabase(path).close();
    const extra: Migration = { description: 'add a note column', up: (db) => db.exec('ALTER TABLE subscriptions ADD COLUMN note TEXT') };
    const db = openDatabase(path, { migrations: [...MIGRATIONS, extra] });
    expect(schemaVersion(db)).toBe(MIGRATIONS.length + 1);
    expect(db.prepare('PRAGMA table_info(subscriptions)').all().map((c: any) => c.name)).toContain('note');
    db.close();
  });

  it('GIVEN a database with a subscription from before digests had a language THEN the migration keeps it, in English', async () => {
    const path = join(tmp.dir, 'bot.db');
    const step = MIGRATIONS.findIndex((m) => m.description === 'the language each digest subscription is posted in');
    const old = openDatabase(path, { migrations: MIGRATIONS.slice(0, step) });
    const t = '2025-03-10T08:00:00.000Z';
    old.prepare(`INSERT INTO subscriptions (platform, guild_id, channel_id, frequency, local_time, timezone, weekday, quiet, created_at, updated_at, schedule_from)
      VALUES ('discord', '100', '1', 'daily', '09:00', 'UTC', NULL, 0, ?, ?, ?)`).run(t, t, t);
    old.close();
    const db = openDatabase(path);
    expect(await new SqliteDigestStore(db).findByChannel('discord', '1')).toMatchObject({ channelId: '1', frequency: 'daily', language: 'en' });
    db.close();
  });

  it('GIVEN a migration that fails THEN nothing of it is applied and the error names the path, the step and the cause', () => {
    const path = join(tmp.dir, 'bot.db');
    openDatabase(path).close();
    const broken: Migration = {
      description: 'half-done change',
      up: (db) => {
        db.exec('CREATE TABLE half (x)');
        db.exec('THIS IS NOT SQL');
      },
    };
    expect(() => openDatabase(path, { migrations: [...MIGRATIONS, broken] })).toThrow(
      new RegExp(`Cannot migrate the database at ${path.replace(/[/.]/g, '\\$&')} from schema version ${MIGRATIONS.length} to ${MIGRATIONS.length + 1} \\(half-done change\\)`),
    );
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'`).pluck().get()).toBe(0);
    db.close();
  });

  it('GIVEN a database from a newer version of the bot THEN it refuses to touch it', () => {
    const path = join(tmp.dir, 'bot.db');
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openDatabase(path)).toThrow(/schema is version 99, newer than this version of the bot knows/);
  });

  it('GIVEN a file that is not a database THEN the error says so and names the path', () => {
    const path = join(tmp.dir, 'bot.db');
    writeFileSync(path, 'this is not sqlite, just text '.repeat(200));
    let err: unknown;
    try {
      openDatabase(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).message).toMatch(new RegExp(`^Cannot (open|migrate) the database at ${path.replace(/[/.]/g, '\\$&')}`));
    expect((err as DatabaseError).message).toMatch(/not an SQLite database \(SQLITE_NOTADB\)/);
  });

  it('GIVEN a path whose folder is a file THEN the error names the path and the cause', () => {
    writeFileSync(join(tmp.dir, 'var'), 'x');
    expect(() => openDatabase(join(tmp.dir, 'var', 'bot.db'))).toThrow(/Cannot open the database at .*var\/bot\.db: a file is in the way of the folder \((ENOTDIR|EEXIST)\)/);
  });

  it.skipIf(isRoot)('GIVEN a read-only folder THEN the error says read-only or cannot be created, with the path', () => {
    const ro = join(tmp.dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    expect(() => openDatabase(join(ro, 'bot.db'))).toThrow(/Cannot open the database at .*ro\/bot\.db: (the file cannot be opened or created|the file or its folder is read-only)/);
  });

  it.each([
    ['SQLITE_READONLY', /read-only \(SQLITE_READONLY\)/],
    ['SQLITE_READONLY_DBMOVED', /read-only/],
    ['SQLITE_BUSY', /locked by another process \(SQLITE_BUSY\); is another copy of the bot running\?/],
    ['SQLITE_CANTOPEN', /cannot be opened or created/],
    ['SQLITE_CORRUPT', /corrupt .*restore it from a backup/],
    ['EACCES', /permission denied/],
  ])('GIVEN error code %s THEN the cause is explained', (code, msg) => {
    expect(describeCause(Object.assign(new Error('x'), { code }))).toMatch(msg);
  });

  it('GIVEN another connection holding the write lock past the busy timeout THEN the error says it is locked', () => {
    const path = join(tmp.dir, 'bot.db');
    openDatabase(path).close();
    const holder = new Database(path);
    holder.exec('BEGIN EXCLUSIVE');
    const extra: Migration = { description: 'needs the lock', up: (db) => db.exec('CREATE TABLE t (x)') };
    expect(() => openDatabase(path, { busyTimeoutMs: 100, migrations: [...MIGRATIONS, extra] })).toThrow(/locked by another process \(SQLITE_BUSY\)|SQLITE_BUSY/);
    holder.exec('ROLLBACK');
    holder.close();
  });
});
