/**
 * Entry point: wiring only. Loads config and the event log, then starts what is configured —
 * Discord (gateway or HTTP interactions), Slack (HTTP or Socket Mode), the digest scheduler — or, with
 * no token at all, the local console.
 */
import { loadConfig, ConfigError, type Config } from './config.js';
import { TimelineStore } from './timeline/store.js';
import { commandRegistry } from '../commands/index.js';
import { ConsoleSession } from './platforms/console/console.js';
import type { State } from './db/state.js';
import type { WatchedDatabase } from './db/health.js';
import type { DigestService } from './digests/service.js';
import type { DigestSink } from './digests/sink.js';
import type { RunningSlack } from './platforms/slack/app.js';
import { keepIndexesReady, prepareIndexes } from './indexes.js';
// The Discord and Slack adapters (discord.js, @slack/bolt) are imported only when their token is
// configured: loading them takes about a second and the local console needs neither.
const discordGateway = () => import('./platforms/discord/gateway.js');
const discordHttp = () => import('./platforms/discord/http.js');
const discordSink = () => import('./platforms/discord/digest-sink.js');
const slackApp = () => import('./platforms/slack/app.js');
const slackSink = () => import('./platforms/slack/digest-sink.js');
// Likewise the database (better-sqlite3 or pg) and the digest scheduler (node-cron): only a bot uses them.
const database = () => import('./db/database.js');
const sharedState = () => import('./db/state.js');
const replayStore = () => import('./db/replay.js');
const databaseHealth = () => import('./db/health.js');
const digestService = () => import('./digests/service.js');
const curationRuntime = () => import('./curation/runtime.js');
import type { Services } from './core/command.js';
import { log } from './logger.js';

interface Running {
  name: string;
  stop(): Promise<void>;
}

