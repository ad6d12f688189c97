/**
 * Digest schedules: a local wall-clock time in an IANA timezone (plus a weekday for weekly digests).
 * Pure and clock-free: every function takes the instants it needs, so tests inject the clock.
 *
 * node-cron fires the tasks in production (see `cronExpression`), but *which* occurrence is due is
 * always computed here, so a restart, a catch-up and a test all agree on the same instants.
 *
 * Daylight-saving rules (deterministic, the same for every zone):
 * - The local time is kept: 09:00 Europe/Berlin is 08:00 UTC in winter and 07:00 UTC in summer.
 * - A local time that does not exist on a spring-forward day (02:30 in New York on the second Sunday
 *   of March) is moved forward by the length of the gap: that day's occurrence is 03:30 local. The
 *   day is never skipped. (Same rule as RFC 5545 and Temporal's "compatible" disambiguation.)
 * - A local time that happens twice on a fall-back day (01:30 in New York on the first Sunday of
 *   November) occurs once, at the first (earlier, still-summer-time) instant.
 */

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export const WEEKDAY_LABELS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export type ScheduledFrequency = 'daily' | 'weekly';
export type Frequency = ScheduledFrequency | 'alerts';

export interface Schedule {
  frequency: ScheduledFrequency;
  /** Local time, `HH:MM`, 24 h. */
  time: string;
  /** Canonical IANA timezone name as resolved by Intl, e.g. `Europe/Berlin`, `UTC`. */
  timezone: string;
  /** Weekly only: 0 = Sunday … 6 = Saturday. */
  weekday?: Weekday;
}

/** A schedule input that cannot be used; the message is shown to the user as is. */
export type ScheduleProblem = 'time' | 'hour' | 'minute' | 'weekday' | 'region' | 'timezone' | 'platform';

/** `problem` and `detail` (the text in question) let a reply say the same in another language. */
export class ScheduleError extends Error {
  constructor(message: string, readonly problem?: ScheduleProblem, readonly detail = '') {
    super(message);
  }
}

const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Validation

/** `HH:MM` (24 h; `9:05` is accepted and normalised to `09:05`). */
export function parseTime(raw: string): { hour: number; minute: number; text: string } {
  const s = raw.trim();
  const m = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (!m) throw new ScheduleError(`\`time\` must be a 24-hour time like 09:00 or 18:30 (got "${clip(raw)}").`, 'time', clip(raw));
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23) throw new ScheduleError(`\`time\`: there is no hour ${hour} on a 24-hour clock (use 00–23; got "${clip(raw)}").`, 'hour', clip(raw));
  if (minute > 59) throw new ScheduleError(`\`time\`: minutes go from 00 to 59 (got "${clip(raw)}").`, 'minute', clip(raw));
  return { hour, minute, text: `${pad(hour)}:${pad(minute)}` };
}

/** `monday`, `Mon`, `mo` … (English, case-insensitive, unambiguous prefix of at least 2 letters). */
export function parseWeekday(raw: string): Weekday {
  const s = raw.trim().toLowerCase();
  const hits = s.length >= 2 ? WEEKDAYS.map((d, i) => [d, i] as const).filter(([d]) => d.startsWith(s)) : [];
  if (hits.length !== 1) {
    throw new ScheduleError(`\`weekday\` must be a day of the week: ${WEEKDAY_LABELS.join(', ')} (got "${clip(raw)}").`, 'weekday', clip(raw));
  }
  return hits[0][1] as Weekday;
}

/**
 * Current IANA names for zones that older ICU data (Node 20's) still lists under a former name.
 * Both spellings are accepted; the current one is stored, shown and offered by autocomplete.
 */
const CURRENT_NAMES: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
  'America/Godthab': 'America/Nuuk',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
};

let zoneList: string[] | undefined;
/** IANA zone names this runtime knows (Intl's list under current names, plus UTC, which Intl does not list). */
export function timezones(): readonly string[] {
  if (!zoneList) {
    const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    zoneList = ['UTC', ...list.filter((z) => z !== 'UTC').map((z) => CURRENT_NAMES[z] ?? z)].filter((z) => isZone(z));
  }
  return zoneList;
}

function isZone(z: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: z });
    return true;
  } catch {
    return false;
  }
}

/**
 * An IANA timezone name (case-insensitive), returned in its canonical spelling.
 * Region names (`Europe/Berlin`, `America/New_York`, legacy `US/Eastern`) and `UTC`/`GMT` are accepted;
 * bare abbreviations (`EST`, `CET`) and offsets (`+05:00`) are refused because they hide daylight saving.
 */
