/**
 * Hostile requests and hostile text, in both Discord modes:
 *  - HTTP interactions: forged and replayed requests, oversized and malformed bodies, wrong methods,
 *    unknown interaction types — each refused with the right status, logged, and nothing runs;
 *  - both HTTP and the gateway (real discord.js client on the fake Discord): option values at and past
 *    their limits, mentions and markdown echoed back, and a member without Manage Server calling
 *    `digest subscribe` through a hand-built payload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { FakeDiscord, PERMISSIONS, type RecordedRequest } from '../fake-discord/server.js';
import { startDiscordHttp, MAX_BODY_BYTES, type DiscordHttpEndpoint } from '../../src/platforms/discord/http.js';
import { startDiscordGateway, type DiscordGateway } from '../../src/platforms/discord/gateway.js';
import { createDiscordDigestSink } from '../../src/platforms/discord/digest-sink.js';
import { TONE_COLORS } from '../../src/platforms/discord/render.js';
import { createRegistry } from '../../commands/index.js';
import { digestCommands } from '../../commands/digest.js';
import type { Registry } from '../../src/core/dispatch.js';
import type { Subcommand } from '../../src/core/command.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { createDigestService, type DigestService } from '../../src/digests/service.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { discordMessageProblems } from '../platforms/discord/limits.js';
import { captureLog } from '../helpers/log.js';
import { rawRequest, signatureHeaders, SignedClient, testKeys, unixSeconds } from './signing.js';

const NOW = new Date('2026-06-01T09:00:00Z');
const keys = testKeys();

/** Counts every run, so a refused request can be shown to have run nothing. */
let probeRuns = 0;
const probe: Subcommand = { name: 'probe', description: 'Counts runs', options: [], run: () => ({ title: `probe ${++probeRuns}` }) };

let fake: FakeDiscord;
let store: TimelineStore;
let db: Db;
let digests: DigestService;
let registry: Registry;
let endpoint: DiscordHttpEndpoint;
let gateway: DiscordGateway;
let client: SignedClient;

const subscriptionCount = () => (db.prepare('SELECT COUNT(*) AS n FROM subscriptions').get() as { n: number }).n;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  store = TimelineStore.open('data/events.json');
  db = openDatabase(':memory:');
  digests = createDigestService({ db, store, sinks: [createDiscordDigestSink({ token: 'test-token', api: fake.apiUrl })], catchupHours: 6, now: () => NOW, timers: false });
  registry = createRegistry([...digestCommands, probe]);
  const services = { store, digests };
  endpoint = await startDiscordHttp({ publicKey: keys.publicKeyHex, port: 0, host: '127.0.0.1', token: 'test-token', applicationId: fake.appId, apiUrl: fake.apiUrl, store, registry, services, now: () => NOW });
  client = new SignedClient(`http://127.0.0.1:${endpoint.port}`, keys, () => NOW);
  gateway = await startDiscordGateway({ token: 'test-token', apiUrl: fake.apiUrl, store, registry, services, now: () => NOW });
});

afterAll(async () => {
  await gateway?.stop();
  await endpoint?.stop();
  await digests?.stop();
  db?.close();
  await fake?.close();
  store?.close();
});

const command = (name: string, options: Record<string, any> = {}, extra: Record<string, any> = {}) => fake.slashCommand({ name, options, ...extra });

