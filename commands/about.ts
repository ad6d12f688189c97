import type { Subcommand } from '../src/core/command.js';
import { elapsed, endOf, formatDate } from '../src/timeline/dates.js';
import { curationStatusField } from './curation-status.js';

export const REPORT_MISTAKE =
  'Spotted a mistake or a missing source? Tell the server admins or open an issue in the bot’s repository with the event id and the correct source; every correction is checked against its source before it lands.';

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
  run(_args, ctx) {
    const { timeline, services, now } = ctx;
    const newest = timeline.newestEvent;
    const cov = timeline.coverage();
    const official = timeline.events.filter((e) => e.status === 'official').length;
    const lastError = services.store?.lastError;
    const fields = [
      { name: 'Coverage', value: `${timeline.size} events · ${timeline.figures.length} figures · ${timeline.sourceCount} sources`, inline: true },
      {
        name: 'Period covered',
        value: cov ? `events from ${formatDate(cov.first)} to ${formatDate(cov.last)}${cov.curatedAt ? `\nlast curated ${formatDate(cov.curatedAt)}` : ''}` : 'no events yet',
        inline: true,
      },
      { name: 'Newest event', value: newest ? `${formatDate(newest.date)} (${age(newest.date, now)}) — \`${newest.id}\`` : 'none', inline: true },
      { name: 'Status mix', value: `${official} official · ${timeline.size - official} reported`, inline: true },
      {
        name: 'How the log is curated',
        value:
          'Every event is written from published reporting and carries its sources (publisher, title, link, date). ' +
          '**official** = the company or a government said it; **reported** = media citing unnamed sources or secondary relays. ' +
          'Figures are quoted exactly as the source states them, with their period — never rounded or estimated. Where sources disagree, both are shown. ' +
          'Sources are ranked primary (the company, a filing, a government), wire, press, relay, and listed best first. ' +
          'Nothing after the newest event is known to the bot: questions about later periods get an honest "not in the log".',
      },
      { name: 'Report a mistake', value: REPORT_MISTAKE },
    ];
    const curation = curationStatusField(ctx);
    if (curation) fields.push(curation);
    if (lastError) {
      fields.push({
        name: '⚠ Latest edit rejected',
        value: `The log file changed at ${lastError.at.toISOString()} but failed validation (${lastError.problemCount || 1} problem(s)); the last good log (loaded ${timeline.loadedAt.toISOString()}) is still being served.`,
      });
    }
    return {
      title: 'About /nissan-honda',
      body:
        'Follows one business story: Honda and Nissan — the 2024 integration talks and their collapse in February 2025, the later talks about Nissan building Honda pickups in the US, tariffs, plant utilisation, restructuring and results. ' +
        'Answers come only from a curated, sourced event log; when the log does not hold an answer, the bot says so.',
      fields,
      footer: `log version ${timeline.version}`,
      tone: 'info',
    };
  },
};