export function parseTimezone(raw: string): string {
  const s = raw.trim();
  const upper = s.toUpperCase();
  if (['UTC', 'GMT', 'ETC/UTC', 'ETC/GMT', 'Z', 'ZULU'].includes(upper)) return 'UTC';
  const how = 'Use an IANA name such as `Europe/Berlin`, `America/New_York`, `Asia/Tokyo` or `UTC` (the option autocompletes).';
  if (!s.includes('/')) throw new ScheduleError(`\`timezone\` "${clip(raw)}" is not a region name. ${how}`, 'region', clip(raw));
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: s }).resolvedOptions().timeZone;
  } catch {
    throw new ScheduleError(`\`timezone\` "${clip(raw)}" is not a timezone I know. ${how}`, 'timezone', clip(raw));
  }
  const current = CURRENT_NAMES[resolved] ?? resolved;
  return isZone(current) ? current : resolved;
}

/** Validate a whole schedule. Throws ScheduleError naming the bad option; returns the normalised schedule. */
export function makeSchedule(input: { frequency: ScheduledFrequency; time?: string; timezone?: string; weekday?: string | number }): Schedule {
  const time = parseTime(input.time ?? '09:00').text;
  const timezone = parseTimezone(input.timezone ?? 'UTC');
  if (input.frequency === 'daily') return { frequency: 'daily', time, timezone };
  const weekday = input.weekday === undefined ? 1 : typeof input.weekday === 'number' ? checkWeekdayNumber(input.weekday) : parseWeekday(input.weekday);
  return { frequency: 'weekly', time, timezone, weekday };
}

function checkWeekdayNumber(n: number): Weekday {
  if (!Number.isInteger(n) || n < 0 || n > 6) throw new ScheduleError(`\`weekday\` must be 0 (Sunday) to 6 (Saturday) (got ${n}).`, 'weekday', String(n));
  return n as Weekday;
}

// ---------------------------------------------------------------------------------------------
// node-cron

/**
 * The node-cron expression (`minute hour day-of-month month day-of-week`), to be scheduled with
 * `{ timezone: schedule.timezone }`. node-cron matches it against the zone's wall clock.
 */
export function cronExpression(s: Schedule): string {
  const { hour, minute } = parseTime(s.time);
  return `${minute} ${hour} * * ${s.frequency === 'weekly' ? (s.weekday ?? 1) : '*'}`;
}

// ---------------------------------------------------------------------------------------------
// Zone arithmetic (Intl only; no tz database of our own)

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock parts of an instant in a zone. */
export function localParts(at: Date, timeZone: string): LocalParts & { second: number } {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year, month: out.month, day: out.day, hour: out.hour === 24 ? 0 : out.hour, minute: out.minute, second: out.second };
}

/** The zone's offset from UTC at an instant, in milliseconds (Berlin in summer: +2 h). */
export function offsetAt(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (Math.floor(at.getTime() / 1000) * 1000);
}

/**
 * The instant at which a zone's wall clock shows the given local date and time, with the DST rules
 * in this file's header: a nonexistent time moves forward by the gap, a repeated time takes the earlier instant.
 */
export function zonedInstant(p: LocalParts, timeZone: string): Date {
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  // The offsets in force a day before and a day after cover any single transition near this wall time.
  const before = offsetAt(new Date(wall - DAY), timeZone);
  const after = offsetAt(new Date(wall + DAY), timeZone);
  const candidates = [...new Set([before, after])]
    .map((off) => wall - off)
    .filter((t) => {
      const q = localParts(new Date(t), timeZone);
      return q.year === p.year && q.month === p.month && q.day === p.day && q.hour === p.hour && q.minute === p.minute;
    })
    .sort((a, b) => a - b);
  if (candidates.length) return new Date(candidates[0]);
  // In a spring-forward gap: read the wall time with the offset from before the jump, which lands
  // the same distance past the jump (02:30 with a one-hour gap → 03:30).
  return new Date(wall - before);
}

// ---------------------------------------------------------------------------------------------
// Occurrences

