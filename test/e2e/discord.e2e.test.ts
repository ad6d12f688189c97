/**
 * End to end: the real discord.js Client (through startDiscordGateway) against the fake Discord in
 * test/fake-discord on 127.0.0.1. Interactions arrive as INTERACTION_CREATE over the gateway; the
 * test reads the callbacks the bot sends back over REST.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeDiscord, PERMISSIONS, type RecordedRequest } from '../fake-discord/server.js';
import { startDiscordGateway, type DiscordGateway } from '../../src/platforms/discord/gateway.js';
import { deployCommands, main as deployMain } from '../../src/platforms/discord/deploy.js';
import { commandDefinition } from '../../src/platforms/discord/definition.js';
import { toDiscordMessage, TONE_COLORS } from '../../src/platforms/discord/render.js';
import { buildContext } from '../../src/platforms/discord/interaction.js';
import { createRegistry } from '../../commands/index.js';
import { runAutocomplete, runCommand, type Registry } from '../../src/core/dispatch.js';
import { UserError, type Subcommand } from '../../src/core/command.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { discordMessageProblems } from '../platforms/discord/limits.js';

const NOW = new Date('2026-06-01T09:00:00Z');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Test-only subcommands that exercise the Discord layer's timing and permission paths. */
const testCommands: Subcommand[] = [
  { name: 'slow-echo', description: 'Marked slow: always deferred', slow: true, options: [], run: () => ({ title: 'Slow answer', body: 'done' }) },
  {
    name: 'sleepy',
    description: 'Takes longer than the defer threshold',
    options: [],
    run: async () => {
      await sleep(900);
      return { title: 'Sleepy answer', body: 'finally' };
    },
  },
  {
    name: 'slow-fail',
    description: 'Marked slow and fails politely',
    slow: true,
    options: [],
    run: () => {
      throw new UserError('That did not work, and here is exactly why.');
    },
  },
  {
    name: 'e2e-probe',
    group: 'digest',
    description: 'Admin-only, slow',
    requires: 'manage',
    slow: true,
    options: [],
    run: () => ({ title: 'Digest subscriptions', body: 'none yet' }),
  },
];

let fake: FakeDiscord;
let gateway: DiscordGateway;
let store: TimelineStore;
let registry: Registry;
let loginMs = 0;
const roundTrips: number[] = [];

function expectedMessage(req: { group?: string; name: string; args: Record<string, unknown> }) {
  const ctx = buildContext({ timeline: store.current, now: NOW, services: { store }, userId: '900000000000000001', permissions: PERMISSIONS.member, guildId: fake.guild.id, channelId: fake.textChannelId });
  return runCommand(registry, req, ctx).then(toDiscordMessage);
}

