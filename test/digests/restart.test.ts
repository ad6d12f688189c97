/**
 * Exactly-once digests on a real SQLite file: restarts, crashes before/after the post, bounded
 * catch-up, alerts and late-curated events. The clock is injected; nothing waits for real cron minutes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/db/database.js';
import { createDigestService, type DigestService } from '../../src/digests/service.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { CHANNEL, CHANNEL_2, clock, FakeChat, FakeSink, fixtureEvent, GUILD, logStore, tempDir, type Clock } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let dbPath: string;
let eventsPath: string;
let clk: Clock;
let chat: FakeChat;
let log: ReturnType<typeof logStore>;
const open: { db: Db; svc: DigestService; store: TimelineStore }[] = [];

/** One "process": its own database connection, event-log store and service on the shared files. */
function boot(sink = new FakeSink(chat), catchupHours = 6) {
  const db = openDatabase(dbPath);
  const store = TimelineStore.open(eventsPath);
  const svc = createDigestService({ db, store, sinks: [sink], catchupHours, now: clk.now, timers: false });
  const p = { db, svc, store, sink };
  open.push(p);
  return p;
}

/** A crash: the connection goes away without stop(); whatever was in flight never completes. */
function crash(p: { db: Db }) {
  p.db.close();
}

async function shutdown(p: { db: Db; svc: DigestService }) {
  await p.svc.stop();
  p.db.close();
}

const subscribeDaily = (svc: DigestService, extra: Partial<Parameters<DigestService['subscribe']>[0]> = {}) =>
  svc.subscribe({ platform: 'discord', guildId: GUILD, channelId: CHANNEL, frequency: 'daily', time: '09:00', timezone: 'Europe/Berlin', ...extra });

beforeEach(() => {
  tmp = tempDir();
  dbPath = join(tmp.dir, 'var', 'bot.db');
  clk = clock('2025-03-10T06:00:00Z'); // Monday 07:00 in Berlin (CET)
  chat = new FakeChat(clk);
  log = logStore(tmp.dir, 6);
  eventsPath = log.path;
});

afterEach(() => {
  for (const p of open.splice(0)) {
    try {
      p.db.close();
    } catch {
      /* closed by the test */
    }
  }
  tmp.cleanup();
});

describe('digests: a new subscription and its first digest', () => {
  it('GIVEN a new daily subscription THEN the database file is created, the log counts as seen and the first digest shows only context', async () => {
    const p = boot();
    const res = await subscribeDaily(p.svc);
    expect(res.created).toBe(true);
    expect(res.nextRun?.toISOString()).toBe('2025-03-10T08:00:00.000Z'); // 09:00 CET
    clk.set('2025-03-10T08:00:00Z');
    const out = await p.svc.runDue();
    expect(out).toEqual([{ occurrence: '2025-03-10T08:00:00.000Z', status: 'sent' }]);
    const [m] = chat.in(CHANNEL);
    expect(chat.in(CHANNEL)).toHaveLength(1);
    expect(m.reply.title).toBe('Daily digest');
    expect(m.reply.data?.events).toEqual([]);
    expect(m.reply.data?.context).toEqual(['event-5', 'event-4', 'event-3']);
    expect(m.reply.fields?.[0].name).toMatch(/^For context: the 3 latest events already in the log/);
    expect(m.reply.body).toMatch(/first digest/);
    expect(m.nonce).toHaveLength(25);
  });

  it('GIVEN quiet off and nothing new THEN nothing is posted (recorded as empty); quiet on THEN "no new developments" is posted', async () => {
    const p = boot();
    await subscribeDaily(p.svc);
    await subscribeDaily(p.svc, { channelId: CHANNEL_2, quiet: true });
    clk.set('2025-03-10T08:00:00Z');
    await p.svc.runDue(); // first digests (context)
    clk.set('2025-03-11T08:00:00Z');
    const out = await p.svc.runDue();
    expect(out.map((o) => o.status).sort()).toEqual(['empty', 'sent']);
    expect(chat.in(CHANNEL)).toHaveLength(1);
    expect(chat.in(CHANNEL_2)).toHaveLength(2);
    expect(chat.in(CHANNEL_2)[1].reply.title).toBe('Daily digest: no new developments');
    expect((await p.svc.get('discord', CHANNEL))!.subscription.lastStatus).toBe('empty');
  });

  it('GIVEN an event curated late with an older date THEN it is still news for the channel, newest first and grouped by topic', async () => {
    const p = boot();
    await subscribeDaily(p.svc);
    clk.set('2025-03-10T08:00:00Z');
    await p.svc.runDue();
    // Curated after subscribing: one dated long before the newest event, one recent.
    log.add(fixtureEvent(40, '2024-06-01'), fixtureEvent(41, '2025-03-09'));
    p.store.reload();
    clk.set('2025-03-11T08:00:00Z');
    await p.svc.runDue();
    const m = chat.in(CHANNEL)[1];
    expect(m.reply.title).toBe('Daily digest — 2 new events');
    expect(m.reply.data?.events).toEqual(['event-41', 'event-40']);
    expect(m.reply.fields?.map((f) => f.name)).toEqual(['merger-talks (2)']);
    expect(m.reply.fields?.[0].value).toMatch(/event-41[\s\S]*event-40/);
    expect(m.reply.fields?.[0].value).toContain('https://example.com/news/41');
    expect(m.reply.body).toContain('/nissan-honda event <id>');
    // …and shown once: the next day has nothing new.
    clk.set('2025-03-12T08:00:00Z');
    expect(await p.svc.runDue()).toEqual([{ occurrence: '2025-03-12T08:00:00.000Z', status: 'empty' }]);
  });
});

