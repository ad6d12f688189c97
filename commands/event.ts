import { UserError, type Subcommand } from '../src/core/command.js';
import { formatDate } from '../src/timeline/dates.js';
import { figureLine, sourceLink, statusLabel } from '../src/replies/format.js';
import { escapeMarkup, truncate, type Reply } from '../src/replies/reply.js';
import type { Event } from '../src/timeline/schema.js';
import type { Timeline } from '../src/timeline/timeline.js';
import { renderEventJa } from '../src/i18n/ja/reply.js';
import { localisedEventChoices } from '../src/i18n/ja/choices.js';
import { messages } from '../src/i18n/catalogue.js';

/** One event in full: date, title, summary, status, companies, its figures and every source as a link. */
export function renderEvent(e: Event, timeline: Timeline): Reply {
  const figures = e.figures.map((f) => timeline.figureById.get(f.id)!).filter(Boolean);
  const fields = [
    { name: 'Date', value: formatDate(e.date) + (e.dateNote ? `\n_${e.dateNote}_` : ''), inline: true },
    { name: 'Status', value: statusLabel(e.status) + (e.statusNote ? `\n_${e.statusNote}_` : ''), inline: true },
    { name: 'Companies', value: e.companies.join(', '), inline: true },
    { name: 'Topics', value: e.topics.join(', '), inline: true },
  ];
  if (figures.length) {
    // one field per figure keeps each within the 1024-character field limit
    for (const rec of figures) fields.push({ name: truncate(rec.figure.label, 256), value: truncate(figureLine(rec), 1024), inline: false });
  }
  fields.push({ name: `Sources (${e.sources.length})`, value: truncate(e.sources.map((s) => `• ${sourceLink(s)}`).join('\n'), 1024), inline: false });
  return {
    title: e.title,
    url: e.sources[0].url,
    body: e.summary,
    fields,
    footer: `id: ${e.id}`,
    tone: e.status,
    data: { event: e.id, figures: figures.map((r) => r.figure.id), sources: e.sources.map((s) => s.url) },
  };
}

export const event: Subcommand = {
  name: 'event',
  description: 'One event in full: summary, status, figures and every source',
  options: [{ name: 'id', description: 'Event id or words from its title (pick from the list)', type: 'string', required: true, autocomplete: true, maxLength: 100 }],
  run(args, { timeline, locale }) {
    const q = String(args.id);
    const M = messages(locale).event;
    // Japanese titles, summaries and labels for a ja locale (src/i18n)
    const render = (e: Event) => (locale === 'ja' ? renderEventJa(e, e.figures.map((f) => timeline.figureById.get(f.id)!).filter(Boolean)) : renderEvent(e, timeline));
    const exact = timeline.get(q.trim().toLowerCase());
    if (exact) return render(exact);
    const best = localisedEventChoices(timeline, q, locale)[0];
    if (best && typeof best.value === 'string' && timeline.get(best.value)) {
      const reply = render(timeline.get(best.value)!);
      return { ...reply, footer: `${reply.footer} · ${M.closest(truncate(q, 60))}` };
    }
    throw new UserError(M.notFound(escapeMarkup(truncate(q, 60))), M.notFoundTitle);
  },
  autocomplete(_option, value, { timeline, locale }) {
    return localisedEventChoices(timeline, value, locale);
  },
};
