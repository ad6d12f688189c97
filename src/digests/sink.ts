/**
 * What a chat platform provides to the digest engine: a way to post one Reply to one channel.
 * The engine decides what to post and when; a sink only posts, and reports failures as DeliveryError.
 * Nothing here imports discord.js or Slack.
 */
import type { Reply } from '../replies/reply.js';

export type DigestPlatform = 'discord' | 'slack';

export interface DigestTarget {
  channelId: string;
  guildId?: string;
}

export interface DigestSink {
  platform: DigestPlatform;
  /**
   * Post `reply` to the channel. `nonce` (≤ 25 characters) is the same for every attempt at the same
   * occurrence; a platform that can deduplicate on it (Discord's `enforce_nonce`) must send it.
   * Throws DeliveryError; anything else thrown counts as transient.
   */
  post(target: DigestTarget, reply: Reply, nonce: string): Promise<{ messageId?: string }>;
  /**
   * How long after an attempt the platform still deduplicates a retry with the same nonce (Discord:
   * "the past few minutes"). A post that was interrupted (crash, kill -9) is retried on start only
   * within this window; older interrupted posts are marked unconfirmed instead of risking a duplicate.
   * 0 or absent: the platform cannot deduplicate, so interrupted posts are never retried.
   */
  idempotencyWindowMs?: number;
}

/** gone: the channel no longer exists. forbidden: the bot may not post there. transient: anything else. */
export type FailureKind = 'gone' | 'forbidden' | 'transient';

export class DeliveryError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** The platform's own code, e.g. Discord 10003 / 50001 or Slack `channel_not_found`. */
    readonly code?: string | number,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Any thrown value as a DeliveryError (unknown errors are transient). */
export function asDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DeliveryError('transient', message || 'unknown error');
}

/** "the channel no longer exists", shown in `digest list`. */
export function describeFailure(kind: FailureKind): string {
  switch (kind) {
    case 'gone':
      return 'the channel no longer exists';
    case 'forbidden':
      return 'the bot is not allowed to post there';
    default:
      return 'the platform did not accept the post';
  }
}
