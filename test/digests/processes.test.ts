/**
 * Several bot processes on one Postgres: three real child processes (processes-child.ts) each run the
 * digest scheduler against a shared database and post to the fake Discord through the real REST
 * client. 1,000 subscriptions are due in the same minute. Whatever happens — 429s, two processes
 * killed with SIGKILL mid-fan-out, Postgres restarted mid-run — every channel gets its digest exactly
 * once: claims are exclusive, a dead process's claims are taken over when their lease expires, and a
 * repeated post carries the same nonce, which Discord (and the fake) answer with the message already made.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import pLimit from 'p-limit';
import { FakeDiscord } from '../fake-discord/server.js';
import { openPostgres } from '../../src/db/postgres.js';
import { PostgresDigestStore } from '../../src/digests/postgres-store.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { logStore, tempDir } from './helpers.js';

const SUBSCRIPTIONS = 1000;
const LEASE_MS = 3000;
const DUE = '2025-03-10T09:00:00.000Z';

let server: TestPostgres;
let fake: FakeDiscord;
let tmp: ReturnType<typeof tempDir>;
const children: Bot[] = [];

beforeAll(async () => {
  [server, fake] = await Promise.all([startPostgres(), FakeDiscord.start()]);
  tmp = tempDir('processes-');
}, 60_000);
afterEach(() => {
  for (const c of children.splice(0)) c.child.kill('SIGKILL');
});
afterAll(async () => {
  await fake?.close();
  await server?.stop();
  tmp?.cleanup();
});

interface Bot {
  child: ChildProcess;
  owner: Promise<string>;
  output(): string;
  exited: Promise<unknown>;
}

function spawnBot(env: Record<string, string>): Bot {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'digests', 'processes-child.ts')], {
    cwd: process.cwd(),
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const owner = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /^ready (\S+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(`bot exited before it was ready:\n${out}`)));
  });
  owner.catch(() => undefined);
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise((r) => child.on('exit', r));
  const bot = { child, owner, output: () => out, exited };
  children.push(bot);
  return bot;
}

/** A fresh database with SUBSCRIPTIONS daily digests due at 09:00 UTC, each in its own new channel of the fake. */
async function setUp(): Promise<{ url: string; channels: string[]; events: string }> {
  const url = await server.createDatabase();
  const log = logStore(tmp.dir, 6);
  const pool = await openPostgres(url);
  const store = new PostgresDigestStore(pool);
  const channels: string[] = [];
  const ids = log.store.current.events.map((e) => e.id);
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const channel = fake.snowflake();
    fake.addChannel({ id: channel, name: `digest-${i}` });
    channels.push(channel);
  }
  const subscribe = pLimit(10);
  await Promise.all(
    channels.map((channel) =>
      subscribe(() =>
        store.upsertSubscription({ platform: 'discord', guildId: fake.guild.id, channelId: channel, frequency: 'daily', time: '09:00', timezone: 'UTC', quiet: false }, new Date('2025-03-10T08:30:00Z'), ids),
      ),
    ),
  );
  await pool.end();
  log.store.close();
  return { url, channels, events: log.path };
}

/** Three bots on the database, started at the same moment with their clocks a second past 09:00 UTC. */
async function startBots(url: string, events: string, n = 3): Promise<Bot[]> {
  const offset = Date.parse(DUE) + 1000 - Date.now();
  const bots = Array.from({ length: n }, () =>
    spawnBot({ DIGEST_DB_URL: url, DIGEST_EVENTS: events, DIGEST_API: fake.apiUrl, CLOCK_OFFSET_MS: String(offset), LEASE_MS: String(LEASE_MS), SWEEP_MS: '5000' }),
  );
  await Promise.all(bots.map((b) => b.owner));
  for (const b of bots) b.child.stdin!.write('go\n');
  return bots;
}

async function query<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

const messagesIn = (channels: string[]) => channels.reduce((n, c) => n + (fake.messages.get(c)?.length ?? 0), 0);

