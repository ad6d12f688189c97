/**
 * The digest service: the engine's "when", platform-neutral. It owns the node-cron tasks (cron-tasks.ts), the
 * start-up recovery and catch-up, alerts on log changes, and the exactly-once bookkeeping (each occurrence's
 * claim, post and settling in occurrences.ts, one subscription at a time through keyed-queue.ts):
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
 * still posted within a minute. Both paths go through `processDue` (occurrences.ts), which asks the pure schedule which
 * occurrence is due; the claim makes a second trigger harmless. Nothing here ever throws into a timer.
 */
import type { Db } from '../db/database.js';
import { SqliteDigestStore } from './sqlite-store.js';
import { Poster } from './poster.js';
import type { Reply } from '../replies/reply.js';
import type { TimelineChange } from '../timeline/store.js';
import { log } from '../logger.js';
import { contextEvents, digestReply, newEvents } from './engine.js';
import { makeSchedule, nextOccurrence, parseTime, parseTimezone, parseWeekday, ScheduleError, type Schedule } from './schedule.js';
import type { DigestPlatform, DigestSink } from './sink.js';
import { scheduleOf, type DeliveryKind, type DigestStore, type Subscription } from './store.js';
import { CronTasks } from './cron-tasks.js';
import { KeyedQueue } from './keyed-queue.js';
import { errText, Occurrences, LIVE_GRACE_MS } from './occurrences.js';

export { LIVE_GRACE_MS };
/** How often the safety sweep runs the due-check for every subscription. */
export const SWEEP_MS = 60_000;
/** A post without an answer for this long is given up (left unconfirmed; its events stay unseen). */
export const POST_TIMEOUT_MS = 120_000;
/** Expired claims are taken over this many at a time. */
const RECOVER_BATCH = 200;

