/** The `digest` subcommands through the core dispatcher, with an in-memory chat as the sink. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runAutocomplete, runCommand } from '../../src/core/dispatch.js';
import { parseTextCommand } from '../../src/core/text-command.js';
import type { CommandContext } from '../../src/core/command.js';
import { createRegistry } from '../../commands/index.js';
import { digestCommands, normaliseChannel, timezoneChoices } from '../../commands/digest.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { createDigestService, type DigestService } from '../../src/digests/service.js';
import { CHANNEL, CHANNEL_2, clock, FakeChat, FakeSink, GUILD, logStore, tempDir, type Clock } from './helpers.js';

const registry = createRegistry(digestCommands);
let tmp: ReturnType<typeof tempDir>;
let db: Db;
let svc: DigestService;
let clk: Clock;
let chat: FakeChat;
let log: ReturnType<typeof logStore>;

function ctx(over: Partial<CommandContext> = {}): CommandContext {
  return {
    timeline: log.store.current,
    now: clk.now(),
    platform: 'discord',
    user: { id: 'admin', canManage: true },
    guildId: GUILD,
    channelId: CHANNEL,
    resolvedChannels: { [CHANNEL]: { guildId: GUILD }, [CHANNEL_2]: { guildId: GUILD } },
    services: { store: log.store, digests: svc },
    ...over,
  };
}

const run = (name: string, args: Record<string, unknown> = {}, over: Partial<CommandContext> = {}) => runCommand(registry, { group: 'digest', name, args }, ctx(over));

beforeEach(() => {
  tmp = tempDir();
  db = openDatabase(join(tmp.dir, 'bot.db'));
  clk = clock('2025-03-10T06:00:00Z');
  chat = new FakeChat(clk);
  log = logStore(tmp.dir, 6);
  svc = createDigestService({ db, store: log.store, sinks: [new FakeSink(chat)], catchupHours: 6, now: clk.now, timers: false });
});

afterEach(async () => {
  await svc.stop();
  db.close();
  tmp.cleanup();
});

describe('digest subscribe', () => {
  it('GIVEN defaults THEN a daily 09:00 UTC digest is stored and the reply gives the next run', async () => {
    const r = await run('subscribe', { frequency: 'daily' });
    expect(r.tone).toBe('info');
    expect(r.body).toContain(`<#${CHANNEL}> will get a digest **daily at 09:00 UTC**.`);
    expect(r.body).toContain('**Next run:** Mon 10 Mar 2025, 09:00 UTC.');
    expect(r.body).toMatch(/first one also opens with the log’s 3 latest events, as context/);
    expect(r.body).toMatch(/never floods the channel/);
    expect(r.data?.nextRun).toBe('2025-03-10T09:00:00.000Z');
  });

  it('GIVEN a zone THEN the next run is shown in local time and in UTC (with the UTC date when it differs)', async () => {
    const r = await run('subscribe', { frequency: 'weekly', time: '07:15', timezone: 'asia/tokyo', weekday: 'Tue' });
    expect(r.body).toContain('weekly on Tuesday at 07:15 Asia/Tokyo');
    expect(r.body).toMatch(/Next run:\*\* Tue 11 Mar 2025, 07:15 \S+ \(Mon 10 Mar 2025, 22:15 UTC\)/);
  });

  it.each([
    [{ frequency: 'daily', time: '25:00' }, /`time`: there is no hour 25/],
    [{ frequency: 'daily', time: 'noon' }, /`time` must be a 24-hour time like 09:00/],
    [{ frequency: 'weekly', weekday: 'someday' }, /`weekday` must be one of: `sunday`, `monday`/],
    [{ frequency: 'daily', timezone: 'Europe/Atlantis' }, /`timezone` "Europe\/Atlantis" is not a timezone I know\. Use an IANA name such as `Europe\/Berlin`/],
    [{ frequency: 'daily', timezone: 'PST' }, /not a region name/],
    [{ frequency: 'hourly' }, /`frequency` must be one of: `daily`, `weekly`, `alerts`/],
  ])('GIVEN %j THEN a clear ephemeral error and nothing is stored', async (args, msg) => {
    const r = await run('subscribe', args);
    expect(r.tone).toBe('error');
    expect(r.ephemeral).toBe(true);
    expect(r.body).toMatch(msg);
    expect(await svc.db.listAll()).toEqual([]);
  });

  it('GIVEN a weekday for a daily digest THEN it is validated, stored without it, and the reply says it is not used', async () => {
    expect((await run('subscribe', { frequency: 'daily', weekday: 'xyz' })).tone).toBe('error');
    const r = await run('subscribe', { frequency: 'daily', weekday: 'mon' });
    expect(r.body).toMatch(/Not used by daily: `weekday`/);
    expect((await svc.db.listAll())[0].weekday).toBeUndefined();
  });

  it('GIVEN an existing subscription THEN subscribing again replaces it and keeps what was seen', async () => {
    await run('subscribe', { frequency: 'daily' });
    const r = await run('subscribe', { frequency: 'weekly', quiet: true });
    expect(r.title).toBe('Digest updated');
    expect(r.body).toMatch(/replaces the channel's previous digest \(daily at 09:00 UTC\)/);
    expect(await svc.db.listAll()).toHaveLength(1);
    expect((await svc.db.listAll())[0]).toMatchObject({ frequency: 'weekly', weekday: 1, quiet: true });
  });

  it('GIVEN alerts THEN no schedule is shown and the time option is reported as unused', async () => {
    const r = await run('subscribe', { frequency: 'alerts', time: '10:00' });
    expect(r.body).toMatch(/an \*\*alert\*\* for each event newly added to the log/);
    expect(r.body).toMatch(/Not used by alerts: `time`/);
  });

  it('GIVEN the local console (no chat platform) THEN it says politely that digests need Discord or Slack', async () => {
    const r = await run('subscribe', { frequency: 'daily' }, { platform: 'console', services: { store: log.store } });
    expect(r.title).toBe('Digests need Discord or Slack');
    expect(r.body).toMatch(/posted to a Discord or Slack channel/);
    const r2 = await run('list', {}, { platform: 'console', services: { store: log.store, digests: svc } });
    expect(r2.title).toBe('Digests need Discord or Slack');
  });

  it('GIVEN a member without Manage Server THEN the dispatcher refuses every digest subcommand, autocomplete included', async () => {
    for (const name of ['subscribe', 'unsubscribe', 'list', 'preview', 'send-now']) {
      const r = await run(name, name === 'subscribe' ? { frequency: 'daily' } : {}, { user: { id: 'member', canManage: false } });
      expect(r.ephemeral).toBe(true);
      expect(r.body).toMatch(/Manage Server/);
    }
    expect(await svc.db.listAll()).toEqual([]);
    expect(runAutocomplete(registry, { group: 'digest', name: 'subscribe', args: { timezone: 'ber' }, focused: 'timezone' }, ctx({ user: { id: 'm', canManage: false } }))).toEqual([]);
  });

  it('GIVEN Slack-style text THEN the typed line becomes the same subscription', async () => {
    const parsed = parseTextCommand('/nissan-honda digest subscribe weekly 18:00 Europe/Berlin friday quiet:true', registry, log.store.current);
    expect(parsed.kind).toBe('command');
    if (parsed.kind !== 'command') return;
    expect(parsed.request.args).toEqual({ frequency: 'weekly', time: '18:00', timezone: 'Europe/Berlin', weekday: 'friday', quiet: 'true' });
    await runCommand(registry, parsed.request, ctx());
    expect((await svc.db.listAll())[0]).toMatchObject({ frequency: 'weekly', time: '18:00', timezone: 'Europe/Berlin', weekday: 5, quiet: true });
  });
});

describe('digest unsubscribe, list, preview, send-now', () => {
  it('GIVEN no subscription THEN each says so and points to subscribe', async () => {
    for (const name of ['unsubscribe', 'preview', 'send-now']) {
      const r = await run(name);
      expect(r.tone).toBe('error');
      expect(r.body).toMatch(/has no digest\. Set one up with `\/nissan-honda digest subscribe`/);
    }
    expect((await run('list')).body).toMatch(/No digests yet/);
  });

  it('GIVEN two channels THEN list shows each with schedule, next run (local and UTC) and last run', async () => {
    await run('subscribe', { frequency: 'daily', timezone: 'Europe/Berlin' });
    await run('subscribe', { frequency: 'alerts', channel: `<#${CHANNEL_2}>` });
    clk.set('2025-03-10T08:00:00Z');
    await svc.runDue();
    const r = await run('list');
    expect(r.ephemeral).toBe(true);
    expect(r.title).toBe('Digests in this server (2)');
    expect(r.fields?.map((f) => f.name)).toEqual(['daily at 09:00 Europe/Berlin', 'alerts: each newly curated event, as soon as it is in the log']);
    expect(r.fields?.[0].value).toContain(`<#${CHANNEL}>`);
    expect(r.fields?.[0].value).toContain('**Next run:** Tue 11 Mar 2025, 09:00 CET (08:00 UTC)');
    expect(r.fields?.[0].value).toContain('**Last run:** Mon 10 Mar 2025, 09:00 CET — posted');
    expect(r.fields?.[1].value).toContain('**Next run:** as soon as a new event is curated');
  });

  it('GIVEN another server THEN its subscriptions are neither listed nor reachable', async () => {
    await run('subscribe', { frequency: 'daily' });
    expect((await run('list', {}, { guildId: '100000000000000009' })).body).toMatch(/No digests yet/);
    expect((await run('unsubscribe', {}, { guildId: '100000000000000009' })).tone).toBe('error');
    expect((await run('subscribe', { frequency: 'weekly' }, { guildId: '100000000000000009' })).body).toMatch(/not a channel of this server/);
    expect(await svc.db.listAll()).toHaveLength(1);
  });

  it('GIVEN preview THEN it is ephemeral; send-now posts a test send; unsubscribe removes the subscription and its history', async () => {
    await run('subscribe', { frequency: 'daily' });
    const p = await run('preview');
    expect(p.ephemeral).toBe(true);
    expect(p.title).toBe('Preview — Daily digest');
    const s = await run('send-now');
    expect(s.title).toBe('Test digest posted');
    expect(chat.in(CHANNEL)).toHaveLength(1);
    expect(chat.in(CHANNEL)[0].reply.title).toBe('Test send — Daily digest');
    const u = await run('unsubscribe');
    expect(u.title).toBe('Digest stopped');
    expect(await svc.db.listAll()).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) FROM deliveries').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM seen_events').pluck().get()).toBe(0);
  });

  it('GIVEN a failing send-now THEN the reply explains the failure and what to fix', async () => {
    svc = createDigestService({ db, store: log.store, sinks: [new FakeSink(chat).next({ fail: 'forbidden' })], catchupHours: 6, now: clk.now, timers: false });
    await run('subscribe', { frequency: 'daily' });
    const r = await run('send-now');
    expect(r.title).toBe('The test digest could not be posted');
    expect(r.body).toMatch(/the bot is not allowed to post there \(Missing Access\)\. Give the bot \*\*View Channel\*\*/);
    expect(r.body).toMatch(/Failing: 1 failed delivery in a row/);
  });
});

