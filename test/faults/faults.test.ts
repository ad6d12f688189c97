/**
 * Faults, against the fake Discord on 127.0.0.1:
 *  - REST 429 (retry-after) and 500 on replies (deferred edits, callbacks) and on digests: retried by
 *    @discordjs/rest, never duplicated; 403/404 on digests: recorded, paused after 3 in a row;
 *  - the gateway connection dropped mid-session: the client resumes or reconnects and keeps answering;
 *  - data/events.json (a temp copy) corrupted while running: the last good log keeps serving;
 *  - the SQLite file locked or read-only at start: a clear error naming the path, nothing lost.
 * Digests here run in HTTP-interactions mode: commands arrive as signed requests, digests post via REST.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { FakeDiscord, PERMISSIONS, type RecordedRequest } from '../fake-discord/server.js';
import { startDiscordHttp, type DiscordHttpEndpoint } from '../../src/platforms/discord/http.js';
import { startDiscordGateway, type DiscordGateway } from '../../src/platforms/discord/gateway.js';
import { createDiscordDigestSink } from '../../src/platforms/discord/digest-sink.js';
import { createRegistry } from '../../commands/index.js';
import { digestCommands } from '../../commands/digest.js';
import type { Registry } from '../../src/core/dispatch.js';
import type { Subcommand } from '../../src/core/command.js';
import { DatabaseError, openDatabase, type Db } from '../../src/db/database.js';
import { createDigestService, type DigestService } from '../../src/digests/service.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { clock, fixtureEvent, logStore, tempDir, type Clock } from '../digests/helpers.js';
import { SignedClient, testKeys, rawRequest } from '../security/signing.js';

const keys = testKeys();
const slowEcho: Subcommand = { name: 'slow-echo', description: 'Always deferred', slow: true, options: [], run: () => ({ title: 'Slow answer', body: 'done' }) };

let fake: FakeDiscord;
let tmp: ReturnType<typeof tempDir>;
let clk: Clock;
let log: ReturnType<typeof logStore>;
let db: Db;
let digests: DigestService;
let registry: Registry;
let endpoint: DiscordHttpEndpoint;
let gateway: DiscordGateway;
let client: SignedClient;

const webhook = (token: string, method: string) => (r: RecordedRequest) => r.method === method && r.path === `/webhooks/${fake.appId}/${token}/messages/@original`;
const isCallback = (id: string) => (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`);
const postsTo = (channel: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);

/** Send over the gateway and return the bot's callback body. */
async function viaGateway(payload: Record<string, any>, timeoutMs = 3000): Promise<any> {
  const wait = fake.waitFor(isCallback(payload.id), timeoutMs);
  fake.sendInteraction(payload);
  return (await wait).body;
}

beforeAll(async () => {
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
  tmp = tempDir('faults-');
  clk = clock('2025-03-10T06:00:00Z');
  log = logStore(tmp.dir, 6);
  log.store.watch(20);
  db = openDatabase(join(tmp.dir, 'bot.db'));
  digests = createDigestService({ db, store: log.store, sinks: [createDiscordDigestSink({ token: 'test-token', api: fake.apiUrl })], catchupHours: 6, now: clk.now, timers: false });
  registry = createRegistry([...digestCommands, slowEcho]);
  const services = { store: log.store, digests };
  endpoint = await startDiscordHttp({
    publicKey: keys.publicKeyHex,
    port: 0,
    host: '127.0.0.1',
    token: 'test-token',
    applicationId: fake.appId,
    apiUrl: fake.apiUrl,
    store: log.store,
    registry,
    services,
    now: clk.now,
    health: () => ({ ok: db.open, checks: { database: db.open } }),
  });
  client = new SignedClient(`http://127.0.0.1:${endpoint.port}`, keys, clk.now);
  gateway = await startDiscordGateway({ token: 'test-token', apiUrl: fake.apiUrl, store: log.store, registry, services, now: clk.now });
});

