/**
 * /nissan-honda timeline — a page of events in date order with Previous/Next buttons.
 * The page and filters live in the button id (`tl:<page>|<topic>|<company>|<from>|<to>`), so paging
 * keeps working after a restart. It opens on the last page (the most recent events).
 */
import { dateOption } from '../src/core/options.js';
import { dateErrorWords } from '../src/i18n/options.js';
import { UserError, type CommandContext, type Subcommand } from '../src/core/command.js';
import { formatDate, compareDates } from '../src/timeline/dates.js';
import { eventLine } from '../src/replies/format.js';
import { escapeMarkup, type Reply } from '../src/replies/reply.js';
import type { TimelineFilter } from '../src/timeline/timeline.js';
import type { Topic } from '../src/timeline/schema.js';
import { CATALOGUE } from '../src/i18n/catalogue.js';
import { formatDateJa } from '../src/i18n/ja/format.js';
import { listLineJa } from '../src/i18n/ja/reply.js';

export const PAGE_SIZE = 6;

/** Shorter words people type for topics (console and Slack text). */
const TOPIC_ALIASES: Record<string, string> = {
  tariff: 'tariffs',
  merger: 'merger-talks',
  integration: 'merger-talks',
  pickup: 'pickup-deal',
  pickups: 'pickup-deal',
  ev: 'ev-software',
  software: 'ev-software',
  trade: 'trade-policy',
  plant: 'plants',
  earning: 'earnings',
  results: 'earnings',
  leaders: 'leadership',
};
const PREFIX = 'tl';
const COMPANY_MAX = 40;

interface State extends TimelineFilter {
  /** Page index from the oldest; -1 = last page. */
  page: number;
}

export function encodeState(s: State): string {
  const clean = (v?: string) => (v ?? '').replace(/\|/g, '');
  return `${PREFIX}:${s.page}|${clean(s.topic)}|${clean(s.company)}|${clean(s.from)}|${clean(s.to)}`;
}

/** Button state comes back from the client: checked like option input (a tampered id gets a polite error, never an echo). */
function decodeState(raw: string, ctx: CommandContext): State {
  const stale = () => new UserError(ctx.locale === 'ja' ? CATALOGUE.ja.timeline.stale : 'This timeline button is out of date. Please run `/nissan-honda timeline` again.');
  const [page, topic, company, from, to, ...rest] = raw.split('|');
  const n = Number(page);
  if (!Number.isInteger(n) || rest.length) throw stale();
  if (topic && !(ctx.timeline.topics as readonly string[]).includes(topic)) throw stale();
  if (company && company.length > COMPANY_MAX) throw stale();
  let state: State;
  try {
    state = { page: n, topic: topic || undefined, company: company || undefined, from: dateOption(from || undefined, 'from'), to: dateOption(to || undefined, 'to') };
  } catch {
    throw stale(); // (a date's own message would echo what the client sent)
  }
  if (state.from && state.to && compareDates(state.from, state.to) > 0) throw stale();
  return state;
}

/** The same page in Japanese: catalogue strings, Japanese titles and summaries, dates and status in Japanese notation. */
/** The asked page of a non-empty list (a page past either end is the last), with its first and last dates. */
function pageOf<T extends { date: string }>(events: readonly T[], asked: number) {
  const pages = Math.ceil(events.length / PAGE_SIZE);
  const page = asked < 0 || asked >= pages ? pages - 1 : asked;
  const slice = events.slice(page * PAGE_SIZE, page * PAGE_SIZE + PAGE_SIZE);
  return { pages, page, slice, first: slice[0].date, last: slice[slice.length - 1].date };
}

