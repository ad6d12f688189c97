/**
 * The Web API client's retry policy and error helpers, shared by the app (app.ts) and the digest sink.
 * Pure: no Bolt or web-api imports at runtime.
 */

/** Retry policy for Web API calls (node-retry options, as @slack/web-api's `retryConfig`). */
export interface SlackRetryConfig {
  retries?: number;
  factor?: number;
  minTimeout?: number;
  maxTimeout?: number;
  randomize?: boolean;
}

/**
 * How @slack/web-api retries. On HTTP 429 the client itself pauses its queue for Retry-After and then
 * throws a retryable error ("A rate limit was exceeded …"), so every retry here waits Retry-After plus
 * this backoff (0.5 s → 8 s). Five retries fit well inside the digest engine's 120 s post timeout.
 * `rejectRateLimitedCalls` stays false, or 429s would fail at once instead of being retried.
 */
export const DEFAULT_RETRY: SlackRetryConfig = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 8_000, randomize: true };

/**
 * The error @slack/web-api 8 raises inside its retry loop after sleeping for Retry-After: a plain
 * Error "A rate limit was exceeded (…)", wrapped by the client in a WebAPIRequestError (`original`).
 */
export function isRateLimitRetry(err: unknown): boolean {
  const e = err as { message?: unknown; original?: { message?: unknown } } | undefined;
  const rate = (m: unknown) => typeof m === 'string' && m.startsWith('A rate limit was exceeded');
  return rate(e?.original?.message) || rate(e?.message);
}

/**
 * The retry config handed to the WebClient: the policy above, retrying **only rate limits**. By
 * default the client also retries network errors and non-200 answers, but a `chat.postMessage` that
 * failed that way may still have been posted — retrying it could post a digest twice. Such failures
 * are reported instead (the digest engine records them; the events go into the next digest). 429 is
 * safe: Slack rejected the call.
 */
export function rateLimitOnlyRetry(policy: SlackRetryConfig): SlackRetryConfig & { onFailedAttempt(err: Error): void } {
  return {
    ...policy,
    onFailedAttempt(err: Error) {
      if (!isRateLimitRetry(err)) throw err; // p-retry: throwing here stops retrying with this error
    },
  };
}

/** A short, loggable description of a Slack/Web API error. */
export function errorCode(err: unknown): string {
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number; message?: string };
  return e?.data?.error ?? (e?.statusCode ? `HTTP ${e.statusCode}` : undefined) ?? e?.code ?? e?.message ?? String(err);
}
