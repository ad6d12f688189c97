/** `/healthz`: the event log's state plus any other checks (the database), as one report. */
import type { TimelineStore } from '../../timeline/store.js';
import type { HealthReport } from './front.js';

export function healthOf(store: TimelineStore, extra?: () => HealthReport): () => HealthReport {
  return () => {
    // A store always holds a validated log (possibly empty, which is valid): the log check is being here at all.
    const checks: Record<string, boolean | string> = { log: true, logVersion: store.current.version };
    if (store.lastError) checks.logReload = 'last change rejected; serving the last good log';
    let ok = true;
    if (extra) {
      try {
        const more = extra();
        Object.assign(checks, more.checks);
        ok = more.ok;
      } catch (err) {
        checks.health = `check failed: ${(err as Error).message}`;
        ok = false;
      }
    }
    return { ok, checks };
  };
}
