/**
 * The digest occurrences themselves, for the service (service.ts): which occurrence of a subscription is due and its
 * claim, an alert's claim, building the reply and claiming it before anything is posted, posting what was claimed,
 * and finishing a delivery another run left pending (a crash, or a process whose lease expired). The service decides
 * when these run; everything here runs inside its per-subscription queue.
 */
import pLimit from 'p-limit';
import { createHash } from 'node:crypto';
import type { Reply } from '../replies/reply.js';
import type { Timeline } from '../timeline/timeline.js';
import type { UnreviewedItem } from '../curation/unreviewed.js';
import { log } from '../logger.js';
import { contextEvents, digestReply, newEvents, resolveEvents } from './engine.js';
import type { Poster } from './poster.js';
import { occurrencesBetween } from './schedule.js';
import type { DigestPlatform, DigestSink } from './sink.js';
import { scheduleOf, type Delivery, type DeliveryKind, type DigestStore, type Subscription } from './store.js';
import type { DigestServiceOptions, ProcessOutcome } from './service-api.js';

/** An occurrence processed this close to its time counts as on time (node-cron jitter, the sweep's minute). */
export const LIVE_GRACE_MS = 5 * 60_000;
/** How many channels' claims are prepared at once (the posts themselves are not limited here). */
const CLAIM_CONCURRENCY = 16;

export interface OccurrenceDeps {
  db: DigestStore;
  /** The log as it is now. */
  timeline: () => Timeline;
  sinks: ReadonlyMap<DigestPlatform, DigestSink>;
  poster: Poster;
  now: () => Date;
  catchupMs: number;
  canPostTo(platform: string): boolean;
  unreviewed?: DigestServiceOptions['unreviewed'];
}

/** A claimed delivery, about to be posted. */
interface Claimed {
  sub: Subscription;
  delivery: Delivery;
  reply: Reply;
}

export class Occurrences {
  /** Bounds the database work of claiming (not the posting): thousands of due channels do not queue thousands of queries at once. */
  readonly #claims = pLimit(CLAIM_CONCURRENCY);

  constructor(private readonly deps: OccurrenceDeps) {}

