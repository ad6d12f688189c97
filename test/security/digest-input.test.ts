/**
 * Signed but hostile digest requests over HTTP (only a holder of the key could send them; defence in depth):
 * another server's channel (F8), no server at all, channel ids Discord never sends, permission strings Discord never
 * sends. Each is refused politely and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, PERMISSIONS } from '../fake-discord/server.js';
import { startDiscordHttp, type DiscordHttpEndpoint } from '../../src/platforms/discord/http.js';
import { createDiscordDigestSink } from '../../src/platforms/discord/digest-sink.js';
import { createRegistry } from '../../commands/index.js';
import { digestCommands } from '../../commands/digest.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { createDigestService, type DigestService } from '../../src/digests/service.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { SignedClient, testKeys } from './signing.js';

const NOW = new Date('2026-06-01T09:00:00Z');
const keys = testKeys();
const OTHER_GUILD = '1200000000000000999';
let fake: FakeDiscord;
let store: TimelineStore;
let db: Db;
let digests: DigestService;
let endpoint: DiscordHttpEndpoint;
let client: SignedClient;

const rows = () => db.prepare('SELECT guild_id, channel_id FROM subscriptions ORDER BY id').all() as { guild_id: string | null; channel_id: string }[];

beforeAll(async () => {
  fake = await FakeDiscord.start();
  store = TimelineStore.open('data/events.json');
  db = openDatabase(':memory:');
  digests = createDigestService({ db, store, sinks: [createDiscordDigestSink({ token: 't', api: fake.apiUrl })], catchupHours: 6, now: () => NOW, timers: false });
  endpoint = await startDiscordHttp({ publicKey: keys.publicKeyHex, port: 0, token: 't', applicationId: fake.appId, apiUrl: fake.apiUrl, store, registry: createRegistry(digestCommands), services: { store, digests }, now: () => NOW });
  client = new SignedClient(`http://127.0.0.1:${endpoint.port}`, keys, () => NOW);
});

afterAll(async () => {
  await endpoint?.stop();
  await digests?.stop();
  db?.close();
  await fake?.close();
  store?.close();
});

const subscribe = (channel?: string, permissions: string = PERMISSIONS.manageGuild) =>
  fake.slashCommand({ group: 'digest', name: 'subscribe', options: { frequency: 'daily', ...(channel ? { channel: { value: channel, type: 7 } } : {}) }, permissions });

async function answer(payload: Record<string, any>): Promise<{ title: string; text: string; ephemeral: boolean }> {
  const res = await client.post(payload);
  const data = res.json.data ?? {};
  const embed = data.embeds?.[0] ?? {};
  return { title: embed.title ?? '', text: `${embed.title ?? ''} ${embed.description ?? ''}`, ephemeral: (data.flags & 64) === 64 };
}

describe('GIVEN digest subscribe over HTTP with a forged payload', () => {
  it('WHEN the channel option resolves to another server THEN it is refused as not a channel of this server, and nothing is stored (F8)', async () => {
    const channel = '1399999999999999999';
    const payload = subscribe(channel);
    payload.data.resolved.channels[channel].guild_id = OTHER_GUILD;
    const a = await answer(payload);
    expect(a.text).toMatch(/is not a channel of this server/);
    expect(a.ephemeral).toBe(true);
    expect(rows()).toEqual([]);
  });

  it('WHEN the channel option carries no resolved channel THEN it is refused too', async () => {
    const payload = subscribe('1399999999999999998');
    delete payload.data.resolved;
    expect((await answer(payload)).text).toMatch(/is not a channel of this server/);
    expect(rows()).toEqual([]);
  });

  it('WHEN a member with Manage Server sends it without a guild THEN it is refused (no guild-less subscription)', async () => {
    const payload = subscribe();
    delete payload.guild_id;
    delete payload.guild;
    const a = await answer(payload);
    expect(a.title).toBe('Run this in a server');
    expect(rows()).toEqual([]);
  });

  it('WHEN the channel option is not a Discord id ("general", "<#C1|x>") THEN it is refused and nothing is stored', async () => {
    for (const value of ['general', '<#C1|x>']) {
      const payload = subscribe(value);
      expect((await answer(payload)).text).toMatch(/must be a channel of this server/);
    }
    expect(rows()).toEqual([]);
  });

  it('WHEN the member permissions are not a decimal string ("0x20", " 32 ", "0b100000", "0o40", 32, ["32"]) THEN Admins only', async () => {
    for (const permissions of ['0x20', ' 32 ', '0b100000', '0o40', 32, ['32']]) {
      const payload = subscribe();
      payload.member.permissions = permissions;
      expect((await answer(payload)).title).toBe('Admins only');
    }
    expect(rows()).toEqual([]);
  });

  it('WHEN everything is as Discord sends it THEN the subscription is stored under this server', async () => {
    fake.addChannel({ id: '1300000000000000777', name: 'news' });
    expect((await answer(subscribe('1300000000000000777'))).title).toMatch(/Digest set up/);
    expect(rows()).toEqual([{ guild_id: fake.guild.id, channel_id: '1300000000000000777' }]);
  });
});