afterAll(async () => {
  await gateway?.stop();
  await endpoint?.stop();
  await digests?.stop();
  db?.close();
  log?.store.close();
  await fake?.close();
  tmp?.cleanup();
});

describe('GIVEN REST faults on replies', () => {
  it('WHEN the deferred edit of an HTTP interaction gets 429 (retry-after) then 500 THEN @discordjs/rest retries and the answer lands once', async () => {
    fake.failNext({ method: 'PATCH', path: /\/messages\/@original$/, status: 429, retryAfterSeconds: 0.05 });
    fake.failNext({ method: 'PATCH', path: /\/messages\/@original$/, status: 500 });
    const payload = fake.slashCommand({ name: 'slow-echo' });
    const ok = fake.waitFor((r) => webhook(payload.token, 'PATCH')(r) && r.status === 200, 5000);
    expect((await client.post(payload)).json).toEqual({ type: 5 });
    expect((await ok).body.embeds[0].title).toBe('Slow answer');
    const attempts = fake.requests.filter(webhook(payload.token, 'PATCH'));
    expect(attempts.map((r) => r.status)).toEqual([429, 500, 200]);
  });

  it('WHEN the deferred edit keeps failing (500 beyond the retries) THEN the failure is logged and the endpoint keeps answering', async () => {
    fake.failNext({ method: 'PATCH', path: /\/messages\/@original$/, status: 500, times: 10 });
    const payload = fake.slashCommand({ name: 'slow-echo' });
    expect((await client.post(payload)).json).toEqual({ type: 5 });
    // @discordjs/rest makes 1 + 3 attempts, then gives up.
    for (let i = 0; i < 4; i++) await fake.waitFor((r) => webhook(payload.token, 'PATCH')(r) && r.status === 500, 5000);
    const res = await client.post(fake.slashCommand({ name: 'latest', options: { count: 1 } }));
    expect(res.json.type).toBe(4);
    // Drain the unused failures so later tests start clean.
    const drain = fake.slashCommand({ name: 'slow-echo' });
    await client.post(drain);
    for (let i = 0; i < 4; i++) await fake.waitFor((r) => webhook(drain.token, 'PATCH')(r), 5000);
    const last = fake.slashCommand({ name: 'slow-echo' });
    const landed = fake.waitFor((r) => webhook(last.token, 'PATCH')(r) && r.status === 200, 5000);
    await client.post(last);
    await landed;
  });

  it('WHEN a gateway interaction callback gets 500 THEN discord.js retries it and the interaction is acknowledged exactly once', async () => {
    fake.failNext({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 500 });
    const payload = fake.slashCommand({ name: 'latest', options: { count: 2 } });
    const ok = fake.waitFor((r) => isCallback(payload.id)(r) && r.status < 300, 5000);
    fake.sendInteraction(payload);
    expect((await ok).body.type).toBe(4);
    expect(fake.callbacks(payload.id)).toHaveLength(1);
    expect(fake.requests.filter(isCallback(payload.id)).map((r) => r.status)).toEqual([500, 204]);
  });

  it('WHEN a gateway deferred edit gets 429 with retry-after THEN it waits, retries and lands once', async () => {
    fake.failNext({ method: 'PATCH', path: /\/messages\/@original$/, status: 429, retryAfterSeconds: 0.05 });
    const payload = fake.slashCommand({ name: 'slow-echo' });
    const ok = fake.waitFor((r) => webhook(payload.token, 'PATCH')(r) && r.status === 200, 5000);
    expect((await viaGateway(payload)).type).toBe(5);
    expect((await ok).body.embeds[0].title).toBe('Slow answer');
    expect(fake.requests.filter(webhook(payload.token, 'PATCH')).map((r) => r.status)).toEqual([429, 200]);
  });
});