describe('digest helpers', () => {
  it('GIVEN channel spellings THEN the id is extracted; junk is refused', () => {
    expect(normaliseChannel('<#200000000000000001>')).toBe('200000000000000001');
    expect(normaliseChannel('<#C0123ABCD|general>')).toBe('C0123ABCD');
    expect(normaliseChannel('#C0123ABCD')).toBe('C0123ABCD');
    expect(() => normaliseChannel('general channel')).toThrow(/must be a channel/);
  });

  it('GIVEN timezone input THEN autocomplete ranks exact > prefix > segment > substring, ≤ 25, with the current offset', () => {
    const at = new Date('2025-01-15T12:00:00Z');
    expect(timezoneChoices('', at).map((c) => c.value)).toContain('Europe/Berlin');
    expect(timezoneChoices('berlin', at)[0]).toEqual({ name: 'Europe/Berlin (UTC+1 now)', value: 'Europe/Berlin' });
    expect(timezoneChoices('new york', at)[0].value).toBe('America/New_York');
    expect(timezoneChoices('kolkata', at)[0].name).toBe('Asia/Kolkata (UTC+5:30 now)');
    expect(timezoneChoices('america', at)).toHaveLength(25);
    expect(timezoneChoices('utc', at)[0].value).toBe('UTC');
  });
});
