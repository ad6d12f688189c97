/**
 * Slack with Japanese users (users.info locale ja-JP on the fake Slack, BOT_LOCALE=user): the digest replies, a
 * refusal, a date-option error, and a digest posted through chat.postMessage in the subscription's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FakeSlack, type ResponsePost } from '../fake-slack/server.js';
import { blockAction, SIGNING_SECRET, signedPost, slashCommand } from '../platforms/slack/signed.js';
import { startSlack, type RunningSlack } from '../../src/platforms/slack/app.js';
import { createSlackDigestSink } from '../../src/platforms/slack/digest-sink.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { createDigestService, type DigestService } from '../../src/digests/service.js';
import type { Services } from '../../src/core/command.js';
import { createRegistry } from '../../commands/index.js';
import { digestCommands } from '../../commands/digest.js';
import { clock, fixtureEvent, logStore, tempDir, type Clock } from '../digests/helpers.js';

const TEAM = 'T0JA';
const CHANNEL = 'C0JADIGEST';
let fake: FakeSlack;
let tmp: ReturnType<typeof tempDir>;
let db: Db;
let clk: Clock;
let log: ReturnType<typeof logStore>;
let slack: RunningSlack;
let svc: DigestService;
let seq = 0;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  fake.addUser({ id: 'U0JAADMIN', is_admin: true, locale: 'ja-JP' } as never);
  fake.addUser({ id: 'U0JAMEMBER', locale: 'ja-JP' } as never);
  fake.addUser({ id: 'U0ENADMIN', is_admin: true, locale: 'en-US' } as never);
  tmp = tempDir('slack-ja-');
  db = openDatabase(join(tmp.dir, 'bot.db'));
  clk = clock('2025-03-10T06:00:00Z');
  log = logStore(tmp.dir, 6);
  const services: Services = {};
  slack = await startSlack({
    botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, port: 0, host: '127.0.0.1', store: log.store,
    registry: createRegistry(digestCommands), services, adminUserIds: [], now: clk.now, locale: 'user', retryConfig: { retries: 0, minTimeout: 10, maxTimeout: 20 },
  });
  svc = createDigestService({ db, store: log.store, sinks: [createSlackDigestSink({ client: slack.client })], catchupHours: 6, now: clk.now, timers: false });
  services.digests = svc;
});

afterAll(async () => {
  await svc?.stop();
  await slack?.stop();
  db?.close();
  await fake?.stop();
  tmp?.cleanup();
});

async function slash(text: string, user: string): Promise<ResponsePost> {
  const id = `ja-${++seq}`;
  const res = await signedPost(slack.port!, slashCommand(text, fake.responseUrl(id), { user_id: user, channel_id: CHANNEL, team_id: TEAM }));
  expect(res.status).toBe(200);
  const [answer] = await fake.waitFor(() => (fake.responsesTo(id).length ? fake.responsesTo(id) : undefined));
  return answer;
}
const text = (r: ResponsePost) => JSON.stringify(r.body.blocks);

describe('GIVEN Slack with per-user locales and digests', () => {
  it('WHEN a Japanese member runs digest subscribe THEN the refusal is in Japanese, in Slack terms, and nothing is stored', async () => {
    const answer = await slash('digest subscribe daily 09:00 Asia/Tokyo', 'U0JAMEMBER');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(text(answer)).toContain('管理者のみ');
    expect(text(answer)).toContain('ワークスペースの管理者');
    expect(await svc.get('slack', CHANNEL)).toBeUndefined();
  });

  it('WHEN a Japanese user gives recap a month that does not exist THEN the error is in Japanese', async () => {
    const answer = await slash('recap from:2025-13', 'U0JAMEMBER');
    expect(text(answer)).toContain('`from`: 13月という月はありません（01〜12で指定してください）。');
  });

  it('WHEN a Japanese admin subscribes THEN the reply is Japanese and the digest is stored in Japanese; an English admin’s list names its language', async () => {
    const answer = await slash('digest subscribe daily 09:00 Asia/Tokyo', 'U0JAADMIN');
    expect(text(answer)).toContain('このチャンネルに定期配信を設定しました');
    expect(text(answer)).toContain('毎日 09:00（Asia/Tokyo）');
    expect((await svc.get('slack', CHANNEL))!.subscription.language).toBe('ja');
    const list = await slash('digest list', 'U0ENADMIN');
    expect(text(list)).toContain('Digests in this server (1)');
    expect(text(list)).toContain(' · in Japanese');
  });

  it('WHEN the digest is due THEN the message posted through chat.postMessage is in Japanese', async () => {
    log.add(fixtureEvent(50, '2025-03-10'));
    clk.set('2025-03-11T00:00:00Z'); // 09:00 in Tokyo, the first run after subscribing
    expect((await svc.runDue()).map((o) => o.status)).toEqual(['sent']);
    const [msg] = fake.posted(CHANNEL);
    const blocks = JSON.stringify(msg.blocks);
    expect(blocks).toContain('日次まとめ — 新しい出来事1件');
    expect(blocks).toContain('2025年3月10日');
    expect(blocks).toContain('`event-50`');
    expect(blocks).toContain('配信予定: 2025年3月11日(火) 09:00 GMT+9（00:00 UTC）。');
    expect(blocks).toContain('このチャンネルへの最初の配信です。');
    expect(msg.text).toBeTruthy();
  });

  it('WHEN a Japanese user presses a stale or unknown button THEN they are told privately, in Japanese', async () => {
    for (const [button, id] of [[{ action_id: 'something-old', value: 'x' }, 'ja-btn-1'], [{ action_id: 'nh:btn:0', value: 'zz:unknown' }, 'ja-btn-2']] as const) {
      const res = await signedPost(slack.port!, blockAction(button, fake.responseUrl(id), { user: 'U0JAMEMBER' }));
      expect(res.status).toBe(200);
      const [answer] = await fake.waitFor(() => (fake.responsesTo(id).length ? fake.responsesTo(id) : undefined));
      expect(answer.body.response_type).toBe('ephemeral');
      expect(JSON.stringify(answer.body.blocks)).toContain('このボタンはもう使えません');
    }
  });
});
