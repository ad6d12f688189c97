/**
 * Charts on Discord: the PNG reaches the fake Discord as a multipart file part and the embed points at
 * it (`attachment://<name>`) — through the real discord.js client (gateway) and through the HTTP
 * endpoint (deferred, then uploaded with the edit of @original).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type RecordedRequest } from '../../fake-discord/server.js';
import { startDiscordGateway, type DiscordGateway } from '../../../src/platforms/discord/gateway.js';
import { startDiscordHttp, type DiscordHttpEndpoint } from '../../../src/platforms/discord/http.js';
import { toDiscordMessage, toDiscordApiMessage } from '../../../src/platforms/discord/render.js';
import { createRegistry } from '../../../commands/index.js';
import type { TimelineStore } from '../../../src/timeline/store.js';
import { SignedClient, testKeys } from '../../security/signing.js';
import { chartStore } from '../../charts/store.js';
import { discordMessageProblems } from './limits.js';

const NOW = new Date('2026-11-30T09:00:00Z');
const keys = testKeys();
let fake: FakeDiscord;
let store: TimelineStore;
let gateway: DiscordGateway;
let endpoint: DiscordHttpEndpoint;
let client: SignedClient;

beforeAll(async () => {
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
  store = chartStore();
  const registry = createRegistry();
  // a generous defer threshold: these tests are about where the picture goes, not about timing
  gateway = await startDiscordGateway({ token: 'test-token', apiUrl: fake.apiUrl, store, registry, now: () => NOW, deferAfterMs: 2500 });
  endpoint = await startDiscordHttp({ publicKey: keys.publicKeyHex, port: 0, host: '127.0.0.1', token: 'test-token', applicationId: fake.appId, apiUrl: fake.apiUrl, store, registry, now: () => NOW });
  client = new SignedClient(`http://127.0.0.1:${endpoint.port}`, keys, () => NOW);
});

afterAll(async () => {
  await gateway?.stop();
  await endpoint?.stop();
  await fake?.close();
  store?.close();
});

const isPng = (data: Buffer) => data.subarray(1, 4).toString('latin1') === 'PNG' && data.readUInt32BE(16) === 1200 && data.readUInt32BE(20) === 675;

function expectChartUpload(r: RecordedRequest, message: any) {
  expect(r.headers['content-type']).toMatch(/^multipart\/form-data/);
  expect(r.files).toHaveLength(1);
  const [file] = r.files;
  expect(file.name).toBe('chart-honda-tariff-may.png');
  expect(file.contentType).toBe('image/png');
  expect(isPng(file.data)).toBe(true);
  expect(message.embeds[0].image).toEqual({ url: 'attachment://chart-honda-tariff-may.png' });
  expect(message.embeds[0].title).toBe('Honda tariff impact estimate — FY ending Mar 2026');
  expect(message.allowed_mentions).toEqual({ parse: [] });
  expect(discordMessageProblems(message)).toEqual([]);
}

describe('GIVEN a reply with an image', () => {
  it('WHEN rendered for Discord THEN the embed shows attachment://<name> and the file rides beside it, never inside the JSON', () => {
    const reply = { title: 'A chart', image: { name: 'chart-x.png', data: new Uint8Array([137, 80, 78, 71]), alt: 'what it shows', width: 1200, height: 675 } };
    const msg = toDiscordMessage(reply);
    expect(msg.embeds[0].image).toEqual({ url: 'attachment://chart-x.png' });
    expect(msg.files).toEqual([{ attachment: Buffer.from([137, 80, 78, 71]), name: 'chart-x.png', description: 'what it shows' }]);
    expect(JSON.stringify(toDiscordApiMessage(reply))).not.toContain('files');
  });
});

describe('GIVEN the real discord.js client and the fake Discord', () => {
  it('WHEN /nissan-honda chart arrives THEN the callback is multipart: the PNG as a file and the embed pointing at it', async () => {
    const payload = fake.slashCommand({ name: 'chart', options: { query: 'honda tariff impact' } });
    const wait = fake.waitFor((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${payload.id}/`), 15_000);
    fake.sendInteraction(payload);
    const r = await wait;
    expect(r.status).toBe(204);
    expect(r.body.type).toBe(4);
    expectChartUpload(r, r.body.data);
    expect(r.body.data.attachments?.[0]?.description ?? '').toContain('¥650 billion');
  });

  it('WHEN the Chart button on a figure reply is clicked THEN the message is updated (type 7) with the chart attached', async () => {
    const figure = fake.slashCommand({ name: 'figure', options: { query: 'honda tariff impact' } });
    const answered = fake.waitFor((r) => r.path.startsWith(`/interactions/${figure.id}/`), 15_000);
    fake.sendInteraction(figure);
    const button = (await answered).body.data.components[0].components[0];
    expect(button).toMatchObject({ label: 'Chart', custom_id: 'chart:honda-tariff-nov' });
    const click = fake.buttonClick({ customId: button.custom_id });
    const updated = fake.waitFor((r) => r.path.startsWith(`/interactions/${click.id}/`), 15_000);
    fake.sendInteraction(click);
    const r = await updated;
    expect(r.body.type).toBe(7);
    expectChartUpload(r, r.body.data);
  });

  it('WHEN the figure is not in the log THEN a private error and no upload', async () => {
    const payload = fake.slashCommand({ name: 'chart', options: { query: 'zebra unicorn figures' } });
    const wait = fake.waitFor((r) => r.path.startsWith(`/interactions/${payload.id}/`), 15_000);
    fake.sendInteraction(payload);
    const r = await wait;
    expect(r.body.data.flags & 64).toBe(64);
    expect(r.body.data.embeds[0].description).toContain('The log holds no figure matching “zebra unicorn figures”');
    expect(r.files).toEqual([]);
  });
});

describe('GIVEN the HTTP interactions endpoint', () => {
  it('WHEN /nissan-honda chart arrives THEN it defers (type 5) and PATCHes @original as multipart with the PNG', async () => {
    const payload = fake.slashCommand({ name: 'chart', options: { query: 'honda tariff impact' } });
    const edit = fake.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${fake.appId}/${payload.token}/messages/@original`, 15_000);
    const res = await client.post(payload);
    expect(res.json).toEqual({ type: 5 });
    const r = await edit;
    expectChartUpload(r, r.body);
    expect(r.body.attachments).toEqual([{ id: 0, filename: 'chart-honda-tariff-may.png', description: expect.stringContaining('¥385 billion') }]);
    expect(r.status).toBe(200);
  });

  it('WHEN the figure is not in the log THEN the private error comes inline (type 4), with nothing deferred or uploaded', async () => {
    const res = await client.post(fake.slashCommand({ name: 'chart', options: { query: 'zebra unicorn figures' } }));
    expect(res.json.type).toBe(4);
    expect(res.json.data.flags & 64).toBe(64);
    expect(res.json.data.embeds[0].image).toBeUndefined();
  });

  it('WHEN the Chart button is clicked THEN a deferred update (type 6), then @original edited with the chart', async () => {
    const click = fake.buttonClick({ customId: 'chart:honda-tariff-nov' });
    const edit = fake.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${fake.appId}/${click.token}/messages/@original`, 15_000);
    const res = await client.post(click);
    expect(res.json).toEqual({ type: 6 });
    expectChartUpload(await edit, (await edit).body);
  });
});
