import { UserError, type Subcommand } from '../src/core/command.js';
import { findFigures, describeSeries } from '../src/answers/index.js';
import { escapeMarkup, truncate, type Reply, type ReplyField } from '../src/replies/reply.js';
import { formatValue } from '../src/replies/format.js';
import { formatDate } from '../src/timeline/dates.js';
import type { FigureRecord } from '../src/timeline/timeline.js';
import { replyLocale } from '../src/i18n/ask.js';
import { CATALOGUE } from '../src/i18n/catalogue.js';
import { isJapanese, readJapanese } from '../src/i18n/ja/question.js';
import { figureSeriesJa } from '../src/i18n/ja/reply.js';
import { localisedFigureChoices } from '../src/i18n/ja/choices.js';
import { formatValueJa, periodJa } from '../src/i18n/ja/format.js';
import { chartAction } from './chart.js';

/** JSON shape of a figure for `reply.data` (and the CLI). */
export function figureData(r: FigureRecord) {
  const f = r.figure;
  return {
    id: f.id,
    label: f.label,
    value: f.value,
    ...(f.valueHigh !== undefined ? { valueHigh: f.valueHigh } : {}),
    ...(f.qualifier ? { qualifier: f.qualifier } : {}),
    unit: f.unit,
    scale: f.scale ?? null,
    period: f.period,
    company: f.company,
    status: r.status,
    asOf: f.asOf,
    event: r.event.id,
    source: { publisher: r.source.publisher, title: r.source.title, url: r.source.url, date: r.source.date },
  };
}

/**
 * The matching figure series: value with unit and scale, period, company, official/reported, source;
 * revisions latest first with their dates; disagreeing sources side by side with "sources differ".
 */
export const figure: Subcommand = {
  name: 'figure',
  description: 'A figure from the log (tariff hit, profit, job cuts…) with its period, status and source',
  options: [
    { name: 'query', description: 'Pick a figure from the list, or type words like "honda tariff hit"', type: 'string', required: true, autocomplete: true, maxLength: 100 },
  ],
  run(args, { timeline, now, locale }) {
    const q = String(args.query ?? '').trim();
    // Japanese words are read into the engine's words; a ja locale (or a Japanese query) gets a Japanese reply
    const res = findFigures(timeline, isJapanese(q) ? readJapanese(q).english.replace(/\?$/, '') : q, { now, limit: 4 });
    const ja = replyLocale(locale, q) === 'ja';
    if (!res.found && ja) {
      const M = CATALOGUE.ja.figure;
      const near = res.nearest.slice(0, 3).map((g) => `• ${truncate(g[0].figure.label, 80)} — ${formatValueJa(g[0].figure)}（${periodJa(g[0].figure.period)}）— \`${g[0].figure.id}\``);
      throw new UserError(M.notFound(escapeMarkup(truncate(q, 60))) + (near.length ? `\n\n${M.nearest}\n${near.join('\n')}` : ''), M.notFoundTitle);
    }
    if (!res.found) {
      const near = res.nearest.slice(0, 3).map((g) => `• ${truncate(g[0].figure.label, 80)} — ${formatValue(g[0].figure)} (${g[0].figure.period}) — \`${g[0].figure.id}\``);
      throw new UserError(
        `The log holds no figure matching “${escapeMarkup(truncate(q, 60))}”. Start typing and pick a figure from the list, or try words like “honda tariff hit” or “nissan job cuts”.` +
          (near.length ? `\n\n_Nearest figures in the log (not a match):_\n${near.join('\n')}` : ''),
        'Figure not found',
      );
    }
    const [main, ...others] = res.groups;
    const head = main[0];
    const fields: ReplyField[] = others.slice(0, 3).map((g) => ({
      name: truncate(`${g[0].figure.label} — ${g[0].figure.company === '—' ? 'sector-wide' : g[0].figure.company}, ${g[0].figure.period}`, 256),
      value: truncate(describeSeries(g).split('\n').slice(1).join('\n'), 1024),
    }));
    const differ = res.differ[0]?.length > 0;
    const revised = new Set(main.map((r) => `${r.figure.value}|${r.figure.valueHigh}|${r.figure.unit}`)).size > 1 && !differ;
    // a series of two or more statements is worth a picture
    const chartButton = main.length >= 2 ? chartAction(head.figure.id) : undefined;
    const reply: Reply = {
      title: truncate(head.figure.label, 256),
      url: head.source.url,
      body: truncate(describeSeries(main), 3800),
      fields,
      footer: truncate(
        [`${main.length} statement${main.length === 1 ? '' : 's'}`, differ ? 'sources differ' : revised ? 'revised over time' : '', `latest ${formatDate(head.figure.asOf)}`, `id: ${head.figure.id}`].filter(Boolean).join(' · '),
        200,
      ),
      tone: differ ? 'warning' : head.status,
      ...(chartButton ? { buttons: [{ action: chartButton, label: 'Chart' }] } : {}),
      data: {
        query: q,
        figures: main.map(figureData),
        series: res.groups.map((g) => g.map((r) => r.figure.id)),
        differ: res.differ[0]?.map((d) => d.map((r) => r.figure.id)) ?? [],
        events: [...new Set(main.map((r) => r.event.id))],
        citations: [...new Map(main.map((r) => [r.source.url, r.source])).values()],
      },
    };
    return ja ? { ...reply, ...figureSeriesJa(res.groups, differ), data: { ...reply.data, locale: 'ja' } } : reply;
  },
  autocomplete(_option, value, { timeline, locale }) {
    return localisedFigureChoices(timeline, value, locale);
  },
};