function fail(message: string): never {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  process.exit(1);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  process.env.LOG_LEVEL = config.LOG_LEVEL;

  let store: TimelineStore;
  try {
    store = TimelineStore.open(config.EVENTS_PATH, { maxBytes: config.EVENTS_MAX_BYTES, prepare: prepareIndexes });
  } catch (err) {
    fail(`Cannot start: the event log could not be loaded.\n${(err as Error).message}\nFix the file (npm run check-data shows every problem) and start again.`);
  }
  const indexes = keepIndexesReady(store);
  store.on('change', (c) => {
    log.info('event log reloaded', { version: c.current.version, events: c.current.size, added: c.added.length });
  });
  store.on('rejected', (e) => log.error('event log change rejected; still serving the last good log', { reason: e.message }));

  const registry = commandRegistry();
  const discord = Boolean(config.DISCORD_TOKEN);
  const slack = Boolean(config.SLACK_BOT_TOKEN);

  if (!discord && !slack) {
    log.debug('no DISCORD_TOKEN or SLACK_BOT_TOKEN: starting the local console');
    await new ConsoleSession({ store, registry }).run();
    indexes.stop();
    store.close();
    return;
  }

  const { DatabaseError } = await database();
  const { openWatchedDatabase } = await databaseHealth();
  const { openState } = await sharedState();
  const { createDigestService } = await digestService();
  const { memoryReplayCheck } = await replayStore();
  let watched: WatchedDatabase;
  let state: State;
  try {
    // SQLite at DATABASE_PATH always (health, Slack's replay table); the digest and curation state in Postgres when DATABASE_URL is set.
    watched = openWatchedDatabase(config.DATABASE_PATH);
    state = await openState({
      databaseUrl: config.DATABASE_URL,
      databasePath: config.DATABASE_PATH,
      sqlite: watched.db,
      onIdleError: (err) => log.warn('database connection lost; a new one is opened for the next query', { error: err.message }),
    });
  } catch (err) {
    if (err instanceof DatabaseError) fail(`Cannot start: ${err.message}`);
    throw err;
  }
  // The health check reads the last ping (the endpoint answers synchronously).
  let databaseUp = true;
  const pinger = setInterval(() => void state.ping().then((ok) => (databaseUp = ok)), 10_000);
  pinger.unref();

  const running: Running[] = [];
  const stopAll = async () => {
    indexes.stop();
    for (const r of running.reverse()) {
      await r.stop().catch((e) => log.error(`stopping ${r.name} failed`, { error: String(e) }));
    }
    store.close();
    clearInterval(pinger);
    await state.close();
    watched.close();
  };
  const db = watched.db;

  try {
    const sinks: DigestSink[] = [];
    // Services are shared by every platform; the digest service is filled in once the sinks exist.
    const services: Services = { store, database: watched };
    const { startCuration } = await curationRuntime();
    const curation = startCuration({
      curation: state.curation,
      store,
      eventsPath: config.EVENTS_PATH,
      feedsPath: config.FEEDS_PATH,
      pollMinutes: config.FEED_POLL_MINUTES,
      policy: { guildIds: config.CURATOR_GUILD_IDS, roleId: config.CURATOR_ROLE_ID },
    });
    services.curation = curation;
    running.push({ name: 'feed polling', stop: async () => curation.stop() });
    const health = () => {
      const report = watched.report();
      if (state.engine !== 'postgres') return report;
      return { ok: report.ok && databaseUp, checks: { ...report.checks, postgres: databaseUp } };
    };

    let runningSlack: RunningSlack | undefined;
    const sharedHttp = discord && slack && config.DISCORD_MODE === 'http' && !config.SLACK_APP_TOKEN;
    if (slack) {
      const { startSlack } = await slackApp();
      runningSlack = await startSlack({
        botToken: config.SLACK_BOT_TOKEN!,
        signingSecret: config.SLACK_SIGNING_SECRET,
        appToken: config.SLACK_APP_TOKEN,
        apiUrl: config.SLACK_API_URL,
        port: config.PORT,
        host: config.HOST,
        listen: !sharedHttp,
        // (a signed timestamp passes for 5 minutes either side of now)
        replays: state.replayGuard('slack', 10 * 60_000, memoryReplayCheck(10 * 60_000), (err) =>
          log.warn('replay guard: database unreachable; checking this process only', { error: String(err) }),
        ),
        health,
        maxConnections: config.HTTP_MAX_CONNECTIONS,
        store,
        registry,
        services,
        adminUserIds: config.SLACK_ADMIN_USER_IDS,
      });
      running.push({ name: 'Slack', stop: () => runningSlack!.stop() });
      const { createSlackDigestSink } = await slackSink();
      sinks.push(createSlackDigestSink({ client: runningSlack.client }));
      log.info(config.SLACK_APP_TOKEN ? 'Slack connected (Socket Mode)' : sharedHttp ? 'Slack listening on /slack/events (shared HTTP server)' : `Slack listening on ${config.HOST}:${runningSlack.port}/slack/events`);
    }

    if (discord) {
      const { createDiscordDigestSink } = await discordSink();
      sinks.push(createDiscordDigestSink({ token: config.DISCORD_TOKEN!, api: config.DISCORD_API_URL }));
    }
    // The digest service exists before the Discord layer starts (it copies the services it is given).
    const { unreviewedItems } = await import('./curation/unreviewed.js');
    const digests: DigestService = createDigestService({
      db: state.digests,
      store,
      sinks,
      catchupHours: config.DIGEST_CATCHUP_HOURS,
      // news not yet reviewed since about the last digest, unless the server turned it off
      unreviewed: async (sub, at) =>
        (await curation.service.store.showUnreviewed(sub.platform, sub.guildId))
          ? unreviewedItems(curation.service.store, { now: at, days: sub.frequency === 'weekly' ? 7 : 1 })
          : [],
    });
    services.digests = digests;

    if (discord) {
      if (config.DISCORD_MODE === 'http') {
        const { startDiscordHttp } = await discordHttp();
        const endpoint = await startDiscordHttp({
          publicKey: config.DISCORD_PUBLIC_KEY!,
          port: config.PORT,
          host: config.HOST,
          token: config.DISCORD_TOKEN!,
          applicationId: config.DISCORD_CLIENT_ID!,
          apiUrl: config.DISCORD_API_URL,
          store,
          registry,
          services,
          health,
          // Replicas behind a load balancer share the interaction ids they have answered.
          replayGuard: await discordReplayGuard(state),
          routes: sharedHttp && runningSlack?.route ? [runningSlack.route] : [],
          maxConnections: config.HTTP_MAX_CONNECTIONS,
        });
        running.push({ name: 'Discord HTTP endpoint', stop: () => endpoint.stop() });
        log.info(`Discord interactions endpoint listening on ${config.HOST}:${endpoint.port}/interactions`);
      } else {
        const { startDiscordGateway } = await discordGateway();
        const gateway = await startDiscordGateway({ token: config.DISCORD_TOKEN!, apiUrl: config.DISCORD_API_URL, store, registry, services });
        running.push({ name: 'Discord gateway', stop: () => gateway.stop() });
      }
    }

    await digests.start();
    running.push({ name: 'digest scheduler', stop: () => digests.stop() });
    store.watch(undefined, { pollMs: config.EVENTS_POLL_SECONDS * 1000 });
    log.info('ready', { events: store.current.size, version: store.current.version, database: state.where, engine: state.engine });
  } catch (err) {
    await stopAll();
    fail(`Cannot start: ${(err as Error)?.message ?? String(err)}`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    setTimeout(() => process.exit(1), 10_000).unref();
    await stopAll();
    log.info('stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

async function discordReplayGuard(state: State) {
  const { ReplayGuard } = await import('./platforms/discord/verify.js');
  const local = new ReplayGuard();
  return state.replayGuard('discord', local.windowMs, local, (err) => log.warn('replay guard: database unreachable; checking this process only', { error: String(err) }));
}

main().catch((err) => fail(`Fatal: ${(err as Error)?.stack ?? String(err)}`));
