/**
 * Curation with several processes on one Postgres (a real server started by the test, one for the file): two real
 * bot processes polling the fake feeds and writing one log file at the same moment, and two service instances on
 * separate pools acting on the same candidate. Each item becomes one candidate; a round is polled by one process;
 * no change to the log is lost; the command line sees the same queue; of two curators, one wins and the other is
 * told who did.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connectPostgres } from '../../src/db/postgres.js';
import { openPostgresCuration, type PostgresCurationStore } from '../../src/curation/postgres-store.js';
import { CurationService } from '../../src/curation/service.js';
import { loadTimelineFile } from '../../src/timeline/store.js';
import { validateLog } from '../../src/timeline/validate.js';
import { startFakeFeeds, type FakeFeeds, type FakeItem } from '../fake-feeds/server.js';
import { fixtureEvent } from '../helpers/fixture.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { NOW, tieredLog } from './helpers.js';

const run = promisify(execFile);
let server: TestPostgres;
let feeds: FakeFeeds;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  [server, feeds] = await Promise.all([startPostgres(), startFakeFeeds()]);
}, 60_000);
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
afterAll(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await feeds?.close();
  await server?.stop();
});

const day = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const story = (from: number, to: number, host: string): FakeItem[] =>
  Array.from({ length: to - from }, (_, k) => ({ title: `Honda and Nissan merger talks: development ${from + k}`, link: `https://${host}/story/${from + k}?utm_source=feed`, published: day(1 + ((from + k) % 20)) }));

function setUp(): { eventsPath: string; historyDir: string } {
  dir = mkdtempSync(join(tmpdir(), 'curation-processes-'));
  const eventsPath = join(dir, 'events.json');
  writeFileSync(eventsPath, JSON.stringify(tieredLog(5), null, 2) + '\n');
  return { eventsPath, historyDir: join(dir, 'history') };
}

interface Child {
  /** Send a command; resolves with its one-line JSON answer. */
  run(cmd: object): Promise<Record<string, unknown>>;
}

async function spawnChild(env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'curation', 'processes-child.ts')], {
    cwd: process.cwd(),
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    waiting.push(() => resolve());
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before it was ready:\n${err}`)));
  });
  lines.on('line', (line) => waiting.shift()?.(line));
  await ready;
  return {
    run(cmd) {
      return new Promise((resolve) => {
        waiting.push((line) => resolve(JSON.parse(line)));
        child.stdin!.write(JSON.stringify(cmd) + '\n');
      });
    },
  };
}

describe('curation with two processes on one Postgres', () => {
  // two bot processes for both tests (starting one costs a second or two): one database, one log file
  let a: Child;
  let b: Child;
  let url: string;
  let eventsPath: string;
  let shared: string;
  beforeAll(async () => {
    shared = mkdtempSync(join(tmpdir(), 'curation-processes-'));
    eventsPath = join(shared, 'events.json');
    writeFileSync(eventsPath, JSON.stringify(tieredLog(5), null, 2) + '\n');
    url = await server.createDatabase();
    const env = {
      CURATION_DB_URL: url,
      CURATION_EVENTS: eventsPath,
      CURATION_HISTORY: join(shared, 'history'),
      CURATION_NOW: NOW.toISOString(),
      CURATION_FEEDS: JSON.stringify([
        { name: 'rss', url: `${feeds.url}/rss.xml` },
        { name: 'json', url: `${feeds.url}/feed.json` },
      ]),
    };
    [a, b] = await Promise.all([spawnChild(env), spawnChild(env)]);
  }, 60_000);
  afterAll(() => rmSync(shared, { recursive: true, force: true }));

  it('GIVEN two processes whose schedules tick for the same round THEN one polls and the other skips; forced polls at once still make each item one candidate', async () => {
    feeds.items.rss = story(0, 30, 'news.example');
    feeds.items.json = story(20, 40, 'news.example');
    feeds.items.atom = [];
    feeds.requests.length = 0;
    const round = await Promise.all([a.run({ op: 'round', slot: '2026-07-02T12:00:00.000Z' }), b.run({ op: 'round', slot: '2026-07-02T12:00:00.000Z' })]);
    expect(round.map((r) => r.polled).sort()).toEqual([false, true]);
    expect(round.find((r) => r.polled)!.added).toBe(40);
    // one round: each feed fetched once
    expect(feeds.requests.map((r) => r.path).sort()).toEqual(['/feed.json', '/rss.xml']);

    // new items, and both processes forced to poll at the same moment
    feeds.items.rss = story(0, 60, 'news.example');
    feeds.items.json = story(50, 80, 'news.example');
    const forced = await Promise.all([a.run({ op: 'poll' }), b.run({ op: 'poll' })]);
    expect(forced.every((r) => r.polled)).toBe(true);
    expect(forced.reduce((n, r) => n + (r.added as number), 0)).toBe(40);

    const store = await openPostgresCuration(connectPostgres(url), { ownsPool: true });
    const all = await store.candidates();
    expect(all).toHaveLength(80);
    expect(new Set(all.map((c) => c.url)).size).toBe(80);
    expect(all.every((c) => !c.url.includes('utm_'))).toBe(true);
    expect((await store.pool.query('SELECT COUNT(*)::int AS n FROM curation_rounds')).rows[0].n).toBe(1);
    await store.close();

    // the command line with the same DATABASE_URL works on the same queue
    const cli = await run(process.execPath, ['--import', 'tsx', 'src/cli/curate.ts', 'list', '--json', '--status', 'new'], {
      env: { ...process.env, DATABASE_URL: url, EVENTS_PATH: eventsPath, LOG_LEVEL: 'silent' },
    });
    expect(JSON.parse(cli.stdout)).toHaveLength(80);
  }, 60_000);

  it('GIVEN two processes adding events to the same log file at the same moment THEN every event is in the file, the file is valid, and each change is recorded once', async () => {
    const drafts = (who: string) =>
      Array.from({ length: 6 }, (_, i) => {
        const e = fixtureEvent(100 + i, `2025-0${1 + (i % 6)}-1${i}`);
        const file = join(shared, `${who}-${i}.json`);
        const source = { ...e.sources[0], url: `https://example.com/${who}/${i}`, tier: 'press' };
        writeFileSync(file, JSON.stringify({ ...e, status: 'reported', id: `${e.date}-from-${who}-${i}`, title: `Event ${i} from process ${who}`, sources: [source] }));
        return file;
      });
    const outs = await Promise.all([a.run({ op: 'add', drafts: drafts('a') }), b.run({ op: 'add', drafts: drafts('b') })]);
    expect(outs.map((o) => o.error)).toEqual([undefined, undefined]);
    const log = JSON.parse(readFileSync(eventsPath, 'utf8'));
    expect(validateLog(log).ok).toBe(true);
    const ids: string[] = log.events.map((e: { id: string }) => e.id);
    expect(ids).toHaveLength(5 + 12);
    for (const who of ['a', 'b']) expect(ids.filter((id) => id.includes(`-from-${who}-`))).toHaveLength(6);
    const store = await openPostgresCuration(connectPostgres(url), { ownsPool: true });
    expect((await store.changes(100)).filter((c) => c.action === 'add')).toHaveLength(12);
    await store.close();
  }, 60_000);
});

