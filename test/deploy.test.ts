import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigSchema, parseConfig } from '../src/config.js';

const compose = parse(readFileSync('deploy/docker-compose.yml', 'utf8')) as {
  services: Record<string, { build?: { context: string; dockerfile: string }; environment?: Record<string, string>; volumes?: string[]; command?: string }>;
  volumes: Record<string, unknown>;
};
const bots = Object.entries(compose.services).filter(([, s]) => s.build);

describe('deploy/docker-compose.yml', () => {
  it('GIVEN the compose file THEN it runs two bot processes from the project Dockerfile behind one balancer', () => {
    expect(bots.map(([name]) => name).sort()).toEqual(['bot-1', 'bot-2']);
    for (const [, bot] of bots) expect(bot.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
    const balancer = compose.services.balancer?.command ?? '';
    for (const [name] of bots) expect(balancer).toContain(`--to ${name}:3000`);
  });

  it('GIVEN the bots’ environment THEN every variable is one the bot reads and the values parse, with the .env secrets', () => {
    for (const [, bot] of bots) {
      const env = bot.environment ?? {};
      for (const key of Object.keys(env)) expect(Object.keys(ConfigSchema.shape)).toContain(key);
      const config = parseConfig({ ...env, DISCORD_TOKEN: 'x'.repeat(24), DISCORD_CLIENT_ID: '123456789012345678', DISCORD_PUBLIC_KEY: 'a'.repeat(64) });
      expect(config.DATABASE_URL).toMatch(/^postgres:\/\/\S+@postgres:5432\//);
      expect(config.DISCORD_MODE).toBe('http');
      expect(config.PORT).toBe(3000);
    }
  });

  it('GIVEN the bots’ volumes THEN both share one named volume at the log’s folder, declared at the top', () => {
    const mounts = bots.map(([, bot]) => bot.volumes ?? []);
    expect(mounts[0]).toEqual(mounts[1]);
    const [volume, path] = mounts[0][0].split(':');
    expect(path).toBe('/app/data');
    expect(parseConfig({}).EVENTS_PATH).toBe('data/events.json');
    expect(Object.keys(compose.volumes)).toContain(volume);
  });

  it('GIVEN the Dockerfile THEN it installs from the lock file, builds and starts with the project’s own scripts', () => {
    const docker = readFileSync('deploy/Dockerfile', 'utf8');
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    expect(docker).toMatch(/^RUN npm ci$/m);
    expect(docker).toMatch(/^RUN npm run build$/m);
    expect(docker).toMatch(/^CMD \["npm", "start"\]$/m);
    expect(scripts.build).toBeDefined();
    expect(scripts.start).toBeDefined();
    expect(readFileSync('.dockerignore', 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules', '.env', 'var']));
  });
});
