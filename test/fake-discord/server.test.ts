/** The fake Discord itself, driven through @discordjs/rest as the bot's digests will drive it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordAPIError, REST, Routes } from 'discord.js';
import { FakeDiscord } from './server.js';

let fake: FakeDiscord;
let rest: REST;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  rest = new REST({ api: fake.apiUrl, retries: 2, timeout: 2000 }).setToken('test-token');
});
afterAll(async () => {
  await fake.close();
});

const post = (channelId: string, body: Record<string, unknown>) => rest.post(Routes.channelMessages(channelId), { body }) as Promise<any>;

describe('fake Discord REST', () => {
  it('GIVEN a known channel WHEN a message is posted THEN it is recorded and returned with an id; GET /channels/:id answers', async () => {
    const msg = await post(fake.textChannelId, { content: 'hello', allowed_mentions: { parse: [] } });
    expect(msg).toMatchObject({ channel_id: fake.textChannelId, content: 'hello' });
    expect(fake.messages.get(fake.textChannelId)!.at(-1)!.id).toBe(msg.id);
    expect(((await rest.get(Routes.channel(fake.announcementChannelId))) as any).type).toBe(5);
  });

  it('GIVEN enforce_nonce WHEN the same nonce is posted twice to a channel THEN the same message comes back and only one exists', async () => {
    const before = fake.messages.get(fake.announcementChannelId)?.length ?? 0;
    const a = await post(fake.announcementChannelId, { content: 'digest', nonce: 'digest-1', enforce_nonce: true });
    const b = await post(fake.announcementChannelId, { content: 'digest', nonce: 'digest-1', enforce_nonce: true });
    const c = await post(fake.announcementChannelId, { content: 'digest', nonce: 'digest-2', enforce_nonce: true });
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
    expect(fake.messages.get(fake.announcementChannelId)!.length).toBe(before + 2);
  });

  it('GIVEN failNext 429 with retry-after THEN @discordjs/rest waits and retries, and the message is posted once', async () => {
    fake.failNext({ method: 'POST', path: /\/channels\/\d+\/messages$/, status: 429 });
    const attempts = fake.requests.length;
    const msg = await post(fake.textChannelId, { content: 'after 429' });
    const tried = fake.requests.slice(attempts);
    expect(tried.map((r) => r.status)).toEqual([429, 200]);
    expect(tried[0].path).toBe(`/channels/${fake.textChannelId}/messages`);
    expect(msg.content).toBe('after 429');
  });

  it('GIVEN failNext 500 THEN the client retries', async () => {
    fake.failNext({ method: 'POST', path: /\/messages$/, status: 500 });
    const attempts = fake.requests.length;
    await post(fake.textChannelId, { content: 'after 500' });
    expect(fake.requests.slice(attempts).map((r) => r.status)).toEqual([500, 200]);
  });

  it('GIVEN failNext 403 / 404 THEN the errors carry Discord’s codes 50001 Missing Access and 10003 Unknown Channel', async () => {
    fake.failNext({ method: 'POST', path: /\/messages$/, status: 403 });
    await expect(post(fake.textChannelId, { content: 'x' })).rejects.toMatchObject({ status: 403, code: 50001, message: 'Missing Access' });
    fake.failNext({ method: 'POST', path: /\/messages$/, status: 404 });
    const err = await post(fake.textChannelId, { content: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect(err).toMatchObject({ status: 404, code: 10003 });
    // An unknown channel is a 404 Unknown Channel without injection too.
    await expect(post('123456789012345678', { content: 'x' })).rejects.toMatchObject({ code: 10003 });
  });

  it('GIVEN failNext with times THEN it fails that many matching requests and then stops', async () => {
    fake.failNext({ method: 'GET', path: /^\/channels\/\d+$/, status: 403, times: 2 });
    await expect(rest.get(Routes.channel(fake.textChannelId))).rejects.toMatchObject({ code: 50001 });
    await expect(rest.get(Routes.channel(fake.textChannelId))).rejects.toMatchObject({ code: 50001 });
    await expect(rest.get(Routes.channel(fake.textChannelId))).resolves.toMatchObject({ id: fake.textChannelId });
  });

  it('GIVEN waitFor registered before a request THEN it resolves with that request, body and headers', async () => {
    const wait = fake.waitFor((r) => r.method === 'POST' && r.body?.content === 'watched');
    await post(fake.textChannelId, { content: 'watched' });
    const r = await wait;
    expect(r.headers.authorization).toBe('Bot test-token');
    expect(r.status).toBe(200);
    await expect(fake.waitFor(() => false, 50)).rejects.toThrow(/no matching request within 50 ms/);
  });
});
