/**
 * The `chart` reply's text in Japanese: the same series, values, dates and sources as the English text, with the
 * Japanese labels of data/events.ja.json, Japanese yen, periods and dates. The picture itself stays English. Pure.
 */
import type { ChartImage } from '../../charts/index.js';
import { escapeMarkup, truncate, type Reply } from '../../replies/reply.js';
import type { FigureRecord, Timeline } from '../../timeline/timeline.js';
import { formatDateJa, formatValueJa, periodJa } from './format.js';
import { jaLog } from './log.js';
import { companyJa } from './reply.js';

const labelOf = (timeline: Timeline, id: string | undefined, english: string) => (id && jaLog().figures[id]) || english;

export function chartReplyJa(image: ChartImage, timeline: Timeline, query: string, compare?: string): Reply {
  const { spec } = image;
  const titles: string[] = [];
  const lines = spec.panels.flatMap((p) =>
    p.series.map((s) => {
      const label = labelOf(timeline, s.points[s.points.length - 1]?.id, s.label);
      titles.push(p.kind === 'revisions' && s.period ? `${label} — ${periodJa(s.period)}` : label);
      const head = `**${label}** — ${companyJa(s.company)}${p.kind === 'revisions' ? `、${periodJa(s.period ?? '')}` : '、期間別'}`;
      const values = s.points.map((q) => {
        const f = timeline.figureById.get(q.id)?.figure;
        return `${f ? formatValueJa(f) : q.label}（${p.kind === 'periods' ? `${periodJa(q.period)}、` : ''}${formatDateJa(q.asOf)}${q.status === 'reported' ? '・報道' : ''}）`;
      });
      return `${head}\n${values.join(' → ')}`;
    }),
  );
  if (spec.notDrawn.length) lines.push(`_単位が異なるため描いていない発表: ${spec.notDrawn.length}件_`);
  lines.push('_グラフ画像の文字は英語です。値は出典の表記どおりです。_');
  const official = spec.panels.every((p) => p.series.every((s) => s.points.every((q) => q.status === 'official')));
  return {
    title: truncate(titles.join(' 対 '), 256),
    body: truncate(lines.join('\n\n'), 3000),
    footer: truncate(`出典: ${spec.publishers.join('、')} · 出典付きの記録より（${formatDateJa(spec.logDate)}時点）`, 500),
    tone: official ? 'official' : 'reported',
    image: { name: image.name, data: image.png, alt: image.alt, width: image.width, height: image.height },
    data: { query, ...(compare ? { compare } : {}), kind: spec.panels.map((p) => p.kind), figures: spec.figureIds, image: image.name, locale: 'ja' },
  };
}

/** No figure matches: the Japanese message and the nearest figures. */
export function chartNotFoundJa(query: string, nearest: readonly (readonly FigureRecord[])[]): { message: string; title: string } {
  const ja = jaLog();
  const near = nearest.slice(0, 3).map((g) => `• ${truncate(ja.figures[g[0].figure.id] ?? g[0].figure.label, 80)} — ${formatValueJa(g[0].figure)}（${periodJa(g[0].figure.period)}）— \`${g[0].figure.id}\``);
  return {
    title: '数値が見つかりません',
    message:
      `「${escapeMarkup(truncate(query, 60))}」に合う数値は記録にないため、グラフにできません。一覧から選ぶか、「ホンダ 関税影響」「日産 純損失」のような語で検索してください。` +
      (near.length ? `\n\n_記録の中で最も近い数値（一致ではありません）:_\n${near.join('\n')}` : ''),
  };
}