const isCallback = (id: string) => (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`);

/** Dispatch an interaction and return the bot's callback body. */
async function interact(payload: Record<string, any>, timeoutMs = 2000): Promise<any> {
  const t = performance.now();
  const body = await fake.interact(payload, timeoutMs);
  roundTrips.push(performance.now() - t);
  return body;
}

function expectValidNormalReply(body: any) {
  expect(body.type).toBe(4);
  expect(body.data.allowed_mentions).toEqual({ parse: [] });
  expect(body.data.flags ?? 0).toBe(0);
  expect(discordMessageProblems(body.data)).toEqual([]);
}

function expectEphemeralError(body: any) {
  expect(body.type).toBe(4);
  expect(body.data.flags & 64).toBe(64);
  expect(body.data.allowed_mentions).toEqual({ parse: [] });
  expect(body.data.embeds[0].color).toBe(TONE_COLORS.error);
}

beforeAll(async () => {
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
  store = TimelineStore.open('data/events.json');
  registry = createRegistry(testCommands);
  // Warm the answer engine's lazily built index so that no read command needs a defer, even on a busy machine.
  const warm = buildContext({ timeline: store.current, now: NOW, userId: 'warm-up' });
  await runCommand(registry, { name: 'figure', args: { query: 'honda tariff hit' } }, warm);
  await runCommand(registry, { name: 'ask', args: { question: 'How big was Honda’s tariff hit?' } }, warm);
  runAutocomplete(registry, { name: 'event', args: { id: 'tariff' }, focused: 'id' }, warm);
  const t = performance.now();
  gateway = await startDiscordGateway({ token: 'test-token', apiUrl: fake.apiUrl, store, registry, now: () => NOW, deferAfterMs: 600 });
  loginMs = performance.now() - t;
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
  store?.close();
  if (roundTrips.length) {
    const sorted = [...roundTrips].sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(1);
    console.info(`discord e2e: login→ready ${loginMs.toFixed(0)} ms; ${sorted.length} interaction round trips p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, max ${q(1)} ms`);
  }
});

describe('GIVEN the real discord.js client and the fake Discord', () => {
  it('WHEN the bot starts THEN it logs in with the Guilds intent only, over the REST base URL, and sees the test server', () => {
    expect(gateway.client.isReady()).toBe(true);
    expect(gateway.client.guilds.cache.has(fake.guild.id)).toBe(true);
    const identify = fake.gatewayFrames.find((f) => f.op === 2)!;
    expect(identify.d.intents).toBe(1);
    expect(identify.d.token).toBe('test-token');
    const gw = fake.requests.find((r) => r.path === '/gateway/bot')!;
    expect(gw.headers.authorization).toBe('Bot test-token');
  });

  it('WHEN the token is refused (401) THEN startDiscordGateway rejects with a clear error instead of hanging', async () => {
    fake.failNext({ method: 'GET', path: /^\/gateway\/bot$/, status: 401, body: { code: 0, message: '401: Unauthorized' } });
    const started = startDiscordGateway({ token: 'bad-token', apiUrl: fake.apiUrl, store, registry });
    await expect(started).rejects.toThrow(/token/i);
  });

  describe('WHEN deploy-commands runs', () => {
    it('with DISCORD_GUILD_ID THEN it PUTs the definition to the guild route, without contexts', async () => {
      const lines: string[] = [];
      const wait = fake.waitFor((r) => r.method === 'PUT' && r.path === `/applications/${fake.appId}/guilds/${fake.guild.id}/commands`);
      const res = await deployCommands({ token: 'test-token', clientId: fake.appId, guildId: fake.guild.id, apiUrl: fake.apiUrl, registry: createRegistry(), timeline: store.current, print: (l) => lines.push(l) });
      const put = await wait;
      const { contexts: _c, integration_types: _i, ...expected } = commandDefinition(createRegistry(), store.current);
      expect(put.body).toEqual([expected]);
      expect(put.headers.authorization).toBe('Bot test-token');
      expect(res.scope).toBe('guild');
      expect(res.registered[0].id).toMatch(/^\d+$/);
      expect(fake.commands.guilds.get(fake.guild.id)![0].name).toBe('nissan-honda');
      expect(lines.join('\n')).toMatch(new RegExp(`Registered /nissan-honda with \\d+ subcommands \\(latest, timeline, event, figure, chart, ask, recap, about.*\\) to server ${fake.guild.id}`));
    });

    it('without DISCORD_GUILD_ID THEN it PUTs the full definition globally', async () => {
      const wait = fake.waitFor((r) => r.method === 'PUT' && r.path === `/applications/${fake.appId}/commands`);
      const res = await deployCommands({ token: 'test-token', clientId: fake.appId, apiUrl: fake.apiUrl, registry: createRegistry(), timeline: store.current, print: () => undefined });
      expect((await wait).body).toEqual([commandDefinition(createRegistry(), store.current)]);
      expect(res.scope).toBe('global');
      expect(fake.commands.global[0]).toMatchObject({ name: 'nissan-honda', application_id: fake.appId, contexts: [0] });
    });

    it('with --dry-run THEN it prints the JSON and sends nothing; without a token THEN one line names the variable and the exit code is 1', async () => {
      const before = fake.requests.length;
      const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        expect(await deployMain(['--dry-run'], { EVENTS_PATH: 'data/events.json' })).toBe(0);
        const printed = out.mock.calls.map((c) => String(c[0])).join('');
        expect(JSON.parse(printed)[0].name).toBe('nissan-honda');
        expect(await deployMain([], { EVENTS_PATH: 'data/events.json', DISCORD_CLIENT_ID: fake.appId })).toBe(1);
        expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(/^Configuration error: DISCORD_TOKEN is missing — .*\n$/);
        err.mockClear();
        expect(await deployMain([], { EVENTS_PATH: 'data/events.json', DISCORD_TOKEN: 'x' })).toBe(1);
        expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(/DISCORD_CLIENT_ID is missing/);
      } finally {
        out.mockRestore();
        err.mockRestore();
      }
      expect(fake.requests.length).toBe(before);
    });
  });

  describe('WHEN each subcommand arrives as INTERACTION_CREATE', () => {
    const cases: { name: string; args: Record<string, string | number>; title: RegExp }[] = [
      { name: 'latest', args: { count: 3 }, title: /^Latest 3 developments$/ },
      { name: 'timeline', args: {}, title: /^Timeline: / },
      { name: 'event', args: { id: '' }, title: /./ }, // id filled in below with a real event
      { name: 'figure', args: { query: 'honda tariff hit' }, title: /tariff/i },
      { name: 'ask', args: { question: 'How big was Honda’s tariff hit?' }, title: /./ },
      { name: 'recap', args: { period: 'all' }, title: /recap/i },
      { name: 'about', args: {}, title: /^About \/nissan-honda$/ },
    ];
    for (const c of cases) {
      it(`/nissan-honda ${c.name} THEN the callback is type 4 with the same embed the core renders, within limits, pinging nobody`, async () => {
        const args = c.name === 'event' ? { id: store.current.events.at(-1)!.id } : c.args;
        const body = await interact(fake.slashCommand({ name: c.name, options: args }));
        expectValidNormalReply(body);
        const expected = await expectedMessage({ name: c.name, args });
        expect(body.data.embeds).toEqual(expected.embeds);
        expect(body.data.components).toEqual(expected.components);
        const title = body.data.embeds[0].title as string;
        expect(title).toMatch(c.name === 'event' ? new RegExp(escapeRe(store.current.events.at(-1)!.title.slice(0, 40))) : c.title);
      });
    }
  });

  it('WHEN an unknown event id arrives THEN the answer is an ephemeral (flags 64), specific error', async () => {
    const body = await interact(fake.slashCommand({ name: 'event', options: { id: 'no-such-event-2031' } }));
    expectEphemeralError(body);
    expect(JSON.stringify(body.data.embeds[0])).toMatch(/no-such-event-2031/);
  });

  it('WHEN an option is longer than its limit THEN the answer is an ephemeral error naming the option and the limit', async () => {
    const body = await interact(fake.slashCommand({ name: 'ask', options: { question: 'why '.repeat(80) } }));
    expectEphemeralError(body);
    expect(body.data.embeds[0].description).toMatch(/`question` is too long: 319 characters, the limit is 300/);
  });

  it('WHEN an autocomplete arrives THEN the callback is type 8 with ≤ 25 choices, the same the core ranks', async () => {
    const payload = fake.autocomplete({ name: 'event', options: { id: 'tariff' }, focused: 'id' });
    const body = await interact(payload);
    expect(body.type).toBe(8);
    const choices = body.data.choices as { name: string; value: string }[];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const ch of choices) expect(ch.name.length).toBeLessThanOrEqual(100);
    const ctx = buildContext({ timeline: store.current, now: NOW, userId: 'u' });
    expect(choices).toEqual(runAutocomplete(registry, { name: 'event', args: { id: 'tariff' }, focused: 'id' }, ctx));
  });

  it('WHEN a figure autocomplete arrives THEN choices come back as well', async () => {
    const body = await interact(fake.autocomplete({ name: 'figure', options: { query: 'honda' }, focused: 'query' }));
    expect(body.type).toBe(8);
    expect(body.data.choices.length).toBeGreaterThan(0);
  });

  it('WHEN the timeline’s Previous button is clicked THEN the callback is an update (type 7) showing the previous page', async () => {
    const first = await interact(fake.slashCommand({ name: 'timeline' }));
    const [prev, next] = first.data.components[0].components;
    expect(prev.label).toMatch(/Previous/);
    expect(next.disabled).toBe(true); // opens on the most recent page
    const body = await interact(fake.buttonClick({ customId: prev.custom_id, message: { embeds: first.data.embeds, components: first.data.components } }));
    expect(body.type).toBe(7);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    expect(body.data.flags).toBeUndefined();
    expect(discordMessageProblems(body.data)).toEqual([]);
    const pageOf = (b: any) => Number(/Page (\d+) of/.exec(b.data.embeds[0].footer.text)![1]);
    expect(pageOf(body)).toBe(pageOf(first) - 1);
    expect(body.data.embeds[0].description).not.toBe(first.data.embeds[0].description);
    expect(body.data.components[0].components[1].disabled).toBeUndefined();
  });

  it('WHEN a stale or unknown button is clicked THEN the answer is an ephemeral reply and the message is left alone', async () => {
    const body = await interact(fake.buttonClick({ customId: 'gone:42' }));
    expectEphemeralError(body);
  });

  it('WHEN a subcommand is marked slow THEN it defers publicly (type 5) and then edits @original', async () => {
    const payload = fake.slashCommand({ name: 'slow-echo' });
    const edit = fake.waitFor((r) => r.method === 'PATCH' && r.path.endsWith(`/${payload.token}/messages/@original`));
    const body = await interact(payload);
    expect(body.type).toBe(5);
    expect(body.data?.flags ?? 0).toBe(0);
    const patch = await edit; // discord.js sends `%40original`; the fake decodes it
    expect(patch.body.embeds[0]).toMatchObject({ title: 'Slow answer', description: 'done' });
    expect(patch.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('WHEN a handler outlasts the defer threshold THEN the bot defers and edits the answer in', async () => {
    const payload = fake.slashCommand({ name: 'sleepy' });
    const edit = fake.waitFor((r) => r.method === 'PATCH' && r.path.includes(payload.token), 4000);
    const deferred = await interact(payload);
    expect(deferred.type).toBe(5);
    expect(roundTrips.at(-1)!).toBeGreaterThanOrEqual(550); // deferred at the threshold, not before
    expect((await edit).body.embeds[0].title).toBe('Sleepy answer');
  });

  it('WHEN a deferred command fails THEN the public placeholder is removed and the error follows up ephemerally', async () => {
    const payload = fake.slashCommand({ name: 'slow-fail' });
    const del = fake.waitFor((r) => r.method === 'DELETE' && r.path.includes(payload.token));
    const follow = fake.waitFor((r) => r.method === 'POST' && r.path === `/webhooks/${fake.appId}/${payload.token}`);
    expect((await interact(payload)).type).toBe(5);
    await del;
    const f = await follow;
    expect(f.body.flags & 64).toBe(64);
    expect(f.body.embeds[0].description).toBe('That did not work, and here is exactly why.');
  });

  it('WHEN a member without Manage Server uses the digest group THEN the answer is ephemeral “Admins only”; with it, the defer is ephemeral', async () => {
    const denied = fake.slashCommand({ group: 'digest', name: 'e2e-probe', permissions: PERMISSIONS.member });
    // digest commands defer privately before the answer is known
    const deniedEdit = fake.waitFor((r) => r.method === 'PATCH' && r.path.includes(denied.token));
    const d = await interact(denied);
    expect(d).toEqual({ type: 5, data: { flags: 64 } });
    expect((await deniedEdit).body.embeds[0].title).toBe('Admins only');

    const allowed = fake.slashCommand({ group: 'digest', name: 'e2e-probe', permissions: PERMISSIONS.manageGuild });
    const edit = fake.waitFor((r) => r.method === 'PATCH' && r.path.includes(allowed.token));
    expect(await interact(allowed)).toEqual({ type: 5, data: { flags: 64 } });
    expect((await edit).body.embeds[0].title).toBe('Digest subscriptions');
  });

  it('WHEN the interaction has expired (10062) THEN the failure is logged, nothing crashes, and the next interaction is answered', async () => {
    fake.failNext({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 404, body: { code: 10062, message: 'Unknown interaction' } });
    const payload = fake.slashCommand({ name: 'about' });
    const wait = fake.waitFor(isCallback(payload.id));
    fake.sendInteraction(payload);
    expect((await wait).status).toBe(404);
    await sleep(30);
    expect(fake.callbacks(payload.id)).toEqual([]); // no second attempt at an expired interaction
    expectValidNormalReply(await interact(fake.slashCommand({ name: 'about' })));
  });

  it('WHEN the gateway connection drops with a resumable code THEN the client resumes and keeps answering', async () => {
    const resume = fake.waitForGateway((f) => f.op === 6, 5000);
    fake.dropConnection(4000);
    const frame = await resume;
    expect(frame.d.token).toBe('test-token');
    // RESUMED is sent right after the RESUME frame; give the client a tick to process it.
    await sleep(20);
    expectValidNormalReply(await interact(fake.slashCommand({ name: 'latest' }), 3000));
    expect(fake.resumes).toBe(1);
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