describe('digests: exactly once across triggers and restarts', () => {
  it('GIVEN node-cron and the sweep both fire for the same occurrence, and then a restart THEN it is posted once', async () => {
    const p = boot();
    await subscribeDaily(p.svc);
    clk.set('2025-03-10T08:00:00Z');
    const [a, b] = await Promise.all([p.svc.fire(1), p.svc.runDue()]);
    expect([...a, ...b].map((o) => o.status).sort()).toEqual(['sent']);
    clk.advance(30_000);
    expect(await p.svc.runDue()).toEqual([]);
    await shutdown(p);
    const q = boot();
    await q.svc.start();
    expect(chat.in(CHANNEL)).toHaveLength(1);
    expect((await q.svc.db.deliveries(1)).map((d) => [d.occurrence, d.status])).toEqual([['2025-03-10T08:00:00.000Z', 'sent']]);
    await shutdown(q);
  });

  it('GIVEN a crash after recording but before the post reached the platform THEN the restart posts it once (no loss)', async () => {
    const p = boot(new FakeSink(chat).next('crash-before'));
    await subscribeDaily(p.svc);
    log.add(fixtureEvent(50, '2025-03-09'));
    p.store.reload();
    clk.set('2025-03-10T08:00:00Z');
    void p.svc.runDue(); // never settles: the "process" dies mid-post
    await new Promise((r) => setTimeout(r, 20));
    expect((await p.svc.db.deliveries(1))[0].status).toBe('pending');
    crash(p);
    expect(chat.in(CHANNEL)).toHaveLength(0);

    clk.advance(20_000); // restarted 20 s later
    const q = boot();
    await q.svc.start();
    expect(chat.in(CHANNEL)).toHaveLength(1);
    expect(chat.in(CHANNEL)[0].reply.data?.events).toEqual(['event-50']);
    const [d] = await q.svc.db.deliveries(1);
    expect(d.status).toBe('sent');
    expect(d.attempts).toBe(2);
    expect(q.sink.attempts.map((a) => a.nonce)).toEqual([d.nonce]);
    await shutdown(q);
  });

  it('GIVEN a crash after the post went through but before it was marked sent THEN the retry reuses the nonce and the platform dedups (no duplicate)', async () => {
    const p = boot(new FakeSink(chat).next('crash-after'));
    await subscribeDaily(p.svc);
    clk.set('2025-03-10T08:00:00Z');
    void p.svc.runDue();
    await new Promise((r) => setTimeout(r, 20));
    expect(chat.in(CHANNEL)).toHaveLength(1);
    crash(p);

    clk.advance(45_000);
    const q = boot();
    await q.svc.start();
    expect(q.sink.attempts).toHaveLength(1); // retried…
    expect(chat.in(CHANNEL)).toHaveLength(1); // …but not posted twice
    const [d] = await q.svc.db.deliveries(1);
    expect([d.status, d.messageId]).toEqual(['sent', chat.in(CHANNEL)[0].id]);
    // And a second restart has nothing left to do.
    await shutdown(q);
    const r = boot();
    await r.svc.start();
    expect(r.sink.attempts).toHaveLength(0);
    await shutdown(r);
  });

  it('GIVEN an interrupted post and a restart after the nonce window THEN it is not re-posted (unconfirmed) and its events go into the next digest', async () => {
    const p = boot();
    await subscribeDaily(p.svc);
    clk.set('2025-03-10T08:00:00Z');
    await p.svc.runDue(); // first digest (context) is sent normally…
    log.add(fixtureEvent(60, '2025-03-10'));
    p.store.reload();
    p.sink.next('crash-before');
    clk.set('2025-03-11T08:00:00Z');
    void p.svc.runDue(); // …the second one is interrupted
    await new Promise((r) => setTimeout(r, 20));
    crash(p);

    clk.set('2025-03-11T08:30:00Z'); // 30 min later: Discord no longer dedups that nonce
    const q = boot();
    await q.svc.start();
    expect(q.sink.attempts).toHaveLength(0);
    expect((await q.svc.db.findDelivery(1, '2025-03-11T08:00:00.000Z'))?.status).toBe('unconfirmed');
    expect((await q.svc.get('discord', CHANNEL))!.subscription.lastStatus).toBe('unconfirmed');
    clk.set('2025-03-12T08:00:00Z');
    await q.svc.runDue();
    expect(chat.in(CHANNEL).at(-1)!.reply.data?.events).toEqual(['event-60']);
    await shutdown(q);
  });
});

