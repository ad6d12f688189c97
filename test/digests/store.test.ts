/**
 * The DigestStore contract, run on both engines: SQLite (a temp file) and Postgres (a real server
 * started by the test). Two store instances on the same database stand for two processes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/database.js';
import { openPostgres } from '../../src/db/postgres.js';
import { DatabaseReplayGuard } from '../../src/db/replay-store.js';
import { SqliteDigestStore } from '../../src/digests/sqlite-store.js';
import { PostgresDigestStore } from '../../src/digests/postgres-store.js';
import { MAX_CONSECUTIVE_FAILURES, type DigestStore, type SubscriptionInput } from '../../src/digests/store.js';
import { postgresForFile } from '../helpers/postgres.js';
import { tempDir } from './helpers.js';

const LEASE = 10_000;
const T0 = new Date('2025-03-10T08:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

interface Engine {
  name: string;
  /** Two stores ("processes") on one fresh database, and a replay guard for each. */
  open(): Promise<{ a: DigestStore; b: DigestStore; guards: [DatabaseReplayGuard, DatabaseReplayGuard]; close(): Promise<void> }>;
}

const server = postgresForFile();
/** One database for the Postgres runs, emptied before each test (creating one per test costs seconds). */
let pgUrl: string | undefined;

const engines: Engine[] = [
  {
    name: 'SQLite',
    async open() {
      const tmp = tempDir('store-');
      const path = join(tmp.dir, 'bot.db');
      const [da, db] = [openDatabase(path), openDatabase(path)];
      return {
        a: new SqliteDigestStore(da, { owner: 'a', leaseMs: LEASE }),
        b: new SqliteDigestStore(db, { owner: 'b', leaseMs: LEASE }),
        guards: [new DatabaseReplayGuard({ engine: 'sqlite', db: da }, 'discord', 60_000), new DatabaseReplayGuard({ engine: 'sqlite', db: db }, 'discord', 60_000)],
        async close() {
          da.close();
          db.close();
          tmp.cleanup();
        },
      };
    },
  },
  {
    name: 'Postgres',
    async open() {
      pgUrl ??= await server.createDatabase();
      const [pa, pb] = [await openPostgres(pgUrl), await openPostgres(pgUrl)];
      await pa.query('TRUNCATE subscriptions, seen_events, deliveries, replay_guard RESTART IDENTITY CASCADE');
      return {
        a: new PostgresDigestStore(pa, { owner: 'a', leaseMs: LEASE, ownsPool: true }),
        b: new PostgresDigestStore(pb, { owner: 'b', leaseMs: LEASE, ownsPool: true }),
        guards: [new DatabaseReplayGuard({ engine: 'postgres', pool: pa }, 'discord', 60_000), new DatabaseReplayGuard({ engine: 'postgres', pool: pb }, 'discord', 60_000)],
        async close() {
          await pa.end();
          await pb.end();
        },
      };
    },
  },
];

const input = (channelId: string, extra: Partial<SubscriptionInput> = {}): SubscriptionInput => ({
  platform: 'discord',
  guildId: '100',
  channelId,
  frequency: 'daily',
  time: '09:00',
  timezone: 'Europe/Berlin',
  quiet: false,
  ...extra,
});

