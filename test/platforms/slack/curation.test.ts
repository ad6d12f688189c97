/**
 * The curators' queue through Bolt: signed slash commands and button clicks, the Draft form opened with views.open,
 * its view_submission, and the Add a figure form that takes the answer's place (views.update) — with the curator
 * check (workspace admins and SLACK_ADMIN_USER_IDS) on every path.
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
/** The answer to the Draft form (a modal with Add a figure), for the figure tests. */
let confirmation: Record<string, any>;

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

async function lastUpdate(after: number) {
  const [update] = await fake.waitFor(() => (fake.callsOf('views.update').length > after ? fake.callsOf('views.update').slice(after) : undefined), 60_000);
  return update.params as { view_id: string; view: Record<string, any> };
}

/** Click a reply button inside an open modal (no response_url); the answer replaces that modal. */
async function clickInView(view: Record<string, any>, button: types.Button, user: string) {
  const before = fake.callsOf('views.update').length;
  await signedPost(slack.port!, blockAction({ action_id: button.action_id, value: button.value }, '', { user, view: { ...view, id: view.id ?? 'V0CONFIRM' } }));
  return lastUpdate(before);
}

const text = (value: string) => ({ v: { type: 'plain_text_input', value } });

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
    confirmation = res.view;
    const added = JSON.parse(readFileSync(f.eventsPath, 'utf8')).events.at(-1);
    expect(added).toMatchObject({ topics: ['tariffs'], companies: ['Honda', 'Nissan'], sources: [{ url: 'https://news.example/tariffs' }] });
    expect(await f.store.candidate(candidate)).toMatchObject({ status: 'added', reviewedBy: expect.stringMatching(/^slack:U0WSADMIN/) });
  });

  it('WHEN the admin clicks Add a figure on the answer THEN the same fields take the modal’s place AND a valid figure is added to the event', async () => {
    const event = JSON.parse(readFileSync(f.eventsPath, 'utf8')).events.at(-1);
    const add = buttons(confirmation).find((b) => b.value === `cq:fig:${event.id}`)!;
    expect(add).toBeDefined();
    const { view_id, view } = await clickInView(confirmation, add, 'U0WSADMIN');
    expect(view_id).toBe('V0CONFIRM');
    expect(view.private_metadata).toBe(`cq:figsave:${event.id}`);
    expect(view.blocks.map((b: any) => b.block_id)).toEqual(['label', 'value', 'unit', 'period', 'company']);
    const company = view.blocks.find((b: any) => b.block_id === 'company').element;
    expect(company).toMatchObject({ type: 'static_select', initial_option: { value: 'Honda' } });
    expect(company.options.map((o: any) => o.value)).toEqual(['Honda', 'Nissan', '—']);

    const res = await submit(
      view,
      { label: text('Tariff cost estimate'), value: text('700–750'), unit: text('JPY billion'), period: text('FY ending Mar 2027'), company: { v: { type: 'static_select', selected_option: { value: 'Nissan' } } } },
      'U0WSADMIN',
    );
    expect(res.response_action).toBe('update');
    expect(JSON.stringify(res.view)).toMatch(/Figure added/);
    expect(buttons(res.view).map((b) => b.value)).toEqual([`cq:fig:${event.id}`]);
    expect(JSON.parse(readFileSync(f.eventsPath, 'utf8')).events.at(-1).figures).toEqual([
      { id: `nissan-tariff-cost-estimate-${event.date}`, label: 'Tariff cost estimate', value: 700, valueHigh: 750, unit: 'JPY', scale: 'billion', period: 'FY ending Mar 2027', company: 'Nissan', metric: 'tariff-cost-estimate', asOf: event.date, source: 'https://news.example/tariffs' },
    ]);
    expect((await f.store.changes(1))[0]).toMatchObject({ action: 'add-figure', eventId: event.id, actor: expect.stringMatching(/^slack:U0WSADMIN/) });
  });

  it('WHEN a figure’s value is not a number, or its period is blank THEN the form stays open with the reason under that field AND the log is byte for byte unchanged', async () => {
    const event = JSON.parse(readFileSync(f.eventsPath, 'utf8')).events.at(-1);
    const form = { callback_id: 'nh:form', private_metadata: `cq:figsave:${event.id}`, blocks: ['label', 'value', 'unit', 'period', 'company'].map((block_id) => ({ block_id })) };
    const before = readFileSync(f.eventsPath);
    const fields = { label: text('Synergies'), value: text('1,000'), unit: text('JPY billion'), period: text('FY2030'), company: { v: { type: 'static_select', selected_option: { value: 'Honda' } } } };

    const badValue = await submit(form, { ...fields, value: text('about a trillion') }, 'U0WSADMIN');
    expect(badValue.response_action).toBe('errors');
    expect(Object.keys(badValue.errors)).toEqual(['value']);
    expect(badValue.errors.value).toMatch(/value: “about a trillion” is not a number/);

    // a blank period passes the form but not check-data's rules
    const blankPeriod = await submit(form, { ...fields, period: text('   ') }, 'U0WSADMIN');
    expect(blankPeriod.response_action).toBe('errors');
    expect(Object.keys(blankPeriod.errors)).toEqual(['period']);
    expect(blankPeriod.errors.period).toMatch(/Nothing was changed[\s\S]*figures\[\d\]\.period/);

    expect(readFileSync(f.eventsPath).equals(before)).toBe(true);
  });

  it('WHEN a member who is not an admin clicks Add a figure or submits a figure THEN both are refused AND the log is byte for byte unchanged', async () => {
    const event = JSON.parse(readFileSync(f.eventsPath, 'utf8')).events.at(-1);
    const before = readFileSync(f.eventsPath);
    const add = buttons(confirmation).find((b) => b.value === `cq:fig:${event.id}`)!;
    const { view } = await clickInView(confirmation, add, 'U0ASKER');
    expect(view.private_metadata).toBeUndefined();
    expect(JSON.stringify(view.blocks)).toMatch(/Curators only/);

    const form = { callback_id: 'nh:form', private_metadata: `cq:figsave:${event.id}`, blocks: [{ block_id: 'label' }, { block_id: 'value' }] };
    const res = await submit(form, { label: text('Net loss'), value: text('533.1'), unit: text('JPY billion'), period: text('FY2024') }, 'U0ASKER');
    expect(res.response_action).toBe('errors');
    expect(res.errors.label).toMatch(/Curators only/);
    expect(readFileSync(f.eventsPath).equals(before)).toBe(true);
  });
});
