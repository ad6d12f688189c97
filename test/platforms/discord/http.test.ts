/**
 * The HTTP-interactions endpoint on 127.0.0.1, driven by requests signed like Discord's. Deferred
 * answers are edited in through REST on the fake Discord (test/fake-discord).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, PERMISSIONS, type RecordedRequest } from '../../fake-discord/server.js';
import { startDiscordHttp, MAX_BODY_BYTES, type DiscordHttpEndpoint } from '../../../src/platforms/discord/http.js';
import { buildContext } from '../../../src/platforms/discord/interaction.js';
import { toDiscordApiMessage, TONE_COLORS } from '../../../src/platforms/discord/render.js';
import { createRegistry } from '../../../commands/index.js';
import { runAutocomplete, runCommand, type Registry } from '../../../src/core/dispatch.js';
import { UserError, type Subcommand } from '../../../src/core/command.js';
import { TimelineStore } from '../../../src/timeline/store.js';
import { discordMessageProblems } from './limits.js';
import { rawRequest, SignedClient, testKeys } from '../../security/signing.js';

const NOW = new Date('2026-06-01T09:00:00Z');
const keys = testKeys();

/** A gate the test opens: lets a handler outlast the defer threshold without timing the test. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}
let gates: ReturnType<typeof gate>[] = [];
const nextGate = () => {
  const g = gate();
  gates.push(g);
  return g;
};

const testCommands: Subcommand[] = [
  { name: 'slow-echo', description: 'Marked slow: always deferred', slow: true, options: [], run: () => ({ title: 'Slow answer', body: 'done' }) },
  {
    name: 'gated',
    description: 'Answers when the test opens its gate',
    options: [],
    run: async () => {
      await gates.shift()!.opened;
      return { title: 'Gated answer', body: 'finally' };
    },
  },
  {
    name: 'gated-fail',
    description: 'Fails politely after the gate opens',
    options: [],
    run: async () => {
      await gates.shift()!.opened;
      throw new UserError('That did not work, and here is exactly why.');
    },
  },
  {
    name: 'probe',
    group: 'digest',
    description: 'Admin-only and slow',
    requires: 'manage',
    slow: true,
    options: [],
    run: () => ({ title: 'Digest subscriptions', body: 'none yet' }),
  },
  {
    name: 'pager',
    description: 'A message with a gated button',
    options: [],
    run: () => ({ title: 'Pager', buttons: [{ action: 'pg:slow', label: 'Slow page' }] }),
    actionPrefix: 'pg',
    onAction: async () => {
      await gates.shift()!.opened;
      return { title: 'Page two' };
    },
  },
];

let fake: FakeDiscord;
let store: TimelineStore;
let registry: Registry;
let endpoint: DiscordHttpEndpoint;
let quick: DiscordHttpEndpoint; // defers after 20 ms, for the gated commands
let client: SignedClient;
let quickClient: SignedClient;
let dbOpen = true;

const ctxFor = (permissions: string = PERMISSIONS.member) =>
  buildContext({ timeline: store.current, now: NOW, services: { store }, userId: '900000000000000001', permissions, guildId: fake.guild.id, channelId: fake.textChannelId });

const webhook = (token: string, method: string, suffix = '/messages/@original') => (r: RecordedRequest) =>
  r.method === method && r.path === `/webhooks/${fake.appId}/${token}${suffix}`;

function expectInlineReply(res: { status: number; json: any }) {
  expect(res.status).toBe(200);
  expect(res.json.type).toBe(4);
  expect(res.json.data.allowed_mentions).toEqual({ parse: [] });
  expect(discordMessageProblems(res.json.data)).toEqual([]);
}

function expectEphemeralError(res: { status: number; json: any }) {
  expectInlineReply(res);
  expect(res.json.data.flags & 64).toBe(64);
  expect(res.json.data.embeds[0].color).toBe(TONE_COLORS.error);
}

beforeAll(async () => {
  fake = await FakeDiscord.start();
  store = TimelineStore.open('data/events.json');
  registry = createRegistry(testCommands);
  const common = { publicKey: keys.publicKeyHex, port: 0, host: '127.0.0.1', token: 'test-token', applicationId: fake.appId, apiUrl: fake.apiUrl, store, registry, now: () => NOW };
  endpoint = await startDiscordHttp({ ...common, health: () => ({ ok: dbOpen, checks: { database: dbOpen } }) });
  quick = await startDiscordHttp({ ...common, deferAfterMs: 20 });
  client = new SignedClient(`http://127.0.0.1:${endpoint.port}`, keys, () => NOW);
  quickClient = new SignedClient(`http://127.0.0.1:${quick.port}`, keys, () => NOW);
});

afterAll(async () => {
  await endpoint?.stop();
  await quick?.stop();
  await fake?.close();
  store?.close();
});

describe('GIVEN the HTTP interactions endpoint on 127.0.0.1', () => {
  it('WHEN Discord sends a signed PING THEN it answers 200 PONG as JSON', async () => {
    const res = await client.post({ id: fake.snowflake(), application_id: fake.appId, type: 1, token: 'ping', version: 1 });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json).toEqual({ type: 1 });
  });

  describe('WHEN each subcommand arrives as a signed APPLICATION_COMMAND', () => {
    const cases: { name: string; args: Record<string, string | number>; title: RegExp }[] = [
      { name: 'latest', args: { count: 3 }, title: /^Latest 3 developments$/ },
      { name: 'timeline', args: {}, title: /^Timeline: / },
      { name: 'event', args: {}, title: /./ }, // id filled in with a real event
      { name: 'figure', args: { query: 'honda tariff hit' }, title: /tariff/i },
      { name: 'ask', args: { question: 'How big was Honda’s tariff hit?' }, title: /./ },
      { name: 'recap', args: { period: 'all' }, title: /recap/i },
      { name: 'about', args: {}, title: /^About \/nissan-honda$/ },
    ];
    for (const c of cases) {
      it(`/nissan-honda ${c.name} THEN the response is type 4 with the embed the core renders, within limits, pinging nobody`, async () => {
        const args = c.name === 'event' ? { id: store.current.events.at(-1)!.id } : c.args;
        const res = await client.post(fake.slashCommand({ name: c.name, options: args }));
        expectInlineReply(res);
        expect(res.json.data.flags ?? 0).toBe(0);
        const expected = toDiscordApiMessage(await runCommand(registry, { name: c.name, args }, ctxFor()));
        expect(res.json.data).toEqual(JSON.parse(JSON.stringify(expected)));
        if (c.name !== 'event') expect(res.json.data.embeds[0].title).toMatch(c.title);
      });
    }
  });

  it('WHEN an autocomplete arrives THEN the response is type 8 with ≤ 25 choices, ranked as the core ranks them', async () => {
    const res = await client.post(fake.autocomplete({ name: 'event', options: { id: 'tariff' }, focused: 'id' }));
    expect(res.status).toBe(200);
    expect(res.json.type).toBe(8);
    const choices = res.json.data.choices as { name: string; value: string }[];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices).toEqual(runAutocomplete(registry, { name: 'event', args: { id: 'tariff' }, focused: 'id' }, ctxFor()));
    const fig = await client.post(fake.autocomplete({ name: 'figure', options: { query: 'honda' }, focused: 'query' }));
    expect(fig.json.type).toBe(8);
    expect(fig.json.data.choices.length).toBeGreaterThan(0);
  });

  it('WHEN the timeline’s Previous button is clicked THEN the response is an update (type 7) with the previous page', async () => {
    const first = await client.post(fake.slashCommand({ name: 'timeline' }));
    const prev = first.json.data.components[0].components[0];
    expect(prev.label).toMatch(/Previous/);
    const res = await client.post(fake.buttonClick({ customId: prev.custom_id, message: { embeds: first.json.data.embeds, components: first.json.data.components } }));
    expect(res.status).toBe(200);
    expect(res.json.type).toBe(7);
    expect(res.json.data.allowed_mentions).toEqual({ parse: [] });
    expect(res.json.data.flags).toBeUndefined();
    expect(discordMessageProblems(res.json.data)).toEqual([]);
    const pageOf = (b: any) => Number(/Page (\d+) of/.exec(b.data.embeds[0].footer.text)![1]);
    expect(pageOf(res.json)).toBe(pageOf(first.json) - 1);
  });

  it('WHEN a stale button is clicked THEN the answer is a new ephemeral message (type 4), not an update of the public one', async () => {
    expectEphemeralError(await client.post(fake.buttonClick({ customId: 'gone:42' })));
  });

  it('WHEN a subcommand is marked slow THEN it answers type 5 at once and then PATCHes @original through REST', async () => {
    const payload = fake.slashCommand({ name: 'slow-echo' });
    const edit = fake.waitFor(webhook(payload.token, 'PATCH'));
    const res = await client.post(payload);
    expect(res.json).toEqual({ type: 5 });
    const patch = await edit;
    expect(patch.body.embeds[0]).toMatchObject({ title: 'Slow answer', description: 'done' });
    expect(patch.body.allowed_mentions).toEqual({ parse: [] });
    expect(patch.body.flags).toBeUndefined();
    // Interaction webhooks are authorised by their token; the bot token is not sent there.
    expect(patch.headers.authorization).toBeUndefined();
  });

  it('WHEN a handler is still working at the defer threshold THEN the response is type 5 and the answer is edited in when ready', async () => {
    const g = nextGate();
    const payload = fake.slashCommand({ name: 'gated' });
    const edit = fake.waitFor(webhook(payload.token, 'PATCH'));
    const res = await quickClient.post(payload);
    expect(res.json).toEqual({ type: 5 });
    g.open();
    expect((await edit).body.embeds[0].title).toBe('Gated answer');
  });

  it('WHEN a deferred command fails THEN the public placeholder is deleted and the error follows up ephemerally', async () => {
    const g = nextGate();
    const payload = fake.slashCommand({ name: 'gated-fail' });
    const del = fake.waitFor(webhook(payload.token, 'DELETE'));
    const follow = fake.waitFor(webhook(payload.token, 'POST', ''));
    expect((await quickClient.post(payload)).json).toEqual({ type: 5 });
    g.open();
    await del;
    const f = await follow;
    expect(f.body.flags & 64).toBe(64);
    expect(f.body.embeds[0].description).toBe('That did not work, and here is exactly why.');
    expect(f.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('WHEN a button’s work outlasts the threshold THEN the response is a deferred update (type 6) and the message is edited', async () => {
    const g = nextGate();
    const payload = fake.buttonClick({ customId: 'pg:slow' });
    const edit = fake.waitFor(webhook(payload.token, 'PATCH'));
    expect((await quickClient.post(payload)).json).toEqual({ type: 6 });
    g.open();
    expect((await edit).body.embeds[0].title).toBe('Page two');
  });

  it('WHEN the digest group is used THEN a manager gets an ephemeral defer; a member gets “Admins only” at once, ephemerally', async () => {
    const allowed = fake.slashCommand({ group: 'digest', name: 'probe', permissions: PERMISSIONS.manageGuild });
    const edit = fake.waitFor(webhook(allowed.token, 'PATCH'));
    expect((await client.post(allowed)).json).toEqual({ type: 5, data: { flags: 64 } });
    expect((await edit).body.embeds[0].title).toBe('Digest subscriptions');

    const before = fake.requests.length;
    const denied = await client.post(fake.slashCommand({ group: 'digest', name: 'probe', permissions: PERMISSIONS.member }));
    expectEphemeralError(denied);
    expect(denied.json.data.embeds[0].title).toBe('Admins only');
    expect(fake.requests.length).toBe(before); // nothing deferred, nothing edited
  });

  it('WHEN a command other than /nissan-honda or a modal submit arrives THEN the answer is a polite ephemeral message', async () => {
    expectEphemeralError(await client.post(fake.slashCommand({ name: 'latest', commandName: 'other-bot' })));
    const modal = { ...fake.slashCommand({ name: 'latest' }), type: 5, data: { custom_id: 'form', components: [] } };
    expectEphemeralError(await client.post(modal));
  });

  describe('WHEN a load balancer calls GET /healthz', () => {
    it('with the log loaded and the database open THEN 200 { ok: true, checks }', async () => {
      const res = await rawRequest(`${client.baseUrl}/healthz`, { method: 'GET' });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ ok: true, checks: { log: true, logVersion: store.current.version, database: true } });
      const head = await rawRequest(`${client.baseUrl}/healthz`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.text).toBe('');
    });

    it('with the database closed THEN 503 and the failing check', async () => {
      dbOpen = false;
      try {
        const res = await rawRequest(`${client.baseUrl}/healthz`, { method: 'GET' });
        expect(res.status).toBe(503);
        expect(res.json.ok).toBe(false);
        expect(res.json.checks.database).toBe(false);
      } finally {
        dbOpen = true;
      }
    });

    it('without a health function THEN only the log is checked', async () => {
      const res = await rawRequest(`${quickClient.baseUrl}/healthz`, { method: 'GET' });
      expect(res.status).toBe(200);
      expect(res.json.checks).toEqual({ log: true, logVersion: store.current.version });
    });
  });

  it('WHEN any other path is requested THEN 404', async () => {
    for (const path of ['/', '/interactions/x', '/healthz/x', '/api/v10/gateway']) {
      expect((await rawRequest(`${client.baseUrl}${path}`, { method: 'GET' })).status).toBe(404);
    }
  });

  it('WHEN another route shares the port THEN its path goes to it with the body read under the same cap, unknown paths get 404, and a throwing route gives 500', async () => {
    const shared = await startDiscordHttp({
      publicKey: keys.publicKeyHex,
      port: 0,
      token: 't',
      applicationId: fake.appId,
      apiUrl: fake.apiUrl,
      store,
      registry,
      now: () => NOW,
      routes: [
        { path: '/other', methods: ['POST'], handle: async (body) => ({ status: 200, body: { got: body.toString() } }) },
        { path: '/boom', methods: ['GET'], handle: async () => { throw new Error('route bug'); } },
      ],
    });
    try {
      const base = `http://127.0.0.1:${shared.port}`;
      expect((await rawRequest(`${base}/other`, { method: 'POST', body: 'x' })).json).toEqual({ got: 'x' });
      expect((await rawRequest(`${base}/other`, { method: 'POST', body: Buffer.alloc(MAX_BODY_BYTES + 1) })).status).toBe(413);
      expect((await rawRequest(`${base}/slack/events`, { method: 'POST', body: 'x' })).status).toBe(404);
      expect((await rawRequest(`${base}/boom`, { method: 'GET' })).status).toBe(500);
      expect((await rawRequest(`${base}/healthz`, { method: 'GET' })).status).toBe(200);
      const ping = await new SignedClient(base, keys, () => NOW).post({ id: fake.snowflake(), type: 1 });
      expect(ping.json).toEqual({ type: 1 });
    } finally {
      await shared.stop();
    }
  });

  it('WHEN stopped THEN the port is closed', async () => {
    const other = await startDiscordHttp({ publicKey: keys.publicKeyHex, port: 0, token: 't', applicationId: fake.appId, apiUrl: fake.apiUrl, store, registry });
    const url = `http://127.0.0.1:${other.port}/healthz`;
    expect((await rawRequest(url, { method: 'GET' })).status).toBe(200);
    await other.stop();
    await expect(rawRequest(url, { method: 'GET' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