describe('GIVEN the HTTP interactions endpoint under attack', () => {
  it('WHEN the signature is forged THEN 401, the command never runs, and the rejection is logged at warn without the signature', async () => {
    const runs = probeRuns;
    const body = JSON.stringify(command('probe'));
    const forged = 'ab'.repeat(64);
    const log = await captureLog(async () => {
      const res = await rawRequest(client.url, { headers: { 'content-type': 'application/json', 'x-signature-ed25519': forged, 'x-signature-timestamp': unixSeconds(NOW) }, body });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: 'signature does not match' });
    });
    expect(probeRuns).toBe(runs);
    expect(log).toMatch(/WARN +http: request rejected status=401 reason="signature does not match" method=POST path=\/interactions/);
    expect(log).not.toContain(forged);
  });

  it('WHEN a valid signature of another body is sent with this body THEN 401', async () => {
    const runs = probeRuns;
    const signedBody = JSON.stringify({ type: 1 });
    const res = await rawRequest(client.url, { headers: { 'content-type': 'application/json', ...signatureHeaders(keys.privateKey, signedBody, unixSeconds(NOW)) }, body: JSON.stringify(command('probe')) });
    expect(res.status).toBe(401);
    expect(probeRuns).toBe(runs);
  });

  it('WHEN the signature headers are missing or malformed THEN 401', async () => {
    const body = JSON.stringify({ type: 1 });
    const good = signatureHeaders(keys.privateKey, body, unixSeconds(NOW));
    const variants: Record<string, string>[] = [
      {},
      { 'x-signature-timestamp': good['x-signature-timestamp'] },
      { 'x-signature-ed25519': good['x-signature-ed25519'] },
      { ...good, 'x-signature-ed25519': good['x-signature-ed25519'].slice(0, 127) },
      { ...good, 'x-signature-ed25519': 'zz' + good['x-signature-ed25519'].slice(2) },
      { ...good, 'x-signature-timestamp': 'yesterday' },
    ];
    for (const headers of variants) expect((await rawRequest(client.url, { headers, body })).status).toBe(401);
  });

  it('WHEN a correctly signed request carries a timestamp more than 5 minutes old or ahead THEN 401 (replay window)', async () => {
    const runs = probeRuns;
    for (const offsetS of [-301, 301, -3600]) {
      const res = await client.post(command('probe'), { at: new Date(NOW.getTime() + offsetS * 1000) });
      expect(res.status).toBe(401);
      expect(res.json.error).toBe('timestamp outside the 5-minute window');
    }
    expect(probeRuns).toBe(runs);
    // Just inside the window is accepted.
    expect((await client.post(command('probe'), { at: new Date(NOW.getTime() - 299_000) })).status).toBe(200);
  });

  it('WHEN an accepted request is replayed byte for byte within the window THEN the copy is refused (401) and runs nothing', async () => {
    const body = JSON.stringify(command('probe'));
    const headers = { 'content-type': 'application/json', ...signatureHeaders(keys.privateKey, body, unixSeconds(NOW)) };
    expect((await rawRequest(client.url, { headers, body })).status).toBe(200);
    const runs = probeRuns;
    const replay = await rawRequest(client.url, { headers, body });
    expect(replay.status).toBe(401);
    expect(replay.json.error).toMatch(/replayed/);
    expect(probeRuns).toBe(runs);
  });

  it(`WHEN the body is over ${MAX_BODY_BYTES} bytes THEN 413, declared or streamed; exactly at the limit THEN it is read`, async () => {
    const over = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
    const declared = await rawRequest(client.url, { headers: { 'content-type': 'application/json', ...signatureHeaders(keys.privateKey, over, unixSeconds(NOW)) }, body: over });
    expect(declared.status).toBe(413);
    // Chunked, no Content-Length: the reader stops at the cap.
    const chunks = Array.from({ length: 16 }, () => Buffer.alloc(64 * 1024, 0x20));
    const streamed = await rawRequest(client.url, { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...signatureHeaders(keys.privateKey, 'x', unixSeconds(NOW)) }, body: chunks });
    expect(streamed.status).toBe(413);
    // A signed PING padded with whitespace to exactly the limit is fine.
    const ping = Buffer.from('{"type":1}');
    const exact = Buffer.concat([ping, Buffer.alloc(MAX_BODY_BYTES - ping.length, 0x20)]);
    const res = await rawRequest(client.url, { headers: { 'content-type': 'application/json', ...signatureHeaders(keys.privateKey, exact, unixSeconds(NOW)) }, body: exact });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ type: 1 });
  });

  it('WHEN a signed body is not JSON, or JSON but not an interaction THEN 400 with a JSON error', async () => {
    for (const body of ['{"type":1', 'type=1', '', '\u0000\u0001', '[1,2]', 'null', '"ping"', '{"type":"1"}', '{}']) {
      const res = await client.post(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(typeof res.json.error).toBe('string');
    }
  });

  it('WHEN /interactions is called with GET, PUT, DELETE or PATCH THEN 405 with Allow: POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const res = await rawRequest(client.url, { method });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('POST');
    }
  });

  it('WHEN a signed interaction has an unknown type THEN 400 with a JSON error', async () => {
    for (const type of [0, 6, 99, -1, 2.5]) {
      const res = await client.post({ ...command('probe'), id: fake.snowflake(), type });
      expect(res.status).toBe(400);
      expect(res.json.error).toMatch(/unknown interaction type/);
    }
  });

  it('WHEN a signed interaction has a missing or odd data shape THEN it gets a polite ephemeral answer, never a crash', async () => {
    const base = command('probe');
    for (const data of [undefined, null, {}, { name: 'nissan-honda' }, { name: 'nissan-honda', options: 'x' }, { name: 'nissan-honda', options: [{ type: 1 }] }]) {
      const res = await client.post({ ...base, id: fake.snowflake(), data });
      expect(res.status).toBe(200);
      expect(res.json.type).toBe(4);
      expect(res.json.data.flags & 64).toBe(64);
    }
    const button = await client.post({ ...fake.buttonClick({ customId: 'x' }), data: { custom_id: 42 } });
    expect(button.json.type).toBe(4);
    expect(button.json.data.flags & 64).toBe(64);
    const ac = await client.post({ ...fake.autocomplete({ name: 'event', options: { id: 'x' }, focused: 'id' }), data: null });
    expect(ac.json).toEqual({ type: 8, data: { choices: [] } });
  });

  it('WHEN the connection carries garbage instead of HTTP THEN 400 and the endpoint keeps serving', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(endpoint.port, '127.0.0.1', () => socket.write('NOT-HTTP \u0000\u0001\r\n\r\n'));
      let data = '';
      socket.on('data', (c) => (data += String(c)));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect((await client.post({ id: fake.snowflake(), type: 1 })).json).toEqual({ type: 1 });
  });
});

