/**
 * Curation in the running bot: the service over the bot's database and current log, and the node-cron poll every
 * FEED_POLL_MINUTES. A feeds list that cannot be read, or a feed that cannot be reached, is logged and shown by
 * `about`; the bot carries on without it.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../db/database.js';
import type { TimelineStore } from '../timeline/store.js';
import { CurationService } from './service.js';
import { CurationStore } from './store.js';
import { loadFeeds, FeedsConfigError, type FeedDef } from './feeds.js';
import type { CurationServices, CuratorPolicy } from './permissions.js';
import { log } from '../logger.js';

export interface CurationRuntimeOptions {
  db: Db;
  store: TimelineStore;
  eventsPath: string;
  feedsPath: string;
  pollMinutes: number;
  policy: CuratorPolicy;
}

export interface CurationRuntime extends CurationServices {
  stop(): void;
}

/** node-cron's expression for "every N minutes" (N < 60), or every whole number of hours. */
export function pollExpression(minutes: number): string {
  if (minutes < 60) return `*/${Math.max(1, Math.round(minutes))} * * * *`;
  return `0 */${Math.min(23, Math.max(1, Math.round(minutes / 60)))} * * *`;
}

export function startCuration(opts: CurationRuntimeOptions): CurationRuntime {
  let feeds: FeedDef[] = [];
  try {
    feeds = loadFeeds(opts.feedsPath);
  } catch (err) {
    if (!(err instanceof FeedsConfigError)) throw err;
    log.warn('curation: no feeds are watched', { reason: err.message });
  }
  const service = new CurationService({
    store: new CurationStore(opts.db),
    eventsPath: opts.eventsPath,
    feeds,
    timeline: () => opts.store.current,
    intervalMs: opts.pollMinutes * 60_000,
  });
  let running = false;
  const poll = async () => {
    if (running || !feeds.length) return;
    running = true;
    try {
      const res = await service.poll();
      log.info('curation: feeds polled', { read: res.ok, of: res.feeds, failed: res.failed.length || undefined, new: res.added });
    } catch (err) {
      log.error('curation: poll failed', { error: (err as Error)?.message ?? String(err) });
    } finally {
      running = false;
    }
  };
  let task: ScheduledTask | undefined;
  if (opts.pollMinutes > 0 && feeds.length) {
    task = cron.createTask(pollExpression(opts.pollMinutes), () => void poll(), { name: 'feed-poll', suppressMissedWarning: true, unref: true });
    void Promise.resolve(task.start()).catch((err) => log.error('curation: the poll schedule could not start', { error: String(err) }));
    // the first poll soon after start, not up to N minutes later
    setTimeout(() => void poll(), 5_000).unref();
  }
  return {
    service,
    policy: opts.policy,
    stop() {
      void Promise.resolve(task?.stop()).catch(() => undefined);
    },
  };
}
