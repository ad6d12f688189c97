/**
 * The digest state in SQLite (better-sqlite3), the embedded default for one process. Statements run
 * synchronously inside each method, so a claim cannot interleave with another claim in this process;
 * the UNIQUE (subscription_id, occurrence) key and SQLite's write lock make it exclusive across
 * processes on the same file too. The methods are async only to share the DigestStore interface.
 */
import type { Db } from '../db/database.js';
import type { DigestPlatform, FailureKind } from './sink.js';
import {
  claimParams,
  iso,
  date,
  LEASE_MS,
  MAX_CONSECUTIVE_FAILURES,
  ownerName,
  subscriptionParams,
  toDelivery,
  toSubscription,
  type ClaimInput,
  type Delivery,
  type DeliveryRow,
  type DigestStore,
  type StoreOptions,
  type Subscription,
  type SubscriptionInput,
  type SubscriptionRow,
} from './store.js';

export class SqliteDigestStore implements DigestStore {
  readonly engine = 'sqlite' as const;
  readonly owner: string;
  readonly leaseMs: number;

  constructor(
    readonly db: Db,
    opts: StoreOptions = {},
  ) {
    this.owner = opts.owner ?? ownerName();
    this.leaseMs = opts.leaseMs ?? LEASE_MS;
  }

  // --- subscriptions -------------------------------------------------------------------------

  async upsertSubscription(input: SubscriptionInput, now: Date, currentEventIds: readonly string[]) {
    return this.db
      .transaction(() => {
        const existing = this.#findByChannel(input.platform, input.channelId);
        const t = iso(now);
        if (existing) {
          this.db
            .prepare(
              `UPDATE subscriptions SET guild_id = @guild, frequency = @frequency, local_time = @time, timezone = @timezone,
                 weekday = @weekday, quiet = @quiet, language = @language, updated_at = @t, schedule_from = @t,
                 consecutive_failures = 0, paused_at = NULL, last_error_kind = NULL, last_error = NULL
               WHERE id = @id`,
            )
            .run({ ...subscriptionParams(input), t, id: existing.id });
          return { subscription: this.#get(existing.id)!, created: false };
        }
        const res = this.db
          .prepare(
            `INSERT INTO subscriptions (platform, guild_id, channel_id, frequency, local_time, timezone, weekday, quiet, language,
               created_by, created_at, updated_at, schedule_from)
             VALUES (@platform, @guild, @channel, @frequency, @time, @timezone, @weekday, @quiet, @language, @createdBy, @t, @t, @t)`,
          )
          .run({ ...subscriptionParams(input), platform: input.platform, channel: input.channelId, createdBy: input.createdBy ?? null, t });
        const id = Number(res.lastInsertRowid);
        this.#markSeen(id, currentEventIds, now);
        return { subscription: this.#get(id)!, created: true };
      })
      .immediate();
  }

  async getSubscription(id: number) {
    return this.#get(id);
  }

  #get(id: number): Subscription | undefined {
    const r = this.db.prepare('SELECT * FROM subscriptions WHERE id = ?').get(id) as SubscriptionRow | undefined;
    return r && toSubscription(r);
  }

  async findByChannel(platform: DigestPlatform, channelId: string) {
    return this.#findByChannel(platform, channelId);
  }

  #findByChannel(platform: DigestPlatform, channelId: string): Subscription | undefined {
    const r = this.db.prepare('SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?').get(platform, channelId) as SubscriptionRow | undefined;
    return r && toSubscription(r);
  }

  async listByGuild(platform: DigestPlatform, guildId: string | undefined) {
    const rows = (
      guildId === undefined
        ? this.db.prepare('SELECT * FROM subscriptions WHERE platform = ? AND guild_id IS NULL ORDER BY id').all(platform)
        : this.db.prepare('SELECT * FROM subscriptions WHERE platform = ? AND guild_id = ? ORDER BY id').all(platform, guildId)
    ) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  async listAll() {
    return (this.db.prepare('SELECT * FROM subscriptions ORDER BY id').all() as SubscriptionRow[]).map(toSubscription);
  }

  async deleteSubscription(platform: DigestPlatform, channelId: string) {
    const sub = this.#findByChannel(platform, channelId);
    if (sub) this.db.prepare('DELETE FROM subscriptions WHERE id = ?').run(sub.id);
    return sub;
  }

  // --- seen events ---------------------------------------------------------------------------

  async seenIds(subscriptionId: number) {
    return new Set(this.db.prepare('SELECT event_id FROM seen_events WHERE subscription_id = ?').pluck().all(subscriptionId) as string[]);
  }

  async markSeen(subscriptionId: number, eventIds: readonly string[], now: Date) {
    this.#markSeen(subscriptionId, eventIds, now);
  }

  #markSeen(subscriptionId: number, eventIds: readonly string[], now: Date): void {
    const stmt = this.db.prepare('INSERT OR IGNORE INTO seen_events (subscription_id, event_id, seen_at) VALUES (?, ?, ?)');
    const t = iso(now);
    this.db.transaction(() => {
      for (const id of eventIds) stmt.run(subscriptionId, id, t);
    })();
  }