describe.each(engines)('DigestStore on $name', (engine) => {
  let s: Awaited<ReturnType<Engine['open']>>;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(async () => {
    await s.close();
  });

  it('GIVEN a new channel THEN upsert creates it with the log as seen; a second upsert replaces it, keeps its id and seen set, and un-pauses it', async () => {
    const { subscription, created } = await s.a.upsertSubscription(input('1'), T0, ['e1', 'e2']);
    expect(created).toBe(true);
    expect(subscription).toMatchObject({ platform: 'discord', guildId: '100', channelId: '1', frequency: 'daily', time: '09:00', quiet: false, consecutiveFailures: 0 });
    expect([...(await s.b.seenIds(subscription.id))].sort()).toEqual(['e1', 'e2']);
    const again = await s.b.upsertSubscription(input('1', { frequency: 'weekly', weekday: 5, quiet: true }), at(1000), ['e3']);
    expect(again.created).toBe(false);
    expect(again.subscription).toMatchObject({ id: subscription.id, frequency: 'weekly', weekday: 5, quiet: true });
    expect(again.subscription.scheduleFrom).toEqual(at(1000));
    expect([...(await s.a.seenIds(subscription.id))].sort()).toEqual(['e1', 'e2']);
    expect(await s.a.listAll()).toHaveLength(1);
  });

  it('GIVEN a subscription in Japanese THEN its language is stored and read back by the other process; one without a language is English; a replacement changes it', async () => {
    const ja = (await s.a.upsertSubscription(input('1', { language: 'ja' }), T0, [])).subscription;
    expect(ja.language).toBe('ja');
    expect((await s.b.findByChannel('discord', '1'))?.language).toBe('ja');
    expect((await s.a.upsertSubscription(input('2'), T0, [])).subscription.language).toBe('en');
    const replaced = await s.b.upsertSubscription(input('1', { language: 'en' }), at(1000), []);
    expect(replaced).toMatchObject({ created: false, subscription: { id: ja.id, language: 'en' } });
  });

  it('GIVEN subscriptions in two servers and a DM THEN listByGuild returns each set oldest first, and delete removes one with its rows', async () => {
    const x = (await s.a.upsertSubscription(input('1'), T0, [])).subscription;
    await s.a.upsertSubscription(input('2', { guildId: '200' }), T0, []);
    await s.a.upsertSubscription(input('3'), T0, []);
    await s.a.upsertSubscription(input('4', { guildId: undefined }), T0, []);
    expect((await s.b.listByGuild('discord', '100')).map((v) => v.channelId)).toEqual(['1', '3']);
    expect((await s.b.listByGuild('discord', undefined)).map((v) => v.channelId)).toEqual(['4']);
    await s.a.claim(x, { occurrence: 'o1', kind: 'scheduled', scheduledFor: T0, status: 'pending', eventIds: ['e9'] }, T0);
    expect((await s.b.deleteSubscription('discord', '1'))?.id).toBe(x.id);
    expect(await s.b.findByChannel('discord', '1')).toBeUndefined();
    expect(await s.b.deliveries(x.id)).toEqual([]);
    expect(await s.b.deleteSubscription('discord', '1')).toBeUndefined();
  });

  it('GIVEN two processes claiming the same occurrences at once THEN each occurrence is claimed exactly once, with one deterministic nonce', async () => {
    const sub = (await s.a.upsertSubscription(input('1'), T0, [])).subscription;
    const occurrences = Array.from({ length: 20 }, (_, i) => `2025-03-${String(i + 1).padStart(2, '0')}T08:00:00.000Z`);
    const claims = await Promise.all(
      occurrences.flatMap((o) => [s.a, s.b].map(async (st) => ({ o, owner: st.owner, d: await st.claim(sub, { occurrence: o, kind: 'scheduled', scheduledFor: new Date(o), status: 'pending' }, T0) }))),
    );
    const won = claims.filter((c) => c.d);
    expect(won.map((c) => c.o).sort()).toEqual(occurrences);
    for (const c of won) expect(c.d).toMatchObject({ status: 'pending', attempts: 1, leaseOwner: c.owner, leaseUntil: at(LEASE) });
    expect(new Set(won.map((c) => c.d!.nonce)).size).toBe(20);
    expect(await s.a.lastScheduledOccurrence(sub.id)).toEqual(new Date(occurrences[19]));
    expect((await s.b.pendingDeliveries()).length).toBe(20);
  });

  it('GIVEN an occurrence closed without posting THEN it is recorded once with its status and the subscription shows it', async () => {
    const sub = (await s.a.upsertSubscription(input('1'), T0, [])).subscription;
    const d = await s.a.claim(sub, { occurrence: 'o1', kind: 'catch-up', scheduledFor: T0, status: 'skipped', error: 'missed' }, T0);
    expect(d).toMatchObject({ status: 'skipped', attempts: 0, error: 'missed' });
    expect(d?.leaseOwner).toBeUndefined();
    expect(await s.b.claim(sub, { occurrence: 'o1', kind: 'catch-up', scheduledFor: T0, status: 'skipped' }, T0)).toBeUndefined();
    expect(await s.b.getSubscription(sub.id)).toMatchObject({ lastStatus: 'skipped', lastRunAt: T0 });
  });

  it('GIVEN an alert claimed by one process THEN another process cannot claim an alert holding any of the same events, pending or seen', async () => {
    const sub = (await s.a.upsertSubscription(input('1', { frequency: 'alerts' }), T0, [])).subscription;
    const first = await s.a.claim(sub, { occurrence: 'alert:x', kind: 'alert', scheduledFor: T0, status: 'pending', eventIds: ['e1'] }, T0);
    expect(first).toBeDefined();
    // Another process with a newer log: a different key, but e1 is already taken.
    expect(await s.b.claim(sub, { occurrence: 'alert:y', kind: 'alert', scheduledFor: T0, status: 'pending', eventIds: ['e1', 'e2'] }, T0)).toBeUndefined();
    expect([...(await s.b.pendingEventIds(sub.id))]).toEqual(['e1']);
    await s.a.markSent(first!, 'm1', at(100));
    expect(await s.b.claim(sub, { occurrence: 'alert:y', kind: 'alert', scheduledFor: T0, status: 'pending', eventIds: ['e1', 'e2'] }, at(200))).toBeUndefined();
    expect(await s.b.claim(sub, { occurrence: 'alert:z', kind: 'alert', scheduledFor: T0, status: 'pending', eventIds: ['e2'] }, at(200))).toBeDefined();
  });

  it('GIVEN a post that went through THEN the delivery is sent, its events are seen and failures cleared; a second markSent changes nothing', async () => {
    const sub = (await s.a.upsertSubscription(input('1'), T0, [])).subscription;
    const fail = (await s.a.claim(sub, { occurrence: 'o0', kind: 'scheduled', scheduledFor: T0, status: 'pending', eventIds: ['e0'] }, T0))!;
    expect(await s.a.markFailed(fail, 'transient', 'HTTP 500', T0)).toMatchObject({ consecutiveFailures: 1, lastErrorKind: 'transient' });
    const d = (await s.a.claim(sub, { occurrence: 'o1', kind: 'scheduled', scheduledFor: at(1), status: 'pending', eventIds: ['e1', 'e2'] }, T0))!;
    expect(await s.a.hasDelivered(sub.id)).toBe(false);
    await s.a.markSent(d, 'm1', at(500));
    await s.b.markSent(d, 'm2', at(600));
    expect(await s.b.getDelivery(d.id)).toMatchObject({ status: 'sent', messageId: 'm1' });
    expect(await s.b.getSubscription(sub.id)).toMatchObject({ consecutiveFailures: 0, lastStatus: 'sent', lastErrorKind: undefined });
    expect([...(await s.b.seenIds(sub.id))].sort()).toEqual(['e1', 'e2']);
    expect(await s.b.hasDelivered(sub.id)).toBe(true);
  });

  it(`GIVEN ${MAX_CONSECUTIVE_FAILURES} failed deliveries in a row THEN the subscription pauses`, async () => {
    const sub = (await s.a.upsertSubscription(input('1'), T0, [])).subscription;
    let after;
    for (let i = 0; i < MAX_CONSECUTIVE_FAILURES; i++) {
      const d = (await s.a.claim(sub, { occurrence: `o${i}`, kind: 'scheduled', scheduledFor: at(i), status: 'pending' }, T0))!;
      after = await s.a.markFailed(d, 'forbidden', 'Missing Access', at(i));
    }
    expect(after).toMatchObject({ consecutiveFailures: MAX_CONSECUTIVE_FAILURES, pausedAt: at(MAX_CONSECUTIVE_FAILURES - 1), lastStatus: 'failed' });
  });

  it('GIVEN a process that stops renewing its lease THEN nobody takes the claim before it expires, exactly one process takes it after, and the old owner can no longer fail or settle it', async () => {
    const sub = (await s.a.upsertSubscription(input('1'), T0, [])).subscription;
    const d = (await s.a.claim(sub, { occurrence: 'o1', kind: 'scheduled', scheduledFor: T0, status: 'pending' }, T0))!;
    expect(await s.b.takeOverExpired(at(LEASE - 1), 10)).toEqual([]);
    expect(await s.a.renewLeases([d.id], at(LEASE - 1))).toBe(1);
    expect(await s.b.takeOverExpired(at(LEASE + 1), 10)).toEqual([]); // renewed until 2 × LEASE - 1
    const [x, y] = await Promise.all([s.a.takeOverExpired(at(2 * LEASE), 10), s.b.takeOverExpired(at(2 * LEASE), 10)]);
    expect(x.length + y.length).toBe(1);
    const taker = x.length ? s.a : s.b;
    const other = x.length ? s.b : s.a;
    const taken = [...x, ...y][0];
    expect(taken).toMatchObject({ id: d.id, leaseOwner: taker.owner, leaseUntil: at(3 * LEASE), nonce: d.nonce });
    expect(await other.renewLeases([d.id], at(2 * LEASE))).toBe(0);
    await other.markFailed(d, 'transient', 'late failure from the old owner', at(2 * LEASE));
    await other.settle(d, 'unconfirmed', 'late', at(2 * LEASE));
    expect((await taker.getDelivery(d.id))?.status).toBe('pending');
    await taker.startAttempt(d.id, at(2 * LEASE + 1));
    expect(await taker.getDelivery(d.id)).toMatchObject({ attempts: 2, postingAt: at(2 * LEASE + 1) });
    await taker.markSent(taken, 'm1', at(2 * LEASE + 2));
    expect((await other.getDelivery(d.id))?.status).toBe('sent');
  });

  it('GIVEN 50 expired claims and two processes taking them over at once THEN every claim goes to exactly one of them', async () => {
    const sub = (await s.a.upsertSubscription(input('1'), T0, [])).subscription;
    for (let i = 0; i < 50; i++) await s.a.claim(sub, { occurrence: `o${i}`, kind: 'scheduled', scheduledFor: at(i), status: 'pending' }, T0);
    const later = at(LEASE + 1);
    const batches = await Promise.all([s.a, s.b, s.a, s.b].map((st) => st.takeOverExpired(later, 15)));
    const more = await s.b.takeOverExpired(later, 100);
    const ids = [...batches.flat(), ...more].map((d) => d.id);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
    expect(await s.a.takeOverExpired(later, 100)).toEqual([]);
  });

  it('GIVEN two replicas sharing the replay guard THEN an interaction id is let through once within the window, and again after it', async () => {
    const [g1, g2] = s.guards;
    const now = Date.now();
    expect(await g1.check('i-1', now)).toBe(false);
    expect(await g2.check('i-1', now + 1000)).toBe(true);
    expect(await g1.check('i-1', now + 2000)).toBe(true);
    expect(await g2.check('i-2', now + 2000)).toBe(false);
    expect(await g2.check('i-1', now + 61_000)).toBe(false); // the window (60 s) has passed: not a replay any more
  });
});
