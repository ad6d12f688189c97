/**
 * Digest state in SQLite: subscriptions, the events each channel has already seen, and one delivery
 * record per occurrence. Every method is synchronous (better-sqlite3), so a claim — the INSERT that
 * makes an occurrence ours — cannot interleave with another claim in this process, and the UNIQUE
 * (subscription_id, occurrence) key makes it exclusive across processes too.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Frequency, Schedule, Weekday } from './schedule.js';
import type { DigestPlatform, FailureKind } from './sink.js';

/** After this many consecutive failed deliveries a subscription pauses. */
export const MAX_CONSECUTIVE_FAILURES = 3;

export interface Subscription {
  id: number;
  platform: DigestPlatform;
  guildId?: string;
  channelId: string;
  frequency: Frequency;
  time: string;
  timezone: string;
  weekday?: Weekday;
  quiet: boolean;
  createdBy?: string;
  createdAt: Date;
  updatedAt: Date;
  scheduleFrom: Date;
  consecutiveFailures: number;
  pausedAt?: Date;
  lastRunAt?: Date;
  lastStatus?: string;
  lastErrorKind?: FailureKind;
  lastError?: string;
}

export type DeliveryKind = 'scheduled' | 'catch-up' | 'alert' | 'test';
export type DeliveryStatus = 'pending' | 'sent' | 'empty' | 'failed' | 'skipped' | 'unconfirmed';

export interface Delivery {
  id: number;
  subscriptionId: number;
  occurrence: string;
  kind: DeliveryKind;
  scheduledFor: Date;
  status: DeliveryStatus;
  nonce: string;
  eventIds: string[];
  contextIds: string[];
  first: boolean;
  attempts: number;
  postingAt?: Date;
  messageId?: string;
  errorKind?: FailureKind;
  error?: string;
  createdAt: Date;
  updatedAt: Date;
}

export type SubscriptionInput = Pick<Subscription, 'platform' | 'guildId' | 'channelId' | 'frequency' | 'time' | 'timezone' | 'weekday' | 'quiet' | 'createdBy'>;

export interface ClaimInput {
  occurrence: string;
  kind: DeliveryKind;
  scheduledFor: Date;
  status: 'pending' | 'empty' | 'skipped';
  eventIds?: string[];
  contextIds?: string[];
  first?: boolean;
  error?: string;
}

interface SubscriptionRow {
  id: number;
  platform: DigestPlatform;
  guild_id: string | null;
  channel_id: string;
  frequency: Frequency;
  local_time: string;
  timezone: string;
  weekday: number | null;
  quiet: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  schedule_from: string;
  consecutive_failures: number;
  paused_at: string | null;
  last_run_at: string | null;
  last_status: string | null;
  last_error_kind: FailureKind | null;
  last_error: string | null;
}

interface DeliveryRow {
  id: number;
  subscription_id: number;
  occurrence: string;
  kind: DeliveryKind;
  scheduled_for: string;
  status: DeliveryStatus;
  nonce: string;
  event_ids: string;
  context_ids: string;
  first: number;
  attempts: number;
  posting_at: string | null;
  message_id: string | null;
  error_kind: FailureKind | null;
  error: string | null;
  created_at: string;
  updated_at: string;
}

const iso = (d: Date) => d.toISOString();
const date = (s: string | null) => (s ? new Date(s) : undefined);

function toSubscription(r: SubscriptionRow): Subscription {
  return {
    id: r.id,
    platform: r.platform,
    guildId: r.guild_id ?? undefined,
    channelId: r.channel_id,
    frequency: r.frequency,
    time: r.local_time,
    timezone: r.timezone,
    weekday: r.weekday === null ? undefined : (r.weekday as Weekday),
    quiet: r.quiet === 1,
    createdBy: r.created_by ?? undefined,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    scheduleFrom: new Date(r.schedule_from),
    consecutiveFailures: r.consecutive_failures,
    pausedAt: date(r.paused_at),
    lastRunAt: date(r.last_run_at),
    lastStatus: r.last_status ?? undefined,
    lastErrorKind: r.last_error_kind ?? undefined,
    lastError: r.last_error ?? undefined,
  };
}