export type { DigestServiceOptions, SubscribeInput, SubscriptionView, SubscribeResult, SendNowResult, ProcessOutcome, DigestService } from './service-api.js';
import type { DigestServiceOptions, SubscribeInput, SubscriptionView, SubscribeResult, SendNowResult, ProcessOutcome, DigestService } from './service-api.js';

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
  readonly #cron = new CronTasks();
  readonly #queue = new KeyedQueue();
  #sweep: NodeJS.Timeout | undefined;
  #leaseTimer: NodeJS.Timeout | undefined;
  readonly #poster: Poster;
  readonly #occurrences: Occurrences;
  #started = false;
  #onChange = (change: TimelineChange) => {
    if (!change.added.length) return;
    void this.runAlerts().catch((err) => log.error('digest alerts failed', { error: errText(err) }));
  };

  constructor(private readonly opts: DigestServiceOptions) {
    this.db = isStore(opts.db) ? opts.db : new SqliteDigestStore(opts.db);
    for (const s of opts.sinks) this.#sinks.set(s.platform, s);
    this.platforms = [...this.#sinks.keys()];
    this.#now = opts.now ?? (() => new Date());
    this.#catchupMs = Math.max(0, opts.catchupHours) * 3_600_000;
    this.#timers = opts.timers ?? true;
    this.#poster = new Poster({
      db: this.db,
      sinks: this.#sinks,
      now: this.#now,
      timeoutMs: opts.postTimeoutMs ?? POST_TIMEOUT_MS,
      onPaused: (sub, after) => {
        this.#disarm(sub.id);
        log.warn('digest subscription paused after repeated failures', { subscription: sub.id, channel: sub.channelId, failures: after.consecutiveFailures });
      },
    });
    this.#occurrences = new Occurrences({
      db: this.db,
      timeline: () => opts.store.current,
      sinks: this.#sinks,
      poster: this.#poster,
      now: this.#now,
      catchupMs: this.#catchupMs,
      canPostTo: (platform) => this.canPostTo(platform),
      unreviewed: opts.unreviewed,
    });
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
    if ((this.opts.leaseTimers ?? this.#timers) && this.#started) {
      // Well inside the lease: a live process never loses a claim it is still posting.
      this.#leaseTimer = setInterval(() => {
        void this.tickLeases().catch((err) => log.warn('digest lease check failed (retried at the next check)', { error: errText(err) }));
      }, this.opts.leaseCheckMs ?? Math.max(50, Math.floor(this.db.leaseMs / 3)));
      this.#leaseTimer.unref();
    }
    if (this.#timers && this.#started) {
      for (const sub of await this.db.listAll().catch(() => [])) this.#arm(sub);
      this.#sweep = setInterval(() => {
        void this.runDue().catch((err) => log.error('digest sweep failed', { error: errText(err) }));
        void this.runAlerts().catch((err) => log.error('digest alerts sweep failed', { error: errText(err) }));
      }, this.opts.sweepMs ?? SWEEP_MS);
      this.#sweep.unref();
    }
    const subs = await this.db.listAll().catch(() => []);
    log.info('digests started', { subscriptions: subs.length, paused: subs.filter((s) => s.pausedAt).length, platforms: this.platforms.join(',') || 'none' });
  }

  async stop(): Promise<void> {
    this.#started = false;
    this.opts.store.off('change', this.#onChange);
    clearInterval(this.#sweep);
    this.#sweep = undefined;
    clearInterval(this.#leaseTimer);
    this.#leaseTimer = undefined;
    this.#cron.disarmAll();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise<void>((r) => (timer = setTimeout(r, 5_000).unref()))]);
    clearTimeout(timer);
  }

  idle(): Promise<void> {
    return this.#queue.idle();
  }

  // --- commands -------------------------------------------------------------------------------

  async subscribe(input: SubscribeInput): Promise<SubscribeResult> {
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
    const { subscription, created } = await this.db.upsertSubscription(
      {
        platform: input.platform,
        guildId: input.guildId,
        channelId: input.channelId,
        frequency: input.frequency,
        time,
        timezone,
        weekday,
        quiet: input.quiet ?? false,
        language: input.language ?? 'en',
        createdBy: input.userId,
      },
      now,
      this.opts.store.current.events.map((e) => e.id),
    );
    if (this.#started && this.#timers) this.#arm(subscription);
    log.info(created ? 'digest subscribed' : 'digest subscription replaced', { platform: subscription.platform, channel: subscription.channelId, frequency: subscription.frequency });
    return { subscription, created, ignored, nextRun: this.#nextRun(subscription, now) };
  }

  async unsubscribe(platform: DigestPlatform, channelId: string): Promise<Subscription | undefined> {
    const sub = await this.db.deleteSubscription(platform, channelId);
    if (sub) {
      this.#disarm(sub.id);
      log.info('digest unsubscribed', { platform, channel: channelId });
    }
    return sub;
  }

  async get(platform: DigestPlatform, channelId: string): Promise<SubscriptionView | undefined> {
    const sub = await this.db.findByChannel(platform, channelId);
    return sub && { subscription: sub, nextRun: this.#nextRun(sub, this.#now()) };
  }

  async list(platform: DigestPlatform, guildId: string | undefined): Promise<SubscriptionView[]> {
    const now = this.#now();
    return (await this.db.listByGuild(platform, guildId)).map((sub) => ({ subscription: sub, nextRun: this.#nextRun(sub, now) }));
  }

  async preview(platform: DigestPlatform, channelId: string): Promise<Reply | undefined> {
    const sub = await this.db.findByChannel(platform, channelId);
    if (!sub) return undefined;
    const timeline = this.opts.store.current;
    const events = newEvents(timeline, await this.db.seenIds(sub.id), await this.db.pendingEventIds(sub.id));
    const first = sub.frequency !== 'alerts' && !(await this.db.hasDelivered(sub.id));
    const context = first ? contextEvents(timeline, events) : [];
    const kind: DeliveryKind = sub.frequency === 'alerts' ? 'alert' : 'scheduled';
    return digestReply({ subscription: sub, timeline, events, context, first, kind, at: this.#now(), mode: 'preview', unreviewed: await this.#occurrences.unreviewed(sub, this.#now()) });
  }

  async sendNow(platform: DigestPlatform, channelId: string): Promise<SendNowResult | undefined> {
    const found = await this.db.findByChannel(platform, channelId);
    if (!found) return undefined;
    return this.#serial(found.id, async () => {
      const sub = await this.db.getSubscription(found.id);
      if (!sub) return undefined;
      const now = this.#now();
      const timeline = this.opts.store.current;
      const events = newEvents(timeline, await this.db.seenIds(sub.id), await this.db.pendingEventIds(sub.id));
      const first = sub.frequency !== 'alerts' && !(await this.db.hasDelivered(sub.id));
      const context = first ? contextEvents(timeline, events) : [];
      const reply = digestReply({ subscription: sub, timeline, events, context, first, kind: 'test', at: now, mode: 'test', unreviewed: await this.#occurrences.unreviewed(sub, now) })!;
      let occurrence = `test:${now.toISOString()}`;
      for (let i = 2; await this.db.findDelivery(sub.id, occurrence); i++) occurrence = `test:${now.toISOString()}#${i}`;
      const delivery = (await this.db.claim(sub, { occurrence, kind: 'test', scheduledFor: now, status: 'pending', eventIds: events.map((e) => e.id), contextIds: context.map((e) => e.id), first }, now))!;
      const outcome = await this.#poster.post(sub, delivery, reply);
      const after = (await this.db.getSubscription(sub.id)) ?? sub;
      if (this.#started && this.#timers) this.#arm(after);
      if (outcome.ok) return { ok: true as const, messageId: outcome.messageId, subscription: after, events: events.length };
      return { ok: false as const, kind: outcome.error.kind, error: outcome.error.message, subscription: after };
    });
  }

  // --- when -----------------------------------------------------------------------------------

  async runDue(): Promise<ProcessOutcome[]> {
    const now = this.#now();
    const [all, last] = await Promise.all([this.db.listAll(), this.db.lastScheduledOccurrences()]);
    // Only subscriptions with an occurrence due go further (a sweep where nothing is due costs two queries).
    const subs = all.filter((sub) => {
      const schedule = scheduleOf(sub);
      if (!schedule || sub.pausedAt || !this.canPostTo(sub.platform)) return false;
      const seen = last.get(sub.id);
      return nextOccurrence(schedule, seen && seen > sub.scheduleFrom ? seen : sub.scheduleFrom) <= now;
    });
    // In parallel across channels (each channel's own deliveries stay in order), started in a random
    // order so that several processes sweeping at once mostly claim different subscriptions.
    const results = new Map<number, ProcessOutcome[]>();
    await Promise.all(shuffled(subs).map(async (sub) => results.set(sub.id, await this.fire(sub.id))));
    return subs.flatMap((sub) => results.get(sub.id) ?? []);
  }

  fire(subscriptionId: number): Promise<ProcessOutcome[]> {
    return this.#serial(subscriptionId, () => this.#occurrences.processDue(subscriptionId));
  }

  async runAlerts(): Promise<ProcessOutcome[]> {
    const subs = (await this.db.listAll()).filter((sub) => sub.frequency === 'alerts' && !sub.pausedAt && this.canPostTo(sub.platform));
    return (await Promise.all(subs.map((sub) => this.#serial(sub.id, () => this.#occurrences.processAlerts(sub.id))))).flat();
  }

  async recover(): Promise<ProcessOutcome[]> {
    const out: ProcessOutcome[] = [];
    for (;;) {
      // Taken in batches, each batch now leased to this process; the others see them as taken.
      const batch = (await this.db.takeOverExpired(this.#now(), RECOVER_BATCH)).filter((d) => !this.#poster.holds(d.id));
      // Ours from now on: renewed while they wait their turn behind their channel's other deliveries.
      for (const d of batch) this.#poster.hold(d.id);
      const runs = batch.map(async (d) => {
        try {
          const sub = await this.db.getSubscription(d.subscriptionId);
          // A platform this process cannot post to: leave the row for one that can (its lease lapses again).
          if (!sub || !this.canPostTo(sub.platform)) return undefined;
          return await this.#serial(sub.id, () => this.#occurrences.recoverOne(sub, d));
        } finally {
          this.#poster.release(d.id);
        }
      });
      for (const r of await Promise.all(runs)) if (r) out.push(r);
      if (batch.length < RECOVER_BATCH) return out;
    }
  }

  async tickLeases(): Promise<ProcessOutcome[]> {
    const now = this.#now();
    await this.#poster.renew(now);
    return this.recover();
  }

  #nextRun(sub: Subscription, now: Date): Date | undefined {
    const schedule = scheduleOf(sub);
    if (!schedule || sub.pausedAt) return undefined;
    return nextOccurrence(schedule, now > sub.scheduleFrom ? now : sub.scheduleFrom);
  }

  #arm(sub: Subscription): void {
    this.#cron.arm(sub, this.canPostTo(sub.platform), () => this.fire(sub.id));
  }

  #disarm(id: number): void {
    this.#cron.disarm(id);
  }

  /** Run deliveries for one subscription one at a time, in order. */
  #serial<T>(id: number, fn: () => Promise<T>): Promise<T> {
    return this.#queue.run(id, fn);
  }
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A DigestStore, as opposed to a raw better-sqlite3 database. */
function isStore(db: Db | DigestStore): db is DigestStore {
  return typeof (db as DigestStore).takeOverExpired === 'function';
}
