/**
 * Configuration: read with dotenv (quiet) and validated with zod. A bad or missing variable stops the
 * bot with one line naming the variable and how to fix it. Every variable is listed in .env.example.
 */
import { config as dotenv } from 'dotenv';
import { z } from 'zod';

const optionalString = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional());
const snowflake = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().trim().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)').optional(),
);
const url = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional());
const int = (def: number, min: number, max: number) =>
  z.preprocess((v) => (v === undefined || v === '' ? def : Number(v)), z.number().int().min(min).max(max));
const num = (def: number, min: number, max: number) =>
  z.preprocess((v) => (v === undefined || v === '' ? def : Number(v)), z.number().min(min).max(max));

export const ConfigSchema = z.object({
  DISCORD_TOKEN: optionalString,
  DISCORD_CLIENT_ID: snowflake,
  DISCORD_GUILD_ID: snowflake,
  DISCORD_API_URL: url,
  DISCORD_MODE: z.preprocess((v) => (v === '' || v === undefined ? 'gateway' : String(v).toLowerCase()), z.enum(['gateway', 'http'])),
  DISCORD_PUBLIC_KEY: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().regex(/^[0-9a-fA-F]{64}$/, 'must be the 64-hex-character public key from the Developer Portal').optional(),
  ),
  PORT: int(3000, 0, 65535),
  HTTP_MAX_CONNECTIONS: int(1000, 10, 100_000),
  HOST: z.preprocess((v) => (v === '' || v === undefined ? '0.0.0.0' : v), z.string()),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: url,
  SLACK_ADMIN_USER_IDS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() ? v.split(',').map((s) => s.trim()).filter(Boolean) : []),
    z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'must be Slack user ids like U0123ABCD, comma-separated')),
  ),
  BOT_LOCALE: z.preprocess((v) => (typeof v === 'string' && v.trim() ? v.trim().toLowerCase() : undefined), z.enum(['en', 'ja', 'user']).optional()),
  EVENTS_PATH: z.preprocess((v) => (v === '' || v === undefined ? 'data/events.json' : v), z.string()),
  DATABASE_URL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().regex(/^postgres(ql)?:\/\/\S+$/i, 'must be a postgres:// URL').optional(),
  ),
  EVENTS_MAX_BYTES: int(16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  EVENTS_POLL_SECONDS: int(0, 0, 24 * 60 * 60),
  DATABASE_PATH: z.preprocess((v) => (v === '' || v === undefined ? './var/nissan-honda.db' : v), z.string()),
  DIGEST_CATCHUP_HOURS: num(6, 0, 24 * 7),
  FEEDS_PATH: z.preprocess((v) => (v === '' || v === undefined ? 'data/feeds.json' : v), z.string()),
  FEED_POLL_MINUTES: int(30, 0, 24 * 60),
  CURATOR_GUILD_IDS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() ? v.split(',').map((s) => s.trim()).filter(Boolean) : []),
    z.array(z.string().regex(/^\d{17,20}$/, 'must be Discord server ids (17–20 digits), comma-separated')),
  ),
  CURATOR_ROLE_ID: snowflake,
  LOG_LEVEL: z.preprocess((v) => (v === '' || v === undefined ? 'info' : String(v).toLowerCase()), z.enum(['debug', 'info', 'warn', 'error', 'silent'])),
});

export type Config = z.infer<typeof ConfigSchema>;

const HOW: Partial<Record<keyof Config, string>> = {
  DISCORD_CLIENT_ID: 'copy the Application ID from the Discord Developer Portal (General Information) into .env',
  DISCORD_GUILD_ID: 'right-click your server with Developer Mode on → Copy Server ID, or leave it empty to deploy globally',
  DISCORD_API_URL: 'set a full http(s) URL such as https://discord.com/api, or remove the line',
  DISCORD_MODE: 'use DISCORD_MODE=gateway (default) or DISCORD_MODE=http',
  DISCORD_PUBLIC_KEY: 'copy the Public Key from the Developer Portal (General Information) into .env',
  PORT: 'use a port number between 0 and 65535',
  HTTP_MAX_CONNECTIONS: 'use a whole number between 10 and 100000 (default 1000), below the process’s open-file limit',
  SLACK_API_URL: 'set a full http(s) URL or remove the line',
  EVENTS_MAX_BYTES: 'use a size in bytes between 1024 and 1073741824 (default 16777216, 16 MB)',
  EVENTS_POLL_SECONDS: 'use a whole number of seconds (0 to rely on change notices only; 30 for a log on a network file system shared by several machines)',
  DIGEST_CATCHUP_HOURS: 'use a number of hours between 0 and 168',
  DATABASE_URL: 'use postgres://user:password@host:5432/database, or remove the line to use SQLite at DATABASE_PATH',
  FEED_POLL_MINUTES: 'use a whole number of minutes between 1 and 1440, or 0 to stop polling',
  CURATOR_GUILD_IDS: 'right-click each server with Developer Mode on → Copy Server ID, and list them comma-separated',
  CURATOR_ROLE_ID: 'right-click the curator role in Server Settings → Roles → Copy Role ID',
  LOG_LEVEL: 'use one of debug, info, warn, error, silent',
  BOT_LOCALE: 'use BOT_LOCALE=ja, en, or user (each Slack user\'s own language), or remove the line',
};

export class ConfigError extends Error {}

/** Validate an environment. Throws ConfigError with one line per problem. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const res = ConfigSchema.safeParse(env);
  const lines: string[] = [];
  if (!res.success) {
    for (const iss of res.error.issues) {
      const key = String(iss.path[0]) as keyof Config;
      lines.push(`Configuration error: ${key} ${iss.message.replace(/^Invalid input: /, '')}${HOW[key] ? ` — ${HOW[key]}.` : '.'} See .env.example.`);
    }
    throw new ConfigError(lines.join('\n'));
  }
  const c = res.data;
  const need = (cond: boolean, key: string, why: string, how: string) => {
    if (cond) lines.push(`Configuration error: ${key} is missing (${why}) — ${how}. See .env.example.`);
  };
  need(!!c.DISCORD_TOKEN && !c.DISCORD_CLIENT_ID, 'DISCORD_CLIENT_ID', 'needed with DISCORD_TOKEN', HOW.DISCORD_CLIENT_ID!);
  need(!!c.DISCORD_TOKEN && c.DISCORD_MODE === 'http' && !c.DISCORD_PUBLIC_KEY, 'DISCORD_PUBLIC_KEY', 'needed when DISCORD_MODE=http', HOW.DISCORD_PUBLIC_KEY!);
  need(!!c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN, 'SLACK_SIGNING_SECRET', 'needed with SLACK_BOT_TOKEN unless SLACK_APP_TOKEN enables Socket Mode', 'copy the Signing Secret from your Slack app’s Basic Information page');
  need(!c.SLACK_BOT_TOKEN && !!(c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN), 'SLACK_BOT_TOKEN', 'Slack settings are present without the bot token', 'copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions');
  if (lines.length) throw new ConfigError(lines.join('\n'));
  return c;
}

/** Load .env (quietly, without overriding real environment variables) and validate. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  dotenv({ quiet: true });
  return parseConfig(env);
}
