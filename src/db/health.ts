/**
 * A database that tells the truth. better-sqlite3 keeps writing to a file deleted or replaced under it (an unlinked
 * inode: every write is lost at the next start) and `db.open` stays true when every write fails. This module keeps
 * the bot's connection behind a stable handle and checks it: the file at the path is still the one open (device and
 * inode), and a real write succeeds. `/healthz` reports a problem as 503 with the reason, commands that write refuse
 * politely (see dispatch.ts), the outage is logged at ERROR once, and when a good database is back at the path
 * (restored by the operator, e.g. from the rescue copy written when the file disappeared) it is reopened.
 */
import type { StorageStatus } from '../core/command.js';
import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { log } from '../logger.js';
import { describeCause, openDatabase, type Db } from './database.js';

/** The core's storage contract (src/core/command.ts), kept by the bot's watched connection. */
export type DatabaseStatus = StorageStatus;

export interface WatchedDatabase extends DatabaseStatus {
  /** The connection; it follows a reopen, so keep this handle rather than a connection of your own. */
  readonly db: Db;
  /** For `/healthz`: `{ ok, checks: { database: true | reason } }`, with a real write at most every probeEveryMs. */
  report(): { ok: boolean; checks: Record<string, boolean | string> };
  close(): void;
}

export interface WatchOptions {
  /** How often the file's identity is checked in the background (default 5 s; 0 = never). */
  intervalMs?: number;
  /** Default: openDatabase with exclusive locking. */
  open?: (path: string) => Db;
  /** `/healthz` writes at most this often (default 1 s): polling it cannot turn into a stream of fsyncs. */
  probeEveryMs?: number;
}

interface Identity {
  dev: number;
  ino: number;
}

function identityOf(path: string): Identity | undefined {
  try {
    const s = statSync(path);
    return { dev: s.dev, ino: s.ino };
  } catch {
    return undefined;
  }
}

/** A handle whose every property is read from the current connection, so a reopen is seen by every user. */
function followingHandle(current: () => Db): Db {
  return new Proxy({} as Db, {
    get(_target, key) {
      const conn = current() as unknown as Record<PropertyKey, unknown>;
      const value = conn[key];
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(conn) : value;
    },
    set(_target, key, value) {
      (current() as unknown as Record<PropertyKey, unknown>)[key] = value;
      return true;
    },
  });
}

export function openWatchedDatabase(path: string, opts: WatchOptions = {}): WatchedDatabase {
  const memory = path === ':memory:';
  const full = memory ? path : resolve(path);
  // Exclusive: no mapped -shm file for a fault to turn into a SIGBUS (see database.ts).
  const open = opts.open ?? ((p: string) => openDatabase(p, { exclusive: true }));
  let conn = open(full);
  let identity = memory ? undefined : identityOf(full);
  let writeError: string | undefined;
  let probedAt = 0;
  let reported: string | undefined; // the problem logged for the current outage

  const probe = (): void => {
    try {
      // One row rewritten: a real write that reaches the file (SQLite skips a pragma that changes nothing).
      conn.exec('CREATE TABLE IF NOT EXISTS health_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL)');
      conn.prepare('INSERT OR REPLACE INTO health_probe (id, at) VALUES (1, ?)').run(Date.now());
      writeError = undefined;
    } catch (err) {
      writeError = `writes fail: ${describeCause(err)}`;
    }
    probedAt = Date.now();
  };

  /** The file at the path is not the open one: reopen a good database there, else say what is wrong. */
  const identityProblem = (): string | undefined => {
    if (memory) return undefined;
    const now = identityOf(full);
    if (now && identity && now.dev === identity.dev && now.ino === identity.ino) return undefined;
    if (now && reopen()) return undefined;
    return now
      ? `the database file at ${full} was replaced by one that cannot be opened`
      : `the database file at ${full} was deleted while the bot was running; restore it (a rescue copy is named in the log) or restart to begin an empty one`;
  };

  const reopen = (): boolean => {
    let next: Db;
    try {
      next = open(full);
    } catch (err) {
      log.debug('database: the file at the path cannot be opened yet', { path: full, error: (err as Error).message });
      return false;
    }
    const old = conn;
    conn = next;
    identity = identityOf(full);
    writeError = undefined;
    try {
      old.close();
    } catch {
      /* the old file is gone; nothing to flush */
    }
    log.info('database: reopened the file now at the path', { path: full });
    return true;
  };

  /** Keep what the unlinked file holds, so that the operator can put it back. */
  const rescue = (): string | undefined => {
    const copy = `${full}.rescued-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      writeFileSync(copy, conn.serialize(), { flag: 'wx' });
      return copy;
    } catch (err) {
      log.warn('database: could not write a rescue copy', { path: copy, error: (err as Error).message });
      return undefined;
    }
  };

  const note = (problem: string | undefined): string | undefined => {
    if (problem && !reported) {
      const copy = identityOf(full) ? undefined : rescue();
      log.error('database unavailable: commands that write are refused until it is back', { reason: problem, ...(copy ? { rescueCopy: copy } : {}) });
    } else if (!problem && reported) {
      log.info('database available again', { path: full });
    }
    reported = problem;
    return problem;
  };

  const problem = (o: { probe?: boolean } = {}): string | undefined => {
    const gone = identityProblem();
    if (gone) return note(gone);
    if (o.probe || writeError) probe();
    return note(writeError);
  };

  const interval = opts.intervalMs ?? 5000;
  const timer = interval > 0 && !memory ? setInterval(() => problem({ probe: !!reported }), interval) : undefined;
  timer?.unref();

  return {
    db: followingHandle(() => conn),
    problem,
    report() {
      const reason = problem({ probe: Date.now() - probedAt >= (opts.probeEveryMs ?? 1000) });
      return { ok: !reason, checks: { database: reason ?? true } };
    },
    close() {
      if (timer) clearInterval(timer);
      conn.close();
    },
  };
}
