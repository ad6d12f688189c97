/**
 * What a chart shows, decided from the log: which figures, as revisions over time (a step line over
 * the dates each value was stated) or as values for successive periods (bars). Pure: no drawing here.
 *
 * Values are never converted or rounded: every point carries its label exactly as `formatValue` states
 * it. `magnitude` (value × scale) only places a point on the axis.
 */
import { findFigures, figurePeriod } from '../answers/index.js';
import { seriesKey, fold, type FigureRecord, type Timeline } from '../timeline/timeline.js';
import { compareDates, formatDate } from '../timeline/dates.js';
import { formatValue } from '../replies/format.js';
import type { Figure } from '../timeline/schema.js';

export type ChartKind = 'revisions' | 'periods';

export interface ChartPoint {
  id: string;
  /** The value exactly as the source states it ("¥650 billion", "up to ¥450 billion", "¥700–750 billion"). */
  label: string;
  /** Position on the axis only: value × scale. */
  magnitude: number;
  magnitudeHigh?: number;
  /** When it was stated (partial date). */
  asOf: string;
  /** The period words as the source states them. */
  period: string;
  /** First month of the period (month index), for ordering bars; undefined when the words name no period. */
  periodStart?: number;
  status: 'official' | 'reported';
  publisher: string;
}

export interface ChartSeries {
  company: string;
  /** The figure's label, e.g. "Honda tariff impact on operating profit". */
  label: string;
  metric: string;
  unit: string;
  scale?: Figure['scale'];
  /** Revisions: the one period they are about. */
  period?: string;
  points: ChartPoint[];
}

export interface ChartPanel {
  kind: ChartKind;
  unit: string;
  series: ChartSeries[];
}

export interface ChartSpec {
  title: string;
  subtitle: string;
  panels: ChartPanel[];
  /** Publishers of every drawn point's source, in order of first appearance. */
  publishers: string[];
  /** The log's date (newest curation or event date), shown as "from the curated log, <date>". */
  logDate: string;
  /** Every figure drawn, in drawing order: with the log version, the cache key. */
  figureIds: string[];
  /** Statements of the series not drawn, with why (another unit). */
  notDrawn: string[];
  /** The fixed words drawn on the chart in another language (absent: English, CHART_TEXT). */
  text?: ChartText;
}

/** The fixed words on a chart: legend, date labels, the footnote. English by default; src/i18n/ja/chart.ts gives Japanese. */
export interface ChartText {
  official: string;
  reported: string;
  /** A point's date under its value. */
  date(d: string): string;
  /** A bar's "stated <date>". */
  stated(d: string): string;
  /** A month tick (iso YYYY-MM). */
  month(iso: string): string;
  notDrawn(list: string): string;
  sources(list: string[]): string;
  footnote(logDate: string): string;
  unit(unit: string, scale?: Figure['scale']): string;
  company(company: string): string;
}

export const CHART_TEXT: ChartText = {
  official: 'official',
  reported: 'reported',
  date: (d) => formatDate(d),
  stated: (d) => `stated ${formatDate(d)}`,
  month: (iso) => formatDate(iso).replace(/^(\w{3})\w*/, '$1'),
  notDrawn: (list) => `Not drawn: ${list}`,
  sources: (list) => `Sources: ${list.join(', ')}`,
  footnote: (d) => `from the curated log, ${formatDate(d)} · each value exactly as its source states it`,
  unit: (unit, scale) => unitWords(unit, scale),
  company: (c) => companyName(c),
};

/** The query names nothing the log holds: the message users see, and the closest figures. */
export class NotInLog extends Error {
  constructor(
    readonly query: string,
    readonly nearest: FigureRecord[][],
  ) {
    super(`The log holds no figure matching “${query}”.`);
  }
}

const SCALE_FACTOR: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

export function magnitudeOf(value: number, scale: Figure['scale']): number {
  return value * (scale ? SCALE_FACTOR[scale] : 1);
}

