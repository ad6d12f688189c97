/**
 * The Slack adapter: a Bolt app that serves `/nissan-honda` (free text, parsed by the core's
 * parseTextCommand) and its buttons, over Bolt's HTTP receiver on `/slack/events` (signed requests)
 * or Socket Mode when an app-level token is given. It only translates: Slack payload → CommandRequest
 * and CommandContext → runCommand/runAction → Reply → Block Kit (render.ts) → `respond()`.
 *
 *  - Every answer goes to the command's `response_url`, ephemeral by default; errors are always ephemeral.
 *  - "Share in channel" re-runs the command from the text (or button action) carried in the button's
 *    value and posts the fresh answer `in_channel` — nothing the client sends back is shown as-is,
 *    and it keeps working after a restart.
 *  - Timeline buttons carry their state in their value; paging replaces the original message.
 *  - `canManage` (for `requires: 'manage'` commands such as `digest …`) = listed in SLACK_ADMIN_USER_IDS,
 *    or a workspace admin/owner according to `users.info` (cached; asked only when a command needs it).
 *
 * Every listener catches and logs its own errors: a bad payload never takes the process down.
 */
import { slackLocaleResolver } from '../../i18n/slack-locale.js';
import type { Locale } from '../../i18n/catalogue.js';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger, type RespondArguments, type RespondFn, type webApi } from '@slack/bolt';
import type { CommandContext, Services, Subcommand } from '../../core/command.js';
import { COMMAND_NAME } from '../../core/command.js';
import { runAction, runCommand, runSubmit, type Registry } from '../../core/dispatch.js';
import { openForm, registerForms } from './modals.js';
import { parseTextCommand } from '../../core/text-command.js';
import { helpReply } from '../../core/help.js';
import { errorReply, type Reply } from '../../replies/reply.js';
import type { TimelineStore } from '../../timeline/store.js';
import type { Timeline } from '../../timeline/timeline.js';
import { log } from '../../log.js';
import { DEFAULT_RETRY, errorCode, rateLimitOnlyRetry, type SlackRetryConfig } from './web-api.js';
import { BUTTON_ACTION_RE, SHARE_ACTION_ID, SLACK_LIMITS, slackLimitProblems, toSlackMessage, type SlackMessage } from './render.js';

type WebClient = webApi.WebClient;

export interface SlackOptions {
  /** Bot User OAuth Token (xoxb-…). */
  botToken: string;
  /** Signing secret: required in HTTP mode. */
  signingSecret?: string;
  /** App-level token (xapp-…): when set, Socket Mode is used and no port is opened. */
  appToken?: string;
  /** Web API base URL (tests point it at a fake), e.g. http://127.0.0.1:PORT/api/. */
  apiUrl?: string;
  /** HTTP mode: the port to listen on (0 = any free port). Omit with `listen: false`. */
  port?: number;
  host?: string;
  /**
   * HTTP mode: `false` = do not open a port; mount the returned `requestListener` on a server you
   * own (e.g. one shared with the Discord interactions endpoint). Default true.
   */
  listen?: boolean;
  store: TimelineStore;
  registry: Registry;
  services?: Services;
  /** Slack user ids that may manage digests in addition to workspace admins/owners. */
  adminUserIds: string[];
  now?: () => Date;
  /** The slash command as configured in the Slack app (default `/nissan-honda`). */
  command?: string;
  retryConfig?: SlackRetryConfig;
  /** How long a `users.info` admin answer is trusted (default 10 minutes). */
  adminCacheMs?: number;
  /** Reply language: "ja", "en", or "user" (each user's Slack locale via users.info). Default: BOT_LOCALE, else the question's script. */
  locale?: string;
}

export interface RunningSlack {
  app: App;
  /** The Bolt app's Web API client (configured base URL and retry policy) — used by the digest sink. */
  client: WebClient;
  /** HTTP mode with `listen !== false`. */
  server?: Server;
  port?: number;
  /** HTTP mode: Bolt's request listener for `/slack/events`, to mount on a shared server. */
  requestListener?: RequestListener;
  mode: 'http' | 'socket';
  stop(): Promise<void>;
}

/** Who asked, from a slash command or block_actions payload. */
interface Asker {
  userId: string;
  userName?: string;
  teamId?: string;
  channelId?: string;
}

