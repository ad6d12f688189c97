/**
 * A fake Slack on 127.0.0.1 for tests: the Web API methods the bot uses (`auth.test`,
 * `chat.postMessage`, `users.info`, `conversations.history`, `views.open`, `views.update`) under `/api/`, and `response_url`
 * endpoints under `/response/<id>` that record what `respond()` posts.
 *
 * File uploads (files.uploadV2's three steps): `files.getUploadURLExternal` hands out an upload url
 * under `/upload/<file id>`, the bytes are POSTed there, and `files.completeUploadExternal` shares the
 * file into `channel_id` (`not_in_channel` for channels listed in `botNotIn`). `uploaded` holds the
 * completed files with their bytes.
 *
 * Fault injection: `fail(method, n, fault)` makes the next n calls of a method (or of a response
 * url, with method `response`) answer `{ ok:false, error }`, an HTTP status, HTTP 429 with
 * `Retry-After`, or (chat.postMessage) post and then drop the connection before answering.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { error: string }
  | { status: 429; retryAfter: number }
  | { status: number; body?: string }
  /** chat.postMessage: the message is posted, then the connection drops before the answer (a lost reply). */
  | { dropAfterPost: true };

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  token?: string;
  at: number;
  /** What the fake answered: 'ok', an error code, or 'HTTP <status>'. */
  outcome: string;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  params: Record<string, unknown>;
}

export interface ResponsePost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface UploadedFile {
  id: string;
  filename: string;
  /** Length announced in getUploadURLExternal. */
  length: number;
  alt?: string;
  bytes?: Buffer;
  /** Set by completeUploadExternal. */
  channel?: string;
  title?: string;
  initialComment?: string;
  threadTs?: string;
}

export interface FakeUser {
  id: string;
  name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
}

export class FakeSlack {
  server: Server | undefined;
  port = 0;
  readonly calls: ApiCall[] = [];
  readonly messages = new Map<string, PostedMessage[]>();
  readonly responses: ResponsePost[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly team = { id: 'T0TEST', name: 'Test Workspace' };
  readonly bot = { user_id: 'U0BOT', bot_id: 'B0BOT' };
  /** Files by id: announced, uploaded, then completed into a channel. */
  readonly files = new Map<string, UploadedFile>();
  /** Channels the bot is not a member of: completeUploadExternal answers `not_in_channel`. */
  readonly botNotIn = new Set<string>();
  #fileSeq = 0;
  #faults = new Map<string, Fault[]>();
  /** Message timestamps as Slack writes them (`<unix seconds>.<sequence>`), unique and increasing. */
  #seq = 0;
  #waiters: (() => void)[] = [];

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${encodeURIComponent(id)}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.#handle(req, res).catch((err) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** The next n calls of `method` (a Web API method, or 'response' for response urls) get `fault`. */
  fail(method: string, n: number, fault: Fault): void {
    const list = this.#faults.get(method) ?? [];
    for (let i = 0; i < n; i++) list.push(fault);
    this.#faults.set(method, list);
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  posted(channel: string): PostedMessage[] {
    return this.messages.get(channel) ?? [];
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responsesTo(id: string): ResponsePost[] {
    return this.responses.filter((r) => r.id === id);
  }

  /** Resolve when `check()` holds, re-checking after every request (or fail after timeoutMs). */
  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v) return v;
      if (Date.now() > deadline) throw new Error('fake slack: timed out waiting');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  #notify(): void {
    const w = this.#waiters.splice(0);
    for (const f of w) f();
  }

  /** Files completed into a channel (all channels when none is given). */
  uploaded(channel?: string): UploadedFile[] {
    return [...this.files.values()].filter((f) => f.channel !== undefined && (channel === undefined || f.channel === channel));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    const raw = bytes.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (url.pathname.startsWith('/upload/')) return await this.#upload(decodeURIComponent(url.pathname.slice('/upload/'.length)), bytes, req, res);
      if (url.pathname.startsWith('/response/')) return this.#response(decodeURIComponent(url.pathname.slice('/response/'.length)), raw, res);
      if (url.pathname.startsWith('/api/')) return this.#api(url.pathname.slice('/api/'.length), raw, req, res);
      res.writeHead(404).end();
    } finally {
      this.#notify();
    }
  }

