/**
 * The curators' queue through Bolt: signed slash commands and button clicks, the Draft form opened with views.open,
 * and its view_submission — with the curator check (workspace admins and SLACK_ADMIN_USER_IDS) on every path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { types } from '@slack/bolt';
import { FakeSlack } from '../../fake-slack/server.js';
import { startSlack, type RunningSlack } from '../../../src/platforms/slack/app.js';
import { TimelineStore } from '../../../src/timeline/store.js';
import { createRegistry } from '../../../commands/index.js';
import { curationCommands } from '../../../commands/curate.js';
import { blockAction, signedPost, slashCommand } from './signed.js';
import { addCandidate, curationFixture, type CurationFixture } from '../../curation/helpers.js';

let fake: FakeSlack;
let slack: RunningSlack;
let store: TimelineStore;
let f: CurationFixture;
let candidate: number;
let n = 0;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  fake.addUser({ id: 'U0WSADMIN', is_admin: true });
  fake.addUser({ id: 'U0ASKER' });
  f = curationFixture();
  store = TimelineStore.open(f.eventsPath);
  candidate = (await addCandidate(f.store, { url: 'https://news.example/tariffs', title: 'Honda and Nissan weigh joint response to US tariffs', topics: ['tariffs'] })).id;
  slack = await startSlack({
    botToken: 'xoxb-test-token',
    signingSecret: 'test-signing-secret-0123456789abcdef',
    apiUrl: fake.apiUrl,
    port: 0,
    host: '127.0.0.1',
    store,
    registry: createRegistry(curationCommands),
    services: { curation: { service: f.service, policy: { guildIds: [] } } },
    adminUserIds: [],
    retryConfig: { retries: 0 },
  });
});

afterAll(async () => {
  await slack?.stop();
  await fake?.stop();
  store?.close();
  f?.db.close();
});

async function slash(text: string, user: string) {
  const id = `cmd-${++n}`;
  await signedPost(slack.port!, slashCommand(text, fake.responseUrl(id), { user_id: user }));
  const [answer] = await fake.waitFor(() => (fake.responsesTo(id).length ? fake.responsesTo(id) : undefined), 60_000);
  return answer.body;
}

function buttons(body: Record<string, unknown>): types.Button[] {
  const actions = (body.blocks as types.KnownBlock[]).find((b) => b.type === 'actions') as types.ActionsBlock | undefined;
  return (actions?.elements ?? []) as types.Button[];
}

async function submit(view: Record<string, any>, values: Record<string, unknown>, user: string) {
  const payload = {
    type: 'view_submission',
    team: { id: 'T0TEST', domain: 'test' },
    user: { id: user, username: 'u', name: 'u', team_id: 'T0TEST' },
    api_app_id: 'A0APP',
    token: 'verification-token-unused',
    trigger_id: `trigger-v-${++n}`,
    view: { ...view, id: 'V1', team_id: 'T0TEST', state: { values }, hash: 'h' },
  };
  const res = await signedPost(slack.port!, { payload: JSON.stringify(payload) });
  return res.body ? JSON.parse(res.body) : {};
}

describe('GIVEN the curators’ queue on Slack', { timeout: 120_000 }, () => {
  it('WHEN a member who is not an admin opens the queue or submits a form THEN both are refused AND nothing changes', async () => {
    const before = readFileSync(f.eventsPath);
    const body = await slash('curate queue', 'U0ASKER');
    expect(JSON.stringify(body.blocks)).toMatch(/Curators only/);
    const res = await submit({ callback_id: 'nh:form', private_metadata: `cq:add:${candidate}`, blocks: [{ block_id: 'title' }] }, { title: { v: { type: 'plain_text_input', value: 'x' } } }, 'U0ASKER');
    expect(res.response_action).toBe('errors');
    expect(res.errors.title).toMatch(/Curators only/);
    expect(readFileSync(f.eventsPath).equals(before)).toBe(true);
  });

  it('WHEN a workspace admin clicks Draft event THEN views.open shows the form with menus AND its submission adds the event', async () => {
    const queue = await slash('curate queue', 'U0WSADMIN');
    const draft = buttons(queue).find((b) => b.value === `cq:draft:${candidate}`)!;
    expect(draft).toBeDefined();
    const id = `act-${++n}`;
    await signedPost(slack.port!, blockAction({ action_id: draft.action_id, value: draft.value }, fake.responseUrl(id), { user: 'U0WSADMIN' }));
    const [open] = await fake.waitFor(() => (fake.callsOf('views.open').length ? fake.callsOf('views.open') : undefined), 60_000);
    const view = open.params.view as Record<string, any>;
    expect(view.private_metadata).toBe(`cq:add:${candidate}`);
    const byId = Object.fromEntries(view.blocks.map((b: any) => [b.block_id, b.element]));
    expect(byId.title.initial_value).toBe('Honda and Nissan weigh joint response to US tariffs');
    expect(byId.status.type).toBe('static_select');
    expect(byId.tags.type).toBe('multi_static_select');
    expect(byId.tags.initial_options.map((o: any) => o.value)).toEqual(['Honda', 'Nissan', 'tariffs']);

    const res = await submit(
      view,
      {
        title: { v: { type: 'plain_text_input', value: byId.title.initial_value } },
        date: { v: { type: 'plain_text_input', value: '2026-07-01' } },
        summary: { v: { type: 'plain_text_input', value: 'Honda and Nissan are studying a joint response to US tariffs, Example Wire reported.' } },
        status: { v: { type: 'static_select', selected_option: { value: 'reported' } } },
        tags: { v: { type: 'multi_static_select', selected_options: [{ value: 'Honda' }, { value: 'Nissan' }, { value: 'tariffs' }] } },
      },
      'U0WSADMIN',
    );
    expect(res.response_action).toBe('update');
    expect(JSON.stringify(res.view)).toMatch(/Added to the log/);
    const added = JSON.parse(readFileSync(f.eventsPath, 'utf8')).events.at(-1);
    expect(added).toMatchObject({ topics: ['tariffs'], companies: ['Honda', 'Nissan'], sources: [{ url: 'https://news.example/tariffs' }] });
    expect(await f.store.candidate(candidate)).toMatchObject({ status: 'added', reviewedBy: expect.stringMatching(/^slack:U0WSADMIN/) });
  });
});
