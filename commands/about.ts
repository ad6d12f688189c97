import type { Subcommand } from '../src/core/command.js';
import { elapsed, endOf, formatDate } from '../src/timeline/dates.js';
import { CATALOGUE, messages } from '../src/i18n/catalogue.js';
import { ageJa, formatDateJa } from '../src/i18n/ja/format.js';
import { curationStatusField } from './curation-status.js';

export const REPORT_MISTAKE = CATALOGUE.en.about.reportText;

/** "5 months ago", measured from the end of a partial date's period (a month-only date is not older than its month). */
export function age(date: string, now: Date): string {
  const end = endOf(date);
  if (end.getTime() >= now.getTime()) return 'this period';
  const e = elapsed(end, now);
  return e === 'today' ? 'today' : `${e} ago`;
}

export const about: Subcommand = {
  name: 'about',
  description: 'What this bot covers, how the log is curated and how to report a mistake',
  options: [],
  async run(_args, ctx) {
    const { timeline, services, now } = ctx;
    // every fixed string from the catalogue; Japanese dates and age for a ja locale
    const M = messages(ctx.locale).about;
    const ja = ctx.locale === 'ja';
    const date = ja ? formatDateJa : formatDate;
    const newest = timeline.newestEvent;
    const cov = timeline.coverage();
    const official = timeline.events.filter((e) => e.status === 'official').length;
    const lastError = services.store?.lastError;
    const fields = [
      { name: M.coverage, value: M.counts(timeline.size, timeline.figures.length, timeline.sourceCount), inline: true },
      { name: M.period, value: cov ? M.range(date(cov.first), date(cov.last), cov.curatedAt && date(cov.curatedAt)) : M.noEvents, inline: true },
      { name: M.newest, value: newest ? `${date(newest.date)}${ja ? `（${ageJa(newest.date, now)}）` : ` (${age(newest.date, now)})`} — \`${newest.id}\`` : M.none, inline: true },
      { name: M.statusMix, value: M.mix(official, timeline.size - official), inline: true },
      { name: M.howCurated, value: M.howCuratedText },
      { name: M.report, value: M.reportText },
    ];
    const curation = await curationStatusField(ctx);
    if (curation) fields.push(curation);
    if (lastError) fields.push({ name: M.rejected, value: M.rejectedText(lastError.at.toISOString(), lastError.problemCount || 1, timeline.loadedAt.toISOString()) });
    return { title: M.title, body: M.body, fields, footer: M.footer(timeline.version), tone: 'info', ...(ja ? { data: { locale: 'ja' } } : {}) };
  },
};
