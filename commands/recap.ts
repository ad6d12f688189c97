import { dateOption } from '../src/core/options.js';
import { UserError, type Subcommand } from '../src/core/command.js';
import { compareDates, formatDate, isoDay } from '../src/timeline/dates.js';
import { recapReply } from '../src/recaps/recap.js';

export const PERIODS = [
  { name: 'last 7 days', value: 'last-7-days' },
  { name: 'last 30 days', value: 'last-30-days' },
  { name: 'this year', value: 'this-year' },
  { name: 'all', value: 'all' },
];

/** [from, to] (inclusive partial dates) for a period name, relative to now (UTC). */
function periodRange(period: string, now: Date): { from?: string; to?: string; label: string } {
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

export const recap: Subcommand = {
  name: 'recap',
  description: 'A short summary of the events in a period, grouped by topic',
  options: [
    { name: 'period', description: 'Which period (default: last 30 days)', type: 'string', choices: PERIODS, aliases: { '7d': 'last-7-days', week: 'last-7-days', '30d': 'last-30-days', month: 'last-30-days', year: 'this-year', ytd: 'this-year' } },
    { name: 'from', description: 'Or from this date: 2025-02 or 2025-02-13', type: 'string', maxLength: 10 },
    { name: 'to', description: 'Up to this date: 2025-06 or 2025-06-30', type: 'string', maxLength: 10 },
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
    return recapReply(ctx.timeline.filter(range), range.label, ctx);
  },
};
