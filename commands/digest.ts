/**
 * `/nissan-honda digest …`: per-channel scheduled recaps and alerts. Manage Server only — enforced by
 * the dispatcher through `requires: 'manage'`, never here. Handlers are thin: validation and
 * scheduling live in src/digests; these turn options into service calls and results into replies.
 */
import { UserError, type Choice, type CommandContext, type OptionDef, type Subcommand } from '../src/core/command.js';
import { escapeMarkup, truncate, type Reply, type ReplyField } from '../src/replies/reply.js';
import type { DigestService, SubscriptionView } from '../src/digests/service.js';
import { describeFailure, type DigestPlatform } from '../src/digests/sink.js';
import { MAX_CONSECUTIVE_FAILURES, scheduleOf, type Subscription } from '../src/digests/store.js';
import {
  describeSchedule,
  formatInZone,
  formatLocalAndUtc,
  offsetAt,
  ScheduleError,
  timezones,
  WEEKDAYS,
  WEEKDAY_LABELS,
  type Frequency,
} from '../src/digests/schedule.js';

const CMD = '/nissan-honda digest';

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
  const service = ctx.services.digests;
  if (!service || (ctx.platform !== 'discord' && ctx.platform !== 'slack') || !service.canPostTo(ctx.platform)) {
    throw new UserError(
      'Scheduled digests need a chat platform: they are posted to a Discord or Slack channel. Run this command in a server where the bot is installed (it is not available in the local console).',
      'Digests need Discord or Slack',
    );
  }
  const raw = typeof args.channel === 'string' ? args.channel : undefined;
  const channelId = raw ? normaliseChannel(raw) : ctx.channelId;
  if (ctx.platform === 'discord') discordChannelOfThisServer(ctx, raw ? channelId : undefined, channelId);
  if (!channelId && needChannel) throw new UserError('Which channel? Pick one with the `channel` option.');
  return { service, platform: ctx.platform, channelId: channelId ?? '' };
}

/**
 * A Discord digest belongs to the server it was set up in: outside a server there is none, and a channel option must
 * be a channel id that Discord resolved to this server (a forged payload could name another server's channel).
 */
function discordChannelOfThisServer(ctx: CommandContext, option: string | undefined, channelId: string | undefined): void {
  if (!ctx.guildId) throw new UserError('Digests belong to a server: run this command in a channel of the server.', 'Run this in a server');
  if (channelId !== undefined && !/^\d{17,20}$/.test(channelId)) {
    throw new UserError(`\`channel\` must be a channel of this server, picked from the list (got "${escapeMarkup(truncate(channelId, 40))}").`);
  }
  if (option !== undefined && ctx.resolvedChannels?.[option]?.guildId !== ctx.guildId) {
    throw new UserError(`${mention(option)} is not a channel of this server.`);
  }
}

