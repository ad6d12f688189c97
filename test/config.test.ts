import { describe, it, expect } from 'vitest';
import { parseConfig, ConfigError } from '../src/config.js';

describe('config', () => {
  it('GIVEN an empty environment THEN defaults apply and no platform is configured', () => {
    const c = parseConfig({});
    expect(c.DISCORD_TOKEN).toBeUndefined();
    expect(c.DISCORD_MODE).toBe('gateway');
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_PATH).toBe('./var/nissan-honda.db');
    expect(c.EVENTS_PATH).toBe('data/events.json');
    expect(c.DIGEST_CATCHUP_HOURS).toBe(6);
    expect(c.EVENTS_MAX_BYTES).toBe(16 * 1024 * 1024);
    expect(c.HTTP_MAX_CONNECTIONS).toBe(1000);
  });

  it('GIVEN EVENTS_MAX_BYTES, EVENTS_POLL_SECONDS or HTTP_MAX_CONNECTIONS out of range THEN each is named with its range', () => {
    expect(() => parseConfig({ EVENTS_MAX_BYTES: '16MB' })).toThrow(/EVENTS_MAX_BYTES .*between 1024 and 1073741824/);
    expect(() => parseConfig({ HTTP_MAX_CONNECTIONS: '5' })).toThrow(/HTTP_MAX_CONNECTIONS .*between 10 and 100000/);
    expect(() => parseConfig({ EVENTS_POLL_SECONDS: '-5' })).toThrow(/EVENTS_POLL_SECONDS .*seconds/);
    expect(parseConfig({}).EVENTS_POLL_SECONDS).toBe(0);
    expect(parseConfig({ EVENTS_POLL_SECONDS: '30' }).EVENTS_POLL_SECONDS).toBe(30);
    expect(parseConfig({ EVENTS_MAX_BYTES: '4194304', HTTP_MAX_CONNECTIONS: '200' })).toMatchObject({ EVENTS_MAX_BYTES: 4194304, HTTP_MAX_CONNECTIONS: 200 });
  });

  it('GIVEN a Discord token without a client id THEN one line names DISCORD_CLIENT_ID and how to fix it', () => {
    expect(() => parseConfig({ DISCORD_TOKEN: 'abc' })).toThrow(ConfigError);
    try {
      parseConfig({ DISCORD_TOKEN: 'abc' });
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg.split('\n')).toHaveLength(1);
      expect(msg).toMatch(/DISCORD_CLIENT_ID/);
      expect(msg).toMatch(/Developer Portal/);
    }
  });

  it('GIVEN malformed values THEN each bad variable is named', () => {
    const bad = { PORT: 'eighty', DISCORD_CLIENT_ID: 'not-an-id', DISCORD_API_URL: 'ftp://x', DISCORD_MODE: 'carrier-pigeon' };
    let msg = '';
    try {
      parseConfig(bad);
    } catch (e) {
      msg = (e as Error).message;
    }
    for (const key of Object.keys(bad)) expect(msg).toContain(key);
  });

  it('GIVEN http mode without a public key THEN DISCORD_PUBLIC_KEY is required', () => {
    expect(() => parseConfig({ DISCORD_TOKEN: 't', DISCORD_CLIENT_ID: '110000000000000001', DISCORD_MODE: 'http' })).toThrow(/DISCORD_PUBLIC_KEY/);
  });

  it('GIVEN Slack settings without a bot token THEN SLACK_BOT_TOKEN is named', () => {
    expect(() => parseConfig({ SLACK_SIGNING_SECRET: 's' })).toThrow(/SLACK_BOT_TOKEN/);
  });

  it('GIVEN a full valid Discord config THEN it parses', () => {
    const c = parseConfig({ DISCORD_TOKEN: 't', DISCORD_CLIENT_ID: '110000000000000001', DISCORD_API_URL: 'http://127.0.0.1:1234/api', PORT: '8080' });
    expect(c.PORT).toBe(8080);
    expect(c.DISCORD_API_URL).toBe('http://127.0.0.1:1234/api');
  });
});
