/**
 * Digest state: subscriptions, the events each channel has already seen, and one delivery record per
 * occurrence — the types and the one interface both engines implement (SQLite in sqlite-store.ts,
 * Postgres in postgres-store.ts; the same tests run on both).
 *
 * Claims: the UNIQUE (subscription_id, occurrence) key makes an occurrence claimable once, by one
 * process. A pending claim carries a lease (owner + expiry) that its process renews while it posts;
 * a claim whose lease has expired (its process died) is taken over by another process and posted
 * again with the same nonce, so the platform turns a repeat into the message already created.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Frequency, Schedule, Weekday } from './schedule.js';
import type { DigestPlatform, FailureKind } from './sink.js';
import { toLocale, type Locale } from '../i18n/catalogue.js';

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
  /** The language its posts are written in (chosen at subscribe time). */
  language: Locale;
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
  /** The process that holds a pending delivery, and until when (renewed while it posts). */
  leaseOwner?: string;
  leaseUntil?: Date;
}

/** How long a pending claim stays its process's without renewal; then another process may take it over. */
export const LEASE_MS = 15_000;

/** A name for this process on its claims: host, pid and a random part (a restarted pid is a new owner). */
export function ownerName(): string {
  return `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** What a store is opened with: who owns its claims and for how long. */
export interface StoreOptions {
  owner?: string;
  leaseMs?: number;
}

/**
 * The digest state, on either engine. Every method is async (Postgres answers over the network);
 * every write that must be atomic is one statement or one transaction inside the engine.
 */
export interface DigestStore {
  readonly engine: 'sqlite' | 'postgres';
  /** This process's name on the claims it makes. */
  readonly owner: string;
  readonly leaseMs: number;

  /**
   * Create or replace a channel's subscription. A new one starts from the log as it is: every current
   * event id is recorded as seen. A replaced one keeps its seen set and history, and is un-paused.
   */
  upsertSubscription(input: SubscriptionInput, now: Date, currentEventIds: readonly string[]): Promise<{ subscription: Subscription; created: boolean }>;
  getSubscription(id: number): Promise<Subscription | undefined>;
  findByChannel(platform: DigestPlatform, channelId: string): Promise<Subscription | undefined>;
  /** A server's subscriptions (guildId undefined: those without a server, e.g. DMs), oldest first. */
  listByGuild(platform: DigestPlatform, guildId: string | undefined): Promise<Subscription[]>;
  listAll(): Promise<Subscription[]>;
  deleteSubscription(platform: DigestPlatform, channelId: string): Promise<Subscription | undefined>;

  seenIds(subscriptionId: number): Promise<Set<string>>;
  markSeen(subscriptionId: number, eventIds: readonly string[], now: Date): Promise<void>;

  /**
   * Record an occurrence (a pending one leased to this process). Returns the new row, or undefined
   * when the occurrence was already recorded — by this process, an earlier run or another process —
   * or, for an alert, when another process already holds or has shown one of its events: the caller
   * must then do nothing.
   */
  claim(sub: Subscription, input: ClaimInput, now: Date): Promise<Delivery | undefined>;
  getDelivery(id: number): Promise<Delivery | undefined>;
  findDelivery(subscriptionId: number, occurrence: string): Promise<Delivery | undefined>;
  deliveries(subscriptionId: number): Promise<Delivery[]>;
  pendingDeliveries(): Promise<Delivery[]>;
  /** The latest scheduled instant recorded for a daily/weekly subscription (any status). */
  lastScheduledOccurrence(subscriptionId: number): Promise<Date | undefined>;
  /** The same for every subscription that has one, in one query (the sweep's due-check). */
  lastScheduledOccurrences(): Promise<Map<number, Date>>;
  /** Has the subscription ever delivered a real (non-test) post? If not, its next digest is its first. */
  hasDelivered(subscriptionId: number): Promise<boolean>;
  /** Event ids held by this subscription's pending deliveries (not yet sent, not yet seen). */
  pendingEventIds(subscriptionId: number): Promise<Set<string>>;
  /** Another attempt at a pending delivery is starting. */
  startAttempt(deliveryId: number, now: Date): Promise<void>;
  /**
   * The post went through: the delivery is sent, its events become seen (not for test sends), and the
   * subscription's failures are cleared. A successful test send also resumes a paused subscription.
   */
  markSent(delivery: Delivery, messageId: string | undefined, now: Date): Promise<void>;
  /**
   * The post failed (or its outcome is unknown): record it and count a consecutive failure; pause the
   * subscription at MAX_CONSECUTIVE_FAILURES. Returns the subscription as it is now. A claim another
   * process has taken over meanwhile is left to that process.
   */
  markFailed(delivery: Delivery, kind: FailureKind, error: string, now: Date, status?: 'failed' | 'unconfirmed'): Promise<Subscription | undefined>;
  /** Close a pending delivery without posting and without counting a failure (skipped, empty, unconfirmed after a restart). */
  settle(delivery: Delivery, status: 'empty' | 'skipped' | 'unconfirmed', note: string, now: Date): Promise<void>;

  /** Extend this process's leases on these pending deliveries (it is still posting them). Returns how many it still holds. */
  renewLeases(deliveryIds: readonly number[], now: Date): Promise<number>;
  /** Take over up to `limit` pending deliveries whose lease has expired (or that never had one); they are now ours. */
  takeOverExpired(now: Date, limit: number): Promise<Delivery[]>;
  close(): Promise<void>;
}

export type SubscriptionInput = Pick<Subscription, 'platform' | 'guildId' | 'channelId' | 'frequency' | 'time' | 'timezone' | 'weekday' | 'quiet' | 'createdBy'> & { language?: Locale };

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

export interface SubscriptionRow {
  id: number;
  platform: DigestPlatform;
  guild_id: string | null;
  channel_id: string;
  frequency: Frequency;
  local_time: string;
  timezone: string;
  weekday: number | null;
  quiet: number;
  language: string;
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

export interface DeliveryRow {
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
  lease_owner: string | null;
  lease_until: string | null;
}

export const iso = (d: Date) => d.toISOString();
export const date = (s: string | null) => (s ? new Date(s) : undefined);

export function toSubscription(r: SubscriptionRow): Subscription {
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
    language: toLocale(r.language) ?? 'en',
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

export function toDelivery(r: DeliveryRow): Delivery {
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
    leaseOwner: r.lease_owner ?? undefined,
    leaseUntil: date(r.lease_until),
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

/** The subscription columns an insert or update writes, from the input. */
export function subscriptionParams(input: SubscriptionInput) {
  return {
    guild: input.guildId ?? null,
    frequency: input.frequency,
    time: input.time,
    timezone: input.timezone,
    weekday: input.frequency === 'weekly' ? (input.weekday ?? 1) : null,
    quiet: input.quiet ? 1 : 0,
    language: input.language ?? 'en',
  };
}

/** The delivery columns a claim writes. A pending claim is posted right away: the attempt is counted and leased in the same write. */
export function claimParams(sub: Subscription, input: ClaimInput, now: Date, owner: string, leaseMs: number) {
  const pending = input.status === 'pending';
  const t = iso(now);
  return {
    sub: sub.id,
    occurrence: input.occurrence,
    kind: input.kind,
    scheduledFor: iso(input.scheduledFor),
    status: input.status,
    nonce: nonceFor(sub, input.occurrence),
    eventIds: JSON.stringify(input.eventIds ?? []),
    contextIds: JSON.stringify(input.contextIds ?? []),
    first: input.first ? 1 : 0,
    attempts: pending ? 1 : 0,
    postingAt: pending ? t : null,
    error: input.error ?? null,
    leaseOwner: pending ? owner : null,
    leaseUntil: pending ? iso(new Date(now.getTime() + leaseMs)) : null,
    t,
  };
}
