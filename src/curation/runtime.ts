/**
 * Curation in the running bot: the service over the bot's shared state and current log, and the node-cron poll every
 * FEED_POLL_MINUTES. Every process runs the schedule; each round is polled by the one process that claims it (see
 * CurationService.pollRound). A feeds list that cannot be read, or a feed that cannot be reached, is logged and shown
 * by `about`; the bot carries on without it.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { hostname } from 'node:os';
import type { TimelineStore } from '../timeline/store.js';
import { CurationService } from './service.js';
import type { CurationStore } from './store.js';
import { loadFeeds, FeedsConfigError, type FeedDef } from './feeds.js';
import type { CurationServices, CuratorPolicy } from './permissions.js';
import { log } from '../logger.js';

export interface CurationRuntimeOptions {
  /** Curation's store on the configured engine (src/db/state.ts). */
  curation: CurationStore;
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
  const owner = `${hostname()}:${process.pid}`;
  const intervalMs = opts.pollMinutes * 60_000;
  const service = new CurationService({
    store: opts.curation,
    eventsPath: opts.eventsPath,
    feeds,
    timeline: () => opts.store.current,
    intervalMs,
  });
  // autocomplete's list of open candidates, read once before the first curator types
  void service.refreshChoices();
  let running = false;
  const poll = async () => {
    if (running || !feeds.length) return;
    running = true;
    try {
      // the round is named by the minute it is due (nearest, so processes whose clocks differ by seconds agree)
      const slot = new Date(Math.round(Date.now() / 60_000) * 60_000).toISOString();
      const res = await service.pollRound(slot, owner, intervalMs / 2);
      if (!res) log.debug('curation: this poll round belongs to another process', { slot });
      else log.info('curation: feeds polled', { read: res.ok, of: res.feeds, failed: res.failed.length || undefined, new: res.added });
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