function renderPageJa(state: State, ctx: CommandContext): Reply {
  const M = CATALOGUE.ja.timeline;
  const events = ctx.timeline.filter(state);
  const filters = [
    state.topic && M.topic(escapeMarkup(CATALOGUE.ja.topics[state.topic as Topic] ?? state.topic)),
    state.company && M.company(escapeMarkup(state.company)),
    state.from && M.from(formatDateJa(state.from)),
    state.to && M.to(formatDateJa(state.to)),
  ].filter(Boolean);
  const filterText = filters.length ? `（${filters.join('、')}）` : '';
  if (!events.length) return { title: M.title, body: M.noMatch(filterText), tone: 'info', ephemeral: true };
  const { pages, page, slice, first, last } = pageOf(events, state.page);
  return {
    title: `${M.title}${filterText ? M.filtered : ''}: ${formatDateJa(first)}${compareDates(first, last) ? ` 〜 ${formatDateJa(last)}` : ''}`,
    body: (filters.length ? `${M.filters(filters.join('、'))}\n\n` : '') + slice.map((e) => listLineJa(e, { summary: true })).join('\n\n'),
    footer: M.footer(page + 1, pages, events.length),
    tone: 'info',
    buttons: [
      { action: encodeState({ ...state, page: page - 1 }), label: M.previous, disabled: page === 0, style: 'secondary' },
      { action: encodeState({ ...state, page: page + 1 }), label: M.next, disabled: page >= pages - 1, style: 'secondary' },
    ],
    data: { page: page + 1, pages, events: slice.map((e) => e.id), locale: 'ja' },
  };
}

export function renderPage(state: State, ctx: CommandContext): Reply {
  if (ctx.locale === 'ja') return renderPageJa(state, ctx);
  const { timeline } = ctx;
  const events = timeline.filter(state);
  const filters = [
    state.topic && `topic **${escapeMarkup(state.topic)}**`,
    state.company && `company **${escapeMarkup(state.company)}**`,
    state.from && `from ${formatDate(state.from)}`,
    state.to && `to ${formatDate(state.to)}`,
  ].filter(Boolean);
  const filterText = filters.length ? ` (${filters.join(', ')})` : '';
  if (!events.length) {
    return {
      title: 'Timeline',
      body: `No events match${filterText}. Try fewer filters, or \`/nissan-honda latest\`.`,
      tone: 'info',
      ephemeral: true,
    };
  }
  const { pages, page, slice, first, last } = pageOf(events, state.page);
  return {
    title: `Timeline${filterText ? ' — filtered' : ''}: ${formatDate(first)}${compareDates(first, last) ? ` – ${formatDate(last)}` : ''}`,
    body: (filters.length ? `Filters: ${filters.join(', ')}\n\n` : '') + slice.map((e) => eventLine(e, { summary: true })).join('\n\n'),
    footer: `Page ${page + 1} of ${pages} · ${events.length} event${events.length === 1 ? '' : 's'} · oldest first`,
    tone: 'info',
    buttons: [
      { action: encodeState({ ...state, page: page - 1 }), label: '◀ Previous', disabled: page === 0, style: 'secondary' },
      { action: encodeState({ ...state, page: page + 1 }), label: 'Next ▶', disabled: page >= pages - 1, style: 'secondary' },
    ],
    data: { page: page + 1, pages, events: slice.map((e) => e.id) },
  };
}

export const timelineCommand: Subcommand = {
  name: 'timeline',
  description: 'Events in date order, a page at a time; opens on the most recent page',
  options: [
    {
      name: 'topic',
      description: 'Only events on this topic',
      type: 'string',
      choices: (tl) => tl.topics.map((t) => ({ name: t, value: t })),
      aliases: TOPIC_ALIASES,
    },
    { name: 'company', description: 'Only events involving this company (e.g. Mitsubishi)', type: 'string', maxLength: COMPANY_MAX },
    { name: 'from', description: 'From this date: 2025-02 or 2025-02-13', type: 'string', maxLength: 10 },
    { name: 'to', description: 'Up to this date: 2025-06 or 2025-06-30', type: 'string', maxLength: 10 },
  ],
  actionPrefix: PREFIX,
  run(args, ctx) {
    const from = dateOption(args.from, 'from', dateErrorWords(ctx.locale));
    const to = dateOption(args.to, 'to', dateErrorWords(ctx.locale));
    if (from && to && compareDates(from, to) > 0) throw new UserError(ctx.locale === 'ja' ? CATALOGUE.ja.timeline.fromAfterTo(from, to) : `\`from\` (${from}) is after \`to\` (${to}). Swap them?`);
    return renderPage({ page: -1, topic: args.topic as string | undefined, company: args.company as string | undefined, from, to }, ctx);
  },
  onAction(state, ctx) {
    return renderPage(decodeState(state, ctx), ctx);
  },
};
