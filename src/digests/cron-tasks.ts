/**
 * One node-cron task per subscription, firing at its local time in its zone. A task that cannot be created is logged;
 * the service's minute sweep still covers its subscription.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { log } from '../logger.js';
import { errText } from './occurrences.js';
import { cronExpression } from './schedule.js';
import { scheduleOf, type Subscription } from './store.js';

export class CronTasks {
  readonly #tasks = new Map<number, ScheduledTask>();

  /** (Re)create the subscription's task, calling `fire` at each occurrence; none when it has no schedule. */
  arm(sub: Subscription, canPost: boolean, fire: () => Promise<unknown>): void {
    this.disarm(sub.id);
    const schedule = scheduleOf(sub);
    if (!schedule || sub.pausedAt || !canPost) return;
    try {
      const task = cron.createTask(
        cronExpression(schedule),
        () => {
          void fire().catch((err) => log.error('digest run failed', { subscription: sub.id, error: errText(err) }));
        },
        { timezone: schedule.timezone, name: `digest-${sub.id}`, logger: cronLogger, suppressMissedWarning: true, unref: true },
      );
      void Promise.resolve(task.start()).catch((err) => log.error('digest schedule could not start', { subscription: sub.id, error: errText(err) }));
      this.#tasks.set(sub.id, task);
    } catch (err) {
      log.error('digest schedule could not be created; the minute sweep still covers it', { subscription: sub.id, error: errText(err) });
    }
  }

  disarm(id: number): void {
    const task = this.#tasks.get(id);
    if (!task) return;
    this.#tasks.delete(id);
    try {
      void Promise.resolve(task.destroy()).catch(() => undefined);
    } catch {
      /* already gone */
    }
  }

  disarmAll(): void {
    for (const id of [...this.#tasks.keys()]) this.disarm(id);
  }
}

const cronLogger = {
  info: (m: string) => log.debug(`node-cron: ${m}`),
  warn: (m: string) => log.warn(`node-cron: ${m}`),
  error: (m: string | Error, e?: Error) => log.error(`node-cron: ${errText(m)}`, e ? { error: errText(e) } : undefined),
  debug: (m: string | Error) => log.debug(`node-cron: ${errText(m)}`),
};
