/**
 * The shared HTTP front as `npm start` wires it when Discord (HTTP interactions) and Slack (HTTP) share PORT:
 * Slack's route must be as guarded as Discord's — the same body cap before anything reads or verifies, 404 with a
 * short WARN for unknown paths, no replays (kept in SQLite, so they hold across a restart), a connection cap, 408
 * for a request that never finishes its headers, and `/healthz` in Slack-only mode too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { FakeDiscord } from '../fake-discord/server.js';
import { FakeSlack } from '../fake-slack/server.js';
import { startDiscordHttp, type DiscordHttpEndpoint } from '../../src/platforms/discord/http.js';
import { startSlack, type RunningSlack } from '../../src/platforms/slack/app.js';
import { startHttpFront } from '../../src/platforms/http/front.js';
import { createRegistry } from '../../commands/index.js';
import { digestCommands } from '../../commands/digest.js';
import type { Services } from '../../src/core/command.js';
import { createDigestService, type DigestService } from '../../src/digests/service.js';
import { createSlackDigestSink } from '../../src/platforms/slack/digest-sink.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { DatabaseReplayGuard } from '../../src/db/replay-store.js';
import { SLACK_REPLAY_WINDOW_MS } from '../../src/platforms/slack/route.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { tempDir } from '../digests/helpers.js';
import { captureLog } from '../helpers/log.js';
import { rawRequest, SignedClient, testKeys } from './signing.js';
import { post, SIGNING_SECRET, signedPost, slashCommand, slackSignature } from '../platforms/slack/signed.js';

const keys = testKeys();
let fakeDiscord: FakeDiscord;
let fakeSlack: FakeSlack;
let store: TimelineStore;
let tmp: ReturnType<typeof tempDir>;
let db: Db;
let slack: RunningSlack;
let digests: DigestService | undefined;
let endpoint: DiscordHttpEndpoint;
let discord: SignedClient;
let port: number;
let n = 0;

/** Slack with digests on `database`, as main wires it (the digest service joins the services once Slack's client exists). */
async function startSlackOn(database: Db): Promise<RunningSlack> {
  const services: Services = { store };
  const s = await startSlack({
    botToken: 'xoxb-test-token',
    signingSecret: SIGNING_SECRET,
    apiUrl: fakeSlack.apiUrl,
    listen: false,
    replays: new DatabaseReplayGuard({ engine: 'sqlite', db: database }, 'slack', SLACK_REPLAY_WINDOW_MS),
    store,
    registry: createRegistry(digestCommands),
    services,
    adminUserIds: ['U0ADMIN'],
  });
  await digests?.stop();
  digests = createDigestService({ db: database, store, sinks: [createSlackDigestSink({ client: s.client })], catchupHours: 6, timers: false });
  services.digests = digests;
  return s;
}

const startShared = (s: RunningSlack) =>
  startDiscordHttp({
    publicKey: keys.publicKeyHex,
    port: 0,
    host: '127.0.0.1',
    token: 'test-token',
    applicationId: fakeDiscord.appId,
    apiUrl: fakeDiscord.apiUrl,
    store,
    registry: createRegistry(),
    routes: [s.route!],
    maxConnections: 30,
  });

beforeAll(async () => {
  fakeDiscord = await FakeDiscord.start();
  fakeSlack = await new FakeSlack().start();
  store = TimelineStore.open('data/events.json');
  tmp = tempDir('shared-port-');
  db = openDatabase(join(tmp.dir, 'bot.db'));
  slack = await startSlackOn(db);
  endpoint = await startShared(slack);
  port = endpoint.port;
  discord = new SignedClient(`http://127.0.0.1:${port}`, keys);
});

afterAll(async () => {
  await endpoint?.stop();
  await slack?.stop();
  await digests?.stop();
  db?.close();
  await fakeSlack?.stop();
  await fakeDiscord?.close();
  store?.close();
  tmp?.cleanup();
});

/** A signed slash command; resolves with the HTTP status and how many answers reached its response_url. */
async function slashOnce(form: Record<string, string>, timestamp?: number) {
  const res = await signedPost(port, form, timestamp === undefined ? {} : { timestamp });
  return res.status;
}

const answersTo = (id: string) => fakeSlack.responsesTo(id).length;