/** Bolt's logger, routed into the operator log (Bolt is chatty at info; its info goes to debug). */
function boltLogger(): Logger {
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...m: unknown[]) => log.debug(`slack: ${text(m)}`),
    info: (...m: unknown[]) => log.debug(`slack: ${text(m)}`),
    warn: (...m: unknown[]) => log.warn(`slack: ${text(m)}`),
    error: (...m: unknown[]) => log.error(`slack: ${text(m)}`),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
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
function shareable(cmd: Subcommand | undefined): boolean {
  return !!cmd && !cmd.group && !cmd.requires;
}

function normaliseApiUrl(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export async function startSlack(opts: SlackOptions): Promise<RunningSlack> {
  const socketMode = Boolean(opts.appToken);
  if (!socketMode && !opts.signingSecret) {
    throw new Error('Slack: SLACK_SIGNING_SECRET is needed in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode).');
  }
  const logger = boltLogger();
  const commandName = opts.command ?? `/${COMMAND_NAME}`;
  const admins = new Set(opts.adminUserIds);
  const adminCacheMs = opts.adminCacheMs ?? 10 * 60_000;
  const adminCache = new Map<string, { value: boolean; until: number }>();
  const now = () => opts.now?.() ?? new Date();

  const receiver = socketMode
    ? new SocketModeReceiver({ appToken: opts.appToken!, logger })
    : new HTTPReceiver({
        signingSecret: opts.signingSecret!,
        endpoints: '/slack/events',
        logger,
        // Listeners ack first and answer through response_url, so nothing waits on the handler.
        processBeforeResponse: false,
      });

  const app = new App({
    token: opts.botToken,
    receiver,
    logger,
    deferInitialization: true,
    convoStore: false,
    clientOptions: {
      ...(opts.apiUrl ? { slackApiUrl: normaliseApiUrl(opts.apiUrl) } : {}),
      retryConfig: rateLimitOnlyRetry(opts.retryConfig ?? DEFAULT_RETRY),
      rejectRateLimitedCalls: false,
    },
  });

  try {
    await app.init(); // auth.test: a wrong token stops start-up here with a clear message
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    if (code) {
      throw new Error(
        `Slack: the bot token was rejected (${code}). Copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page into SLACK_BOT_TOKEN.`,
      );
    }
    throw new Error(`Slack: could not reach the Slack Web API to check SLACK_BOT_TOKEN (${errorCode(err)}). Check the network${opts.apiUrl ? ' and SLACK_API_URL' : ''}.`);
  }

  /** Workspace admin/owner, or a configured admin id. Asks users.info only when needed, and caches. */
  async function canManage(who: Asker): Promise<boolean> {
    if (admins.has(who.userId)) return true;
    const key = `${who.teamId ?? ''}:${who.userId}`;
    const hit = adminCache.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    let value = false;
    let ttl = adminCacheMs;
    try {
      const res = await app.client.users.info({ user: who.userId });
      const u = res.user as { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean } | undefined;
      value = Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner);
    } catch (err) {
      ttl = Math.min(adminCacheMs, 60_000);
      log.warn('slack: users.info failed; treating the user as not an admin', { user: who.userId, error: errorCode(err) });
    }
    if (adminCache.size > 10_000) adminCache.clear();
    adminCache.set(key, { value, until: Date.now() + ttl });
    return value;
  }

  const localeFor = slackLocaleResolver(opts.locale ?? process.env.BOT_LOCALE, (user) => app.client.users.info({ user, include_locale: true }));

  function context(who: Asker, manage: boolean, timeline: Timeline, locale?: Locale): CommandContext {
    return {
      ...(locale ? { locale } : {}),
      timeline,
      now: now(),
      platform: 'slack',
      user: { id: who.userId, ...(who.userName ? { name: who.userName } : {}), canManage: manage },
      ...(who.teamId ? { guildId: who.teamId } : {}),
      ...(who.channelId ? { channelId: who.channelId } : {}),
      services: { store: opts.store, ...opts.services },
    };
  }

  /** Parse and run a command text. `share` is the value for a Share button when the command may be shared. */
  async function answerText(text: string, who: Asker): Promise<{ reply: Reply; share?: string; command?: Subcommand }> {
    const timeline = opts.store.current;
    const parsed = parseTextCommand(text, opts.registry, timeline);
    if (parsed.kind === 'empty' || parsed.kind === 'help') return { reply: helpReply(opts.registry, 'slack') };
    if (parsed.kind === 'error') return { reply: errorReply(parsed.message) };
    const cmd = opts.registry.find(parsed.request.group, parsed.request.name);
    const manage = cmd?.requires ? await canManage(who) : admins.has(who.userId);
    const reply = await runCommand(opts.registry, parsed.request, context(who, manage, timeline, await localeFor(who.userId)));
    return { reply, command: cmd, ...(shareable(cmd) ? { share: encodeShare('c', text.trim()) } : {}) };
  }

  async function answerAction(actionId: string, who: Asker): Promise<{ reply: Reply; share?: string }> {
    const timeline = opts.store.current;
    const hit = opts.registry.findAction(actionId);
    const manage = hit?.command.requires ? await canManage(who) : admins.has(who.userId);
    const reply = await runAction(opts.registry, actionId, context(who, manage, timeline, await localeFor(who.userId)));
    return { reply, ...(shareable(hit?.command) ? { share: encodeShare('a', actionId) } : {}) };
  }

  async function send(respond: RespondFn | undefined, msg: SlackMessage & { replace_original?: boolean; delete_original?: boolean }, where: string): Promise<boolean> {
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
  }

  // ── /nissan-honda <text> ───────────────────────────────────────────────────────────────────────
  app.command(commandName, async ({ command, ack, respond }) => {
    try {
      await ack();
    } catch (err) {
      log.warn('slack: ack failed', { error: errorCode(err) });
    }
    // Let the acknowledgement leave before answering: a first `figure`/`ask` builds its search index
    // synchronously, and Slack allows 3 s for the ack.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      const who: Asker = { userId: command.user_id, userName: command.user_name, teamId: command.team_id, channelId: command.channel_id };
      const text = decodeSlackText(typeof command.text === 'string' ? command.text : '');
      const started = Date.now();
      const { reply, share } = await answerText(text, who);
      await send(respond, toSlackMessage(reply, { responseType: 'ephemeral', share }), 'command');
      log.debug('slack: answered', { ms: Date.now() - started, user: who.userId });
    } catch (err) {
      log.error('slack: command failed', { error: (err as Error)?.stack ?? String(err) });
      await send(respond, toSlackMessage(errorReply('Something went wrong on our side while answering. Please try again in a moment.'), { responseType: 'ephemeral' }), 'command-error');
    }
  });

  // ── Reply buttons (timeline paging): the action id is the button's value ───────────────────────
  app.action(BUTTON_ACTION_RE, async ({ ack, body, action, respond }) => {
    try {
      await ack();
    } catch (err) {
      log.warn('slack: ack failed', { error: errorCode(err) });
    }
    try {
      const value = action && 'value' in action && typeof action.value === 'string' ? action.value : '';
      const who = askerOf(body);
      if (!value || !who) {
        await send(respond, toSlackMessage(errorReply('This button is no longer recognised. Please run the command again.'), { responseType: 'ephemeral' }), 'button');
        return;
      }
      const { reply, share } = await answerAction(value, who);
      if (reply.modal) {
        if (await openForm(app.client, (body as { trigger_id?: string }).trigger_id, reply.modal)) return;
        await send(respond, { ...toSlackMessage(errorReply('The form could not be opened. Please try again.'), { responseType: 'ephemeral' }), replace_original: false }, 'form');
        return;
      }
      if (reply.tone === 'error') {
        // Keep the page the user was looking at; say what went wrong beside it.
        await send(respond, { ...toSlackMessage(reply, { responseType: 'ephemeral' }), replace_original: false }, 'button-error');
      } else {
        await send(respond, { ...toSlackMessage(reply, { responseType: 'ephemeral', share }), replace_original: true }, 'button');
      }
    } catch (err) {
      log.error('slack: button failed', { error: (err as Error)?.stack ?? String(err) });
    }
  });

  // ── Forms (Draft event, Attach): the submission goes through the same dispatcher and precondition ─────
  registerForms(app, async (action, values, who) => {
    const hit = opts.registry.findAction(action);
    const manage = hit?.command.requires ? await canManage(who) : admins.has(who.userId);
    return runSubmit(opts.registry, action, values, context(who, manage, opts.store.current));
  });

  // ── Share in channel: re-run from the value, post the fresh answer in_channel ──────────────────
  app.action(SHARE_ACTION_ID, async ({ ack, body, action, respond }) => {
    try {
      await ack();
    } catch (err) {
      log.warn('slack: ack failed', { error: errorCode(err) });
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      const value = action && 'value' in action && typeof action.value === 'string' ? action.value : '';
      const who = askerOf(body);
      let result: { reply: Reply; command?: Subcommand } | undefined;
      if (who && value.startsWith('c:')) {
        const parsed = parseTextCommand(value.slice(2), opts.registry, opts.store.current);
        const cmd = parsed.kind === 'command' ? opts.registry.find(parsed.request.group, parsed.request.name) : undefined;
        if (shareable(cmd)) result = await answerText(value.slice(2), who);
      } else if (who && value.startsWith('a:')) {
        const hit = opts.registry.findAction(value.slice(2));
        if (shareable(hit?.command)) result = await answerAction(value.slice(2), who);
      }
      if (!result) {
        await send(respond, { ...toSlackMessage(errorReply('This answer can no longer be shared. Please run the command again.'), { responseType: 'ephemeral' }), replace_original: false }, 'share');
        return;
      }
      if (result.reply.tone === 'error' || result.reply.ephemeral) {
        await send(respond, { ...toSlackMessage({ ...result.reply, ephemeral: true }, { responseType: 'ephemeral' }), replace_original: false }, 'share-error');
        return;
      }
      const shared = toSlackMessage(result.reply, { responseType: 'in_channel', sharedBy: who!.userId, withoutButtons: true });
      if (await send(respond, { ...shared, replace_original: false }, 'share')) {
        // The private copy has served its purpose.
        await send(respond, { text: 'Shared in the channel.', blocks: [], delete_original: true }, 'share-delete');
      }
    } catch (err) {
      log.error('slack: share failed', { error: (err as Error)?.stack ?? String(err) });
    }
  });

  // Any other block action (an old message from an earlier version, a forged id): ack so Slack does
  // not show an error, and say so privately.
  app.action({ action_id: /^(?!nh:btn:\d+$|nh:share$)/ }, async ({ ack, respond, action }) => {
    try {
      await ack();
      log.debug('slack: unknown action', { action: (action as { action_id?: string })?.action_id?.slice(0, 80) });
      await send(respond, { ...toSlackMessage(errorReply('This button is no longer recognised. Please run the command again.'), { responseType: 'ephemeral' }), replace_original: false }, 'unknown-action');
    } catch (err) {
      log.warn('slack: unknown action handling failed', { error: errorCode(err) });
    }
  });

  app.error(async (err) => {
    log.error('slack: unhandled error in a listener', { error: (err as Error)?.message ?? String(err) });
  });

  let server: Server | undefined;
  let port: number | undefined;
  if (socketMode) {
    await app.start();
    log.info('slack: connected (Socket Mode)', { command: commandName });
  } else if (opts.listen !== false) {
    server = (await app.start({ port: opts.port ?? 3000, host: opts.host })) as Server;
    port = (server.address() as AddressInfo).port;
    log.info('slack: listening', { url: `http://${opts.host ?? '0.0.0.0'}:${port}/slack/events`, command: commandName });
  }

  let stopped = false;
  return {
    app,
    client: app.client,
    mode: socketMode ? 'socket' : 'http',
    ...(server ? { server, port } : {}),
    ...(!socketMode ? { requestListener: (receiver as HTTPReceiver).requestListener } : {}),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (socketMode || server) await app.stop().catch((e: unknown) => log.warn('slack: stop failed', { error: String(e) }));
    },
  };
}

/** The asker of a block_actions payload, or undefined when the payload lacks a user. */
function askerOf(body: unknown): Asker | undefined {
  const b = body as { user?: { id?: string; username?: string; name?: string; team_id?: string }; team?: { id?: string } | null; channel?: { id?: string } | null };
  if (!b?.user?.id || typeof b.user.id !== 'string') return undefined;
  return {
    userId: b.user.id,
    userName: b.user.username ?? b.user.name,
    teamId: b.team?.id ?? b.user.team_id,
    channelId: b.channel?.id,
  };
}
