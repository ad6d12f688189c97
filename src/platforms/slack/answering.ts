/**
 * What every Slack listener shares: the context a command runs in (who may manage: admins.ts), running a command
 * text or a button action, and sending through `respond()`.
 */
import type { App, RespondArguments, RespondFn } from '@slack/bolt';
import type { CommandContext, Services, Subcommand } from '../../core/command.js';
import { runAction, runCommand, runSubmit, type DispatchTexts, type Registry } from '../../core/dispatch.js';
import { parseTextCommand } from '../../core/text-command.js';
import { helpReply } from '../../core/help.js';
import { helpTexts } from '../../i18n/help.js';
import { errorReply, type Reply } from '../../replies/reply.js';
import type { TimelineStore } from '../../timeline/store.js';
import type { Timeline } from '../../timeline/timeline.js';
import { log } from '../../logger.js';
import { errorCode } from './web-api.js';
import { adminCheck } from './admins.js';
import { SLACK_LIMITS, slackLimitProblems, type SlackMessage } from './render.js';
import { slackLocaleResolver } from '../../i18n/slack-locale.js';
import type { Locale } from '../../i18n/catalogue.js';

/** Who asked, from a slash command or block_actions payload. */
export interface Asker {
  userId: string;
  userName?: string;
  teamId?: string;
  channelId?: string;
}

export type Outgoing = SlackMessage & { replace_original?: boolean; delete_original?: boolean };

export interface Answering {
  store: TimelineStore;
  registry: Registry;
  /** Parse and run a command text. `share` is the value for a Share button when the command may be shared. */
  answerText(text: string, who: Asker): Promise<{ reply: Reply; share?: string; command?: Subcommand }>;
  answerAction(actionId: string, who: Asker): Promise<{ reply: Reply; share?: string }>;
  /** Run a form's submission through the same dispatcher and precondition. */
  answerSubmit(actionId: string, values: Record<string, string>, who: Asker): Promise<Reply>;
  /** The dispatcher's words for this user's language (their notices outside a command's own reply). */
  words(userId: string | undefined): Promise<DispatchTexts>;
  /** Send through response_url; false (logged) when it could not be sent. */
  send(respond: RespondFn | undefined, msg: Outgoing, where: string): Promise<boolean>;
}

export interface AnsweringOptions {
  store: TimelineStore;
  registry: Registry;
  services?: Services;
  adminUserIds: string[];
  adminCacheMs?: number;
  now: () => Date;
  /** Reply language: "ja", "en" or "user" (each user's Slack locale); default BOT_LOCALE (src/i18n/slack-locale.ts). */
  locale?: string;
}

/** Slack sends `&`, `<`, `>` in command text as entities. */
export function decodeSlackText(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Share button values: `c:<command text>` re-parses and re-runs a command, `a:<action id>` re-runs a button. */
export function encodeShare(kind: 'c' | 'a', payload: string): string | undefined {
  const v = `${kind}:${payload}`;
  return v.length <= SLACK_LIMITS.actionValue ? v : undefined;
}

/** Only read commands may be shared: re-running a digest command would change state. */
export function shareable(cmd: Subcommand | undefined): boolean {
  return !!cmd && !cmd.group && !cmd.requires;
}

/** Acknowledge within Slack's 3 s; a failed ack is logged, never thrown (the answer still goes to response_url). */
export async function ackQuietly(ack: () => Promise<void>): Promise<void> {
  try {
    await ack();
  } catch (err) {
    log.warn('slack: ack failed', { error: errorCode(err) });
  }
}

/** The asker of a block_actions payload, or undefined when the payload lacks a user. */
export function askerOf(body: unknown): Asker | undefined {
  const b = body as { user?: { id?: string; username?: string; name?: string; team_id?: string }; team?: { id?: string } | null; channel?: { id?: string } | null };
  if (!b?.user?.id || typeof b.user.id !== 'string') return undefined;
  return {
    userId: b.user.id,
    userName: b.user.username ?? b.user.name,
    teamId: b.team?.id ?? b.user.team_id,
    channelId: b.channel?.id,
  };
}

export function createAnswering(app: App, opts: AnsweringOptions): Answering {
  const admins = new Set(opts.adminUserIds);
  const canManage = adminCheck(app, admins, opts.adminCacheMs);

  const localeFor = slackLocaleResolver(opts.locale ?? process.env.BOT_LOCALE, (user) => app.client.users.info({ user, include_locale: true }));

  function context(who: Asker, manage: boolean, timeline: Timeline, locale?: Locale): CommandContext {
    return {
      ...(locale ? { locale } : {}),
      timeline,
      now: opts.now(),
      platform: 'slack',
      user: { id: who.userId, ...(who.userName ? { name: who.userName } : {}), canManage: manage },
      ...(who.teamId ? { guildId: who.teamId } : {}),
      ...(who.channelId ? { channelId: who.channelId } : {}),
      services: { store: opts.store, ...opts.services },
    };
  }

  return {
    store: opts.store,
    registry: opts.registry,
    async answerText(text, who) {
      const timeline = opts.store.current;
      const locale = await localeFor(who.userId);
      const parsed = parseTextCommand(text, opts.registry, timeline, opts.registry.texts(context(who, false, timeline, locale)));
      if (parsed.kind === 'empty' || parsed.kind === 'help') return { reply: helpReply(opts.registry, 'slack', helpTexts(locale)) };
      if (parsed.kind === 'error') return { reply: errorReply(parsed.message, opts.registry.texts(context(who, false, timeline, locale)).errorTitle) };
      const cmd = opts.registry.find(parsed.request.group, parsed.request.name);
      const manage = cmd?.requires ? await canManage(who) : admins.has(who.userId);
      const reply = await runCommand(opts.registry, parsed.request, context(who, manage, timeline, locale));
      return { reply, command: cmd, ...(shareable(cmd) ? { share: encodeShare('c', text.trim()) } : {}) };
    },
    async words(userId) {
      const locale = userId ? await localeFor(userId).catch(() => undefined) : undefined;
      return opts.registry.texts(context({ userId: userId ?? '' }, false, opts.store.current, locale));
    },
    async answerAction(actionId, who) {
      const timeline = opts.store.current;
      const hit = opts.registry.findAction(actionId);
      const manage = hit?.command.requires ? await canManage(who) : admins.has(who.userId);
      const reply = await runAction(opts.registry, actionId, context(who, manage, timeline, await localeFor(who.userId)));
      return { reply, ...(shareable(hit?.command) ? { share: encodeShare('a', actionId) } : {}) };
    },
    async answerSubmit(actionId, values, who) {
      const hit = opts.registry.findAction(actionId);
      const manage = hit?.command.requires ? await canManage(who) : admins.has(who.userId);
      return runSubmit(opts.registry, actionId, values, context(who, manage, opts.store.current, await localeFor(who.userId)));
    },
    async send(respond, msg, where) {
      if (!respond) {
        log.warn('slack: payload has no response_url; cannot answer', { where });
        return false;
      }
      const problems = slackLimitProblems(msg);
      if (problems.length) log.warn('slack: message breaks a Block Kit limit', { where, problems: problems.slice(0, 5).join('; ') });
      try {
        await respond(msg as RespondArguments);
        return true;
      } catch (err) {
        log.warn('slack: respond() failed', { where, error: errorCode(err) });
        return false;
      }
    },
  };
}
