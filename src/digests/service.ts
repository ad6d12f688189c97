/**
 * The digest service: the engine's "when", platform-neutral. It owns the node-cron tasks, the
 * start-up recovery and catch-up, alerts on log changes, and the exactly-once bookkeeping:
 *
 *   1. claim   — INSERT the occurrence (UNIQUE subscription + occurrence; status pending, with its
 *                deterministic nonce and the event ids it will show) before anything is posted;
 *                whoever fails to insert does nothing.
 *   2. post    — sink.post(target, reply, nonce); Discord deduplicates a repeated nonce
 *                (`enforce_nonce`) for a few minutes.
 *   3. settle  — mark sent (events become seen) or failed (events stay unseen → next digest).
 *   On start, a pending row (crash between 1 and 3) is retried with the same nonce while the platform
 *   still deduplicates it; older ones are marked unconfirmed rather than risking a second post.
 *
 * Timing: node-cron fires each subscription at its local time in its zone; a one-minute sweep runs
 * the same due-check, so an occurrence node-cron does not fire (a DST edge, a stalled event loop) is
 * still posted within a minute. Both paths go through `processDue`, which asks the pure schedule which
 * occurrence is due; the claim makes a second trigger harmless. Nothing here ever throws into a timer.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../db/database.js';
import type { Reply } from '../replies/reply.js';
import type { TimelineChange, TimelineStore } from '../timeline/store.js';
import { log } from '../logger.js';
import { contextEvents, digestReply, newEvents, resolveEvents } from './engine.js';
import type { UnreviewedItem } from '../curation/unreviewed.js';
import {
  cronExpression,
  makeSchedule,
  nextOccurrence,
  occurrencesBetween,
  parseTime,
  parseTimezone,
  parseWeekday,
  ScheduleError,
  type Frequency,
  type Schedule,
} from './schedule.js';
import { asDeliveryError, DeliveryError, type DigestPlatform, type DigestSink, type FailureKind } from './sink.js';
import { DigestStore, scheduleOf, type Delivery, type DeliveryKind, type Subscription } from './store.js';
import { createHash } from 'node:crypto';

/** An occurrence processed this close to its time counts as on time (node-cron jitter, the sweep's minute). */
export const LIVE_GRACE_MS = 5 * 60_000;
/** How often the safety sweep runs the due-check for every subscription. */
export const SWEEP_MS = 60_000;
/** A post without an answer for this long is given up (left unconfirmed; its events stay unseen). */
export const POST_TIMEOUT_MS = 120_000;

export interface DigestServiceOptions {
  db: Db;
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
  /** News not yet reviewed for a daily or weekly digest (see src/curation/unreviewed.ts); absent = none shown. */
  unreviewed?: (sub: Subscription, at: Date) => readonly UnreviewedItem[];
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
  subscribe(input: SubscribeInput): SubscribeResult;
  unsubscribe(platform: DigestPlatform, channelId: string): Subscription | undefined;
  get(platform: DigestPlatform, channelId: string): SubscriptionView | undefined;
  list(platform: DigestPlatform, guildId: string | undefined): SubscriptionView[];
  /** Exactly what would be posted now (never stored, never marks anything seen). */
  preview(platform: DigestPlatform, channelId: string): Reply | undefined;
  /** Post now as a test send: the schedule and the seen set are untouched; success resumes a paused subscription. */
  sendNow(platform: DigestPlatform, channelId: string): Promise<SendNowResult | undefined>;
  /** The due-check for every active subscription (node-cron, the sweep and start-up all use it). */
  runDue(): Promise<ProcessOutcome[]>;
  /** The due-check for one subscription. */
  fire(subscriptionId: number): Promise<ProcessOutcome[]>;
  /** Post alerts for events new to alert channels (called on log changes). */
  runAlerts(): Promise<ProcessOutcome[]>;
  /** Retry or settle deliveries left pending by a crash. */
  recover(): Promise<ProcessOutcome[]>;
  /** Resolves when every queued delivery has settled. */
  idle(): Promise<void>;
}

export function createDigestService(opts: DigestServiceOptions): DigestService {
  return new Service(opts);
}