/** `<#123>`, `<#C123|general>`, `#C123` or a bare id → the id. */
export function normaliseChannel(raw: string): string {
  const id = raw.trim().replace(/^<#/, '').replace(/\|.*$/, '').replace(/>$/, '').replace(/^#/, '');
  if (!/^[A-Za-z0-9]{1,32}$/.test(id)) throw new UserError(`\`channel\` must be a channel, e.g. #general (got "${escapeMarkup(truncate(raw, 40))}").`);
  return id;
}

const mention = (channelId: string) => `<#${channelId}>`;
const noDigest = (channelId: string) => new UserError(`${mention(channelId)} has no digest. Set one up with \`${CMD} subscribe\`.`);

/** The channel's subscription in this server, or a UserError pointing to `subscribe`. */
async function subscriptionHere(w: Where, ctx: CommandContext): Promise<SubscriptionView> {
  const view = await w.service.get(w.platform, w.channelId);
  if (!view || (view.subscription.guildId ?? undefined) !== (ctx.guildId ?? undefined)) {
    throw noDigest(w.channelId);
  }
  return view;
}

function scheduleText(sub: Subscription): string {
  const s = scheduleOf(sub);
  return s ? describeSchedule(s) : 'alerts: each newly curated event, as soon as it is in the log';
}

function nextRunText(view: SubscriptionView): string {
  const sub = view.subscription;
  if (sub.pausedAt) return 'none — paused';
  if (sub.frequency === 'alerts') return 'as soon as a new event is curated';
  return view.nextRun ? formatLocalAndUtc(view.nextRun, sub.timezone) : '—';
}

function statusText(sub: Subscription): string {
  switch (sub.lastStatus) {
    case undefined:
      return 'not run yet';
    case 'sent':
      return 'posted';
    case 'empty':
      return 'nothing new, nothing posted';
    case 'skipped':
      return 'skipped (missed while the bot was offline)';
    case 'unconfirmed':
      return 'interrupted, not repeated (its events go into the next digest)';
    case 'test-sent':
      return 'test send posted';
    case 'test-failed':
    case 'failed':
      return `${sub.lastStatus === 'test-failed' ? 'test send failed' : 'failed'}: ${describeFailure(sub.lastErrorKind ?? 'transient')}${sub.lastError ? ` (${truncate(sub.lastError, 120)})` : ''}`;
    default:
      return sub.lastStatus;
  }
}

function pausedText(sub: Subscription): string {
  return `**Paused** after ${MAX_CONSECUTIVE_FAILURES} failed deliveries in a row (${describeFailure(sub.lastErrorKind ?? 'transient')}). Fix the channel or the bot's permissions there, then run \`${CMD} send-now\` or \`${CMD} subscribe\` again to resume.`;
}

function failingText(sub: Subscription): string | undefined {
  if (sub.pausedAt || !sub.consecutiveFailures) return undefined;
  return `⚠ Failing: ${sub.consecutiveFailures} failed deliver${sub.consecutiveFailures === 1 ? 'y' : 'ies'} in a row (${describeFailure(sub.lastErrorKind ?? 'transient')}); it pauses after ${MAX_CONSECUTIVE_FAILURES}.`;
}

function asUserError(err: unknown): never {
  if (err instanceof ScheduleError) throw new UserError(err.message);
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
  ],
  async run(args, ctx) {
    const w = where(args, ctx);
    const before = (await w.service.get(w.platform, w.channelId))?.subscription;
    if (before && (before.guildId ?? undefined) !== (ctx.guildId ?? undefined)) {
      throw new UserError(`${mention(w.channelId)} is not a channel of this server.`);
    }
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
        userId: ctx.user.id,
      });
    } catch (err) {
      asUserError(err);
    }
    const sub = res.subscription;
    const lines: string[] = [];
    if (sub.frequency === 'alerts') {
      lines.push(`${mention(sub.channelId)} will get an **alert** for each event newly added to the log, as soon as it is curated.`);
      lines.push(`Dates are shown for **${sub.timezone}**.`);
    } else {
      lines.push(`${mention(sub.channelId)} will get a digest **${scheduleText(sub)}**.`);
      lines.push(`**Next run:** ${nextRunText(res)}.`);
      lines.push(
        'Each digest lists the events that are new to this channel since the previous one — newest first, grouped by topic, with links. ' +
          (res.created ? 'The first one also opens with the log’s 3 latest events, as context. ' : '') +
          (sub.quiet ? 'When nothing is new it says "no new developments".' : 'When nothing is new it posts nothing (set `quiet:true` to post "no new developments").'),
      );
    }
    if (res.created) lines.push('Events already in the log count as seen: subscribing never floods the channel with the history.');
    else lines.push(`This replaces the channel's previous digest (${scheduleText(before!)}${before?.pausedAt ? ', paused — now resumed' : ''}); what it has already shown still counts as seen.`);
    if (res.ignored.length) lines.push(`_Not used by ${sub.frequency}: ${res.ignored.map((o) => `\`${o}\``).join(', ')}._`);
    lines.push(`Check it with \`${CMD} preview\`, try it with \`${CMD} send-now\`.`);
    return {
      title: res.created ? `Digest set up for this channel` : 'Digest updated',
      body: lines.join('\n'),
      tone: 'info',
      data: { subscription: { id: sub.id, channel: sub.channelId, frequency: sub.frequency, time: sub.time, timezone: sub.timezone, weekday: sub.weekday, quiet: sub.quiet }, nextRun: res.nextRun?.toISOString() ?? null, created: res.created },
    };
  },
  autocomplete(option, value) {
    return option === 'timezone' ? timezoneChoices(value, new Date()) : [];
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
export function timezoneChoices(value: string, at: Date): Choice[] {
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
  return picked.slice(0, 25).map((z) => ({ name: `${z} (${offsetLabel(z, at)} now)`, value: z }));
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
    const w = where(args, ctx);
    const view = await subscriptionHere(w, ctx);
    await w.service.unsubscribe(w.platform, w.channelId);
    return {
      title: 'Digest stopped',
      body: `${mention(w.channelId)} will no longer get the ${scheduleText(view.subscription)} digest. Subscribe again any time with \`${CMD} subscribe\` (it starts from the log as it is then).`,
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
    const w = where({}, ctx, false);
    const views = await w.service.list(w.platform, ctx.guildId);
    if (!views.length) {
      return { title: 'Digests in this server', body: `No digests yet. Set one up with \`${CMD} subscribe\`.`, tone: 'info', ephemeral: true, data: { subscriptions: [] } };
    }
    const fields: ReplyField[] = views.slice(0, 25).map((v) => {
      const s = v.subscription;
      const lines = [
        `${mention(s.channelId)} · ${s.quiet ? 'quiet: posts "no new developments"' : 'posts only when something is new'}`,
        `**Next run:** ${nextRunText(v)}`,
        `**Last run:** ${s.lastRunAt ? `${formatInZone(s.lastRunAt, s.timezone)} — ${statusText(s)}` : 'not run yet'}`,
      ];
      const failing = failingText(s);
      if (failing) lines.push(failing);
      if (s.pausedAt) lines.push(`⏸ ${pausedText(s)}`);
      return { name: truncate(`${s.pausedAt ? '⏸ ' : ''}${scheduleText(s)}`, 256), value: truncate(lines.join('\n'), 1024) };
    });
    const paused = views.filter((v) => v.subscription.pausedAt).length;
    return {
      title: `Digests in this server (${views.length})`,
      body: `${views.length} channel${views.length === 1 ? '' : 's'} subscribed${paused ? `, **${paused} paused**` : ''}. Times are each channel's local time, then UTC.${views.length > 25 ? ' The first 25 are shown.' : ''}`,
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
    const w = where(args, ctx);
    const view = await subscriptionHere(w, ctx);
    const reply = await w.service.preview(w.platform, w.channelId);
    if (!reply) throw noDigest(w.channelId);
    const note = view.subscription.pausedAt ? `\n\n⏸ ${pausedText(view.subscription)}` : '';
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
    const w = where(args, ctx);
    const view = await subscriptionHere(w, ctx);
    const wasPaused = !!view.subscription.pausedAt;
    const res = await w.service.sendNow(w.platform, w.channelId);
    if (!res) throw noDigest(w.channelId);
    if (res.ok) {
      return {
        title: 'Test digest posted',
        body:
          `Posted a test digest to ${mention(w.channelId)}${res.events ? ` with ${res.events} new event${res.events === 1 ? '' : 's'}` : ''}. ` +
          `The schedule is unchanged and those events still count as new for the next digest.` +
          (wasPaused ? `\n\nThe digest was paused; it has **resumed**. Next run: ${nextRunText((await w.service.get(w.platform, w.channelId))!)}.` : ''),
        tone: 'info',
        ephemeral: true,
        data: { sent: true, messageId: res.messageId ?? null },
      };
    }
    const sub = res.subscription;
    return {
      title: 'The test digest could not be posted',
      body:
        `${mention(w.channelId)}: ${describeFailure(res.kind)} (${escapeMarkup(truncate(res.error, 200))}).` +
        (res.kind === 'forbidden' ? ' Give the bot **View Channel**, **Send Messages** and **Embed Links** there.' : '') +
        (res.kind === 'gone' ? ` Choose another channel with \`${CMD} subscribe\`, or \`${CMD} unsubscribe\` this one.` : '') +
        (sub.pausedAt ? `\n\n⏸ ${pausedText(sub)}` : failingText(sub) ? `\n\n${failingText(sub)}` : ''),
      tone: 'error',
      ephemeral: true,
      data: { sent: false, kind: res.kind },
    };
  },
};

export const digestCommands: Subcommand[] = [digestSubscribe, digestUnsubscribe, digestList, digestPreview, digestSendNow];
