/**
 * `/nissan-honda curate …`: the curators' review queue in chat. One item a page — a reader's open report or a news
 * candidate — with its buttons: Draft event (a form prefilled from the item), Attach to event, Dismiss; Fixed / Not a
 * mistake for reports. Every path (command, button, form, autocomplete) requires a curator (see dispatch.ts).
 */
import { UserError, type CommandContext, type Subcommand } from '../src/core/command.js';
import { escapeMarkup, truncate, type Reply, type ReplyButton } from '../src/replies/reply.js';
import { eventChoices } from '../src/answers/index.js';
import { TOPICS, type Event } from '../src/timeline/schema.js';
import { formatDate } from '../src/timeline/dates.js';
import { formatValue } from '../src/replies/format.js';
import type { Candidate, Report } from '../src/curation/index.js';
// defines the "curate" precondition these commands require
import '../src/curation/permissions.js';
import { actorOf, curating, curationOf } from './report.js';

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

function when(iso: string | undefined): string {
  return iso ? formatDate(iso.slice(0, 10)) : 'date unknown';
}

export async function queuePage(ctx: CommandContext, page: number, notice?: string): Promise<Reply> {
  const items = await queue(ctx);
  const { service } = curationOf(ctx);
  const lastPoll = await service.store.lastPoll();
  const footer = `${items.length} to review · last poll ${lastPoll ? `${lastPoll.at.slice(0, 16).replace('T', ' ')} UTC: ${lastPoll.ok}/${lastPoll.feeds} feeds read` : 'not yet'}`;
  if (!items.length) {
    return { title: 'News queue', body: `${notice ? notice + '\n\n' : ''}Nothing to review: no open reports and no new candidates.`, footer, tone: 'info', ephemeral: true };
  }
  const p = Math.min(Math.max(1, page), items.length);
  const item = items[p - 1];
  const nav: ReplyButton[] = [
    { action: `${PREFIX}:page:${p - 1}`, label: '◀', disabled: p <= 1, style: 'secondary' },
    { action: `${PREFIX}:page:${p + 1}`, label: '▶', disabled: p >= items.length, style: 'secondary' },
  ];
  const head = `${notice ? notice + '\n\n' : ''}Item ${p} of ${items.length}`;
  if (item.kind === 'report') {
    const r = item.report;
    const ev = ctx.timeline.get(r.eventId);
    return {
      title: `Report #${r.id} on ${truncate(ev?.title ?? r.eventId, 200)}`,
      body: `${head}\n\n${escapeMarkup(r.message)}${r.sourceUrl ? `\n\nSuggested source: ${escapeMarkup(r.sourceUrl)}` : ''}`,
      fields: [
        { name: 'Event', value: `\`${r.eventId}\``, inline: true },
        { name: 'From', value: escapeMarkup(r.reporter), inline: true },
        { name: 'Received', value: when(r.createdAt), inline: true },
      ],
      buttons: [
        { action: `${PREFIX}:fixed:${r.id}:${p}`, label: 'Fixed', style: 'primary' },
        { action: `${PREFIX}:nam:${r.id}:${p}`, label: 'Not a mistake', style: 'secondary' },
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
    body: `${head} · candidate #${c.id}${c.summary ? `\n\n${escapeMarkup(truncate(c.summary, 600))}` : ''}`,
    fields: [
      { name: 'Publisher', value: escapeMarkup(c.publisher ?? c.feed), inline: true },
      { name: 'Published', value: when(c.published ?? c.foundAt), inline: true },
      { name: 'Relevance', value: `${c.score} · ${c.topics.join(', ') || '—'}`, inline: true },
    ],
    buttons: [
      { action: `${PREFIX}:draft:${c.id}`, label: 'Draft event', style: 'primary' },
      { action: `${PREFIX}:attach:${c.id}`, label: 'Attach to event', style: 'secondary' },
      { action: `${PREFIX}:dismiss:${c.id}:${p}`, label: 'Dismiss', style: 'secondary' },
      ...nav,
    ],
    footer,
    tone: 'info',
    ephemeral: true,
    data: { candidate: c.id, page: p, total: items.length },
  };
}

function draftForm(ev: Event, candidateId: number): Reply {
  return {
    modal: {
      action: `${PREFIX}:add:${candidateId}`,
      title: 'Draft event from the news',
      submitLabel: 'Add to the log',
      fields: [
        { id: 'title', label: 'Title', value: ev.title, style: 'short', required: true, maxLength: 256 },
        { id: 'date', label: 'Date (YYYY, YYYY-MM or YYYY-MM-DD)', value: ev.date, style: 'short', required: true, maxLength: 10 },
        { id: 'summary', label: 'Summary (what the source says)', value: ev.summary, style: 'paragraph', required: true, maxLength: 1500 },
        { id: 'status', label: 'Status', value: ev.status, choices: ['reported', 'official'], required: true, maxLength: 10 },
        {
          id: 'tags',
          label: 'Companies and topics',
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

function figureForm(event: Event): Reply {
  return {
    modal: {
      action: `${PREFIX}:figsave:${event.id}`,
      title: 'Add a figure to the event',
      submitLabel: 'Add figure',
      fields: [
        { id: 'label', label: 'What it measures', style: 'short', required: true, maxLength: 200, placeholder: 'e.g. Nissan net loss' },
        { id: 'value', label: 'Value exactly as the source states it', style: 'short', required: true, maxLength: 30, placeholder: 'e.g. 533.1, or 700–750 for a range' },
        { id: 'unit', label: 'Unit and scale', style: 'short', required: true, maxLength: 40, placeholder: 'e.g. JPY billion, percent, vehicles' },
        { id: 'period', label: 'Period', style: 'short', required: true, maxLength: 60, placeholder: 'e.g. FY ending Mar 2026' },
        { id: 'company', label: 'Company', value: event.companies[0], choices: [...event.companies, '—'], required: true },
      ],
    },
  };
}

const figureButton = (eventId: string): ReplyButton => ({ action: `${PREFIX}:fig:${eventId}`.slice(0, 100), label: 'Add a figure', style: 'secondary' });

function attachForm(c: Candidate, ctx: CommandContext): Reply {
  const best = eventChoices(ctx.timeline, c.title)[0];
  return {
    modal: {
      action: `${PREFIX}:attachto:${c.id}`,
      title: 'Attach the item to an event',
      submitLabel: 'Attach',
      fields: [{ id: 'event', label: 'Event id (best match prefilled)', value: typeof best?.value === 'string' ? best.value : '', style: 'short', required: true, maxLength: 100, placeholder: 'e.g. 2025-02-13-merger-mou-terminated' }],
    },
  };
}

const num = (s: string | undefined): number => (s && /^\d+$/.test(s) ? Number(s) : NaN);

/** The event a Draft form describes: the candidate's skeleton with the curator's edits. */
function eventFromForm(base: Event, values: Record<string, string>): Record<string, unknown> {
  const tags = (values.tags ?? '').split(/[,\n]/).map((t) => t.trim()).filter(Boolean);
  const unknown = tags.filter((t) => !COMPANIES.some((c) => c.toLowerCase() === t.toLowerCase()) && !(TOPICS as readonly string[]).includes(t.toLowerCase()));
  if (unknown.length) throw new UserError(`Not a company or topic the log knows: ${unknown.map((t) => `“${escapeMarkup(truncate(t, 30))}”`).join(', ')}. Use: ${[...COMPANIES, ...TOPICS].join(', ')}.`, 'Nothing was changed');
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
    const [verb, a, b] = state.split(':');
    const { service } = curationOf(ctx);
    const actor = actorOf(ctx);
    const id = num(a);
    switch (verb) {
      case 'page':
        return queuePage(ctx, num(a) || 1);
      case 'draft':
        return draftForm(await curating(() => service.draft(id)), id);
      case 'attach':
        return attachForm(await curating(() => service.candidate(id)), ctx);
      case 'fig': {
        const event = service.event(a ?? '');
        if (!event) throw new UserError(`There is no event \`${escapeMarkup(truncate(a ?? '', 60))}\` in the log.`);
        return figureForm(event);
      }
      case 'dismiss': {
        const c = await curating(() => service.dismiss(id, actor));
        return queuePage(ctx, num(b) || 1, `Dismissed #${c.id}: ${escapeMarkup(truncate(c.title, 120))}`);
      }
      case 'fixed':
      case 'nam': {
        const r = await curating(() => service.resolveReport(id, verb === 'fixed' ? 'fixed' : 'not-a-mistake', actor));
        return queuePage(ctx, num(b) || 1, `Report #${r.id} resolved: ${r.status === 'fixed' ? 'fixed' : 'not a mistake'}.`);
      }
      default:
        throw new UserError('This button is no longer recognised. Please run `/nissan-honda curate queue` again.');
    }
  },
  async onSubmit(state, values, ctx) {
    const [verb, a] = state.split(':');
    const { service } = curationOf(ctx);
    const actor = actorOf(ctx);
    const id = num(a);
    if (verb === 'add') {
      const event = eventFromForm(await curating(() => service.draft(id)), values);
      const res = await curating(() => service.add(event, actor, { candidateId: id }));
      return {
        title: 'Added to the log',
        body: `**${escapeMarkup(res.event.title)}** (\`${res.event.id}\`) is in the log; the bot answers from it as soon as the file is reloaded. Add the figures its source states with the button (or \`npm run curate\`).`,
        buttons: [figureButton(res.event.id)],
        tone: 'info',
        ephemeral: true,
        data: { event: res.event.id, candidate: id },
      };
    }
    if (verb === 'figsave') {
      const eventId = state.slice('figsave:'.length);
      const f = await curating(() =>
        service.addFigure(eventId, { label: values.label ?? '', value: values.value ?? '', unit: values.unit ?? '', period: values.period ?? '', company: values.company ?? '' }, actor),
      );
      return {
        title: 'Figure added',
        body: `${escapeMarkup(f.label)}: **${formatValue(f)}** (${escapeMarkup(f.period)}, ${escapeMarkup(f.company)}) on \`${eventId}\`, citing its first source.`,
        buttons: [{ ...figureButton(eventId), label: 'Add another figure' }],
        tone: 'info',
        ephemeral: true,
        data: { event: eventId, figure: f.id },
      };
    }
    if (verb === 'attachto') {
      const eventId = (values.event ?? '').trim();
      const c = await curating(() => service.attach(id, eventId, actor));
      return { title: 'Attached', body: `Candidate #${c.id} is now a source of \`${eventId}\`.`, tone: 'info', ephemeral: true, data: { event: eventId, candidate: id } };
    }
    throw new UserError('This form is no longer recognised. Please run `/nissan-honda curate queue` again.');
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
    const c = await curating(() => service.attach(args.candidate as number, String(args.event).trim(), actorOf(ctx)));
    return { title: 'Attached', body: `Candidate #${c.id} is now a source of \`${c.eventId}\`.`, tone: 'info', ephemeral: true, data: { event: c.eventId, candidate: c.id } };
  },
  autocomplete(option, value, ctx) {
    if (option === 'event') return eventChoices(ctx.timeline, value);
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
    const lines = res.results.map((r) => (r.status === 'failed' ? `✗ ${escapeMarkup(r.feed.name)}: ${escapeMarkup(r.reason ?? 'failed')}` : `✓ ${escapeMarkup(r.feed.name)}: ${r.status === 'not-modified' ? 'no change' : `${r.added} new`}`));
    return { title: `Polled ${res.feeds} feeds: ${res.added} new candidate(s)`, body: lines.join('\n') || 'No feeds are configured (FEEDS_PATH).', tone: 'info', ephemeral: true };
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
    if (!ctx.guildId) throw new UserError('This setting belongs to a server; run it in one.');
    await service.store.setShowUnreviewed(ctx.platform, ctx.guildId, args.show as boolean);
    return {
      title: args.show ? 'News not yet reviewed: shown' : 'News not yet reviewed: hidden',
      body: args.show
        ? '`latest`, `recap` and this server’s digests show news the curators have not reviewed yet under its own heading, apart from the log.'
        : '`latest`, `recap` and this server’s digests show only the log. Anyone can still ask for it with `news:true`.',
      tone: 'info',
      ephemeral: true,
    };
  },
};

export const curationCommands: Subcommand[] = [curateQueue, curateAttach, curatePoll, curateUnreviewed];