describe('digests: bounded catch-up on start', () => {
  it('GIVEN the bot was down at 09:00 and starts 3 h later (bound 6 h) THEN the digest is posted once, marked as late', async () => {
    const p = boot();
    await subscribeDaily(p.svc);
    await shutdown(p);
    clk.set('2025-03-10T11:00:00Z');
    const q = boot();
    await q.svc.start();
    expect(chat.in(CHANNEL)).toHaveLength(1);
    expect(chat.in(CHANNEL)[0].reply.body).toMatch(/Posted late \(the bot was offline\); scheduled for Mon 10 Mar 2025, 09:00 CET \(08:00 UTC\)/);
    expect((await q.svc.db.deliveries(1)).map((d) => [d.kind, d.status])).toEqual([['catch-up', 'sent']]);
    // Starting again does not repeat it.
    await shutdown(q);
    const r = boot();
    await r.svc.start();
    expect(chat.in(CHANNEL)).toHaveLength(1);
    await shutdown(r);
  });

  it('GIVEN the bot starts 7 h after the occurrence (bound 6 h) THEN it is recorded as skipped and nothing is posted', async () => {
    const p = boot();
    await subscribeDaily(p.svc);
    await shutdown(p);
    clk.set('2025-03-10T15:00:00Z');
    const q = boot();
    await q.svc.start();
    expect(chat.in(CHANNEL)).toHaveLength(0);
    expect((await q.svc.db.deliveries(1)).map((d) => [d.occurrence, d.status])).toEqual([['2025-03-10T08:00:00.000Z', 'skipped']]);
    expect((await q.svc.get('discord', CHANNEL))!.subscription.lastStatus).toBe('skipped');
    // The next occurrence runs normally (it is the channel's first real digest).
    clk.set('2025-03-11T08:00:00Z');
    await q.svc.runDue();
    expect(chat.in(CHANNEL)).toHaveLength(1);
    await shutdown(q);
  });

  it('GIVEN 4 missed days inside a 96 h bound THEN only the latest is posted and the older ones are skipped: never a burst', async () => {
    const p = boot(undefined, 96);
    await subscribeDaily(p.svc);
    await shutdown(p);
    clk.set('2025-03-13T10:00:00Z');
    const q = boot(undefined, 96);
    await q.svc.start();
    expect(chat.in(CHANNEL)).toHaveLength(1);
    expect((await q.svc.db.deliveries(1)).map((d) => [d.occurrence.slice(0, 10), d.status])).toEqual([
      ['2025-03-10', 'skipped'],
      ['2025-03-11', 'skipped'],
      ['2025-03-12', 'skipped'],
      ['2025-03-13', 'sent'],
    ]);
    await shutdown(q);
  });

  it('GIVEN DIGEST_CATCHUP_HOURS=0 THEN a missed occurrence is skipped, but one merely seconds late still posts', async () => {
    const p = boot(undefined, 0);
    await subscribeDaily(p.svc);
    clk.set('2025-03-10T08:00:40Z');
    expect(await p.svc.runDue()).toEqual([{ occurrence: '2025-03-10T08:00:00.000Z', status: 'sent' }]);
    await shutdown(p);
    clk.set('2025-03-11T09:00:00Z');
    const q = boot(undefined, 0);
    await q.svc.start();
    expect((await q.svc.db.findDelivery(1, '2025-03-11T08:00:00.000Z'))?.status).toBe('skipped');
    expect(chat.in(CHANNEL)).toHaveLength(1);
    await shutdown(q);
  });
});

