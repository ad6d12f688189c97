/**
 * An Answer shown in Japanese: the same figures, events, sources and declines as the English reply, with the
 * catalogue's wording, Japanese dates and yen, and the titles, summaries and labels of data/events.ja.json
 * (the English text is kept where a Japanese one is missing). Pure apart from reading that file once.
 */
import type { Answer } from '../../answers/index.js';
import { answerData } from '../../answers/present.js';
import { escapeMarkup, truncate, type Reply } from '../../replies/reply.js';
import type { Event } from '../../timeline/schema.js';
import type { FigureRecord } from '../../timeline/timeline.js';
import { CATALOGUE } from '../catalogue.js';
import { formatDateJa, formatValueJa, periodJa, statusLabelJa } from './format.js';
import { jaLog, type JaLog } from './log.js';

const M = CATALOGUE.ja;

const COMPANY_JA: Record<string, string> = {
  Honda: 'ホンダ', Nissan: '日産', 'Mitsubishi Motors': '三菱自動車', Mitsubishi: '三菱自動車', Renault: 'ルノー', Foxconn: '鴻海（フォックスコン）',
  'Nissan Shatai': '日産車体',
};

export function companyJa(name: string): string {
  return name === '—' ? M.ask.sectorWide : COMPANY_JA[name] ?? name;
}

export function eventTitleJa(e: Event, ja: JaLog = jaLog()): string {
  return ja.events[e.id]?.title ?? e.title;
}

export function eventSummaryJa(e: Event, ja: JaLog = jaLog()): string {
  return ja.events[e.id]?.summary ?? e.summary;
}

/** 「ホンダの営業利益への関税影響: **3,850億円** — ホンダ、2025年度（…）（2025年11月7日発表・公式・予想）— 出典: [Honda](url)」 */
export function figureLineJa(rec: FigureRecord, ja: JaLog = jaLog()): string {
  const f = rec.figure;
  const kind = f.kind === 'forecast' || f.kind === 'estimate' || f.kind === 'target' ? M.kind[f.kind] : undefined;
  const label = ja.figures[f.id] ?? f.label;
  return `${label}: **${formatValueJa(f)}** ${M.ask.figureContext(companyJa(f.company), periodJa(f.period), formatDateJa(f.asOf), statusLabelJa(rec.status), kind)} — ${M.ask.source}: [${rec.source.publisher}](${rec.source.url})`;
}

/** The first sentence of a Japanese summary (up to 。), at most `max` characters. */
function firstSentence(s: string, max = 160): string {
  const i = s.indexOf('。');
  return truncate(i > 0 ? s.slice(0, i + 1) : s, max);
}

function eventLineJa(e: Event, full: boolean, ja: JaLog): string {
  const head = `**${formatDateJa(e.date)}** · [${eventTitleJa(e, ja)}](${e.sources[0].url}) · _${statusLabelJa(e.status)}_`;
  return full ? `${head}\n${eventSummaryJa(e, ja)}` : `${head}\n${firstSentence(eventSummaryJa(e, ja))}`;
}

/** The body of a Japanese answer: figures first for figure questions, events otherwise; a decline states no figure. */
export function answerTextJa(a: Answer, ja: JaLog = jaLog()): string {
  if (!a.found) {
    const near = (a.nearest?.events ?? []).slice(0, 3).map((e) => `• ${formatDateJa(e.date)} · ${eventTitleJa(e, ja)}`);
    const why = a.reason && M.ask.because[a.reason] ? `${M.ask.declined}${M.ask.because[a.reason]}` : M.ask.declined;
    return near.length ? `${why}\n\n${M.ask.nearest}\n${near.join('\n')}` : why;
  }
  const parts: string[] = [];
  if (a.figures.length) {
    const [first, ...rest] = a.figures;
    parts.push(figureLineJa(first, ja));
    if (rest.length) parts.push(`${M.ask.revisions}\n${rest.slice(0, 5).map((r) => `• ${figureLineJa(r, ja)}`).join('\n')}`);
    const ev = first.event;
    parts.push(eventLineJa(ev, false, ja));
  } else {
    const [first, ...rest] = a.events;
    if (first) parts.push(eventLineJa(first, true, ja));
    for (const e of rest.slice(0, 3)) parts.push(eventLineJa(e, false, ja));
  }
  return parts.join('\n\n');
}

