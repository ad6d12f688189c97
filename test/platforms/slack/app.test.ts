/**
 * The Slack app end to end: Bolt's real HTTP receiver on 127.0.0.1 with correctly signed slash
 * commands and block actions, a fake Slack Web API, and `response_url`s pointing at the fake.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { types } from '@slack/bolt';
import { FakeSlack, type ResponsePost } from '../../fake-slack/server.js';
import { startSlack, type RunningSlack } from '../../../src/platforms/slack/app.js';
import { SHARE_ACTION_ID } from '../../../src/platforms/slack/render.js';
import { TimelineStore } from '../../../src/timeline/store.js';
import { createRegistry } from '../../../commands/index.js';
import type { Subcommand } from '../../../src/core/command.js';
import { SIGNING_SECRET, signedPost, slashCommand, blockAction, post } from './signed.js';
import { expectSlackSafe } from './limits.js';
import type { SlackMessage } from '../../../src/platforms/slack/render.js';

type ActionsBlock = types.ActionsBlock;
type HeaderBlock = types.HeaderBlock;
type KnownBlock = types.KnownBlock;
type SectionBlock = types.SectionBlock;
type Button = types.Button;

/** A test-only admin command: tells who may manage (the core checks `requires: 'manage'` before it runs). */
const whoami: Subcommand = {
  name: 'whoami',
  group: 'admin',
  description: 'test: admin check',
  options: [],
  requires: 'manage',
  run: (_a, ctx) => ({ title: 'You may manage', body: `user ${ctx.user.id} team ${ctx.guildId} channel ${ctx.channelId}`, data: { canManage: ctx.user.canManage } }),
};

let fake: FakeSlack;
let slack: RunningSlack;
let store: TimelineStore;
let n = 0;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  fake.addUser({ id: 'U0WSADMIN', is_admin: true });
  fake.addUser({ id: 'U0OWNER', is_owner: true });
  fake.addUser({ id: 'U0ASKER' });
  store = TimelineStore.open('data/events.json');
  slack = await startSlack({
    botToken: 'xoxb-test-token',
    signingSecret: SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    port: 0,
    host: '127.0.0.1',
    store,
    registry: createRegistry([whoami]),
    adminUserIds: ['U0CONFADMIN'],
    now: () => new Date('2026-11-25T12:00:00Z'),
    retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 },
  });
});

afterAll(async () => {
  await slack?.stop();
  await fake?.stop();
  store?.close();
});

const blocksOf = (r: ResponsePost) => (r.body.blocks ?? []) as KnownBlock[];
const headerOf = (r: ResponsePost) => {
  const first = blocksOf(r)[0];
  return first?.type === 'header' ? (first as HeaderBlock).text.text : first?.type === 'section' ? ((first as SectionBlock).text?.text ?? '') : '';
};
const buttonsOf = (r: ResponsePost) => ((blocksOf(r).find((b) => b.type === 'actions') as ActionsBlock | undefined)?.elements ?? []) as Button[];
const allText = (r: ResponsePost) => JSON.stringify(r.body.blocks ?? []);

/** Send a signed slash command; resolve with the HTTP answer and the first response_url post. */
async function slash(text: string, extra: Record<string, string> = {}) {
  const id = `cmd-${++n}`;
  const res = await signedPost(slack.port!, slashCommand(text, fake.responseUrl(id), extra));
  expect(res.status).toBe(200);
  const [answer] = await fake.waitFor(() => (fake.responsesTo(id).length ? fake.responsesTo(id) : undefined));
  return { res, answer, id };
}

/** Click a button; resolve with every response_url post made within a short settle time. */
async function click(button: { action_id?: string; value?: string }, opts: { user?: string; expect?: number } = {}) {
  const id = `act-${++n}`;
  const res = await signedPost(slack.port!, blockAction(button, fake.responseUrl(id), { user: opts.user }));
  expect(res.status).toBe(200);
  const posts = await fake.waitFor(() => (fake.responsesTo(id).length >= (opts.expect ?? 1) ? fake.responsesTo(id) : undefined));
  return { res, posts, id };
}

