/**
 * Signed requests already seen, so a captured one cannot be replayed: one small table with a single method, which
 * any database engine can implement. Kept in the database (not in memory) so the guard holds across processes and
 * restarts. Entries older than the signature window can never match a fresh request and are pruned.
 */
import type { Db } from './database.js';

export interface ReplayStore {
  /** Record `key` seen at `nowMs`; false when it was already recorded (a replay). Entries older than `keepMs` are dropped. */
  claim(key: string, nowMs: number, keepMs: number): boolean;
}

/** For tests and Socket-less setups without a database: the same rule, in this process only. */
export function memoryReplayStore(maxEntries = 100_000): ReplayStore {
  const seen = new Map<string, number>();
  return {
    claim(key, nowMs, keepMs) {
      for (const [old, at] of seen) {
        if (nowMs - at <= keepMs && seen.size < maxEntries) break;
        seen.delete(old);
      }
      if (seen.has(key)) return false;
      seen.set(key, nowMs);
      return true;
    },
  };
}

/** SQLite: `INSERT OR IGNORE` on a primary key is the claim; pruning runs at most once a minute. */
export function sqliteReplayStore(db: Db): ReplayStore {
  db.exec(`CREATE TABLE IF NOT EXISTS seen_requests (
    key     TEXT    PRIMARY KEY,  -- e.g. slack:<timestamp>:<signature>
    seen_at INTEGER NOT NULL      -- ms since the epoch
  ) WITHOUT ROWID`);
  let prunedAt = 0;
  return {
    claim(key, nowMs, keepMs) {
      if (nowMs - prunedAt > 60_000) {
        db.prepare('DELETE FROM seen_requests WHERE seen_at < ?').run(nowMs - keepMs);
        prunedAt = nowMs;
      }
      return db.prepare('INSERT OR IGNORE INTO seen_requests (key, seen_at) VALUES (?, ?)').run(key, nowMs).changes === 1;
    },
  };
}
