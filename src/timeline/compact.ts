/**
 * Makes a freshly parsed log small in memory, in place. Pure apart from mutating its argument.
 *
 * V8 keeps strings that JSON.parse returns as slices of the file's text, so the log kept its whole file alive —
 * as UTF-16, since the file holds characters such as "¥" and "–" — for as long as any of its strings lived
 * (docs/performance.md has the sizes). Each string is copied out of the file text here (one-byte where it can be), and
 * strings that repeat (companies, units, periods, metrics, source URLs cited by several figures, publishers…)
 * are kept once.
 */
import { runNow, type Steps } from '../core/slices.js';

const MAX_SHARED = 200;

export function compactStrings<T>(value: T): T {
  return runNow(compactSteps(value));
}

/** compactStrings, yielding every 64 events of a log (`{ events: [...] }`; see core/slices.ts). */
export function* compactSteps<T>(value: T): Steps<T> {
  const pool = new Map<string, string>();
  const own = (s: string): string => {
    if (s.length <= MAX_SHARED) {
      const shared = pool.get(s);
      if (shared !== undefined) return shared;
    }
    // a copy that does not point into the file text
    const copy = s.length ? Buffer.from(s, 'utf8').toString('utf8') : '';
    if (s.length <= MAX_SHARED) pool.set(copy, copy);
    return copy;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return own(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = walk(v[i]);
      return v;
    }
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) o[k] = walk(o[k]);
      return o;
    }
    return v;
  };
  const events = (value as { events?: unknown } | null)?.events;
  if (Array.isArray(events)) {
    for (let i = 0; i < events.length; i++) {
      events[i] = walk(events[i]);
      if ((i & 63) === 63) yield;
    }
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) if (k !== 'events') o[k] = walk(o[k]);
    return value;
  }
  return walk(value) as T;
}
