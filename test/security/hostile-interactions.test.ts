/**
 * Signed interactions carrying what Discord never sends: a tampered timeline button state (markdown and mentions
 * in the filters, impossible dates) and interaction ids of any length (which the replay guard would keep for
 * 10 minutes). Each is refused politely; nothing the client sent is echoed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INTERACTION_ID_LENGTH } from '../../src/platforms/discord/http.js';
import { createRegistry } from '../../commands/index.js';
import { startTestEndpoint, type TestEndpoint } from '../helpers/endpoint.js';

let t: TestEndpoint;
beforeAll(async () => {
  t = await startTestEndpoint({ registry: createRegistry() });
});
afterAll(async () => {
  await t?.close();
});

const click = async (customId: string) => {
  const res = await t.client.post(t.fake.buttonClick({ customId }));
  return { res, text: JSON.stringify(res.json.data ?? {}) };
};

describe('GIVEN a timeline button whose state was tampered with', () => {
  for (const state of [
    'tl:0|**@everyone** [x](https://evil.example)||||',
    'tl:0|||[click](https://evil.example)|',
    'tl:0||||[click](https://evil.example)',
    'tl:0|||2025-13|',
    'tl:0||||2025-00-99',
    'tl:0|||2026-01|2025-01',
    `tl:0||${'x'.repeat(60)}||`,
    'tl:0|||||extra',
  ]) {
    it(`WHEN the state is ${JSON.stringify(state.slice(0, 50))} THEN a private "out of date" answer, nothing echoed, no "undefined"`, async () => {
      const { res, text } = await click(state);
      expect(res.status).toBe(200);
      expect(res.json.type).toBe(4);
      expect(res.json.data.flags & 64).toBe(64);
      expect(text).toMatch(/out of date/);
      expect(text).not.toMatch(/evil\.example|@everyone|undefined|xxxxxxxx/);
    });
  }

  it('WHEN the state is a real one THEN the page still turns', async () => {
    const { res } = await click('tl:0||||');
    expect(res.json.type).toBe(7);
    expect(res.json.data.embeds[0].title).toMatch(/^Timeline/);
  });
});

describe('GIVEN interaction ids of any length', () => {
  it('WHEN an id is longer than a snowflake can be THEN 400 before the replay guard keeps it', async () => {
    const res = await t.client.post({ id: '9'.repeat(60_000), type: 1 });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/interaction id too long/);
    const ok = await t.client.post({ id: '1'.repeat(MAX_INTERACTION_ID_LENGTH), type: 1 });
    expect(ok.json).toEqual({ type: 1 });
  });
});
