/**
 * A fake Discord for tests: one http.Server plus a `ws` WebSocketServer on 127.0.0.1 (random port).
 * The real discord.js Client (and @discordjs/rest) talk to it as if it were Discord.
 *
 * ── Start / stop ─────────────────────────────────────────────────────────────────────────────────
 *   const fake = await FakeDiscord.start({ heartbeatIntervalMs?: 1000 });
 *   new Client({ intents, rest: { api: fake.apiUrl } })   // apiUrl = http://127.0.0.1:PORT/api
 *   new REST({ api: fake.apiUrl }).setToken('x')
 *   await fake.close();
 *
 * ── Fixed world ──────────────────────────────────────────────────────────────────────────────────
 *   fake.appId, fake.botUser, fake.guild ({ id, name, channels, roles }), fake.textChannelId,
 *   fake.announcementChannelId, fake.everyoneRoleId, fake.adminRoleId, fake.curatorRoleId. Snowflakes come from fake.snowflake().
 *
 * ── Gateway (ws://127.0.0.1:PORT/gateway, plain JSON text frames, no compression) ───────────────
 *   HELLO (op 10, heartbeat_interval = heartbeatIntervalMs) on connect; IDENTIFY (op 2) → READY
 *   (guild listed as unavailable, application { id }) then GUILD_CREATE (text + announcement channels,
 *   @everyone + Admin roles); HEARTBEAT (op 1) → ACK (op 11); RESUME (op 6) → RESUMED.
 *   fake.dispatch(type, data)            send a dispatch (op 0, next sequence) to every identified socket
 *   fake.dropConnection(code = 4000)     close the sockets with a resumable code (client RESUMEs)
 *   fake.gatewayFrames                   every frame received from clients: { op, d, at }
 *   fake.waitForGateway(pred, ms)        resolves with the next received frame matching pred
 *   fake.identifies / fake.resumes       counts
 *
 * ── REST (under /api/v10) ───────────────────────────────────────────────────────────────────────
 *   GET   /gateway/bot                                   { url, shards: 1, session_start_limit }
 *   POST  /interactions/:id/:token/callback              204, or 200 { interaction, resource } with ?with_response=true
 *   GET|PATCH|DELETE /webhooks/:app/:token/messages/@original   (`%40original` is decoded)
 *   POST  /webhooks/:app/:token                          follow-up message
 *   PATCH /webhooks/:app/:token/messages/:id
 *   PUT   /applications/:id/commands                     echo with id, application_id, version
 *   PUT   /applications/:id/guilds/:gid/commands         same, per guild
 *   GET   /applications/:id/commands, .../guilds/:gid/commands
 *   POST  /channels/:id/messages                         records the message; honours `nonce` +
 *         `enforce_nonce: true` (same nonce, same channel, within 5 minutes → the SAME message, 200)
 *   GET   /channels/:id                                  channel object or 404 { code: 10003 }
 *   anything else                                        404 { code: 0, message: '404: Not Found' }
 *
 *   fake.requests: RecordedRequest[]     { method, path (decoded, no /api/v10 prefix, no query), query,
 *                                          body (parsed JSON or raw text), headers, status, at, files }
 *   Multipart requests (messages with files, as discord.js and @discordjs/rest send them): `payload_json`
 *   is the body, every file part is in `files` ({ field, name, contentType, data }), and messages made
 *   from such a request list them in `attachments` ({ id, filename, size, content_type, url }).
 *   fake.waitFor(pred, ms = 2000)        resolves with the next request matching pred. Register it
 *                                        BEFORE triggering the action, then await it.
 *   fake.callbacks(interactionId)        the interaction callback bodies received for one interaction
 *   fake.messages                        Map<channelId, message[]> posted through POST /channels/:id/messages
 *   fake.commands                        { global: cmd[], guilds: Map<guildId, cmd[]> } after PUTs
 *   fake.addChannel(channel) / removeChannel(id)
 *
 * ── Fault injection ─────────────────────────────────────────────────────────────────────────────
 *   fake.failNext({ method?, path: RegExp, status, body?, headers?, times = 1 })
 *     `path` is tested against the decoded route path without /api/v10 and query, e.g. /channels/1/messages.
 *     Defaults per status: 429 → header retry-after + JSON { message, retry_after, global: false }
 *     (retryAfterSeconds, default 0.05); 403 → { code: 50001, message: 'Missing Access' };
 *     404 → { code: 10003, message: 'Unknown Channel' }; 500 → { code: 0, message: '500: Internal Server Error' }.
 *   The request is still recorded (with the injected status).
 *
 * ── Interaction payloads (plain INTERACTION_CREATE data, like Discord's) ─────────────────────────
 *   fake.slashCommand({ name, group?, options?, commandName?, permissions?, userId?, channelId?, locale? })
 *       options: Record<string, string | number | boolean> → typed options under the subcommand
 *       (strings type 3, integers type 4, booleans type 5; pass { value, type } to force a type).
 *   fake.autocomplete({ name, group?, options, focused, permissions? })       type 4 interaction
 *   fake.buttonClick({ customId, message?, permissions? })                    type 3, component_type 2
 *   fake.modalSubmit({ customId, values, permissions?, roles? })              type 5 (labels: text input, or select for arrays)
 *   (every builder also takes `roles`: the member's role ids)
 *   fake.sendInteraction(payload)        dispatch INTERACTION_CREATE and return the payload
 *   PERMISSIONS.none / .member / .manageGuild / .administrator   permission bitfield strings
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, WebSocket } from 'ws';

export const PERMISSIONS = {
  none: '0',
  /** View Channel, Send Messages, Read Message History, Use Application Commands, Embed Links. */
  member: String((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n) | (1n << 14n)),
  manageGuild: String((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n) | (1n << 14n) | (1n << 5n)),
  administrator: String((1n << 3n) | (1n << 10n) | (1n << 11n)),
} as const;

