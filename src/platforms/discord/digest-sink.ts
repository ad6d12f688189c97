/**
 * Discord delivery for digests: `POST /channels/:id/messages` through @discordjs/rest (as re-exported
 * by discord.js), with the digest's nonce and `enforce_nonce: true`, so a retried post — by
 * @discordjs/rest after a 5xx or a timeout, or by the digest service after a restart — returns the
 * message already created instead of posting twice (Discord keeps nonces for a few minutes).
 *
 * Retries are @discordjs/rest's, not ours: a 429 waits for `retry-after` and is sent again (queued
 * per route, never rejected, since `rejectOnRateLimit` is null); a 5xx or a network timeout is retried
 * `retries` times (default 3). What is still failing after that is reported as a DeliveryError:
 *   404 / 10003 Unknown Channel                    → gone
 *   403 / 50001 Missing Access, 50013 Missing Permissions → forbidden
 *   anything else                                  → transient
 */
import { DiscordAPIError, HTTPError, REST, Routes, type RESTPostAPIChannelMessageResult } from 'discord.js';
import { DeliveryError, type DigestSink, type DigestTarget } from '../../digests/sink.js';
import type { Reply } from '../../replies/reply.js';
import { toDiscordApiMessage } from './render.js';

/** How long a retry with the same nonce is still deduplicated. Discord documents "the past few minutes"; be conservative. */
export const DISCORD_NONCE_WINDOW_MS = 2 * 60_000;

export interface DiscordDigestSinkOptions {
  /** A configured REST client (e.g. the gateway client's `client.rest`), or… */
  rest?: REST;
  /** …a bot token and optional API base URL (DISCORD_API_URL) to build one. */
  token?: string;
  api?: string;
  /** @discordjs/rest retries for 5xx and timeouts (default 3). */
  retries?: number;
  /** @discordjs/rest request timeout in ms (default 15 000). */
  timeoutMs?: number;
}

const GONE_CODES = new Set([10003 /* Unknown Channel */]);
const FORBIDDEN_CODES = new Set([50001 /* Missing Access */, 50013 /* Missing Permissions */]);

/** A Discord REST failure as a DeliveryError. */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DiscordAPIError) {
    const code = typeof err.code === 'number' ? err.code : Number(err.code);
    if (GONE_CODES.has(code) || err.status === 404) return new DeliveryError('gone', err.message, err.code, err.status);
    if (FORBIDDEN_CODES.has(code) || err.status === 403) return new DeliveryError('forbidden', err.message, err.code, err.status);
    return new DeliveryError('transient', err.message, err.code, err.status);
  }
  if (err instanceof HTTPError) return new DeliveryError('transient', `${err.status} ${err.message}`, undefined, err.status);
  if (err instanceof DeliveryError) return err;
  const e = err as { name?: string; message?: string };
  return new DeliveryError('transient', e?.name === 'AbortError' ? 'Discord did not answer in time' : (e?.message ?? String(err)));
}

export function createDiscordDigestSink(opts: DiscordDigestSinkOptions): DigestSink {
  const rest =
    opts.rest ??
    new REST({
      ...(opts.api ? { api: opts.api } : {}),
      retries: opts.retries ?? 3,
      timeout: opts.timeoutMs ?? 15_000,
    }).setToken(opts.token ?? '');
  if (!opts.rest && !opts.token) throw new Error('createDiscordDigestSink needs a REST client or a token');

  return {
    platform: 'discord',
    idempotencyWindowMs: DISCORD_NONCE_WINDOW_MS,
    async post(target: DigestTarget, reply: Reply, nonce: string) {
      // A channel post is never ephemeral and carries no buttons (nobody could page it later).
      const { flags: _flags, ...message } = toDiscordApiMessage({ ...reply, ephemeral: false, buttons: undefined });
      try {
        const res = (await rest.post(Routes.channelMessages(target.channelId), {
          body: { ...message, nonce, enforce_nonce: true },
        })) as RESTPostAPIChannelMessageResult;
        return { messageId: res.id };
      } catch (err) {
        throw toDeliveryError(err);
      }
    },
  };
}
