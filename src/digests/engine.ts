/**
 * The digest engine's "what": which events a channel gets and how the post reads. Pure functions of
 * the log, the channel's seen set and the subscription; the service (service.ts) decides "when".
 *
 * - New to the channel = in the log and not yet seen by that channel, whatever the event's date: an
 *   event curated late with an older date is still news.
 * - Newest first, grouped by topic, linked like `/nissan-honda recap` (src/recaps/recap.ts).
 * - A subscription's first digest also shows the 3 latest events of the log, labelled as context.
 */
import type { CommandContext } from '../core/command.js';
import { recapReply } from '../recaps/recap.js';
import { eventLine, oneLine } from '../replies/format.js';
import { truncate, type Reply, type ReplyField } from '../replies/reply.js';
import type { Event } from '../timeline/schema.js';
import type { Timeline } from '../timeline/timeline.js';
import { compareDates } from '../timeline/dates.js';
import { describeSchedule, formatLocalAndUtc } from './schedule.js';
import { scheduleOf, type DeliveryKind, type Subscription } from './store.js';
import { unreviewedField, type UnreviewedItem } from '../curation/unreviewed.js';

/** How many of the log's latest events open a subscription's first digest, as context. */
export const CONTEXT_EVENTS = 3;

/** Events in the log that the channel has not seen (and that no pending delivery holds), newest first. */
export function newEvents(timeline: Timeline, seen: ReadonlySet<string>, exclude: ReadonlySet<string> = new Set()): Event[] {
  return timeline.events.filter((e) => !seen.has(e.id) && !exclude.has(e.id)).sort((a, b) => compareDates(b.date, a.date));
}

/** The log's latest events not already listed, for a first digest. */
export function contextEvents(timeline: Timeline, listed: readonly Event[], count = CONTEXT_EVENTS): Event[] {
  const ids = new Set(listed.map((e) => e.id));
  return timeline.newest(count + ids.size).filter((e) => !ids.has(e.id)).slice(0, count);
}

/** Events by id in the current log (ids no longer in the log are dropped), newest first. */
export function resolveEvents(timeline: Timeline, ids: readonly string[]): Event[] {
  return ids
    .map((id) => timeline.get(id))
    .filter((e): e is Event => !!e)
    .sort((a, b) => compareDates(b.date, a.date));
}

export interface DigestContent {
  subscription: Subscription;
  timeline: Timeline;
  /** New events (newest first). */
  events: Event[];
  /** Context events for a first digest. */
  context: Event[];
  first: boolean;
  kind: DeliveryKind;
  /** The occurrence's scheduled instant (or now, for alerts and test sends). */
  at: Date;
  /** A manual test send (`digest send-now`) or a preview. */
  mode?: 'test' | 'preview';
  /** News not yet reviewed by the curators, shown under its own heading (never as events). */
  unreviewed?: readonly UnreviewedItem[];
}

function label(sub: Subscription): string {
  return sub.frequency === 'daily' ? 'Daily digest' : sub.frequency === 'weekly' ? 'Weekly digest' : 'New in the log';
}

function footer(sub: Subscription): string {
  const how = sub.frequency === 'alerts' ? 'alerts: each newly curated event' : describeSchedule(scheduleOf(sub)!);
  return `Honda–Nissan ${sub.frequency === 'alerts' ? 'alerts' : 'digest'} · ${how} · /nissan-honda digest to change`;
}

function ctxFor(timeline: Timeline, at: Date): CommandContext {
  return { timeline, now: at, platform: 'console', user: { id: 'digest', canManage: false }, services: {} };
}

function contextField(context: Event[]): ReplyField {
  return {
    name: `For context: the ${context.length} latest event${context.length === 1 ? '' : 's'} already in the log`,
    value: context.map((e) => `• ${eventLine(e)}`).join('\n'),
  };
}

/**
 * The post for a digest, an alert, a test send or a preview. Returns undefined when there is nothing
 * to post (no new events, not a first digest, and the subscription is not `quiet`).
 */
export function digestReply(c: DigestContent): Reply | undefined {
  const sub = c.subscription;
  const when = formatLocalAndUtc(c.at, sub.timezone);
  const prefix = c.mode === 'test' ? 'Test send — ' : c.mode === 'preview' ? 'Preview — ' : '';
  const note =
    c.mode === 'test'
      ? '_This is a test send: the schedule and what counts as new for this channel are unchanged._\n'
      : c.mode === 'preview'
        ? '_Only you can see this preview of what the next post would say if it were sent now._\n'
        : '';
  const data = { digest: { subscription: sub.id, kind: c.kind, mode: c.mode ?? 'live', at: c.at.toISOString(), first: c.first }, events: c.events.map((e) => e.id), context: c.context.map((e) => e.id) };
  const ctx = ctxFor(c.timeline, c.at);

  if (!c.events.length && !c.first) {
    if (!sub.quiet && !c.mode) return undefined;
    return {
      title: `${prefix}${label(sub)}: no new developments`,
      body: `${note}No new Honda–Nissan developments in the log since ${sub.frequency === 'alerts' ? 'the last alert' : 'the last digest'}.${
        sub.quiet ? '' : c.mode ? ' (With `quiet` off, a scheduled digest posts nothing when nothing is new.)' : ''
      }`,
      footer: footer(sub),
      tone: 'info',
      data,
    };
  }

  // Alerts: one event reads as the event itself.
  if (sub.frequency === 'alerts' && c.events.length === 1 && !c.first) {
    const e = c.events[0];
    return {
      title: truncate(`${prefix}New in the log: ${e.title}`, 256),
      url: e.sources[0].url,
      body: `${note}${eventLine(e)}\n${oneLine(e.summary, 400)}\n\nThe full story and every source: \`/nissan-honda event ${e.id}\``,
      footer: footer(sub),
      tone: e.status === 'official' ? 'official' : 'reported',
      data,
    };
  }

  const fields: ReplyField[] = [];
  let body: string;
  if (c.events.length) {
    const recap = recapReply(c.events, 'new', ctx);
    fields.push(...(recap.fields ?? []));
    body = `${note}${c.events.length} new event${c.events.length === 1 ? '' : 's'} since ${
      c.first ? 'this channel subscribed' : sub.frequency === 'alerts' ? 'the last alert' : 'the last digest'
    }, grouped by topic, newest first. Open one with \`/nissan-honda event <id>\`.`;
  } else {
    body = `${note}Nothing new since this channel subscribed. New events will appear here as they are added to the log.`;
  }
  if (c.first && c.context.length) {
    fields.unshift(contextField(c.context));
    body += `\n\nThis is the channel's first ${sub.frequency === 'alerts' ? 'alert' : 'digest'}: it opens with the log's latest events for context (already in the log before subscribing).`;
  }
  const news = c.unreviewed ? unreviewedField(c.unreviewed) : undefined;
  if (news && fields.length < 25) fields.push(news);
  const count = c.events.length ? ` — ${c.events.length} new event${c.events.length === 1 ? '' : 's'}` : '';
  return {
    title: truncate(`${prefix}${label(sub)}${count}`, 256),
    body: `${body}\n_${c.kind === 'catch-up' ? 'Posted late (the bot was offline); scheduled for' : sub.frequency === 'alerts' || c.mode ? 'As of' : 'Scheduled for'} ${when}._`,
    fields,
    footer: footer(sub),
    tone: 'info',
    data,
  };
}