const DISCORD_EPOCH = 1420070400000n;

/** A MODAL callback's fields as a submission would carry them unchanged: a text input's value, a select's default picks. */
export function modalValues(callback: { data: { components: any[] } }): Record<string, string | string[]> {
  return Object.fromEntries(
    callback.data.components.map((label: any) => {
      const c = label.component ?? label.components?.[0];
      return [c.custom_id, c.type === 3 ? c.options.filter((o: any) => o.default).map((o: any) => o.value) : c.value];
    }),
  );
}

export interface RecordedRequest {
  method: string;
  /** Decoded route path without the /api/v10 prefix and without the query, e.g. `/channels/1/messages`. */
  path: string;
  /** Full decoded path as received, including /api/v10. */
  rawPath: string;
  query: Record<string, string>;
  body: any;
  headers: IncomingHttpHeaders;
  status: number;
  at: number;
  /** File parts of a multipart request. */
  files: UploadedPart[];
}

export interface UploadedPart {
  field: string;
  name: string;
  contentType: string;
  data: Buffer;
}

/** Files of the request a message body came from (a symbol: never serialised into answers). */
const FILES = Symbol('files');

/** Read a multipart/form-data body with the platform's own parser (undici's Response.formData). */
async function readMultipart(data: Buffer, contentType: string): Promise<{ body: any; files: UploadedPart[] }> {
  const form = await new Response(new Uint8Array(data), { headers: { 'content-type': contentType } }).formData();
  let body: any;
  const files: UploadedPart[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value);
      continue;
    }
    files.push({ field, name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
  }
  return { body, files };
}

export interface GatewayFrame {
  op: number;
  d: any;
  at: number;
}

export interface FailRule {
  method?: string;
  path: RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  times?: number;
  /** For 429: seconds in `retry-after` and `retry_after`. Default 0.05. */
  retryAfterSeconds?: number;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  author: Record<string, unknown>;
  timestamp: string;
  nonce?: string | number;
  flags: number;
  [k: string]: unknown;
}

type OptionInput = string | number | boolean | { value: string | number | boolean; type: number };

interface Waiter<T> {
  pred: (x: T) => boolean;
  resolve: (x: T) => void;
}