describe('GIVEN digests in HTTP-interactions mode (posted through REST with the bot token)', () => {
  let channel: string;
  const day = (d: number) => `2025-03-${String(d).padStart(2, '0')}`;
  /** A new event on day d, then the due-check at 09:00 Berlin that day. */
  const runDay = async (d: number) => {
    log.add(fixtureEvent(200 + d, day(d)));
    clk.set(`${day(d)}T08:00:00Z`);
    return digests.runDue();
  };

  beforeAll(async () => {
    channel = fake.snowflake();
    fake.addChannel({ id: channel, name: 'digest-faults' });
    clk.set(`${day(10)}T06:00:00Z`);
    const res = await client.post(
      fake.slashCommand({ group: 'digest', name: 'subscribe', options: { frequency: 'daily', time: '09:00', timezone: 'Europe/Berlin' }, permissions: PERMISSIONS.manageGuild, channelId: channel }),
    );
    expect(res.json.data.embeds[0].title).toBe('Digest set up for this channel');
  });

  it('WHEN the channel post gets 429 (retry-after) and then 500 THEN it is retried with the same nonce and exactly one message is posted', async () => {
    fake.failNext({ method: 'POST', path: new RegExp(`^/channels/${channel}/messages$`), status: 429, retryAfterSeconds: 0.05 });
    fake.failNext({ method: 'POST', path: new RegExp(`^/channels/${channel}/messages$`), status: 500 });
    expect(await runDay(10)).toEqual([{ occurrence: `${day(10)}T08:00:00.000Z`, status: 'sent' }]);
    const attempts = postsTo(channel);
    expect(attempts.map((r) => r.status)).toEqual([429, 500, 200]);
    expect(new Set(attempts.map((r) => r.body.nonce)).size).toBe(1);
    expect(attempts[0].headers.authorization).toBe('Bot test-token');
    expect(fake.messages.get(channel)).toHaveLength(1);
  });

  it('WHEN `digest send-now` arrives over HTTP and the post gets 500 once THEN the defer is ephemeral, one message is posted, and @original says so', async () => {
    fake.failNext({ method: 'POST', path: new RegExp(`^/channels/${channel}/messages$`), status: 500 });
    const payload = fake.slashCommand({ group: 'digest', name: 'send-now', permissions: PERMISSIONS.manageGuild, channelId: channel });
    const edit = fake.waitFor((r) => webhook(payload.token, 'PATCH')(r) && r.status === 200, 5000);
    expect((await client.post(payload)).json).toEqual({ type: 5, data: { flags: 64 } });
    expect((await edit).body.embeds[0].title).toBe('Test digest posted');
    expect(fake.messages.get(channel)).toHaveLength(2);
  });

  it('WHEN posts get 404 then 403 then 403 THEN each failure is recorded, the subscription pauses after the third, and nothing more is tried', async () => {
    const before = postsTo(channel).length;
    fake.failNext({ method: 'POST', path: new RegExp(`^/channels/${channel}/messages$`), status: 404 });
    expect((await runDay(11))[0].status).toBe('failed');
    let sub = (await digests.get('discord', channel))!.subscription;
    expect(sub.consecutiveFailures).toBe(1);
    expect(sub.lastErrorKind).toBe('gone');
    expect(sub.pausedAt).toBeFalsy();

    fake.failNext({ method: 'POST', path: new RegExp(`^/channels/${channel}/messages$`), status: 403, times: 2 });
    expect((await runDay(12))[0].status).toBe('failed');
    expect((await runDay(13))[0].status).toBe('failed');
    sub = (await digests.get('discord', channel))!.subscription;
    expect(sub.consecutiveFailures).toBe(3);
    expect(sub.lastErrorKind).toBe('forbidden');
    expect(sub.pausedAt).toBeTruthy();
    // 4xx are not retried by @discordjs/rest: one request per day.
    expect(postsTo(channel).length).toBe(before + 3);

    expect(await runDay(14)).toEqual([]);
    expect(postsTo(channel).length).toBe(before + 3);
    expect(fake.messages.get(channel)).toHaveLength(2);

    // Admins see it in `digest list` (over HTTP).
    const list = await client.post(fake.slashCommand({ group: 'digest', name: 'list', permissions: PERMISSIONS.manageGuild, channelId: channel }));
    expect(JSON.stringify(list.json.data.embeds[0])).toMatch(/Paused\*\* after 3 failed deliveries in a row \(the bot is not allowed to post there\)/);
  });
});

