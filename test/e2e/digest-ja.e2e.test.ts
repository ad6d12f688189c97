/**
 * End to end, in Japanese: a ja interaction through the real discord.js client and the fake Discord sets up digests
 * whose posts are in Japanese (the subscription's language), on a real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FakeDiscord, PERMISSIONS, type RecordedRequest } from '../fake-discord/server.js';
import { startDiscordGateway, type DiscordGateway } from '../../src/platforms/discord/gateway.js';
import { createDiscordDigestSink } from '../../src/platforms/discord/digest-sink.js';
import { createRegistry } from '../../commands/index.js';
import { digestCommands } from '../../commands/digest.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { createDigestService, type DigestService } from '../../src/digests/service.js';
import { jaLog } from '../../src/i18n/ja/log.js';
import { fixtureEvent, logStore, tempDir } from '../digests/helpers.js';

let fake: FakeDiscord;
let gateway: DiscordGateway;
let svc: DigestService;
let db: Db;
let tmp: ReturnType<typeof tempDir>;
let log: ReturnType<typeof logStore>;

const posts = (channelId: string) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`;

const interact = (payload: Record<string, any>, timeoutMs?: number) => fake.interact(payload, timeoutMs);

/** An event of the real log (so that it has a Japanese title), dated after the fixture events. */
const REAL_ID = '2026-06-honda-agm-deal-close';

beforeAll(async () => {
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
  tmp = tempDir('digest-ja-e2e-');
  log = logStore(tmp.dir, 4);
  db = openDatabase(join(tmp.dir, 'var', 'nissan-honda.db'));
  svc = createDigestService({ db, store: log.store, sinks: [createDiscordDigestSink({ token: 'test-token', api: fake.apiUrl })], catchupHours: 6 });
  await svc.start();
  gateway = await startDiscordGateway({ token: 'test-token', apiUrl: fake.apiUrl, store: log.store, registry: createRegistry(digestCommands), services: { digests: svc }, deferAfterMs: 500 });
});

afterAll(async () => {
  await gateway?.stop();
  await svc?.stop();
  db?.close();
  await fake?.close();
  tmp?.cleanup();
});

