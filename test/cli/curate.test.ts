import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFakeFeeds, type FakeFeeds } from '../fake-feeds/server.js';
import { tieredLog } from '../curation/helpers.js';
import { openDatabase } from '../../src/db/database.js';
import { SqliteCurationStore } from '../../src/curation/index.js';

const run = promisify(execFile);
let feeds: FakeFeeds;
let dir: string;
let env: NodeJS.ProcessEnv;

async function curate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/curate.ts', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  feeds = await startFakeFeeds();
  const recent = new Date(Date.now() - 86_400_000).toISOString();
  feeds.items.rss = [
    { title: 'Honda and Nissan restart merger talks', link: 'https://news.example/restart?utm_source=rss', published: recent, source: 'Example Wire', summary: 'The two carmakers met again.' },
    { title: 'Nissan to build pickups for Honda in Tennessee', link: 'https://news.example/pickups', published: recent },
    { title: 'Honda and Nissan agree on tariffs response', link: 'https://news.example/tariffs', published: recent },
  ];
  dir = mkdtempSync(join(tmpdir(), 'curate-cli-'));
  writeFileSync(join(dir, 'events.json'), JSON.stringify(tieredLog(5), null, 2) + '\n');
  writeFileSync(join(dir, 'feeds.json'), JSON.stringify({ feeds: [{ name: 'Fake wire', url: `${feeds.url}/rss.xml` }, { name: 'Broken feed', url: `${feeds.url}/error` }] }));
  env = { ...process.env, EVENTS_PATH: join(dir, 'events.json'), DATABASE_URL: '', DATABASE_PATH: join(dir, 'bot.db'), FEEDS_PATH: join(dir, 'feeds.json'), USER: 'tester', LOG_LEVEL: 'silent' };
});
afterAll(() => feeds.close());

// each case starts the command line in its own process (seconds each on a busy machine): generous limits, no timing
describe('npm run curate', { timeout: 120_000 }, () => {
  it('GIVEN a working and a failing feed WHEN poll THEN it exits 0 naming the failed feed', async () => {
    const res = await curate('poll');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/✓ Fake wire: 3 items, 3 new candidate/);
    expect(res.stdout).toMatch(/✗ Broken feed: failed — HTTP 500/);
  });

  it('GIVEN candidates WHEN list --json THEN each is { id, title, url, feed, published, status, score }', async () => {
    const res = await curate('list', '--json');
    const rows = JSON.parse(res.stdout);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(Object.keys(r).sort()).toEqual(['feed', 'id', 'published', 'score', 'status', 'title', 'url']);
    expect(rows.find((r: { url: string }) => r.url === 'https://news.example/restart')).toMatchObject({ feed: 'Fake wire', status: 'new' });
  });

  it('GIVEN a candidate WHEN draft then add THEN the event is in the log in date order AND the candidate is added AND the change is recorded', async () => {
    const rows = JSON.parse((await curate('list', '--json')).stdout);
    const id = rows.find((r: { url: string }) => r.url === 'https://news.example/restart').id;
    const out = join(dir, 'draft.json');
    expect((await curate('draft', String(id), '--out', out)).code).toBe(0);
    const draft = JSON.parse(readFileSync(out, 'utf8'));
    expect(draft).toMatchObject({ status: 'reported', companies: ['Honda', 'Nissan'], topics: ['merger-talks'], sources: [{ publisher: 'Example Wire', url: 'https://news.example/restart', tier: 'press' }] });
    const added = await curate('add', out);
    expect(added.code).toBe(0);
    const log = JSON.parse(readFileSync(env.EVENTS_PATH!, 'utf8'));
    expect(log.events.at(-1).id).toBe(draft.id);
    const db = openDatabase(env.DATABASE_PATH!);
    const store = new SqliteCurationStore(db);
    expect(await store.candidate(id)).toMatchObject({ status: 'added', eventId: draft.id, reviewedBy: 'cli:tester' });
    expect((await store.changes(1))[0]).toMatchObject({ action: 'add', actor: 'cli:tester', eventId: draft.id, candidateId: id });
    db.close();
  });

  it('GIVEN a broken draft WHEN add THEN it exits 2 naming each field AND the log is byte for byte unchanged', async () => {
    const before = readFileSync(env.EVENTS_PATH!);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ id: 'Bad Id', date: '2026-13-01', title: 't', summary: 's', status: 'rumour', companies: [], topics: ['x'], sources: [] }));
    const res = await curate('add', bad);
    expect(res.code).toBe(2);
    for (const field of ['id', 'date', 'status', 'companies', 'topics[0]', 'sources']) expect(res.stderr).toContain(`→ ${field}`);
    expect(readFileSync(env.EVENTS_PATH!).equals(before)).toBe(true);
  });

  it('GIVEN candidates WHEN dismiss and attach THEN their status changes AND attach adds the item as a source; a repeated dismiss is refused', async () => {
    const rows = JSON.parse((await curate('list', '--json', '--status', 'new')).stdout);
    const [a, b] = rows.map((r: { id: number }) => r.id);
    expect((await curate('dismiss', String(a))).code).toBe(0);
    const again = await curate('dismiss', String(a));
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already dismissed by cli:tester/);
    expect((await curate('attach', String(b), 'event-4')).code).toBe(0);
    const ev = JSON.parse(readFileSync(env.EVENTS_PATH!, 'utf8')).events.find((e: { id: string }) => e.id === 'event-4');
    expect(ev.sources).toHaveLength(2);
  });

  it('GIVEN no reports WHEN reports --json THEN an empty array; a mistyped command gets the usage', async () => {
    expect(JSON.parse((await curate('reports', '--json')).stdout)).toEqual([]);
    const res = await curate('lst');
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/no `curate lst`[\s\S]*usage/);
  });
});