async function until(what: string, cond: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (children.length && children.every((c) => c.child.exitCode !== null || c.child.signalCode !== null)) throw new Error(`every bot has exited while waiting for ${what}:\n${children.map((c) => c.output().slice(-3000)).join('\n---\n')}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the bots said:\n${children.map((c) => c.output().slice(-3000)).join('\n---\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Wait until no delivery is pending, then count what the fake Discord holds and what was asked of it. */
async function outcome(url: string, channels: string[]) {
  await until('every delivery to settle', async () => {
    const [row] = await query<{ settled: string }>(url, `SELECT COUNT(*) AS settled FROM deliveries WHERE status <> 'pending'`).catch(() => [{ settled: '0' }]);
    return Number(row.settled) >= SUBSCRIPTIONS;
  }, 120_000);
  const statuses = await query<{ status: string; n: string }>(url, 'SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status');
  const mine = new Set(channels);
  const posts = fake.requests.filter((r) => r.method === 'POST' && mine.has(r.path.split('/')[2] ?? '') && r.path.endsWith('/messages'));
  const perChannel = channels.map((c) => fake.messages.get(c)?.length ?? 0);
  return {
    statuses: Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)])),
    messages: perChannel.reduce((a, b) => a + b, 0),
    duplicates: perChannel.filter((n) => n > 1).length,
    lost: perChannel.filter((n) => n === 0).length,
    rateLimited: posts.filter((p) => p.status === 429).length,
    nonceRepeats: posts.filter((p) => p.status === 200).length - perChannel.reduce((a, b) => a + b, 0),
    occurrences: new Set(posts.map((p) => p.body?.nonce)).size,
  };
}

describe('GIVEN three processes on one Postgres and 1,000 subscriptions due in the same minute', () => {
  it('WHEN Discord answers with 429s and two processes are killed with SIGKILL during the fan-out THEN the third takes over their claims after the lease: still exactly 1,000 messages, none twice', async () => {
    const { url, channels, events } = await setUp();
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 429, retryAfterSeconds: 0.2, times: 150 });
    const bots = await startBots(url, events);
    await until('the fan-out to be under way', () => messagesIn(channels) >= 100, 60_000);
    // Kill the two processes holding the most unposted claims.
    const held = await query<{ lease_owner: string; n: string }>(url, `SELECT lease_owner, COUNT(*) AS n FROM deliveries WHERE status = 'pending' GROUP BY lease_owner ORDER BY n DESC`);
    const owners = await Promise.all(bots.map((b) => b.owner));
    const byLoad = [...bots].sort((a, b) => load(held, owners[bots.indexOf(b)]) - load(held, owners[bots.indexOf(a)]));
    const killed = byLoad.slice(0, 2);
    const orphaned = killed.reduce((n, b) => n + load(held, owners[bots.indexOf(b)]), 0);
    for (const b of killed) b.child.kill('SIGKILL');
    await Promise.all(killed.map((b) => b.exited));
    const atKill = messagesIn(channels);
    const o = await outcome(url, channels);
    console.info('429s, then two of three killed:', JSON.stringify({ ...o, messagesAtKill: atKill, orphanedClaims: orphaned }));
    expect(orphaned).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(SUBSCRIPTIONS);
    expect(o).toMatchObject({ statuses: { sent: SUBSCRIPTIONS }, messages: SUBSCRIPTIONS, duplicates: 0, lost: 0, occurrences: SUBSCRIPTIONS });
    expect(o.rateLimited).toBe(150);
    expect(byLoad[2].child.exitCode).toBeNull();
  }, 240_000);

  it('WHEN Postgres is restarted in the middle of the run THEN all three reconnect and carry on: exactly 1,000 messages, none twice, each process posting its share', async () => {
    const { url, channels, events } = await setUp();
    const bots = await startBots(url, events);
    await until('the fan-out to be under way', () => messagesIn(channels) >= 100, 60_000);
    await server.restart({ downMs: 1000 });
    const atRestart = messagesIn(channels);
    const o = await outcome(url, channels);
    console.info('Postgres restarted:', JSON.stringify({ ...o, messagesAtRestart: atRestart }));
    expect(atRestart).toBeLessThan(SUBSCRIPTIONS);
    expect(o).toMatchObject({ statuses: { sent: SUBSCRIPTIONS }, messages: SUBSCRIPTIONS, duplicates: 0, lost: 0, occurrences: SUBSCRIPTIONS });
    for (const b of bots) expect(b.child.exitCode, b.output().slice(-4000)).toBeNull();
    const owners = await query<{ n: string }>(url, `SELECT lease_owner, COUNT(*) AS n FROM deliveries GROUP BY lease_owner`);
    expect(owners.length).toBeGreaterThanOrEqual(2);
  }, 240_000);
});

function load(rows: { lease_owner: string; n: string }[], owner: string): number {
  return Number(rows.find((r) => r.lease_owner === owner)?.n ?? 0);
}
