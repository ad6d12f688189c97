/**
 * End to end for digests: the real discord.js client (startDiscordGateway) and the Discord digest sink
 * (@discordjs/rest) against the fake Discord on 127.0.0.1, with the digest service on a real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FakeDiscord, PERMISSIONS } from '../fake-discord/server.js';
import { startDiscordGateway, type DiscordGateway } from '../../src/platforms/discord/gateway.js';
import { createDiscordDigestSink } from '../../src/platforms/discord/digest-sink.js';
import { createRegistry } from '../../commands/index.js';
import { digestCommands } from '../../commands/digest.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { createDigestService, type DigestService } from '../../src/digests/service.js';
import { logStore, tempDir } from '../digests/helpers.js';

let fake: FakeDiscord;
let gateway: DiscordGateway;
let svc: DigestService;
let db: Db;
let tmp: ReturnType<typeof tempDir>;
let log: ReturnType<typeof logStore>;

const interact = (payload: Record<string, any>, timeoutMs?: number) => fake.interact(payload, timeoutMs);

const channelOpt = (id: string) => ({ value: id, type: 7 });

beforeAll(async () => {
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
  tmp = tempDir('digest-e2e-');
  log = logStore(tmp.dir, 8);
  db = openDatabase(join(tmp.dir, 'var', 'nissan-honda.db'));
  svc = createDigestService({
    db,
    store: log.store,
    sinks: [createDiscordDigestSink({ token: 'test-token', api: fake.apiUrl })],
    catchupHours: 6,
  });
  await svc.start(); // real node-cron tasks and sweep: they must not disturb anything
  gateway = await startDiscordGateway({ token: 'test-token', apiUrl: fake.apiUrl, store: log.store, registry: createRegistry(digestCommands), services: { digests: svc }, deferAfterMs: 500 });
});

afterAll(async () => {
  await gateway?.stop();
  await svc?.stop();
  db?.close();
  await fake?.close();
  tmp?.cleanup();
});

describe('GIVEN the bot on the fake Discord with digests enabled', () => {
  it('WHEN a plain member runs digest subscribe THEN it is refused ephemerally and nothing is stored', async () => {
    const body = await interact(fake.slashCommand({ group: 'digest', name: 'subscribe', options: { frequency: 'daily' }, permissions: PERMISSIONS.member }));
    expect(body.type).toBe(4);
    expect(body.data.flags & 64).toBe(64);
    expect(body.data.embeds[0].description).toMatch(/Manage Server/);
    expect(await svc.db.listAll()).toEqual([]);
  });

  it('WHEN an admin types a timezone THEN autocomplete offers IANA zones', async () => {
    const body = await interact(fake.autocomplete({ group: 'digest', name: 'subscribe', options: { frequency: 'daily', timezone: 'berl' }, focused: 'timezone', permissions: PERMISSIONS.manageGuild }));
    expect(body.type).toBe(8);
    expect(body.data.choices[0]).toMatchObject({ value: 'Europe/Berlin' });
    expect(body.data.choices[0].name).toMatch(/^Europe\/Berlin \(UTC\+[12] now\)$/);
  });

  it('WHEN an admin gives a bad timezone THEN the reply is an ephemeral, specific error and nothing is stored', async () => {
    const body = await interact(fake.slashCommand({ group: 'digest', name: 'subscribe', options: { frequency: 'daily', timezone: 'Mars/Base' }, permissions: PERMISSIONS.manageGuild }));
    expect(body.data.flags & 64).toBe(64);
    expect(body.data.embeds[0].description).toMatch(/`timezone` "Mars\/Base" is not a timezone I know/);
    expect(await svc.db.listAll()).toEqual([]);
  });

  it('WHEN an admin runs digest subscribe THEN it is stored and the reply gives the next run locally and in UTC', async () => {
    const body = await interact(
      fake.slashCommand({
        group: 'digest',
        name: 'subscribe',
        options: { frequency: 'weekly', channel: channelOpt(fake.textChannelId), time: '18:30', timezone: 'America/New_York', weekday: 'friday' },
        permissions: PERMISSIONS.manageGuild,
      }),
    );
    expect(body.type).toBe(4);
    const embed = body.data.embeds[0];
    expect(embed.title).toBe('Digest set up for this channel');
    expect(embed.description).toMatch(/weekly on Friday at 18:30 America\/New_York/);
    expect(embed.description).toMatch(/Next run:\*\* Fri \d+ \w+ \d{4}, 18:30 E[SD]T \((22|23):30 UTC\)/);
    const [sub] = await svc.db.listAll();
    expect(sub).toMatchObject({ platform: 'discord', guildId: fake.guild.id, channelId: fake.textChannelId, frequency: 'weekly', time: '18:30', timezone: 'America/New_York', weekday: 5 });
  });

  it('WHEN an admin runs digest send-now THEN the digest reaches POST /channels/:id/messages, as a test send', async () => {
    const posted = fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${fake.textChannelId}/messages`, 3000);
    const payload = fake.slashCommand({ group: 'digest', name: 'send-now', permissions: PERMISSIONS.administrator });
    const ack = await interact(payload);
    expect(ack.type).toBe(5); // send-now is slow: deferred, privately
    expect(ack.data.flags & 64).toBe(64);
    const post = await posted;
    expect(post.status).toBe(200);
    expect(post.body.enforce_nonce).toBe(true);
    expect(post.body.embeds[0].title).toMatch(/^Test send — Weekly digest/);
    expect(post.body.embeds[0].description).toMatch(/test send/);
    const edit = await fake.waitFor((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'), 3000);
    expect(edit.body.embeds[0].title).toBe('Test digest posted');
    expect((await svc.db.deliveries((await svc.db.listAll())[0].id)).map((d) => [d.kind, d.status])).toEqual([['test', 'sent']]);
  });

  it('WHEN an admin runs digest list and preview THEN both answer privately with the subscription', async () => {
    const list = await interact(fake.slashCommand({ group: 'digest', name: 'list', permissions: PERMISSIONS.manageGuild }));
    expect(list.data.flags & 64).toBe(64);
    expect(list.data.embeds[0].fields[0].name).toBe('weekly on Friday at 18:30 America/New_York');
    expect(list.data.embeds[0].fields[0].value).toMatch(/Last run:\*\* .* — test send posted/);
    const preview = await interact(fake.slashCommand({ group: 'digest', name: 'preview', permissions: PERMISSIONS.manageGuild }));
    expect(preview.data.flags & 64).toBe(64);
    expect(preview.data.embeds[0].title).toMatch(/^Preview — Weekly digest/);
  });

  it('WHEN an admin runs digest unsubscribe THEN the subscription is gone', async () => {
    const body = await interact(fake.slashCommand({ group: 'digest', name: 'unsubscribe', permissions: PERMISSIONS.manageGuild }));
    expect(body.data.embeds[0].title).toBe('Digest stopped');
    expect(await svc.db.listAll()).toEqual([]);
  });
});
