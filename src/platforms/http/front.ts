/**
 * The one HTTP front every route sits behind (Discord's `/interactions`, Slack's `/slack/events`, `/healthz`),
 * so an attacker finds the same guards on each: a body cap counted before anything reads the body, header and
 * request timeouts, a total connection cap that evicts connections which never sent a request, 404 with a short
 * WARN for unknown paths, 405 for wrong methods. A route gets the raw body only after the cap; it verifies the
 * signature itself before parsing (see discord/route.ts and slack/route.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { log } from '../../logger.js';

/** Largest request body accepted on any route (Discord's and Slack's payloads are a few KiB). */
export const MAX_BODY_BYTES = 64 * 1024;
/** Default total of open connections; beyond it, connections that never sent a request are closed first. */
export const DEFAULT_MAX_CONNECTIONS = 1000;

export type HttpReply = { status: number; body?: unknown; headers?: Record<string, string> };
export type Rejection = { status: number; reason: string; headers?: Record<string, string> };

/** A refusal the front answers with `status` and logs at WARN with `reason`. */
export class Rejected extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.reason);
  }
}

/** One HTTP exchange: when the request arrived, and a promise settled once the response has been written. */
export interface Exchange {
  receivedAt: number;
  sent: Promise<void>;
  req: IncomingMessage;
  res: ServerResponse;
}

export interface Route {
  path: string;
  methods: readonly string[];
  /** Called with the body (≤ MAX_BODY_BYTES) once read. Returns the answer, or undefined when it wrote `ex.res` itself. */
  handle(body: Buffer, ex: Exchange): Promise<HttpReply | undefined>;
}

export interface HealthReport {
  ok: boolean;
  checks: Record<string, boolean | string>;
}

export interface FrontOptions {
  port: number;
  /** Default 127.0.0.1; use 0.0.0.0 behind a load balancer. */
  host?: string;
  routes: Route[];
  /** Readiness for `GET /healthz` (200 when ok, else 503 with the checks). */
  health: () => HealthReport;
  /** Total open connections (HTTP_MAX_CONNECTIONS). */
  maxConnections?: number;
  /** Header and whole-request deadline (ms). Default 10 s. */
  requestTimeoutMs?: number;
}

export interface HttpFront {
  server: Server;
  port: number;
  /** Stop accepting, close idle connections; `drain` (deferred work) is awaited up to 10 s, then every connection closes. */
  stop(drain?: () => Promise<void>): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
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
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
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

/** Keeps the number of open sockets at `max`: a new one first evicts the oldest that has not sent a request yet. */
function capConnections(server: Server, max: number): void {
  const waiting = new Set<Socket>(); // connected, no request dispatched yet (idle keep-alive or slow headers)
  let open = 0;
  server.on('connection', (socket: Socket) => {
    open++;
    socket.once('close', () => {
      open--;
      waiting.delete(socket);
    });
    if (open > max) {
      const oldest = waiting.values().next().value as Socket | undefined;
      if (oldest) {
        waiting.delete(oldest);
        oldest.destroy();
      } else {
        socket.destroy();
        return;
      }
    }
    waiting.add(socket);
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    waiting.delete(socket);
    // Back to waiting once answered (a kept-alive connection idles until its next request).
    res.once('finish', () => {
      if (!socket.destroyed) waiting.add(socket);
    });
  });
}

export async function startHttpFront(opts: FrontOptions): Promise<HttpFront> {
  const routes = new Map(opts.routes.map((r) => [r.path, r]));
  const timeout = opts.requestTimeoutMs ?? 10_000;

  const route = async (ex: Exchange, path: string): Promise<HttpReply | undefined> => {
    const { req } = ex;
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new Rejected({ status: 405, reason: `method ${req.method} not allowed`, headers: { allow: 'GET, HEAD' } });
      let report: HealthReport;
      try {
        report = opts.health();
      } catch (err) {
        report = { ok: false, checks: { health: `check failed: ${(err as Error).message}` } };
      }
      return { status: report.ok ? 200 : 503, body: report };
    }
    const target = routes.get(path);
    if (!target) throw new Rejected({ status: 404, reason: 'no such path' });
    if (!target.methods.includes(req.method ?? '')) {
      throw new Rejected({ status: 405, reason: `method ${String(req.method).slice(0, 10)} not allowed`, headers: { allow: target.methods.join(', ') } });
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    return target.handle(body, ex);
  };

  const server = createServer({ requestTimeout: timeout, headersTimeout: timeout, connectionsCheckingInterval: Math.min(30_000, Math.max(250, timeout / 4)) }, (req, res) => {
    const path = pathOf(req.url);
    const ex: Exchange = { receivedAt: performance.now(), sent: new Promise<void>((resolve) => res.once('close', () => resolve())), req, res };
    route(ex, path)
      .then((answer) => {
        if (answer) sendJson(res, answer.status, req.method === 'HEAD' ? undefined : answer.body, answer.headers);
      })
      .catch((err: unknown) => {
        if (err instanceof Rejected) {
          const { status, reason, headers } = err.rejection;
          log.warn('http: request rejected', { status, reason, method: String(req.method).slice(0, 10), path: path.slice(0, 100), from: req.socket.remoteAddress });
          sendJson(res, status, { error: reason }, headers);
          return;
        }
        log.error('http: request failed', { method: req.method, path: path.slice(0, 100), error: (err as Error)?.stack ?? String(err) });
        sendJson(res, 500, { error: 'internal error' });
      });
  });
  capConnections(server, opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // A header or request deadline passed: 408, as Bolt's own server answers; anything else is malformed.
    const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    log.warn('http: request rejected', { status: timedOut ? 408 : 400, reason: timedOut ? 'request timed out' : `malformed HTTP request (${err.code ?? err.message})` });
    if (socket.writable) socket.end(`HTTP/1.1 ${timedOut ? '408 Request Timeout' : '400 Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
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
  server.on('error', (err) => log.error('http: server error', { error: err.message }));
  const port = (server.address() as AddressInfo).port;
  log.info('http: listening', { host, port, paths: ['/healthz', ...routes.keys()].join(' ') });

  return {
    server,
    port,
    async stop(drain) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (drain) {
        const grace = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
        await Promise.race([drain(), grace]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
