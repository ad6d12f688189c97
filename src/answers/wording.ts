/**
 * The words of an answer: a figure series with its revisions and disagreements, an event, a "why", citations, and
 * declines with the nearest thing the log holds, clearly labelled as not an answer.
 */
import { formatValue, oneLine, statusLabel } from '../replies/format.js';
import { truncate } from '../replies/reply.js';
import { formatDate } from '../timeline/dates.js';
import { type Event, type Source } from '../timeline/schema.js';
import { bestTierFirst, type FigureRecord } from '../timeline/timeline.js';
import { type Answer } from './answer.js';
import { COMPANIES } from './lexicon.js';
import { dateInPeriod } from './periods.js';
import { type EventDoc } from './search-index.js';
import { disagreements, sameValue } from './series.js';
import { reasonsIn } from './stated-reasons.js';
import { sentences } from './reasons.js';
import { type QuestionKind, type Understanding } from './understand.js';

export function companyName(f: FigureRecord): string {
  return f.figure.company === '—' ? 'sector-wide' : f.figure.company;
}

export function src(rec: FigureRecord): string {
  return `[${rec.source.publisher}](${rec.source.url})`;
}

/** The text of a figure answer: latest value first, revisions with their dates, disagreements side by side. */
export function describeSeries(group: FigureRecord[]): string {
  const head = group[0];
  const f = head.figure;
  const lines: string[] = [`**${f.label}** — ${companyName(head)}, ${f.period}`];
  const differ = disagreements(group);
  const differIds = new Set(differ.flat().map((r) => r.figure.id));
  const kindOf = (r: FigureRecord) => (r.figure.kind && r.figure.kind !== 'actual' && r.figure.kind !== 'other' ? `, ${r.figure.kind}` : '');
  const stated = (r: FigureRecord) => `${formatDate(r.figure.asOf)} — ${src(r)}${r.status !== head.status ? ` (${statusLabel(r.status)})` : ''}`;
  const labelled = (r: FigureRecord) => (r.figure.label !== f.label ? ` · _${truncate(r.figure.label, 90)}_` : '');
  if (group.length === 1) {
    lines.push(`**${formatValue(f)}** (stated ${formatDate(f.asOf)}; ${statusLabel(head.status)}${kindOf(head)}) — ${src(head)}`);
    if (f.note) lines.push(`_${truncate(f.note, 200)}_`);
    return lines.join('\n');
  }
  for (const d of differ) {
    const from = formatDate(d[d.length - 1].figure.asOf);
    const to = formatDate(d[0].figure.asOf);
    lines.push(`**Sources differ** (${from === to ? from : `${from} – ${to}`}):`);
    for (const r of d) {
      lines.push(`• **${formatValue(r.figure)}**${labelled(r)} — ${statusLabel(r.status)}${kindOf(r)}, stated ${stated(r)}${r.figure.note ? ` — _${truncate(r.figure.note, 140)}_` : ''}`);
    }
  }
  // the other statements, latest first; consecutive statements of the same value are one line
  const rest = group.filter((r) => !differIds.has(r.figure.id));
  const runs: FigureRecord[][] = [];
  for (const r of rest) {
    const last = runs[runs.length - 1];
    if (last && sameValue(last[0], r)) last.push(r);
    else runs.push([r]);
  }
  if (runs.length) {
    const revised = runs.length > 1 || (differ.length > 0 && runs.some((run) => !sameValue(run[0], differ[0][0])));
    if (differ.length) lines.push(revised ? 'Other statements, latest first:' : 'Also stated:');
    runs.forEach((run, i) => {
      const r = run[0];
      const prefix = differ.length ? '• ' : i === 0 ? (runs.length > 1 ? 'Latest: ' : '') : '• ';
      if (!differ.length && i === 1) lines.push('Earlier, latest first (revisions):');
      lines.push(`${prefix}**${formatValue(r.figure)}**${labelled(r)} (${statusLabel(r.status)}${kindOf(r)}) — stated ${run.map(stated).join('; ')}`);
    });
  }
  return lines.join('\n');
}

/** How much of an event's summary an answer shows: enough to answer, short enough to read in a chat. */
export const SUMMARY_CHARS = 420;

