/**
 * A deferred answer whose edit keeps failing: with 429 on every try @discordjs/rest would wait and retry for as
 * long as the interaction token lives (15 minutes). The edit gives up after a bounded time and says so once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../fake-discord/server.js';
import { createRegistry } from '../../commands/index.js';
import type { Subcommand } from '../../src/core/command.js';
import { captureLog } from '../helpers/log.js';
import { startTestEndpoint, type TestEndpoint } from '../helpers/endpoint.js';

const slowEcho: Subcommand = { name: 'slow-echo', description: 'Always deferred', slow: true, options: [], run: () => ({ title: 'Slow answer', body: 'done' }) };
let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint({ registry: createRegistry([slowEcho]), deferredBudgetMs: 1500 });
});
afterAll(async () => {
  await t?.close();
});

describe('GIVEN a deferred answer', () => {
  it('WHEN every edit of @original gets 429 THEN it gives up after its budget, logs one ERROR, and stops trying', async () => {
    const { fake, client } = t;
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
