/**
 * Charts in Japanese: the chart itself (localiseChartSpec: titles, labels, values, periods, legend, axis unit, dates
 * and footnote) and the `chart` reply's text — the same series, values, dates and sources as in English, with the
 * Japanese labels of data/events.ja.json, Japanese yen (never rounded), periods and dates. Pure.
 */
import type { ChartImage } from '../../charts/index.js';
import { CHART_TEXT, differOn, type ChartSeries, type ChartSpec, type ChartText } from '../../charts/model.js';
import { escapeMarkup, truncate, type Reply } from '../../replies/reply.js';
import type { FigureRecord, Timeline } from '../../timeline/timeline.js';
import { formatDateJa, formatValueJa, periodJa } from './format.js';
import { jaLog } from './log.js';
import { companyJa } from './reply.js';

const labelOf = (timeline: Timeline, id: string | undefined, english: string) => (id && jaLog().figures[id]) || english;

/** The reply for a chart drawn in Japanese (its spec already localised by localiseChartSpec): the values as text too. */
export function chartReplyJa(image: ChartImage, query: string, compare?: string): Reply {
  const { spec } = image;
  const lines = spec.panels.flatMap((p) =>
    p.series.map((s) => {
      const head = `**${s.label}** — ${companyJa(s.company)}${p.kind === 'revisions' ? `、${s.period ?? ''}` : '、期間別'}`;
      const values = s.points.map((q) => `${q.label}（${p.kind === 'periods' ? `${q.period}、` : ''}${formatDateJa(q.asOf)}${q.status === 'reported' ? '・報道' : ''}）`);
      return `${head}\n${values.join(' → ')}`;
    }),
  );
  if (spec.notDrawn.length) lines.push(`_単位が異なるため描いていない発表: ${spec.notDrawn.length}件_`);
  lines.push('_値は出典の表記どおりです。_');
  const official = spec.panels.every((p) => p.series.every((s) => s.points.every((q) => q.status === 'official')));
  return {
    title: truncate(spec.title, 256),
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

const UNIT_JA: Record<string, Record<string, string>> = {
  JPY: { '': '円', thousand: '千円', million: '百万円', billion: '10億円', trillion: '兆円' },
  USD: { '': 'ドル', thousand: '千ドル', million: '百万ドル', billion: '10億ドル', trillion: '兆ドル' },
  EUR: { '': 'ユーロ', million: '百万ユーロ', billion: '10億ユーロ' },
};
const COUNT_JA: Record<string, string> = { percent: '%', vehicles: '台', units: '台', jobs: '人', employees: '人', people: '人', shares: '株', models: '車種', plants: '工場' };
const SCALE_JA: Record<string, string> = { thousand: '千', million: '百万', billion: '10億', trillion: '兆' };

/** The axis unit in Japanese: the axis reads values in the first series' scale, so "10億円" for ¥ billions (385 → 3,850億円). */
export function unitJa(unit: string, scale?: string): string {
  const money = UNIT_JA[unit]?.[scale ?? ''];
  if (money) return `単位: ${money}`;
  const count = COUNT_JA[unit];
  if (count) return `単位: ${scale ? SCALE_JA[scale] ?? '' : ''}${count}`;
  return CHART_TEXT.unit(unit, scale as never);
}

export const JA_CHART_TEXT: ChartText = {
  official: '公式',
  reported: '報道',
  date: (d) => formatDateJa(d),
  stated: (d) => `${formatDateJa(d)}発表`,
  month: (iso) => `${Number(iso.slice(5, 7))}月`,
  notDrawn: (list) => `単位が異なるため描いていない発表: ${list.split('; ').length}件`,
  sources: (list) => `出典: ${list.join('、')}`,
  footnote: (d) => `出典付きの記録より（${formatDateJa(d)}時点）· 値はすべて出典の表記どおり`,
  unit: unitJa,
  company: (c) => companyJa(c),
};

/** The same chart in Japanese: every series, point and value as drawn in English, named and written in Japanese. */
export function localiseChartSpec(spec: ChartSpec, timeline: Timeline): ChartSpec {
  const series = (s: ChartSeries): ChartSeries => ({
    ...s,
    label: labelOf(timeline, s.points[s.points.length - 1]?.id, s.label),
    ...(s.period !== undefined ? { period: periodJa(s.period) } : {}),
    points: s.points.map((q) => {
      const f = timeline.figureById.get(q.id)?.figure;
      return { ...q, label: f ? formatValueJa(f) : q.label, period: periodJa(q.period) };
    }),
  });
  const panels = spec.panels.map((p) => ({ ...p, series: p.series.map(series) }));
  const all = panels.flatMap((p) => p.series.map((s) => ({ s, kind: p.kind })));
  const titleOf = ({ s, kind }: (typeof all)[number]) => (kind === 'revisions' && s.period ? `${s.label} — ${s.period}` : s.label);
  const samePeriod = all.length === 2 && all.every((x) => x.kind === 'revisions') && all[0].s.period === all[1].s.period;
  const title = samePeriod ? `${all[0].s.label} 対 ${all[1].s.label} — ${all[0].s.period}` : all.map(titleOf).join(' 対 ');
  const describe = ({ s, kind }: (typeof all)[number]) =>
    `${all.length > 1 ? `${companyJa(s.company)}: ` : ''}${
      kind === 'revisions' ? `${s.points.length}件の発表（発表日順）${differOn(s).map((d) => `、${formatDateJa(d)}は出典により異なる`).join('')}` : '期間ごとの最新の発表'
    }`;
  const subtitle = all.length === 2 && all.every((x) => x.kind === 'periods') ? '期間ごとの最新の発表' : all.map(describe).join(' · ');
  return { ...spec, title, subtitle, panels, text: JA_CHART_TEXT };
}

/** The chart's text alternative in Japanese. */
export function altTextJa(spec: ChartSpec): string {
  const lines = spec.panels.flatMap((p) =>
    p.series.map((s) => `${companyJa(s.company)}: ${s.points.map((q) => `${q.label}（${q.period}、${formatDateJa(q.asOf)}発表、${q.status === 'official' ? '公式' : '報道'}）`).join('、')}`),
  );
  return [spec.title, ...lines].join('。').slice(0, 1000);
}
