import { dateOption } from '../src/core/options.js';
import { UserError, type CommandContext, type Subcommand } from '../src/core/command.js';
import { compareDates, formatDate, isoDay } from '../src/timeline/dates.js';
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

/** [from, to] (inclusive partial dates) for a period name, relative to now (UTC). */
export function periodRange(period: string, now: Date): { from?: string; to?: string; label: string } {
  const day = (n: number) => isoDay(new Date(now.getTime() - n * 86_400_000));
  switch (period) {
    case 'last-7-days':
      return { from: day(6), to: isoDay(now), label: 'the last 7 days' };
    case 'last-30-days':
      return { from: day(29), to: isoDay(now), label: 'the last 30 days' };
    case 'this-year':
      return { from: String(now.getUTCFullYear()), to: isoDay(now), label: String(now.getUTCFullYear()) };
    default:
      return { label: 'the whole log' };
  }
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

export function recapReply(events: Event[], label: string, ctx: CommandContext): Reply {
  if (!events.length) {
    const newest = ctx.timeline.newestEvent;
    return {
      title: `Recap: ${label}`,
      body: `No new events in ${label}.${newest ? ` The newest event in the log is from ${formatDate(newest.date)}: ${eventLine(newest)}` : ''}`,
      tone: 'info',
      data: { events: [] },
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
  return {
    title: truncate(`Recap: ${label} — ${events.length} event${events.length === 1 ? '' : 's'}`, 256),
    body: `Grouped by topic, newest first. Open one with \`/nissan-honda event <id>\`.`,
    fields,
    tone: 'info',
    data: { events: events.map((e) => e.id) },
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
    let range: { from?: string; to?: string; label: string };
    if (from || to) {
      range = { from, to, label: [from && `from ${formatDate(from)}`, to && `to ${formatDate(to)}`].filter(Boolean).join(' ') };
    } else {
      range = periodRange((args.period as string | undefined) ?? 'last-30-days', ctx.now);
    }
    const reply = recapReply(ctx.timeline.filter(range), range.label, ctx);
    // news not yet reviewed belongs to recaps that reach today
    const recent = !range.to || range.to >= ctx.now.toISOString().slice(0, 10);
    const news = recent ? unreviewedFor(ctx, args.news as boolean | undefined, args.period === 'last-7-days' ? 7 : 30) : undefined;
    return news ? { ...reply, fields: [...(reply.fields ?? []).slice(0, 24), news] } : reply;
  },
};
