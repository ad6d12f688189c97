/**
 * Digests on Slack: the platform-neutral digest service posting through the Slack sink, which uses
 * the Bolt app's real WebClient against the fake Slack Web API on 127.0.0.1. The digest commands are
 * driven as signed `/nissan-honda digest …` slash commands through Bolt's HTTP receiver.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FakeSlack, type ResponsePost } from '../../fake-slack/server.js';
import { startSlack, type RunningSlack } from '../../../src/platforms/slack/app.js';
import { createSlackDigestSink, DIGEST_METADATA_TYPE, toDeliveryError } from '../../../src/platforms/slack/digest-sink.js';
import { openDatabase, type Db } from '../../../src/db/database.js';
import { createDigestService, type DigestService } from '../../../src/digests/service.js';
import { DeliveryError, type DigestSink } from '../../../src/digests/sink.js';
import type { Services } from '../../../src/core/command.js';
import { createRegistry } from '../../../commands/index.js';
import { digestCommands } from '../../../commands/digest.js';
import type { SlackMessage } from '../../../src/platforms/slack/render.js';
import { TimelineStore } from '../../../src/timeline/store.js';
import { clock, fixtureEvent, logStore, tempDir, type Clock } from '../../digests/helpers.js';
import { SIGNING_SECRET, signedPost, slashCommand } from './signed.js';
import { expectSlackSafe } from './limits.js';

const TEAM = 'T0TEST';
const ADMIN = 'U0CONFADMIN'; // listed in SLACK_ADMIN_USER_IDS
const FAST_RETRY = { retries: 3, factor: 1, minTimeout: 10, maxTimeout: 20 };

let fake: FakeSlack;
let tmp: ReturnType<typeof tempDir>;
let db: Db;
let clk: Clock;
let log: ReturnType<typeof logStore>;
let slack: RunningSlack;
let svc: DigestService;
let services: Services;
let channel: string;
let seq = 0;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  fake.addUser({ id: 'U0MEMBER' });
  fake.addUser({ id: 'U0WSADMIN', is_admin: true });
});
afterAll(async () => {
  await fake.stop();
});

beforeEach(async () => {
  tmp = tempDir();
  db = openDatabase(join(tmp.dir, 'bot.db'));
  clk = clock('2025-03-10T06:00:00Z'); // Monday 07:00 in Berlin
  log = logStore(tmp.dir, 6);
  channel = `C0DIGEST${++seq}`; // a fresh channel per test, so message counts are per test
  services = {};
  slack = await startSlack({
    botToken: 'xoxb-test-token',
    signingSecret: SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    port: 0,
    host: '127.0.0.1',
    store: log.store,
    registry: createRegistry(digestCommands),
    services,
    adminUserIds: [ADMIN],
    now: clk.now,
    retryConfig: FAST_RETRY,
  });
  svc = createDigestService({ db, store: log.store, sinks: [createSlackDigestSink({ client: slack.client })], catchupHours: 6, now: clk.now, timers: false });
  services.digests = svc;
});

afterEach(async () => {
  await svc.stop();
  await slack.stop();
  db.close();
  tmp.cleanup();
});

/** A signed `/nissan-honda <text>` in the test channel; resolves with the response_url post. */
async function slash(text: string, user: string): Promise<ResponsePost> {
  const id = `d-${seq}-${Math.random().toString(36).slice(2)}`;
  const res = await signedPost(slack.port!, slashCommand(text, fake.responseUrl(id), { user_id: user, channel_id: channel, team_id: TEAM }));
  expect(res.status).toBe(200);
  const [answer] = await fake.waitFor(() => (fake.responsesTo(id).length ? fake.responsesTo(id) : undefined));
  return answer;
}
const title = (r: ResponsePost) => JSON.stringify((r.body.blocks as unknown[])[0]);
const bodyText = (r: ResponsePost) => JSON.stringify(r.body.blocks);

const subscribeDaily = () => svc.subscribe({ platform: 'slack', guildId: TEAM, channelId: channel, frequency: 'daily', time: '09:00', timezone: 'Europe/Berlin' });

/** Run the digest due at 09:00 Berlin on a March day, with a new event so there is something to say. */
async function runDay(day: number) {
  log.add(fixtureEvent(100 + day, `2025-03-${String(day).padStart(2, '0')}`));
  clk.set(`2025-03-${String(day).padStart(2, '0')}T08:00:00Z`);
  return svc.runDue();
}

