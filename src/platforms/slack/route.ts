/**
 * `POST /slack/events` on the shared HTTP front: the body arrives already capped (64 KiB); here Slack's signature
 * (HMAC-SHA256 over `v0:<timestamp>:<body>`) is checked before anything parses it, a timestamp more than 5 minutes
 * from now in either direction is refused, and a (timestamp, signature) pair seen before is refused. Only then is the
 * verified body handed to Bolt's own request listener, which checks the signature a second time and dispatches.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { log } from '../../logger.js';
import { memoryReplayCheck, type ReplayCheck } from '../../db/replay.js';
import { Rejected, type Route } from '../http/front.js';

/** Slack's window for `X-Slack-Request-Timestamp`, applied both ways. */
export const SLACK_MAX_SKEW_MS = 5 * 60 * 1000;
/** A pair must be remembered as long as a timestamp can pass the window: 5 minutes either side. */
export const SLACK_REPLAY_WINDOW_MS = 2 * SLACK_MAX_SKEW_MS;
/** Where Slack's `response_url`s point; an answer never goes anywhere else (SLACK_RESPONSE_URL_ORIGINS adds more). */
export const SLACK_RESPONSE_ORIGINS = ['https://hooks.slack.com'];

const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{1,12}$/;

export interface SlackRouteOptions {
  signingSecret: string;
  /** Bolt's HTTPReceiver listener; it gets the request with `rawBody` set. */
  requestListener: RequestListener;
  /** Where (timestamp, signature) pairs are remembered for SLACK_REPLAY_WINDOW_MS. */
  replays: ReplayCheck;
  /** Origins a `response_url` may point at. Default SLACK_RESPONSE_ORIGINS. */
  responseOrigins?: readonly string[];
  /** Clock for the timestamp window (tests). */
  now?: () => number;
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v;
}

/** The response_url a form body carries (slash commands) or its JSON `payload` (interactions), if any. */
function responseUrlOf(form: URLSearchParams): string | undefined {
  const direct = form.get('response_url');
  if (direct !== null) return direct;
  const payload = form.get('payload');
  if (payload === null) return undefined;
  try {
    const p = JSON.parse(payload) as { response_url?: unknown; response_urls?: { response_url?: unknown }[] };
    return typeof p?.response_url === 'string' ? p.response_url : undefined;
  } catch {
    return undefined;
  }
}

function allowedUrl(url: string, origins: readonly string[]): boolean {
  try {
    const u = new URL(url);
    return origins.some((o) => u.origin === new URL(o).origin);
  } catch {
    return false;
  }
}

export function slackRoute(opts: SlackRouteOptions): Route {
  const secret = opts.signingSecret;
  const now = opts.now ?? Date.now;
  const origins = opts.responseOrigins ?? SLACK_RESPONSE_ORIGINS;
  const fallback = memoryReplayCheck(SLACK_REPLAY_WINDOW_MS);
  let storeFailing = false;
  return {
    path: '/slack/events',
    methods: ['POST'],
    async handle(body, ex) {
      const { req, res } = ex;
      const sig = single(req.headers['x-slack-signature']);
      const ts = single(req.headers['x-slack-request-timestamp']);
      const form = /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '') ? new URLSearchParams(body.toString('utf8')) : undefined;
      // Slack's SSL check may come unsigned; it runs nothing and needs only a 200.
      if (!sig && form?.get('ssl_check') === '1') return { status: 200 };
      if (!sig || !ts) throw new Rejected({ status: 401, reason: 'missing Slack signature headers' });
      if (!SIGNATURE.test(sig)) throw new Rejected({ status: 401, reason: 'malformed Slack signature' });
      if (!TIMESTAMP.test(ts)) throw new Rejected({ status: 401, reason: 'malformed Slack timestamp' });
      const at = now();
      if (!(Math.abs(at - Number(ts) * 1000) <= SLACK_MAX_SKEW_MS)) throw new Rejected({ status: 401, reason: 'timestamp outside the 5-minute window' });
      const expected = createHmac('sha256', secret).update(`v0:${ts}:`).update(body).digest();
      if (!timingSafeEqual(expected, Buffer.from(sig.slice(3), 'hex'))) throw new Rejected({ status: 401, reason: 'Slack signature does not match' });
      const key = `slack:${ts}:${sig.slice(3)}`;
      let replayed: boolean;
      try {
        replayed = (await opts.replays.check(key, at)) || (await fallback.check(key, at));
        storeFailing = false;
      } catch (err) {
        // The database cannot record it: this process still remembers it (logged once per outage).
        if (!storeFailing) log.warn('slack: replay record not written to the database; remembering in memory meanwhile', { error: (err as Error).message });
        storeFailing = true;
        replayed = await fallback.check(key, at);
      }
      if (replayed) throw new Rejected({ status: 401, reason: 'replayed Slack request (timestamp and signature already seen)' });
      const responseUrl = form ? responseUrlOf(form) : undefined;
      if (responseUrl !== undefined && !allowedUrl(responseUrl, origins)) {
        throw new Rejected({ status: 400, reason: `response_url is not a Slack URL (${responseUrl.slice(0, 60)})` });
      }
      (req as typeof req & { rawBody?: Buffer }).rawBody = body;
      opts.requestListener(req, res);
      return undefined;
    },
  };
}