  #takeFault(method: string): Fault | undefined {
    const list = this.#faults.get(method);
    return list?.length ? list.shift() : undefined;
  }

  async #upload(id: string, bytes: Buffer, req: IncomingMessage, res: ServerResponse): Promise<void> {
    // upload urls are pre-signed: no token needed, only a file id handed out before
    const file = this.files.get(id);
    if (!file || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such upload');
      return;
    }
    const type = String(req.headers['content-type'] ?? '');
    if (type.startsWith('multipart/form-data')) {
      // the Web API client posts the bytes as a form's one file part (read with undici's parser)
      const form = await new Response(new Uint8Array(bytes), { headers: { 'content-type': type } }).formData();
      const part = [...form.values()].find((v): v is File => typeof v !== 'string');
      file.bytes = part ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    } else file.bytes = bytes;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
  }

  #response(id: string, raw: string, res: ServerResponse): void {
    const fault = this.#takeFault('response');
    if (fault && 'status' in fault) {
      res.writeHead(fault.status, 'retryAfter' in fault ? { 'retry-after': String(fault.retryAfter) } : {});
      res.end('fault');
      return;
    }
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      body = { raw };
    }
    this.responses.push({ id, body, at: Date.now() });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }

  #api(method: string, raw: string, req: IncomingMessage, res: ServerResponse): void {
    const params = parseParams(raw, req.headers['content-type'] ?? '');
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (params.token as string | undefined);
    const call: ApiCall = { method, params, token, at: Date.now(), outcome: 'ok' };
    this.calls.push(call);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const fault = this.#takeFault(method);
    let drop = false;
    if (fault && 'dropAfterPost' in fault) {
      drop = true;
      call.outcome = 'dropped';
    } else if (fault) {
      if ('error' in fault) {
        call.outcome = fault.error;
        return json(200, { ok: false, error: fault.error });
      }
      call.outcome = `HTTP ${fault.status}`;
      if ('retryAfter' in fault) return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) });
      res.writeHead(fault.status, { 'content-type': 'text/plain' }).end((fault as { body?: string }).body ?? 'fault');
      return;
    }
    if (!token) {
      call.outcome = 'not_authed';
      return json(200, { ok: false, error: 'not_authed' });
    }
    if (drop && method !== 'chat.postMessage') {
      res.socket?.destroy();
      return;
    }
    switch (method) {
      case 'auth.test':
        return json(200, { ok: true, url: 'https://test.slack.example/', team: this.team.name, user: 'nissan-honda', team_id: this.team.id, user_id: this.bot.user_id, bot_id: this.bot.bot_id });
      case 'chat.postMessage': {
        const channel = String(params.channel ?? '');
        if (!channel) {
          call.outcome = 'channel_not_found';
          return json(200, { ok: false, error: 'channel_not_found' });
        }
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.#seq).padStart(6, '0')}`;
        const msg: PostedMessage = {
          channel,
          ts,
          text: params.text as string | undefined,
          blocks: params.blocks as unknown[] | undefined,
          metadata: params.metadata as PostedMessage['metadata'],
          params,
        };
        const list = this.messages.get(channel) ?? [];
        list.push(msg);
        this.messages.set(channel, list);
        if (drop) {
          res.socket?.destroy();
          return;
        }
        return json(200, { ok: true, channel, ts, message: { type: 'message', text: msg.text, ts, bot_id: this.bot.bot_id, ...(msg.metadata ? { metadata: msg.metadata } : {}) } });
      }
      case 'conversations.history': {
        const channel = String(params.channel ?? '');
        const limit = Number(params.limit ?? 100);
        const oldest = Number(params.oldest ?? 0);
        const withMeta = String(params.include_all_metadata ?? '') === 'true';
        const list = [...(this.messages.get(channel) ?? [])].filter((m) => Number(m.ts) > oldest).reverse().slice(0, limit);
        return json(200, {
          ok: true,
          messages: list.map((m) => ({ type: 'message', ts: m.ts, text: m.text, bot_id: this.bot.bot_id, ...(withMeta && m.metadata ? { metadata: m.metadata } : {}) })),
          has_more: false,
        });
      }
      case 'views.open': {
        if (!params.trigger_id) {
          call.outcome = 'invalid_arguments';
          return json(200, { ok: false, error: 'invalid_arguments' });
        }
        return json(200, { ok: true, view: { id: `V${++this.#seq}`, ...(params.view as Record<string, unknown>) } });
      }
      case 'views.update': {
        if (!params.view_id && !params.external_id) {
          call.outcome = 'invalid_arguments';
          return json(200, { ok: false, error: 'invalid_arguments' });
        }
        return json(200, { ok: true, view: { id: params.view_id ?? `V${++this.#seq}`, ...(params.view as Record<string, unknown>) } });
      }
      case 'users.info': {
        const u = this.users.get(String(params.user ?? ''));
        if (!u) {
          call.outcome = 'user_not_found';
          return json(200, { ok: false, error: 'user_not_found' });
        }
        return json(200, { ok: true, user: { name: u.id.toLowerCase(), team_id: this.team.id, is_admin: false, is_owner: false, is_primary_owner: false, ...u } });
      }
      case 'files.getUploadURLExternal': {
        const filename = String(params.filename ?? '');
        const length = Number(params.length ?? NaN);
        if (!filename || !Number.isInteger(length) || length <= 0) {
          call.outcome = 'invalid_arguments';
          return json(200, { ok: false, error: 'invalid_arguments' });
        }
        const id = `F0FILE${++this.#fileSeq}`;
        // Slack documents `alt_txt`; @slack/web-api sends `alt_text`: keep either
        const alt = params.alt_txt ?? params.alt_text;
        this.files.set(id, { id, filename, length, ...(alt ? { alt: String(alt) } : {}) });
        return json(200, { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: id });
      }
      case 'files.completeUploadExternal': {
        const list = (Array.isArray(params.files) ? params.files : []) as { id?: string; title?: string }[];
        const channel = params.channel_id === undefined ? undefined : String(params.channel_id);
        const found = list.map((f) => this.files.get(String(f.id)));
        if (!list.length || found.some((f) => !f?.bytes || f.bytes.length !== f.length)) {
          call.outcome = 'file_not_found';
          return json(200, { ok: false, error: 'file_not_found' });
        }
        if (channel && this.botNotIn.has(channel)) {
          call.outcome = 'not_in_channel';
          return json(200, { ok: false, error: 'not_in_channel' });
        }
        list.forEach((f, i) => {
          const file = found[i]!;
          file.title = f.title;
          if (channel) file.channel = channel;
          if (params.initial_comment) file.initialComment = String(params.initial_comment);
          if (params.thread_ts) file.threadTs = String(params.thread_ts);
        });
        return json(200, { ok: true, files: found.map((f) => ({ id: f!.id, title: f!.title, name: f!.filename })) });
      }
      default:
        call.outcome = 'unknown_method';
        return json(200, { ok: false, error: 'unknown_method' });
    }
  }
}

/** Web API bodies: form-encoded (JSON-valued fields such as blocks/metadata decoded) or JSON. */
function parseParams(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (k === 'blocks' || k === 'metadata' || k === 'attachments' || k === 'view' || k === 'files') {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // keep the raw string
      }
    }
    out[k] = v;
  }
  return out;
}
