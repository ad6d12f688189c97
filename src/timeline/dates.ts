/** Partial dates (YYYY, YYYY-MM, YYYY-MM-DD): comparison, ranges and display. Pure. */

export type Precision = 'year' | 'month' | 'day';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function precisionOf(d: string): Precision {
  return d.length >= 10 ? 'day' : d.length >= 7 ? 'month' : 'year';
}

/** First instant covered by the partial date (UTC). */
export function startOf(d: string): Date {
  const [y, m = '01', day = '01'] = d.split('-');
  return new Date(`${y}-${m}-${day}T00:00:00.000Z`);
}

/** Last instant covered by the partial date (UTC, inclusive). */
export function endOf(d: string): Date {
  const [y, m, day] = d.split('-');
  if (day) return new Date(`${y}-${m}-${day}T23:59:59.999Z`);
  if (m) return new Date(Date.UTC(Number(y), Number(m), 1) - 1);
  return new Date(Date.UTC(Number(y) + 1, 0, 1) - 1);
}

/** Chronological order; a less precise date sorts before the more precise dates inside it. */
export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "13 Feb 2025", "May 2025", "2026". */
export function formatDate(d: string): string {
  const [y, m, day] = d.split('-');
  if (day) return `${Number(day)} ${MONTHS[Number(m) - 1]} ${y}`;
  if (m) return `${MONTHS_LONG[Number(m) - 1]} ${y}`;
  return y;
}

/** UTC date (YYYY-MM-DD) of an instant. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export class DateInputError extends Error {
  /** What is wrong (shape: not a date; month: no such month; day: no such calendar day) and the text in question. */
  constructor(message: string, readonly problem: 'shape' | 'month' | 'day' = 'shape', readonly detail = '') {
    super(message);
  }
}

/**
 * A user's date option: `2025`, `2025-02` or `2025-02-13` (also `2025/02/13`).
 * Returns the partial date normalised to dashes, or throws DateInputError with a polite message.
 */
export function parseDateOption(raw: string, name = 'date'): string {
  const s = raw.trim().replace(/\//g, '-');
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(s);
  if (!m) {
    throw new DateInputError(`\`${name}\` must be a date like 2025-02 or 2025-02-13 (got "${raw.slice(0, 40)}").`, 'shape', raw.slice(0, 40));
  }
  const [, y, mo, da] = m;
  const out = [y, mo?.padStart(2, '0'), da?.padStart(2, '0')].filter(Boolean).join('-');
  const month = mo ? Number(mo) : 1;
  if (month < 1 || month > 12) throw new DateInputError(`\`${name}\`: there is no month ${mo} (use 01–12).`, 'month', mo);
  if (da) {
    const dt = new Date(`${out}T00:00:00Z`);
    if (Number.isNaN(dt.getTime()) || isoDay(dt) !== out) throw new DateInputError(`\`${name}\`: ${out} is not a real calendar date.`, 'day', out);
  }
  return out;
}

/** Does the (partial) event date fall in [from, to] (both partial, inclusive at their own precision)? Overlap semantics. */
export function inRange(date: string, from?: string, to?: string): boolean {
  if (from && endOf(date) < startOf(from)) return false;
  if (to && startOf(date) > endOf(to)) return false;
  return true;
}

/**
 * Does the (partial) date lie wholly inside [from, to]? A date known only to the month or year covers a period;
 * it belongs to a window only if the window covers all of it ("2026" is not "in the last 7 days").
 * The rule itself: Timeline.partition applies it on precomputed instants, and a test holds the two together.
 */
export function within(date: string, from?: string, to?: string): boolean {
  if (from && startOf(date) < startOf(from)) return false;
  if (to && endOf(date) > endOf(to)) return false;
  return true;
}

/** "3 days", "5 months", "1 year" between two instants (b after a); "today" under a day. */
export function elapsed(a: Date, b: Date): string {
  const days = Math.floor((b.getTime() - a.getTime()) / 86_400_000);
  if (days < 1) return 'today';
  const months = Math.floor(days / 30.44);
  if (months < 2) return `${days} day${days === 1 ? '' : 's'}`;
  if (months < 24) return `${months} months`;
  const years = Math.floor(days / 365.25);
  return `${years} year${years === 1 ? '' : 's'}`;
}
