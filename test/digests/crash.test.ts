/**
 * kill -9 mid-post: a child process (crash-child.ts) claims the occurrence and posts through a proxy to
 * the fake Discord; the proxy holds the request and the parent SIGKILLs the child. A fresh service on the
 * same SQLite file then completes the digest: exactly one message in the channel, in both cases —
 * the request never reached Discord, or Discord created the message but the answer never came back.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FakeDiscord } from '../fake-discord/server.js';
import { openDatabase } from '../../src/db/database.js';
import { createDigestService } from '../../src/digests/service.js';
import { createDiscordDigestSink } from '../../src/platforms/discord/digest-sink.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { fixtureEvent, logStore, tempDir } from './helpers.js';

type Mode = 'pass' | 'hold-before' | 'hold-after';

/** A pass-through proxy to the fake Discord that can swallow a POST (before) or forward it and never answer (after). */
class Proxy {
  mode: Mode = 'pass';
  held: (() => void) | undefined;
  #server: Server;
  #onHeld: (() => void)[] = [];
  url = '';
  constructor(private readonly target: string) {
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }
  async start(): Promise<this> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/api`;
    return this;
  }
  whenHeld(): Promise<void> {
    return new Promise((r) => this.#onHeld.push(r));
  }
  async #handle(req: IncomingMessage, res: import('node:http').ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const isPost = req.method === 'POST' && /\/channels\/\d+\/messages$/.test(req.url ?? '');
    if (isPost && this.mode === 'hold-before') return this.#hold();
    const upstream = await fetch(this.target.replace(/\/api$/, '') + req.url, {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)) as [string, string][]),
      body: ['GET', 'HEAD'].includes(req.method ?? 'GET') ? undefined : body,
    });
    if (isPost && this.mode === 'hold-after') return this.#hold();
    res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
    res.end(Buffer.from(await upstream.arrayBuffer()));
  }
  #hold() {
    for (const r of this.#onHeld.splice(0)) r();
  }
  async close() {
    this.#server.closeAllConnections();
    await new Promise<void>((r) => this.#server.close(() => r()));
  }
}

let fake: FakeDiscord;
let proxy: Proxy;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  proxy = await new Proxy(fake.apiUrl).start();
});
afterAll(async () => {
  await proxy.close();
  await fake.close();
});
beforeEach(() => {
  tmp = tempDir('crash-');
  proxy.mode = 'pass';
});
afterEach(() => tmp.cleanup());

function runChild(env: Record<string, string>): { child: ChildProcess; exited: Promise<NodeJS.Signals | number | null>; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'digests', 'crash-child.ts')], {
    cwd: process.cwd(),
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<NodeJS.Signals | number | null>((r) => child.on('exit', (code, signal) => r(signal ?? code)));
  return { child, exited, output: () => out };
}

async function scenario(mode: Exclude<Mode, 'pass'>) {
  const channel = fake.snowflake();
  fake.addChannel({ id: channel, name: 'crash' });
  const log = logStore(tmp.dir, 5);
  const dbPath = join(tmp.dir, 'var', 'bot.db');

  // Subscribe (parent, 07:00Z), then let the child run the 09:00 Berlin (08:00Z) digest.
  const setup = openDatabase(dbPath);
  const s0 = createDigestService({ db: setup, store: TimelineStore.open(log.path), sinks: [createDiscordDigestSink({ token: 't', api: fake.apiUrl })], catchupHours: 6, now: () => new Date('2025-03-10T07:00:00Z'), timers: false });
  const { subscription } = await s0.subscribe({ platform: 'discord', guildId: fake.guild.id, channelId: channel, frequency: 'daily', time: '09:00', timezone: 'Europe/Berlin' });
  setup.close();
  log.add(fixtureEvent(77, '2025-03-09')); // curated after subscribing: news for the channel

  proxy.mode = mode;
  const held = proxy.whenHeld();
  const run = runChild({ DIGEST_DB: dbPath, DIGEST_EVENTS: log.path, DIGEST_API: proxy.url, DIGEST_NOW: '2025-03-10T08:00:00Z' });
  await Promise.race([held, run.exited.then(() => Promise.reject(new Error(`child exited early:\n${run.output()}`)))]);
  run.child.kill('SIGKILL');
  expect(await run.exited).toBe('SIGKILL');
  expect(run.output()).not.toContain('finished');
  expect(fake.messages.get(channel)?.length ?? 0).toBe(mode === 'hold-after' ? 1 : 0);

  // What the killed process left behind: the occurrence recorded, pending, one attempt.
  proxy.mode = 'pass';
  const db = openDatabase(dbPath);
  const svc = createDigestService({ db, store: TimelineStore.open(log.path), sinks: [createDiscordDigestSink({ token: 't', api: proxy.url })], catchupHours: 6, now: () => new Date('2025-03-10T08:00:20Z') /* after the killed process's lease */, timers: false });
  expect((await svc.db.deliveries(subscription.id)).map((d) => [d.occurrence, d.status, d.attempts])).toEqual([['2025-03-10T08:00:00.000Z', 'pending', 1]]);
  await svc.start();
  await svc.stop();

  const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);
  const [d] = await svc.db.deliveries(subscription.id);
  db.close();
  return { channel, posts, delivery: d };
}

describe('GIVEN a process killed with SIGKILL in the middle of posting a digest', () => {
  it('WHEN the request had not reached Discord THEN a fresh service on the same file posts it exactly once', async () => {
    const { channel, posts, delivery } = await scenario('hold-before');
    expect(fake.messages.get(channel)).toHaveLength(1);
    expect(posts).toHaveLength(1);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2, messageId: fake.messages.get(channel)![0].id });
    expect(posts[0].body.embeds[0].title).toBe('Daily digest — 1 new event');
  });

  it('WHEN Discord had created the message but the answer never came back THEN the retry with the same nonce creates no second message', async () => {
    const { channel, posts, delivery } = await scenario('hold-after');
    expect(posts).toHaveLength(2); // the killed attempt and the retry…
    expect(posts[0].body.nonce).toBe(posts[1].body.nonce);
    expect(fake.messages.get(channel)).toHaveLength(1); // …one message
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2, messageId: fake.messages.get(channel)![0].id });
  });
});
