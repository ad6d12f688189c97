/**
 * The CurationStore contract, run on both engines: SQLite (a temp file) and Postgres (a real server started by the
 * test, one per file). Two store instances on the same database stand for two processes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseError, openDatabase } from '../../src/db/database.js';
import { connectPostgres } from '../../src/db/postgres.js';
import { migrateCuration, SqliteCurationStore } from '../../src/curation/sqlite-store.js';
import { CURATION_MIGRATIONS, CURATION_POSTGRES_MIGRATIONS } from '../../src/curation/migrations.js';
import { openPostgresCuration } from '../../src/curation/postgres-store.js';
import type { CurationStore, NewCandidate } from '../../src/curation/store.js';
import { postgresForFile } from '../helpers/postgres.js';

interface Pair {
  a: CurationStore;
  b: CurationStore;
  close(): Promise<void>;
}

const server = postgresForFile();
let pgUrl: string | undefined;

const engines: { name: string; open(): Promise<Pair> }[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'curation-store-'));
      const [da, db] = [openDatabase(join(dir, 'bot.db')), openDatabase(join(dir, 'bot.db'))];
      return {
        a: new SqliteCurationStore(da),
        b: new SqliteCurationStore(db),
        async close() {
          da.close();
          db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'Postgres',
    async open() {
      // one database for the file, emptied before each test (creating one per test costs seconds)
      pgUrl ??= await server.createDatabase();
      const a = await openPostgresCuration(connectPostgres(pgUrl), { ownsPool: true });
      const b = await openPostgresCuration(connectPostgres(pgUrl), { ownsPool: true });
      await a.pool.query('TRUNCATE curation_feeds, curation_candidates, curation_reports, curation_changes, curation_polls, curation_settings, curation_rounds RESTART IDENTITY');
      return {
        a,
        b,
        async close() {
          await a.close();
          await b.close();
        },
      };
    },
  },
];

const item = (url: string, title: string, over: Partial<NewCandidate> = {}): NewCandidate => ({
  url,
  title,
  summary: `${title}, the report says.`,
  feed: 'Fake wire',
  publisher: 'Example Wire',
  published: '2026-07-01T08:00:00.000Z',
  foundAt: '2026-07-01T09:00:00.000Z',
  score: 2.75,
  companies: ['Honda', 'Nissan'],
  topics: ['merger-talks'],
  ...over,
});
const AT = '2026-07-02T12:00:00.000Z';

describe.each(engines)('the curation store on $name', (engine) => {
  let s: Pair;
  afterEach(async () => {
    await s?.close();
  });

  it('GIVEN the same item found by two processes at once THEN it is one candidate AND the other insert returns nothing; its headline relayed elsewhere is known', async () => {
    s = await engine.open();
    const [x, y] = await Promise.all([s.a.addCandidate(item('https://news.example/a', 'Honda and Nissan talk')), s.b.addCandidate(item('https://news.example/a', 'Honda and Nissan talk'))]);
    expect([x, y].filter(Boolean)).toHaveLength(1);
    expect(await s.b.countCandidates()).toBe(1);
    const c = (x ?? y)!;
    expect(c).toMatchObject({ url: 'https://news.example/a', status: 'new', score: 2.75, companies: ['Honda', 'Nissan'], topics: ['merger-talks'], publisher: 'Example Wire' });
    expect(await s.a.candidate(c.id)).toEqual(c);
    expect(await s.b.candidateByUrl('https://news.example/a')).toEqual(c);
    expect(await s.a.knows('https://other.example/relay', 'Honda and Nissan talk - Example Times')).toBe(true);
    expect(await s.a.knows('https://other.example/new', 'Nissan closes a plant')).toBe(false);
  });

  it('GIVEN candidates THEN they list newest first by publication, by status, with limit and offset', async () => {
    s = await engine.open();
    await s.a.addCandidate(item('https://n.example/1', 'one', { published: '2026-06-01T00:00:00.000Z' }));
    await s.a.addCandidate(item('https://n.example/2', 'two', { published: undefined, foundAt: '2026-06-20T00:00:00.000Z' }));
    await s.a.addCandidate(item('https://n.example/3', 'three', { published: '2026-06-10T00:00:00.000Z' }));
    expect((await s.b.candidates()).map((c) => c.title)).toEqual(['two', 'three', 'one']);
    expect((await s.b.candidates({ limit: 1, offset: 1 })).map((c) => c.title)).toEqual(['three']);
    await s.a.act({ candidate: 2, review: { status: 'dismissed' }, actor: 'cli:a', at: AT, change: () => ({ action: 'dismiss', candidateId: 2 }) });
    expect((await s.b.candidates({ status: 'new' })).map((c) => c.title)).toEqual(['three', 'one']);
    expect(await s.b.countCandidates('dismissed')).toBe(1);
  });

  it('GIVEN two curators dismissing one candidate at once THEN one wins AND the other is refused with who acted AND one change is recorded', async () => {
    s = await engine.open();
    const c = (await s.a.addCandidate(item('https://news.example/d', 'Honda and Nissan deal')))!;
    const dismiss = (store: CurationStore, actor: string) => store.act({ candidate: c.id, review: { status: 'dismissed' }, actor, at: AT, change: () => ({ action: 'dismiss', candidateId: c.id }) });
    const outs = await Promise.all([dismiss(s.a, 'discord:1 (Ann)'), dismiss(s.b, 'slack:U2 (Bo)')]);
    const won = outs.filter((o) => o.done);
    const lost = outs.filter((o) => !o.done);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = outs[0].done ? 'discord:1 (Ann)' : 'slack:U2 (Bo)';
    expect(lost[0]).toMatchObject({ done: false, candidate: { status: 'dismissed', reviewedBy: winner, reviewedAt: AT } });
    expect((await s.a.changes()).map((x) => [x.action, x.actor, x.candidateId])).toEqual([['dismiss', winner, c.id]]);
    expect(await s.a.act({ candidate: 999, review: { status: 'dismissed' }, actor: 'x', at: AT, change: () => ({ action: 'dismiss' }) })).toEqual({ done: false, candidate: undefined });
  });

  it('GIVEN two curators resolving one report at once THEN one wins AND the other sees how it was resolved', async () => {
    s = await engine.open();
    const r = await s.a.addReport({ eventId: 'event-1', message: 'wrong date', reporter: 'discord:9', platform: 'discord', guildId: '100', createdAt: AT });
    expect(r).toMatchObject({ id: 1, status: 'open', guildId: '100' });
    const resolve = (store: CurationStore, actor: string, status: 'fixed' | 'not-a-mistake') =>
      store.act({ report: { id: r.id, status }, actor, at: AT, change: () => ({ action: 'resolve-report', reportId: r.id, detail: status }) });
    const outs = await Promise.all([resolve(s.a, 'cli:a', 'fixed'), resolve(s.b, 'cli:b', 'not-a-mistake')]);
    expect(outs.filter((o) => o.done)).toHaveLength(1);
    const final = (await s.b.report(r.id))!;
    expect(outs.find((o) => !o.done)).toMatchObject({ report: { status: final.status, resolvedBy: final.resolvedBy } });
    expect((await s.a.reports({ status: 'open' })).length).toBe(0);
    expect(await s.a.changes()).toHaveLength(1);
  });

  it('GIVEN an act whose log write is refused THEN nothing of it is kept: the candidate stays new and no change is recorded', async () => {
    s = await engine.open();
    const c = (await s.a.addCandidate(item('https://news.example/w', 'Nissan plant news')))!;
    await expect(
      s.a.act({
        candidate: c.id,
        review: { status: 'attached', eventId: 'event-1' },
        write: () => {
          throw new Error('the log’s checks refused it');
        },
        actor: 'cli:a',
        at: AT,
        change: () => ({ action: 'attach', candidateId: c.id }),
      }),
    ).rejects.toThrow(/refused/);
    expect((await s.b.candidate(c.id))!.status).toBe('new');
    expect(await s.b.changes()).toEqual([]);
  });

  it('GIVEN an event added from a candidate THEN it and every new candidate among the sources are marked added; a reviewed one is left alone', async () => {
    s = await engine.open();
    const from = (await s.a.addCandidate(item('https://news.example/1', 'first')))!;
    const other = (await s.a.addCandidate(item('https://news.example/2', 'second')))!;
    const done = (await s.a.addCandidate(item('https://news.example/3', 'third')))!;
    await s.a.act({ candidate: done.id, review: { status: 'dismissed' }, actor: 'cli:a', at: AT, change: () => ({ action: 'dismiss' }) });
    const out = await s.b.act({
      candidate: from.id,
      alsoUrls: ['https://news.example/1', 'https://news.example/2', 'https://news.example/3'],
      review: { status: 'added', eventId: 'new-event' },
      write: () => 'written',
      actor: 'cli:b',
      at: AT,
      change: (w, linked) => ({ action: 'add', eventId: 'new-event', candidateId: linked[0], detail: w }),
    });
    expect(out).toEqual({ done: true, value: 'written', candidates: [from.id, other.id] });
    expect(await s.a.candidate(other.id)).toMatchObject({ status: 'added', eventId: 'new-event', reviewedBy: 'cli:b' });
    expect((await s.a.candidate(done.id))!.status).toBe('dismissed');
    expect((await s.a.changes(1))[0]).toMatchObject({ action: 'add', candidateId: from.id, eventId: 'new-event', detail: 'written', actor: 'cli:b', at: AT });
  });

  it('GIVEN two processes claiming the same poll round THEN exactly one gets it; a round inside the gap is refused; a later one is not; week-old rounds are forgotten', async () => {
    s = await engine.open();
    const gap = 15 * 60_000;
    const claims = await Promise.all([s.a.claimPollRound('2026-07-02T12:00', 'a', AT, gap), s.b.claimPollRound('2026-07-02T12:00', 'b', AT, gap)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await s.b.claimPollRound('2026-07-02T12:01', 'b', '2026-07-02T12:01:00.000Z', gap)).toBe(false);
    expect(await s.b.claimPollRound('2026-07-02T12:30', 'b', '2026-07-02T12:30:00.000Z', gap)).toBe(true);
    // claimed rounds are forgotten after a week (the table does not grow without end)
    expect(await s.a.claimPollRound('2026-07-02T12:30', 'a', '2026-07-09T12:29:00.000Z', 0)).toBe(false);
    expect(await s.a.claimPollRound('2026-07-02T12:00', 'a', '2026-07-09T12:29:00.000Z', 0)).toBe(true);
  });

  it('GIVEN two processes polling at once THEN the second poll starts only after the first has finished', async () => {
    s = await engine.open();
    const steps: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inFirst = new Promise<void>((r) => (entered = r));
    const first = s.a.whilePolling(async () => {
      steps.push('a:start');
      entered();
      await held;
      steps.push('a:end');
    });
    await inFirst;
    // on SQLite the store polls one process's rounds; the second store is the same process's next round
    const poller = engine.name === 'SQLite' ? s.a : s.b;
    const second = poller.whilePolling(async () => {
      steps.push('b:start');
    });
    // give the second every chance to start early: it must not
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    steps.push('release');
    release();
    await Promise.all([first, second]);
    expect(steps).toEqual(['a:start', 'release', 'a:end', 'b:start']);
  });

  it('GIVEN feed state, poll records, settings and reports THEN each reads back as written, from the other process too', async () => {
    s = await engine.open();
    expect(await s.a.feedState('https://f.example/rss')).toEqual({ url: 'https://f.example/rss', failures: 0 });
    await s.a.saveFeedState({ url: 'https://f.example/rss', etag: '"v1"', failures: 2, nextPollAt: AT, lastStatus: 'failed', lastError: 'HTTP 500' });
    expect(await s.b.feedState('https://f.example/rss')).toEqual({ url: 'https://f.example/rss', etag: '"v1"', failures: 2, nextPollAt: AT, lastStatus: 'failed', lastError: 'HTTP 500' });
    await s.a.saveFeedState({ url: 'https://f.example/rss', failures: 0, lastStatus: 'ok' });
    expect(await s.b.feedState('https://f.example/rss')).toEqual({ url: 'https://f.example/rss', failures: 0, lastStatus: 'ok' });

    expect(await s.a.lastPoll()).toBeUndefined();
    await s.a.recordPoll({ at: AT, feeds: 3, ok: 2, failed: [{ name: 'Broken', reason: 'HTTP 500' }], added: 4 });
    expect(await s.b.lastPoll()).toEqual({ at: AT, feeds: 3, ok: 2, failed: [{ name: 'Broken', reason: 'HTTP 500' }], added: 4 });

    expect(await s.a.showUnreviewed('discord', '100')).toBe(true);
    expect(await s.a.showUnreviewed('discord', undefined)).toBe(true);
    await s.a.setShowUnreviewed('discord', '100', false);
    expect(await s.b.showUnreviewed('discord', '100')).toBe(false);
    expect(await s.b.showUnreviewed('slack', '100')).toBe(true);

    for (const at of ['2026-07-01T00:00:00.000Z', '2026-07-02T10:00:00.000Z']) await s.a.addReport({ eventId: 'event-2', message: 'typo', reporter: 'discord:7', platform: 'discord', createdAt: at });
    expect(await s.b.reportsSince('discord:7', '2026-07-01T12:00:00.000Z')).toBe(1);
    expect((await s.b.reports()).map((r) => r.id)).toEqual([2, 1]);
  });
});

describe('curation migrations', () => {
  it('GIVEN the SQLite migrations THEN Postgres has the same steps, in the same order', () => {
    expect(CURATION_POSTGRES_MIGRATIONS.map((m) => m.description)).toEqual(CURATION_MIGRATIONS.map((m) => m.description));
  });

  it('GIVEN three processes opening a new Postgres database at once THEN one migrates, the others wait, and the curation tables are complete', async () => {
    const url = await server.createDatabase();
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresCuration(connectPostgres(url), { ownsPool: true })));
    const tables = (await stores[0].pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows.map((r) => r.tablename);
    expect(tables).toEqual(['curation_candidates', 'curation_changes', 'curation_feeds', 'curation_polls', 'curation_reports', 'curation_rounds', 'curation_schema', 'curation_settings']);
    expect((await stores[0].pool.query('SELECT version FROM curation_schema')).rows).toEqual([{ version: CURATION_POSTGRES_MIGRATIONS.length }]);
    await Promise.all(stores.map((x) => x.close()));
  });

  it('GIVEN a Postgres database migrated by a newer bot THEN it is refused with the versions named', async () => {
    const url = await server.createDatabase();
    const pool = connectPostgres(url);
    await openPostgresCuration(pool);
    await pool.query('UPDATE curation_schema SET version = 99');
    const err = await openPostgresCuration(pool, { where: 'the test database' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as Error).message).toMatch(/schema is version 99, newer than this version of the bot knows \(2\)/);
    await pool.end();
  });

  it('GIVEN a SQLite file at curation version 1 with candidates THEN opening it adds the poll rounds and keeps every row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'curation-mig-'));
    const db = openDatabase(join(dir, 'bot.db'));
    migrateCuration(db, CURATION_MIGRATIONS.slice(0, 1));
    db.prepare(`INSERT INTO curation_candidates (url, title_key, title, feed, found_at, score) VALUES ('https://n.example/x', 'x', 'X', 'wire', '${AT}', 1)`).run();
    const store = new SqliteCurationStore(db);
    expect(db.prepare('SELECT version FROM curation_schema').get()).toEqual({ version: CURATION_MIGRATIONS.length });
    expect((await store.candidate(1))?.url).toBe('https://n.example/x');
    expect(await store.claimPollRound('r', 'me', AT, 0)).toBe(true);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