function toDelivery(r: DeliveryRow): Delivery {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    occurrence: r.occurrence,
    kind: r.kind,
    scheduledFor: new Date(r.scheduled_for),
    status: r.status,
    nonce: r.nonce,
    eventIds: JSON.parse(r.event_ids) as string[],
    contextIds: JSON.parse(r.context_ids) as string[],
    first: r.first === 1,
    attempts: r.attempts,
    postingAt: date(r.posting_at),
    messageId: r.message_id ?? undefined,
    errorKind: r.error_kind ?? undefined,
    error: r.error ?? undefined,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/** The schedule part of a daily/weekly subscription (undefined for alerts). */
export function scheduleOf(sub: Subscription): Schedule | undefined {
  if (sub.frequency === 'alerts') return undefined;
  return { frequency: sub.frequency, time: sub.time, timezone: sub.timezone, weekday: sub.weekday };
}

/**
 * The nonce sent with every attempt at one occurrence: derived from the subscription (id, channel and
 * creation instant, so a later subscription never reuses one) and the occurrence key. 25 characters
 * of base64url, Discord's maximum.
 */
export function nonceFor(sub: Pick<Subscription, 'id' | 'platform' | 'channelId' | 'createdAt'>, occurrence: string): string {
  return createHash('sha256')
    .update(`${sub.platform}|${sub.channelId}|${sub.id}|${iso(sub.createdAt)}|${occurrence}`)
    .digest('base64url')
    .slice(0, 25);
}

export class DigestStore {
  constructor(readonly db: Db) {}

  // --- subscriptions -------------------------------------------------------------------------

  /**
   * Create or replace a channel's subscription. A new one starts from the log as it is: every current
   * event id is recorded as seen. A replaced one keeps its seen set and history, and is un-paused.
   */
  upsertSubscription(input: SubscriptionInput, now: Date, currentEventIds: readonly string[]): { subscription: Subscription; created: boolean } {
    return this.db
      .transaction(() => {
        const existing = this.findByChannel(input.platform, input.channelId);
        const t = iso(now);
        if (existing) {
          this.db
            .prepare(
              `UPDATE subscriptions SET guild_id = @guild, frequency = @frequency, local_time = @time, timezone = @timezone,
                 weekday = @weekday, quiet = @quiet, updated_at = @t, schedule_from = @t,
                 consecutive_failures = 0, paused_at = NULL, last_error_kind = NULL, last_error = NULL
               WHERE id = @id`,
            )
            .run({ ...params(input), t, id: existing.id });
          return { subscription: this.getSubscription(existing.id)!, created: false };
        }
        const res = this.db
          .prepare(
            `INSERT INTO subscriptions (platform, guild_id, channel_id, frequency, local_time, timezone, weekday, quiet,
               created_by, created_at, updated_at, schedule_from)
             VALUES (@platform, @guild, @channel, @frequency, @time, @timezone, @weekday, @quiet, @createdBy, @t, @t, @t)`,
          )
          .run({ ...params(input), platform: input.platform, channel: input.channelId, createdBy: input.createdBy ?? null, t });
        const id = Number(res.lastInsertRowid);
        this.markSeen(id, currentEventIds, now);
        return { subscription: this.getSubscription(id)!, created: true };
      })
      .immediate();
  }

  getSubscription(id: number): Subscription | undefined {
    const r = this.db.prepare('SELECT * FROM subscriptions WHERE id = ?').get(id) as SubscriptionRow | undefined;
    return r && toSubscription(r);
  }

  findByChannel(platform: DigestPlatform, channelId: string): Subscription | undefined {
    const r = this.db.prepare('SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?').get(platform, channelId) as SubscriptionRow | undefined;
    return r && toSubscription(r);
  }

  /** A server's subscriptions (guildId undefined: those without a server, e.g. DMs), oldest first. */
  listByGuild(platform: DigestPlatform, guildId: string | undefined): Subscription[] {
    const rows = (
      guildId === undefined
        ? this.db.prepare('SELECT * FROM subscriptions WHERE platform = ? AND guild_id IS NULL ORDER BY id').all(platform)
        : this.db.prepare('SELECT * FROM subscriptions WHERE platform = ? AND guild_id = ? ORDER BY id').all(platform, guildId)
    ) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  listAll(): Subscription[] {
    return (this.db.prepare('SELECT * FROM subscriptions ORDER BY id').all() as SubscriptionRow[]).map(toSubscription);
  }

  deleteSubscription(platform: DigestPlatform, channelId: string): Subscription | undefined {
    const sub = this.findByChannel(platform, channelId);
    if (sub) this.db.prepare('DELETE FROM subscriptions WHERE id = ?').run(sub.id);
    return sub;
  }

  // --- seen events ---------------------------------------------------------------------------

  seenIds(subscriptionId: number): Set<string> {
    const rows = this.db.prepare('SELECT event_id FROM seen_events WHERE subscription_id = ?').pluck().all(subscriptionId) as string[];
    return new Set(rows);
  }

  markSeen(subscriptionId: number, eventIds: readonly string[], now: Date): void {
    const stmt = this.db.prepare('INSERT OR IGNORE INTO seen_events (subscription_id, event_id, seen_at) VALUES (?, ?, ?)');
    const t = iso(now);
    this.db.transaction(() => {
      for (const id of eventIds) stmt.run(subscriptionId, id, t);
    })();
  }

  // --- deliveries ----------------------------------------------------------------------------

  /**
   * Record an occurrence. Returns the new row, or undefined when the occurrence was already recorded
   * (by this process, an earlier run or another process): the caller must then do nothing.
   */
  claim(sub: Subscription, input: ClaimInput, now: Date): Delivery | undefined {
    const t = iso(now);
    const res = this.db
      .prepare(
        `INSERT OR IGNORE INTO deliveries (subscription_id, occurrence, kind, scheduled_for, status, nonce, event_ids, context_ids,
           first, attempts, posting_at, error, created_at, updated_at)
         VALUES (@sub, @occurrence, @kind, @scheduledFor, @status, @nonce, @eventIds, @contextIds, @first, @attempts, @postingAt, @error, @t, @t)`,
      )
      .run({
        sub: sub.id,
        occurrence: input.occurrence,
        kind: input.kind,
        scheduledFor: iso(input.scheduledFor),
        status: input.status,
        nonce: nonceFor(sub, input.occurrence),
        eventIds: JSON.stringify(input.eventIds ?? []),
        contextIds: JSON.stringify(input.contextIds ?? []),
        first: input.first ? 1 : 0,
        // A pending claim is posted right away: count the attempt in the same write.
        attempts: input.status === 'pending' ? 1 : 0,
        postingAt: input.status === 'pending' ? t : null,
        error: input.error ?? null,
        t,
      });
    if (res.changes === 0) return undefined;
    const row = this.getDelivery(Number(res.lastInsertRowid))!;
    if (input.status !== 'pending' && input.kind !== 'test') {
      this.setLast(sub.id, input.scheduledFor, input.status, undefined, input.error, now);
    }
    return row;
  }

  getDelivery(id: number): Delivery | undefined {
    const r = this.db.prepare('SELECT * FROM deliveries WHERE id = ?').get(id) as DeliveryRow | undefined;
    return r && toDelivery(r);
  }

  findDelivery(subscriptionId: number, occurrence: string): Delivery | undefined {
    const r = this.db.prepare('SELECT * FROM deliveries WHERE subscription_id = ? AND occurrence = ?').get(subscriptionId, occurrence) as DeliveryRow | undefined;
    return r && toDelivery(r);
  }

  deliveries(subscriptionId: number): Delivery[] {
    return (this.db.prepare('SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY id').all(subscriptionId) as DeliveryRow[]).map(toDelivery);
  }

  pendingDeliveries(): Delivery[] {
    return (this.db.prepare(`SELECT * FROM deliveries WHERE status = 'pending' ORDER BY id`).all() as DeliveryRow[]).map(toDelivery);
  }

  /** The latest scheduled instant recorded for a daily/weekly subscription (any status). */
  lastScheduledOccurrence(subscriptionId: number): Date | undefined {
    const v = this.db
      .prepare(`SELECT MAX(scheduled_for) FROM deliveries WHERE subscription_id = ? AND kind IN ('scheduled', 'catch-up')`)
      .pluck()
      .get(subscriptionId) as string | null;
    return date(v);
  }

  /** Has the subscription ever delivered a real (non-test) post? If not, its next digest is its first. */
  hasDelivered(subscriptionId: number): boolean {
    return !!this.db
      .prepare(`SELECT 1 FROM deliveries WHERE subscription_id = ? AND kind != 'test' AND status = 'sent' LIMIT 1`)
      .get(subscriptionId);
  }

  /** Event ids held by this subscription's pending deliveries (not yet sent, not yet seen). */
  pendingEventIds(subscriptionId: number): Set<string> {
    const rows = this.db.prepare(`SELECT event_ids FROM deliveries WHERE subscription_id = ? AND status = 'pending'`).pluck().all(subscriptionId) as string[];
    return new Set(rows.flatMap((r) => JSON.parse(r) as string[]));
  }

  /** Another attempt at a pending delivery is starting. */
  startAttempt(deliveryId: number, now: Date): void {
    this.db.prepare(`UPDATE deliveries SET attempts = attempts + 1, posting_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'`).run(iso(now), iso(now), deliveryId);
  }

  /**
   * The post went through: the delivery is sent, its events become seen (not for test sends), and the
   * subscription's failures are cleared. A successful test send also resumes a paused subscription.
   */
  markSent(delivery: Delivery, messageId: string | undefined, now: Date): void {
    this.db
      .transaction(() => {
        const res = this.db
          .prepare(`UPDATE deliveries SET status = 'sent', message_id = ?, error_kind = NULL, error = NULL, updated_at = ? WHERE id = ? AND status IN ('pending', 'unconfirmed')`)
          .run(messageId ?? null, iso(now), delivery.id);
        if (res.changes === 0) return; // unsubscribed meanwhile (rows cascade-deleted)
        const test = delivery.kind === 'test';
        if (!test) this.markSeen(delivery.subscriptionId, delivery.eventIds, now);
        this.db
          .prepare(
            `UPDATE subscriptions SET consecutive_failures = 0, last_error_kind = NULL, last_error = NULL,
               paused_at = CASE WHEN @test = 1 THEN NULL ELSE paused_at END,
               schedule_from = CASE WHEN @test = 1 AND paused_at IS NOT NULL THEN @t ELSE schedule_from END
             WHERE id = @id`,
          )
          .run({ test: test ? 1 : 0, t: iso(now), id: delivery.subscriptionId });
        this.setLast(delivery.subscriptionId, test ? now : delivery.scheduledFor, test ? 'test-sent' : 'sent', undefined, undefined, now);
      })
      .immediate();
  }

  /**
   * The post failed (or its outcome is unknown): record it and count a consecutive failure; pause the
   * subscription at MAX_CONSECUTIVE_FAILURES. Returns the subscription as it is now.
   */
  markFailed(delivery: Delivery, kind: FailureKind, error: string, now: Date, status: 'failed' | 'unconfirmed' = 'failed'): Subscription | undefined {
    return this.db
      .transaction(() => {
        const res = this.db
          .prepare(`UPDATE deliveries SET status = ?, error_kind = ?, error = ?, updated_at = ? WHERE id = ? AND status = 'pending'`)
          .run(status, kind, error, iso(now), delivery.id);
        if (res.changes === 0) return this.getSubscription(delivery.subscriptionId);
        this.db
          .prepare(
            `UPDATE subscriptions SET consecutive_failures = consecutive_failures + 1, last_error_kind = @kind, last_error = @error,
               paused_at = CASE WHEN paused_at IS NULL AND consecutive_failures + 1 >= @max THEN @t ELSE paused_at END
             WHERE id = @id`,
          )
          .run({ kind, error, t: iso(now), max: MAX_CONSECUTIVE_FAILURES, id: delivery.subscriptionId });
        const test = delivery.kind === 'test';
        this.setLast(delivery.subscriptionId, test ? now : delivery.scheduledFor, test ? 'test-failed' : status, kind, error, now);
        return this.getSubscription(delivery.subscriptionId);
      })
      .immediate();
  }

  /** Close a pending delivery without posting and without counting a failure (skipped, empty, unconfirmed after a restart). */
  settle(delivery: Delivery, status: 'empty' | 'skipped' | 'unconfirmed', note: string, now: Date): void {
    this.db
      .transaction(() => {
        const res = this.db
          .prepare(`UPDATE deliveries SET status = ?, error = ?, updated_at = ? WHERE id = ? AND status = 'pending'`)
          .run(status, note, iso(now), delivery.id);
        if (res.changes && delivery.kind !== 'test') this.setLast(delivery.subscriptionId, delivery.scheduledFor, status, undefined, undefined, now);
      })
      .immediate();
  }

  private setLast(subscriptionId: number, at: Date, status: string, kind: FailureKind | undefined, error: string | undefined, now: Date): void {
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

function params(input: SubscriptionInput) {
  return {
    guild: input.guildId ?? null,
    frequency: input.frequency,
    time: input.time,
    timezone: input.timezone,
    weekday: input.frequency === 'weekly' ? (input.weekday ?? 1) : null,
    quiet: input.quiet ? 1 : 0,
  };
}
