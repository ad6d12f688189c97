/** What the digest service offers commands and platforms, and what it is built from (see service.ts). */
import type { Db } from '../db/database.js';
import type { Reply } from '../replies/reply.js';
import type { TimelineStore } from '../timeline/store.js';
import type { UnreviewedItem } from '../curation/unreviewed.js';
import type { Frequency } from './schedule.js';
import type { Locale } from '../i18n/catalogue.js';
import type { DigestPlatform, DigestSink, FailureKind } from './sink.js';
import type { DigestStore, Subscription } from './store.js';

export interface DigestServiceOptions {
  /** The digest state: a DigestStore (SQLite or Postgres), or an open SQLite database to wrap in one. */
  db: Db | DigestStore;
  /** The live event log (its 'change' events feed alerts). */
  store: TimelineStore;
  /** One sink per platform that can post (Discord, Slack). Subscriptions of other platforms are left alone. */
  sinks: DigestSink[];
  /** DIGEST_CATCHUP_HOURS: occurrences missed while down are posted on start if at most this late. */
  catchupHours: number;
  /** Injected clock (tests). Default: the real one. */
  now?: () => Date;
  /** Start node-cron tasks and the sweep (default true). Tests drive `runDue` / `fire` with an injected clock instead. */
  timers?: boolean;
  sweepMs?: number;
  postTimeoutMs?: number;
  /** Renew this process's leases and take over expired ones (default: with `timers`). */
  leaseTimers?: boolean;
  /** How often leases are renewed and expired ones looked for (default: a third of the store's lease). */
  leaseCheckMs?: number;
  /** News not yet reviewed for a daily or weekly digest (see src/curation/unreviewed.ts); absent = none shown. */
  unreviewed?: (sub: Subscription, at: Date) => readonly UnreviewedItem[] | Promise<readonly UnreviewedItem[]>;
}

export interface SubscribeInput {
  platform: DigestPlatform;
  guildId?: string;
  channelId: string;
  frequency: Frequency;
  time?: string;
  timezone?: string;
  weekday?: string;
  quiet?: boolean;
  /** The language of its posts (default English). */
  language?: Locale;
  userId?: string;
}

export interface SubscriptionView {
  subscription: Subscription;
  /** Next scheduled run (daily/weekly, not paused). */
  nextRun?: Date;
}

export interface SubscribeResult extends SubscriptionView {
  created: boolean;
  /** Options given but not used by this frequency (e.g. weekday for a daily digest). */
  ignored: string[];
}

export type SendNowResult =
  | { ok: true; messageId?: string; subscription: Subscription; events: number }
  | { ok: false; kind: FailureKind; error: string; subscription: Subscription };

export type ProcessOutcome = { occurrence: string; status: 'sent' | 'empty' | 'failed' | 'skipped' | 'unconfirmed' | 'already-recorded' };

export interface DigestService {
  /** Platforms this service can post to. */
  readonly platforms: readonly DigestPlatform[];
  readonly db: DigestStore;
  /** Recover interrupted posts, catch up, arm node-cron and the sweep, listen for log changes. */
  start(): Promise<void>;
  /** Stop every timer and wait (briefly) for posts in flight. Does not close the database. */
  stop(): Promise<void>;
  canPostTo(platform: string): platform is DigestPlatform;
  /** Validate and store (create or replace). Throws ScheduleError for a bad time, weekday or timezone; nothing is stored then. */
  subscribe(input: SubscribeInput): Promise<SubscribeResult>;
  unsubscribe(platform: DigestPlatform, channelId: string): Promise<Subscription | undefined>;
  get(platform: DigestPlatform, channelId: string): Promise<SubscriptionView | undefined>;
  list(platform: DigestPlatform, guildId: string | undefined): Promise<SubscriptionView[]>;
  /** Exactly what would be posted now (never stored, never marks anything seen). */
  preview(platform: DigestPlatform, channelId: string): Promise<Reply | undefined>;
  /** Post now as a test send: the schedule and the seen set are untouched; success resumes a paused subscription. */
  sendNow(platform: DigestPlatform, channelId: string): Promise<SendNowResult | undefined>;
  /** The due-check for every active subscription (node-cron, the sweep and start-up all use it). */
  runDue(): Promise<ProcessOutcome[]>;
  /** The due-check for one subscription. */
  fire(subscriptionId: number): Promise<ProcessOutcome[]>;
  /** Post alerts for events new to alert channels (called on log changes). */
  runAlerts(): Promise<ProcessOutcome[]>;
  /** Take over deliveries whose process died (their lease expired) and retry or settle them. */
  recover(): Promise<ProcessOutcome[]>;
  /** Renew the leases of the posts in flight, then recover expired ones (what the lease timer runs). */
  tickLeases(): Promise<ProcessOutcome[]>;
  /** Resolves when every queued delivery has settled. */
  idle(): Promise<void>;
}