/** The `ask` reply in Japanese (the same data as the English reply, plus `locale: 'ja'`). */
export function answerReplyJa(a: Answer, ja: JaLog = jaLog()): Reply {
  const cites = a.citations.slice(0, 6).map((s) => `• [${truncate(`${s.publisher} — ${s.title}`, 110)}](${s.url}) (${formatDateJa(s.date)})`);
  const question = escapeMarkup(a.question);
  return {
    title: truncate(a.found ? M.ask.title(question) : M.ask.notFoundTitle(question), 256),
    body: truncate(answerTextJa(a, ja), 3500),
    fields: cites.length ? [{ name: M.ask.sources, value: truncate(cites.join('\n'), 1024) }] : [],
    footer: a.found ? M.ask.footerFound(truncate(a.events.map((e) => e.id).join(', '), 150)) : M.ask.footerNotFound,
    tone: a.found ? 'info' : 'warning',
    data: { ...answerData(a), kind: a.kind, locale: 'ja' },
  };
}

/** One event in full, in Japanese: the same fields, figures and sources as the English `event` reply. */
export function renderEventJa(e: Event, figures: readonly FigureRecord[], ja: JaLog = jaLog()): Reply {
  const topics = e.topics.map((t) => M.topics[t] ?? t).join('、');
  const fields = [
    { name: M.event.date, value: formatDateJa(e.date), inline: true },
    { name: M.event.status, value: statusLabelJa(e.status), inline: true },
    { name: M.event.companies, value: e.companies.map(companyJa).join('、'), inline: true },
    { name: M.event.topics, value: topics, inline: true },
  ];
  for (const rec of figures) fields.push({ name: truncate(ja.figures[rec.figure.id] ?? rec.figure.label, 256), value: truncate(figureLineJa(rec, ja), 1024), inline: false });
  fields.push({
    name: M.event.sources(e.sources.length),
    value: truncate(e.sources.map((s) => `• [${s.publisher} — ${truncate(s.title, 120)}](${s.url}) (${formatDateJa(s.date)})`).join('\n'), 1024),
    inline: false,
  });
  return {
    title: eventTitleJa(e, ja),
    url: e.sources[0].url,
    body: eventSummaryJa(e, ja),
    fields,
    footer: `id: ${e.id}`,
    tone: e.status,
    data: { event: e.id, figures: figures.map((r) => r.figure.id), sources: e.sources.map((s) => s.url), locale: 'ja' },
  };
}

/** The `figure` reply's text in Japanese: the series newest first, other series as fields, the same records. */
export function figureSeriesJa(groups: readonly (readonly FigureRecord[])[], differ: boolean, ja: JaLog = jaLog()): Pick<Reply, 'title' | 'body' | 'fields' | 'footer'> {
  const [main, ...others] = groups;
  const head = main[0];
  const revised = new Set(main.map((r) => `${r.figure.value}|${r.figure.valueHigh}|${r.figure.unit}`)).size > 1 && !differ;
  const label = (r: FigureRecord) => ja.figures[r.figure.id] ?? r.figure.label;
  return {
    title: truncate(label(head), 256),
    body: truncate(main.map((r) => `• ${figureLineJa(r, ja)}`).join('\n'), 3800),
    fields: others.slice(0, 3).map((g) => ({ name: truncate(`${label(g[0])} — ${companyJa(g[0].figure.company)}、${periodJa(g[0].figure.period)}`, 256), value: truncate(g.map((r) => `• ${figureLineJa(r, ja)}`).join('\n'), 1024) })),
    footer: truncate([M.figure.statements(main.length), differ ? M.figure.differ : revised ? M.figure.revised : '', M.figure.latest(formatDateJa(head.figure.asOf)), `id: ${head.figure.id}`].filter(Boolean).join(' · '), 200),
  };
}

/** One line of a list (latest, timeline, recap) in Japanese: date, linked Japanese title, status, id; with the summary's first sentence. */
export function listLineJa(e: Event, opts: { summary?: boolean } = {}, ja: JaLog = jaLog()): string {
  const head = `**${formatDateJa(e.date)}** · [${eventTitleJa(e, ja)}](${e.sources[0].url}) · _${statusLabelJa(e.status)}_ · \`${e.id}\``;
  return opts.summary ? `${head}\n${firstSentence(eventSummaryJa(e, ja))}` : head;
}
