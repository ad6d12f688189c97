import { UserError, type CommandContext, type Subcommand } from '../src/core/command.js';
import { chartNotFoundJa, chartReplyJa } from '../src/i18n/ja/chart.js';
import { localisedFigureChoices, searchWords } from '../src/i18n/ja/choices.js';
import { isJapanese } from '../src/i18n/ja/question.js';
import { chartFor, NotInLog, type ChartImage } from '../src/charts/index.js';
import { escapeMarkup, truncate, type Reply } from '../src/replies/reply.js';
import { formatValue } from '../src/replies/format.js';
import { formatDate } from '../src/timeline/dates.js';

/** Action id of the Chart button for a figure (`figure` replies carry it); undefined when too long for a button. */
export function chartAction(figureId: string): string | undefined {
  const id = `chart:${figureId}`;
  return id.length <= 100 ? id : undefined;
}

function notInLog(err: NotInLog): UserError {
  const near = err.nearest.slice(0, 3).map((g) => `• ${truncate(g[0].figure.label, 80)} — ${formatValue(g[0].figure)} (${g[0].figure.period}) — \`${g[0].figure.id}\``);
  return new UserError(
    `The log holds no figure matching “${escapeMarkup(truncate(err.query, 60))}”, so there is nothing to chart. Start typing and pick a figure from the list, or try words like “honda tariff hit” or “nissan net loss”.` +
      (near.length ? `\n\n_Nearest figures in the log (not a match):_\n${near.join('\n')}` : ''),
    'Figure not found',
  );
}

/** The reply for a rendered chart: the values as text too (for notifications and screen readers), and the image. */
export function chartReply(image: ChartImage, query: string, compare?: string): Reply {
  const { spec } = image;
  const lines = spec.panels.flatMap((p) =>
    p.series.map((s) => {
      const head = `**${s.label}** — ${s.company === '—' ? 'sector-wide' : s.company}${p.kind === 'revisions' ? `, ${s.period}` : ', by period'}`;
      const values = s.points.map((q) => `${q.label} (${p.kind === 'periods' ? `${q.period}, ` : ''}${formatDate(q.asOf)}${q.status === 'reported' ? ', reported' : ''})`);
      return `${head}\n${values.join(' → ')}`;
    }),
  );
  if (spec.notDrawn.length) lines.push(`_Not drawn (another unit): ${spec.notDrawn.length} statement${spec.notDrawn.length === 1 ? '' : 's'}_`);
  const official = spec.panels.every((p) => p.series.every((s) => s.points.every((q) => q.status === 'official')));
  return {
    title: truncate(spec.title, 256),
    body: truncate(lines.join('\n\n'), 3000),
    footer: truncate(`Sources: ${spec.publishers.join(', ')} · from the curated log, ${formatDate(spec.logDate)}`, 500),
    tone: official ? 'official' : 'reported',
    image: { name: image.name, data: image.png, alt: image.alt, width: image.width, height: image.height },
    data: { query, ...(compare ? { compare } : {}), kind: spec.panels.map((p) => p.kind), figures: spec.figureIds, image: image.name },
  };
}

async function chartOf(query: string, compare: string | undefined, ctx: CommandContext, theme: 'light' | 'dark' = 'light'): Promise<Reply> {
  // a figure named in Japanese is looked up by the engine's words; the reply is Japanese for it or for a ja locale
  const ja = ctx.locale === 'ja' || (ctx.locale === undefined && isJapanese(`${query} ${compare ?? ''}`));
  const words = (q: string | undefined) => (q !== undefined && isJapanese(q) ? searchWords(q) : q);
  try {
    const image = await chartFor(ctx.timeline, { query: words(query)!, compare: words(compare), now: ctx.now, theme, ...(ja ? { locale: 'ja' as const } : {}) });
    return ja ? chartReplyJa(image, query, compare) : chartReply(image, query, compare);
  } catch (err) {
    if (err instanceof NotInLog && ja) {
      const { message, title } = chartNotFoundJa(query, err.nearest);
      throw new UserError(message, title);
    }
    if (err instanceof NotInLog) throw notInLog(err);
    throw err;
  }
}

/**
 * A figure as a picture: revisions as a step line over the dates each value was stated, successive
 * periods as bars; `compare` sets a second figure beside it (same axis when the unit and kind agree).
 */
export const chart: Subcommand = {
  name: 'chart',
  description: 'A figure as a picture: its revisions over time or its values by period; compare two',
  options: [
    { name: 'query', description: 'Pick a figure from the list, or type words like "honda tariff hit"', type: 'string', required: true, autocomplete: true, maxLength: 100 },
    { name: 'compare', description: 'A second figure to set beside it, e.g. "nissan tariff hit"', type: 'string', autocomplete: true, maxLength: 100 },
    // a boolean, not a light/dark choice: typed text would take the word "light" out of queries such as "light vehicles"
    { name: 'dark', description: 'Draw it on a dark background (default: light)', type: 'boolean' },
  ],
  run(args, ctx) {
    let query = String(args.query ?? '').trim();
    let compare = args.compare === undefined ? undefined : String(args.compare).trim() || undefined;
    // typed platforms: "chart honda tariff vs nissan tariff"
    const vs = /^(.+?)\s+(?:vs\.?|versus)\s+(.+)$/i.exec(query);
    if (!compare && vs) [query, compare] = [vs[1], vs[2]];
    return chartOf(query, compare, ctx, args.dark === true ? 'dark' : 'light');
  },
  autocomplete(_option, value, { timeline, locale }) {
    return localisedFigureChoices(timeline, value, locale);
  },
  actionPrefix: 'chart',
  onAction(state, ctx) {
    return chartOf(state, undefined, ctx);
  },
};
