/**
 * Entry point: wiring only. Loads config and the event log, then starts the platforms that are
 * configured — Discord (gateway or HTTP), Slack — or, with no token at all, the local console.
 */
import { loadConfig, ConfigError, type Config } from './config.js';
import { TimelineStore } from './timeline/store.js';
import { createRegistry } from '../commands/index.js';
import { ConsoleSession } from './platforms/console/console.js';
import { log } from './log.js';

export interface Running {
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
    store = TimelineStore.open(config.EVENTS_PATH);
  } catch (err) {
    fail(`Cannot start: the event log could not be loaded.\n${(err as Error).message}\nFix the file (npm run check-data shows every problem) and start again.`);
  }
  store.on('rejected', (e) => log.error('event log change rejected; still serving the last good log', { reason: e.message }));
  store.on('change', (c) => log.info('event log reloaded', { version: c.current.version, events: c.current.size, added: c.added.length }));

  const registry = createRegistry();
  const chat = Boolean(config.DISCORD_TOKEN || config.SLACK_BOT_TOKEN);

  if (!chat) {
    log.debug('no DISCORD_TOKEN or SLACK_BOT_TOKEN: starting the local console');
    const session = new ConsoleSession({ store, registry });
    await session.run();
    store.close();
    return;
  }

  store.watch();
  const running: Running[] = [];
  // Platforms are added here as they are built (see README "Architecture").
  log.info('ready', { events: store.current.size, version: store.current.version });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    const timer = setTimeout(() => process.exit(1), 10_000).unref();
    for (const r of running.reverse()) await r.stop().catch((e) => log.error('stop failed', { error: String(e) }));
    store.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => fail(`Fatal: ${(err as Error)?.stack ?? String(err)}`));