describe('two curators on two processes acting on one candidate', () => {
  const stores: PostgresCurationStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });

  async function twoServices(): Promise<{ eventsPath: string; services: [CurationService, CurationService] }> {
    const { eventsPath, historyDir } = setUp();
    const url = await server.createDatabase();
    const make = async () => {
      const store = await openPostgresCuration(connectPostgres(url), { ownsPool: true });
      stores.push(store);
      const timeline = () => {
        const res = loadTimelineFile(eventsPath);
        if (!res.ok) throw new Error(res.error.message);
        return res.timeline;
      };
      return new CurationService({ store, eventsPath, historyDir, feeds: [], now: () => NOW, timeline });
    };
    return { eventsPath, services: [await make(), await make()] };
  }

  const candidate = { url: 'https://news.example/plant', title: 'Honda and Nissan to share a US plant', summary: 's', feed: 'wire', publisher: 'Example Wire', published: day(1), foundAt: day(1), score: 3, companies: ['Honda', 'Nissan'], topics: ['plants'] };

  it('GIVEN two curators dismissing it at once THEN one wins AND the other is told politely who already did', async () => {
    const { services } = await twoServices();
    const c = (await services[0].store.addCandidate(candidate))!;
    const outs = await Promise.allSettled([services[0].dismiss(c.id, 'discord:1 (Ann)'), services[1].dismiss(c.id, 'slack:U2 (Bo)')]);
    const won = outs.filter((o) => o.status === 'fulfilled');
    const lost = outs.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<{ reviewedBy?: string }>).value.reviewedBy!;
    expect(lost.map((o) => o.reason.message)).toEqual([`Candidate #${c.id} was already dismissed by ${winner} at ${NOW.toISOString()}.`]);
    expect((await services[1].store.changes()).filter((x) => x.action === 'dismiss')).toHaveLength(1);
  });

  it('GIVEN one curator attaching it while another dismisses it THEN exactly one act happens AND the log gains the source only if the attach won', async () => {
    const { eventsPath, services } = await twoServices();
    const c = (await services[0].store.addCandidate(candidate))!;
    const before = readFileSync(eventsPath, 'utf8');
    const outs = await Promise.allSettled([services[0].attach(c.id, 'event-2', 'discord:1 (Ann)'), services[1].dismiss(c.id, 'slack:U2 (Bo)')]);
    expect(outs.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const final = (await services[0].store.candidate(c.id))!;
    const after = readFileSync(eventsPath, 'utf8');
    if (final.status === 'attached') expect(after).toContain('https://news.example/plant');
    else expect(after).toBe(before);
    const rejected = outs.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
    expect(rejected.reason.message).toMatch(new RegExp(`^Candidate #${c.id} was already ${final.status} by ${final.reviewedBy!.replace(/[()]/g, '\\$&')}`));
    expect(await services[1].store.changes()).toHaveLength(1);
  });
});
