/**
 * Posting one claimed delivery and recording what happened, while keeping the claim's lease: the
 * deliveries this process holds (posting, or taken over and waiting their turn) are renewed by
 * `renew`, so no other process takes them over. A database that fails after the platform accepted a
 * post leaves the claim pending; its lease lapses and whoever takes it over posts it again with the
 * same nonce, which the platform answers with the message already created.
 */
import type { Reply } from '../replies/reply.js';
import { log } from '../logger.js';
import { asDeliveryError, DeliveryError, type DigestPlatform, type DigestSink } from './sink.js';
import type { Delivery, DigestStore, Subscription } from './store.js';

export type PostResult = { ok: true; messageId?: string } | { ok: false; status: 'failed' | 'unconfirmed'; error: DeliveryError };

export interface PosterOptions {
  db: DigestStore;
  sinks: ReadonlyMap<DigestPlatform, DigestSink>;
  now: () => Date;
  /** A post without an answer for this long is given up (left unconfirmed). */
  timeoutMs: number;
  /** The subscription has just paused after repeated failures. */
  onPaused(sub: Subscription, after: Subscription): void;
}

export class Poster {
  readonly #held = new Set<number>();

  constructor(private readonly o: PosterOptions) {}

  /** This process holds the delivery from now on: its lease is renewed until `release`. */
  hold(id: number): void {
    this.#held.add(id);
  }

  release(id: number): void {
    this.#held.delete(id);
  }

  holds(id: number): boolean {
    return this.#held.has(id);
  }

  /** Extend the leases of every delivery this process holds. */
  async renew(now: Date): Promise<void> {
    if (this.#held.size) await this.o.db.renewLeases([...this.#held], now);
  }

  async post(
    sub: Subscription,
    delivery: Delivery,
    reply: Reply,
  ): Promise<PostResult> {
    // While the post is in flight this process renews its lease, so no other process takes it over.
    this.hold(delivery.id);
    try {
      return await this.#postAndRecord(sub, delivery, reply);
    } finally {
      this.release(delivery.id);
    }
  }

  async #postAndRecord(
    sub: Subscription,
    delivery: Delivery,
    reply: Reply,
  ): Promise<PostResult> {
    const sink = this.o.sinks.get(sub.platform);
    const timeoutMs = this.o.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = Symbol('timeout');
    let res: { messageId?: string } | typeof timedOut;
    try {
      if (!sink) throw new DeliveryError('transient', `no ${sub.platform} connection is configured`);
      const posting = sink.post({ channelId: sub.channelId, guildId: sub.guildId }, reply, delivery.nonce);
      // A late answer still settles the delivery (sent after all), even if we stopped waiting.
      posting.then(
        async (r) => {
          try {
            if ((await this.o.db.getDelivery(delivery.id))?.status === 'unconfirmed') await this.o.db.markSent(delivery, r.messageId, this.o.now());
          } catch (err) {
            log.warn('a late digest answer could not be recorded', { subscription: sub.id, error: errText(err) });
          }
        },
        () => undefined,
      );
      res = await Promise.race([posting, new Promise<typeof timedOut>((r) => (timer = setTimeout(() => r(timedOut), timeoutMs)))]);
    } catch (err) {
      const e = asDeliveryError(err);
      await this.#fail(sub, delivery, e, 'failed');
      return { ok: false, status: 'failed', error: e };
    } finally {
      clearTimeout(timer);
    }
    if (res === timedOut) {
      const err = new DeliveryError('transient', `no answer from ${sub.platform} within ${Math.round(timeoutMs / 1000)} s`);
      await this.#fail(sub, delivery, err, 'unconfirmed');
      return { ok: false, status: 'unconfirmed', error: err };
    }
    try {
      await this.o.db.markSent(delivery, res.messageId, this.o.now());
    } catch (err) {
      // Posted, but the database is out of reach: the claim stays pending, its lease lapses, and whoever
      // takes it over posts it again with the same nonce, which the platform answers with this message.
      log.warn('digest posted but not yet recorded; it will be confirmed through its nonce', { subscription: sub.id, occurrence: delivery.occurrence, error: errText(err) });
      return { ok: true, messageId: res.messageId };
    }
    log.info(delivery.kind === 'test' ? 'digest test send posted' : 'digest posted', {
      subscription: sub.id,
      channel: sub.channelId,
      occurrence: delivery.occurrence,
      events: delivery.eventIds.length,
    });
    return { ok: true, messageId: res.messageId };
  }

  async #fail(sub: Subscription, delivery: Delivery, e: DeliveryError, status: 'failed' | 'unconfirmed'): Promise<void> {
    log.warn('digest delivery failed', { subscription: sub.id, channel: sub.channelId, occurrence: delivery.occurrence, kind: e.kind, code: e.code, error: e.message });
    let after: Subscription | undefined;
    try {
      after = await this.o.db.markFailed(delivery, e.kind, e.message, this.o.now(), status);
    } catch (err) {
      // Left pending: once its lease lapses it is taken over and retried (or settled) like a crash.
      log.warn('a failed digest delivery could not be recorded', { subscription: sub.id, occurrence: delivery.occurrence, error: errText(err) });
      return;
    }
    if (after?.pausedAt && !sub.pausedAt) this.o.onPaused(sub, after);
  }
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
