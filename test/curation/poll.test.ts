import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeFeeds, type FakeFeeds } from '../fake-feeds/server.js';
import { curationFixture, NOW, type CurationFixture } from './helpers.js';
import { fixtureLog } from '../helpers/fixture.js';

let feeds: FakeFeeds;
let f: CurationFixture;
const day = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

beforeEach(async () => {
  feeds = await startFakeFeeds();
});
afterEach(async () => {
  f?.db.close();
  await feeds.close();
});

function withFeeds(...paths: string[]) {
  f = curationFixture(paths.map((p) => ({ name: `fake ${p}`, url: `${feeds.url}${p}` })));
  return f;
}

describe('polling feeds', () => {
  it('GIVEN RSS, Atom and JSON Feed items THEN story items become candidates with canonical URLs AND items about other companies alone do not', async () => {
    feeds.items.rss = [
      { title: 'Honda and Nissan revive merger talks', link: 'https://news.example/a?utm_source=rss&utm_medium=feed&id=7', published: day(1), source: 'Example Wire' },
      { title: 'Toyota raises its profit forecast', link: 'https://news.example/toyota', published: day(1) },
    ];
    feeds.items.atom = [{ title: 'Nissan to close a plant in Mexico', link: 'https://atom.example/nissan-plant#comments', published: day(2) }];
    feeds.items.json = [{ title: 'Honda cuts its forecast on US tariffs', link: 'http://WWW.json.example/honda-tariffs/', published: day(3) }];
    const { service, store } = withFeeds('/rss.xml', '/atom.xml', '/feed.json');
    const res = await service.poll();
    expect(res.failed).toEqual([]);
    expect(res.added).toBe(3);
    const urls = (await store.candidates()).map((c) => c.url).sort();
    expect(urls).toEqual(['https://atom.example/nissan-plant', 'https://json.example/honda-tariffs', 'https://news.example/a?id=7']);
    const rss = (await store.candidateByUrl('https://news.example/a?id=7'))!;
    expect(rss).toMatchObject({ status: 'new', publisher: 'Example Wire', feed: 'fake /rss.xml' });
    expect(rss.topics).toContain('merger-talks');
    expect(rss.score).toBeGreaterThan((await store.candidateByUrl('https://atom.example/nissan-plant'))!.score);
  });

  it('GIVEN a feed polled twice THEN the second request is conditional (ETag / If-Modified-Since) AND a 304 adds nothing', async () => {
    feeds.items.rss = [{ title: 'Honda and Nissan sign pickup supply deal', link: 'https://news.example/pickup', published: day(1) }];
    feeds.items.atom = [{ title: 'Nissan results: operating profit falls', link: 'https://atom.example/results', published: day(1) }];
    const { service } = withFeeds('/rss.xml', '/atom.xml');
    expect((await service.poll()).added).toBe(2);
    const second = await service.poll();
    expect(second.results.map((r) => r.status)).toEqual(['not-modified', 'not-modified']);
    const rssReqs = feeds.requests.filter((r) => r.path === '/rss.xml');
    expect(rssReqs[0].ifNoneMatch).toBeUndefined();
    expect(rssReqs[1].ifNoneMatch).toMatch(/^"/);
    expect(feeds.requests.filter((r) => r.path === '/atom.xml')[1].ifModifiedSince).toBe('Wed, 01 Jul 2026 00:00:00 GMT');
  });

  it('GIVEN an item already a source in the log, or the same story in two feeds THEN it is kept once or not at all', async () => {
    const log = fixtureLog(3);
    log.events[2].sources[0].url = 'https://news.example/already-in-log';
    feeds.items.rss = [
      { title: 'Honda and Nissan merger talks collapse', link: 'https://www.news.example/already-in-log?utm_campaign=x', published: day(1) },
      { title: 'Nissan and Honda agree on joint EV software', link: 'https://news.example/software', published: day(1) },
    ];
    feeds.items.json = [
      { title: 'Nissan and Honda agree on joint EV software', link: 'https://news.example/software?fbclid=abc', published: day(1) },
      { title: 'Nissan and Honda agree on joint EV software - Example Times', link: 'https://times.example/relay', published: day(1) },
    ];
    f = (await import('./helpers.js')).curationFixture([
      { name: 'rss', url: `${feeds.url}/rss.xml` },
      { name: 'json', url: `${feeds.url}/feed.json` },
    ], log);
    await f.service.poll();
    expect((await f.store.candidates()).map((c) => c.url)).toEqual(['https://news.example/software']);
  });

  it('GIVEN a 500, malformed XML and an oversized feed THEN each fails with its reason AND a good feed is still read', async () => {
    feeds.items.rss = [{ title: 'Honda and Nissan end integration talks', link: 'https://news.example/end', published: day(1) }];
    const { service } = withFeeds('/error', '/malformed.xml', '/huge.xml', '/rss.xml');
    const res = await service.poll();
    const by = Object.fromEntries(res.results.map((r) => [r.feed.name, r]));
    expect(by['fake /error']).toMatchObject({ status: 'failed', reason: 'HTTP 500 Internal Server Error' });
    expect(by['fake /malformed.xml'].reason).toMatch(/not a readable feed/);
    expect(by['fake /huge.xml'].reason).toMatch(/larger than 256 KiB/);
    expect(by['fake /rss.xml']).toMatchObject({ status: 'ok', added: 1 });
    expect(res.failed.map((x) => x.name)).toHaveLength(3);
    expect(await f.store.lastPoll()).toMatchObject({ feeds: 4, ok: 1, added: 1 });
  });

  it('GIVEN a feed that never answers THEN the poll gives up on it after the timeout', async () => {
    f = curationFixture([{ name: 'fake /slow', url: `${feeds.url}/slow` }], fixtureLog(3), 200);
    const res = await f.service.poll();
    expect(res.results[0]).toMatchObject({ status: 'failed', reason: 'no answer within 200 ms' });
  });

  it('GIVEN a failing feed THEN the next regular poll skips it (backoff) AND a forced poll tries it again', async () => {
    const { service, store } = withFeeds('/error');
    await service.poll();
    const state = await store.feedState(`${feeds.url}/error`);
    expect(state.failures).toBe(1);
    expect(Date.parse(state.nextPollAt!)).toBeGreaterThan(NOW.getTime());
    const before = feeds.requests.length;
    expect((await service.poll()).results[0].status).toBe('skipped');
    expect(feeds.requests.length).toBe(before);
    await service.poll(true);
    expect(feeds.requests.length).toBe(before + 1);
    const after = await store.feedState(`${feeds.url}/error`);
    expect(after.failures).toBe(2);
    // the wait doubles
    expect(Date.parse(after.nextPollAt!) - NOW.getTime()).toBe(2 * (Date.parse(state.nextPollAt!) - NOW.getTime()));
  });
});
