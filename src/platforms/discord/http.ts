/**
 * Discord HTTP-interactions endpoint (DISCORD_MODE=http): Discord POSTs every interaction to
 * `POST /interactions`; no WebSocket, no member cache. It is one route of the shared HTTP front
 * (../http/front.ts), which caps bodies and connections and answers `/healthz` and unknown paths.
 *
 * Every request is verified (Ed25519 signature over timestamp + raw body, ±5-minute window) before
 * its body is even parsed, and an interaction id seen before is refused. Commands, autocomplete and
 * button clicks then go through the same dispatcher and renderer as the gateway (http-answers.ts).
 *
 *   POST /interactions   401 bad/missing signature, stale timestamp or replay · 413 body > 64 KiB ·
 *                        400 non-JSON, unknown interaction type or an over-long id · 405 other methods
 *   GET  /healthz        200 { ok: true, checks } when ready, else 503
 *   anything else        404
 */
import type { Server } from 'node:http';
import { REST } from 'discord.js';
import { InteractionResponseType, InteractionType, type APIInteraction } from 'discord-api-types/v10';
import type { Services } from '../../core/command.js';
import type { Registry } from '../../core/dispatch.js';
import type { TimelineStore } from '../../timeline/store.js';
import { log } from '../../logger.js';
import { Rejected, startHttpFront, type HttpReply, type Exchange, type HealthReport, type Route } from '../http/front.js';
import { healthOf } from '../http/health.js';
import { answerAutocomplete, answerCommand, answerComponent, answerModal, answerUnreadable, type AnswerKit } from './http-answers.js';
import { contextFromApiInteraction, DEFER_AFTER_MS } from './interaction.js';
import { createVerifier, ReplayGuard } from './verify.js';
import type { ReplayCheck } from '../../db/replay.js';

export { MAX_BODY_BYTES, type HealthReport } from '../http/front.js';

/** Discord's interaction ids are snowflakes (≤ 20 digits); longer ids are refused before the replay guard keeps them. */
export const MAX_INTERACTION_ID_LENGTH = 32;
/** How long a deferred answer keeps trying to reach Discord (its token lives 15 minutes). */
export const DEFERRED_BUDGET_MS = 2 * 60_000;

export interface DiscordRouteOptions {
  /** The application's public key (64 hex characters, Developer Portal → General Information). */
  publicKey: string;
  /** Bot token: used for REST calls (deferred edits go to interaction webhooks, which need no auth). */
  token: string;
  applicationId: string;
  /** REST base, e.g. `https://discord.com/api` (default) or a fake Discord's `/api`. */
  apiUrl?: string;
  store: TimelineStore;
  registry: Registry;
  services?: Services;
  now?: () => Date;
  /** Defer when an answer is not ready after this long. Default DEFER_AFTER_MS (1.5 s; Discord allows 3 s). */
  deferAfterMs?: number;
  /** A deferred answer gives up after this long. Default DEFERRED_BUDGET_MS. */
  deferredBudgetMs?: number;
  /** Where interaction ids are remembered; default: in this process only (a database's is shared by replicas). */
  replayGuard?: ReplayCheck;
}

export interface DiscordHttpOptions extends DiscordRouteOptions {
  port: number;
  /** Default 127.0.0.1; use 0.0.0.0 behind a load balancer. */
  host?: string;
  /** Extra readiness checks (e.g. the database); merged with the log check. */
  health?: () => HealthReport;
  /** Other routes on the same port (e.g. Slack's `/slack/events`), behind the same guards. */
  routes?: Route[];
  maxConnections?: number;
}

export interface DiscordHttpEndpoint {
  server: Server;
  port: number;
  /** Stop accepting requests, finish deferred edits in flight (up to 10 s), close connections. */
  stop(): Promise<void>;
}

export interface DiscordRoute extends Route {
  /** Deferred edits still in flight. */
  drain(): Promise<void>;
}

/** `POST /interactions`: verify, refuse replays, then answer by interaction type. */
export function discordRoute(opts: DiscordRouteOptions): DiscordRoute {
  const verifier = createVerifier(opts.publicKey, { now: opts.now });
  const now = opts.now ?? (() => new Date());
  const services: Services = { ...opts.services, store: opts.services?.store ?? opts.store };
  const pending = new Set<Promise<void>>();
  const replays: ReplayCheck = opts.replayGuard ?? new ReplayGuard();
  const kit: AnswerKit = {
    registry: opts.registry,
    contextFor: (interaction) => contextFromApiInteraction(interaction, { timeline: opts.store.current, now: now(), services, platform: 'discord' }),
    rest: new REST({ version: '10', ...(opts.apiUrl ? { api: opts.apiUrl } : {}) }).setToken(opts.token),
    applicationId: opts.applicationId,
    deferAfterMs: opts.deferAfterMs ?? DEFER_AFTER_MS,
    deferredBudgetMs: opts.deferredBudgetMs ?? DEFERRED_BUDGET_MS,
    track(p) {
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
  };

  const answer = async (interaction: APIInteraction, ex: Exchange): Promise<HttpReply> => {
    switch (interaction.type) {
      case InteractionType.Ping:
        return { status: 200, body: { type: InteractionResponseType.Pong } };
      case InteractionType.ApplicationCommand:
        return answerCommand(kit, interaction, ex);
      case InteractionType.MessageComponent:
        return answerComponent(kit, interaction, ex);
      case InteractionType.ApplicationCommandAutocomplete:
        return answerAutocomplete(kit, interaction);
      case InteractionType.ModalSubmit:
        return answerModal(kit, interaction);
      default:
        throw new Rejected({ status: 400, reason: `unknown interaction type ${JSON.stringify((interaction as { type?: unknown }).type)?.slice(0, 20)}` });
    }
  };

  return {
    path: '/interactions',
    methods: ['POST'],
    async handle(body, ex) {
      const { req } = ex;
      const check = verifier.verify({ signature: req.headers['x-signature-ed25519'], timestamp: req.headers['x-signature-timestamp'], body });
      if (!check.ok) throw new Rejected({ status: 401, reason: check.reason });
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new Rejected({ status: 400, reason: 'body is not valid JSON' });
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || typeof (parsed as { type?: unknown }).type !== 'number') {
        throw new Rejected({ status: 400, reason: 'body is not an interaction object' });
      }
      const id = (parsed as { id?: unknown }).id;
      if (typeof id === 'string') {
        if (id.length > MAX_INTERACTION_ID_LENGTH) throw new Rejected({ status: 400, reason: `interaction id too long (${id.length} characters)` });
        if (await replays.check(id, now().getTime())) throw new Rejected({ status: 401, reason: 'replayed interaction (id already seen)' });
      }
      const interaction = parsed as APIInteraction;
      try {
        return await answer(interaction, ex);
      } catch (err) {
        if (err instanceof Rejected) throw err;
        log.warn('discord http: unreadable interaction', { type: interaction.type, error: (err as Error)?.message ?? String(err) });
        return answerUnreadable(interaction);
      }
    },
    drain: () => Promise.allSettled([...pending]).then(() => undefined),
  };
}

/** Start the endpoint on its own front. Resolves once listening; `port` is the real port (use 0 in tests). */
export async function startDiscordHttp(opts: DiscordHttpOptions): Promise<DiscordHttpEndpoint> {
  const route = discordRoute(opts);
  const front = await startHttpFront({
    port: opts.port,
    host: opts.host,
    routes: [route, ...(opts.routes ?? [])],
    health: healthOf(opts.store, opts.health),
    maxConnections: opts.maxConnections,
  });
  return { server: front.server, port: front.port, stop: () => front.stop(() => route.drain()) };
}