describe('GIVEN the gateway connection is dropped mid-session', () => {
  it('WHEN it closes with a resumable code (4000) THEN the client RESUMEs and answers the next interaction', async () => {
    const resumes = fake.resumes;
    const resume = fake.waitForGateway((f) => f.op === 6, 10_000);
    fake.dropConnection(4000);
    expect((await resume).d.token).toBe('test-token');
    const body = await viaGateway(fake.slashCommand({ name: 'latest', options: { count: 1 } }), 5000).catch(async () => {
      // RESUMED may not have been processed when the first dispatch went out; the next one must work.
      return viaGateway(fake.slashCommand({ name: 'latest', options: { count: 1 } }), 5000);
    });
    expect(body.type).toBe(4);
    expect(fake.resumes).toBe(resumes + 1);
  });

  it('WHEN the session is invalidated (close 4009, session timed out) THEN the client identifies again and keeps answering', async () => {
    const identifies = fake.identifies;
    const identify = fake.waitForGateway((f) => f.op === 2 || f.op === 6, 10_000);
    fake.dropConnection(4009);
    await identify;
    await waitUntil(() => fake.connections > 0 && (fake.identifies > identifies || fake.resumes > 0));
    const send = () => viaGateway(fake.slashCommand({ name: 'about' }), 5000);
    const body = await send().catch(send);
    expect(body.type).toBe(4);
  });
});

describe('GIVEN the event log file is corrupted while the bot runs', () => {
  it('WHEN broken JSON, then an invalid log, are written THEN both modes keep serving the last good log; a fixed file is picked up', async () => {
    const good = readFileSync(log.path, 'utf8');
    const version = log.store.current.version;
    const newest = log.store.current.events.at(-1)!.id;

    const rejected = once(log.store, 'rejected');
    writeFileSync(log.path, good.slice(0, good.length / 2)); // truncated mid-write
    await rejected;
    expect(log.store.current.version).toBe(version);

    const rejectedAgain = once(log.store, 'rejected');
    writeFileSync(log.path, JSON.stringify({ events: [{ id: 'Not A Valid Id', title: '' }] }));
    await rejectedAgain;
    expect(log.store.current.version).toBe(version);

    const overHttp = await client.post(fake.slashCommand({ name: 'latest', options: { count: 1 } }));
    expect(overHttp.json.type).toBe(4);
    expect(JSON.stringify(overHttp.json.data)).toContain(newest);
    const overGateway = await viaGateway(fake.slashCommand({ name: 'latest', options: { count: 1 } }));
    expect(JSON.stringify(overGateway.data)).toContain(newest);
    const about = await client.post(fake.slashCommand({ name: 'about' }));
    expect(JSON.stringify(about.json.data.embeds[0])).toMatch(/Latest edit rejected/);

    const health = await rawRequest(`${client.baseUrl}/healthz`, { method: 'GET' });
    expect(health.status).toBe(200);
    expect(health.json.checks).toMatchObject({ log: true, logVersion: version, logReload: expect.stringMatching(/rejected/), database: true });

    // A good file again (with one more event) is swapped in.
    const changed = once(log.store, 'change');
    const fixed = JSON.parse(good);
    fixed.events.push(fixtureEvent(300, '2025-04-30'));
    writeFileSync(log.path, JSON.stringify(fixed, null, 2));
    await changed;
    const latest = await client.post(fake.slashCommand({ name: 'latest', options: { count: 1 } }));
    expect(JSON.stringify(latest.json.data)).toContain('event-300');
    expect((await rawRequest(`${client.baseUrl}/healthz`, { method: 'GET' })).json.checks.logReload).toBeUndefined();
  });
});