export interface FakeDiscordOptions {
  heartbeatIntervalMs?: number;
}

export class FakeDiscord {
  readonly appId: string;
  readonly botUser: { id: string; username: string; discriminator: string; global_name: string | null; avatar: null; bot: true };
  readonly guild: { id: string; name: string; channels: any[]; roles: any[] };
  readonly textChannelId: string;
  readonly announcementChannelId: string;
  readonly everyoneRoleId: string;
  readonly adminRoleId: string;
  /** A role with ordinary member permissions (tests name it as the curator role). */
  readonly curatorRoleId: string;
  readonly requests: RecordedRequest[] = [];
  readonly gatewayFrames: GatewayFrame[] = [];
  readonly messages = new Map<string, FakeMessage[]>();
  readonly commands: { global: any[]; guilds: Map<string, any[]> } = { global: [], guilds: new Map() };
  identifies = 0;
  resumes = 0;

  #server: Server;
  #wss: WebSocketServer;
  #port = 0;
  #heartbeat: number;
  #seq = 0;
  #sessionId = randomUUID().replace(/-/g, '');
  #sockets = new Set<WebSocket>();
  #identified = new Set<WebSocket>();
  #counter = 0n;
  #rules: (FailRule & { left: number })[] = [];
  #reqWaiters: Waiter<RecordedRequest>[] = [];
  #frameWaiters: Waiter<GatewayFrame>[] = [];
  #originals = new Map<string, FakeMessage>();
  #followups = new Map<string, FakeMessage>();
  #callbacks = new Map<string, any[]>();

