/**
 * One round of polling: each feed that is due is fetched (conditionally), its items normalised, de-duplicated
 * against known candidates and every source already in the log, scored, and the story's items kept as candidates.
 * A failing feed backs off (doubling up to a day, or its Retry-After) without holding up the others.
 */
import type { Timeline } from '../timeline/timeline.js';
import type { FeedDef } from './feeds.js';
import { fetchFeed, type FetchOptions } from './fetch.js';
import { canonicalUrl } from './urls.js';
import type { Candidate, CurationStore, PollRecord } from './store.js';
import { log } from '../logger.js';

export const MAX_BACKOFF_MS = 24 * 3600_000;
/** Items older than this are history the log covers or chose to leave out, not news. */
export const MAX_ITEM_AGE_MS = 30 * 86_400_000;

export interface PollOptions {
  feeds: readonly FeedDef[];
  store: CurationStore;
  timeline: Timeline;
  now?: Date;
  /** Fetch every feed, even one backing off (the command line's `poll`). */
  force?: boolean;
  /** The regular interval: the first step of a failing feed's backoff. */
  intervalMs?: number;
  fetch?: Pick<FetchOptions, 'timeoutMs' | 'maxBytes'>;
}

export interface FeedResult {
  feed: FeedDef;
  status: 'ok' | 'not-modified' | 'failed' | 'skipped';
  reason?: string;
  /** Failures in a row, this one included (failed), or before this success (ok / not-modified). */
  failures?: number;
  items: number;
  added: number;
}

export interface PollResult extends PollRecord {
  results: FeedResult[];
  candidates: Candidate[];
}

/** Every source URL in the log, canonical. */
export function logUrls(timeline: Timeline): Set<string> {
  const out = new Set<string>();
  for (const e of timeline.events) for (const s of e.sources) out.add(canonicalUrl(s.url) ?? s.url);
  return out;
}

export async function pollFeeds(opts: PollOptions): Promise<PollResult> {
  const now = opts.now ?? new Date();
  const intervalMs = opts.intervalMs ?? 30 * 60_000;
  const known = logUrls(opts.timeline);
  // the answers engine is loaded only to poll (the command line's other commands start without it)
  const { relevance } = await import('./relevance.js');
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = turn.then(fn);
    turn = run.catch(() => undefined);
    return run;
  };
  const results = await Promise.all(
    opts.feeds.map(async (feed): Promise<FeedResult & { found: Candidate[] }> => {
      const state = await opts.store.feedState(feed.url);
      if (!opts.force && state.nextPollAt && Date.parse(state.nextPollAt) > now.getTime()) {
        return { feed, status: 'skipped', reason: `backing off until ${state.nextPollAt}`, items: 0, added: 0, found: [] };
      }
      const out = await fetchFeed(feed.url, { ...opts.fetch, etag: state.etag, lastModified: state.lastModified });
      const polledAt = new Date().toISOString();
      if (out.kind === 'failed') {
        const failures = state.failures + 1;
        const wait = Math.min(MAX_BACKOFF_MS, Math.max(out.retryAfterMs ?? 0, intervalMs * 2 ** (failures - 1)));
        await opts.store.saveFeedState({ ...state, failures, lastPolledAt: polledAt, lastStatus: 'failed', lastError: out.reason, nextPollAt: new Date(now.getTime() + wait).toISOString() });
        return { feed, status: 'failed', reason: out.reason, failures, items: 0, added: 0, found: [] };
      }
      const base = { ...state, failures: 0, lastPolledAt: polledAt, lastError: undefined, nextPollAt: undefined };
      if (out.kind === 'not-modified') {
        await opts.store.saveFeedState({ ...base, lastStatus: 'not-modified' });
        return { feed, status: 'not-modified', failures: state.failures, items: 0, added: 0, found: [] };
      }
      // one feed's items at a time: "is this headline known?" and the insert must not interleave with another feed's
      const found = await inTurn(async () => {
        const found: Candidate[] = [];
        for (const item of out.items) {
          const url = canonicalUrl(item.link);
          if (!url || known.has(url)) continue;
          if (item.published && now.getTime() - Date.parse(item.published) > MAX_ITEM_AGE_MS) continue;
          if (await opts.store.knows(url, item.title)) continue;
          const r = relevance(item.title, item.summary);
          if (r.score <= 0) continue;
          const c = await opts.store.addCandidate({
            url,
            title: item.title,
            summary: item.summary,
            feed: feed.name,
            publisher: item.publisher ?? out.feedTitle ?? feed.name,
            published: item.published,
            foundAt: now.toISOString(),
            score: r.score,
            companies: r.companies,
            topics: r.topics,
          });
          if (c) found.push(c);
        }
        return found;
      });
      await opts.store.saveFeedState({ ...base, lastStatus: 'ok', etag: out.etag, lastModified: out.lastModified });
      return { feed, status: 'ok', failures: state.failures, items: out.items.length, added: found.length, found };
    }),
  );
  const failed = results.filter((r) => r.status === 'failed').map((r) => ({ name: r.feed.name, reason: r.reason ?? 'failed' }));
  // quietly: a feed that stops answering is reported once, and again when it is back
  for (const r of results) {
    if (r.status === 'failed') (r.failures === 1 ? log.warn : log.debug)('feed could not be read; retrying with backoff', { feed: r.feed.name, reason: r.reason, failures: r.failures });
    else if ((r.status === 'ok' || r.status === 'not-modified') && r.failures) log.info('feed readable again', { feed: r.feed.name });
  }
  const record: PollRecord = {
    at: now.toISOString(),
    feeds: results.filter((r) => r.status !== 'skipped').length,
    ok: results.filter((r) => r.status === 'ok' || r.status === 'not-modified').length,
    failed,
    added: results.reduce((n, r) => n + r.added, 0),
  };
  await opts.store.recordPoll(record);
  return { ...record, results: results.map(({ found: _f, ...r }) => r), candidates: results.flatMap((r) => r.found) };
}