function addDays(y: number, m: number, d: number, n: number): { year: number; month: number; day: number } {
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** The occurrence on a given local calendar date, or undefined when the schedule does not run that day. */
function occurrenceOn(s: Schedule, date: { year: number; month: number; day: number }, hour: number, minute: number): Date | undefined {
  if (s.frequency === 'weekly') {
    const wd = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    if (wd !== (s.weekday ?? 1)) return undefined;
  }
  return zonedInstant({ ...date, hour, minute }, s.timezone);
}

/**
 * Every occurrence in the half-open window (after, until], oldest first, at most `limit` of them
 * (the newest ones are kept when the window holds more).
 */
export function occurrencesBetween(s: Schedule, after: Date, until: Date, limit = 1000): Date[] {
  if (until.getTime() <= after.getTime()) return [];
  const { hour, minute } = parseTime(s.time);
  // Walk local calendar dates backwards from the day after `until` so `limit` keeps the newest.
  const end = localParts(until, s.timezone);
  let date = addDays(end.year, end.month, end.day, 1);
  const out: Date[] = [];
  const stopAt = after.getTime() - 2 * DAY;
  for (;;) {
    const t = occurrenceOn(s, date, hour, minute);
    if (t && t.getTime() > after.getTime() && t.getTime() <= until.getTime()) {
      out.push(t);
      if (out.length >= limit) break;
    }
    if (Date.UTC(date.year, date.month - 1, date.day) < stopAt) break;
    date = addDays(date.year, date.month, date.day, -1);
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}

/** The first occurrence strictly after `after`. */
export function nextOccurrence(s: Schedule, after: Date): Date {
  const { hour, minute } = parseTime(s.time);
  const start = localParts(after, s.timezone);
  for (let i = -1; i <= 8; i++) {
    const t = occurrenceOn(s, addDays(start.year, start.month, start.day, i), hour, minute);
    if (t && t.getTime() > after.getTime()) return t;
  }
  throw new Error(`no occurrence of ${describeSchedule(s)} within 8 days of ${after.toISOString()}`);
}

/** The latest occurrence at or before `atOrBefore`. */
export function previousOccurrence(s: Schedule, atOrBefore: Date): Date {
  const { hour, minute } = parseTime(s.time);
  const start = localParts(atOrBefore, s.timezone);
  for (let i = 1; i >= -8; i--) {
    const t = occurrenceOn(s, addDays(start.year, start.month, start.day, i), hour, minute);
    if (t && t.getTime() <= atOrBefore.getTime()) return t;
  }
  throw new Error(`no occurrence of ${describeSchedule(s)} within 8 days before ${atOrBefore.toISOString()}`);
}

// ---------------------------------------------------------------------------------------------
// Display

/** "daily at 09:00 Europe/Berlin", "weekly on Monday at 18:30 UTC". */
export function describeSchedule(s: Schedule): string {
  const day = s.frequency === 'weekly' ? ` on ${WEEKDAY_LABELS[s.weekday ?? 1]}` : '';
  return `${s.frequency}${day} at ${s.time} ${s.timezone}`;
}

/** "Mon 10 Mar 2025, 09:00 CET" — an instant on a zone's wall clock, with the zone's abbreviation. */
export function formatInZone(at: Date, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} ${zoneAbbreviation(at, timeZone)}`;
}

/** "CET", "EDT", "JST"-like names where the locale data has one (en-US knows US zones, en-GB European ones), else "GMT+9". */
export function zoneAbbreviation(at: Date, timeZone: string): string {
  if (timeZone === 'UTC') return 'UTC';
  const names = ['en-US', 'en-GB'].map(
    (locale) => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '',
  );
  return names.find((n) => n && !/^(GMT|UTC)[+-−]/.test(n)) ?? names[1] ?? names[0];
}

/** "Mon 10 Mar 2025, 09:00 CET (08:00 UTC)" — local first, then UTC (with its date when it differs). */
export function formatLocalAndUtc(
  at: Date,
  timeZone: string,
  inZone: (at: Date, timeZone: string) => string = formatInZone,
  join: (local: string, utc: string) => string = (local, utc) => `${local} (${utc})`,
): string {
  const local = inZone(at, timeZone);
  if (timeZone === 'UTC') return local;
  const u = localParts(at, 'UTC');
  const l = localParts(at, timeZone);
  const sameDay = u.year === l.year && u.month === l.month && u.day === l.day;
  const utc = sameDay ? `${pad(u.hour)}:${pad(u.minute)} UTC` : inZone(at, 'UTC');
  return join(local, utc);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function clip(s: string): string {
  const t = String(s).replace(/[`*_\\]/g, '');
  return t.length > 40 ? `${t.slice(0, 39)}…` : t;
}
