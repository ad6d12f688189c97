/**
 * The curators' queue end to end on Discord: the real discord.js client against the fake Discord — the queue and its
 * buttons, the Draft modal (callback type 9) and its submission (interaction type 5), reports, and the curator check
 * on every path (command, button, modal submit, autocomplete).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { FakeDiscord, modalValues, PERMISSIONS } from '../fake-discord/server.js';
import { startDiscordGateway, type DiscordGateway } from '../../src/platforms/discord/gateway.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { createRegistry } from '../../commands/index.js';
import { curationCommands } from '../../commands/curate.js';
import { addCandidate, curationFixture, type CurationFixture } from '../curation/helpers.js';

let fake: FakeDiscord;
let gateway: DiscordGateway;
let store: TimelineStore;
let f: CurationFixture;
let candidates: number[];

const interact = (payload: Record<string, any>) => fake.interact(payload, 60_000);
const denied = (body: any) => {
  expect(body.type).toBe(4);
  expect(body.data.flags & 64).toBe(64);
  expect(body.data.embeds[0].title).toBe('Curators only');
};
const customIds = (body: any): string[] => (body.data.components ?? []).flatMap((row: any) => row.components.map((c: any) => c.custom_id));

beforeAll(async () => {
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
  f = curationFixture();
  store = TimelineStore.open(f.eventsPath);
  const add = async (title: string, url: string, topics: string[]) => (await addCandidate(f.store, { url, title, topics })).id;
  candidates = [await add('Honda and Nissan restart merger talks', 'https://news.example/restart', ['merger-talks']), await add('Nissan to build pickups for Honda', 'https://news.example/pickups', ['pickup-deal'])];
  const services = { store, curation: { service: f.service, policy: { guildIds: [fake.guild.id], roleId: fake.curatorRoleId } } };
  gateway = await startDiscordGateway({ token: 'test-token', apiUrl: fake.apiUrl, store, registry: createRegistry(curationCommands), services, deferAfterMs: 60_000 });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
  store?.close();
  f?.db.close();
});

describe('GIVEN the curators’ queue on Discord', { timeout: 120_000 }, () => {
  it('WHEN a member who is not a curator uses any curator path THEN every one is refused and nothing changes', async () => {
    const before = readFileSync(f.eventsPath);
    denied(await interact(fake.slashCommand({ group: 'curate', name: 'queue' })));
    denied(await interact(fake.buttonClick({ customId: `cq:dismiss:${candidates[1]}:1` })));
    denied(await interact(fake.buttonClick({ customId: `cq:draft:${candidates[0]}` })));
    denied(await interact(fake.modalSubmit({ customId: `cq:add:${candidates[0]}`, values: { title: 'x', date: '2026-07-01', summary: 'y', status: ['reported'], tags: ['Honda', 'merger-talks'] } })));
    const ac = await interact(fake.autocomplete({ group: 'curate', name: 'attach', options: { candidate: 1, event: 'event' }, focused: 'event' }));
    expect(ac).toEqual({ type: 8, data: { choices: [] } });
    expect(readFileSync(f.eventsPath).equals(before)).toBe(true);
    expect(await f.store.candidates({ status: 'new' })).toHaveLength(2);
  });

  it('WHEN a member with Manage Server in a curating server opens the queue THEN the newest candidate shows with Draft, Attach and Dismiss', async () => {
    const body = await interact(fake.slashCommand({ group: 'curate', name: 'queue', permissions: PERMISSIONS.manageGuild }));
    expect(body.type).toBe(4);
    expect(body.data.flags & 64).toBe(64);
    expect(body.data.embeds[0].title).toBe('Nissan to build pickups for Honda');
    expect(customIds(body)).toEqual(expect.arrayContaining([`cq:draft:${candidates[1]}`, `cq:attach:${candidates[1]}`, `cq:dismiss:${candidates[1]}:1`]));
    // paging the private queue replaces its page in place (type 7), still private
    const next = await interact(fake.buttonClick({ customId: 'cq:page:2', message: { flags: 64 }, permissions: PERMISSIONS.manageGuild }));
    expect(next.type).toBe(7);
    expect(next.data.embeds[0].title).toBe('Honda and Nissan restart merger talks');
    const ac = await interact(fake.autocomplete({ group: 'curate', name: 'attach', options: { candidate: 1, event: 'number 3' }, focused: 'event', permissions: PERMISSIONS.manageGuild }));
    expect(ac.data.choices[0].value).toBe('event-3');
  });

  it('WHEN a curator clicks Draft event THEN a modal (type 9) opens prefilled AND its submission (type 5) adds the event in date order', async () => {
    const modal = await interact(fake.buttonClick({ customId: `cq:draft:${candidates[0]}`, permissions: PERMISSIONS.manageGuild }));
    expect(modal.type).toBe(9);
    expect(modal.data.custom_id).toBe(`cq:add:${candidates[0]}`);
    const inputs = modalValues(modal);
    expect(inputs).toMatchObject({ title: 'Honda and Nissan restart merger talks', date: '2026-07-01', status: ['reported'], tags: ['Honda', 'Nissan', 'merger-talks'] });
    // status and companies-and-topics are menus of the log's values
    const tags = modal.data.components.find((l: any) => l.component.custom_id === 'tags').component;
    expect(tags).toMatchObject({ type: 3, max_values: 14 });
    expect(tags.options.map((o: any) => o.value)).toEqual(expect.arrayContaining(['Honda', 'Renault', 'merger-talks', 'leadership']));

    const submitted = await interact(
      fake.modalSubmit({ customId: modal.data.custom_id, values: { ...inputs, summary: 'Honda and Nissan met again to discuss a merger, Example Wire reported.' }, permissions: PERMISSIONS.manageGuild }),
    );
    expect(submitted.type).toBe(4);
    expect(submitted.data.flags & 64).toBe(64);
    expect(submitted.data.embeds[0].title).toBe('Added to the log');
    const log = JSON.parse(readFileSync(f.eventsPath, 'utf8'));
    const added = log.events.at(-1);
    expect(added).toMatchObject({ date: '2026-07-01', summary: 'Honda and Nissan met again to discuss a merger, Example Wire reported.', sources: [{ url: 'https://news.example/restart', publisher: 'Example Wire' }] });
    expect(await f.store.candidate(candidates[0])).toMatchObject({ status: 'added', eventId: added.id });
    expect((await f.store.changes(1))[0]).toMatchObject({ action: 'add', candidateId: candidates[0], actor: expect.stringMatching(/^discord:900000000000000001/) });

    // the second form: a figure for the event just added, stated exactly as the source gives it
    expect(customIds(submitted)).toEqual([`cq:fig:${added.id}`]);
    const figForm = await interact(fake.buttonClick({ customId: `cq:fig:${added.id}`, message: { flags: 64 }, permissions: PERMISSIONS.manageGuild }));
    expect(figForm.type).toBe(9);
    const refused = await interact(fake.modalSubmit({ customId: figForm.data.custom_id, values: { label: 'Synergies', value: 'about a trillion', unit: 'JPY', period: '2030', company: ['Honda'] }, permissions: PERMISSIONS.manageGuild }));
    expect(refused.data.embeds[0].description).toMatch(/value: “about a trillion” is not a number/);
    const figure = await interact(
      fake.modalSubmit({ customId: figForm.data.custom_id, values: { label: 'Combined synergies target', value: '1,000', unit: 'JPY billion', period: 'FY2030', company: ['Honda'] }, permissions: PERMISSIONS.manageGuild }),
    );
    expect(figure.data.embeds[0].title).toBe('Figure added');
    expect(JSON.parse(readFileSync(f.eventsPath, 'utf8')).events.at(-1).figures).toEqual([
      { id: `honda-combined-synergies-target-${added.date}`, label: 'Combined synergies target', value: 1000, unit: 'JPY', scale: 'billion', period: 'FY2030', company: 'Honda', metric: 'combined-synergies-target', asOf: added.date, source: 'https://news.example/restart' },
    ]);
  });

  it('WHEN a draft is refused THEN the curator is told which field AND the log is byte for byte unchanged', async () => {
    const before = readFileSync(f.eventsPath);
    const body = await interact(
      fake.modalSubmit({ customId: `cq:add:${candidates[1]}`, values: { title: 'Nissan to build pickups', date: '2026-02-30', summary: 's', status: ['rumoured'], tags: ['Honda', 'pickup-deal'] }, permissions: PERMISSIONS.manageGuild }),
    );
    expect(body.data.flags & 64).toBe(64);
    expect(body.data.embeds[0].description).toMatch(/→ date[\s\S]*→ status/);
    expect(readFileSync(f.eventsPath).equals(before)).toBe(true);
    expect((await f.store.candidate(candidates[1]))?.status).toBe('new');
  });

  it('WHEN a member holding the curator role dismisses a candidate THEN it leaves the queue, recorded with who', async () => {
    const body = await interact(fake.buttonClick({ customId: `cq:dismiss:${candidates[1]}:1`, roles: [fake.curatorRoleId] }));
    expect(body.data.embeds[0].description).toMatch(/Dismissed #\d+/);
    expect(await f.store.candidate(candidates[1])).toMatchObject({ status: 'dismissed', reviewedBy: expect.stringMatching(/^discord:/) });
  });

  it('WHEN a reader reports a mistake THEN they are thanked privately AND curators see the report first and resolve it', async () => {
    const thanks = await interact(fake.slashCommand({ name: 'report', options: { event: 'event-2', what: 'The date is a day off.', source: 'https://example.com/correct' }, userId: '900000000000000077' }));
    expect(thanks.data.flags & 64).toBe(64);
    expect(thanks.data.embeds[0].title).toMatch(/Thank you/);
    const queue = await interact(fake.slashCommand({ group: 'curate', name: 'queue', permissions: PERMISSIONS.manageGuild }));
    expect(queue.data.embeds[0].title).toMatch(/^Report #1 on Event number 2/);
    const fixed = customIds(queue).find((id) => id.startsWith('cq:fixed:'))!;
    await interact(fake.buttonClick({ customId: fixed, permissions: PERMISSIONS.manageGuild }));
    expect(await f.store.report(1)).toMatchObject({ status: 'fixed', resolvedBy: expect.stringMatching(/^discord:/), resolvedAt: expect.any(String) });
  });
});
