/**
 * Digest delivery failures against the fake Discord (test/fake-discord): the real @discordjs/rest
 * client posts to 127.0.0.1. 404/403 are recorded and pause after 3; 429 and 500 are retried by
 * @discordjs/rest itself, with the same nonce, and never produce a second message.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FakeDiscord, PERMISSIONS } from '../fake-discord/server.js';
import { createDiscordDigestSink, toDeliveryError } from '../../src/platforms/discord/digest-sink.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { createDigestService, type DigestService } from '../../src/digests/service.js';
import { runCommand } from '../../src/core/dispatch.js';
import { createRegistry } from '../../commands/index.js';
import { digestCommands } from '../../commands/digest.js';
import { buildContext } from '../../src/platforms/discord/interaction.js';
import { discordMessageProblems } from '../platforms/discord/limits.js';
import { DiscordAPIError, HTTPError } from 'discord.js';
import { clock, fixtureEvent, logStore, tempDir, type Clock } from './helpers.js';

let fake: FakeDiscord;
let tmp: ReturnType<typeof tempDir>;
let db: Db;
let svc: DigestService;
let clk: Clock;
let log: ReturnType<typeof logStore>;
let channel: string;

const POSTS = /^\/channels\/\d+\/messages$/;
const postsTo = (id: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${id}/messages`);
const messagesIn = (id: string) => fake.messages.get(id) ?? [];

beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake.close();
});

beforeEach(async () => {
  tmp = tempDir();
  db = openDatabase(join(tmp.dir, 'bot.db'));
  clk = clock('2025-03-10T06:00:00Z');
  log = logStore(tmp.dir, 6);
  // A fresh channel per test so message counts are per test.
  channel = fake.snowflake();
  fake.addChannel({ id: channel, name: `digest-${channel.slice(-4)}` });
  const sink = createDiscordDigestSink({ token: 'test-token', api: fake.apiUrl });
  svc = createDigestService({ db, store: log.store, sinks: [sink], catchupHours: 6, now: clk.now, timers: false });
  await svc.subscribe({ platform: 'discord', guildId: fake.guild.id, channelId: channel, frequency: 'daily', time: '09:00', timezone: 'Europe/Berlin' });
});

afterEach(async () => {
  await svc.stop();
  db.close();
  tmp.cleanup();
});

/** Run the digest due at 09:00 Berlin on a March day (with a new event so there is something to say). */
async function runDay(day: number) {
  log.add(fixtureEvent(100 + day, `2025-03-${String(day).padStart(2, '0')}`));
  clk.set(`2025-03-${String(day).padStart(2, '0')}T08:00:00Z`);
  return svc.runDue();
}

