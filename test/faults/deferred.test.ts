/**
 * A deferred answer whose edit keeps failing: with 429 on every try @discordjs/rest would wait and retry for as
 * long as the interaction token lives (15 minutes). The edit gives up after a bounded time and says so once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type RecordedRequest } from '../fake-discord/server.js';
import { startDiscordHttp, type DiscordHttpEndpoint } from '../../src/platforms/discord/http.js';
import { createRegistry } from '../../commands/index.js';
import type { Subcommand } from '../../src/core/command.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { captureLog } from '../helpers/log.js';
import { SignedClient, testKeys } from '../security/signing.js';

const keys = testKeys();
const slowEcho: Subcommand = { name: 'slow-echo', description: 'Always deferred', slow: true, options: [], run: () => ({ title: 'Slow answer', body: 'done' }) };
let fake: FakeDiscord;
let store: TimelineStore;
let endpoint: DiscordHttpEndpoint;
let client: SignedClient;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  store = TimelineStore.open('data/events.json');
  endpoint = await startDiscordHttp({
    publicKey: keys.publicKeyHex,
    port: 0,
    token: 't',
    applicationId: fake.appId,
    apiUrl: fake.apiUrl,
    store,
    registry: createRegistry([slowEcho]),
    deferredBudgetMs: 1500,
  });
  client = new SignedClient(`http://127.0.0.1:${endpoint.port}`, keys);
});

afterAll(async () => {
  await endpoint?.stop();
  await fake?.close();
  store?.close();
});

describe('GIVEN a deferred answer', () => {
  it('WHEN every edit of @original gets 429 THEN it gives up after its budget, logs one ERROR, and stops trying', async () => {
    const payload = fake.slashCommand({ name: 'slow-echo' });
    const edits = (r: RecordedRequest) => r.method === 'PATCH' && r.path === `/webhooks/${fake.appId}/${payload.token}/messages/@original`;
    fake.failNext({ method: 'PATCH', path: new RegExp(`/${payload.token}/messages/@original$`), status: 429, retryAfterSeconds: 0.05, times: 100_000 });
    const log = await captureLog(async (sofar) => {
      expect((await client.post(payload)).json).toEqual({ type: 5 });
      for (let i = 0; i < 1500 && !sofar().includes('gave up sending the deferred answer'); i++) await new Promise((r) => setTimeout(r, 20));
    });
    const errors = log.split('\n').filter((l) => / ERROR /.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/gave up sending the deferred answer what="\/nissan-honda slow-echo".*no success within 1500 ms/);
    const attempts = fake.requests.filter(edits).length;
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.requests.filter(edits).length).toBe(attempts);
  });
});
