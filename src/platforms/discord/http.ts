/**
 * Discord HTTP-interactions endpoint (DISCORD_MODE=http): Discord POSTs every interaction to
 * `POST /interactions`; no WebSocket, no member cache. Built on node:http.
 *
 * Every request is verified (Ed25519 signature over timestamp + raw body, ±5-minute window) before
 * its body is even parsed. Commands, autocomplete and button clicks then go through exactly the
 * same dispatcher (runCommand/runAction/runAutocomplete) and the same renderer (toDiscordMessage)
 * as the gateway. Answers go inline in the HTTP response; work that may take long (`slow`
 * subcommands, or anything not done within DEFER_AFTER_MS) is deferred and the answer is then
 * edited into `@original` through REST.
 *
 *   POST /interactions   401 bad/missing signature or stale timestamp · 413 body > 64 KiB ·
 *                        400 non-JSON or unknown interaction type · 405 other methods
 *   GET  /healthz        200 { ok: true, checks } when ready, else 503
 *   anything else        404
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST, Routes } from 'discord.js';
import type { APIInteraction } from 'discord-api-types/v10';
import { COMMAND_NAME, type CommandContext, type Services } from '../../core/command.js';
import { permitted, runAction, runAutocomplete, runCommand, runSubmit, type Registry } from '../../core/dispatch.js';
import { errorReply, type Reply } from '../../replies/reply.js';
import type { TimelineStore } from '../../timeline/store.js';
import { log } from '../../log.js';
import { EPHEMERAL_FLAG, toDiscordApiMessage } from './render.js';
import {
  autocompleteRequestFromData,
  commandRequestFromData,
  contextFromApiInteraction,
  deferEphemeral,
  DEFER_AFTER_MS,
} from './interaction.js';
import { createVerifier, ReplayGuard } from './verify.js';
import { CALLBACK_MODAL, toDiscordModal, valuesFromModalSubmit } from './modal.js';

/** Largest request body accepted (Discord's own payloads are a few KiB). */
export const MAX_BODY_BYTES = 64 * 1024;

/** Interaction types (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-interaction-type). */
const INTERACTION_PING = 1;
const INTERACTION_APPLICATION_COMMAND = 2;
const INTERACTION_MESSAGE_COMPONENT = 3;
const INTERACTION_AUTOCOMPLETE = 4;
const INTERACTION_MODAL_SUBMIT = 5;

/** Interaction callback types. */
const CALLBACK_PONG = 1;
const CALLBACK_MESSAGE = 4;
const CALLBACK_DEFERRED_MESSAGE = 5;
const CALLBACK_DEFERRED_UPDATE = 6;
const CALLBACK_UPDATE = 7;
const CALLBACK_AUTOCOMPLETE = 8;

export interface HealthReport {
  ok: boolean;
  checks: Record<string, boolean | string>;
}

export interface DiscordHttpOptions {
  /** The application's public key (64 hex characters, Developer Portal → General Information). */
  publicKey: string;
  port: number;
  /** Default 127.0.0.1; use 0.0.0.0 behind a load balancer. */
  host?: string;
  /** Bot token: used for REST calls (deferred edits go to interaction webhooks, which need no auth). */
  token: string;
  applicationId: string;
  /** REST base, e.g. `https://discord.com/api` (default) or a fake Discord's `/api`. */
  apiUrl?: string;
  store: TimelineStore;
  registry: Registry;
  services?: Services;
  /** Extra readiness checks (e.g. the database); merged with the log check. */
  health?: () => HealthReport;
  now?: () => Date;
  /**
   * Requests for any other path go here instead of a 404 (e.g. Slack's `/slack/events` listener, so
   * Slack and Discord can share one PORT).
   */
  otherRoutes?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Defer when an answer is not ready after this long. Default DEFER_AFTER_MS (1.5 s; Discord allows 3 s). */
  deferAfterMs?: number;
}

export interface DiscordHttpEndpoint {
  server: Server;
  port: number;
  /** Stop accepting requests, finish deferred edits in flight (up to 10 s), close connections. */
  stop(): Promise<void>;
}

/** One HTTP exchange: when the request arrived, and a promise settled once the response has been written. */
interface Exchange {
  receivedAt: number;
  sent: Promise<void>;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };
