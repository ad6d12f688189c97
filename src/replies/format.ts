/** Shared text building blocks for replies (markup subset from reply.ts). Pure, platform-neutral. */
import type { Event, Figure, Source } from '../timeline/schema.js';
import type { FigureRecord } from '../timeline/timeline.js';
import { formatDate } from '../timeline/dates.js';
import { truncate } from './reply.js';

const CURRENCY: Record<string, string> = { JPY: '¥', USD: '$', EUR: '€' };

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 10 });

function num(n: number): string {
  return NUMBER.format(n);
}

/** "¥650 billion", "up to ¥450 billion", "¥700–750 billion", "57%", "20,000 jobs", "3.346 million units". Exactly as stated. */
export function formatValue(f: Pick<Figure, 'value' | 'valueHigh' | 'qualifier' | 'unit' | 'scale'>): string {
  const n = f.valueHigh !== undefined ? `${num(f.value)}–${num(f.valueHigh)}` : num(f.value);
  const q = f.qualifier ? `${f.qualifier} ` : '';
  const scale = f.scale ? ` ${f.scale}` : '';
  const cur = CURRENCY[f.unit];
  if (cur) {
    const neg = f.value < 0 && f.valueHigh === undefined;
    return `${q}${neg ? '-' : ''}${cur}${neg ? num(-f.value) : n}${scale}`;
  }
  if (f.unit === 'percent') return `${q}${n}%`;
  if (f.unit === 'percentage-points') return `${q}${n} percentage points`;
  if (f.unit === 'yen-per-usd') return `${q}¥${n} per US dollar`;
  return `${q}${n}${scale} ${f.unit.replace(/-/g, ' ')}`;
}

export function statusLabel(status: 'official' | 'reported'): string {
  return status === 'official' ? 'official' : 'reported';
}

export function sourceLink(s: Source): string {
  return `[${s.publisher} — ${truncate(s.title, 120)}](${s.url}) (${formatDate(s.date)})`;
}

/** One line per event: date, linked title, status, id. */
export function eventLine(e: Event, opts: { summary?: boolean } = {}): string {
  const head = `**${formatDate(e.date)}** · [${e.title}](${e.sources[0].url}) · _${statusLabel(e.status)}_ · \`${e.id}\``;
  return opts.summary ? `${head}\n${oneLine(e.summary)}` : head;
}

/** The first sentence of a summary, at most ~200 characters. */
export function oneLine(summary: string, max = 200): string {
  const first = /^(.+?[.!?])(\s|$)/.exec(summary)?.[1] ?? summary;
  return truncate(first, max);
}

/** "¥650 billion — Honda, FY ending Mar 2026 (stated 13 May 2025; official) — [source]" */
export function figureLine(rec: FigureRecord, opts: { withSource?: boolean; withLabel?: boolean } = {}): string {
  const f = rec.figure;
  const parts = [`**${formatValue(f)}**`];
  if (opts.withLabel) parts.unshift(`${f.label}:`);
  parts.push(`— ${f.company === '—' ? 'sector-wide' : f.company}, ${f.period} (stated ${formatDate(f.asOf)}; ${statusLabel(rec.status)}${f.kind && f.kind !== 'actual' && f.kind !== 'other' ? `, ${f.kind}` : ''})`);
  let line = parts.join(' ');
  if (opts.withSource !== false) line += ` — source: [${rec.source.publisher}](${rec.source.url})`;
  if (f.note) line += `\n  _${f.note}_`;
  return line;
}
