/**
 * What `npm start` runs (scripts/start.mjs: compile to dist/ when the sources changed, then the compiled
 * src/main.js) as a real child process with DISCORD_TOKEN set, against the fake Discord: it logs in,
 * answers an interaction, takes in a changed event log (its indexes built before it replaces the current one),
 * keeps digest state in SQLite, and shuts down cleanly on SIGTERM.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDiscord, PERMISSIONS } from '../fake-discord/server.js';
import { fixtureEvent } from '../helpers/fixture.js';

let fake: FakeDiscord;
let child: ChildProcess;
let stderr = '';
const dir = mkdtempSync(join(tmpdir(), 'nh-main-'));
const dbPath = join(dir, 'state', 'bot.db');
// a copy of the real log, which a test changes while the bot runs
const eventsPath = join(dir, 'events.json');
const realLog = JSON.parse(readFileSync('data/events.json', 'utf8')) as { events: { date: string }[] };
writeFileSync(eventsPath, JSON.stringify(realLog));

function waitForLog(re: RegExp, ms = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; stderr so far:\n${stderr}`)), ms);
    const check = () => {
      if (re.test(stderr)) {
        clearTimeout(timer);
        child.stderr!.off('data', check);
        resolve();
      }
    };
    child.stderr!.on('data', check);
    check();
  });
}

beforeAll(async () => {
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
  child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: {
      PATH: process.env.PATH!,
      HOME: process.env.HOME ?? '/tmp',
      DISCORD_TOKEN: 'fake-token',
      DISCORD_CLIENT_ID: fake.appId,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: dbPath,
      EVENTS_PATH: eventsPath,
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: '',
      FEED_POLL_MINUTES: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (stderr += d));
  await waitForLog(/INFO\s+ready/);
}, 30_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await fake.close();
});

describe('npm start with DISCORD_TOKEN', () => {
  it('GIVEN the bot is ready THEN it created the SQLite database and logged in through the gateway', () => {
    expect(existsSync(dbPath)).toBe(true);
    expect(fake.identifies).toBeGreaterThanOrEqual(1);
    expect(stderr).toMatch(/connected to Discord/i);
  });

  it('GIVEN a /nissan-honda about interaction THEN the answer arrives as an embed that pings nobody', async () => {
    const payload = fake.slashCommand({ name: 'about', permissions: PERMISSIONS.member });
    const cb = fake.waitFor((r) => r.path.startsWith(`/interactions/${payload.id}/`), 10_000);
    fake.sendInteraction(payload);
    const req = await cb;
    const body = req.body as { type: number; data: { embeds: { title: string }[]; allowed_mentions: unknown } };
    expect(body.type).toBe(4);
    expect(body.data.embeds[0].title).toBe('About /nissan-honda');
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('GIVEN the event log changes THEN its indexes are built first, then it replaces the current log and its new event is answered', async () => {
    const newest = realLog.events.at(-1)!.date;
    const added = fixtureEvent(9001, newest, { id: 'e2e-added-event', title: 'Honda and Nissan agree on a test event' });
    // written beside it and renamed over it, as editors do
    writeFileSync(`${eventsPath}.tmp`, JSON.stringify({ ...realLog, events: [...realLog.events, added] }));
    renameSync(`${eventsPath}.tmp`, eventsPath);
    await waitForLog(/event log changed: building its indexes; the current log answers meanwhile/);
    await waitForLog(/event log reloaded.*added=1/);
    expect(stderr.indexOf('event log changed: building its indexes')).toBeLessThan(stderr.indexOf('event log reloaded'));
    const payload = fake.slashCommand({ name: 'event', options: { id: 'e2e-added-event' }, permissions: PERMISSIONS.member });
    const cb = fake.waitFor((r) => r.path.startsWith(`/interactions/${payload.id}/`), 10_000);
    fake.sendInteraction(payload);
    const body = (await cb).body as { data: { embeds: { title: string }[] } };
    expect(body.data.embeds[0].title).toMatch(/Honda and Nissan agree on a test event/);
  });

  it('GIVEN an admin subscribes a channel THEN the reply gives the next run, and SIGTERM shuts down cleanly (exit 0)', async () => {
    const payload = fake.slashCommand({ group: 'digest', name: 'subscribe', options: { frequency: 'daily', time: '09:00', timezone: 'Europe/Berlin' }, permissions: PERMISSIONS.manageGuild });
    const cb = fake.waitFor((r) => r.path.startsWith(`/interactions/${payload.id}/`) || r.path.includes(`/webhooks/${fake.appId}/`), 10_000);
    fake.sendInteraction(payload);
    const req = await cb;
    expect(JSON.stringify(req.body)).toMatch(/Europe\/Berlin/);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/stopped cleanly/);
  });
});