describe('GIVEN the SQLite file cannot be used at start', () => {
  const fileHash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

  /** A database with one subscription in it, closed cleanly. */
  async function existingDb(dir: string): Promise<string> {
    const path = join(dir, 'bot.db');
    const d = openDatabase(path);
    const svc = createDigestService({ db: d, store: log.store, sinks: [{ platform: 'discord', post: async () => ({}) }], catchupHours: 0, timers: false });
    await svc.subscribe({ platform: 'discord', guildId: '1', channelId: '2', frequency: 'daily' });
    d.close();
    return path;
  }

  it('WHEN another process holds the write lock THEN opening fails with a clear error naming the path, and nothing is lost', async () => {
    const t = tempDir('locked-');
    try {
      const path = await existingDb(t.dir);
      const before = fileHash(path);
      const holder = new Database(path);
      holder.exec('BEGIN EXCLUSIVE');
      try {
        let err: unknown;
        try {
          openDatabase(path, { busyTimeoutMs: 50 });
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(DatabaseError);
        expect((err as DatabaseError).message).toContain(path);
        expect((err as DatabaseError).message).toMatch(/locked by another process/);
      } finally {
        holder.exec('ROLLBACK');
        holder.close();
      }
      expect(fileHash(path)).toBe(before);
      const reopened = new Database(path, { readonly: true });
      expect((reopened.prepare('SELECT COUNT(*) AS n FROM subscriptions').get() as { n: number }).n).toBe(1);
      reopened.close();
    } finally {
      t.cleanup();
    }
  });

  it('WHEN the file is read-only THEN opening fails with a clear error naming the path, and the file is untouched', async () => {
    const t = tempDir('readonly-');
    const path = await existingDb(t.dir);
    const before = fileHash(path);
    const mtime = statSync(path).mtimeMs;
    const undo = makeReadOnly(path);
    try {
      expect(() => openDatabase(path)).toThrow(DatabaseError);
      try {
        openDatabase(path);
      } catch (e) {
        expect((e as DatabaseError).message).toContain(path);
        expect((e as DatabaseError).message).toMatch(/read-only|permission|cannot be opened/i);
      }
    } finally {
      undo();
    }
    expect(fileHash(path)).toBe(before);
    expect(statSync(path).mtimeMs).toBe(mtime);
    t.cleanup();
  });

  it('WHEN src/main.ts starts with DISCORD_TOKEN and a read-only DATABASE_PATH THEN it exits non-zero naming the path, and the file is untouched', async () => {
    const t = tempDir('main-readonly-');
    const path = await existingDb(t.dir);
    copyFileSync('data/events.json', join(t.dir, 'events.json'));
    const before = fileHash(path);
    const undo = makeReadOnly(path);
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DISCORD_TOKEN: 'test-token',
          DISCORD_CLIENT_ID: fake.appId,
          DISCORD_API_URL: fake.apiUrl,
          DISCORD_MODE: 'http',
          DISCORD_PUBLIC_KEY: keys.publicKeyHex,
          HOST: '127.0.0.1',
          PORT: '0',
          EVENTS_PATH: join(t.dir, 'events.json'),
          DATABASE_PATH: path,
          LOG_LEVEL: 'info',
          FEED_POLL_MINUTES: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c) => (stderr += String(c)));
      child.stdout.resume();
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const [code] = (await once(child, 'exit')) as [number | null];
      clearTimeout(killer);
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(stderr).toContain(path);
      expect(stderr).toMatch(/read-only|permission|cannot be opened/i);
    } finally {
      undo();
    }
    expect(fileHash(path)).toBe(before);
    t.cleanup();
  });
});

/** chmod 0444, and — when running as root, whom permissions do not stop — the immutable attribute. */
function makeReadOnly(path: string): () => void {
  chmodSync(path, 0o444);
  let immutable = false;
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', path]);
    immutable = true;
  }
  return () => {
    if (immutable) execFileSync('chattr', ['-i', path]);
    chmodSync(path, 0o644);
  };
}

async function waitUntil(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
