/**
 * `/nissan-honda curate …`: the curators' review queue in chat. One item a page — a reader's open report or a news
 * candidate — with its buttons: Draft event (a form prefilled from the item), Attach to event, Dismiss; Fixed / Not a
 * mistake for reports. Every path (command, button, form, autocomplete) requires a curator (see dispatch.ts).
 */
import { UserError, type CommandContext, type Subcommand } from '../src/core/command.js';
import { escapeMarkup, truncate, type Reply, type ReplyButton } from '../src/replies/reply.js';
import { eventChoices } from '../src/answers/index.js';
import { formatDateJa } from '../src/i18n/ja/format.js';
import { TOPICS, type Event } from '../src/timeline/schema.js';
import { formatDate } from '../src/timeline/dates.js';
import { formatValue } from '../src/replies/format.js';
import type { Candidate, Report } from '../src/curation/index.js';
// defines the "curate" precondition these commands require
import '../src/curation/permissions.js';
import { actorOf, curating, curationOf } from './report.js';
import { curateWords, type CurateWords } from './curate-words.js';
import { localisedEventChoices } from '../src/i18n/ja/choices.js';

const PREFIX = 'cq';
const COMPANIES = ['Honda', 'Nissan', 'Mitsubishi', 'Foxconn', 'Renault'];

type Item = { kind: 'report'; report: Report } | { kind: 'candidate'; candidate: Candidate };

/** The queue: open reports first (a reader is waiting), then new candidates, newest first. */
async function queue(ctx: CommandContext): Promise<Item[]> {
  const { service } = curationOf(ctx);
  return [
    ...(await service.store.reports({ status: 'open', limit: 200 })).map((report): Item => ({ kind: 'report', report })),
    ...(await service.store.candidates({ status: 'new', limit: 500 })).map((candidate): Item => ({ kind: 'candidate', candidate })),
  ];
}

function when(iso: string | undefined, ctx: CommandContext): string {
  return iso ? (ctx.locale === 'ja' ? formatDateJa : formatDate)(iso.slice(0, 10)) : curateWords(ctx.locale).dateUnknown;
}

export async function queuePage(ctx: CommandContext, page: number, notice?: string): Promise<Reply> {
  const t = curateWords(ctx.locale);
  const items = await queue(ctx);
  const { service } = curationOf(ctx);
  const lastPoll = await service.store.lastPoll();
  const footer = t.footer(items.length, lastPoll ? t.lastPoll(lastPoll.at.slice(0, 16).replace('T', ' '), lastPoll.ok, lastPoll.feeds) : undefined);
  if (!items.length) {
    return { title: t.queueTitle, body: `${notice ? notice + '\n\n' : ''}${t.empty}`, footer, tone: 'info', ephemeral: true };
  }
  const p = Math.min(Math.max(1, page), items.length);
  const item = items[p - 1];
  const nav: ReplyButton[] = [
    { action: `${PREFIX}:page:${p - 1}`, label: '◀', disabled: p <= 1, style: 'secondary' },
    { action: `${PREFIX}:page:${p + 1}`, label: '▶', disabled: p >= items.length, style: 'secondary' },
  ];
  const head = `${notice ? notice + '\n\n' : ''}${t.item(p, items.length)}`;
  if (item.kind === 'report') {
    const r = item.report;
    const ev = ctx.timeline.get(r.eventId);
    return {
      title: t.reportTitle(r.id, truncate(ev?.title ?? r.eventId, 200)),
      body: `${head}\n\n${escapeMarkup(r.message)}${r.sourceUrl ? t.suggested(escapeMarkup(r.sourceUrl)) : ''}`,
      fields: [
        { name: t.fields.event, value: `\`${r.eventId}\``, inline: true },
        { name: t.fields.from, value: escapeMarkup(r.reporter), inline: true },
        { name: t.fields.received, value: when(r.createdAt, ctx), inline: true },
      ],
      buttons: [
        { action: `${PREFIX}:fixed:${r.id}:${p}`, label: t.buttons.fixed, style: 'primary' },
        { action: `${PREFIX}:nam:${r.id}:${p}`, label: t.buttons.notAMistake, style: 'secondary' },
        ...nav,
      ],
      footer,
      tone: 'warning',
      ephemeral: true,
      data: { report: r.id, page: p, total: items.length },
    };
  }
  const c = item.candidate;
  return {
    title: truncate(c.title, 256),
    url: c.url,
    body: `${head}${t.candidate(c.id)}${c.summary ? `\n\n${escapeMarkup(truncate(c.summary, 600))}` : ''}`,
    fields: [
      { name: t.fields.publisher, value: escapeMarkup(c.publisher ?? c.feed), inline: true },
      { name: t.fields.published, value: when(c.published ?? c.foundAt, ctx), inline: true },
      { name: t.fields.relevance, value: `${c.score} · ${c.topics.join(', ') || '—'}`, inline: true },
    ],
    buttons: [
      { action: `${PREFIX}:draft:${c.id}`, label: t.buttons.draft, style: 'primary' },
      { action: `${PREFIX}:attach:${c.id}`, label: t.buttons.attach, style: 'secondary' },
      { action: `${PREFIX}:dismiss:${c.id}:${p}`, label: t.buttons.dismiss, style: 'secondary' },
      ...nav,
    ],
    footer,
    tone: 'info',
    ephemeral: true,
    data: { candidate: c.id, page: p, total: items.length },
  };
}

