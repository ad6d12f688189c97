import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../commands/index.js';
import { curationCommands } from '../../commands/curate.js';
import { runCommand } from '../../src/core/dispatch.js';
import type { CommandContext } from '../../src/core/command.js';
import { digestReply } from '../../src/digests/engine.js';
import type { Subscription } from '../../src/digests/store.js';
import { UNREVIEWED_HEADING, unreviewedItems } from '../../src/curation/unreviewed.js';
import { addCandidate, curationFixture, NOW, type CurationFixture } from '../curation/helpers.js';

let f: CurationFixture;
const registry = createRegistry(curationCommands);

function ctx(over: Partial<CommandContext['user']> = {}): CommandContext {
  return {
    timeline: f.service.options.timeline(),
    now: NOW,
    platform: 'discord',
    guildId: '111111111111111111',
    user: { id: '900000000000000001', canManage: false, ...over },
    services: { curation: { service: f.service, policy: { guildIds: ['111111111111111111'] } } },
  };
}
const field = (reply: { fields?: { name: string; value: string }[] }) => reply.fields?.find((x) => x.name === UNREVIEWED_HEADING);

beforeEach(async () => {
  f = curationFixture();
  await addCandidate(f.store, { url: 'https://news.example/new', title: 'Honda and Nissan revisit the pickup deal', topics: ['pickup-deal'] });
  await addCandidate(f.store, { url: 'https://news.example/old', title: 'Nissan plant news from last spring', publisher: undefined, published: '2026-03-01T08:00:00.000Z', foundAt: '2026-03-01T09:00:00.000Z', score: 2, companies: ['Nissan'], topics: ['plants'] });
});
afterEach(() => f.db.close());

describe('news not yet reviewed', () => {
  it('GIVEN a recent candidate THEN latest shows it under its own heading with headline, link, publisher and date, and not older ones', async () => {
    const reply = await runCommand(registry, { name: 'latest', args: {} }, ctx());
    const news = field(reply)!;
    expect(news.value).toContain('[Honda and Nissan revisit the pickup deal](https://news.example/new) — Example Wire, 1 Jul 2026');
    expect(news.value).not.toContain('last spring');
    expect(reply.data?.events).not.toContain('https://news.example/new');
  });

  it('GIVEN the server turned it off THEN latest and recap leave it out, unless asked for with news:true', async () => {
    const off = await runCommand(registry, { group: 'curate', name: 'unreviewed', args: { show: false } }, ctx({ canManage: true }));
    expect(off.title).toMatch(/hidden/);
    expect(field(await runCommand(registry, { name: 'latest', args: {} }, ctx()))).toBeUndefined();
    expect(field(await runCommand(registry, { name: 'recap', args: { period: 'last-30-days' } }, ctx()))).toBeUndefined();
    expect(field(await runCommand(registry, { name: 'latest', args: { news: true } }, ctx()))).toBeDefined();
    const denied = await runCommand(registry, { group: 'curate', name: 'unreviewed', args: { show: true } }, ctx());
    expect(denied.title).toBe('Admins only');
  });

  it('GIVEN a question THEN the answer never draws on candidates', async () => {
    const reply = await runCommand(registry, { name: 'ask', args: { question: 'What happened with the pickup deal?' } }, ctx());
    expect(JSON.stringify(reply)).not.toContain('news.example');
  });

  it('GIVEN a daily digest with news not yet reviewed THEN the post shows them apart from the log; an alert does not', async () => {
    const timeline = f.service.options.timeline();
    const sub = { id: 1, platform: 'discord', channelId: 'c', frequency: 'daily', time: '09:00', timezone: 'UTC', quiet: true, createdAt: NOW, updatedAt: NOW, scheduleFrom: NOW, consecutiveFailures: 0 } as Subscription;
    const items = await unreviewedItems(f.store, { now: NOW, days: 7 });
    const daily = digestReply({ subscription: sub, timeline, events: [timeline.events[4]], context: [], first: false, kind: 'scheduled', at: NOW, unreviewed: items })!;
    expect(field(daily)?.value).toContain('https://news.example/new');
    const alert = digestReply({ subscription: { ...sub, frequency: 'alerts' }, timeline, events: [timeline.events[4]], context: [], first: false, kind: 'alert', at: NOW, unreviewed: items })!;
    expect(JSON.stringify(alert)).not.toContain('news.example');
  });

  it('GIVEN a poll with a failed feed and a curation THEN about shows the last curation, the feeds watched and the last poll', async () => {
    await f.store.recordPoll({ at: '2026-07-02T11:30:00.000Z', feeds: 2, ok: 1, failed: [{ name: 'Broken feed', reason: 'HTTP 500' }], added: 1 });
    await f.service.dismiss(2, 'cli:tester');
    const about = await runCommand(registry, { name: 'about', args: {} }, ctx());
    const status = about.fields!.find((x) => x.name === 'Keeping the log current')!.value;
    expect(status).toMatch(/Last curation: 2026-07-02 12:00 UTC — dismissed a news item/);
    expect(status).toMatch(/Last poll: 2026-07-02 11:30 UTC — 1 of 2 read, 1 new item\(s\); could not read Broken feed \(HTTP 500\)/);
    expect(status).toMatch(/Feeds watched \(0\)|Feeds watched: none/);
  });
});
