/**
 * Slack delivery for digests: `chat.postMessage` through the Bolt app's WebClient (its base URL and
 * retry policy), with fallback `text` plus Block Kit `blocks` from the Slack renderer.
 *
 * Retries are @slack/web-api's, not ours: a 429 sleeps for Retry-After and is sent again under the
 * app's `retryConfig` (`rejectRateLimitedCalls: false`). Nothing else is retried by the client (see
 * rateLimitOnlyRetry in app.ts): a post that failed on the network may have reached Slack, and a
 * blind retry could post it twice. What still fails is reported as a DeliveryError:
 *   channel_not_found                                       → gone
 *   not_in_channel, is_archived, missing_scope, restricted_action…, access denied / revoked token → forbidden
 *   anything else (rate limit still exceeded, network, 5xx) → transient
 *
 * Exactly once. Slack has no nonce on chat.postMessage. The engine claims each occurrence in SQLite
 * before posting, so it is attempted by one process, once. The nonce still travels with the post, as
 * message metadata (`nissan_honda_digest` / `{ nonce }`), which costs nothing and marks the message.
 * The one gap is a crash after Slack accepted the post and before the engine recorded it as sent:
 *   - by default (`idempotencyWindowMs` 0) the engine does not retry such a post after a restart; it
 *     marks it unconfirmed, and its events, still unseen by the channel, are listed again in the next
 *     digest. At worst a reader sees the same events in two consecutive digests — never the same
 *     digest twice, and never nothing.
 *   - with `historyCheck: true` (needs the `channels:history` / `groups:history` scopes and the bot in
 *     the channel) the sink first looks through the channel's recent history for a message carrying
 *     the same nonce and returns it instead of posting again; the engine may then retry interrupted
 *     posts for `historyWindowMs`, which closes the gap. One `conversations.history` call per post.
 */
import type { webApi } from '@slack/bolt';
import { DeliveryError, type DigestSink, type DigestTarget } from '../../digests/sink.js';
import type { Reply } from '../../replies/reply.js';
import { log } from '../../logger.js';
import { markupToMrkdwn, toSlackMessage, cutMrkdwn } from './render.js';
import { isRateLimitRetry } from './web-api.js';

type WebClient = webApi.WebClient;

/** Message metadata event type carrying the digest nonce. */
export const DIGEST_METADATA_TYPE = 'nissan_honda_digest';
/** How far back the optional history check looks, and so how long the engine may retry an interrupted post. */
export const DEFAULT_HISTORY_WINDOW_MS = 6 * 60 * 60_000;

export interface SlackDigestSinkOptions {
  /** The Bolt app's Web API client (`RunningSlack.client`). */
  client: WebClient;
  /** Look for an earlier copy (same nonce in message metadata) before posting. Default false. */
  historyCheck?: boolean;
  historyWindowMs?: number;
  now?: () => Date;
}

const GONE = new Set(['channel_not_found']);
const FORBIDDEN = new Set([
  'not_in_channel',
  'is_archived',
  'missing_scope',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'ekm_access_denied',
  'access_denied',
  'team_access_not_granted',
  'not_allowed_token_type',
  'no_permission',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'invalid_auth',
  'not_authed',
]);
/** Slack refused our blocks: the same post as text alone is tried once (the first was rejected, so no duplicate). */
const BLOCKS_REJECTED = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_blocks_too_long']);

/** A Web API failure as a DeliveryError. */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number; message?: string; retryAfter?: number };
  const platform = e?.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
  if (platform) {
    const kind = GONE.has(platform) ? 'gone' : FORBIDDEN.has(platform) ? 'forbidden' : 'transient';
    return new DeliveryError(kind, `Slack: ${platform}`, platform);
  }
  if (e?.code === 'slack_webapi_http_error') return new DeliveryError('transient', `Slack answered HTTP ${e.statusCode}`, undefined, e.statusCode);
  if (e?.code === 'slack_webapi_rate_limited_error' || isRateLimitRetry(err)) {
    return new DeliveryError('transient', 'Slack rate limit still exceeded after retries', 'ratelimited', 429);
  }
  if (e?.code === 'slack_webapi_request_error') return new DeliveryError('transient', `could not reach Slack: ${e.message ?? 'request failed'}`);
  return new DeliveryError('transient', e?.message ?? String(err));
}

/** The reply as one plain mrkdwn text (when Slack refuses the blocks). */
function textOnly(reply: Reply): string {
  const parts = [
    reply.title ? `*${markupToMrkdwn(reply.title)}*` : '',
    reply.body ? markupToMrkdwn(reply.body) : '',
    ...(reply.fields ?? []).map((f) => `*${markupToMrkdwn(f.name)}*\n${markupToMrkdwn(f.value)}`),
    reply.footer ? `_${markupToMrkdwn(reply.footer)}_` : '',
  ].filter(Boolean);
  return cutMrkdwn(parts.join('\n\n'), 3900) || 'Honda–Nissan digest';
}

export function createSlackDigestSink(opts: SlackDigestSinkOptions): DigestSink {
  const { client } = opts;
  const windowMs = opts.historyWindowMs ?? DEFAULT_HISTORY_WINDOW_MS;
  const now = () => opts.now?.() ?? new Date();

  /** The ts of a message in the channel's recent history that carries this nonce, if any. */
  async function findEarlierCopy(channel: string, nonce: string): Promise<string | undefined> {
    const oldest = ((now().getTime() - windowMs) / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const res = await client.conversations.history({ channel, oldest, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) });
      for (const m of res.messages ?? []) {
        const meta = (m as { metadata?: { event_type?: string; event_payload?: { nonce?: unknown } } }).metadata;
        if (meta?.event_type === DIGEST_METADATA_TYPE && meta.event_payload?.nonce === nonce && m.ts) return m.ts;
      }
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!res.has_more || !cursor) break;
    }
    return undefined;
  }

  return {
    platform: 'slack',
    ...(opts.historyCheck ? { idempotencyWindowMs: windowMs } : {}),
    async post(target: DigestTarget, reply: Reply, nonce: string) {
      const channel = target.channelId;
      if (opts.historyCheck) {
        try {
          const ts = await findEarlierCopy(channel, nonce);
          if (ts) {
            log.info('slack: digest already in the channel (same nonce); not posting again', { channel, ts });
            return { messageId: ts };
          }
        } catch (err) {
          // Without the check a retry could duplicate; report it instead (the events go into the next digest).
          throw toDeliveryError(err);
        }
      }
      // A channel post is never ephemeral and carries no buttons (nobody could page it later).
      const msg = toSlackMessage({ ...reply, ephemeral: false, buttons: undefined });
      const base = {
        channel,
        unfurl_links: false,
        unfurl_media: false,
        metadata: { event_type: DIGEST_METADATA_TYPE, event_payload: { nonce } },
      };
      try {
        const res = await client.chat.postMessage({ ...base, text: msg.text, blocks: msg.blocks });
        return { messageId: res.ts };
      } catch (err) {
        const code = (err as { data?: { error?: string } }).data?.error;
        if (!code || !BLOCKS_REJECTED.has(code)) throw toDeliveryError(err);
        log.warn('slack: blocks refused; posting the digest as text only', { channel, error: code });
        try {
          const res = await client.chat.postMessage({ ...base, text: textOnly({ ...reply, buttons: undefined }) });
          return { messageId: res.ts };
        } catch (err2) {
          throw toDeliveryError(err2);
        }
      }
    },
  };
}
