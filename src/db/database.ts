/**
 * The bot's SQLite database (better-sqlite3): digest subscriptions, what each channel has seen, and a
 * record of every digest occurrence. Opened once at start; WAL journal with synchronous=FULL, a busy
 * timeout (a second process or a backup may hold the lock briefly) and foreign keys on.
 *
 * The schema is versioned with `PRAGMA user_version`: MIGRATIONS[i] brings the schema from version i
 * to i + 1, each in its own transaction together with the version bump, so a crash mid-migration
 * leaves the previous version intact. Add a migration at the end; never edit a released one.
 *
 * Subscriptions are keyed by platform (`discord` | `slack`) and channel id, so every platform adapter
 * shares the same tables.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export type Db = Database.Database;

export interface Migration {
  description: string;
  up(db: Db): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    description: 'digest subscriptions, seen events and delivery records',
    up(db) {
      db.exec(`
        CREATE TABLE subscriptions (
          id                   INTEGER PRIMARY KEY,
          platform             TEXT    NOT NULL CHECK (platform IN ('discord', 'slack')),
          guild_id             TEXT,                 -- Discord server / Slack workspace
          channel_id           TEXT    NOT NULL,
          frequency            TEXT    NOT NULL CHECK (frequency IN ('daily', 'weekly', 'alerts')),
          local_time           TEXT    NOT NULL,     -- HH:MM on the channel's wall clock
          timezone             TEXT    NOT NULL,     -- IANA name
          weekday              INTEGER CHECK (weekday BETWEEN 0 AND 6),  -- weekly: 0 = Sunday
          quiet                INTEGER NOT NULL DEFAULT 0,  -- 1: post "no new developments"
          created_by           TEXT,
          created_at           TEXT    NOT NULL,     -- ISO instants (UTC) throughout
          updated_at           TEXT    NOT NULL,
          -- Occurrences strictly after this instant belong to the subscription (set on create,
          -- on a schedule change and when a paused subscription resumes: nothing is back-filled).
          schedule_from        TEXT    NOT NULL,
          consecutive_failures INTEGER NOT NULL DEFAULT 0,
          paused_at            TEXT,                 -- set after 3 consecutive failures
          last_run_at          TEXT,
          last_status          TEXT,                 -- sent | empty | failed | skipped | unconfirmed | test-sent | test-failed
          last_error_kind      TEXT,                 -- gone | forbidden | transient
          last_error           TEXT,
          UNIQUE (platform, channel_id)
        );
        CREATE INDEX subscriptions_by_guild ON subscriptions (platform, guild_id);

        -- Events already shown to a subscription's channel (or already in the log when it subscribed).
        CREATE TABLE seen_events (
          subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
          event_id        TEXT    NOT NULL,
          seen_at         TEXT    NOT NULL,
          PRIMARY KEY (subscription_id, event_id)
        ) WITHOUT ROWID;

        -- One row per occurrence, written (status 'pending') BEFORE anything is posted.
        -- occurrence: the scheduled instant (ISO) for daily/weekly; 'alert:<hash of event ids>' for
        -- alerts; 'test:<instant>' for send-now. UNIQUE makes each occurrence claimable exactly once.
        CREATE TABLE deliveries (
          id              INTEGER PRIMARY KEY,
          subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
          occurrence      TEXT    NOT NULL,
          kind            TEXT    NOT NULL CHECK (kind IN ('scheduled', 'catch-up', 'alert', 'test')),
          scheduled_for   TEXT    NOT NULL,
          status          TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'empty', 'failed', 'skipped', 'unconfirmed')),
          nonce           TEXT    NOT NULL,          -- deterministic, ≤ 25 chars; sent with every attempt
          event_ids       TEXT    NOT NULL DEFAULT '[]',  -- JSON: the new events this delivery shows
          context_ids     TEXT    NOT NULL DEFAULT '[]',  -- JSON: events shown as context (first digest)
          first           INTEGER NOT NULL DEFAULT 0,     -- 1: the subscription's first digest
          attempts        INTEGER NOT NULL DEFAULT 0,
          posting_at      TEXT,                      -- last time a post was started
          message_id      TEXT,
          error_kind      TEXT,
          error           TEXT,
          created_at      TEXT    NOT NULL,
          updated_at      TEXT    NOT NULL,
          UNIQUE (subscription_id, occurrence)
        );
        CREATE INDEX deliveries_pending ON deliveries (status) WHERE status = 'pending';
      `);
    },
  },
  {
    description: 'claim leases for several processes, and the HTTP interaction replay guard',
    up(db) {
      db.exec(`
        -- A pending delivery belongs to the process that claimed it until lease_until (ISO); it renews
        -- the lease while posting. An expired lease means the process died: another one takes over.
        ALTER TABLE deliveries ADD COLUMN lease_owner TEXT;
        ALTER TABLE deliveries ADD COLUMN lease_until TEXT;
        -- Interaction ids already answered (per scope, e.g. 'discord'), shared by HTTP replicas.
        CREATE TABLE replay_guard (
          scope   TEXT    NOT NULL,
          id      TEXT    NOT NULL,
          seen_at INTEGER NOT NULL,               -- epoch milliseconds
          PRIMARY KEY (scope, id)
        ) WITHOUT ROWID;
        CREATE INDEX replay_guard_by_age ON replay_guard (seen_at);
      `);
    },
  },
  {
    description: 'the language each digest subscription is posted in',
    up(db) {
      // 'en' or 'ja' (src/i18n/catalogue.ts LOCALES); existing subscriptions keep English.
      db.exec(`ALTER TABLE subscriptions ADD COLUMN language TEXT NOT NULL DEFAULT 'en';`);
    },
  },
];

/** The database could not be opened or migrated. The message names the path, the cause and what to do. */
export class DatabaseError extends Error {
  constructor(message: string, readonly path: string, readonly code?: string) {
    super(message);
  }
}

