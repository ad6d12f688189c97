import { dateOption } from '../src/core/options.js';
import { dateErrorWords } from '../src/i18n/options.js';
import { UserError, type CommandContext, type Subcommand } from '../src/core/command.js';
import { compareDates, formatDate, isoDay } from '../src/timeline/dates.js';
import type { Event } from '../src/timeline/schema.js';
import { recapReply, type RecapRange } from '../src/recaps/recap.js';
import { messages, type Locale } from '../src/i18n/catalogue.js';
import { formatDateJa } from '../src/i18n/ja/format.js';
import { NEWS_OPTION, unreviewedFor } from './unreviewed.js';

export const PERIODS = [
  { name: 'last 7 days', value: 'last-7-days' },
  { name: 'last 30 days', value: 'last-30-days' },
  { name: 'this year', value: 'this-year' },
  { name: 'all', value: 'all' },
];

/** [from, to] (inclusive partial dates) for a period value, relative to now (UTC). */
export function periodRange(period: string, now: Date, locale?: Locale): RecapRange {
  if (locale === 'ja') {
    const R = messages('ja').recap;
    const day = (n: number) => isoDay(new Date(now.getTime() - n * 86_400_000));
    if (period === 'last-7-days') return { from: day(6), to: isoDay(now), ...R.last7 };
    if (period === 'last-30-days') return { from: day(29), to: isoDay(now), ...R.last30 };
    if (period === 'this-year') return { from: String(now.getUTCFullYear()), to: isoDay(now), ...R.thisYear(String(now.getUTCFullYear())) };
    return { ...R.all };
  }
  const day = (n: number) => isoDay(new Date(now.getTime() - n * 86_400_000));
  switch (period) {
    case 'last-7-days':
      return { from: day(6), to: isoDay(now), label: 'the last 7 days', phrase: 'in the last 7 days' };
    case 'last-30-days':
      return { from: day(29), to: isoDay(now), label: 'the last 30 days', phrase: 'in the last 30 days' };
    case 'this-year': {
      const y = String(now.getUTCFullYear());
      return { from: y, to: isoDay(now), label: y, phrase: `in ${y} so far` };
    }
    default:
      return { label: 'the whole log', phrase: 'in the log' };
  }
}

/** A user's `from`/`to` as a range: "from January 2027", "from Feb 2025 to June 2025", "to June 2025". */
export function dateRange(from?: string, to?: string, locale?: Locale): RecapRange {
  if (locale === 'ja') {
    const R = messages('ja').recap;
    const words = R.range([from && R.from(formatDateJa(from)), to && R.to(formatDateJa(to))].filter((w): w is string => !!w));
    return { from, to, label: words, phrase: words };
  }
  const words = [from && `from ${formatDate(from)}`, to && `to ${formatDate(to)}`].filter(Boolean).join(' ');
  return { from, to, label: words, phrase: words };
}

/**
 * The events of a window, by date precision: `events` lie wholly inside it; `apart` are dated only to a month or
 * year that overlaps the window without fitting in it ("2026" during a last-7-days recap), shown apart.
 */
export function eventsInRange(ctx: CommandContext, range: RecapRange): { events: Event[]; apart: Event[] } {
  const { inside, apart } = ctx.timeline.partition(range);
  return { events: inside, apart };
}

export const recap: Subcommand = {
  name: 'recap',
  description: 'A short summary of the events in a period, grouped by topic',
  options: [
    { name: 'period', description: 'Which period (default: last 30 days)', type: 'string', choices: PERIODS, aliases: { '7d': 'last-7-days', week: 'last-7-days', '30d': 'last-30-days', month: 'last-30-days', year: 'this-year', ytd: 'this-year' } },
    { name: 'from', description: 'Or from this date: 2025-02 or 2025-02-13', type: 'string', maxLength: 10 },
    { name: 'to', description: 'Up to this date: 2025-06 or 2025-06-30', type: 'string', maxLength: 10 },
    NEWS_OPTION,
  ],
  async run(args, ctx) {
    const from = dateOption(args.from, 'from', dateErrorWords(ctx.locale));
    const to = dateOption(args.to, 'to', dateErrorWords(ctx.locale));
    const ja = ctx.locale === 'ja';
    if (args.period && (from || to)) throw new UserError(ja ? messages('ja').recap.either : 'Use either `period` or `from`/`to`, not both.');
    if (from && to && compareDates(from, to) > 0) throw new UserError(ja ? messages('ja').timeline.fromAfterTo(from, to) : `\`from\` (${from}) is after \`to\` (${to}). Swap them?`);
    const range = from || to ? dateRange(from, to, ctx.locale) : periodRange((args.period as string | undefined) ?? 'last-30-days', ctx.now, ctx.locale);
    const { events, apart } = eventsInRange(ctx, range);
    const reply = recapReply(events, range.label, ctx, { range, apart });
    // news not yet reviewed belongs to recaps that reach today
    const recent = !range.to || range.to >= ctx.now.toISOString().slice(0, 10);
    const news = recent ? await unreviewedFor(ctx, args.news as boolean | undefined, args.period === 'last-7-days' ? 7 : 30) : undefined;
    return news ? { ...reply, fields: [...(reply.fields ?? []).slice(0, 24), news] } : reply;
  },
};
