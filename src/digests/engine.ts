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
import { truncate, type Reply, type ReplyField } from '../replies/reply.js';
import type { Event } from '../timeline/schema.js';
import type { Timeline } from '../timeline/timeline.js';
import { compareDates } from '../timeline/dates.js';
import { eventTitleJa } from '../i18n/ja/reply.js';
import { digestWords, type DigestWords } from './words.js';
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

function footer(sub: Subscription, w: DigestWords): string {
  return w.footer(sub.frequency === 'alerts', sub.frequency === 'alerts' ? undefined : w.schedule(scheduleOf(sub)!));
}

function ctxFor(timeline: Timeline, at: Date, language: Subscription['language']): CommandContext {
  return { timeline, now: at, platform: 'console', user: { id: 'digest', canManage: false }, services: {}, ...(language === 'ja' ? { locale: 'ja' as const } : {}) };
}

function contextField(context: Event[], w: DigestWords): ReplyField {
  return {
    name: w.contextName(context.length),
    value: context.map((e) => `• ${w.line(e)}`).join('\n'),
  };
}

/**
 * The post for a digest, an alert, a test send or a preview, in the subscription's language. Returns undefined when
 * there is nothing to post (no new events, not a first digest, and the subscription is not `quiet`).
 */
export function digestReply(c: DigestContent): Reply | undefined {
  const sub = c.subscription;
  const w = digestWords(sub.language);
  const alerts = sub.frequency === 'alerts';
  const when = w.when(c.at, sub.timezone);
  const prefix = c.mode ? w.prefix[c.mode] : '';
  const note = c.mode ? w.note[c.mode] : '';
  const data = { digest: { subscription: sub.id, kind: c.kind, mode: c.mode ?? 'live', at: c.at.toISOString(), first: c.first }, events: c.events.map((e) => e.id), context: c.context.map((e) => e.id) };
  const ctx = ctxFor(c.timeline, c.at, sub.language);

  if (!c.events.length && !c.first) {
    if (!sub.quiet && !c.mode) return undefined;
    return {
      title: `${prefix}${w.noNewTitle(w.label[sub.frequency])}`,
      body: `${note}${w.noNew(alerts, sub.quiet, !!c.mode)}`,
      footer: footer(sub, w),
      tone: 'info',
      data,
    };
  }

  // Alerts: one event reads as the event itself.
  if (alerts && c.events.length === 1 && !c.first) {
    const e = c.events[0];
    return {
      title: truncate(`${prefix}${w.alertTitle(sub.language === 'ja' ? eventTitleJa(e) : e.title)}`, 256),
      url: e.sources[0].url,
      body: `${note}${w.alertBody(e)}${w.fullStory(e.id)}`,
      footer: footer(sub, w),
      tone: e.status === 'official' ? 'official' : 'reported',
      data,
    };
  }

  const fields: ReplyField[] = [];
  let body: string;
  if (c.events.length) {
    const recap = recapReply(c.events, 'new', ctx);
    fields.push(...(recap.fields ?? []));
    body = `${note}${w.newEvents(c.events.length, c.first, alerts)}`;
  } else {
    body = `${note}${w.nothingSinceSubscribed}`;
  }
  if (c.first && c.context.length) {
    fields.unshift(contextField(c.context, w));
    body += w.firstNote(alerts);
  }
  const news = c.unreviewed ? unreviewedField(c.unreviewed, sub.language) : undefined;
  if (news && fields.length < 25) fields.push(news);
  const count = c.events.length ? w.count(c.events.length) : '';
  const stamp = c.kind === 'catch-up' ? 'catch-up' : alerts || c.mode ? 'as-of' : 'scheduled';
  return {
    title: truncate(`${prefix}${w.label[sub.frequency]}${count}`, 256),
    body: `${body}\n_${w.stamp(stamp, when)}_`,
    fields,
    footer: footer(sub, w),
    tone: 'info',
    data,
  };
}
