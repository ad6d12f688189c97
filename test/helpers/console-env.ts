/**
 * The environment for starting the bot as a child process in console mode: no Discord or Slack token (so nothing
 * from the machine's own environment or a .env file turns on a platform), quiet logs.
 */
export const CONSOLE_ENV: Record<string, string> = {
  PATH: process.env.PATH!,
  HOME: process.env.HOME ?? '/tmp',
  DISCORD_TOKEN: '',
  SLACK_BOT_TOKEN: '',
  SLACK_SIGNING_SECRET: '',
  SLACK_APP_TOKEN: '',
  LOG_LEVEL: 'warn',
  // Tests never reach the real news feeds.
  FEED_POLL_MINUTES: '0',
};
