/** The Draft form over the HTTP interactions endpoint: a button answered with a modal (type 9), its submission (type 5). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { FakeDiscord, modalValues, PERMISSIONS } from '../../fake-discord/server.js';
import { startDiscordHttp, type DiscordHttpEndpoint } from '../../../src/platforms/discord/http.js';
import { createRegistry } from '../../../commands/index.js';
import { curationCommands } from '../../../commands/curate.js';
import { TimelineStore } from '../../../src/timeline/store.js';
import { SignedClient, testKeys } from '../../security/signing.js';
import { addCandidate, curationFixture, NOW, type CurationFixture } from '../../curation/helpers.js';

const keys = testKeys();
let fake: FakeDiscord;
let store: TimelineStore;
let endpoint: DiscordHttpEndpoint;
let client: SignedClient;
let f: CurationFixture;
let candidate: number;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  f = curationFixture();
  store = TimelineStore.open(f.eventsPath);
  candidate = (await addCandidate(f.store, { url: 'https://news.example/plant', title: 'Nissan and Honda discuss sharing a US plant', topics: ['plants'] })).id;
  endpoint = await startDiscordHttp({
    publicKey: keys.publicKeyHex,
    port: 0,
    host: '127.0.0.1',
    token: 'test-token',
    applicationId: fake.appId,
    apiUrl: fake.apiUrl,
    store,
    registry: createRegistry(curationCommands),
    services: { curation: { service: f.service, policy: { guildIds: [fake.guild.id] } } },
    now: () => NOW,
    // answer inline however busy the machine: these tests are about what is answered, not when
    deferAfterMs: 60_000,
  });
  client = new SignedClient(`http://127.0.0.1:${endpoint.port}`, keys, () => NOW);
});

afterAll(async () => {
  await endpoint?.stop();
  await fake?.close();
  store?.close();
  f?.db.close();
});

describe('GIVEN the Draft form over HTTP interactions', () => {
  it('WHEN a curator clicks Draft event THEN the answer is a modal (type 9) AND its submission (type 5) adds the event, privately confirmed', async () => {
    const modal = (await client.post(fake.buttonClick({ customId: `cq:draft:${candidate}`, permissions: PERMISSIONS.manageGuild }))).json;
    expect(modal.type).toBe(9);
    expect(modal.data.title.length).toBeLessThanOrEqual(45);
    const values = modalValues(modal);
    const res = await client.post(fake.modalSubmit({ customId: modal.data.custom_id, values, permissions: PERMISSIONS.manageGuild }));
    expect(res.json.type).toBe(4);
    expect(res.json.data.flags & 64).toBe(64);
    expect(res.json.data.embeds[0].title).toBe('Added to the log');
    expect(JSON.parse(readFileSync(f.eventsPath, 'utf8')).events.at(-1).sources[0].url).toBe('https://news.example/plant');
  });

  it('WHEN someone who is not a curator submits the form THEN it is refused AND the log is unchanged', async () => {
    const before = readFileSync(f.eventsPath);
    const res = await client.post(fake.modalSubmit({ customId: `cq:add:${candidate}`, values: { title: 't', date: '2026-07-01', summary: 's', status: ['reported'], tags: ['Honda', 'plants'] } }));
    expect(res.json.data.embeds[0].title).toBe('Curators only');
    expect(readFileSync(f.eventsPath).equals(before)).toBe(true);
  });
});
