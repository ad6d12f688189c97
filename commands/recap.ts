import { dateOption } from '../src/core/options.js';
import { UserError, type CommandContext, type Subcommand } from '../src/core/command.js';
import { compareDates, formatDate, isoDay, precisionOf, within } from '../src/timeline/dates.js';
import { coverageSentence } from '../src/timeline/timeline.js';
import { eventLine } from '../src/replies/format.js';
import { truncate, type Reply } from '../src/replies/reply.js';
import type { Event } from '../src/timeline/schema.js';
import { NEWS_OPTION, unreviewedFor } from './unreviewed.js';

export const PERIODS = [
  { name: 'last 7 days', value: 'last-7-days' },
  { name: 'last 30 days', value: 'last-30-days' },
  { name: 'this year', value: 'this-year' },
  { name: 'all', value: 'all' },
];

export interface RecapRange {
  from?: string;
  to?: string;
  /** For the title: "the last 7 days", "from January 2027". */
  label: string;
  /** For a sentence: "in the last 7 days", "from January 2027". */
  phrase: string;
}

/** [from, to] (inclusive partial dates) for a period value, relative to now (UTC). */
export function periodRange(period: string, now: Date): RecapRange {
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
export function dateRange(from?: string, to?: string): RecapRange {
  const words = [from && `from ${formatDate(from)}`, to && `to ${formatDate(to)}`].filter(Boolean).join(' ');
  return { from, to, label: words, phrase: words };
}

/**
 * The events of a window, by date precision: `events` lie wholly inside it; `apart` are dated only to a month or
 * year that overlaps the window without fitting in it ("2026" during a last-7-days recap), shown apart.
 */
export function eventsInRange(ctx: CommandContext, range: RecapRange): { events: Event[]; apart: Event[] } {
  const events: Event[] = [];
  const apart: Event[] = [];
  for (const e of ctx.timeline.filter(range)) (within(e.date, range.from, range.to) ? events : apart).push(e);
  return { events, apart };
}

/**
 * Newest first; equal dates keep their given order (what a stable sort gives). Input already in date
 * order — `timeline.filter` always returns it so — is reversed run by run in O(n) instead of sorted:
 * `recap period:all` on a large log spent most of its time sorting.
 */
function newestFirst(events: readonly Event[]): Event[] {
  for (let i = 1; i < events.length; i++) {
    if (compareDates(events[i - 1].date, events[i].date) > 0) return [...events].sort((a, b) => compareDates(b.date, a.date));
  }
  const out: Event[] = [];
  for (let end = events.length; end > 0; ) {
    let start = end - 1;
    while (start > 0 && events[start - 1].date === events[end - 1].date) start--;
    for (let i = start; i < end; i++) out.push(events[i]);
    end = start;
  }
  return out;
}

/** Events grouped by their first topic; topics in the order they first appear; events newest first. */
export function groupByTopic(events: Event[]): Map<string, Event[]> {
  const groups = new Map<string, Event[]>();
  for (const e of newestFirst(events)) {
    const t = e.topics[0];
    if (!groups.has(t)) groups.set(t, []);
    groups.get(t)!.push(e);
  }
  return groups;
}

/** Events only dated to a month or year that overlaps the window: one line each, said to be dated only so far. */
function apartField(apart: Event[]) {
  const lines = newestFirst(apart).slice(0, 10).map((e) => `• ${eventLine(e)} — dated ${precisionOf(e.date) === 'year' ? e.date : formatDate(e.date)} only`);
  return { name: `Dated only to a month or year that overlaps this period (${apart.length})`, value: truncate(lines.join('\n'), 1000) };
}

/** When the window reaches past the newest event: where the log ends, so that silence is not read as "nothing happened". */
function coverageNote(ctx: CommandContext, range?: { to?: string }): string {
  const cov = ctx.timeline.coverage();
  if (!cov) return '';
  const end = range?.to ?? isoDay(ctx.now);
  return ctx.timeline.isAfterCoverage(end) || !range ? ` ${coverageSentence(cov)}` : '';
}

export function recapReply(events: Event[], label: string, ctx: CommandContext, opts: { range?: RecapRange; apart?: Event[] } = {}): Reply {
  const apart = opts.apart ?? [];
  if (!events.length) {
    const newest = ctx.timeline.newestEvent;
    const phrase = opts.range?.phrase ?? `in ${label}`;
    const afterEnd = opts.range?.from && ctx.timeline.isAfterCoverage(opts.range.from);
    const cov = ctx.timeline.coverage();
    const body = afterEnd && cov
      ? `The log has no events ${phrase}: it ends ${precisionOf(cov.last) === 'day' ? 'on' : 'in'} ${formatDate(cov.last)}, before this period starts. ${coverageSentence(cov)}`
      : `No new events ${phrase}.${newest ? ` The newest event in the log is from ${formatDate(newest.date)}: ${eventLine(newest)}` : ''}`;
    return {
      title: `Recap: ${label}`,
      body,
      fields: apart.length ? [apartField(apart)] : undefined,
      tone: 'info',
      data: { events: [], ...(apart.length ? { apart: apart.map((e) => e.id) } : {}) },
    };
  }
  const groups = groupByTopic(events);
  const fields = [...groups.entries()].slice(0, 25).map(([topic, evs]) => {
    const lines: string[] = [];
    let used = 0;
    for (const [i, e] of evs.entries()) {
      const line = `• ${eventLine(e)}`;
      if (used + line.length + 1 > 1000) {
        lines.push(`…and ${evs.length - i} more (see \`/nissan-honda timeline topic:${topic}\`)`);
        break;
      }
      lines.push(line);
      used += line.length + 1;
    }
    return { name: `${topic} (${evs.length})`, value: lines.join('\n') };
  });
  if (apart.length && fields.length < 25) fields.push(apartField(apart));
  return {
    title: truncate(`Recap: ${label} — ${events.length} event${events.length === 1 ? '' : 's'}`, 256),
    body: `Grouped by topic, newest first. Open one with \`/nissan-honda event <id>\`.${opts.range ? coverageNote(ctx, opts.range) : ''}`,
    fields,
    tone: 'info',
    data: { events: events.map((e) => e.id), ...(apart.length ? { apart: apart.map((e) => e.id) } : {}) },
  };
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
  run(args, ctx) {
    const from = dateOption(args.from, 'from');
    const to = dateOption(args.to, 'to');
    if (args.period && (from || to)) throw new UserError('Use either `period` or `from`/`to`, not both.');
    if (from && to && compareDates(from, to) > 0) throw new UserError(`\`from\` (${from}) is after \`to\` (${to}). Swap them?`);
    const range = from || to ? dateRange(from, to) : periodRange((args.period as string | undefined) ?? 'last-30-days', ctx.now);
    const { events, apart } = eventsInRange(ctx, range);
    const reply = recapReply(events, range.label, ctx, { range, apart });
    // news not yet reviewed belongs to recaps that reach today
    const recent = !range.to || range.to >= ctx.now.toISOString().slice(0, 10);
    const news = recent ? unreviewedFor(ctx, args.news as boolean | undefined, args.period === 'last-7-days' ? 7 : 30) : undefined;
    return news ? { ...reply, fields: [...(reply.fields ?? []).slice(0, 24), news] } : reply;
  },
};
