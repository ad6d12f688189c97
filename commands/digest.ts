/**
 * `/nissan-honda digest …`: per-channel scheduled recaps and alerts. Manage Server only — enforced by
 * the dispatcher through `requires: 'manage'`, never here. Handlers are thin: validation and
 * scheduling live in src/digests; these turn options into service calls and results into replies.
 */
import { UserError, type Choice, type CommandContext, type OptionDef, type Subcommand } from '../src/core/command.js';
import { escapeMarkup, truncate, type Reply, type ReplyField } from '../src/replies/reply.js';
import type { DigestService, SubscriptionView } from '../src/digests/service.js';
import type { DigestPlatform } from '../src/digests/sink.js';
import { MAX_CONSECUTIVE_FAILURES, scheduleOf, type Subscription } from '../src/digests/store.js';
import { digestCommandWords, type DigestCommandWords } from './digest-words.js';
import { toLocale, type Locale } from '../src/i18n/catalogue.js';
import {
  offsetAt,
  ScheduleError,
  timezones,
  WEEKDAYS,
  WEEKDAY_LABELS,
  type Frequency,
} from '../src/digests/schedule.js';


const channelOption = (what: string): OptionDef => ({
  name: 'channel',
  description: `${what} (default: this channel)`,
  type: 'channel',
});

const FREQUENCY_CHOICES: Choice[] = [
  { name: 'daily', value: 'daily' },
  { name: 'weekly', value: 'weekly' },
  { name: 'alerts (each new event as it is curated)', value: 'alerts' },
];

const LANGUAGE_CHOICES: Choice[] = [
  { name: 'English', value: 'en' },
  { name: '日本語 (Japanese)', value: 'ja' },
];

const WEEKDAY_CHOICES: Choice[] = WEEKDAYS.map((d, i) => ({ name: WEEKDAY_LABELS[i], value: d }));
const WEEKDAY_ALIASES: Record<string, string> = Object.fromEntries(
  WEEKDAYS.flatMap((d) => [
    [d.slice(0, 3), d],
    [d.slice(0, 2), d],
  ]),
);
Object.assign(WEEKDAY_ALIASES, { tues: 'tuesday', wed: 'wednesday', thur: 'thursday', thurs: 'thursday' });

// --- shared ---------------------------------------------------------------------------------

interface Where {
  service: DigestService;
  platform: DigestPlatform;
  channelId: string;
}

/** The digest service and the target channel, or a polite UserError when digests are not available here. */
function where(args: Record<string, unknown>, ctx: CommandContext, needChannel = true): Where {
  const t = digestCommandWords(ctx.locale);
  const service = ctx.services.digests;
  if (!service || (ctx.platform !== 'discord' && ctx.platform !== 'slack') || !service.canPostTo(ctx.platform)) {
    throw new UserError(t.needsPlatform, t.needsPlatformTitle);
  }
  const raw = typeof args.channel === 'string' ? args.channel : undefined;
  const channelId = raw ? normaliseChannel(raw, ctx.locale) : ctx.channelId;
  if (ctx.platform === 'discord') discordChannelOfThisServer(ctx, raw ? channelId : undefined, channelId, t);
  if (!channelId && needChannel) throw new UserError(t.whichChannel);
  return { service, platform: ctx.platform, channelId: channelId ?? '' };
}

/**
 * A Discord digest belongs to the server it was set up in: outside a server there is none, and a channel option must
 * be a channel id that Discord resolved to this server (a forged payload could name another server's channel).
 */
function discordChannelOfThisServer(ctx: CommandContext, option: string | undefined, channelId: string | undefined, t: DigestCommandWords): void {
  if (!ctx.guildId) throw new UserError(t.needsServer, t.needsServerTitle);
  if (channelId !== undefined && !/^\d{17,20}$/.test(channelId)) {
    throw new UserError(t.notPicked(escapeMarkup(truncate(channelId, 40))));
  }
  if (option !== undefined && ctx.resolvedChannels?.[option]?.guildId !== ctx.guildId) {
    throw new UserError(t.notHere(option));
  }
}

