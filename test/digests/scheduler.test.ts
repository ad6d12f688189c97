/**
 * The running scheduler: node-cron tasks per subscription (in the subscription's timezone), the
 * safety sweep, and "never crashes the bot". The clock is injected; the sweep runs every few ms.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import cron from 'node-cron';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/db/database.js';
import { createDigestService, type DigestService } from '../../src/digests/service.js';
import { CHANNEL, CHANNEL_2, clock, FakeChat, FakeSink, fixtureEvent, GUILD, logStore, tempDir, type Clock } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let svc: DigestService;
let clk: Clock;
let chat: FakeChat;
let log: ReturnType<typeof logStore>;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

const digestTasks = () => [...cron.getTasks().values()].filter((t) => t.name?.startsWith('digest-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(() => {
  tmp = tempDir();
  db = openDatabase(join(tmp.dir, 'bot.db'));
  clk = clock('2025-03-10T06:00:00Z');
  chat = new FakeChat(clk);
  log = logStore(tmp.dir, 4);
  svc = createDigestService({ db, store: log.store, sinks: [new FakeSink(chat)], catchupHours: 6, now: clk.now, sweepMs: 15 });
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});

afterEach(async () => {
  process.off('unhandledRejection', onUnhandled);
  await svc.stop();
  try {
    db.close();
  } catch {
    /* closed by the test */
  }
  tmp.cleanup();
});

describe('GIVEN the digest service started with its timers', () => {
  it('WHEN channels subscribe THEN each daily/weekly one gets a node-cron task in its own timezone; alerts and unsubscribed ones do not', async () => {
    await svc.start();
    const a = await svc.subscribe({ platform: 'discord', guildId: GUILD, channelId: CHANNEL, frequency: 'weekly', weekday: 'friday', time: '17:45', timezone: 'America/New_York' });
    await svc.subscribe({ platform: 'discord', guildId: GUILD, channelId: CHANNEL_2, frequency: 'alerts' });
    const tasks = digestTasks();
    expect(tasks.map((t) => [t.name, t.getPattern()])).toEqual([[`digest-${a.subscription.id}`, '45 17 * * 5']]);
    // node-cron evaluates the pattern on the New York wall clock: Friday 17:45 EDT = 21:45Z.
    expect(tasks[0].match(new Date('2025-03-14T21:45:00Z'))).toBe(true);
    expect(tasks[0].match(new Date('2025-03-14T17:45:00Z'))).toBe(false);
    await svc.unsubscribe('discord', CHANNEL);
    expect(digestTasks()).toEqual([]);
  });

  it('WHEN node-cron fires a task THEN the due occurrence is posted, once, even if the sweep fires too', async () => {
    await svc.start();
    await svc.subscribe({ platform: 'discord', guildId: GUILD, channelId: CHANNEL, frequency: 'daily', time: '09:00', timezone: 'Europe/Berlin' });
    clk.set('2025-03-10T08:00:00Z');
    await digestTasks()[0].execute(); // what node-cron does at 09:00 Berlin
    await sleep(60); // several sweeps
    await svc.idle();
    expect(chat.in(CHANNEL)).toHaveLength(1);
  });

  it('WHEN node-cron does not fire (a DST edge, a stalled event loop) THEN the minute sweep still posts the occurrence', async () => {
    clk.set('2025-03-29T23:00:00Z');
    await svc.start();
    await svc.subscribe({ platform: 'discord', guildId: GUILD, channelId: CHANNEL, frequency: 'daily', time: '02:30', timezone: 'Europe/Berlin' });
    expect((await svc.get('discord', CHANNEL))!.nextRun?.toISOString()).toBe('2025-03-30T01:30:00.000Z');
    // 30 Mar 2025: 02:30 does not exist in Berlin; the schedule says 03:30 CEST (01:30Z). node-cron skips that day.
    clk.set('2025-03-30T01:30:20Z');
    await sleep(60);
    await svc.idle();
    expect(chat.in(CHANNEL)).toHaveLength(1);
    expect((await svc.db.deliveries(1)).map((d) => [d.occurrence, d.status])).toEqual([['2025-03-30T01:30:00.000Z', 'sent']]);
  });

  it('WHEN the log changes THEN alert channels get the new event without any call from outside', async () => {
    await svc.start();
    await svc.subscribe({ platform: 'discord', guildId: GUILD, channelId: CHANNEL_2, frequency: 'alerts' });
    log.add(fixtureEvent(9, '2025-03-10')); // TimelineStore.reload emits 'change'
    await sleep(30);
    await svc.idle();
    expect(chat.in(CHANNEL_2).map((m) => m.reply.data?.events)).toEqual([['event-9']]);
  });

  it('WHEN the database breaks under the running scheduler THEN errors are logged and nothing is thrown or left unhandled', async () => {
    await svc.start();
    await svc.subscribe({ platform: 'discord', guildId: GUILD, channelId: CHANNEL, frequency: 'daily', time: '09:00', timezone: 'UTC' });
    db.close();
    clk.set('2025-03-10T09:00:00Z');
    await digestTasks()[0].execute();
    log.add(fixtureEvent(10, '2025-03-10'));
    await sleep(60);
    expect(unhandled).toEqual([]);
  });

  it('WHEN the service stops THEN its node-cron tasks and the sweep are gone', async () => {
    await svc.start();
    await svc.subscribe({ platform: 'discord', guildId: GUILD, channelId: CHANNEL, frequency: 'daily' });
    expect(digestTasks()).toHaveLength(1);
    await svc.stop();
    expect(digestTasks()).toHaveLength(0);
    clk.set('2025-03-10T09:00:00Z');
    await sleep(50);
    expect(chat.in(CHANNEL)).toHaveLength(0);
  });
});
