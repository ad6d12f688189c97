/**
 * The reply locale of a Slack user. BOT_LOCALE (or the app's `locale` option) = "ja" / "en" fixes it for the
 * workspace; "user" asks users.info (include_locale) once per user and caches it; unset = no locale (the question's
 * script decides). Never throws: a failed lookup means no locale.
 */
import { toLocale, type Locale } from './catalogue.js';

export type UsersInfo = (user: string) => Promise<{ user?: { locale?: string } } | unknown>;

export function slackLocaleResolver(setting: string | undefined, usersInfo: UsersInfo, ttlMs = 10 * 60_000): (userId: string) => Promise<Locale | undefined> {
  const fixed = toLocale(setting);
  const perUser = setting?.trim().toLowerCase() === 'user';
  const cache = new Map<string, { value: Locale | undefined; until: number }>();
  return async (userId) => {
    if (fixed) return fixed;
    if (!perUser) return undefined;
    const hit = cache.get(userId);
    if (hit && hit.until > Date.now()) return hit.value;
    let value: Locale | undefined;
    try {
      const res = (await usersInfo(userId)) as { user?: { locale?: string } };
      value = toLocale(res.user?.locale);
    } catch {
      value = undefined;
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(userId, { value, until: Date.now() + ttlMs });
    return value;
  };
}
