/**
 * What `npm start` runs, as a real child process, with Discord in HTTP mode and Slack in HTTP mode sharing PORT (the
 * setup of the reliability probe): the wiring in src/main.ts puts both behind one guarded front, keeps Slack's replay
 * records in the SQLite file, and reports the database's truth on /healthz.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDiscord } from '../fake-discord/server.js';
import { FakeSlack } from '../fake-slack/server.js';
import { rawRequest, SignedClient, testKeys } from '../security/signing.js';
import { SIGNING_SECRET, signedPost, slashCommand } from '../platforms/slack/signed.js';

const keys = testKeys();
let fakeDiscord: FakeDiscord;
let fakeSlack: FakeSlack;
let child: ChildProcess;
let stderr = '';
let port = 0;
const dir = mkdtempSync(join(tmpdir(), 'nh-shared-'));
const dbPath = join(dir, 'bot.db');

beforeAll(async () => {
  fakeDiscord = await FakeDiscord.start();
  fakeSlack = await new FakeSlack().start();
  child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: {
      PATH: process.env.PATH!,
      HOME: process.env.HOME ?? '/tmp',
      DISCORD_TOKEN: 'fake-token',
      DISCORD_CLIENT_ID: fakeDiscord.appId,
      DISCORD_API_URL: fakeDiscord.apiUrl,
      DISCORD_MODE: 'http',
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fakeSlack.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: dbPath,
      EVENTS_PATH: 'data/events.json',
      LOG_LEVEL: 'info',
      FEED_POLL_MINUTES: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready:\n${stderr}`)), 60_000);
    const check = () => {
      const m = /http: listening host=127\.0\.0\.1 port=(\d+)/.exec(stderr);
      if (m && /INFO\s+ready/.test(stderr)) {
        port = Number(m[1]);
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr!.on('data', check);
    child.once('exit', () => reject(new Error(`exited:\n${stderr}`)));
  });
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await fakeSlack?.stop();
  await fakeDiscord?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start with Discord and Slack sharing one port', () => {
  it('GIVEN hostile requests THEN an unsigned body declaring 4 MB gets 413 on /slack/events, unknown paths 404, a Discord PING still answers', async () => {
    // 4 MB declared, the first 64 KiB sent: the answer must come from the declared length alone
    const big = Buffer.alloc(64 * 1024, 'a');
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '4000000', 'x-slack-signature': 'v0=00', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) };
    expect((await rawRequest(`http://127.0.0.1:${port}/slack/events`, { headers, body: big })).status).toBe(413);
    expect((await rawRequest(`http://127.0.0.1:${port}/favicon.ico`, { method: 'GET' })).status).toBe(404);
    const ping = await new SignedClient(`http://127.0.0.1:${port}`, keys).post({ id: fakeDiscord.snowflake(), type: 1 });
    expect(ping.json).toEqual({ type: 1 });
    expect(stderr).not.toMatch(/ERROR/);
  });

  it('GIVEN a signed Slack command replayed THEN the copy gets 401', async () => {
    const form = slashCommand('latest 1', fakeSlack.responseUrl('e2e-replay'));
    const ts = Math.floor(Date.now() / 1000);
    expect((await signedPost(port, form, { timestamp: ts })).status).toBe(200);
    await fakeSlack.waitFor(() => fakeSlack.responsesTo('e2e-replay').length > 0);
    expect((await signedPost(port, form, { timestamp: ts })).status).toBe(401);
  });

  it('GIVEN the database file is deleted THEN /healthz turns 503 with the reason and the ERROR is logged once', async () => {
    expect((await rawRequest(`http://127.0.0.1:${port}/healthz`, { method: 'GET' })).json.checks.database).toBe(true);
    for (const f of readdirSync(dir).filter((f) => f.startsWith('bot.db'))) rmSync(join(dir, f));
    const h = await rawRequest(`http://127.0.0.1:${port}/healthz`, { method: 'GET' });
    expect(h.status).toBe(503);
    expect(h.json.checks.database).toMatch(/deleted while the bot was running/);
    await rawRequest(`http://127.0.0.1:${port}/healthz`, { method: 'GET' });
    expect(stderr.match(/ERROR +database unavailable/g)).toHaveLength(1);
  });
});