/** `<#123>`, `<#C123|general>`, `#C123` or a bare id → the id. */
export function normaliseChannel(raw: string, locale?: Locale): string {
  const id = raw.trim().replace(/^<#/, '').replace(/\|.*$/, '').replace(/>$/, '').replace(/^#/, '');
  if (!/^[A-Za-z0-9]{1,32}$/.test(id)) throw new UserError(digestCommandWords(locale).notAChannel(escapeMarkup(truncate(raw, 40))));
  return id;
}

const noDigest = (channelId: string, t: DigestCommandWords) => new UserError(t.noDigest(channelId));

/** The channel's subscription in this server, or a UserError pointing to `subscribe`. */
async function subscriptionHere(w: Where, ctx: CommandContext): Promise<SubscriptionView> {
  const view = await w.service.get(w.platform, w.channelId);
  if (!view || (view.subscription.guildId ?? undefined) !== (ctx.guildId ?? undefined)) {
    throw noDigest(w.channelId, digestCommandWords(ctx.locale));
  }
  return view;
}

function scheduleText(sub: Subscription, t: DigestCommandWords): string {
  const s = scheduleOf(sub);
  return s ? t.post.schedule(s) : t.alertsSchedule;
}

function nextRunText(view: SubscriptionView, t: DigestCommandWords): string {
  const sub = view.subscription;
  if (sub.pausedAt) return t.nextPaused;
  if (sub.frequency === 'alerts') return t.nextAlerts;
  return view.nextRun ? t.post.when(view.nextRun, sub.timezone) : '—';
}

const failureOf = (sub: Subscription, t: DigestCommandWords) => t.post.failure[sub.lastErrorKind ?? 'transient'];

function statusText(sub: Subscription, t: DigestCommandWords): string {
  const S = t.status;
  switch (sub.lastStatus) {
    case undefined:
      return S.notRun;
    case 'sent':
      return S.sent;
    case 'empty':
      return S.empty;
    case 'skipped':
      return S.skipped;
    case 'unconfirmed':
      return S.unconfirmed;
    case 'test-sent':
      return S.testSent;
    case 'test-failed':
    case 'failed':
      return `${sub.lastStatus === 'test-failed' ? S.testFailed : S.failed}: ${failureOf(sub, t)}${sub.lastError ? ` (${truncate(sub.lastError, 120)})` : ''}`;
    default:
      return sub.lastStatus;
  }
}

function pausedText(sub: Subscription, t: DigestCommandWords): string {
  return t.paused(MAX_CONSECUTIVE_FAILURES, failureOf(sub, t));
}

function failingText(sub: Subscription, t: DigestCommandWords): string | undefined {
  if (sub.pausedAt || !sub.consecutiveFailures) return undefined;
  return t.failing(sub.consecutiveFailures, failureOf(sub, t), MAX_CONSECUTIVE_FAILURES);
}

function asUserError(err: unknown, t: DigestCommandWords): never {
  if (err instanceof ScheduleError) throw new UserError(t.scheduleError(err) ?? err.message);
  throw err;
}

// --- subscribe ------------------------------------------------------------------------------

export const digestSubscribe: Subcommand = {
  name: 'subscribe',
  group: 'digest',
  description: 'Post a recap to a channel on a schedule (daily, weekly) or each new event (alerts)',
  requires: 'manage',
  writes: true,
  options: [
    { name: 'frequency', description: 'daily, weekly, or alerts (each newly curated event)', type: 'string', required: true, choices: FREQUENCY_CHOICES, aliases: { day: 'daily', week: 'weekly', alert: 'alerts', instant: 'alerts' } },
    channelOption('The channel to post in'),
    { name: 'time', description: 'Local time, 24 h HH:MM (default 09:00)', type: 'string', maxLength: 5 },
    { name: 'timezone', description: 'IANA timezone, e.g. Europe/Berlin (default UTC)', type: 'string', autocomplete: true, maxLength: 64 },
    { name: 'weekday', description: 'For weekly: the day (default Monday)', type: 'string', choices: WEEKDAY_CHOICES, aliases: WEEKDAY_ALIASES },
    { name: 'quiet', description: 'Post "no new developments" when nothing happened (default off)', type: 'boolean' },
    { name: 'language', description: 'Language of the posts: English or Japanese (default: yours)', type: 'string', choices: LANGUAGE_CHOICES, aliases: { english: 'en', japanese: 'ja', 日本語: 'ja', 英語: 'en' } },
  ],
  async run(args, ctx) {
    const t = digestCommandWords(ctx.locale);
    const w = where(args, ctx);
    const before = (await w.service.get(w.platform, w.channelId))?.subscription;
    if (before && (before.guildId ?? undefined) !== (ctx.guildId ?? undefined)) {
      throw new UserError(t.notHere(w.channelId));
    }
    // an explicit choice, else the asker's language (interaction, then server), else what the channel had
    const language: Locale = toLocale(args.language as string | undefined) ?? ctx.locale ?? before?.language ?? 'en';
    let res;
    try {
      res = await w.service.subscribe({
        platform: w.platform,
        guildId: ctx.guildId,
        channelId: w.channelId,
        frequency: args.frequency as Frequency,
        time: args.time as string | undefined,
        timezone: args.timezone as string | undefined,
        weekday: args.weekday as string | undefined,
        quiet: args.quiet as boolean | undefined,
        language,
        userId: ctx.user.id,
      });
    } catch (err) {
      asUserError(err, t);
    }
    const sub = res.subscription;
    const S = t.subscribe;
    const lines: string[] = [];
    if (sub.frequency === 'alerts') {
      lines.push(S.alertLine(sub.channelId));
      lines.push(S.datesIn(sub.timezone));
    } else {
      lines.push(S.digestLine(sub.channelId, scheduleText(sub, t)));
      lines.push(S.nextRun(nextRunText(res, t)));
      lines.push(S.explain(res.created, sub.quiet));
    }
    if (res.created) lines.push(S.created);
    else lines.push(S.replaced(scheduleText(before!, t), !!before?.pausedAt));
    if (res.ignored.length) lines.push(S.ignored(sub.frequency, res.ignored.map((o) => `\`${o}\``).join(', ')));
    // the posts' language is named when it is not the asker's own (or when it was chosen)
    if (sub.language !== (ctx.locale ?? 'en') || args.language !== undefined) lines.push(S.language(t.language[sub.language]));
    lines.push(S.check);
    return {
      title: res.created ? S.titleCreated : S.titleUpdated,
      body: lines.join('\n'),
      tone: 'info',
      data: { subscription: { id: sub.id, channel: sub.channelId, frequency: sub.frequency, time: sub.time, timezone: sub.timezone, weekday: sub.weekday, quiet: sub.quiet, language: sub.language }, nextRun: res.nextRun?.toISOString() ?? null, created: res.created },
    };
  },
  autocomplete(option, value, ctx) {
    return option === 'timezone' ? timezoneChoices(value, new Date(), ctx.locale) : [];
  },
};

const POPULAR_ZONES = ['UTC', 'Asia/Tokyo', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Europe/Paris', 'Asia/Shanghai', 'Asia/Singapore', 'Asia/Kolkata', 'Australia/Sydney'];

function offsetLabel(zone: string, at: Date): string {
  const min = Math.round(offsetAt(at, zone) / 60_000);
  if (!min) return 'UTC';
  const sign = min < 0 ? '−' : '+';
  const a = Math.abs(min);
  return `UTC${sign}${Math.floor(a / 60)}${a % 60 ? `:${String(a % 60).padStart(2, '0')}` : ''}`;
}

/** IANA zones ranked: exact > prefix > a segment's prefix (`berlin`, `new york`) > substring. ≤ 25. */
export function timezoneChoices(value: string, at: Date, locale?: Locale): Choice[] {
  const q = value.trim().toLowerCase().replace(/\s+/g, '_');
  const all = timezones();
  let picked: string[];
  if (!q) picked = POPULAR_ZONES.filter((z) => z === 'UTC' || all.includes(z));
  else {
    const rank = (z: string): number => {
      const l = z.toLowerCase();
      if (l === q) return 0;
      if (l.startsWith(q)) return 1;
      if (l.split('/').some((seg) => seg.startsWith(q))) return 2;
      if (l.includes(q)) return 3;
      return 9;
    };
    picked = all
      .map((z) => [z, rank(z)] as const)
      .filter(([, r]) => r < 9)
      .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
      .map(([z]) => z);
  }
  const t = digestCommandWords(locale);
  return picked.slice(0, 25).map((z) => ({ name: t.zoneChoice(z, offsetLabel(z, at)), value: z }));
}

// --- unsubscribe ----------------------------------------------------------------------------

export const digestUnsubscribe: Subcommand = {
  name: 'unsubscribe',
  group: 'digest',
  description: "Stop a channel's digest",
  requires: 'manage',
  writes: true,
  options: [channelOption('The channel whose digest stops')],
  async run(args, ctx) {
    const t = digestCommandWords(ctx.locale);
    const w = where(args, ctx);
    const view = await subscriptionHere(w, ctx);
    await w.service.unsubscribe(w.platform, w.channelId);
    return {
      title: t.unsubscribe.title,
      body: t.unsubscribe.body(w.channelId, scheduleText(view.subscription, t)),
      tone: 'info',
      data: { unsubscribed: view.subscription.id },
    };
  },
};

// --- list -----------------------------------------------------------------------------------

export const digestList: Subcommand = {
  name: 'list',
  group: 'digest',
  description: "Every digest in this server: schedule, next run, last run and whether it's failing",
  requires: 'manage',
  options: [],
  async run(_args, ctx) {
    const t = digestCommandWords(ctx.locale);
    const L = t.list;
    const w = where({}, ctx, false);
    const views = await w.service.list(w.platform, ctx.guildId);
    if (!views.length) {
      return { title: L.title, body: L.empty, tone: 'info', ephemeral: true, data: { subscriptions: [] } };
    }
    // a post language other than the asker's is named, so a channel posting in Japanese is visible to English admins
    const asker = ctx.locale ?? 'en';
    const fields: ReplyField[] = views.slice(0, 25).map((v) => {
      const s = v.subscription;
      const lines = [
        `<#${s.channelId}> · ${s.quiet ? L.quiet : L.notQuiet}${s.language !== asker ? L.language(t.language[s.language]) : ''}`,
        L.nextRun(nextRunText(v, t)),
        L.lastRun(s.lastRunAt ? `${t.post.inZone(s.lastRunAt, s.timezone)} — ${statusText(s, t)}` : L.notRun),
      ];
      const failing = failingText(s, t);
      if (failing) lines.push(failing);
      if (s.pausedAt) lines.push(`⏸ ${pausedText(s, t)}`);
      return { name: truncate(`${s.pausedAt ? '⏸ ' : ''}${scheduleText(s, t)}`, 256), value: truncate(lines.join('\n'), 1024) };
    });
    const paused = views.filter((v) => v.subscription.pausedAt).length;
    return {
      title: L.titleN(views.length),
      body: L.summary(views.length, paused, views.length > 25),
      fields,
      tone: paused ? 'warning' : 'info',
      ephemeral: true,
      data: {
        subscriptions: views.map((v) => ({
          id: v.subscription.id,
          channel: v.subscription.channelId,
          frequency: v.subscription.frequency,
          nextRun: v.nextRun?.toISOString() ?? null,
          lastStatus: v.subscription.lastStatus ?? null,
          failures: v.subscription.consecutiveFailures,
          paused: !!v.subscription.pausedAt,
          language: v.subscription.language,
        })),
      },
    };
  },
};

// --- preview --------------------------------------------------------------------------------

export const digestPreview: Subcommand = {
  name: 'preview',
  group: 'digest',
  description: 'See (only you) exactly what the next digest would post now',
  requires: 'manage',
  options: [channelOption('The channel whose digest to preview')],
  async run(args, ctx) {
    const t = digestCommandWords(ctx.locale);
    const w = where(args, ctx);
    const view = await subscriptionHere(w, ctx);
    const reply = await w.service.preview(w.platform, w.channelId);
    if (!reply) throw noDigest(w.channelId, t);
    const note = view.subscription.pausedAt ? `\n\n⏸ ${pausedText(view.subscription, t)}` : '';
    return { ...reply, body: `${reply.body ?? ''}${note}`, ephemeral: true };
  },
};

// --- send-now -------------------------------------------------------------------------------

export const digestSendNow: Subcommand = {
  name: 'send-now',
  group: 'digest',
  description: "Post the digest now as a test send (the schedule and what's new are unchanged)",
  requires: 'manage',
  writes: true,
  slow: true,
  options: [channelOption('The channel to post the test digest in')],
  async run(args, ctx): Promise<Reply> {
    const t = digestCommandWords(ctx.locale);
    const N = t.sendNow;
    const w = where(args, ctx);
    const view = await subscriptionHere(w, ctx);
    const wasPaused = !!view.subscription.pausedAt;
    const res = await w.service.sendNow(w.platform, w.channelId);
    if (!res) throw noDigest(w.channelId, t);
    if (res.ok) {
      return {
        title: N.title,
        body: N.body(w.channelId, res.events) + (wasPaused ? N.resumed(nextRunText((await w.service.get(w.platform, w.channelId))!, t)) : ''),
        tone: 'info',
        ephemeral: true,
        data: { sent: true, messageId: res.messageId ?? null },
      };
    }
    const sub = res.subscription;
    return {
      title: N.failedTitle,
      body:
        N.failed(w.channelId, t.post.failure[res.kind], escapeMarkup(truncate(res.error, 200))) +
        (res.kind === 'forbidden' ? N.forbidden : '') +
        (res.kind === 'gone' ? N.gone : '') +
        (sub.pausedAt ? `\n\n⏸ ${pausedText(sub, t)}` : failingText(sub, t) ? `\n\n${failingText(sub, t)}` : ''),
      tone: 'error',
      ephemeral: true,
      data: { sent: false, kind: res.kind },
    };
  },
};

export const digestCommands: Subcommand[] = [digestSubscribe, digestUnsubscribe, digestList, digestPreview, digestSendNow];