function draftForm(ev: Event, candidateId: number, t: CurateWords): Reply {
  const F = t.draftForm;
  return {
    modal: {
      action: `${PREFIX}:add:${candidateId}`,
      title: F.title,
      submitLabel: F.submit,
      fields: [
        { id: 'title', label: F.title_, value: ev.title, style: 'short', required: true, maxLength: 256 },
        { id: 'date', label: F.date, value: ev.date, style: 'short', required: true, maxLength: 10 },
        { id: 'summary', label: F.summary, value: ev.summary, style: 'paragraph', required: true, maxLength: 1500 },
        { id: 'status', label: F.status, value: ev.status, choices: ['reported', 'official'], required: true, maxLength: 10 },
        {
          id: 'tags',
          label: F.tags,
          value: [...ev.companies, ...ev.topics].join(', '),
          choices: [...COMPANIES, ...TOPICS],
          multiple: true,
          required: true,
          maxLength: 300,
        },
      ],
    },
  };
}

function figureForm(event: Event, t: CurateWords): Reply {
  const F = t.figureForm;
  return {
    modal: {
      action: `${PREFIX}:figsave:${event.id}`,
      title: F.title,
      submitLabel: F.submit,
      fields: [
        { id: 'label', label: F.label, style: 'short', required: true, maxLength: 200, placeholder: 'e.g. Nissan net loss' },
        { id: 'value', label: F.value, style: 'short', required: true, maxLength: 30, placeholder: 'e.g. 533.1, or 700–750 for a range' },
        { id: 'unit', label: F.unit, style: 'short', required: true, maxLength: 40, placeholder: 'e.g. JPY billion, percent, vehicles' },
        { id: 'period', label: F.period, style: 'short', required: true, maxLength: 60, placeholder: 'e.g. FY ending Mar 2026' },
        { id: 'company', label: F.company, value: event.companies[0], choices: [...event.companies, '—'], required: true },
      ],
    },
  };
}

const figureButton = (eventId: string, label: string): ReplyButton => ({ action: `${PREFIX}:fig:${eventId}`.slice(0, 100), label, style: 'secondary' });

function attachForm(c: Candidate, ctx: CommandContext): Reply {
  const best = eventChoices(ctx.timeline, c.title)[0];
  const F = curateWords(ctx.locale).attachForm;
  return {
    modal: {
      action: `${PREFIX}:attachto:${c.id}`,
      title: F.title,
      submitLabel: F.submit,
      fields: [{ id: 'event', label: F.event, value: typeof best?.value === 'string' ? best.value : '', style: 'short', required: true, maxLength: 100, placeholder: 'e.g. 2025-02-13-merger-mou-terminated' }],
    },
  };
}