/** Whole sentences of `text` up to `max` characters (the first one cut if it alone is longer). */
export function sentencesUpTo(text: string, max = SUMMARY_CHARS): string {
  let out = '';
  for (const s of sentences(text)) {
    if (out && out.length + 1 + s.length > max) break;
    out = out ? `${out} ${s}` : s;
  }
  return truncate(out, max);
}

export function eventText(e: Event, kind: QuestionKind): string {
  const link = `[${e.sources[0].publisher}](${e.sources[0].url})`;
  const status = statusLabel(e.status);
  if (kind === 'when') return `**${formatDate(e.date)}** — ${e.title} (${status}). ${oneLine(e.summary, 300)} — ${link}`;
  return `**${e.title}** (${formatDate(e.date)}; ${status})\n${sentencesUpTo(e.summary)}\nSource: ${link}${e.sources.length > 1 ? ` (+${e.sources.length - 1} more)` : ''}`;
}

export function citationsOf(figures: FigureRecord[], events: Event[]): Source[] {
  const out: Source[] = [];
  const seen = new Set<string>();
  const add = (s: Source) => {
    if (!seen.has(s.url)) {
      seen.add(s.url);
      out.push(s);
    }
  };
  figures.forEach((r) => add(r.source));
  events.forEach((e, i) => (i === 0 ? e.sources.slice(0, 3) : e.sources.slice(0, 1)).forEach(add));
  return bestTierFirst(out);
}

export function companyList(u: Understanding): string {
  const names = u.companies.map((k) => COMPANIES.find((c) => c.key === k)?.logName ?? k);
  return names.join(' and ');
}

export function decline(u: Understanding, reason: string, text: string, nearest?: { figures: FigureRecord[]; events: Event[] }, confidence = 0): Answer {
  let answer = text;
  const nf = nearest?.figures ?? [];
  const ne = nearest?.events ?? [];
  if (nf.length || ne.length) {
    const items: string[] = [];
    for (const r of nf.slice(0, 3)) {
      const k = r.figure.kind && r.figure.kind !== 'actual' && r.figure.kind !== 'other' ? `${r.figure.kind}, ` : '';
      items.push(`• ${r.figure.label}: **${formatValue(r.figure)}** — ${companyName(r)}, ${r.figure.period} (${k}${statusLabel(r.status)}, stated ${formatDate(r.figure.asOf)}) — ${src(r)}`);
    }
    for (const e of ne.slice(0, 3)) items.push(`• ${formatDate(e.date)} — ${e.title} — [${e.sources[0].publisher}](${e.sources[0].url})`);
    answer += `\n\n_Nearest thing the log holds (not an answer to your question):_\n${items.join('\n')}`;
  }
  return {
    question: u.question,
    found: false,
    answer,
    kind: u.kind,
    figures: [],
    events: [],
    citations: [],
    nearest: nearest && (nf.length || ne.length) ? { figures: nf.slice(0, 3), events: ne.slice(0, 3) } : undefined,
    confidence,
    reason,
  };
}

/** The reasons first, then the event they come from: its title, date and source, and what else it says (once). */
export function whyText(d: EventDoc, u: Understanding): string {
  const reasons = reasonsIn(d, u);
  if (!reasons.length) return eventText(d.event, 'why');
  const e = d.event;
  const rest = sentences(e.summary).filter((s) => !reasons.includes(s)).join(' ');
  const link = `[${e.sources[0].publisher}](${e.sources[0].url})`;
  return `**Why, as the log reports it:** ${reasons.join(' ')}\n**${e.title}** (${formatDate(e.date)}; ${statusLabel(e.status)})${rest ? `\n${sentencesUpTo(rest)}` : ''}\nSource: ${link}`;
}

export function askedDateNote(u: Understanding, group: FigureRecord[]): string {
  if (!u.period || group.length < 2) return '';
  const at = group.filter((r) => dateInPeriod(r.figure.asOf, u.period!));
  if (!at.length || at[0] === group[0]) return '';
  return `\nAs stated in ${u.period.label}: **${formatValue(at[0].figure)}** (${formatDate(at[0].figure.asOf)}) — ${src(at[0])}`;
}