describe('GIVEN /nissan-honda digest as a slash command', () => {
  it('WHEN a member who is not an admin subscribes THEN it is refused, privately, and nothing is stored', async () => {
    const answer = await slash('digest subscribe daily 09:00 Asia/Tokyo', 'U0MEMBER');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(title(answer)).toMatch(/Admins only/);
    expect(await svc.get('slack', channel)).toBeUndefined();
    expect(fake.callsOf('users.info').some((c) => c.params.user === 'U0MEMBER')).toBe(true);
  });

  it('WHEN an admin listed in SLACK_ADMIN_USER_IDS subscribes THEN it is stored for this workspace and channel, keyed by platform slack', async () => {
    const answer = await slash('digest subscribe daily 09:00 Asia/Tokyo', ADMIN);
    expect(title(answer)).toMatch(/Digest set up for this channel/);
    expect(bodyText(answer)).toContain(`<#${channel}>`); // a channel link, kept by the renderer
    expectSlackSafe(answer.body as unknown as SlackMessage, 'subscribe');
    const sub = (await svc.get('slack', channel))!.subscription;
    expect(sub).toMatchObject({ platform: 'slack', guildId: TEAM, channelId: channel, frequency: 'daily', time: '09:00', timezone: 'Asia/Tokyo', createdBy: ADMIN });
    // No Share button on admin commands: re-running them would change state.
    expect(bodyText(answer)).not.toContain('nh:share');
  });

  it('WHEN a workspace admin (users.info) runs list, preview and send-now THEN each answers; send-now posts through chat.postMessage', async () => {
    await slash('digest subscribe weekly mon 08:30 Europe/London quiet', 'U0WSADMIN');
    expect((await svc.get('slack', channel))!.subscription).toMatchObject({ frequency: 'weekly', weekday: 1, quiet: true });
    const list = await slash('digest list', 'U0WSADMIN');
    expect(bodyText(list)).toContain(`<#${channel}>`);
    const preview = await slash('digest preview', 'U0WSADMIN');
    expect(preview.body.response_type).toBe('ephemeral');
    const sent = await slash('digest send-now', 'U0WSADMIN');
    expect(title(sent)).toMatch(/Test digest posted/);
    expect(fake.posted(channel)).toHaveLength(1);
    const unsub = await slash('digest unsubscribe', 'U0WSADMIN');
    expect(title(unsub)).toMatch(/stopped|Digest/i);
    for (const [what, r] of Object.entries({ list, preview, sent, unsub })) expectSlackSafe(r.body as unknown as SlackMessage, `digest ${what}`);
    expect(await svc.get('slack', channel)).toBeUndefined();
  });

  it('WHEN `digest` is sent alone THEN the subcommands are listed, not asked as a question', async () => {
    const answer = await slash('digest', ADMIN);
    expect(bodyText(answer)).toContain('needs a subcommand');
  });
});