describe('digests: alerts, weekly, send-now, preview', () => {
  it('GIVEN an alerts subscription THEN each log change posts the newly curated events once, and a restart does not repeat them', async () => {
    const p = boot();
    await p.svc.start();
    await p.svc.subscribe({ platform: 'discord', guildId: GUILD, channelId: CHANNEL, frequency: 'alerts', timezone: 'Asia/Tokyo' });
    // The watcher's reload of data/events.json emits 'change'; the service listens.
    log.add(fixtureEvent(70, '2025-03-09'));
    p.store.reload();
    await new Promise((r) => setTimeout(r, 10));
    await p.svc.idle();
    expect(chat.in(CHANNEL)).toHaveLength(1);
    expect(chat.in(CHANNEL)[0].reply.title).toBe('New in the log: Event number 70');
    log.add(fixtureEvent(71, '2023-01-01'), fixtureEvent(72, '2025-03-10'));
    p.store.reload();
    await new Promise((r) => setTimeout(r, 10));
    await p.svc.idle();
    expect(chat.in(CHANNEL)).toHaveLength(2);
    expect(chat.in(CHANNEL)[1].reply.data?.events).toEqual(['event-72', 'event-71']);
    await shutdown(p);
    const q = boot();
    await q.svc.start();
    expect(chat.in(CHANNEL)).toHaveLength(2);
    // An event curated while the bot was down is alerted on start.
    await shutdown(q);
    log.add(fixtureEvent(73, '2025-03-10'));
    const r = boot();
    await r.svc.start();
    expect(chat.in(CHANNEL).map((m) => m.reply.data?.events)).toEqual([['event-70'], ['event-72', 'event-71'], ['event-73']]);
    await shutdown(r);
  });

  it('GIVEN a weekly Friday 17:00 America/New_York subscription THEN only Fridays post, at 17:00 local across the DST change', async () => {
    const p = boot();
    const res = await p.svc.subscribe({ platform: 'discord', guildId: GUILD, channelId: CHANNEL, frequency: 'weekly', weekday: 'friday', time: '17:00', timezone: 'America/New_York' });
    expect(res.nextRun?.toISOString()).toBe('2025-03-14T21:00:00.000Z'); // EDT since 9 Mar
    clk.set('2025-03-13T21:00:00Z');
    expect(await p.svc.runDue()).toEqual([]);
    clk.set('2025-03-14T21:00:00Z');
    expect((await p.svc.runDue()).map((o) => o.status)).toEqual(['sent']);
    await shutdown(p);
  });

  it('GIVEN send-now THEN it posts a "test send" without touching the schedule or what counts as new', async () => {
    const p = boot();
    await subscribeDaily(p.svc);
    clk.set('2025-03-10T08:00:00Z');
    await p.svc.runDue();
    log.add(fixtureEvent(80, '2025-03-10'));
    p.store.reload();
    clk.set('2025-03-10T12:00:00Z');
    const res = await p.svc.sendNow('discord', CHANNEL);
    expect(res?.ok).toBe(true);
    const test = chat.in(CHANNEL)[1];
    expect(test.reply.title).toMatch(/^Test send — Daily digest — 1 new event/);
    expect(test.reply.body).toMatch(/test send/);
    expect((await p.svc.get('discord', CHANNEL))!.nextRun?.toISOString()).toBe('2025-03-11T08:00:00.000Z');
    clk.set('2025-03-11T08:00:00Z');
    await p.svc.runDue();
    expect(chat.in(CHANNEL)[2].reply.data?.events).toEqual(['event-80']);
    await shutdown(p);
  });

  it('GIVEN preview THEN it shows what would be posted now, ephemeral-ready, and stores nothing', async () => {
    const p = boot();
    await subscribeDaily(p.svc);
    log.add(fixtureEvent(90, '2025-03-10'));
    p.store.reload();
    const r = (await p.svc.preview('discord', CHANNEL))!;
    expect(r.title).toBe('Preview — Daily digest — 1 new event');
    expect(r.data?.events).toEqual(['event-90']);
    expect(await p.svc.db.deliveries(1)).toEqual([]);
    expect((await p.svc.db.seenIds(1)).has('event-90')).toBe(false);
    await shutdown(p);
  });
});