  private constructor(opts: FakeDiscordOptions) {
    this.#heartbeat = opts.heartbeatIntervalMs ?? 1000;
    this.appId = this.snowflake();
    this.botUser = { id: this.snowflake(), username: 'nissan-honda-test', discriminator: '0', global_name: null, avatar: null, bot: true };
    const guildId = this.snowflake();
    this.everyoneRoleId = guildId;
    this.adminRoleId = this.snowflake();
    this.curatorRoleId = this.snowflake();
    this.textChannelId = this.snowflake();
    this.announcementChannelId = this.snowflake();
    const role = (id: string, name: string, permissions: string, position: number) => ({
      id, name, permissions, position, color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false, managed: false, mentionable: false, icon: null, unicode_emoji: null, flags: 0,
    });
    const channel = (id: string, name: string, type: number, position: number) => ({
      id, type, guild_id: guildId, name, position, permission_overwrites: [], nsfw: false, parent_id: null,
      topic: null, last_message_id: null, rate_limit_per_user: 0, flags: 0,
    });
    this.guild = {
      id: guildId,
      name: 'Fake Test Server',
      channels: [channel(this.textChannelId, 'general', 0, 0), channel(this.announcementChannelId, 'announcements', 5, 1)],
      roles: [role(guildId, '@everyone', PERMISSIONS.member, 0), role(this.adminRoleId, 'Admin', PERMISSIONS.administrator, 1), role(this.curatorRoleId, 'Curator', PERMISSIONS.member, 2)],
    };
    this.#server = createServer((req, res) => void this.#onHttp(req, res));
    this.#wss = new WebSocketServer({ server: this.#server, path: '/gateway' });
    this.#wss.on('connection', (ws) => this.#onSocket(ws));
  }

  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(opts);
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    fake.#port = (fake.#server.address() as AddressInfo).port;
    return fake;
  }

  get port(): number {
    return this.#port;
  }
  /** Pass as discord.js `rest: { api }` or `new REST({ api })`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}/gateway`;
  }
  /** Sockets currently open / identified. */
  get connections(): number {
    return this.#identified.size;
  }

  snowflake(): string {
    this.#counter++;
    return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (this.#counter & 0xfffn));
  }

  async close(): Promise<void> {
    for (const ws of this.#sockets) ws.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // ── waiting ──────────────────────────────────────────────────────────────────────────────────

  /** The next request matching pred. Register before triggering. */
  waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs = 2000): Promise<RecordedRequest> {
    return this.#wait(this.#reqWaiters, pred, timeoutMs, 'request');
  }

  /** The next gateway frame (from the client) matching pred. */
  waitForGateway(pred: (f: GatewayFrame) => boolean, timeoutMs = 2000): Promise<GatewayFrame> {
    return this.#wait(this.#frameWaiters, pred, timeoutMs, 'gateway frame');
  }

  #wait<T>(list: Waiter<T>[], pred: (x: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        pred,
        resolve: (x) => {
          clearTimeout(timer);
          resolve(x);
        },
      };
      const timer = setTimeout(() => {
        const i = list.indexOf(waiter);
        if (i >= 0) list.splice(i, 1);
        reject(new Error(`fake Discord: no matching ${what} within ${timeoutMs} ms (pred: ${pred.toString().slice(0, 200)})`));
      }, timeoutMs);
      list.push(waiter);
    });
  }

  #notify<T>(list: Waiter<T>[], x: T): void {
    for (const w of [...list]) {
      let hit = false;
      try {
        hit = w.pred(x);
      } catch {
        hit = false;
      }
      if (hit) {
        list.splice(list.indexOf(w), 1);
        w.resolve(x);
      }
    }
  }

  /** Interaction callback bodies received for an interaction id, in order. */
  callbacks(interactionId: string): any[] {
    return this.#callbacks.get(interactionId) ?? [];
  }

  // ── fault injection and world changes ──────────────────────────────────────────────────────

  failNext(rule: FailRule): void {
    this.#rules.push({ ...rule, left: rule.times ?? 1 });
  }

  addChannel(channel: { id: string; name?: string; type?: number }): void {
    this.guild.channels.push({ guild_id: this.guild.id, name: 'channel', type: 0, position: this.guild.channels.length, permission_overwrites: [], ...channel });
  }

  removeChannel(id: string): void {
    const i = this.guild.channels.findIndex((c) => c.id === id);
    if (i >= 0) this.guild.channels.splice(i, 1);
  }

  // ── gateway ─────────────────────────────────────────────────────────────────────────────────

  #send(ws: WebSocket, payload: unknown): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
  }

  #onSocket(ws: WebSocket): void {
    this.#sockets.add(ws);
    ws.on('close', () => {
      this.#sockets.delete(ws);
      this.#identified.delete(ws);
    });
    ws.on('error', () => undefined);
    ws.on('message', (raw) => {
      let frame: { op: number; d: any };
      try {
        frame = JSON.parse(String(raw));
      } catch {
        ws.close(4002, 'Error while decoding payload.');
        return;
      }
      const rec: GatewayFrame = { op: frame.op, d: frame.d, at: Date.now() };
      this.gatewayFrames.push(rec);
      this.#notify(this.#frameWaiters, rec);
      switch (frame.op) {
        case 1:
          this.#send(ws, { op: 11 });
          break;
        case 2:
          this.identifies++;
          this.#identified.add(ws);
          this.#seq = 0;
          this.#sessionId = randomUUID().replace(/-/g, '');
          this.#send(ws, {
            op: 0,
            t: 'READY',
            s: ++this.#seq,
            d: {
              v: 10,
              user: { ...this.botUser, flags: 0, verified: true, mfa_enabled: false },
              guilds: [{ id: this.guild.id, unavailable: true }],
              session_id: this.#sessionId,
              resume_gateway_url: this.gatewayUrl,
              shard: [0, 1],
              application: { id: this.appId, flags: 0 },
              user_settings: {},
              private_channels: [],
              presences: [],
              relationships: [],
              guild_join_requests: [],
              geo_ordered_rtc_regions: [],
              auth: {},
            },
          });
          this.#send(ws, { op: 0, t: 'GUILD_CREATE', s: ++this.#seq, d: this.#guildCreate() });
          break;
        case 6:
          this.resumes++;
          this.#identified.add(ws);
          this.#send(ws, { op: 0, t: 'RESUMED', s: ++this.#seq, d: {} });
          break;
        default:
          break;
      }
    });
    this.#send(ws, { op: 10, d: { heartbeat_interval: this.#heartbeat } });
  }

  #guildCreate(): Record<string, unknown> {
    return {
      id: this.guild.id,
      name: this.guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: this.snowflake(),
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: this.guild.roles,
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      members: [],
      channels: this.guild.channels,
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      lazy: true,
    };
  }

  /** Send a dispatch event (op 0) to every identified gateway connection. */
  dispatch(type: string, data: unknown): void {
    const s = ++this.#seq;
    for (const ws of this.#identified) this.#send(ws, { op: 0, t: type, s, d: data });
  }

  /** Close every gateway socket with a resumable close code (default 4000 Unknown error). */
  dropConnection(code = 4000): void {
    for (const ws of this.#sockets) ws.close(code, 'fake Discord dropped the connection');
  }

  // ── interactions ────────────────────────────────────────────────────────────────────────────

  #member(permissions: string, userId?: string, roles?: string[]): Record<string, unknown> {
    const id = userId ?? '900000000000000001';
    return {
      user: { id, username: `member${id.slice(-3)}`, discriminator: '0', global_name: 'Test Member', avatar: null, public_flags: 0 },
      roles: roles ?? (permissions === PERMISSIONS.administrator ? [this.adminRoleId] : []),
      premium_since: null,
      permissions,
      pending: false,
      nick: null,
      mute: false,
      deaf: false,
      joined_at: '2025-01-01T00:00:00.000Z',
      flags: 0,
      avatar: null,
      communication_disabled_until: null,
    };
  }

  #base(type: number, data: unknown, opts: { permissions?: string; userId?: string; channelId?: string; message?: unknown; roles?: string[]; locale?: string }): Record<string, any> {
    const id = this.snowflake();
    const token = `itoken-${id}-${randomUUID()}`;
    const channelId = opts.channelId ?? this.textChannelId;
    const channel = this.guild.channels.find((c) => c.id === channelId) ?? { id: channelId, type: 0, guild_id: this.guild.id, name: 'unknown' };
    return {
      id,
      application_id: this.appId,
      type,
      token,
      version: 1,
      data,
      guild_id: this.guild.id,
      guild: { id: this.guild.id, locale: 'en-US', features: [] },
      guild_locale: 'en-US',
      channel_id: channelId,
      channel: { ...channel },
      member: this.#member(opts.permissions ?? PERMISSIONS.member, opts.userId, opts.roles),
      app_permissions: PERMISSIONS.administrator,
      locale: opts.locale ?? 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': this.guild.id },
      context: 0,
      attachment_size_limit: 10485760,
      ...(opts.message ? { message: opts.message } : {}),
    };
  }

  #typedOptions(options: Record<string, OptionInput>, focused?: string): any[] {
    return Object.entries(options).map(([name, v]) => {
      const { value, type } =
        typeof v === 'object' ? v : { value: v, type: typeof v === 'boolean' ? 5 : typeof v === 'number' && Number.isInteger(v) ? 4 : typeof v === 'number' ? 10 : 3 };
      return { name, type, value, ...(focused === name ? { focused: true } : {}) };
    });
  }

  #commandData(opts: { name: string; group?: string; options?: Record<string, OptionInput>; commandName?: string; focused?: string }): any {
    const sub = { type: 1, name: opts.name, options: this.#typedOptions(opts.options ?? {}, opts.focused) };
    const top = opts.group ? [{ type: 2, name: opts.group, options: [sub] }] : [sub];
    const cmd = this.commands.global.find((c) => c.name === (opts.commandName ?? 'nissan-honda'));
    // As Discord does: every channel option's channel, resolved (with its guild_id), beside the options.
    const channels = Object.fromEntries(
      sub.options
        .filter((o: { type: number; value: unknown }) => o.type === 7 && typeof o.value === 'string')
        .map((o: { value: string }) => {
          const known = this.guild.channels.find((c) => c.id === o.value);
          return [o.value, { id: o.value, type: known?.type ?? 0, name: known?.name ?? 'channel', guild_id: known?.guild_id ?? this.guild.id, permissions: PERMISSIONS.administrator }];
        }),
    );
    return {
      id: cmd?.id ?? '1300000000000000001',
      name: opts.commandName ?? 'nissan-honda',
      type: 1,
      options: top,
      ...(Object.keys(channels).length ? { resolved: { channels } } : {}),
    };
  }

  /** An APPLICATION_COMMAND (type 2) interaction for `/<commandName> [group] name options…`. */
  slashCommand(opts: {
    name: string;
    group?: string;
    options?: Record<string, OptionInput>;
    commandName?: string;
    permissions?: string;
    userId?: string;
    channelId?: string;
    roles?: string[];
    /** The user's client language (default en-US). */
    locale?: string;
  }): Record<string, any> {
    return this.#base(2, this.#commandData(opts), opts);
  }

  /** An APPLICATION_COMMAND_AUTOCOMPLETE (type 4) interaction with `focused` marked. */
  autocomplete(opts: {
    name: string;
    group?: string;
    options: Record<string, OptionInput>;
    focused: string;
    commandName?: string;
    permissions?: string;
    userId?: string;
    roles?: string[];
    locale?: string;
  }): Record<string, any> {
    return this.#base(4, this.#commandData(opts), opts);
  }

  /**
   * A MODAL_SUBMIT (type 5) interaction as Discord sends it: each field in a Label (18) — a text input's value, or a
   * string select's picked values (pass an array).
   */
  modalSubmit(opts: { customId: string; values: Record<string, string | string[]>; permissions?: string; userId?: string; roles?: string[] }): Record<string, any> {
    const components = Object.entries(opts.values).map(([custom_id, value]) => ({
      type: 18,
      component: Array.isArray(value) ? { type: 3, custom_id, values: value } : { type: 4, custom_id, value },
    }));
    return this.#base(5, { custom_id: opts.customId, components }, opts);
  }

  /** A MESSAGE_COMPONENT (type 3) button click on a message sent by the bot. */
  buttonClick(opts: { customId: string; message?: Record<string, unknown>; permissions?: string; userId?: string; channelId?: string; roles?: string[] }): Record<string, any> {
    const channelId = opts.channelId ?? this.textChannelId;
    const message = {
      id: this.snowflake(),
      channel_id: channelId,
      type: 20,
      content: '',
      author: { ...this.botUser },
      embeds: [],
      components: [{ type: 1, components: [{ type: 2, style: 2, label: 'button', custom_id: opts.customId }] }],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: 0,
      application_id: this.appId,
      ...opts.message,
    };
    return this.#base(3, { custom_id: opts.customId, component_type: 2 }, { ...opts, message });
  }

  /** Dispatch INTERACTION_CREATE with this payload; returns it for chaining. */
  sendInteraction<T>(payload: T): T {
    this.dispatch('INTERACTION_CREATE', payload);
    return payload;
  }

  /** Dispatch an interaction and resolve with the body of the bot's callback to it. */
  async interact(payload: Record<string, any>, timeoutMs = 3000): Promise<any> {
    const wait = this.waitFor((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${payload.id}/`), timeoutMs);
    this.sendInteraction(payload);
    return (await wait).body;
  }

  // ── REST ────────────────────────────────────────────────────────────────────────────────────

  async #onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const data = Buffer.concat(chunks);
    const text = data.toString('utf8');
    let body: any = text;
    let files: UploadedPart[] = [];
    const contentType = String(req.headers['content-type'] ?? '');
    if (contentType.startsWith('multipart/form-data')) {
      try {
        ({ body, files } = await readMultipart(data, contentType));
        for (const target of [body, body?.data]) if (target && typeof target === 'object') target[FILES] = files;
      } catch {
        body = text;
      }
    } else if (text && contentType.includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    } else if (!text) body = undefined;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let rawPath: string;
    try {
      rawPath = decodeURIComponent(url.pathname);
    } catch {
      rawPath = url.pathname;
    }
    const path = rawPath.replace(/^\/api(\/v\d+)?/, '') || '/';
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      rawPath,
      query: Object.fromEntries(url.searchParams),
      body,
      headers: req.headers,
      status: 0,
      at: Date.now(),
      files,
    };
    const reply = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      rec.status = status;
      this.requests.push(rec);
      const payload = json === undefined ? '' : JSON.stringify(json);
      res.writeHead(status, { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      res.end(payload);
      this.#notify(this.#reqWaiters, rec);
    };

    const rule = this.#rules.find((r) => (!r.method || r.method.toUpperCase() === rec.method) && r.path.test(path));
    if (rule) {
      rule.left--;
      if (rule.left <= 0) this.#rules.splice(this.#rules.indexOf(rule), 1);
      const { body: b, headers: h } = this.#faultDefaults(rule);
      return reply(rule.status, b, h);
    }

    try {
      const out = this.#route(rec);
      return reply(out.status, out.body, out.headers);
    } catch (err) {
      return reply(500, { code: 0, message: `fake Discord error: ${(err as Error).message}` });
    }
  }

  #faultDefaults(rule: FailRule): { body: unknown; headers: Record<string, string> } {
    const headers: Record<string, string> = { ...(rule.headers ?? {}) };
    let body = rule.body;
    switch (rule.status) {
      case 429: {
        const after = rule.retryAfterSeconds ?? 0.05;
        headers['retry-after'] ??= String(after);
        headers['x-ratelimit-scope'] ??= 'user';
        body ??= { message: 'You are being rate limited.', retry_after: after, global: false };
        break;
      }
      case 403:
        body ??= { code: 50001, message: 'Missing Access' };
        break;
      case 404:
        body ??= { code: 10003, message: 'Unknown Channel' };
        break;
      default:
        body ??= { code: 0, message: `${rule.status}: Internal Server Error` };
    }
    return { body, headers };
  }

  #message(channelId: string, body: any, extra: Partial<FakeMessage> = {}): FakeMessage {
    return {
      id: this.snowflake(),
      channel_id: channelId,
      type: 0,
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      attachments: ((body?.[FILES] ?? []) as UploadedPart[]).map((f, i) => ({
        id: this.snowflake(),
        filename: f.name,
        size: f.data.length,
        content_type: f.contentType,
        description: body?.attachments?.[i]?.description,
        url: `http://127.0.0.1/attachments/${f.name}`,
      })),
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      author: { ...this.botUser },
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: body?.flags ?? 0,
      ...(body?.nonce !== undefined ? { nonce: body.nonce } : {}),
      ...extra,
    };
  }

  #route(r: RecordedRequest): { status: number; body?: unknown; headers?: Record<string, string> } {
    const m = (re: RegExp) => re.exec(r.path);
    const is = (method: string) => r.method === method;
    let g: RegExpExecArray | null;

    if (is('GET') && r.path === '/gateway/bot') {
      return {
        status: 200,
        body: { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } },
      };
    }
    if (is('GET') && r.path === '/gateway') return { status: 200, body: { url: this.gatewayUrl } };
    if (is('GET') && r.path === '/users/@me') return { status: 200, body: { ...this.botUser, flags: 0 } };
    if (is('GET') && (r.path === '/applications/@me' || r.path === '/oauth2/applications/@me')) {
      return { status: 200, body: { id: this.appId, name: 'nissan-honda-test', description: '', flags: 0, bot_public: true, bot_require_code_grant: false, owner: null, icon: null } };
    }

    if (is('POST') && (g = m(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      const [, id] = g;
      const list = this.#callbacks.get(id) ?? [];
      if (list.length) return { status: 400, body: { code: 40060, message: 'Interaction has already been acknowledged.' } };
      list.push(r.body);
      this.#callbacks.set(id, list);
      const type = r.body?.type;
      let message: FakeMessage | undefined;
      if (type === 4 || type === 5 || type === 7) {
        message = this.#message(this.textChannelId, type === 5 ? { flags: r.body?.data?.flags } : r.body?.data, {
          interaction_metadata: { id, type: 2 },
        });
        this.#originals.set(g[2], message);
      }
      if (r.query.with_response === 'true') {
        return {
          status: 200,
          body: {
            interaction: { id, type: 2, activity_instance_id: null, response_message_id: message?.id ?? null, response_message_loading: type === 5, response_message_ephemeral: ((r.body?.data?.flags ?? 0) & 64) !== 0 },
            resource: message ? { type, message } : { type },
          },
        };
      }
      return { status: 204 };
    }

    if ((g = m(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/))) {
      const token = g[2];
      const original = this.#originals.get(token);
      if (is('GET')) return original ? { status: 200, body: original } : { status: 404, body: { code: 10008, message: 'Unknown Message' } };
      if (is('DELETE')) {
        this.#originals.delete(token);
        return { status: 204 };
      }
      if (is('PATCH')) {
        const base = original ?? this.#message(this.textChannelId, {});
        const next = { ...base, ...this.#message(base.channel_id, r.body, { id: base.id }), edited_timestamp: new Date().toISOString() };
        if (r.body?.content === undefined) next.content = base.content;
        if (r.body?.embeds === undefined) next.embeds = base.embeds;
        if (r.body?.components === undefined) next.components = base.components;
        this.#originals.set(token, next);
        return { status: 200, body: next };
      }
    }
    if ((g = m(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/(\d+)$/))) {
      const msg = this.#followups.get(g[3]);
      if (!msg) return { status: 404, body: { code: 10008, message: 'Unknown Message' } };
      if (is('GET')) return { status: 200, body: msg };
      if (is('PATCH')) {
        const next = { ...msg, ...this.#message(msg.channel_id, r.body, { id: msg.id }) };
        this.#followups.set(msg.id, next);
        return { status: 200, body: next };
      }
      if (is('DELETE')) {
        this.#followups.delete(msg.id);
        return { status: 204 };
      }
    }
    if (is('POST') && (g = m(/^\/webhooks\/(\d+)\/([^/]+)$/))) {
      const msg = this.#message(this.textChannelId, r.body, { webhook_id: g[1] });
      this.#followups.set(msg.id, msg);
      return { status: 200, body: msg };
    }

    if ((g = m(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      const [, appId, guildId] = g;
      if (is('PUT')) {
        const list = (Array.isArray(r.body) ? r.body : []).map((c: any) => ({
          ...c,
          id: this.snowflake(),
          application_id: appId,
          version: this.snowflake(),
          default_member_permissions: c.default_member_permissions ?? null,
          type: c.type ?? 1,
          ...(guildId ? { guild_id: guildId } : {}),
        }));
        if (guildId) this.commands.guilds.set(guildId, list);
        else this.commands.global = list;
        return { status: 200, body: list };
      }
      if (is('GET')) return { status: 200, body: guildId ? (this.commands.guilds.get(guildId) ?? []) : this.commands.global };
    }

    if ((g = m(/^\/channels\/(\d+)$/)) && is('GET')) {
      const ch = this.guild.channels.find((c) => c.id === g![1]);
      return ch ? { status: 200, body: ch } : { status: 404, body: { code: 10003, message: 'Unknown Channel' } };
    }
    if ((g = m(/^\/channels\/(\d+)\/messages$/)) && is('POST')) {
      const channelId = g[1];
      if (!this.guild.channels.some((c) => c.id === channelId)) return { status: 404, body: { code: 10003, message: 'Unknown Channel' } };
      const list = this.messages.get(channelId) ?? [];
      const nonce = r.body?.nonce;
      if (nonce !== undefined && r.body?.enforce_nonce === true) {
        const fiveMinutes = 5 * 60_000;
        const same = list.find((x) => x.nonce !== undefined && String(x.nonce) === String(nonce) && Date.now() - Date.parse(x.timestamp) < fiveMinutes);
        if (same) return { status: 200, body: same };
      }
      const msg = this.#message(channelId, r.body);
      list.push(msg);
      this.messages.set(channelId, list);
      return { status: 200, body: msg };
    }

    return { status: 404, body: { code: 0, message: '404: Not Found' } };
  }
}