export function companyName(company: string): string {
  return company === '—' ? 'sector-wide' : company;
}

function point(r: FigureRecord): ChartPoint {
  const f = r.figure;
  return {
    id: f.id,
    label: formatValue(f),
    magnitude: magnitudeOf(f.value, f.scale),
    ...(f.valueHigh !== undefined ? { magnitudeHigh: magnitudeOf(f.valueHigh, f.scale) } : {}),
    asOf: f.asOf,
    period: f.period,
    ...(figurePeriod(f.period) ? { periodStart: figurePeriod(f.period)!.start } : {}),
    status: r.status,
    publisher: r.source.publisher,
  };
}

/** Newest statement first; on the same date official before reported, then by id (stable). */
function newestFirst(a: FigureRecord, b: FigureRecord): number {
  return compareDates(b.figure.asOf, a.figure.asOf) || (a.status === b.status ? 0 : a.status === 'official' ? -1 : 1) || a.figure.id.localeCompare(b.figure.id);
}

interface Picked {
  kind: ChartKind;
  series: ChartSeries;
  notDrawn: string[];
}

/** Keep the records stated in the head's unit; say which were left out. */
function sameUnit(records: FigureRecord[], head: FigureRecord): { kept: FigureRecord[]; notDrawn: string[] } {
  const kept = records.filter((r) => r.figure.unit === head.figure.unit);
  const notDrawn = records
    .filter((r) => r.figure.unit !== head.figure.unit)
    .map((r) => `${formatValue(r.figure)} (${companyName(r.figure.company)}, ${r.figure.period}, stated ${formatDate(r.figure.asOf)}, ${r.status}) — another unit`);
  return { kept, notDrawn };
}

/**
 * The series a query names. Two or more statements about one period → revisions. One statement → the
 * same metric and company over successive periods of the same length (years with years, quarters with
 * quarters), the newest statement for each period → bars.
 */
export function pickSeries(timeline: Timeline, query: string, now?: Date, like?: Picked): Picked {
  const res = findFigures(timeline, query, { now, limit: 1 });
  if (!res.found || !res.groups[0]?.length) throw new NotInLog(query, res.nearest);
  let main = [...res.groups[0]].sort(newestFirst);
  let beside = false;
  if (like?.kind === 'revisions') {
    // set beside revisions: the same metric's statements about the same period, when the log has them
    const p = figurePeriod(like.series.period ?? '');
    const same = timeline.figures.filter((r) => {
      if (r.figure.metric !== main[0].figure.metric || fold(r.figure.company) !== fold(main[0].figure.company)) return false;
      const q = figurePeriod(r.figure.period);
      return p && q ? p.start === q.start && p.end === q.end : r.figure.period === like.series.period;
    });
    if (same.length) {
      main = same.filter((r) => seriesKey(r.figure) === seriesKey(same[0].figure)).sort(newestFirst);
      beside = true;
    }
  }
  const head = main[0];
  const f = head.figure;
  const base = { company: f.company, label: f.label, metric: f.metric, unit: f.unit, ...(f.scale ? { scale: f.scale } : {}) };
  if (main.length >= 2 || beside) {
    const { kept, notDrawn } = sameUnit(main, head);
    return { kind: 'revisions', series: { ...base, period: f.period, points: kept.reverse().map(point) }, notDrawn };
  }
  const company = fold(f.company);
  const own = figurePeriod(f.period);
  const length = own ? own.end - own.start : undefined;
  const byPeriod = new Map<string, FigureRecord[]>();
  for (const r of timeline.figures) {
    if (r.figure.metric !== f.metric || fold(r.figure.company) !== company) continue;
    const p = figurePeriod(r.figure.period);
    if ((p ? p.end - p.start : undefined) !== length) continue;
    const key = seriesKey(r.figure);
    byPeriod.set(key, [...(byPeriod.get(key) ?? []), r]);
  }
  const newest = [...byPeriod.values()].map((g) => g.sort(newestFirst)[0]);
  const { kept, notDrawn } = sameUnit(newest, head);
  const points = kept.map(point).sort((a, b) => (a.periodStart ?? 0) - (b.periodStart ?? 0) || compareDates(a.asOf, b.asOf));
  return { kind: 'periods', series: { ...base, points }, notDrawn };
}

