import type { Subcommand } from '../src/core/command.js';
import { eventLine, oneLine } from '../src/replies/format.js';
import { formatDate } from '../src/timeline/dates.js';
import { coverageSentence } from '../src/timeline/timeline.js';
import { age } from './about.js';
import { CATALOGUE } from '../src/i18n/catalogue.js';
import { ageJa, formatDateJa } from '../src/i18n/ja/format.js';
import { listLineJa } from '../src/i18n/ja/reply.js';
import { NEWS_OPTION, unreviewedFor } from './unreviewed.js';

export const latest: Subcommand = {
  name: 'latest',
  description: 'The newest Honda–Nissan developments, newest first',
  options: [{ name: 'count', description: 'How many events (1–10, default 5)', type: 'integer', minValue: 1, maxValue: 10 }, NEWS_OPTION],
  async run(args, ctx) {
    const { timeline, now } = ctx;
    const news = await unreviewedFor(ctx, args.news as boolean | undefined, 14);
    const count = (args.count as number | undefined) ?? 5;
    const events = timeline.newest(count);
    if (ctx.locale === 'ja') {
      // Japanese titles and summaries (data/events.ja.json), dates and status in Japanese notation
      const M = CATALOGUE.ja;
      if (!events.length) return { title: M.latest.emptyTitle, body: M.latest.empty, tone: 'info', ...(news ? { fields: [news] } : {}) };
      const cov = timeline.coverage()!;
      return {
        title: M.latest.title(events.length),
        body:
          `${M.latest.newest(formatDateJa(events[0].date), ageJa(events[0].date, now), M.coverage(formatDateJa(cov.first), formatDateJa(cov.last), cov.curatedAt && formatDateJa(cov.curatedAt)))}\n\n` +
          events.map((e) => listLineJa(e, { summary: true })).join('\n\n'),
        ...(news ? { fields: [news] } : {}),
        footer: M.latest.footer(timeline.size),
        tone: 'info',
        data: { events: events.map((e) => e.id), locale: 'ja' },
      };
    }
    if (!events.length) return { title: 'Latest developments', body: 'The log holds no events yet.', tone: 'info', ...(news ? { fields: [news] } : {}) };
    return {
      title: `Latest ${events.length} development${events.length === 1 ? '' : 's'}`,
      body:
        `_Newest event: ${formatDate(events[0].date)}, ${age(events[0].date, now)}. ${coverageSentence(timeline.coverage()!)}_\n\n` +
        events.map((e) => `${eventLine(e)}\n${oneLine(e.summary)}`).join('\n\n'),
      ...(news ? { fields: [news] } : {}),
      footer: `${timeline.size} events in the log · /nissan-honda event <id> for the full story and sources`,
      tone: 'info',
      data: { events: events.map((e) => e.id) },
    };
  },
};
