/**
 * `npm run deploy-commands [-- --dry-run]`: registers `/nissan-honda` with Discord through REST.
 *
 *   DISCORD_GUILD_ID set   → PUT /applications/:client/guilds/:guild/commands (instant; for development)
 *   otherwise              → PUT /applications/:client/commands (global)
 *   --dry-run              → prints the JSON and sends nothing (needs no token)
 *
 * Needs DISCORD_TOKEN and DISCORD_CLIENT_ID; DISCORD_API_URL (optional) sends the requests elsewhere.
 * Run it when the command definition changes, not on every start (Discord limits command creates).
 */
import { pathToFileURL } from 'node:url';
import { REST, Routes, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { commandRegistry } from '../../../commands/index.js';
import { loadConfig, ConfigError, type Config } from '../../config.js';
import type { Registry } from '../../core/dispatch.js';
import { loadTimelineFile } from '../../timeline/store.js';
import type { Timeline } from '../../timeline/timeline.js';
import { commandDefinition, definitionLength, validateDefinition } from './definition.js';

export interface DeployOptions {
  token?: string;
  clientId?: string;
  /** Register to this server only (instant); otherwise globally. */
  guildId?: string;
  /** REST base URL, e.g. http://127.0.0.1:PORT/api for tests. Default: Discord's. */
  apiUrl?: string;
  registry: Registry;
  /** The log the computed choices (topics) come from. */
  timeline: Timeline;
  dryRun?: boolean;
  /** Where progress lines go (default: stdout). */
  print?: (line: string) => void;
}

export interface DeployResult {
  scope: 'guild' | 'global' | 'dry-run';
  route?: string;
  body: RESTPostAPIChatInputApplicationCommandsJSONBody[];
  /** What Discord answered (the registered commands with their ids); empty for a dry run. */
  registered: { id: string; name: string; [k: string]: unknown }[];
}

export class DeployError extends Error {}

/** Build, validate and register the command. Throws DeployError for a missing setting or an invalid definition. */
export async function deployCommands(opts: DeployOptions): Promise<DeployResult> {
  const print = opts.print ?? ((line: string) => process.stdout.write(line + '\n'));
  const def = commandDefinition(opts.registry, opts.timeline);
  const problems = validateDefinition(def);
  if (problems.length) throw new DeployError(`The command definition breaks Discord's rules:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  const subcommands = (def.options ?? []).flatMap((o) => (o.type === 2 ? (o.options ?? []).map((s) => `${o.name} ${s.name}`) : [o.name]));
  if (opts.dryRun) {
    print(JSON.stringify([def], null, 2));
    return { scope: 'dry-run', body: [def], registered: [] };
  }
  if (!opts.token) throw new DeployError('Configuration error: DISCORD_TOKEN is missing — copy the bot token from the Developer Portal (Bot → Reset Token) into .env. See .env.example.');
  if (!opts.clientId) throw new DeployError('Configuration error: DISCORD_CLIENT_ID is missing — copy the Application ID from the Developer Portal (General Information) into .env. See .env.example.');

  const rest = new REST(opts.apiUrl ? { api: opts.apiUrl } : {}).setToken(opts.token);
  let route: `/${string}`;
  let body: RESTPostAPIChatInputApplicationCommandsJSONBody[];
  if (opts.guildId) {
    route = Routes.applicationGuildCommands(opts.clientId, opts.guildId);
    // Guild commands take no contexts/integration_types: they exist in that one server only.
    const { contexts: _c, integration_types: _i, ...guildDef } = def;
    body = [guildDef];
  } else {
    route = Routes.applicationCommands(opts.clientId);
    body = [def];
  }
  const registered = (await rest.put(route, { body })) as DeployResult['registered'];
  const where = opts.guildId ? `server ${opts.guildId} (guild command: available immediately)` : 'every server the bot is in (global command: may take a few minutes to appear)';
  print(`Registered /${def.name} with ${subcommands.length} subcommands (${subcommands.join(', ')}) to ${where}.`);
  print(`  ${definitionLength(def)} of 8000 characters; command id ${registered[0]?.id ?? '?'}; application ${opts.clientId}.`);
  return { scope: opts.guildId ? 'guild' : 'global', route, body, registered };
}

/** The CLI: config, log and registry as `npm start` uses them, then deploy. Returns the exit code. */
export async function main(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const dryRun = argv.includes('--dry-run');
  const fail = (message: string) => {
    process.stderr.write(message.endsWith('\n') ? message : message + '\n');
    return 1;
  };
  let config: Partial<Config>;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // A dry run needs nothing from the configuration but the log's path.
    if (!dryRun) return fail(err.message);
    config = { EVENTS_PATH: env.EVENTS_PATH || 'data/events.json' };
  }
  const eventsPath = config.EVENTS_PATH ?? 'data/events.json';
  const loaded = loadTimelineFile(eventsPath);
  if (!loaded.ok) return fail(`Cannot deploy: the event log could not be loaded (the topic choices come from it).\n${loaded.error.message}`);
  if (!dryRun) {
    if (!config.DISCORD_TOKEN) return fail('Configuration error: DISCORD_TOKEN is missing — copy the bot token from the Developer Portal (Bot → Reset Token) into .env. See .env.example.');
    if (!config.DISCORD_CLIENT_ID) return fail('Configuration error: DISCORD_CLIENT_ID is missing — copy the Application ID from the Developer Portal (General Information) into .env. See .env.example.');
  }
  try {
    await deployCommands({
      token: config.DISCORD_TOKEN,
      clientId: config.DISCORD_CLIENT_ID,
      guildId: config.DISCORD_GUILD_ID,
      apiUrl: config.DISCORD_API_URL,
      // The same command set main.ts serves.
      registry: commandRegistry(),
      timeline: loaded.timeline,
      dryRun,
    });
    return 0;
  } catch (err) {
    if (err instanceof DeployError) return fail(err.message);
    const e = err as { status?: number; code?: number; message?: string };
    const hint =
      e.status === 401 ? ' — the token was refused; check DISCORD_TOKEN.'
      : e.status === 403 ? ' — the bot lacks access; invite it with the applications.commands scope, and check DISCORD_GUILD_ID.'
      : e.status === 404 ? ' — unknown application or server; check DISCORD_CLIENT_ID and DISCORD_GUILD_ID.'
      : '';
    return fail(`Deploy failed: ${e.message ?? String(err)}${hint}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`Deploy failed: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