/** The log's date: its newest curation date, else its newest event's date. */
export function logDateOf(timeline: Timeline): string {
  let best = '';
  for (const e of timeline.events) {
    const d = e.curated ?? e.date;
    if (d > best) best = d;
  }
  return best;
}

const SCALE_WORD: Record<string, string> = { thousand: 'thousands', million: 'millions', billion: 'billions', trillion: 'trillions' };

/** "¥ billion (JPY)", "percent", "jobs". The axis is read in the first series' scale. */
export function unitWords(unit: string, scale?: Figure['scale']): string {
  const sym: Record<string, string> = { JPY: '¥', USD: '$', EUR: '€' };
  if (sym[unit]) return `${sym[unit]} ${scale ?? ''}`.trim() + ` (${unit})`;
  if (unit === 'percent') return 'percent';
  const u = unit.replace(/-/g, ' ');
  return scale ? `${u}, ${SCALE_WORD[scale]}` : u;
}

function seriesTitle(s: ChartSeries, kind: ChartKind): string {
  return kind === 'revisions' ? `${s.label} — ${s.period}` : s.label;
}

/** Dates on which the series' sources state different values. */
export function differOn(s: ChartSeries): string[] {
  const byDate = new Map<string, Set<string>>();
  for (const p of s.points) byDate.set(p.asOf, (byDate.get(p.asOf) ?? new Set()).add(`${p.magnitude}|${p.magnitudeHigh}`));
  return [...byDate].filter(([, v]) => v.size > 1).map(([d]) => d);
}

/** The whole chart for a query, and optionally a second query to set beside it. Throws NotInLog. */
export function chartSpec(timeline: Timeline, query: string, opts: { compare?: string; now?: Date } = {}): ChartSpec {
  const a = pickSeries(timeline, query, opts.now);
  const b = opts.compare ? pickSeries(timeline, opts.compare, opts.now, a) : undefined;
  const panels: ChartPanel[] = [];
  if (b && b.kind === a.kind && b.series.unit === a.series.unit) {
    panels.push({ kind: a.kind, unit: a.series.unit, series: [a.series, b.series] });
  } else {
    panels.push({ kind: a.kind, unit: a.series.unit, series: [a.series] });
    if (b) panels.push({ kind: b.kind, unit: b.series.unit, series: [b.series] });
  }
  const all = panels.flatMap((p) => p.series.flatMap((s) => s.points));
  const describe = (p: Picked) =>
    `${b ? `${companyName(p.series.company)}: ` : ''}${
      p.kind === 'revisions'
        ? `${p.series.points.length} statement${p.series.points.length === 1 ? '' : 's'}, by the date each was stated${differOn(p.series).map((d) => `; sources differ on ${formatDate(d)}`).join('')}`
        : 'the newest statement for each period'
    }`;
  const samePeriod = b && a.kind === 'revisions' && b.kind === 'revisions' && a.series.period === b.series.period;
  const title = !b
    ? seriesTitle(a.series, a.kind)
    : samePeriod
      ? `${a.series.label} vs ${b.series.label} — ${a.series.period}`
      : `${seriesTitle(a.series, a.kind)} vs ${seriesTitle(b.series, b.kind)}`;
  const subtitle = b && a.kind === 'periods' && b.kind === 'periods' ? 'the newest statement for each period' : [describe(a), ...(b ? [describe(b)] : [])].join(' · ');
  return {
    title,
    subtitle,
    panels,
    publishers: [...new Set(all.map((p) => p.publisher))],
    logDate: logDateOf(timeline),
    figureIds: all.map((p) => p.id),
    notDrawn: [...a.notDrawn, ...(b?.notDrawn ?? [])],
  };
}
