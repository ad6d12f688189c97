/**
 * The digest state in Postgres, shared by several processes. Every write that must be atomic is one
 * statement or one transaction: a claim is INSERT … ON CONFLICT DO NOTHING on (subscription_id,
 * occurrence); an alert's claim first locks its subscription row, so two processes cannot both claim
 * the same event; expired leases are taken over with FOR UPDATE SKIP LOCKED, so two processes never
 * take the same claim. Instants are the caller's clock (ISO text), as in the SQLite engine.
 */
import { inTransaction, type PgClient, type PgPool } from '../db/postgres.js';
import type { DigestPlatform, FailureKind } from './sink.js';
import {
  claimParams,
  date,
  iso,
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

type Q = PgPool | PgClient;

export class PostgresDigestStore implements DigestStore {
  readonly engine = 'postgres' as const;
  readonly owner: string;
  readonly leaseMs: number;

  /** Lease renewal and takeover run on their own connections, so they never queue behind a sweep's queries and a live process keeps its leases. */
  readonly #leasePool: PgPool;
  readonly #ownsPool: boolean;

  constructor(
    readonly pool: PgPool,
    opts: StoreOptions & { ownsPool?: boolean; leasePool?: PgPool } = {},
  ) {
    this.owner = opts.owner ?? ownerName();
    this.leaseMs = opts.leaseMs ?? LEASE_MS;
    this.#ownsPool = opts.ownsPool ?? false;
    this.#leasePool = opts.leasePool ?? pool;
  }

  // --- subscriptions -------------------------------------------------------------------------

  async upsertSubscription(input: SubscriptionInput, now: Date, currentEventIds: readonly string[]) {
    const p = subscriptionParams(input);
    const t = iso(now);
    return inTransaction(this.pool, async (c) => {
      // One statement decides create or replace, even when two processes subscribe the channel at once.
      const res = await c.query(
        `INSERT INTO subscriptions (platform, guild_id, channel_id, frequency, local_time, timezone, weekday, quiet, created_by, created_at, updated_at, schedule_from, language)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $10, $11)
         ON CONFLICT (platform, channel_id) DO UPDATE SET guild_id = EXCLUDED.guild_id, frequency = EXCLUDED.frequency,
           local_time = EXCLUDED.local_time, timezone = EXCLUDED.timezone, weekday = EXCLUDED.weekday, quiet = EXCLUDED.quiet,
           language = EXCLUDED.language, updated_at = EXCLUDED.updated_at, schedule_from = EXCLUDED.schedule_from,
           consecutive_failures = 0, paused_at = NULL, last_error_kind = NULL, last_error = NULL
         RETURNING *, (xmax = 0) AS inserted`,
        [input.platform, p.guild, input.channelId, p.frequency, p.time, p.timezone, p.weekday, p.quiet, input.createdBy ?? null, t, p.language],
      );
      const row = res.rows[0] as SubscriptionRow & { inserted: boolean };
      if (row.inserted) await markSeen(c, row.id, currentEventIds, t);
      return { subscription: toSubscription(row), created: row.inserted };
    });
  }

  async getSubscription(id: number) {
    return one(await this.pool.query('SELECT * FROM subscriptions WHERE id = $1', [id]), toSubscription);
  }

  async findByChannel(platform: DigestPlatform, channelId: string) {
    return one(await this.pool.query('SELECT * FROM subscriptions WHERE platform = $1 AND channel_id = $2', [platform, channelId]), toSubscription);
  }

  async listByGuild(platform: DigestPlatform, guildId: string | undefined) {
    const res =
      guildId === undefined
        ? await this.pool.query('SELECT * FROM subscriptions WHERE platform = $1 AND guild_id IS NULL ORDER BY id', [platform])
        : await this.pool.query('SELECT * FROM subscriptions WHERE platform = $1 AND guild_id = $2 ORDER BY id', [platform, guildId]);
    return (res.rows as SubscriptionRow[]).map(toSubscription);
  }

  async listAll() {
    return ((await this.pool.query('SELECT * FROM subscriptions ORDER BY id')).rows as SubscriptionRow[]).map(toSubscription);
  }

  async deleteSubscription(platform: DigestPlatform, channelId: string) {
    return one(await this.pool.query('DELETE FROM subscriptions WHERE platform = $1 AND channel_id = $2 RETURNING *', [platform, channelId]), toSubscription);
  }

  // --- seen events ---------------------------------------------------------------------------

  async seenIds(subscriptionId: number) {
    const res = await this.pool.query('SELECT event_id FROM seen_events WHERE subscription_id = $1', [subscriptionId]);
    return new Set((res.rows as { event_id: string }[]).map((r) => r.event_id));
  }

  async markSeen(subscriptionId: number, eventIds: readonly string[], now: Date) {
    await markSeen(this.pool, subscriptionId, eventIds, iso(now));
  }

  // --- deliveries ----------------------------------------------------------------------------

  async claim(sub: Subscription, input: ClaimInput, now: Date) {
    const v = claimParams(sub, input, now, this.owner, this.leaseMs);
    const insert = async (c: Q) =>
      one(
        await c.query(
          `INSERT INTO deliveries (subscription_id, occurrence, kind, scheduled_for, status, nonce, event_ids, context_ids,
             first, attempts, posting_at, error, lease_owner, lease_until, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
           ON CONFLICT (subscription_id, occurrence) DO NOTHING
           RETURNING *`,
          [v.sub, v.occurrence, v.kind, v.scheduledFor, v.status, v.nonce, v.eventIds, v.contextIds, v.first, v.attempts, v.postingAt, v.error, v.leaseOwner, v.leaseUntil, v.t],
        ),
        toDelivery,
      );
    const alert = input.kind === 'alert' && input.status === 'pending' && (input.eventIds?.length ?? 0) > 0;
    const records = input.status !== 'pending' && input.kind !== 'test';
    if (!alert && !records) return insert(this.pool); // a pending digest claim: one statement
    return inTransaction(this.pool, async (c) => {
      if (alert) {
        // Claims of one subscription's alerts queue here, so the check below sees every earlier one.
        await c.query('SELECT 1 FROM subscriptions WHERE id = $1 FOR UPDATE', [sub.id]);
        if (await alreadyTaken(c, sub.id, input.eventIds!)) return undefined;
      }
      const row = await insert(c);
      if (row && records) await setLast(c, sub.id, input.scheduledFor, input.status, undefined, input.error, now);
      return row;
    });
  }

  async getDelivery(id: number) {
    return one(await this.pool.query('SELECT * FROM deliveries WHERE id = $1', [id]), toDelivery);
  }

  async findDelivery(subscriptionId: number, occurrence: string) {
    return one(await this.pool.query('SELECT * FROM deliveries WHERE subscription_id = $1 AND occurrence = $2', [subscriptionId, occurrence]), toDelivery);
  }

  async deliveries(subscriptionId: number) {
    return ((await this.pool.query('SELECT * FROM deliveries WHERE subscription_id = $1 ORDER BY id', [subscriptionId])).rows as DeliveryRow[]).map(toDelivery);
  }

  async pendingDeliveries() {
    return ((await this.pool.query(`SELECT * FROM deliveries WHERE status = 'pending' ORDER BY id`)).rows as DeliveryRow[]).map(toDelivery);
  }

  async lastScheduledOccurrence(subscriptionId: number) {
    const res = await this.pool.query(`SELECT MAX(scheduled_for) AS last FROM deliveries WHERE subscription_id = $1 AND kind IN ('scheduled', 'catch-up')`, [subscriptionId]);
    return date((res.rows[0] as { last: string | null }).last);
  }

  async lastScheduledOccurrences() {
    const res = await this.pool.query(`SELECT subscription_id AS id, MAX(scheduled_for) AS last FROM deliveries WHERE kind IN ('scheduled', 'catch-up') GROUP BY subscription_id`);
    return new Map((res.rows as { id: number; last: string }[]).map((r) => [r.id, new Date(r.last)]));
  }

  async hasDelivered(subscriptionId: number) {
    const res = await this.pool.query(`SELECT 1 FROM deliveries WHERE subscription_id = $1 AND kind != 'test' AND status = 'sent' LIMIT 1`, [subscriptionId]);
    return res.rows.length > 0;
  }

  async pendingEventIds(subscriptionId: number) {
    return pendingEventIds(this.pool, subscriptionId);
  }

  async startAttempt(deliveryId: number, now: Date) {
    await this.pool.query(
      `UPDATE deliveries SET attempts = attempts + 1, posting_at = $1, updated_at = $1, lease_owner = $2, lease_until = $3 WHERE id = $4 AND status = 'pending'`,
      [iso(now), this.owner, iso(new Date(now.getTime() + this.leaseMs)), deliveryId],
    );
  }

  async markSent(delivery: Delivery, messageId: string | undefined, now: Date) {
    const t = iso(now);
    await inTransaction(this.pool, async (c) => {
      const res = await c.query(
        `UPDATE deliveries SET status = 'sent', message_id = $1, error_kind = NULL, error = NULL, updated_at = $2 WHERE id = $3 AND status IN ('pending', 'unconfirmed')`,
        [messageId ?? null, t, delivery.id],
      );
      if (!res.rowCount) return; // unsubscribed meanwhile (rows cascade-deleted), or already recorded
      const test = delivery.kind === 'test';
      if (!test) await markSeen(c, delivery.subscriptionId, delivery.eventIds, t);
      await c.query(
        `UPDATE subscriptions SET consecutive_failures = 0, last_error_kind = NULL, last_error = NULL,
           paused_at = CASE WHEN $1::boolean THEN NULL ELSE paused_at END,
           schedule_from = CASE WHEN $1::boolean AND paused_at IS NOT NULL THEN $2 ELSE schedule_from END
         WHERE id = $3`,
        [test, t, delivery.subscriptionId],
      );
      await setLast(c, delivery.subscriptionId, test ? now : delivery.scheduledFor, test ? 'test-sent' : 'sent', undefined, undefined, now);
    });
  }

  async markFailed(delivery: Delivery, kind: FailureKind, error: string, now: Date, status: 'failed' | 'unconfirmed' = 'failed') {
    return inTransaction(this.pool, async (c) => {
      const res = await c.query(
        `UPDATE deliveries SET status = $1, error_kind = $2, error = $3, updated_at = $4 WHERE id = $5 AND status = 'pending' AND (lease_owner IS NULL OR lease_owner = $6)`,
        [status, kind, error, iso(now), delivery.id, this.owner],
      );
      if (res.rowCount) {
        await c.query(
          `UPDATE subscriptions SET consecutive_failures = consecutive_failures + 1, last_error_kind = $1, last_error = $2,
             paused_at = CASE WHEN paused_at IS NULL AND consecutive_failures + 1 >= $3 THEN $4 ELSE paused_at END
           WHERE id = $5`,
          [kind, error, MAX_CONSECUTIVE_FAILURES, iso(now), delivery.subscriptionId],
        );
        const test = delivery.kind === 'test';
        await setLast(c, delivery.subscriptionId, test ? now : delivery.scheduledFor, test ? 'test-failed' : status, kind, error, now);
      }
      return one(await c.query('SELECT * FROM subscriptions WHERE id = $1', [delivery.subscriptionId]), toSubscription);
    });
  }

  async settle(delivery: Delivery, status: 'empty' | 'skipped' | 'unconfirmed', note: string, now: Date) {
    await inTransaction(this.pool, async (c) => {
      const res = await c.query(
        `UPDATE deliveries SET status = $1, error = $2, updated_at = $3 WHERE id = $4 AND status = 'pending' AND (lease_owner IS NULL OR lease_owner = $5)`,
        [status, note, iso(now), delivery.id, this.owner],
      );
      if (res.rowCount && delivery.kind !== 'test') await setLast(c, delivery.subscriptionId, delivery.scheduledFor, status, undefined, undefined, now);
    });
  }

  // --- leases --------------------------------------------------------------------------------

  async renewLeases(deliveryIds: readonly number[], now: Date) {
    if (!deliveryIds.length) return 0;
    const res = await this.#leasePool.query(`UPDATE deliveries SET lease_until = $1 WHERE id = ANY($2::int[]) AND status = 'pending' AND lease_owner = $3`, [
      iso(new Date(now.getTime() + this.leaseMs)),
      deliveryIds,
      this.owner,
    ]);
    return res.rowCount ?? 0;
  }

  async takeOverExpired(now: Date, limit: number) {
    const res = await this.#leasePool.query(
      `UPDATE deliveries d SET lease_owner = $1, lease_until = $2, updated_at = $3
       FROM (SELECT id FROM deliveries WHERE status = 'pending' AND (lease_until IS NULL OR lease_until < $3)
             ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED) expired
       WHERE d.id = expired.id
       RETURNING d.*`,
      [this.owner, iso(new Date(now.getTime() + this.leaseMs)), iso(now), limit],
    );
    return (res.rows as DeliveryRow[]).map(toDelivery).sort((a, b) => a.id - b.id);
  }

  async close() {
    if (!this.#ownsPool) return;
    if (!this.pool.ended) await this.pool.end();
    if (this.#leasePool !== this.pool && !this.#leasePool.ended) await this.#leasePool.end();
  }
}

function one<R, T>(res: { rows: unknown[] }, map: (r: R) => T): T | undefined {
  return res.rows.length ? map(res.rows[0] as R) : undefined;
}

async function markSeen(c: Q, subscriptionId: number, eventIds: readonly string[], t: string): Promise<void> {
  if (!eventIds.length) return;
  await c.query(
    `INSERT INTO seen_events (subscription_id, event_id, seen_at) SELECT $1, e, $3 FROM unnest($2::text[]) AS e ON CONFLICT DO NOTHING`,
    [subscriptionId, [...eventIds], t],
  );
}

async function pendingEventIds(c: Q, subscriptionId: number): Promise<Set<string>> {
  const res = await c.query(`SELECT event_ids FROM deliveries WHERE subscription_id = $1 AND status = 'pending'`, [subscriptionId]);
  return new Set((res.rows as { event_ids: string }[]).flatMap((r) => JSON.parse(r.event_ids) as string[]));
}

/** Is any of these events already seen by the subscription or held by one of its pending deliveries? */
async function alreadyTaken(c: PgClient, subscriptionId: number, eventIds: readonly string[]): Promise<boolean> {
  const seen = await c.query('SELECT 1 FROM seen_events WHERE subscription_id = $1 AND event_id = ANY($2::text[]) LIMIT 1', [subscriptionId, [...eventIds]]);
  if (seen.rows.length) return true;
  const held = await pendingEventIds(c, subscriptionId);
  return eventIds.some((id) => held.has(id));
}

async function setLast(c: Q, subscriptionId: number, at: Date, status: string, kind: FailureKind | undefined, error: string | undefined, now: Date): Promise<void> {
  await c.query(
    `UPDATE subscriptions SET last_run_at = $1, last_status = $2, updated_at = $3,
       last_error_kind = COALESCE($4::text, last_error_kind), last_error = COALESCE($5::text, last_error)
     WHERE id = $6`,
    [iso(at), status, iso(now), kind ?? null, error ?? null, subscriptionId],
  );
}
