/**
 * Alerts with two processes on one Postgres: each process has its own connection pool, its own copy of
 * the event log and its own digest service; a log change is alerted once per channel, not once per
 * process — also when the processes read the changed log at different moments.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgres, type PgPool } from '../../src/db/postgres.js';
import { PostgresDigestStore } from '../../src/digests/postgres-store.js';
import { createDigestService, type DigestService } from '../../src/digests/service.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { postgresForFile } from '../helpers/postgres.js';
import { clock, FakeChat, FakeSink, fixtureEvent, GUILD, logStore, tempDir, writeLog, type Clock } from './helpers.js';

const CHANNELS = ['300000000000000001', '300000000000000002', '300000000000000003'];

const server = postgresForFile();
/** One database, emptied before each test. */
let url: string | undefined;

let tmp: ReturnType<typeof tempDir>;
let clk: Clock;
let chat: FakeChat;
let log: ReturnType<typeof logStore>;
let procs: { pool: PgPool; store: TimelineStore; svc: DigestService }[];

beforeEach(async () => {
  tmp = tempDir('alerts-');
  clk = clock('2025-03-10T06:00:00Z');
  chat = new FakeChat(clk);
  log = logStore(tmp.dir, 6);
  url ??= await server.createDatabase();
  procs = [];
  for (const owner of ['a', 'b']) {
    const pool = await openPostgres(url);
    if (owner === 'a') await pool.query('TRUNCATE subscriptions, seen_events, deliveries, replay_guard RESTART IDENTITY CASCADE');
    const store = TimelineStore.open(log.path);
    const svc = createDigestService({ db: new PostgresDigestStore(pool, { owner }), store, sinks: [new FakeSink(chat)], catchupHours: 6, now: clk.now, timers: false });
    procs.push({ pool, store, svc });
  }
  for (const channelId of CHANNELS) await procs[0].svc.subscribe({ platform: 'discord', guildId: GUILD, channelId, frequency: 'alerts' });
});
afterEach(async () => {
  for (const p of procs) {
    await p.svc.stop();
    p.store.close();
    await p.pool.end();
  }
  log.store.close();
  tmp.cleanup();
});

describe('GIVEN alert subscriptions and two processes on one Postgres', () => {
  it('WHEN both see a new event and run their alerts at the same moment THEN each channel gets one alert', async () => {
    log.add(fixtureEvent(90, '2025-03-09'));
    for (const p of procs) expect(p.store.reload().ok).toBe(true);
    const [a, b] = await Promise.all(procs.map((p) => p.svc.runAlerts()));
    expect([...a, ...b].filter((o) => o.status === 'sent')).toHaveLength(CHANNELS.length);
    for (const c of CHANNELS) expect(chat.in(c).map((m) => m.reply.data?.events)).toEqual([['event-90']]);
    // Later sweeps in either process find nothing new.
    await Promise.all(procs.map((p) => p.svc.runAlerts()));
    expect(chat.messages).toHaveLength(CHANNELS.length);
  });

  it('WHEN one process alerts an event and the other reads the log only after a second event THEN each event reaches each channel once, whoever posts it', async () => {
    log.add(fixtureEvent(90, '2025-03-09'));
    procs[0].store.reload();
    const claimsA = procs[0].svc.runAlerts(); // still posting while the log grows again
    log.add(fixtureEvent(91, '2025-03-09'));
    procs[1].store.reload();
    await Promise.all([claimsA, procs[1].svc.runAlerts()]);
    await Promise.all(procs.map((p) => p.svc.runAlerts()));
    for (const c of CHANNELS) {
      const shown = chat.in(c).flatMap((m) => m.reply.data?.events as string[]);
      expect(shown.sort()).toEqual(['event-90', 'event-91']); // each event once, whoever posted it
    }
  });

  it('WHEN the log file changes under both processes (a reload each) THEN the alerts go out once in total', async () => {
    writeLog(log.path, { ...log.log, events: [...log.log.events, fixtureEvent(92, '2025-03-09')] });
    await Promise.all(procs.map(async (p) => p.store.reload()));
    await Promise.all(procs.map((p) => p.svc.runAlerts()));
    expect(chat.messages).toHaveLength(CHANNELS.length);
  });
});