export interface OpenOptions {
  /** Milliseconds to wait for a lock held by another connection (default 5000). */
  busyTimeoutMs?: number;
  migrations?: readonly Migration[];
  /**
   * Hold the file for this process alone (`locking_mode=EXCLUSIVE`; the bot's own connection does, see health.ts). SQLite then keeps the WAL index
   * in memory instead of a mapped `-shm` file, which a fault on that file (made read-only, truncated) turns into a
   * SIGBUS that kills the process without a word (docs/security.md). Another process gets "locked" until this closes.
   */
  exclusive?: boolean;
}

/**
 * Open (creating folder and file when needed) and migrate the database at `path`.
 * `:memory:` gives a private in-memory database. Throws DatabaseError with a clear message.
 */
export function openDatabase(path: string, opts: OpenOptions = {}): Db {
  const memory = path === ':memory:';
  const full = memory ? path : resolve(path);
  const migrations = opts.migrations ?? MIGRATIONS;
  let db: Db | undefined;
  try {
    if (!memory) mkdirSync(dirname(full), { recursive: true });
    db = new Database(full);
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
    // (before the first WAL access, or the -shm file is created anyway)
    if (!memory && opts.exclusive) db.pragma('locking_mode = EXCLUSIVE');
    if (!memory) db.pragma('journal_mode = WAL');
    // FULL: a claim committed before a post survives a power cut too, not only a process crash
    // (NORMAL in WAL mode may lose the last commits on power loss). Digest writes are few and small.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, full);
    // SQLite opens a read-only file without complaint and fails only at the first write; find out now.
    if (!memory) db.pragma(`user_version = ${schemaVersion(db)}`);
    return db;
  } catch (err) {
    try {
      db?.close();
    } catch {
      /* already failing */
    }
    if (err instanceof DatabaseError) throw err;
    throw new DatabaseError(describeOpenError(err, full), full, (err as { code?: string }).code);
  }
}

/** The schema version stored in the file. */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db, migrations: readonly Migration[], path: string): void {
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new DatabaseError(
      `Cannot use the database at ${path}: its schema is version ${current}, newer than this version of the bot knows (${migrations.length}). ` +
        `Upgrade the bot, or point DATABASE_PATH at another file.`,
      path,
    );
  }
  for (let v = current; v < migrations.length; v++) {
    const m = migrations[v];
    try {
      db.transaction(() => {
        m.up(db);
        db.pragma(`user_version = ${v + 1}`);
      }).immediate();
    } catch (err) {
      throw new DatabaseError(
        `Cannot migrate the database at ${path} from schema version ${v} to ${v + 1} (${m.description}): ${describeCause(err)}. ` +
          `Nothing was changed by this step; fix the cause and start again.`,
        path,
        (err as { code?: string }).code,
      );
    }
  }
}

/** A SQLite / file-system error in words (read-only, locked, not a database…), with its code. */
export function describeCause(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  if (code.startsWith('SQLITE_READONLY')) return `the file or its folder is read-only (${code})`;
  if (code === 'SQLITE_IOERR_LOCK') return `the file cannot be locked for writing: is it read-only, or on a file system without locks? (${code})`;
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY')) return `it is locked by another process (${code}); is another copy of the bot running?`;
  if (code.startsWith('SQLITE_CANTOPEN')) return `the file cannot be opened or created (${code}); check that the folder exists and is writable`;
  if (code === 'SQLITE_NOTADB') return `the file is not an SQLite database (${code})`;
  if (code.startsWith('SQLITE_CORRUPT')) return `the file is corrupt (${code}); restore it from a backup`;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code}); the bot cannot create the folder`;
  if (code === 'ENOTDIR' || code === 'EEXIST') return `a file is in the way of the folder (${code})`;
  return `${e?.message ?? String(err)}${code ? ` (${code})` : ''}`;
}

function describeOpenError(err: unknown, path: string): string {
  return `Cannot open the database at ${path}: ${describeCause(err)}. Set DATABASE_PATH to a writable file (default ./var/nissan-honda.db).`;
}