// ── The same hostile input through both modes ───────────────────────────────────────────────────

type Send = (payload: Record<string, any>) => Promise<{ type: number; data: any }>;

const isCallback = (id: string) => (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`);

const modes: { name: string; send: Send }[] = [
  {
    name: 'HTTP interactions',
    send: async (payload) => {
      const res = await client.post(payload);
      expect(res.status).toBe(200);
      return res.json;
    },
  },
  {
    name: 'the gateway',
    send: async (payload) => {
      const wait = fake.waitFor(isCallback(payload.id), 3000);
      fake.sendInteraction(payload);
      return (await wait).body;
    },
  },
];

function expectNormal(res: { type: number; data: any }) {
  expect(res.type).toBe(4);
  expect(res.data.flags ?? 0).toBe(0);
  expect(res.data.allowed_mentions).toEqual({ parse: [] });
  expect(discordMessageProblems(res.data)).toEqual([]);
}

function expectPoliteError(res: { type: number; data: any }, message: RegExp) {
  expect(res.type).toBe(4);
  expect(res.data.flags & 64).toBe(64);
  expect(res.data.allowed_mentions).toEqual({ parse: [] });
  expect(res.data.embeds[0].color).toBe(TONE_COLORS.error);
  expect(res.data.embeds[0].description).toMatch(message);
  expect(discordMessageProblems(res.data)).toEqual([]);
}

/** No raw mention survives anywhere in the message, and user markdown is escaped rather than rendered. */
function expectDefused(res: { type: number; data: any }) {
  expect(res.data.allowed_mentions).toEqual({ parse: [] });
  expect(res.data.content ?? '').toBe('');
  const text = JSON.stringify(res.data.embeds);
  expect(text).not.toMatch(/@everyone|@here/);
  expect(text).not.toMatch(/<@[!&]?\d+>/);
  expect(text).not.toMatch(/<#\d+>/);
}

const HOSTILE = '@everyone @here <@&1200000000000000002> <@900000000000000002> <#1300000000000000001> **bold** __u__ ||spoiler|| [click](https://evil.example) `code` # Heading > quote';

for (const mode of modes) {
  describe(`GIVEN hostile input through ${mode.name}`, () => {
    it('WHEN `ask` gets a question of exactly 300 characters THEN it answers; 301 THEN a polite ephemeral error naming the limit', async () => {
      const q = 'How big was Honda’s tariff hit? '.repeat(10).slice(0, 300);
      expect(q.length).toBe(300);
      expectNormal(await mode.send(command('ask', { question: q })));
      expectPoliteError(await mode.send(command('ask', { question: q + '?' })), /`question` is too long: 301 characters, the limit is 300/);
      expectPoliteError(await mode.send(command('ask', { question: 'x'.repeat(6000) })), /`question` is too long: 6000 characters/);
    });

    it('WHEN `latest count` is 10 THEN 10 events; 11, 0, -5, 2.5 or text THEN polite ephemeral errors', async () => {
      const ok = await mode.send(command('latest', { count: 10 }));
      expectNormal(ok);
      expect(ok.data.embeds[0].title).toBe('Latest 10 developments');
      expectPoliteError(await mode.send(command('latest', { count: 11 })), /`count` can be at most 10 \(got 11\)/);
      expectPoliteError(await mode.send(command('latest', { count: 0 })), /`count` must be at least 1/);
      expectPoliteError(await mode.send(command('latest', { count: -5 })), /`count` must be at least 1/);
      expectPoliteError(await mode.send(command('latest', { count: { value: 2.5, type: 10 } })), /`count` must be a whole number/);
      expectPoliteError(await mode.send(command('latest', { count: { value: 'ten', type: 3 } })), /`count` must be a whole number/);
    });

    it('WHEN `event id` is 100 characters THEN “not found”; 101 or far longer THEN “too long”, both ephemeral', async () => {
      expectPoliteError(await mode.send(command('event', { id: 'z'.repeat(100) })), /There is no event/);
      expectPoliteError(await mode.send(command('event', { id: 'z'.repeat(101) })), /`id` is too long: 101 characters, the limit is 100/);
      expectPoliteError(await mode.send(command('event', { id: 'z'.repeat(20_000) })), /`id` is too long: 20000 characters/);
    });

    it('WHEN options are unknown or subcommands do not exist THEN polite ephemeral errors', async () => {
      expectPoliteError(await mode.send(command('latest', { colour: 'red' })), /has no option `colour`/);
      expectPoliteError(await mode.send(command('rm-rf')), /There is no `\/nissan-honda rm-rf`/);
    });

    it('WHEN user text carries @everyone, role, user and channel mentions and markdown THEN it is echoed escaped and pings nobody', async () => {
      const asked = await mode.send(command('ask', { question: HOSTILE }));
      expectNormal(asked);
      expectDefused(asked);
      const title = asked.data.embeds[0].title as string;
      expect(title).toContain('@\u200beveryone');
      expect(title).toContain('<\u200b@\u200b&1200000000000000002');
      expect(title).toContain('\\*\\*bold\\*\\*');
      expect(title).toContain('\\[click\\]\\(https://evil.example\\)');
      expect(title).toContain('\\`code\\`');

      for (const [name, options] of [
        ['event', { id: HOSTILE }],
        ['figure', { query: HOSTILE.slice(0, 100) }],
        ['timeline', { company: '@everyone **x**' }],
        ['latest', { [HOSTILE.slice(0, 30)]: 1 }],
      ] as const) {
        const res = await mode.send(command(name, options));
        expectDefused(res);
        expect(discordMessageProblems(res.data)).toEqual([]);
      }
    });

    it('WHEN autocomplete input is hostile or huge THEN ≤ 25 choices come back and nothing breaks', async () => {
      const payload = fake.autocomplete({ name: 'event', options: { id: HOSTILE + 'x'.repeat(5000) }, focused: 'id' });
      const res = await mode.send(payload);
      expect(res.type).toBe(8);
      expect(res.data.choices.length).toBeLessThanOrEqual(25);
    });

    it('WHEN a member without Manage Server sends `digest subscribe` in a hand-built payload THEN “Admins only”, ephemerally, and nothing is stored', async () => {
      const before = subscriptionCount();
      const denied = await mode.send(fake.slashCommand({ group: 'digest', name: 'subscribe', options: { frequency: 'daily', time: '09:00' }, permissions: PERMISSIONS.member }));
      expectPoliteError(denied, /Manage Server/);
      expect(denied.data.embeds[0].title).toBe('Admins only');
      // No permissions count as none; over HTTP (where anyone can hand-build a body) so do empty or garbage ones.
      // (Over the gateway only Discord can send events, and discord.js itself rejects a non-numeric bitfield.)
      const odd = mode.name === 'HTTP interactions' ? ['not-a-number', '', '-1', '1e999'] : [];
      for (const permissions of [PERMISSIONS.none, ...odd]) {
        const res = await mode.send(fake.slashCommand({ group: 'digest', name: 'subscribe', options: { frequency: 'alerts' }, permissions }));
        expect(res.data.embeds[0].title).toBe('Admins only');
      }
      expect(subscriptionCount()).toBe(before);
      expect(await digests.list('discord', fake.guild.id)).toEqual([]);
    });

    it('WHEN a manager sends the same payload THEN the subscription is stored (the payload shape is right), and unsubscribe removes it', async () => {
      const channel = fake.snowflake();
      fake.addChannel({ id: channel, name: 'digest-here' });
      const res = await mode.send(fake.slashCommand({ group: 'digest', name: 'subscribe', options: { frequency: 'daily', time: '09:00' }, permissions: PERMISSIONS.manageGuild, channelId: channel }));
      expectNormal(res);
      expect(res.data.embeds[0].title).toBe('Digest set up for this channel');
      expect((await digests.get('discord', channel))?.subscription.guildId).toBe(fake.guild.id);
      const gone = await mode.send(fake.slashCommand({ group: 'digest', name: 'unsubscribe', permissions: PERMISSIONS.administrator, channelId: channel }));
      expect(gone.type).toBe(4);
      expect(await digests.get('discord', channel)).toBeUndefined();
    });
  });
}

describe('GIVEN the gateway receives an interaction type it does not handle', () => {
  it('WHEN a modal submit arrives THEN nothing crashes and the next interaction is answered', async () => {
    fake.sendInteraction({ ...command('probe'), type: 5, data: { custom_id: 'form', components: [] } });
    expectNormal(await modes[1].send(command('latest', { count: 1 })));
  });
});
