/** A curator's change reaches readers: the running bot's watcher swaps the new log in and an alerts digest posts it. */
import { afterEach, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { createDigestService } from '../../src/digests/service.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { CHANNEL, clock, FakeChat, FakeSink, GUILD } from '../digests/helpers.js';
import { addCandidate, curationFixture, NOW, type CurationFixture } from './helpers.js';

let f: CurationFixture | undefined;
let store: TimelineStore | undefined;

afterEach(() => {
  store?.close();
  f?.db.close();
});

describe('a curated event reaches an alerts channel', () => {
  it('GIVEN an alerts subscription and the watched log WHEN a curator adds a candidate as an event THEN the new log is swapped in AND the alert posts it', async () => {
    f = curationFixture();
    const live = TimelineStore.open(f.eventsPath);
    store = live;
    const clk = clock(NOW.toISOString());
    const chat = new FakeChat(clk);
    const svc = createDigestService({ db: f.db, store: live, sinks: [new FakeSink(chat)], catchupHours: 6, now: clk.now, timers: false });
    await svc.start();
    await svc.subscribe({ platform: 'discord', guildId: GUILD, channelId: CHANNEL, frequency: 'alerts' });
    live.watch(20);
    const c = await addCandidate(f.store, { url: 'https://news.example/alert', title: 'Honda and Nissan agree to share a US plant', topics: ['plants'] });
    const changed = once(live, 'change');
    const { event } = await f.service.add(await f.service.draft(c.id), 'cli:tester', { candidateId: c.id });
    await changed;
    expect(live.current.get(event.id)).toBeDefined();
    await new Promise((r) => setTimeout(r, 10));
    await svc.idle();
    expect(chat.in(CHANNEL).map((m) => m.reply.title)).toEqual(['New in the log: Honda and Nissan agree to share a US plant']);
    await svc.stop();
  });
});