  // --- deliveries ----------------------------------------------------------------------------

  async claim(sub: Subscription, input: ClaimInput, now: Date) {
    return this.db
      .transaction(() => {
        if (input.kind === 'alert' && input.status === 'pending' && this.#alreadyTaken(sub.id, input.eventIds ?? [])) return undefined;
        const res = this.db
          .prepare(
            `INSERT OR IGNORE INTO deliveries (subscription_id, occurrence, kind, scheduled_for, status, nonce, event_ids, context_ids,
               first, attempts, posting_at, error, lease_owner, lease_until, created_at, updated_at)
             VALUES (@sub, @occurrence, @kind, @scheduledFor, @status, @nonce, @eventIds, @contextIds, @first, @attempts, @postingAt, @error,
               @leaseOwner, @leaseUntil, @t, @t)`,
          )
          .run(claimParams(sub, input, now, this.owner, this.leaseMs));
        if (res.changes === 0) return undefined;
        const row = this.#delivery(Number(res.lastInsertRowid))!;
        if (input.status !== 'pending' && input.kind !== 'test') this.#setLast(sub.id, input.scheduledFor, input.status, undefined, input.error, now);
        return row;
      })
      .immediate();
  }

  /** Is any of these events already seen by the subscription or held by one of its pending deliveries? */
  #alreadyTaken(subscriptionId: number, eventIds: readonly string[]): boolean {
    if (!eventIds.length) return false;
    const seen = this.db.prepare('SELECT 1 FROM seen_events WHERE subscription_id = ? AND event_id = ?');
    if (eventIds.some((id) => seen.get(subscriptionId, id))) return true;
    const held = this.db.prepare(`SELECT event_ids FROM deliveries WHERE subscription_id = ? AND status = 'pending'`).pluck().all(subscriptionId) as string[];
    const ids = new Set(held.flatMap((r) => JSON.parse(r) as string[]));
    return eventIds.some((id) => ids.has(id));
  }

  async getDelivery(id: number) {
    return this.#delivery(id);
  }