const num = (s: string | undefined): number => (s && /^\d+$/.test(s) ? Number(s) : NaN);

/** The event a Draft form describes: the candidate's skeleton with the curator's edits. */
function eventFromForm(base: Event, values: Record<string, string>, t: CurateWords): Record<string, unknown> {
  const tags = (values.tags ?? '').split(/[,\n]/).map((t) => t.trim()).filter(Boolean);
  const unknown = tags.filter((t) => !COMPANIES.some((c) => c.toLowerCase() === t.toLowerCase()) && !(TOPICS as readonly string[]).includes(t.toLowerCase()));
  if (unknown.length) throw new UserError(t.unknownTags(unknown.map((x) => `“${escapeMarkup(truncate(x, 30))}”`).join(', '), [...COMPANIES, ...TOPICS].join(', ')), t.unchanged);
  const companies = COMPANIES.filter((c) => tags.some((t) => t.toLowerCase() === c.toLowerCase()));
  const topics = TOPICS.filter((t) => tags.some((x) => x.toLowerCase() === t));
  const date = (values.date ?? base.date).trim();
  return {
    ...base,
    id: base.id.replace(/^\d{4}(-\d{2}){0,2}/, date),
    date,
    title: (values.title ?? base.title).trim(),
    summary: (values.summary ?? base.summary).trim(),
    status: (values.status ?? base.status).trim().toLowerCase(),
    companies,
    topics,
  };
}

export const curateQueue: Subcommand = {
  group: 'curate',
  name: 'queue',
  description: 'Curators: review news candidates and readers’ reports',
  options: [{ name: 'page', description: 'Which item to start at (default 1)', type: 'integer', minValue: 1, maxValue: 1000 }],
  requires: 'curate',
  actionPrefix: PREFIX,
  run(args, ctx) {
    return queuePage(ctx, (args.page as number | undefined) ?? 1);
  },
  async onAction(state, ctx) {
    const t = curateWords(ctx.locale);
    const [verb, a, b] = state.split(':');
    const { service } = curationOf(ctx);
    const actor = actorOf(ctx);
    const id = num(a);
    switch (verb) {
      case 'page':
        return queuePage(ctx, num(a) || 1);
      case 'draft':
        return draftForm(await curating(() => service.draft(id), ctx.locale), id, t);
      case 'attach':
        return attachForm(await curating(() => service.candidate(id), ctx.locale), ctx);
      case 'fig': {
        const event = service.event(a ?? '');
        if (!event) throw new UserError(t.noEvent(escapeMarkup(truncate(a ?? '', 60))));
        return figureForm(event, t);
      }
      case 'dismiss': {
        const c = await curating(() => service.dismiss(id, actor), ctx.locale);
        return queuePage(ctx, num(b) || 1, t.dismissed(c.id, escapeMarkup(truncate(c.title, 120))));
      }
      case 'fixed':
      case 'nam': {
        const r = await curating(() => service.resolveReport(id, verb === 'fixed' ? 'fixed' : 'not-a-mistake', actor), ctx.locale);
        return queuePage(ctx, num(b) || 1, t.resolved(r.id, r.status === 'fixed'));
      }
      default:
        throw new UserError(t.staleButton);
    }
  },
  async onSubmit(state, values, ctx) {
    const t = curateWords(ctx.locale);
    const [verb, a] = state.split(':');
    const { service } = curationOf(ctx);
    const actor = actorOf(ctx);
    const id = num(a);
    if (verb === 'add') {
      const event = eventFromForm(await curating(() => service.draft(id), ctx.locale), values, t);
      const res = await curating(() => service.add(event, actor, { candidateId: id }), ctx.locale);
      return {
        title: t.added.title,
        body: t.added.body(escapeMarkup(res.event.title), res.event.id),
        buttons: [figureButton(res.event.id, t.buttons.addFigure)],
        tone: 'info',
        ephemeral: true,
        data: { event: res.event.id, candidate: id },
      };
    }
    if (verb === 'figsave') {
      const eventId = state.slice('figsave:'.length);
      const f = await curating(() =>
        service.addFigure(eventId, { label: values.label ?? '', value: values.value ?? '', unit: values.unit ?? '', period: values.period ?? '', company: values.company ?? '' }, actor),
        ctx.locale,
      );
      return {
        title: t.figureAdded.title,
        body: t.figureAdded.body(escapeMarkup(f.label), formatValue(f), escapeMarkup(f.period), escapeMarkup(f.company), eventId),
        buttons: [figureButton(eventId, t.buttons.addAnother)],
        tone: 'info',
        ephemeral: true,
        data: { event: eventId, figure: f.id },
      };
    }
    if (verb === 'attachto') {
      const eventId = (values.event ?? '').trim();
      const c = await curating(() => service.attach(id, eventId, actor), ctx.locale);
      return { title: t.attached.title, body: t.attached.body(c.id, eventId), tone: 'info', ephemeral: true, data: { event: eventId, candidate: id } };
    }
    throw new UserError(t.staleForm);
  },
};