describe('digests: failures pause a subscription', () => {
  it('GIVEN 3 consecutive failures THEN the subscription pauses, skips its runs, and a successful send-now resumes it', async () => {
    const sink = new FakeSink(chat).next({ fail: 'forbidden' }, { fail: 'forbidden' }, 'throw');
    const p = boot(sink);
    await subscribeDaily(p.svc);
    for (const day of ['10', '11', '12']) {
      clk.set(`2025-03-${day}T08:00:00Z`);
      expect((await p.svc.runDue()).map((o) => o.status)).toEqual(['failed']);
    }
    const sub = (await p.svc.get('discord', CHANNEL))!.subscription;
    expect(sub.consecutiveFailures).toBe(3);
    expect(sub.pausedAt?.toISOString()).toBe('2025-03-12T08:00:00.000Z');
    expect([sub.lastStatus, sub.lastErrorKind, sub.lastError]).toEqual(['failed', 'transient', 'socket hang up']);
    clk.set('2025-03-13T08:00:00Z');
    expect(await p.svc.runDue()).toEqual([]);
    expect((await p.svc.get('discord', CHANNEL))!.nextRun).toBeUndefined();

    clk.set('2025-03-13T10:00:00Z');
    const res = await p.svc.sendNow('discord', CHANNEL);
    expect(res?.ok).toBe(true);
    const after = (await p.svc.get('discord', CHANNEL))!;
    expect([after.subscription.pausedAt, after.subscription.consecutiveFailures]).toEqual([undefined, 0]);
    expect(after.nextRun?.toISOString()).toBe('2025-03-14T08:00:00.000Z');
    // Nothing missed while paused is back-filled.
    clk.set('2025-03-14T08:00:00Z');
    expect((await p.svc.runDue()).map((o) => o.occurrence)).toEqual(['2025-03-14T08:00:00.000Z']);
    await shutdown(p);
  });

  it('GIVEN a failure then a success THEN the count resets; re-subscribing also resumes a paused subscription', async () => {
    const sink = new FakeSink(chat).next({ fail: 'gone' });
    const p = boot(sink);
    await subscribeDaily(p.svc);
    clk.set('2025-03-10T08:00:00Z');
    await p.svc.runDue();
    expect((await p.svc.get('discord', CHANNEL))!.subscription.consecutiveFailures).toBe(1);
    clk.set('2025-03-11T08:00:00Z');
    await p.svc.runDue();
    expect((await p.svc.get('discord', CHANNEL))!.subscription.consecutiveFailures).toBe(0);

    sink.next({ fail: 'gone' }, { fail: 'gone' }, { fail: 'gone' });
    for (const day of ['12', '13', '14']) {
      log.add(fixtureEvent(Number(day) + 100, `2025-03-${day}`));
      p.store.reload();
      clk.set(`2025-03-${day}T08:00:00Z`);
      await p.svc.runDue();
    }
    expect((await p.svc.get('discord', CHANNEL))!.subscription.pausedAt).toBeDefined();
    clk.set('2025-03-14T12:00:00Z');
    const res = await subscribeDaily(p.svc, { time: '10:00' });
    expect([res.created, res.subscription.pausedAt, res.subscription.consecutiveFailures]).toEqual([false, undefined, 0]);
    clk.set('2025-03-15T09:00:00Z');
    await p.svc.runDue();
    // The events the failed deliveries could not show are not lost.
    expect(chat.in(CHANNEL).at(-1)!.reply.data?.events).toEqual(['event-114', 'event-113', 'event-112']);
    await shutdown(p);
  });
});