describe('Slack app over signed HTTP', () => {
  it('GIVEN start-up THEN the token is verified with auth.test (Bearer token) against the configured API URL', () => {
    const calls = fake.callsOf('auth.test');
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls[0].token).toBe('xoxb-test-token');
    expect(slack.mode).toBe('http');
    expect(slack.port).toBeGreaterThan(0);
  });

  it('GIVEN each subcommand as free text WHEN sent as a signed slash command THEN the HTTP ack is immediate and the answer arrives through response_url, ephemeral, within Block Kit limits', async () => {
    const cases: [string, RegExp][] = [
      ['latest', /^Latest \d+ developments?/],
      ['latest 2', /^Latest 2 developments/],
      ['timeline', /^Timeline/],
      ['timeline topic:tariffs', /^Timeline — filtered/],
      ['event 2025-02-13-merger-mou-terminated', /Honda and Nissan formally end/],
      ['figure honda tariff', /tariff/i],
      ['ask How much did the tariffs cost Honda?', /^Q: How much did the tariffs cost Honda\?/],
      ['recap 30d', /^Recap: the last 30 days/],
      ['recap year', /^Recap: 2026/],
      ['about', /./],
      ['help', /commands/],
      ['', /commands/],
    ];
    for (const [text, title] of cases) {
      const { res, answer } = await slash(text);
      expect(res.body, text).toBe('');
      expect(answer.body.response_type, text).toBe('ephemeral');
      expect(headerOf(answer), text).toMatch(title);
      expectSlackSafe(answer.body as unknown as SlackMessage, `/nissan-honda ${text}`);
      const share = buttonsOf(answer).find((b) => b.action_id === SHARE_ACTION_ID);
      if (text === 'help' || text === '') expect(share, text).toBeUndefined();
      else expect(share?.value, text).toBe(`c:${text}`);
    }
  });

  it('GIVEN a bare question (no subcommand) THEN it is answered as ask; Slack-escaped & < > in the text are decoded first', async () => {
    const { answer } = await slash('why did the merger talks collapse?');
    expect(headerOf(answer)).toMatch(/^(Q|Not in the log): why did the merger talks collapse\?/);
    const amp = await slash('what did Honda &amp; Nissan say about &lt;tariffs&gt;?');
    expect(headerOf(amp.answer)).toContain('what did Honda & Nissan say about <tariffs>?');
  });

  it('GIVEN a question full of mentions THEN the answer pings nobody (no <!channel>, <!here>, <@U…> sequence in any text)', async () => {
    const { answer } = await slash('&lt;!channel&gt; &lt;!here&gt; &lt;@U0123|bob&gt; @everyone is Honda buying Nissan?');
    expectSlackSafe(answer.body as unknown as SlackMessage, 'mentions');
  });

  it('GIVEN an unknown option or a bad value THEN a polite ephemeral error without a Share button', async () => {
    for (const text of ['latest 99', 'timeline topic:nonsense', 'event no-such-event-id']) {
      const { answer } = await slash(text);
      expect(answer.body.response_type, text).toBe('ephemeral');
      expect(headerOf(answer), text).toMatch(/^:warning:/);
      expect(buttonsOf(answer).find((b) => b.action_id === SHARE_ACTION_ID), text).toBeUndefined();
    }
  });

  it('GIVEN a timeline WHEN its Previous button is clicked (signed block_actions) THEN the earlier page replaces the original, and paging works from the value alone', async () => {
    const { answer } = await slash('timeline');
    const page = (r: ResponsePost) => Number(/Page (\d+) of/.exec(allText(r))?.[1]);
    const last = page(answer);
    expect(last).toBeGreaterThan(1);
    const prev = buttonsOf(answer).find((b) => /Previous/.test(b.text.text))!;
    expect(prev.value).toMatch(/^tl:/);
    expect(buttonsOf(answer).find((b) => /Next/.test(b.text.text))).toBeUndefined(); // last page: Next is disabled → left out
    const { posts } = await click(prev);
    expect(posts[0].body.replace_original).toBe(true);
    expect(page(posts[0])).toBe(last - 1);
    const next = buttonsOf(posts[0]).find((b) => /Next/.test(b.text.text))!;
    const again = await click(next);
    expect(page(again.posts[0])).toBe(last);
    // The page's own Share button re-runs this page.
    expect(buttonsOf(posts[0]).find((b) => b.action_id === SHARE_ACTION_ID)?.value).toBe(`a:${prev.value}`);
  });

  it('GIVEN an answer WHEN Share in channel is clicked THEN the command is re-run and posted in_channel (who shared, no buttons), and the private copy is deleted', async () => {
    const { answer } = await slash('figure honda tariff');
    const share = buttonsOf(answer).find((b) => b.action_id === SHARE_ACTION_ID)!;
    expect(share.value).toBe('c:figure honda tariff');
    const { posts } = await click(share, { expect: 2 });
    const [shared, del] = posts;
    expect(shared.body.response_type).toBe('in_channel');
    expect(shared.body.replace_original).toBe(false);
    expect(headerOf(shared)).toBe(headerOf(answer));
    expect(allText(shared)).toContain('Shared by <@U0ASKER>');
    expect(buttonsOf(shared)).toEqual([]);
    expectSlackSafe(shared.body as unknown as SlackMessage, 'shared', { allowUser: 'U0ASKER' });
    expect(del.body.delete_original).toBe(true);
  });

  it('GIVEN a paged timeline WHEN shared THEN the same page is posted in_channel', async () => {
    const { answer } = await slash('timeline topic:tariffs');
    const prev = buttonsOf(answer).find((b) => /Previous/.test(b.text.text));
    const target = prev ? (await click(prev)).posts[0] : answer;
    const share = buttonsOf(target).find((b) => b.action_id === SHARE_ACTION_ID)!;
    const { posts } = await click(share, { expect: 2 });
    expect(posts[0].body.response_type).toBe('in_channel');
    expect(/Page (\d+) of/.exec(allText(posts[0]))?.[1]).toBe(/Page (\d+) of/.exec(allText(target))?.[1]);
  });

  it('GIVEN a forged Share value for a command that changes state or is admin-only THEN nothing is posted in_channel; the user gets a private note', async () => {
    for (const value of ['c:admin whoami', 'a:zz:unknown', 'x:whatever', '']) {
      const { posts } = await click({ action_id: SHARE_ACTION_ID, value }, { user: 'U0CONFADMIN' });
      expect(posts[0].body.response_type, value).toBe('ephemeral');
      expect(posts[0].body.replace_original, value).toBe(false);
    }
  });

  it('GIVEN an unknown or stale button THEN it is acknowledged and the user is told privately; a button without a value too', async () => {
    const a = await click({ action_id: 'something-old', value: 'x' });
    expect(a.posts[0].body.response_type).toBe('ephemeral');
    expect(allText(a.posts[0])).toContain('no longer recognised');
    const b = await click({ action_id: 'nh:btn:0', value: 'zz:unknown' });
    expect(allText(b.posts[0])).toContain('no longer recognised');
    expect(b.posts[0].body.replace_original).toBe(false);
    const c = await click({ action_id: 'nh:btn:0' });
    expect(allText(c.posts[0])).toContain('no longer recognised');
  });

  it('GIVEN a wrong signature THEN 401 and nothing is answered', async () => {
    const id = `bad-${++n}`;
    const res = await signedPost(slack.port!, slashCommand('latest', fake.responseUrl(id)), { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    const unsigned = await post(slack.port!, '/slack/events', 'text=latest', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(unsigned.status).toBe(401);
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.responsesTo(id)).toEqual([]);
  });

  it('GIVEN a correctly signed request with a 6-minute-old timestamp THEN 401 (replay window is 5 minutes)', async () => {
    const id = `old-${++n}`;
    const res = await signedPost(slack.port!, slashCommand('latest', fake.responseUrl(id)), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.responsesTo(id)).toEqual([]);
  });

  it('GIVEN malformed but signed payloads THEN the app answers without crashing and keeps serving', async () => {
    const bad: Record<string, string>[] = [{ payload: 'not json' }, { payload: JSON.stringify({ type: 'block_actions' }) }, { payload: JSON.stringify({ type: 'block_actions', actions: [{}] }) }, { command: '/nissan-honda' }, { foo: 'bar' }];
    // Sent together: Bolt answers payloads no listener takes (no actions, unknown type) with 404 after its 3 s ack timeout.
    const results = await Promise.all(bad.map((form) => signedPost(slack.port!, form)));
    results.forEach((res, i) => expect([200, 400, 404, 500], JSON.stringify(bad[i])).toContain(res.status));
    const { answer } = await slash('latest 1');
    expect(headerOf(answer)).toMatch(/^Latest 1 development/);
  });

  it('GIVEN the response_url refuses (expired, 404) THEN the failure is logged and the app keeps working', async () => {
    fake.fail('response', 1, { status: 404 });
    const id = `gone-${++n}`;
    const res = await signedPost(slack.port!, slashCommand('about', fake.responseUrl(id)));
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    const { answer } = await slash('about');
    expect(answer.body.response_type).toBe('ephemeral');
  });

  it('GIVEN an admin-only command THEN workspace admins/owners (users.info) and configured ids may run it, others get "Admins only"; users.info is cached and not asked for read commands', async () => {
    const before = fake.callsOf('users.info').length;
    await slash('latest 1', { user_id: 'U0ASKER' });
    expect(fake.callsOf('users.info').length).toBe(before);

    const denied = await slash('admin whoami', { user_id: 'U0ASKER' });
    expect(headerOf(denied.answer)).toMatch(/Admins only/);
    const admin = await slash('admin whoami', { user_id: 'U0WSADMIN' });
    expect(headerOf(admin.answer)).toBe('You may manage');
    expect(allText(admin.answer)).toContain('user U0WSADMIN team T0TEST channel C0GENERAL');
    expect((await slash('admin whoami', { user_id: 'U0OWNER' })).answer.body.blocks).toBeTruthy();
    const conf = await slash('admin whoami', { user_id: 'U0CONFADMIN' });
    expect(headerOf(conf.answer)).toBe('You may manage');

    const asked = fake.callsOf('users.info').map((c) => c.params.user);
    expect(asked).toContain('U0WSADMIN');
    expect(asked).not.toContain('U0CONFADMIN');
    const count = fake.callsOf('users.info').length;
    await slash('admin whoami', { user_id: 'U0WSADMIN' });
    expect(fake.callsOf('users.info').length).toBe(count); // cached
  });

  it('GIVEN users.info fails (missing scope) THEN the user is treated as not an admin, politely', async () => {
    fake.fail('users.info', 1, { error: 'missing_scope' });
    const { answer } = await slash('admin whoami', { user_id: 'U0NEWUSER' });
    expect(headerOf(answer)).toMatch(/Admins only/);
  });
});

describe('startSlack configuration', () => {
  it('GIVEN a bot token Slack rejects THEN start-up fails with a message naming SLACK_BOT_TOKEN', async () => {
    fake.fail('auth.test', 1, { error: 'invalid_auth' });
    await expect(
      startSlack({ botToken: 'xoxb-bad', signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, port: 0, host: '127.0.0.1', store, registry: createRegistry(), adminUserIds: [] }),
    ).rejects.toThrow(/invalid_auth.*SLACK_BOT_TOKEN/);
  });

  it('GIVEN the Web API cannot be reached THEN start-up fails saying so (not blaming the token)', async () => {
    await expect(
      startSlack({ botToken: 'xoxb-x', signingSecret: SIGNING_SECRET, apiUrl: 'http://127.0.0.1:1/api/', port: 0, host: '127.0.0.1', store, registry: createRegistry(), adminUserIds: [] }),
    ).rejects.toThrow(/could not reach the Slack Web API.*SLACK_API_URL/);
  });

  it('GIVEN HTTP mode without a signing secret THEN start-up fails naming SLACK_SIGNING_SECRET', async () => {
    await expect(startSlack({ botToken: 'xoxb-x', apiUrl: fake.apiUrl, port: 0, store, registry: createRegistry(), adminUserIds: [] })).rejects.toThrow(/SLACK_SIGNING_SECRET/);
  });

  it('GIVEN listen: false THEN no port is opened and the guarded route can be added to a shared front', async () => {
    const { startHttpFront } = await import('../../../src/platforms/http/front.js');
    const mounted = await startSlack({ botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, listen: false, store, registry: createRegistry(), adminUserIds: [] });
    expect(mounted.server).toBeUndefined();
    const front = await startHttpFront({ port: 0, routes: [mounted.route!], health: () => ({ ok: true, checks: {} }) });
    try {
      const id = `mounted-${++n}`;
      const res = await signedPost(front.port, slashCommand('latest 1', fake.responseUrl(id)));
      expect(res.status).toBe(200);
      const [answer] = await fake.waitFor(() => (fake.responsesTo(id).length ? fake.responsesTo(id) : undefined));
      expect(headerOf(answer)).toMatch(/^Latest 1/);
      expect((await post(front.port, '/interactions', '{}', {})).status).toBe(404);
    } finally {
      await front.stop();
      await mounted.stop();
    }
  });
});