export const curateAttach: Subcommand = {
  group: 'curate',
  name: 'attach',
  description: 'Curators: add a news candidate as a source of an existing event',
  options: [
    { name: 'candidate', description: 'The candidate (pick from the list)', type: 'integer', required: true, autocomplete: true, minValue: 1 },
    { name: 'event', description: 'The event (start typing a title word and pick from the list)', type: 'string', required: true, autocomplete: true, maxLength: 100 },
  ],
  requires: 'curate',
  async run(args, ctx) {
    const { service } = curationOf(ctx);
    const c = await curating(() => service.attach(args.candidate as number, String(args.event).trim(), actorOf(ctx)), ctx.locale);
    const t = curateWords(ctx.locale);
    return { title: t.attached.title, body: t.attached.body(c.id, c.eventId ?? ''), tone: 'info', ephemeral: true, data: { event: c.eventId, candidate: c.id } };
  },
  autocomplete(option, value, ctx) {
    if (option === 'event') return localisedEventChoices(ctx.timeline, value, ctx.locale);
    const service = ctx.services.curation?.service;
    if (!service) return [];
    const q = value.toLowerCase();
    return service
      .openCandidates()
      .filter((c) => !q || String(c.id) === q || c.title.toLowerCase().includes(q))
      .slice(0, 25)
      .map((c) => ({ name: truncate(`#${c.id} · ${c.title}`, 100), value: c.id }));
  },
};

export const curatePoll: Subcommand = {
  group: 'curate',
  name: 'poll',
  description: 'Curators: fetch every watched feed now',
  options: [],
  requires: 'curate',
  slow: true,
  async run(_args, ctx) {
    const { service } = curationOf(ctx);
    const res = await service.poll(true);
    const t = curateWords(ctx.locale);
    const lines = res.results.map((r) => (r.status === 'failed' ? `✗ ${escapeMarkup(r.feed.name)}: ${escapeMarkup(r.reason ?? t.pollLine.failed)}` : `✓ ${escapeMarkup(r.feed.name)}: ${r.status === 'not-modified' ? t.pollLine.noChange : t.pollLine.added(r.added)}`));
    return { title: t.polled(res.feeds, res.added), body: lines.join('\n') || t.noFeeds, tone: 'info', ephemeral: true };
  },
};

export const curateUnreviewed: Subcommand = {
  group: 'curate',
  name: 'unreviewed',
  description: 'Server admins: show or hide news not yet reviewed in latest, recap and digests',
  options: [{ name: 'show', description: 'true: show the “In the news — not yet reviewed” heading (default); false: hide it', type: 'boolean', required: true }],
  requires: 'manage',
  async run(args, ctx) {
    const { service } = curationOf(ctx);
    const t = curateWords(ctx.locale);
    if (!ctx.guildId) throw new UserError(t.needsServer);
    await service.store.setShowUnreviewed(ctx.platform, ctx.guildId, args.show as boolean);
    return {
      title: t.shown.title(args.show as boolean),
      body: t.shown.body(args.show as boolean),
      tone: 'info',
      ephemeral: true,
    };
  },
};

export const curationCommands: Subcommand[] = [curateQueue, curateAttach, curatePoll, curateUnreviewed];
