/**
 * The Slack adapter, wiring only: a Bolt app that serves `/nissan-honda` (free text, parsed by the core's
 * parseTextCommand) and its buttons — one listener per file in listeners/, sharing answering.ts — over the
 * guarded `/slack/events` route of the shared HTTP front (route.ts checks the signature and replays, then feeds
 * Bolt's receiver the verified body), or Socket Mode when an app-level token is given. It only translates: Slack
 * payload → CommandRequest and CommandContext → runCommand/runAction → Reply → Block Kit (render.ts) → `respond()`.
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
import type { RequestListener, Server } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger, type webApi } from '@slack/bolt';
import type { Services } from '../../core/command.js';
import { COMMAND_NAME } from '../../core/command.js';
import type { Registry } from '../../core/dispatch.js';
import type { TimelineStore } from '../../timeline/store.js';
import { log } from '../../logger.js';
import { memoryReplayCheck, type ReplayCheck } from '../../db/replay.js';
import { startHttpFront, type HealthReport, type Route } from '../http/front.js';
import { healthOf } from '../http/health.js';
import { DEFAULT_RETRY, errorCode, rateLimitOnlyRetry, type SlackRetryConfig } from './web-api.js';
import { SLACK_REPLAY_WINDOW_MS, SLACK_RESPONSE_ORIGINS, slackRoute } from './route.js';
import { createAnswering } from './answering.js';
import * as commandListener from './listeners/command.js';
import * as buttonListener from './listeners/buttons.js';
import * as shareListener from './listeners/share.js';
import * as unknownActionListener from './listeners/unknown-action.js';
import * as formListener from './listeners/forms.js';

export { decodeSlackText, encodeShare } from './answering.js';

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
   * HTTP mode: `false` = do not open a port; add the returned `route` to a shared HTTP front (e.g. with the
   * Discord interactions endpoint). Default true: a front of its own, with `/healthz`.
   */
  listen?: boolean;
  /** Signed requests already seen (the database's, so the guard holds across restarts). Default: in memory. */
  replays?: ReplayCheck;
  /** Origins a `response_url` may point at (default https://hooks.slack.com). */
  responseOrigins?: readonly string[];
  /** Extra readiness checks for `/healthz` on its own front (e.g. the database). */
  health?: () => HealthReport;
  maxConnections?: number;
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
  /** HTTP mode: the guarded `/slack/events` route, to add to a shared front. */
  route?: Route;
  mode: 'http' | 'socket';
  stop(): Promise<void>;
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
  const now = () => opts.now?.() ?? new Date();

  const receiver = socketMode
    ? new SocketModeReceiver({ appToken: opts.appToken!, logger })
    : new HTTPReceiver({
        signingSecret: opts.signingSecret!,
        endpoints: '/slack/events',
        logger,
        // The front has capped the body already; Bolt's own limit matches it, as a second check.
        bodyLimit: 64 * 1024,
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

  // Each listener in its own file (listeners/*.ts), sharing the answering kit.
  const kit = createAnswering(app, { store: opts.store, registry: opts.registry, services: opts.services, adminUserIds: opts.adminUserIds, adminCacheMs: opts.adminCacheMs, now, locale: opts.locale });
  commandListener.register(app, kit, commandName);
  buttonListener.register(app, kit);
  shareListener.register(app, kit);
  formListener.register(app, kit);
  unknownActionListener.register(app, kit);

  app.error(async (err) => {
    log.error('slack: unhandled error in a listener', { error: (err as Error)?.message ?? String(err) });
  });

  let server: Server | undefined;
  let port: number | undefined;
  let route: Route | undefined;
  let stopFront: (() => Promise<void>) | undefined;
  if (socketMode) {
    await app.start();
    log.info('slack: connected (Socket Mode)', { command: commandName });
  } else {
    route = slackRoute({
      signingSecret: opts.signingSecret!,
      requestListener: (receiver as HTTPReceiver).requestListener as RequestListener,
      replays: opts.replays ?? memoryReplayCheck(SLACK_REPLAY_WINDOW_MS),
      // A Web API other than Slack's (a fake in tests) serves its own response URLs.
      responseOrigins: opts.responseOrigins ?? [...SLACK_RESPONSE_ORIGINS, ...(opts.apiUrl ? [new URL(opts.apiUrl).origin] : [])],
    });
    if (opts.listen !== false) {
      const front = await startHttpFront({
        port: opts.port ?? 3000,
        host: opts.host,
        routes: [route],
        health: healthOf(opts.store, opts.health),
        maxConnections: opts.maxConnections,
      });
      server = front.server;
      port = front.port;
      stopFront = () => front.stop();
      log.info('slack: listening', { url: `http://${opts.host ?? '127.0.0.1'}:${port}/slack/events`, command: commandName });
    }
  }

  let stopped = false;
  return {
    app,
    client: app.client,
    mode: socketMode ? 'socket' : 'http',
    ...(server ? { server, port } : {}),
    ...(route ? { route } : {}),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (socketMode) await app.stop().catch((e: unknown) => log.warn('slack: stop failed', { error: String(e) }));
      await stopFront?.();
    },
  };
}
