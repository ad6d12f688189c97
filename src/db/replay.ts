/**
 * Signed requests already seen, so a captured one cannot be replayed: a new key is recorded and let through; a key
 * seen within the window is a replay. The bot keeps them in the database (replay-store.ts) so the guard holds across
 * processes and restarts; this process's memory is the fallback.
 */
/** What an HTTP route asks: record `key`, and was it already seen within the window? */
export interface ReplayCheck {
  check(key: string, nowMs: number): boolean | Promise<boolean>;
}

/** In this process only (tests, and the fallback while the database cannot be written). */
export function memoryReplayCheck(windowMs: number, maxEntries = 100_000): ReplayCheck {
  const seen = new Map<string, number>();
  return {
    check(key, nowMs) {
      for (const [old, at] of seen) {
        if (nowMs - at <= windowMs && seen.size < maxEntries) break;
        seen.delete(old);
      }
      if (seen.has(key)) return true;
      seen.set(key, nowMs);
      return false;
    },
  };
}