class Service implements DigestService {
  readonly db: DigestStore;
  readonly platforms: readonly DigestPlatform[];
  readonly #sinks = new Map<DigestPlatform, DigestSink>();
  readonly #now: () => Date;
  readonly #catchupMs: number;
  readonly #timers: boolean;
  readonly #tasks = new Map<number, ScheduledTask>();
  readonly #queues = new Map<number, Promise<unknown>>();
  #sweep: NodeJS.Timeout | undefined;
  #started = false;
  #onChange = (change: TimelineChange) => {
    if (!change.added.length) return;
    void this.runAlerts().catch((err) => log.error('digest alerts failed', { error: errText(err) }));
  };

  constructor(private readonly opts: DigestServiceOptions) {
    this.db = new DigestStore(opts.db);
    for (const s of opts.sinks) this.#sinks.set(s.platform, s);
    this.platforms = [...this.#sinks.keys()];
    this.#now = opts.now ?? (() => new Date());
    this.#catchupMs = Math.max(0, opts.catchupHours) * 3_600_000;
    this.#timers = opts.timers ?? true;
  }

  canPostTo(platform: string): platform is DigestPlatform {
    return this.#sinks.has(platform as DigestPlatform);
  }

  // --- lifecycle ------------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.opts.store.on('change', this.#onChange);
    await this.recover().catch((err) => log.error('digest recovery failed', { error: errText(err) }));
    await this.runDue().catch((err) => log.error('digest catch-up failed', { error: errText(err) }));
    await this.runAlerts().catch((err) => log.error('digest alerts catch-up failed', { error: errText(err) }));
    if (this.#timers && this.#started) {
      for (const sub of this.db.listAll()) this.#arm(sub);
      this.#sweep = setInterval(() => {
        void this.runDue().catch((err) => log.error('digest sweep failed', { error: errText(err) }));
        void this.runAlerts().catch((err) => log.error('digest alerts sweep failed', { error: errText(err) }));
      }, this.opts.sweepMs ?? SWEEP_MS);
      this.#sweep.unref();
    }
    const subs = this.db.listAll();
    log.info('digests started', { subscriptions: subs.length, paused: subs.filter((s) => s.pausedAt).length, platforms: this.platforms.join(',') || 'none' });
  }

  async stop(): Promise<void> {
    this.#started = false;
    this.opts.store.off('change', this.#onChange);
    clearInterval(this.#sweep);
    this.#sweep = undefined;
    for (const id of [...this.#tasks.keys()]) this.#disarm(id);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise<void>((r) => (timer = setTimeout(r, 5_000).unref()))]);
    clearTimeout(timer);
  }

  async idle(): Promise<void> {
    while (this.#queues.size) await Promise.allSettled([...this.#queues.values()]);
  }

  // --- commands -------------------------------------------------------------------------------

  subscribe(input: SubscribeInput): SubscribeResult {
    if (!this.canPostTo(input.platform)) throw new ScheduleError(`Digests cannot be posted on ${input.platform} by this bot.`);
    const ignored: string[] = [];
    let schedule: Schedule | undefined;
    let time: string;
    let timezone: string;
    let weekday: Schedule['weekday'];
    if (input.frequency === 'alerts') {
      // Alerts have no schedule; time is unused, the timezone is used to show dates.
      time = parseTime(input.time ?? '09:00').text;
      timezone = parseTimezone(input.timezone ?? 'UTC');
      if (input.weekday !== undefined) parseWeekday(input.weekday);
      if (input.time !== undefined) ignored.push('time');
      if (input.weekday !== undefined) ignored.push('weekday');
    } else {
      schedule = makeSchedule({ frequency: input.frequency, time: input.time, timezone: input.timezone, weekday: input.weekday });
      if (input.frequency === 'daily' && input.weekday !== undefined) {
        parseWeekday(input.weekday);
        ignored.push('weekday');
      }
      ({ time, timezone, weekday } = schedule);
    }
    const now = this.#now();
    const { subscription, created } = this.db.upsertSubscription(
      {
        platform: input.platform,
        guildId: input.guildId,
        channelId: input.channelId,
        frequency: input.frequency,
        time,
        timezone,
        weekday,
        quiet: input.quiet ?? false,
        createdBy: input.userId,
      },
      now,
      this.opts.store.current.events.map((e) => e.id),
    );
    if (this.#started && this.#timers) this.#arm(subscription);
    log.info(created ? 'digest subscribed' : 'digest subscription replaced', { platform: subscription.platform, channel: subscription.channelId, frequency: subscription.frequency });
    return { subscription, created, ignored, nextRun: this.#nextRun(subscription, now) };
  }

  unsubscribe(platform: DigestPlatform, channelId: string): Subscription | undefined {
    const sub = this.db.deleteSubscription(platform, channelId);
    if (sub) {
      this.#disarm(sub.id);
      log.info('digest unsubscribed', { platform, channel: channelId });
    }
    return sub;
  }

  get(platform: DigestPlatform, channelId: string): SubscriptionView | undefined {
    const sub = this.db.findByChannel(platform, channelId);
    return sub && { subscription: sub, nextRun: this.#nextRun(sub, this.#now()) };
  }

  list(platform: DigestPlatform, guildId: string | undefined): SubscriptionView[] {
    const now = this.#now();
    return this.db.listByGuild(platform, guildId).map((sub) => ({ subscription: sub, nextRun: this.#nextRun(sub, now) }));
  }

  preview(platform: DigestPlatform, channelId: string): Reply | undefined {
    const sub = this.db.findByChannel(platform, channelId);
    if (!sub) return undefined;
    const timeline = this.opts.store.current;
    const events = newEvents(timeline, this.db.seenIds(sub.id), this.db.pendingEventIds(sub.id));
    const first = sub.frequency !== 'alerts' && !this.db.hasDelivered(sub.id);
    const context = first ? contextEvents(timeline, events) : [];
    const kind: DeliveryKind = sub.frequency === 'alerts' ? 'alert' : 'scheduled';
    return digestReply({ subscription: sub, timeline, events, context, first, kind, at: this.#now(), mode: 'preview', unreviewed: this.#unreviewed(sub, this.#now()) });
  }

  async sendNow(platform: DigestPlatform, channelId: string): Promise<SendNowResult | undefined> {
    const found = this.db.findByChannel(platform, channelId);
    if (!found) return undefined;
    return this.#serial(found.id, async () => {
      const sub = this.db.getSubscription(found.id);
      if (!sub) return undefined;
      const now = this.#now();
      const timeline = this.opts.store.current;
      const events = newEvents(timeline, this.db.seenIds(sub.id), this.db.pendingEventIds(sub.id));
      const first = sub.frequency !== 'alerts' && !this.db.hasDelivered(sub.id);
      const context = first ? contextEvents(timeline, events) : [];
      const reply = digestReply({ subscription: sub, timeline, events, context, first, kind: 'test', at: now, mode: 'test', unreviewed: this.#unreviewed(sub, now) })!;
      let occurrence = `test:${now.toISOString()}`;
      for (let i = 2; this.db.findDelivery(sub.id, occurrence); i++) occurrence = `test:${now.toISOString()}#${i}`;
      const delivery = this.db.claim(sub, { occurrence, kind: 'test', scheduledFor: now, status: 'pending', eventIds: events.map((e) => e.id), contextIds: context.map((e) => e.id), first }, now)!;
      const outcome = await this.#post(sub, delivery, reply);
      const after = this.db.getSubscription(sub.id) ?? sub;
      if (this.#started && this.#timers) this.#arm(after);
      if (outcome.ok) return { ok: true as const, messageId: outcome.messageId, subscription: after, events: events.length };
      return { ok: false as const, kind: outcome.error.kind, error: outcome.error.message, subscription: after };
    });
  }

  // --- when -----------------------------------------------------------------------------------

  async runDue(): Promise<ProcessOutcome[]> {
    // In parallel across channels (each channel's own deliveries stay in order).
    const subs = this.db.listAll().filter((sub) => sub.frequency !== 'alerts' && !sub.pausedAt && this.canPostTo(sub.platform));
    return (await Promise.all(subs.map((sub) => this.fire(sub.id)))).flat();
  }

  fire(subscriptionId: number): Promise<ProcessOutcome[]> {
    return this.#serial(subscriptionId, () => this.#processDue(subscriptionId));
  }

  async runAlerts(): Promise<ProcessOutcome[]> {
    const subs = this.db.listAll().filter((sub) => sub.frequency === 'alerts' && !sub.pausedAt && this.canPostTo(sub.platform));
    return (await Promise.all(subs.map((sub) => this.#serial(sub.id, () => this.#processAlerts(sub.id))))).flat();
  }

  async recover(): Promise<ProcessOutcome[]> {
    const out: ProcessOutcome[] = [];
    for (const d of this.db.pendingDeliveries()) {
      const sub = this.db.getSubscription(d.subscriptionId);
      if (!sub || !this.canPostTo(sub.platform)) continue;
      out.push(await this.#serial(sub.id, () => this.#recoverOne(sub, d)));
    }
    return out;
  }

  async #recoverOne(sub: Subscription, d: Delivery): Promise<ProcessOutcome> {
    const now = this.#now();
    const sink = this.#sinks.get(sub.platform)!;
    const window = sink.idempotencyWindowMs ?? 0;
    const startedAt = d.postingAt ?? d.createdAt;
    const age = now.getTime() - startedAt.getTime();
    const tooLate = now.getTime() - d.scheduledFor.getTime() > Math.max(this.#catchupMs, LIVE_GRACE_MS);
    if (d.kind === 'test') {
      this.#settle(d, 'unconfirmed', 'test send interrupted by a restart; not repeated', now);
      return { occurrence: d.occurrence, status: 'unconfirmed' };
    }
    if (d.attempts === 0 && tooLate) {
      this.#settle(d, 'skipped', 'recorded but never posted, and now older than the catch-up window', now);
      return { occurrence: d.occurrence, status: 'skipped' };
    }
    if (d.attempts > 0 && age > window) {
      // The interrupted attempt may have reached the platform, which no longer deduplicates the nonce.
      this.#settle(d, 'unconfirmed', 'interrupted while posting; not repeated to avoid a duplicate (its events will appear in the next digest)', now);
      log.warn('digest delivery left unconfirmed after a restart', { subscription: sub.id, occurrence: d.occurrence, ageMs: age });
      return { occurrence: d.occurrence, status: 'unconfirmed' };
    }
    const timeline = this.opts.store.current;
    const reply = digestReply({
      subscription: sub,
      timeline,
      events: resolveEvents(timeline, d.eventIds),
      context: resolveEvents(timeline, d.contextIds),
      first: d.first,
      kind: d.kind,
      at: d.kind === 'alert' ? d.createdAt : d.scheduledFor,
    });
    if (!reply) {
      this.#settle(d, 'empty', 'its events are no longer in the log', now);
      return { occurrence: d.occurrence, status: 'empty' };
    }
    log.info('retrying an interrupted digest delivery with its original nonce', { subscription: sub.id, occurrence: d.occurrence });
    this.db.startAttempt(d.id, now);
    const res = await this.#post(sub, this.db.getDelivery(d.id) ?? d, reply);
    return { occurrence: d.occurrence, status: res.ok ? 'sent' : res.status };
  }

  async #processDue(subscriptionId: number): Promise<ProcessOutcome[]> {
    const sub = this.db.getSubscription(subscriptionId);
    const schedule = sub && scheduleOf(sub);
    if (!sub || !schedule || sub.pausedAt || !this.canPostTo(sub.platform)) return [];
    const now = this.#now();
    const last = this.db.lastScheduledOccurrence(sub.id);
    const after = last && last > sub.scheduleFrom ? last : sub.scheduleFrom;
    const due = occurrencesBetween(schedule, after, now);
    if (!due.length) return [];
    const bound = Math.max(this.#catchupMs, LIVE_GRACE_MS);
    const latest = due[due.length - 1];
    const lateBy = now.getTime() - latest.getTime();
    const out: ProcessOutcome[] = [];
    // Never a burst: every missed occurrence but the latest is recorded as skipped…
    this.opts.db.transaction(() => {
      for (const t of due.slice(0, -1)) {
        const claimed = this.db.claim(sub, { occurrence: t.toISOString(), kind: 'catch-up', scheduledFor: t, status: 'skipped', error: 'missed while the bot was offline; superseded by a later occurrence' }, now);
        if (claimed) out.push({ occurrence: claimed.occurrence, status: 'skipped' });
      }
    })();
    // …and the latest is posted if it is on time or within the catch-up window.
    if (lateBy > bound) {
      const claimed = this.db.claim(sub, { occurrence: latest.toISOString(), kind: 'catch-up', scheduledFor: latest, status: 'skipped', error: `missed while the bot was offline; more than ${this.#catchupMs / 3_600_000} h late` }, now);
      if (claimed) {
        log.info('digest occurrence skipped: older than the catch-up window', { subscription: sub.id, occurrence: claimed.occurrence });
        out.push({ occurrence: claimed.occurrence, status: 'skipped' });
      }
      return out;
    }
    out.push(await this.#deliver(sub, latest.toISOString(), latest, lateBy > LIVE_GRACE_MS ? 'catch-up' : 'scheduled'));
    return out;
  }

  #unreviewed(sub: Subscription, at: Date): readonly UnreviewedItem[] | undefined {
    if (sub.frequency === 'alerts' || !this.opts.unreviewed) return undefined;
    try {
      return this.opts.unreviewed(sub, at);
    } catch (err) {
      log.warn('digest: news not yet reviewed could not be read; posting without it', { subscription: sub.id, error: errText(err) });
      return undefined;
    }
  }

  async #processAlerts(subscriptionId: number): Promise<ProcessOutcome[]> {
    const sub = this.db.getSubscription(subscriptionId);
    if (!sub || sub.frequency !== 'alerts' || sub.pausedAt || !this.canPostTo(sub.platform)) return [];
    const timeline = this.opts.store.current;
    const events = newEvents(timeline, this.db.seenIds(sub.id), this.db.pendingEventIds(sub.id));
    if (!events.length) return [];
    const key = createHash('sha256').update(events.map((e) => e.id).sort().join('\n')).digest('hex').slice(0, 24);
    return [await this.#deliver(sub, `alert:${key}`, this.#now(), 'alert')];
  }

  /** Build, claim, post, settle. The claim is synchronous with the build: nothing can slip in between. */
  async #deliver(sub: Subscription, occurrence: string, scheduledFor: Date, kind: DeliveryKind): Promise<ProcessOutcome> {
    const now = this.#now();
    const timeline = this.opts.store.current;
    const events = newEvents(timeline, this.db.seenIds(sub.id), this.db.pendingEventIds(sub.id));
    const first = sub.frequency !== 'alerts' && !this.db.hasDelivered(sub.id);
    const context = first ? contextEvents(timeline, events) : [];
    const reply = digestReply({ subscription: sub, timeline, events, context, first, kind, at: scheduledFor, unreviewed: this.#unreviewed(sub, scheduledFor) });
    if (!reply) {
      const claimed = this.db.claim(sub, { occurrence, kind, scheduledFor, status: 'empty' }, now);
      return { occurrence, status: claimed ? 'empty' : 'already-recorded' };
    }
    const delivery = this.db.claim(
      sub,
      { occurrence, kind, scheduledFor, status: 'pending', eventIds: events.map((e) => e.id), contextIds: context.map((e) => e.id), first },
      now,
    );
    if (!delivery) return { occurrence, status: 'already-recorded' };
    const res = await this.#post(sub, delivery, reply);
    return { occurrence, status: res.ok ? 'sent' : res.status };
  }

  async #post(
    sub: Subscription,
    delivery: Delivery,
    reply: Reply,
  ): Promise<{ ok: true; messageId?: string } | { ok: false; status: 'failed' | 'unconfirmed'; error: DeliveryError }> {
    const sink = this.#sinks.get(sub.platform);
    const timeoutMs = this.opts.postTimeoutMs ?? POST_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = Symbol('timeout');
    try {
      if (!sink) throw new DeliveryError('transient', `no ${sub.platform} connection is configured`);
      const posting = sink.post({ channelId: sub.channelId, guildId: sub.guildId }, reply, delivery.nonce);
      // A late answer still settles the delivery (sent after all), even if we stopped waiting.
      posting.then(
        (r) => {
          try {
            if (this.db.getDelivery(delivery.id)?.status === 'unconfirmed') this.db.markSent(delivery, r.messageId, this.#now());
          } catch (err) {
            log.warn('a late digest answer could not be recorded', { subscription: sub.id, error: errText(err) });
          }
        },
        () => undefined,
      );
      const res = await Promise.race([posting, new Promise<typeof timedOut>((r) => (timer = setTimeout(() => r(timedOut), timeoutMs)))]);
      if (res === timedOut) {
        const err = new DeliveryError('transient', `no answer from ${sub.platform} within ${Math.round(timeoutMs / 1000)} s`);
        this.#fail(sub, delivery, err, 'unconfirmed');
        return { ok: false, status: 'unconfirmed', error: err };
      }
      this.db.markSent(delivery, res.messageId, this.#now());
      log.info(delivery.kind === 'test' ? 'digest test send posted' : 'digest posted', {
        subscription: sub.id,
        channel: sub.channelId,
        occurrence: delivery.occurrence,
        events: delivery.eventIds.length,
      });
      return { ok: true, messageId: res.messageId };
    } catch (err) {
      const e = asDeliveryError(err);
      this.#fail(sub, delivery, e, 'failed');
      return { ok: false, status: 'failed', error: e };
    } finally {
      clearTimeout(timer);
    }
  }

  #fail(sub: Subscription, delivery: Delivery, e: DeliveryError, status: 'failed' | 'unconfirmed'): void {
    const after = this.db.markFailed(delivery, e.kind, e.message, this.#now(), status);
    log.warn('digest delivery failed', { subscription: sub.id, channel: sub.channelId, occurrence: delivery.occurrence, kind: e.kind, code: e.code, error: e.message });
    if (after?.pausedAt && !sub.pausedAt) {
      this.#disarm(sub.id);
      log.warn('digest subscription paused after repeated failures', { subscription: sub.id, channel: sub.channelId, failures: after.consecutiveFailures });
    }
  }

  #settle(d: Delivery, status: 'empty' | 'skipped' | 'unconfirmed', note: string, now: Date): void {
    this.db.settle(d, status, note, now);
  }

  // --- node-cron ------------------------------------------------------------------------------

  #arm(sub: Subscription): void {
    this.#disarm(sub.id);
    const schedule = scheduleOf(sub);
    if (!schedule || sub.pausedAt || !this.canPostTo(sub.platform)) return;
    try {
      const task = cron.createTask(
        cronExpression(schedule),
        () => {
          void this.fire(sub.id).catch((err) => log.error('digest run failed', { subscription: sub.id, error: errText(err) }));
        },
        { timezone: schedule.timezone, name: `digest-${sub.id}`, logger: cronLogger, suppressMissedWarning: true, unref: true },
      );
      void Promise.resolve(task.start()).catch((err) => log.error('digest schedule could not start', { subscription: sub.id, error: errText(err) }));
      this.#tasks.set(sub.id, task);
    } catch (err) {
      log.error('digest schedule could not be created; the minute sweep still covers it', { subscription: sub.id, error: errText(err) });
    }
  }

  #disarm(id: number): void {
    const task = this.#tasks.get(id);
    if (!task) return;
    this.#tasks.delete(id);
    try {
      void Promise.resolve(task.destroy()).catch(() => undefined);
    } catch {
      /* already gone */
    }
  }

  #nextRun(sub: Subscription, now: Date): Date | undefined {
    const schedule = scheduleOf(sub);
    if (!schedule || sub.pausedAt) return undefined;
    return nextOccurrence(schedule, now > sub.scheduleFrom ? now : sub.scheduleFrom);
  }

  /** Run deliveries for one subscription one at a time, in order. */
  #serial<T>(id: number, fn: () => Promise<T>): Promise<T> {
    const prev = this.#queues.get(id) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.#queues.set(id, tail);
    void tail.then(() => {
      if (this.#queues.get(id) === tail) this.#queues.delete(id);
    });
    return run;
  }
}

const cronLogger = {
  info: (m: string) => log.debug(`node-cron: ${m}`),
  warn: (m: string) => log.warn(`node-cron: ${m}`),
  error: (m: string | Error, e?: Error) => log.error(`node-cron: ${errText(m)}`, e ? { error: errText(e) } : undefined),
  debug: (m: string | Error) => log.debug(`node-cron: ${errText(m)}`),
};

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