  #delivery(id: number): Delivery | undefined {
    const r = this.db.prepare('SELECT * FROM deliveries WHERE id = ?').get(id) as DeliveryRow | undefined;
    return r && toDelivery(r);
  }

  async findDelivery(subscriptionId: number, occurrence: string) {
    const r = this.db.prepare('SELECT * FROM deliveries WHERE subscription_id = ? AND occurrence = ?').get(subscriptionId, occurrence) as DeliveryRow | undefined;
    return r && toDelivery(r);
  }

  async deliveries(subscriptionId: number) {
    return (this.db.prepare('SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY id').all(subscriptionId) as DeliveryRow[]).map(toDelivery);
  }

  async pendingDeliveries() {
    return (this.db.prepare(`SELECT * FROM deliveries WHERE status = 'pending' ORDER BY id`).all() as DeliveryRow[]).map(toDelivery);
  }

  async lastScheduledOccurrence(subscriptionId: number) {
    const v = this.db
      .prepare(`SELECT MAX(scheduled_for) FROM deliveries WHERE subscription_id = ? AND kind IN ('scheduled', 'catch-up')`)
      .pluck()
      .get(subscriptionId) as string | null;
    return date(v);
  }

  async lastScheduledOccurrences() {
    const rows = this.db
      .prepare(`SELECT subscription_id AS id, MAX(scheduled_for) AS last FROM deliveries WHERE kind IN ('scheduled', 'catch-up') GROUP BY subscription_id`)
      .all() as { id: number; last: string }[];
    return new Map(rows.map((r) => [r.id, new Date(r.last)]));
  }

  async hasDelivered(subscriptionId: number) {
    return !!this.db.prepare(`SELECT 1 FROM deliveries WHERE subscription_id = ? AND kind != 'test' AND status = 'sent' LIMIT 1`).get(subscriptionId);
  }

  async pendingEventIds(subscriptionId: number) {
    const rows = this.db.prepare(`SELECT event_ids FROM deliveries WHERE subscription_id = ? AND status = 'pending'`).pluck().all(subscriptionId) as string[];
    return new Set(rows.flatMap((r) => JSON.parse(r) as string[]));
  }

  async startAttempt(deliveryId: number, now: Date) {
    this.db
      .prepare(`UPDATE deliveries SET attempts = attempts + 1, posting_at = ?, updated_at = ?, lease_owner = ?, lease_until = ? WHERE id = ? AND status = 'pending'`)
      .run(iso(now), iso(now), this.owner, iso(new Date(now.getTime() + this.leaseMs)), deliveryId);
  }

  async markSent(delivery: Delivery, messageId: string | undefined, now: Date) {
    this.db
      .transaction(() => {
        const res = this.db
          .prepare(`UPDATE deliveries SET status = 'sent', message_id = ?, error_kind = NULL, error = NULL, updated_at = ? WHERE id = ? AND status IN ('pending', 'unconfirmed')`)
          .run(messageId ?? null, iso(now), delivery.id);
        if (res.changes === 0) return; // unsubscribed meanwhile (rows cascade-deleted), or already recorded
        const test = delivery.kind === 'test';
        if (!test) this.#markSeen(delivery.subscriptionId, delivery.eventIds, now);
        this.db
          .prepare(
            `UPDATE subscriptions SET consecutive_failures = 0, last_error_kind = NULL, last_error = NULL,
               paused_at = CASE WHEN @test = 1 THEN NULL ELSE paused_at END,
               schedule_from = CASE WHEN @test = 1 AND paused_at IS NOT NULL THEN @t ELSE schedule_from END
             WHERE id = @id`,
          )
          .run({ test: test ? 1 : 0, t: iso(now), id: delivery.subscriptionId });
        this.#setLast(delivery.subscriptionId, test ? now : delivery.scheduledFor, test ? 'test-sent' : 'sent', undefined, undefined, now);
      })
      .immediate();
  }

  async markFailed(delivery: Delivery, kind: FailureKind, error: string, now: Date, status: 'failed' | 'unconfirmed' = 'failed') {
    return this.db
      .transaction(() => {
        const res = this.db
          .prepare(`UPDATE deliveries SET status = ?, error_kind = ?, error = ?, updated_at = ? WHERE id = ? AND status = 'pending' AND (lease_owner IS NULL OR lease_owner = ?)`)
          .run(status, kind, error, iso(now), delivery.id, this.owner);
        if (res.changes === 0) return this.#get(delivery.subscriptionId);
        this.db
          .prepare(
            `UPDATE subscriptions SET consecutive_failures = consecutive_failures + 1, last_error_kind = @kind, last_error = @error,
               paused_at = CASE WHEN paused_at IS NULL AND consecutive_failures + 1 >= @max THEN @t ELSE paused_at END
             WHERE id = @id`,
          )
          .run({ kind, error, t: iso(now), max: MAX_CONSECUTIVE_FAILURES, id: delivery.subscriptionId });
        const test = delivery.kind === 'test';
        this.#setLast(delivery.subscriptionId, test ? now : delivery.scheduledFor, test ? 'test-failed' : status, kind, error, now);
        return this.#get(delivery.subscriptionId);
      })
      .immediate();
  }

  async settle(delivery: Delivery, status: 'empty' | 'skipped' | 'unconfirmed', note: string, now: Date) {
    this.db
      .transaction(() => {
        const res = this.db
          .prepare(`UPDATE deliveries SET status = ?, error = ?, updated_at = ? WHERE id = ? AND status = 'pending' AND (lease_owner IS NULL OR lease_owner = ?)`)
          .run(status, note, iso(now), delivery.id, this.owner);
        if (res.changes && delivery.kind !== 'test') this.#setLast(delivery.subscriptionId, delivery.scheduledFor, status, undefined, undefined, now);
      })
      .immediate();
  }

  // --- leases --------------------------------------------------------------------------------

  async renewLeases(deliveryIds: readonly number[], now: Date) {
    if (!deliveryIds.length) return 0;
    const stmt = this.db.prepare(`UPDATE deliveries SET lease_until = ? WHERE id = ? AND status = 'pending' AND lease_owner = ?`);
    const until = iso(new Date(now.getTime() + this.leaseMs));
    return this.db.transaction(() => deliveryIds.reduce((n, id) => n + stmt.run(until, id, this.owner).changes, 0)).immediate();
  }

  async takeOverExpired(now: Date, limit: number) {
    const rows = this.db
      .prepare(
        `UPDATE deliveries SET lease_owner = @owner, lease_until = @until, updated_at = @t
         WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND (lease_until IS NULL OR lease_until < @t) ORDER BY id LIMIT @limit)
         RETURNING *`,
      )
      .all({ owner: this.owner, until: iso(new Date(now.getTime() + this.leaseMs)), t: iso(now), limit }) as DeliveryRow[];
    return rows.map(toDelivery).sort((a, b) => a.id - b.id);
  }

  async close() {
    if (this.db.open) this.db.close();
  }

  #setLast(subscriptionId: number, at: Date, status: string, kind: FailureKind | undefined, error: string | undefined, now: Date): void {
    this.db
      .prepare(
        `UPDATE subscriptions SET last_run_at = @at, last_status = @status, updated_at = @t,
           last_error_kind = CASE WHEN @kind IS NULL THEN last_error_kind ELSE @kind END,
           last_error = CASE WHEN @error IS NULL THEN last_error ELSE @error END
         WHERE id = @id`,
      )
      .run({ at: iso(at), status, kind: kind ?? null, error: error ?? null, t: iso(now), id: subscriptionId });
  }
}