describe('GIVEN a digest posted through @discordjs/rest to the fake Discord', () => {
  it('WHEN all is well THEN one message arrives with the embed, the nonce and enforce_nonce, within Discord limits', async () => {
    expect(await runDay(10)).toEqual([{ occurrence: '2025-03-10T08:00:00.000Z', status: 'sent' }]);
    const [post] = postsTo(channel);
    expect(post.headers.authorization).toBe('Bot test-token');
    expect(post.body.nonce).toMatch(/^[A-Za-z0-9_-]{25}$/);
    expect(post.body.enforce_nonce).toBe(true);
    expect(post.body.flags).toBeUndefined();
    expect(post.body.allowed_mentions).toEqual({ parse: [] });
    expect(post.body.embeds[0].title).toBe('Daily digest — 1 new event');
    expect(discordMessageProblems(post.body)).toEqual([]);
    expect(messagesIn(channel)).toHaveLength(1);
    expect((await svc.db.deliveries(1))[0].messageId).toBe(messagesIn(channel)[0].id);
  });

  it('WHEN Discord answers 404 Unknown Channel THEN the failure is recorded as "gone" on the subscription and shown in digest list', async () => {
    fake.failNext({ method: 'POST', path: POSTS, status: 404 });
    expect((await runDay(10)).map((o) => o.status)).toEqual(['failed']);
    const sub = (await svc.get('discord', channel))!.subscription;
    expect([sub.lastStatus, sub.lastErrorKind, sub.lastError, sub.consecutiveFailures]).toEqual(['failed', 'gone', 'Unknown Channel', 1]);
    expect(messagesIn(channel)).toHaveLength(0);
    const ctx = buildContext({ timeline: log.store.current, now: clk.now(), services: { digests: svc }, userId: '1', permissions: PERMISSIONS.manageGuild, guildId: fake.guild.id, channelId: channel });
    const list = await runCommand(createRegistry(digestCommands), { group: 'digest', name: 'list', args: {} }, ctx);
    expect(list.fields?.[0].value).toMatch(/failed: the channel no longer exists \(Unknown Channel\)/);
    expect(list.fields?.[0].value).toMatch(/Failing: 1 failed delivery in a row/);
  });

  it('WHEN the channel is really deleted THEN Discord\'s own 404 is mapped to "gone" too', async () => {
    fake.removeChannel(channel);
    await runDay(10);
    expect((await svc.get('discord', channel))!.subscription.lastErrorKind).toBe('gone');
  });

  it('WHEN Discord answers 403 Missing Access three days in a row THEN the subscription pauses, says so, and stops posting', async () => {
    fake.failNext({ method: 'POST', path: POSTS, status: 403, times: 3 });
    for (const day of [10, 11, 12]) expect((await runDay(day)).map((o) => o.status)).toEqual(['failed']);
    const view = (await svc.get('discord', channel))!;
    expect(view.subscription.pausedAt).toBeDefined();
    expect(view.subscription.lastErrorKind).toBe('forbidden');
    expect(view.nextRun).toBeUndefined();
    const before = postsTo(channel).length;
    expect(await runDay(13)).toEqual([]);
    expect(postsTo(channel)).toHaveLength(before); // not retried forever
    const ctx = buildContext({ timeline: log.store.current, now: clk.now(), services: { digests: svc }, userId: '1', permissions: PERMISSIONS.administrator, guildId: fake.guild.id, channelId: channel });
    const list = await runCommand(createRegistry(digestCommands), { group: 'digest', name: 'list', args: {} }, ctx);
    expect(list.body).toMatch(/1 paused/);
    expect(list.fields?.[0].value).toMatch(/Paused\*\* after 3 failed deliveries in a row \(the bot is not allowed to post there\)/);
    // A successful send-now (permissions fixed) resumes it.
    const sent = await runCommand(createRegistry(digestCommands), { group: 'digest', name: 'send-now', args: {} }, ctx);
    expect(sent.title).toBe('Test digest posted');
    expect(sent.body).toMatch(/resumed/);
    expect((await svc.get('discord', channel))!.subscription.pausedAt).toBeUndefined();
    expect(messagesIn(channel).at(-1)!.embeds[0]).toMatchObject({ title: expect.stringMatching(/^Test send — Daily digest/) });
  });

  it('WHEN Discord answers 429 with retry-after THEN @discordjs/rest waits and retries: one message, same nonce', async () => {
    fake.failNext({ method: 'POST', path: POSTS, status: 429, retryAfterSeconds: 0.3 });
    expect((await runDay(10)).map((o) => o.status)).toEqual(['sent']);
    const posts = postsTo(channel);
    expect(posts.map((p) => p.status)).toEqual([429, 200]);
    expect(posts[0].body.nonce).toBe(posts[1].body.nonce);
    expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(250);
    expect(messagesIn(channel)).toHaveLength(1);
    expect((await svc.get('discord', channel))!.subscription.consecutiveFailures).toBe(0);
  });

  it('WHEN Discord answers 500 once THEN @discordjs/rest retries with the same nonce: one message, no failure recorded', async () => {
    fake.failNext({ method: 'POST', path: POSTS, status: 500 });
    expect((await runDay(10)).map((o) => o.status)).toEqual(['sent']);
    const posts = postsTo(channel);
    expect(posts.map((p) => p.status)).toEqual([500, 200]);
    expect(new Set(posts.map((p) => p.body.nonce)).size).toBe(1);
    expect(messagesIn(channel)).toHaveLength(1);
  });

  it('WHEN a post is repeated with the same nonce (a retry after the first one went through) THEN Discord returns the same message', async () => {
    await runDay(10);
    const [first] = postsTo(channel);
    const { REST, Routes } = await import('discord.js');
    const rest = new REST({ api: fake.apiUrl }).setToken('test-token');
    const again = (await rest.post(Routes.channelMessages(channel), { body: first.body })) as { id: string };
    expect(again.id).toBe(messagesIn(channel)[0].id);
    expect(messagesIn(channel)).toHaveLength(1);
  });

  it('WHEN Discord keeps answering 500 past the retries THEN it is a transient failure, recorded, with no message', async () => {
    fake.failNext({ method: 'POST', path: POSTS, status: 500, times: 4 });
    expect((await runDay(10)).map((o) => o.status)).toEqual(['failed']);
    expect(postsTo(channel)).toHaveLength(4); // the first try + @discordjs/rest's 3 retries
    const sub = (await svc.get('discord', channel))!.subscription;
    expect([sub.lastErrorKind, sub.consecutiveFailures, sub.pausedAt]).toEqual(['transient', 1, undefined]);
    expect(messagesIn(channel)).toHaveLength(0);
    // The event is not lost: the next digest still has it.
    await runDay(11);
    expect(messagesIn(channel)[0].embeds[0]).toMatchObject({ title: 'Daily digest — 2 new events' });
  });
});

describe('GIVEN Discord errors THEN they map to the failure kinds', () => {
  const apiError = (status: number, code: number, message: string) =>
    new DiscordAPIError({ code, message }, code, status, 'POST', '/channels/1/messages', { body: undefined, files: undefined });
  it.each([
    [404, 10003, 'Unknown Channel', 'gone'],
    [403, 50001, 'Missing Access', 'forbidden'],
    [403, 50013, 'Missing Permissions', 'forbidden'],
    [400, 50035, 'Invalid Form Body', 'transient'],
  ])('%i %i %s → %s', (status, code, message, kind) => {
    expect(toDeliveryError(apiError(status, code, message)).kind).toBe(kind);
  });
  it('a 5xx HTTPError or a network error → transient', () => {
    expect(toDeliveryError(new HTTPError(502, 'Bad Gateway', 'POST', '/x', { body: undefined, files: undefined })).kind).toBe('transient');
    expect(toDeliveryError(new Error('ECONNRESET')).kind).toBe('transient');
  });
});