describe('GIVEN Slack and Discord sharing one port', () => {
  it('WHEN an unsigned 4 MB body is posted to /slack/events THEN 413 from the declared length, as on /interactions, and nothing reads it', async () => {
    // 4 MB declared, the first 64 KiB sent: the answer must come from the declared length alone
    const big = Buffer.alloc(64 * 1024, 'a');
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '4000000', 'x-slack-signature': 'v0=00', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) };
    const slackAnswer = await rawRequest(`http://127.0.0.1:${port}/slack/events`, { headers, body: big });
    const discordAnswer = await rawRequest(`http://127.0.0.1:${port}/interactions`, { headers, body: big });
    expect(slackAnswer.status).toBe(413);
    expect(discordAnswer.status).toBe(413);
  });

  it('WHEN a correctly signed body is over 64 KiB THEN 413 (the cap comes before the signature)', async () => {
    const form = slashCommand(`ask ${'x'.repeat(70_000)}`, fakeSlack.responseUrl('big'));
    expect(await slashOnce(form)).toBe(413);
    expect(answersTo('big')).toBe(0);
  });

  it('WHEN unknown paths are requested THEN 404 with one short WARN each (path cut), never 500 or a stack trace', async () => {
    const long = '/' + 'z'.repeat(15_000);
    const log = await captureLog(async () => {
      for (const path of ['/favicon.ico', '/interactions/', '//interactions', '/INTERACTIONS', '/slack/events/x', long]) {
        expect((await rawRequest(`http://127.0.0.1:${port}${path}`, { method: 'GET' })).status).toBe(404);
      }
      expect((await rawRequest(`http://127.0.0.1:${port}/`, { method: 'TRACE' })).status).toBe(404);
    });
    const lines = log.trim().split('\n');
    expect(lines).toHaveLength(7);
    for (const line of lines) {
      expect(line).toMatch(/WARN +http: request rejected status=404 reason="no such path"/);
      expect(line.length).toBeLessThan(300);
    }
    expect(log).not.toMatch(/ERROR|at .*\.js/);
  });

  it('WHEN GET /slack/events THEN 405 like GET /interactions', async () => {
    expect((await rawRequest(`http://127.0.0.1:${port}/slack/events`, { method: 'GET' })).status).toBe(405);
    expect((await rawRequest(`http://127.0.0.1:${port}/interactions`, { method: 'GET' })).status).toBe(405);
  });

  it('WHEN a signed slash command is replayed byte for byte THEN the copy gets 401 and the command runs once', async () => {
    const id = `replay-${++n}`;
    const form = slashCommand('latest 1', fakeSlack.responseUrl(id));
    const ts = Math.floor(Date.now() / 1000);
    expect(await slashOnce(form, ts)).toBe(200);
    await fakeSlack.waitFor(() => answersTo(id) > 0);
    expect(await slashOnce(form, ts)).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(answersTo(id)).toBe(1);
  });

  it('WHEN an admin\'s captured `digest unsubscribe` is replayed after the admin subscribed again THEN 401 and the new digest stays', async () => {
    const admin = { user_id: 'U0ADMIN', channel_id: 'C0REPLAY' };
    const run = async (text: string, ts = Math.floor(Date.now() / 1000)) => {
      const id = `admin-${++n}`;
      const form = slashCommand(text, fakeSlack.responseUrl(id), admin);
      const status = await slashOnce(form, ts);
      if (status === 200) await fakeSlack.waitFor(() => answersTo(id) > 0);
      return { status, form, ts };
    };
    expect((await run('digest subscribe daily')).status).toBe(200);
    const unsubscribe = await run('digest unsubscribe');
    expect(unsubscribe.status).toBe(200);
    expect(await digests!.get('slack', 'C0REPLAY')).toBeUndefined();
    expect((await run('digest subscribe daily')).status).toBe(200);
    expect(await slashOnce(unsubscribe.form, unsubscribe.ts)).toBe(401);
    expect(await digests!.get('slack', 'C0REPLAY')).toBeDefined();
  });

  it('WHEN a captured request is replayed after a restart THEN it is still refused (the record is in the database)', async () => {
    const id = `restart-${++n}`;
    const form = slashCommand('latest 1', fakeSlack.responseUrl(id));
    const ts = Math.floor(Date.now() / 1000);
    expect(await slashOnce(form, ts)).toBe(200);
    await fakeSlack.waitFor(() => answersTo(id) > 0);
    await endpoint.stop();
    await slack.stop();
    db.close();
    db = openDatabase(join(tmp.dir, 'bot.db'));
    slack = await startSlackOn(db);
    endpoint = await startShared(slack);
    port = endpoint.port;
    discord = new SignedClient(`http://127.0.0.1:${port}`, keys);
    expect(await slashOnce(form, ts)).toBe(401);
    expect(answersTo(id)).toBe(1);
  });

  it('WHEN the timestamp is more than 5 minutes ahead (301 s, 1 h, 1 year) or behind THEN 401 and nothing runs', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const skew of [301, 3600, 365 * 86400, -301]) {
      const id = `skew-${++n}`;
      expect(await slashOnce(slashCommand('latest 1', fakeSlack.responseUrl(id)), now + skew)).toBe(401);
      expect(answersTo(id)).toBe(0);
    }
    const id = `skew-ok-${++n}`;
    expect(await slashOnce(slashCommand('latest 1', fakeSlack.responseUrl(id)), now + 60)).toBe(200);
    await fakeSlack.waitFor(() => answersTo(id) > 0);
  });

  it('WHEN a signed command carries a response_url on another host THEN 400 and nothing is posted anywhere', async () => {
    const before = fakeSlack.responses.length;
    expect(await slashOnce(slashCommand('latest 1', 'http://127.0.0.2:9/not-slack/anything'))).toBe(400);
    await new Promise((r) => setTimeout(r, 200));
    expect(fakeSlack.responses.length).toBe(before);
  });

  it('WHEN a signature is repeated or not hex THEN 401, as for Discord', async () => {
    const body = new URLSearchParams(slashCommand('latest 1', fakeSlack.responseUrl('bad'))).toString();
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = slackSignature(SIGNING_SECRET, ts, body);
    const base = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts };
    expect((await post(port, '/slack/events', body, { ...base, 'x-slack-signature': sig.replace(/.$/, 'g') })).status).toBe(401);
    expect((await post(port, '/slack/events', body, { ...base, 'x-slack-signature': 'v0=' + '0'.repeat(64) })).status).toBe(401);
    expect((await post(port, '/slack/events', body, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(401);
    expect(answersTo('bad')).toBe(0);
  });

  it('WHEN more idle connections are opened than the cap THEN the oldest idle ones are closed, open connections stay at the cap, and requests still get through', async () => {
    const sockets: Socket[] = [];
    const closed: boolean[] = [];
    for (let i = 0; i < 60; i++) {
      const s = connect(port, '127.0.0.1');
      const k = i;
      closed[k] = false;
      s.on('close', () => (closed[k] = true));
      s.on('error', () => undefined);
      sockets.push(s);
      await new Promise((r) => s.once('connect', r));
    }
    try {
      const count = await new Promise<number>((resolve, reject) => endpoint.server.getConnections((err, c) => (err ? reject(err) : resolve(c))));
      expect(count).toBeLessThanOrEqual(30);
      expect((await rawRequest(`http://127.0.0.1:${port}/healthz`, { method: 'GET' })).status).toBe(200);
      expect((await discord.post({ id: fakeDiscord.snowflake(), type: 1 })).json).toEqual({ type: 1 });
      expect(closed.slice(0, 30).every(Boolean)).toBe(true);
    } finally {
      for (const s of sockets) s.destroy();
    }
  });
});