describe('GIVEN the bot on the fake Discord and an admin whose Discord is in Japanese', () => {
  it('WHEN a plain member with a ja client runs digest subscribe THEN the refusal is in Japanese and nothing is stored', async () => {
    const body = await interact(fake.slashCommand({ group: 'digest', name: 'subscribe', options: { frequency: 'daily' }, permissions: PERMISSIONS.member, locale: 'ja' }));
    expect(body.data.flags & 64).toBe(64);
    expect(body.data.embeds[0].title).toBe('管理者のみ');
    expect(body.data.embeds[0].description).toMatch(/サーバー管理/);
    expect(await svc.db.listAll()).toEqual([]);
  });

  it('WHEN the admin gives a bad time THEN the error is in Japanese and nothing is stored', async () => {
    const body = await interact(fake.slashCommand({ group: 'digest', name: 'subscribe', options: { frequency: 'daily', time: '25:00' }, permissions: PERMISSIONS.manageGuild, locale: 'ja' }));
    expect(body.data.flags & 64).toBe(64);
    expect(body.data.embeds[0].description).toBe('`time`: 24時間制に25時はありません（00〜23で指定してください。入力: "25:00"）。');
    expect(await svc.db.listAll()).toEqual([]);
  });

  it('WHEN the admin subscribes the channel to alerts THEN the reply is in Japanese and the subscription is stored as Japanese', async () => {
    const body = await interact(fake.slashCommand({ group: 'digest', name: 'subscribe', options: { frequency: 'alerts', timezone: 'Asia/Tokyo' }, permissions: PERMISSIONS.manageGuild, locale: 'ja' }));
    expect(body.type).toBe(4);
    expect(body.data.embeds[0].title).toBe('このチャンネルに定期配信を設定しました');
    expect(body.data.embeds[0].description).toContain('**速報**');
    expect(body.data.embeds[0].description).toContain('日時は **Asia/Tokyo** で表示します。');
    const [sub] = await svc.db.listAll();
    expect(sub).toMatchObject({ channelId: fake.textChannelId, frequency: 'alerts', language: 'ja' });
  });

  it('WHEN an event is curated THEN the alert posted to the channel is in Japanese, with its Japanese title and the same link and id', async () => {
    const posted = fake.waitFor(posts(fake.textChannelId), 5000);
    log.add(fixtureEvent(90, '2026-06-20', { id: REAL_ID, topics: ['earnings'] }));
    const post = await posted;
    expect(post.status).toBe(200);
    const embed = post.body.embeds[0];
    expect(embed.title).toBe(`記録に追加: ${jaLog().events[REAL_ID].title}`.slice(0, 256));
    expect(embed.url).toBe('https://example.com/news/90');
    expect(embed.description).toContain('**2026年6月20日**');
    expect(embed.description).toContain(`\`/nissan-honda event ${REAL_ID}\``);
    expect(embed.description).toContain('全容とすべての出典');
    expect(embed.footer.text).toMatch(/^ホンダ・日産 速報 · /);
    expect(JSON.stringify(post.body)).not.toMatch(/New in the log|The full story/);
  });

  it('WHEN the admin switches the channel to a daily digest in English by the option, and lists digests in Japanese THEN posts are English and the list says so in Japanese', async () => {
    const body = await interact(
      fake.slashCommand({ group: 'digest', name: 'subscribe', options: { frequency: 'daily', time: '08:00', timezone: 'Asia/Tokyo', language: 'en' }, permissions: PERMISSIONS.manageGuild, locale: 'ja' }),
    );
    expect(body.data.embeds[0].title).toBe('定期配信を更新しました');
    expect(body.data.embeds[0].description).toContain('毎日 08:00（Asia/Tokyo）');
    expect(body.data.embeds[0].description).toMatch(/\*\*次回:\*\* \d{4}年\d+月\d+日\([日月火水木金土]\) 08:00 GMT\+9（\d{4}年\d+月\d+日\([日月火水木金土]\) 23:00 UTC）。/);
    expect(body.data.embeds[0].description).toContain('投稿は **英語** です');
    expect((await svc.db.listAll())[0].language).toBe('en');

    const list = await interact(fake.slashCommand({ group: 'digest', name: 'list', permissions: PERMISSIONS.manageGuild, locale: 'ja' }));
    expect(list.data.embeds[0].title).toBe('このサーバーの定期配信（1件）');
    expect(list.data.embeds[0].fields[0].name).toBe('毎日 08:00（Asia/Tokyo）');
    expect(list.data.embeds[0].fields[0].value).toContain(' · 英語');
  });

  it('WHEN the admin subscribes again in Japanese and sends a test digest THEN the digest posted to the channel is in Japanese', async () => {
    await interact(fake.slashCommand({ group: 'digest', name: 'subscribe', options: { frequency: 'weekly', weekday: 'friday', timezone: 'Asia/Tokyo', quiet: true }, permissions: PERMISSIONS.manageGuild, locale: 'ja' }));
    expect((await svc.db.listAll())[0].language).toBe('ja');
    const posted = fake.waitFor(posts(fake.textChannelId), 3000);
    const ack = await interact(fake.slashCommand({ group: 'digest', name: 'send-now', permissions: PERMISSIONS.manageGuild, locale: 'ja' }));
    expect(ack.type).toBe(5);
    const post = await posted;
    const embed = post.body.embeds[0];
    expect(embed.title).toBe('テスト送信 — 週次まとめ: 新しい動きなし');
    expect(embed.description).toContain('_これはテスト送信です。');
    expect(embed.description).toContain('前回の配信以降、記録にホンダ・日産の新しい動きはありません。');
    expect(embed.footer.text).toBe('ホンダ・日産 定期配信 · 毎週金曜日 09:00（Asia/Tokyo） · 変更は /nissan-honda digest');
    const edit = await fake.waitFor((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'), 3000);
    expect(edit.body.embeds[0].title).toBe('テスト配信を投稿しました');
  });
});
