import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { COMMAND_NAME } from '../../../src/core/command.js';

const manifest = JSON.parse(readFileSync('slack/manifest.json', 'utf8'));

describe('slack/manifest.json', () => {
  it('GIVEN the manifest THEN it declares /nissan-honda with a usage hint and escaping, interactivity on, both URLs on /slack/events, Socket Mode off', () => {
    const [cmd] = manifest.features.slash_commands;
    expect(manifest.features.slash_commands).toHaveLength(1);
    expect(cmd.command).toBe(`/${COMMAND_NAME}`);
    expect(cmd.usage_hint).toMatch(/latest/);
    // Escaping on: Slack sends #channel as <#C…|name>, which the digest channel option understands.
    expect(cmd.should_escape).toBe(true);
    expect(cmd.url).toBe('https://YOUR-HOST/slack/events');
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://YOUR-HOST/slack/events' });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('GIVEN the bot scopes THEN they cover every Web API method the app calls, and nothing that reads messages', () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    for (const s of ['commands', 'chat:write', 'users:read']) expect(scopes).toContain(s);
    expect(scopes.some((s) => s.endsWith(':history'))).toBe(false);
  });

  it('GIVEN the display texts THEN they are within Slack’s lengths (description ≤ 140, long description 175–4000)', () => {
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description.length).toBeGreaterThanOrEqual(175);
    expect(manifest.display_information.long_description.length).toBeLessThanOrEqual(4000);
    expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
  });
});
