/**
 * Signed requests already seen, so a captured one cannot be replayed: one small table and one method that any
 * database engine can implement (a new key is recorded and let through; a key seen within the window is a replay).
 * Kept in the database, not in memory, so the guard holds across processes and restarts.
 */
import type { Db } from './database.js';

/** What an HTTP route asks: record `key`, and was it already seen within the window? */
export interface ReplayCheck {
  check(key: string, nowMs: number): boolean | Promise<boolean>;
}

/** In this process only (tests, and the fallback while the database cannot be written). */
export function memoryReplayCheck(windowMs: number, maxEntries = 100_000): ReplayCheck {
  const seen = new Map<string, number>();
  return {
    check(key, nowMs) {
      for (const [old, at] of seen) {
        if (nowMs - at <= windowMs && seen.size < maxEntries) break;
        seen.delete(old);
      }
      if (seen.has(key)) return true;
      seen.set(key, nowMs);
      return false;
    },
  };
}

/** SQLite: `INSERT OR IGNORE` on the primary key decides; keys older than the window are pruned about once a minute. */
export function sqliteReplayCheck(db: Db, windowMs: number): ReplayCheck {
  db.exec(`CREATE TABLE IF NOT EXISTS seen_requests (
    key     TEXT    PRIMARY KEY,  -- e.g. slack:<timestamp>:<signature>
    seen_at INTEGER NOT NULL      -- ms since the epoch
  ) WITHOUT ROWID`);
  let prunedAt = 0;
  return {
    check(key, nowMs) {
      if (nowMs - prunedAt > 60_000) {
        db.prepare('DELETE FROM seen_requests WHERE seen_at < ?').run(nowMs - windowMs);
        prunedAt = nowMs;
      }
      return db.prepare('INSERT OR IGNORE INTO seen_requests (key, seen_at) VALUES (?, ?)').run(key, nowMs).changes === 0;
    },
  };
}