type Rejection = { status: number; reason: string; headers?: Record<string, string> };

class Rejected extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.reason);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Read the raw body, at most `limit` bytes. Stops reading (and marks the connection to close) beyond it. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new Rejected({ status: 413, reason: `body too large (declared ${declared} bytes, limit ${limit})`, headers: { connection: 'close' } }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        // Stop buffering; whatever else arrives is discarded and the connection closes after the 413.
        req.resume();
        finish(new Rejected({ status: 413, reason: `body too large (more than ${limit} bytes)`, headers: { connection: 'close' } }));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = (e: Error) => finish(new Rejected({ status: 400, reason: `request stream error: ${e.message}` }));
    const onAborted = () => finish(new Rejected({ status: 400, reason: 'request aborted by the client' }));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q >= 0 ? raw.slice(0, q) : raw;
}

/** Start the endpoint. Resolves once listening; `port` is the real port (use 0 in tests). */
export async function startDiscordHttp(opts: DiscordHttpOptions): Promise<DiscordHttpEndpoint> {
  const verifier = createVerifier(opts.publicKey, { now: opts.now });
  const now = opts.now ?? (() => new Date());
  const deferAfter = opts.deferAfterMs ?? DEFER_AFTER_MS;
  const services: Services = { ...opts.services, store: opts.services?.store ?? opts.store };
  const rest = new REST({ version: '10', ...(opts.apiUrl ? { api: opts.apiUrl } : {}) }).setToken(opts.token);
  const pending = new Set<Promise<void>>();
  const replays = new ReplayGuard();

  const track = (p: Promise<void>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  /**
   * Finish a deferred interaction: edit `@original` (the placeholder, or the message a button sits on).
   * An error (or any private answer) under a public placeholder replaces it privately instead: the
   * placeholder is deleted (commands only) and the answer goes out as an ephemeral follow-up.
   * Retries on 429/5xx are @discordjs/rest's; failures are logged, never thrown.
   */
  const finishDeferred = async (interaction: APIInteraction, reply: Reply, placeholderIsPrivate: boolean, what: string): Promise<void> => {
    const { flags: _flags, ...edit } = toDiscordApiMessage(reply);
    const appId = opts.applicationId;
    try {
      if (reply.ephemeral && !placeholderIsPrivate) {
        if (interaction.type === INTERACTION_APPLICATION_COMMAND) {
          await rest.delete(Routes.webhookMessage(appId, interaction.token, '@original'), { auth: false }).catch((err: Error) =>
            log.warn('discord http: could not remove the placeholder', { what, error: err.message }),
          );
        }
        await rest.post(Routes.webhook(appId, interaction.token), { body: { ...edit, flags: EPHEMERAL_FLAG }, auth: false });
        return;
      }
      await rest.patch(Routes.webhookMessage(appId, interaction.token, '@original'), { body: edit, auth: false });
    } catch (err) {
      const e = err as { status?: number; code?: unknown; message?: string };
      log.error('discord http: could not send the deferred answer', { what, status: e.status, code: e.code, error: e.message });
    }
  };

  const contextFor = (interaction: APIInteraction): CommandContext =>
    contextFromApiInteraction(interaction, { timeline: opts.store.current, now: now(), services, platform: 'discord' });

  /**
   * Answer inline when the work finishes within `deferAfter` (or at once when `slow`), otherwise
   * send the deferral now and edit `@original` when the work is done.
   */
  const answerOrDefer = async (
    interaction: APIInteraction,
    ex: Exchange,
    work: () => Promise<Reply>,
    inline: (reply: Reply) => Answer,
    deferral: Answer,
    placeholderIsPrivate: boolean,
    slow: boolean,
    what: string,
  ): Promise<Answer> => {
    const job = work();
    if (!slow) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        // The budget counts from the request's arrival (reading and verifying it took some of it).
        timer = setTimeout(() => resolve('late'), Math.max(0, deferAfter - (performance.now() - ex.receivedAt)));
      });
      const first = await Promise.race([job, late]);
      clearTimeout(timer);
      if (first !== 'late') return inline(first);
    }
    // Edit only after the deferral has been written back to Discord (an edit before it would 404).
    track(
      Promise.all([job, ex.sent])
        .then(([reply]) => finishDeferred(interaction, reply, placeholderIsPrivate, what))
        .catch((err: unknown) => log.error('discord http: deferred work failed', { what, error: (err as Error)?.message ?? String(err) })),
    );
    return deferral;
  };

  const handleInteraction = async (interaction: APIInteraction, ex: Exchange): Promise<Answer> => {
    try {
      return await routeInteraction(interaction, ex);
    } catch (err) {
      if (err instanceof Rejected) throw err;
      // A signed body whose shape the option walker cannot read (Discord never sends one): answer politely.
      log.warn('discord http: unreadable interaction', { type: interaction.type, error: (err as Error)?.message ?? String(err) });
      const sorry = errorReply('This request could not be read. Please run the command again.');
      return interaction.type === INTERACTION_AUTOCOMPLETE
        ? { status: 200, body: { type: CALLBACK_AUTOCOMPLETE, data: { choices: [] } } }
        : { status: 200, body: { type: CALLBACK_MESSAGE, data: toDiscordApiMessage(sorry) } };
    }
  };

  const routeInteraction = async (interaction: APIInteraction, ex: Exchange): Promise<Answer> => {
    switch (interaction.type) {
      case INTERACTION_PING:
        return { status: 200, body: { type: CALLBACK_PONG } };

      case INTERACTION_APPLICATION_COMMAND: {
        const data = interaction.data as { name?: string; options?: unknown } | undefined;
        const ctx = contextFor(interaction);
        if (data?.name !== COMMAND_NAME) {
          return { status: 200, body: { type: CALLBACK_MESSAGE, data: toDiscordApiMessage(errorReply(`This bot only answers \`/${COMMAND_NAME}\`.`)) } };
        }
        const req = commandRequestFromData(data as Parameters<typeof commandRequestFromData>[0]);
        const cmd = opts.registry.find(req.group, req.name);
        const ephemeralDefer = deferEphemeral(req);
        const what = `/${COMMAND_NAME} ${[req.group, req.name].filter(Boolean).join(' ')}`;
        return answerOrDefer(
          interaction,
          ex,
          () => runCommand(opts.registry, req, ctx),
          (reply) => ({ status: 200, body: { type: CALLBACK_MESSAGE, data: toDiscordApiMessage(reply) } }),
          { status: 200, body: { type: CALLBACK_DEFERRED_MESSAGE, ...(ephemeralDefer ? { data: { flags: EPHEMERAL_FLAG } } : {}) } },
          ephemeralDefer,
          // A precondition failure is instant and must stay ephemeral: never defer it.
          !!cmd?.slow && permitted(cmd, ctx),
          what,
        );
      }

      case INTERACTION_MESSAGE_COMPONENT: {
        const data = interaction.data as { custom_id?: unknown } | undefined;
        const customId = typeof data?.custom_id === 'string' ? data.custom_id : '';
        const ctx = contextFor(interaction);
        return answerOrDefer(
          interaction,
          ex,
          () => runAction(opts.registry, customId, ctx),
          // Errors go to the clicker only (a new ephemeral message); a form opens; anything else updates the message in
          // place (a private page of a private message, e.g. the curators' queue, too).
          (reply) => {
            if (reply.modal) return { status: 200, body: { type: CALLBACK_MODAL, data: toDiscordModal(reply.modal) } };
            const onPrivate = ((interaction.message?.flags ?? 0) & EPHEMERAL_FLAG) !== 0 && reply.tone !== 'error';
            if (reply.ephemeral && !onPrivate) return { status: 200, body: { type: CALLBACK_MESSAGE, data: toDiscordApiMessage(reply) } };
            const { flags: _flags, ...data } = toDiscordApiMessage(reply);
            return { status: 200, body: { type: CALLBACK_UPDATE, data } };
          },
          { status: 200, body: { type: CALLBACK_DEFERRED_UPDATE } },
          false,
          false,
          `button ${customId.slice(0, 40)}`,
        );
      }

      case INTERACTION_AUTOCOMPLETE: {
        const data = interaction.data as Parameters<typeof autocompleteRequestFromData>[0] | undefined;
        const req = autocompleteRequestFromData(data ?? {});
        const choices = runAutocomplete(opts.registry, req, contextFor(interaction));
        return { status: 200, body: { type: CALLBACK_AUTOCOMPLETE, data: { choices } } };
      }

      case INTERACTION_MODAL_SUBMIT: {
        const data = interaction.data as { custom_id?: unknown; components?: Parameters<typeof valuesFromModalSubmit>[0] } | undefined;
        const customId = typeof data?.custom_id === 'string' ? data.custom_id : '';
        const reply = await runSubmit(opts.registry, customId, valuesFromModalSubmit(data?.components), contextFor(interaction));
        return { status: 200, body: { type: CALLBACK_MESSAGE, data: { ...toDiscordApiMessage(reply), flags: EPHEMERAL_FLAG } } };
      }

      default:
        throw new Rejected({ status: 400, reason: `unknown interaction type ${JSON.stringify((interaction as { type?: unknown }).type)?.slice(0, 20)}` });
    }
  };

  const handleInteractionsPost = async (req: IncomingMessage, ex: Exchange): Promise<Answer> => {
    const body = await readBody(req, MAX_BODY_BYTES);
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
    if (typeof id === 'string' && replays.check(id, now().getTime())) {
      throw new Rejected({ status: 401, reason: 'replayed interaction (id already seen)' });
    }
    return handleInteraction(parsed as APIInteraction, ex);
  };

  const healthReport = (): HealthReport => {
    const timeline = opts.store.current;
    // A store always holds a validated log (possibly empty, which is valid): the log check is being here at all.
    const checks: Record<string, boolean | string> = { log: true, logVersion: timeline.version };
    if (opts.store.lastError) checks.logReload = 'last change rejected; serving the last good log';
    let ok = true;
    if (opts.health) {
      try {
        const extra = opts.health();
        Object.assign(checks, extra.checks);
        ok = ok && extra.ok;
      } catch (err) {
        checks.health = `check failed: ${(err as Error).message}`;
        ok = false;
      }
    }
    return { ok, checks };
  };

  const route = async (req: IncomingMessage, ex: Exchange): Promise<Answer> => {
    const path = pathOf(req.url);
    if (path === '/interactions') {
      if (req.method !== 'POST') throw new Rejected({ status: 405, reason: `method ${req.method} not allowed`, headers: { allow: 'POST' } });
      return handleInteractionsPost(req, ex);
    }
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new Rejected({ status: 405, reason: `method ${req.method} not allowed`, headers: { allow: 'GET, HEAD' } });
      const report = healthReport();
      return { status: report.ok ? 200 : 503, body: report };
    }
    throw new Rejected({ status: 404, reason: 'no such path' });
  };

  const server = createServer({ requestTimeout: 10_000, headersTimeout: 10_000 }, (req, res) => {
    const path = pathOf(req.url).slice(0, 100);
    if (opts.otherRoutes && path !== '/interactions' && path !== '/healthz') {
      try {
        opts.otherRoutes(req, res);
      } catch (err) {
        log.error('discord http: shared route failed', { method: req.method, path, error: (err as Error)?.stack ?? String(err) });
        sendJson(res, 500, { error: 'internal error' });
      }
      return;
    }
    const ex: Exchange = { receivedAt: performance.now(), sent: new Promise<void>((resolve) => res.once('close', () => resolve())) };
    route(req, ex)
      .then((answer) => sendJson(res, answer.status, req.method === 'HEAD' ? undefined : answer.body, answer.headers))
      .catch((err: unknown) => {
        if (err instanceof Rejected) {
          const { status, reason, headers } = err.rejection;
          log.warn('discord http: request rejected', { status, reason, method: req.method, path, from: req.socket.remoteAddress });
          sendJson(res, status, { error: reason }, headers);
          return;
        }
        log.error('discord http: request failed', { method: req.method, path, error: (err as Error)?.stack ?? String(err) });
        sendJson(res, 500, { error: 'internal error' });
      });
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    log.warn('discord http: request rejected', { status: 400, reason: `malformed HTTP request (${err.code ?? err.message})` });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.error('discord http: server error', { error: err.message }));
  const port = (server.address() as AddressInfo).port;
  log.info('discord http: interactions endpoint listening', { host, port, path: '/interactions' });

  return {
    server,
    port,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
      await Promise.race([Promise.allSettled([...pending]).then(() => undefined), grace]);
      server.closeAllConnections();
      await closed;
    },
  };
}
