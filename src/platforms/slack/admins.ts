/** Who may manage digests on Slack: a configured admin id, or a workspace admin/owner per `users.info` (cached). */
import type { App } from '@slack/bolt';
import { log } from '../../logger.js';
import { errorCode } from './web-api.js';

/** Asks users.info only when needed; a failed lookup counts as "not an admin" for at most a minute (fails closed). */
export function adminCheck(app: App, admins: ReadonlySet<string>, cacheMs = 10 * 60_000): (who: { userId: string; teamId?: string }) => Promise<boolean> {
  const cache = new Map<string, { value: boolean; until: number }>();
  return async (who) => {
    if (admins.has(who.userId)) return true;
    const key = `${who.teamId ?? ''}:${who.userId}`;
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    let value = false;
    let ttl = cacheMs;
    try {
      const res = await app.client.users.info({ user: who.userId });
      const u = res.user as { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean } | undefined;
      value = Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner);
    } catch (err) {
      ttl = Math.min(cacheMs, 60_000);
      log.warn('slack: users.info failed; treating the user as not an admin', { user: who.userId, error: errorCode(err) });
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { value, until: Date.now() + ttl });
    return value;
  };
}
