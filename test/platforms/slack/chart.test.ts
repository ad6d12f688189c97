/**
 * Charts on Slack: Bolt's real HTTP receiver with signed requests; the picture reaches the fake Slack
 * through files.uploadV2 (getUploadURLExternal → upload → completeUploadExternal) into the channel the
 * command came from, and the private answer says where it went — or why it could not go there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../fake-slack/server.js';
import { startSlack, type RunningSlack } from '../../../src/platforms/slack/app.js';
import { uploadReplyImage } from '../../../src/platforms/slack/files.js';
import { createRegistry } from '../../../commands/index.js';
import type { TimelineStore } from '../../../src/timeline/store.js';
import { chartStore } from '../../charts/store.js';
import { SIGNING_SECRET, blockAction, signedPost, slashCommand } from './signed.js';
import { expectSlackSafe } from './limits.js';

let fake: FakeSlack;
let slack: RunningSlack;
let store: TimelineStore;
let n = 0;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  store = chartStore();
  slack = await startSlack({
    botToken: 'xoxb-test-token',
    signingSecret: SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    port: 0,
    host: '127.0.0.1',
    store,
    registry: createRegistry(),
    adminUserIds: [],
    now: () => new Date('2026-11-30T12:00:00Z'),
    retryConfig: { retries: 0 },
  });
});

afterAll(async () => {
  await slack?.stop();
  await fake?.stop();
  store?.close();
});

async function slash(text: string, channel = 'C0GENERAL') {
  const id = `chart-${++n}`;
  const res = await signedPost(slack.port!, slashCommand(text, fake.responseUrl(id), { channel_id: channel }));
  expect(res.status).toBe(200);
  const [answer] = await fake.waitFor(() => (fake.responsesTo(id).length ? fake.responsesTo(id) : undefined), 15_000);
  return answer.body;
}

const isPng = (b?: Buffer) => !!b && b.subarray(1, 4).toString('latin1') === 'PNG' && b.readUInt32BE(16) === 1200 && b.readUInt32BE(20) === 675;

describe('GIVEN the Slack app and the fake Slack', () => {
  it('WHEN /nissan-honda chart is run in a channel THEN the PNG is uploaded there with its alt text, and the private answer says where it went', async () => {
    const body = await slash('chart honda tariff impact', 'C0CHARTS');
    const [file] = fake.uploaded('C0CHARTS');
    expect(file).toMatchObject({ filename: 'chart-honda-tariff-may.png', title: 'Honda tariff impact estimate — FY ending Mar 2026' });
    expect(isPng(file.bytes)).toBe(true);
    expect(file.alt).toContain('¥650 billion');
    expect(fake.callsOf('files.getUploadURLExternal')[0].token).toBe('xoxb-test-token');
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body.blocks)).toContain('The chart is posted in <#C0CHARTS>.');
    expect(JSON.stringify(body.blocks)).toContain('¥650 billion (13 May 2025)');
    // the picture is already in the channel: no second copy offered
    expect(JSON.stringify(body.blocks)).not.toContain('nh:share');
    expectSlackSafe(body as never, 'chart answer');
  });

  it('WHEN the app is not in the channel THEN nothing is posted and the private answer says why and what to do', async () => {
    fake.botNotIn.add('C0PRIVATE');
    const body = await slash('chart honda tariff impact', 'C0PRIVATE');
    expect(fake.uploaded('C0PRIVATE')).toEqual([]);
    expect(JSON.stringify(body.blocks)).toContain('The chart could not be posted here: the app is not a member of this conversation. Invite it');
    expect(JSON.stringify(body.blocks)).toContain('¥385 billion');
  });

  it('WHEN the Chart button on a figure answer is clicked THEN the chart is uploaded to that channel', async () => {
    const before = fake.uploaded('C0BUTTONS').length;
    const id = `click-${++n}`;
    const res = await signedPost(slack.port!, blockAction({ action_id: 'nh:btn:0', value: 'chart:honda-tariff-nov' }, fake.responseUrl(id), { channel: 'C0BUTTONS' }));
    expect(res.status).toBe(200);
    const [post] = await fake.waitFor(() => (fake.responsesTo(id).length ? fake.responsesTo(id) : undefined), 15_000);
    expect(fake.uploaded('C0BUTTONS')).toHaveLength(before + 1);
    expect(JSON.stringify(post.body.blocks)).toContain('The chart is posted in <#C0BUTTONS>.');
  });

  it('WHEN the figure is not in the log THEN a private error and no upload', async () => {
    const uploads = fake.callsOf('files.getUploadURLExternal').length;
    const body = await slash('chart zebra unicorn figures');
    expect(JSON.stringify(body.blocks)).toContain('The log holds no figure matching');
    expect(fake.callsOf('files.getUploadURLExternal')).toHaveLength(uploads);
  });

  it('WHEN a reply with a picture comes from no conversation, or has none THEN nothing is uploaded and the text says so (or is unchanged)', async () => {
    const calls = fake.callsOf('files.getUploadURLExternal').length;
    const image = { name: 'chart-x.png', data: new Uint8Array([137, 80, 78, 71]), alt: 'x', width: 1200, height: 675 };
    const reply = await uploadReplyImage(slack.client, { title: 'A chart', body: 'values', image }, {});
    expect(reply).toEqual({ title: 'A chart', body: 'values\n\n_The picture could not be posted: this request came from no conversation._' });
    const plain = { title: 'No chart', body: 'text' };
    expect(await uploadReplyImage(slack.client, plain, { channelId: 'C0GENERAL' })).toBe(plain);
    expect(fake.callsOf('files.getUploadURLExternal')).toHaveLength(calls);
  });
});
