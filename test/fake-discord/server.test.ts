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

  it('GIVEN an interaction callback THEN 204, or 200 with the created message when ?with_response=true; a second callback is refused (40060)', async () => {
    const i1 = fake.slashCommand({ name: 'about' });
    await rest.post(Routes.interactionCallback(i1.id, i1.token), { body: { type: 4, data: { content: 'hi' } }, auth: false });
    expect(fake.requests.at(-1)!.status).toBe(204);
    expect(fake.callbacks(i1.id)).toEqual([{ type: 4, data: { content: 'hi' } }]);
    const i2 = fake.slashCommand({ name: 'about' });
    const res = (await rest.post(Routes.interactionCallback(i2.id, i2.token), {
      body: { type: 4, data: { content: 'with response', flags: 64 } },
      query: new URLSearchParams({ with_response: 'true' }),
      auth: false,
    })) as any;
    expect(res.interaction).toMatchObject({ id: i2.id, response_message_ephemeral: true });
    expect(res.resource).toMatchObject({ type: 4, message: { content: 'with response', flags: 64 } });
    await expect(rest.post(Routes.interactionCallback(i2.id, i2.token), { body: { type: 4, data: {} }, auth: false })).rejects.toMatchObject({ code: 40060 });
    // The original can then be edited through the webhook route (discord.js sends `%40original`).
    const edited = (await rest.patch(Routes.webhookMessage(fake.appId, i2.token, '@original'), { body: { content: 'edited' }, auth: false })) as any;
    expect(edited).toMatchObject({ id: res.resource.message.id, content: 'edited' });
    expect(fake.requests.at(-1)!.path).toBe(`/webhooks/${fake.appId}/${i2.token}/messages/@original`);
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