describe('GIVEN a daily Slack digest', () => {
  beforeEach(async () => {
    await subscribeDaily();
  });

  it('WHEN it is due THEN exactly one chat.postMessage: fallback text + blocks within limits, no buttons, the nonce in message metadata; a second run posts nothing', async () => {
    expect(await runDay(10)).toEqual([{ occurrence: '2025-03-10T08:00:00.000Z', status: 'sent' }]);
    const [msg] = fake.posted(channel);
    expect(fake.posted(channel)).toHaveLength(1);
    expect(fake.callsOf('chat.postMessage').filter((c) => c.params.channel === channel)[0].token).toBe('xoxb-test-token');
    expect(msg.text).toBeTruthy();
    expectSlackSafe({ text: msg.text!, blocks: msg.blocks as SlackMessage['blocks'] }, 'digest');
    expect(JSON.stringify(msg.blocks)).not.toContain('"actions"');
    expect(msg.params.unfurl_links).toBe('false');
    const [d] = await svc.db.deliveries(1);
    expect(msg.metadata).toEqual({ event_type: DIGEST_METADATA_TYPE, event_payload: { nonce: d.nonce } });
    expect([d.status, d.messageId]).toEqual(['sent', msg.ts]);
    // Same occurrence again (node-cron and the sweep both firing): already recorded, nothing posted.
    expect(await svc.runDue()).toEqual([]);
    await svc.fire(1);
    expect(fake.posted(channel)).toHaveLength(1);
  });

  it('WHEN Slack answers 429 with Retry-After: 1 THEN @slack/web-api waits and retries: one message', async () => {
    fake.fail('chat.postMessage', 1, { status: 429, retryAfter: 1 });
    const started = Date.now();
    expect((await runDay(10)).map((o) => o.status)).toEqual(['sent']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const calls = fake.callsOf('chat.postMessage').filter((c) => c.params.channel === channel);
    expect(calls.map((c) => c.outcome)).toEqual(['HTTP 429', 'ok']);
    expect(fake.posted(channel)).toHaveLength(1);
  });

  it('WHEN Slack answers channel_not_found THEN the failure is recorded as "gone" and shown in digest list', async () => {
    fake.fail('chat.postMessage', 1, { error: 'channel_not_found' });
    expect((await runDay(10)).map((o) => o.status)).toEqual(['failed']);
    const sub = (await svc.get('slack', channel))!.subscription;
    expect([sub.lastStatus, sub.lastErrorKind, sub.lastError, sub.consecutiveFailures]).toEqual(['failed', 'gone', 'Slack: channel_not_found', 1]);
    const list = await slash('digest list', ADMIN);
    expect(bodyText(list)).toMatch(/the channel no longer exists/);
  });

  it('WHEN Slack answers not_in_channel three days in a row THEN the subscription pauses (forbidden) and stops posting; a later send-now that works resumes it', async () => {
    fake.fail('chat.postMessage', 3, { error: 'not_in_channel' });
    for (const day of [10, 11, 12]) expect((await runDay(day)).map((o) => o.status)).toEqual(['failed']);
    const view = (await svc.get('slack', channel))!;
    expect(view.subscription.pausedAt).toBeDefined();
    expect(view.subscription.lastErrorKind).toBe('forbidden');
    const calls = fake.callsOf('chat.postMessage').filter((c) => c.params.channel === channel).length;
    expect(await runDay(13)).toEqual([]);
    expect(fake.callsOf('chat.postMessage').filter((c) => c.params.channel === channel)).toHaveLength(calls);
    const list = await slash('digest list', ADMIN);
    expect(bodyText(list)).toMatch(/Paused\* after 3 failed deliveries in a row \(the bot is not allowed to post there\)/);
    const sent = await slash('digest send-now', ADMIN);
    expect(bodyText(sent)).toMatch(/resumed/);
    expect((await svc.get('slack', channel))!.subscription.pausedAt).toBeUndefined();
  });

  it('WHEN the answer to a post is lost (connection dropped after Slack took it) or Slack answers 500 THEN the client does not retry — no duplicate — and the failure is recorded as transient', async () => {
    fake.fail('chat.postMessage', 1, { dropAfterPost: true });
    expect((await runDay(10)).map((o) => o.status)).toEqual(['failed']);
    expect(fake.posted(channel)).toHaveLength(1); // it did reach Slack…
    expect(fake.callsOf('chat.postMessage').filter((c) => c.params.channel === channel)).toHaveLength(1); // …and was not sent again
    expect((await svc.get('slack', channel))!.subscription.lastErrorKind).toBe('transient');
    fake.fail('chat.postMessage', 1, { status: 500 });
    expect((await runDay(11)).map((o) => o.status)).toEqual(['failed']);
    expect(fake.callsOf('chat.postMessage').filter((c) => c.params.channel === channel)).toHaveLength(2);
  });

  it('WHEN Slack refuses the blocks (invalid_blocks) THEN the digest is posted once as text only', async () => {
    fake.fail('chat.postMessage', 1, { error: 'invalid_blocks' });
    expect((await runDay(10)).map((o) => o.status)).toEqual(['sent']);
    const [msg] = fake.posted(channel);
    expect(fake.posted(channel)).toHaveLength(1);
    expect(msg.blocks).toBeUndefined();
    expect(msg.text).toMatch(/^\*Daily digest/);
  });
});

describe('GIVEN a crash after Slack accepted a digest but before it was marked sent', () => {
  /** A sink that posts for real and then never answers: the process "dies" mid-post. */
  const hangAfterPost = (sink: DigestSink): DigestSink => ({ ...sink, post: async (t, r, n) => (await sink.post(t, r, n), new Promise<never>(() => undefined)) });

  async function crashAfterPost(restartSink: DigestSink) {
    await subscribeDaily();
    clk.set('2025-03-10T08:00:00Z');
    const dying = createDigestService({ db, store: log.store, sinks: [hangAfterPost(createSlackDigestSink({ client: slack.client }))], catchupHours: 6, now: clk.now, timers: false });
    void dying.runDue();
    await fake.waitFor(() => fake.posted(channel).length === 1);
    expect((await svc.db.deliveries(1))[0].status).toBe('pending');
    // The restarted process: a new database connection and service on the same file.
    const dbPath = join(tmp.dir, 'bot.db');
    const db2 = openDatabase(dbPath);
    const store2 = TimelineStore.open(log.path);
    clk.advance(30_000);
    const restarted = createDigestService({ db: db2, store: store2, sinks: [restartSink], catchupHours: 6, now: clk.now, timers: false });
    await restarted.start();
    const [d] = await restarted.db.deliveries(1);
    await restarted.stop();
    db2.close();
    store2.close();
    return d;
  }

  it('WHEN the sink cannot look for earlier copies (default) THEN the restart does not post again: unconfirmed, one message', async () => {
    const sink = createSlackDigestSink({ client: slack.client });
    expect(sink.idempotencyWindowMs ?? 0).toBe(0);
    const d = await crashAfterPost(sink);
    expect(d.status).toBe('unconfirmed');
    expect(fake.posted(channel)).toHaveLength(1);
  });

  it('WHEN historyCheck is on THEN the restart finds the message by its nonce in conversations.history and marks it sent: one message', async () => {
    const sink = createSlackDigestSink({ client: slack.client, historyCheck: true });
    expect(sink.idempotencyWindowMs).toBeGreaterThan(60_000);
    const d = await crashAfterPost(sink);
    expect([d.status, d.messageId]).toEqual(['sent', fake.posted(channel)[0].ts]);
    expect(fake.posted(channel)).toHaveLength(1);
    const history = fake.callsOf('conversations.history').filter((c) => c.params.channel === channel);
    expect(history.at(-1)!.params.include_all_metadata).toBe('true');
  });
});

describe('Slack sink errors and the history check', () => {
  it('GIVEN Web API errors THEN they map to gone / forbidden / transient', () => {
    const platform = (error: string) => toDeliveryError(Object.assign(new Error(error), { code: 'slack_webapi_platform_error', data: { ok: false, error } }));
    expect(platform('channel_not_found').kind).toBe('gone');
    for (const e of ['not_in_channel', 'is_archived', 'missing_scope', 'restricted_action', 'token_revoked']) expect(platform(e).kind, e).toBe('forbidden');
    for (const e of ['msg_too_long', 'internal_error', 'fatal_error']) expect(platform(e).kind, e).toBe('transient');
    const limited = new Error('A rate limit was exceeded (url: x, retry-after: 1)');
    expect(toDeliveryError(limited)).toMatchObject({ kind: 'transient', code: 'ratelimited' });
    expect(toDeliveryError(Object.assign(new Error('A request error occurred'), { code: 'slack_webapi_request_error', original: limited }))).toMatchObject({ kind: 'transient', code: 'ratelimited' });
    expect(toDeliveryError(Object.assign(new Error('boom'), { code: 'slack_webapi_http_error', statusCode: 503 }))).toMatchObject({ kind: 'transient', status: 503 });
    expect(toDeliveryError(new DeliveryError('gone', 'x')).kind).toBe('gone');
  });

  it('GIVEN historyCheck and the same nonce posted twice THEN the second call returns the first message instead of posting', async () => {
    const sink = createSlackDigestSink({ client: slack.client, historyCheck: true });
    const target = { channelId: `C0HIST${++seq}` };
    const a = await sink.post(target, { title: 'Daily digest', body: 'x' }, 'nonce-0000000000000000001');
    const b = await sink.post(target, { title: 'Daily digest', body: 'x' }, 'nonce-0000000000000000001');
    const c = await sink.post(target, { title: 'Daily digest', body: 'y' }, 'nonce-0000000000000000002');
    expect(b.messageId).toBe(a.messageId);
    expect(c.messageId).not.toBe(a.messageId);
    expect(fake.posted(target.channelId)).toHaveLength(2);
  });

  it('GIVEN historyCheck and a history the bot may not read THEN nothing is posted and the failure says why (forbidden)', async () => {
    const sink = createSlackDigestSink({ client: slack.client, historyCheck: true });
    fake.fail('conversations.history', 1, { error: 'missing_scope' });
    const target = { channelId: `C0HIST${++seq}` };
    await expect(sink.post(target, { title: 't' }, 'nonce-0000000000000000003')).rejects.toMatchObject({ kind: 'forbidden', code: 'missing_scope' });
    expect(fake.posted(target.channelId)).toHaveLength(0);
  });
});