describe('GIVEN a request whose headers never finish', () => {
  it('WHEN the header deadline passes THEN 408 Request Timeout and the connection closes', async () => {
    const front = await startHttpFront({ port: 0, routes: [], health: () => ({ ok: true, checks: {} }), requestTimeoutMs: 1000 });
    try {
      const s = connect(front.port, '127.0.0.1');
      s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      const answer = await new Promise<string>((resolve) => {
        let text = '';
        s.on('data', (c) => (text += c));
        s.on('close', () => resolve(text));
        s.on('error', () => resolve(text));
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await front.stop();
    }
  });
});

describe('GIVEN Slack alone (no Discord HTTP endpoint)', () => {
  it('WHEN /healthz is asked THEN it answers with the same checks, and unknown paths get 404', async () => {
    const alone = await startSlack({
      botToken: 'xoxb-test-token',
      signingSecret: SIGNING_SECRET,
      apiUrl: fakeSlack.apiUrl,
      port: 0,
      host: '127.0.0.1',
      store,
      registry: createRegistry(),
      adminUserIds: [],
      health: () => ({ ok: true, checks: { database: true } }),
    });
    try {
      const res = await rawRequest(`http://127.0.0.1:${alone.port}/healthz`, { method: 'GET' });
      expect(res.status).toBe(200);
      expect(res.json.checks).toMatchObject({ log: true, database: true });
      expect((await rawRequest(`http://127.0.0.1:${alone.port}/favicon.ico`, { method: 'GET' })).status).toBe(404);
      expect((await rawRequest(`http://127.0.0.1:${alone.port}/slack/events`, { body: Buffer.alloc(100_000) })).status).toBe(413);
    } finally {
      await alone.stop();
    }
  });
});