  /** Finish a pending delivery taken over from a crashed run: repeated with its nonce while the platform deduplicates it, else settled. */
  async recoverOne(sub: Subscription, d: Delivery): Promise<ProcessOutcome> {
    const now = this.deps.now();
    const sink = this.deps.sinks.get(sub.platform)!;
    const window = sink.idempotencyWindowMs ?? 0;
    const startedAt = d.postingAt ?? d.createdAt;
    const age = now.getTime() - startedAt.getTime();
    const tooLate = now.getTime() - d.scheduledFor.getTime() > Math.max(this.deps.catchupMs, LIVE_GRACE_MS);
    if (d.kind === 'test') {
      await this.deps.db.settle(d, 'unconfirmed', 'test send interrupted by a restart; not repeated', now);
      return { occurrence: d.occurrence, status: 'unconfirmed' };
    }
    if (d.attempts === 0 && tooLate) {
      await this.deps.db.settle(d, 'skipped', 'recorded but never posted, and now older than the catch-up window', now);
      return { occurrence: d.occurrence, status: 'skipped' };
    }
    if (d.attempts > 0 && age > window) {
      // The interrupted attempt may have reached the platform, which no longer deduplicates the nonce.
      await this.deps.db.settle(d, 'unconfirmed', 'interrupted while posting; not repeated to avoid a duplicate (its events will appear in the next digest)', now);
      log.warn('digest delivery left unconfirmed after a restart', { subscription: sub.id, occurrence: d.occurrence, ageMs: age });
      return { occurrence: d.occurrence, status: 'unconfirmed' };
    }
    const timeline = this.deps.timeline();
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
      await this.deps.db.settle(d, 'empty', 'its events are no longer in the log', now);
      return { occurrence: d.occurrence, status: 'empty' };
    }
    log.info('retrying an interrupted digest delivery with its original nonce', { subscription: sub.id, occurrence: d.occurrence });
    await this.deps.db.startAttempt(d.id, now);
    const res = await this.deps.poster.post(sub, (await this.deps.db.getDelivery(d.id)) ?? d, reply);
    return { occurrence: d.occurrence, status: res.ok ? 'sent' : res.status };
  }

  /** Claim and post the subscription's due occurrence, recording missed ones as skipped. */
  async processDue(subscriptionId: number): Promise<ProcessOutcome[]> {
    const plan = await this.#claims(() => this.#planDue(subscriptionId));
    if (plan.claimed) plan.out.push(await this.#postClaimed(plan.claimed));
    return plan.out;
  }

  /** Which occurrence is due, and its claim (a bounded number of these run at once: see #claims). */
  async #planDue(subscriptionId: number): Promise<{ out: ProcessOutcome[]; claimed?: Claimed }> {
    const out: ProcessOutcome[] = [];
    const sub = await this.deps.db.getSubscription(subscriptionId);
    const schedule = sub && scheduleOf(sub);
    if (!sub || !schedule || sub.pausedAt || !this.deps.canPostTo(sub.platform)) return { out };
    const now = this.deps.now();
    const last = await this.deps.db.lastScheduledOccurrence(sub.id);
    const after = last && last > sub.scheduleFrom ? last : sub.scheduleFrom;
    const due = occurrencesBetween(schedule, after, now);
    if (!due.length) return { out };
    const bound = Math.max(this.deps.catchupMs, LIVE_GRACE_MS);
    const latest = due[due.length - 1];
    const lateBy = now.getTime() - latest.getTime();
    // Never a burst: every missed occurrence but the latest is recorded as skipped…
    for (const t of due.slice(0, -1)) {
      const claimed = await this.deps.db.claim(sub, { occurrence: t.toISOString(), kind: 'catch-up', scheduledFor: t, status: 'skipped', error: 'missed while the bot was offline; superseded by a later occurrence' }, now);
      if (claimed) out.push({ occurrence: claimed.occurrence, status: 'skipped' });
    }
    // …and the latest is posted if it is on time or within the catch-up window.
    if (lateBy > bound) {
      const claimed = await this.deps.db.claim(sub, { occurrence: latest.toISOString(), kind: 'catch-up', scheduledFor: latest, status: 'skipped', error: `missed while the bot was offline; more than ${this.deps.catchupMs / 3_600_000} h late` }, now);
      if (claimed) {
        log.info('digest occurrence skipped: older than the catch-up window', { subscription: sub.id, occurrence: claimed.occurrence });
        out.push({ occurrence: claimed.occurrence, status: 'skipped' });
      }
      return { out };
    }
    const res = await this.#claim(sub, latest.toISOString(), latest, lateBy > LIVE_GRACE_MS ? 'catch-up' : 'scheduled');
    if ('outcome' in res) out.push(res.outcome);
    return { out, claimed: 'claimed' in res ? res.claimed : undefined };
  }

  /** News not yet reviewed for a daily or weekly digest; undefined for alerts, or when it cannot be read. */
  async unreviewed(sub: Subscription, at: Date): Promise<readonly UnreviewedItem[] | undefined> {
    if (sub.frequency === 'alerts' || !this.deps.unreviewed) return undefined;
    try {
      return await this.deps.unreviewed(sub, at);
    } catch (err) {
      log.warn('digest: news not yet reviewed could not be read; posting without it', { subscription: sub.id, error: errText(err) });
      return undefined;
    }
  }

  /** Claim and post an alert for the log's events the channel has not seen. */
  async processAlerts(subscriptionId: number): Promise<ProcessOutcome[]> {
    const res = await this.#claims(async () => {
      const sub = await this.deps.db.getSubscription(subscriptionId);
      if (!sub || sub.frequency !== 'alerts' || sub.pausedAt || !this.deps.canPostTo(sub.platform)) return undefined;
      const timeline = this.deps.timeline();
      const events = newEvents(timeline, await this.deps.db.seenIds(sub.id), await this.deps.db.pendingEventIds(sub.id));
      if (!events.length) return undefined;
      const key = createHash('sha256').update(events.map((e) => e.id).sort().join('\n')).digest('hex').slice(0, 24);
      return this.#claim(sub, `alert:${key}`, this.deps.now(), 'alert');
    });
    if (!res) return [];
    return ['outcome' in res ? res.outcome : await this.#postClaimed(res.claimed)];
  }

  /**
   * Build and claim. Whatever slips in between the build and the claim (another process claiming the
   * same occurrence, or an alert's events) makes the claim fail, and this process does nothing.
   */
  async #claim(sub: Subscription, occurrence: string, scheduledFor: Date, kind: DeliveryKind): Promise<{ outcome: ProcessOutcome } | { claimed: Claimed }> {
    const now = this.deps.now();
    const timeline = this.deps.timeline();
    const events = newEvents(timeline, await this.deps.db.seenIds(sub.id), await this.deps.db.pendingEventIds(sub.id));
    const first = sub.frequency !== 'alerts' && !(await this.deps.db.hasDelivered(sub.id));
    const context = first ? contextEvents(timeline, events) : [];
    const reply = digestReply({ subscription: sub, timeline, events, context, first, kind, at: scheduledFor, unreviewed: await this.unreviewed(sub, scheduledFor) });
    if (!reply) {
      const claimed = await this.deps.db.claim(sub, { occurrence, kind, scheduledFor, status: 'empty' }, now);
      return { outcome: { occurrence, status: claimed ? 'empty' : 'already-recorded' } };
    }
    const delivery = await this.deps.db.claim(
      sub,
      { occurrence, kind, scheduledFor, status: 'pending', eventIds: events.map((e) => e.id), contextIds: context.map((e) => e.id), first },
      now,
    );
    if (!delivery) return { outcome: { occurrence, status: 'already-recorded' } };
    return { claimed: { sub, delivery, reply } };
  }

  /** Post a claimed delivery and settle it. */
  async #postClaimed({ sub, delivery, reply }: Claimed): Promise<ProcessOutcome> {
    const res = await this.deps.poster.post(sub, delivery, reply);
    return { occurrence: delivery.occurrence, status: res.ok ? 'sent' : res.status };
  }
}

/** An error's message for the log. */
export function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
