/**
 * The HTTP interaction replay guard kept in the database, so every replica behind a load balancer
 * refuses an interaction id any of them has already answered. One upsert decides: a new id (or one
 * older than the window) is recorded and let through; an id seen within the window is a replay.
 * The same statement runs on SQLite and Postgres.
 */
import type { Db } from './database.js';
import type { PgPool } from './postgres.js';

import type { ReplayCheck } from './replay.js';
export type { ReplayCheck } from './replay.js';

const UPSERT = `INSERT INTO replay_guard (scope, id, seen_at) VALUES ($1, $2, $3)
  ON CONFLICT (scope, id) DO UPDATE SET seen_at = excluded.seen_at WHERE replay_guard.seen_at < $4
  RETURNING seen_at`;
const PRUNE = 'DELETE FROM replay_guard WHERE seen_at < $1';
/** Forget old ids about once a minute. */
const PRUNE_EVERY_MS = 60_000;

export class DatabaseReplayGuard implements ReplayCheck {
  #lastPrune = 0;

  constructor(
    private readonly db: { engine: 'sqlite'; db: Db } | { engine: 'postgres'; pool: PgPool },
    readonly scope: string,
    readonly windowMs: number,
    /** Asked instead while the database cannot be reached (one replica's memory beats refusing every command). */
    private readonly fallback?: ReplayCheck,
    private readonly onFallback?: (err: unknown) => void,
  ) {}

  async check(id: string, nowMs: number): Promise<boolean> {
    if (!this.fallback) return this.#check(id, nowMs);
    try {
      return await this.#check(id, nowMs);
    } catch (err) {
      this.onFallback?.(err);
      return this.fallback.check(id, nowMs);
    }
  }

  async #check(id: string, nowMs: number): Promise<boolean> {
    const old = nowMs - this.windowMs;
    if (nowMs - this.#lastPrune > PRUNE_EVERY_MS) {
      this.#lastPrune = nowMs;
      await this.#run(PRUNE, [old]).catch(() => undefined);
    }
    const rows = await this.#run(UPSERT, [this.scope, id, nowMs, old]);
    return rows === 0;
  }

  /** Run a statement with $n parameters; returns the number of rows it returned. */
  async #run(sql: string, params: (string | number)[]): Promise<number> {
    if (this.db.engine === 'postgres') return (await this.db.pool.query(sql, params)).rows.length;
    // SQLite: the same statement with positional ? parameters, in the order the $n appear.
    const order = [...sql.matchAll(/\$(\d+)/g)].map((m) => params[Number(m[1]) - 1]);
    const stmt = this.db.db.prepare(sql.replace(/\$\d+/g, '?'));
    return stmt.reader ? stmt.all(...order).length : (stmt.run(...order), 0);
  }
}
