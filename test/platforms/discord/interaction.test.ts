import { describe, it, expect } from 'vitest';
import {
  autocompleteRequestFromData,
  buildContext,
  canManageFromPermissions,
  commandRequestFromData,
  contextFromApiInteraction,
  deferEphemeral,
} from '../../../src/platforms/discord/interaction.js';
import { fixtureTimeline } from '../../helpers/fixture.js';

describe('commandRequestFromData', () => {
  it('GIVEN a subcommand with options THEN the request has its name and raw typed values', () => {
    const req = commandRequestFromData({
      options: [{ type: 1, name: 'latest', options: [{ type: 4, name: 'count', value: 3 }] }],
    } as any);
    expect(req).toEqual({ name: 'latest', args: { count: 3 } });
  });

  it('GIVEN a subcommand group THEN group, name and args are read from the nested options', () => {
    const req = commandRequestFromData({
      options: [
        {
          type: 2,
          name: 'digest',
          options: [{ type: 1, name: 'subscribe', options: [{ type: 7, name: 'channel', value: '123' }, { type: 5, name: 'quiet', value: true }] }],
        },
      ],
    } as any);
    expect(req).toEqual({ group: 'digest', name: 'subscribe', args: { channel: '123', quiet: true } });
  });

  it('GIVEN a subcommand without options THEN args is empty', () => {
    expect(commandRequestFromData({ options: [{ type: 1, name: 'about' }] } as any)).toEqual({ name: 'about', args: {} });
    expect(commandRequestFromData({} as any)).toEqual({ name: '', args: {} });
  });
});

describe('autocompleteRequestFromData', () => {
  it('GIVEN autocomplete data THEN the focused option is named and every typed value is passed', () => {
    const req = autocompleteRequestFromData({
      options: [{ type: 1, name: 'event', options: [{ type: 3, name: 'id', value: 'tarif', focused: true }] }],
    } as any);
    expect(req).toEqual({ name: 'event', args: { id: 'tarif' }, focused: 'id' });
  });
});

describe('canManageFromPermissions', () => {
  it('GIVEN Manage Server (1<<5) or Administrator (1<<3) THEN true; GIVEN other bits, none or garbage THEN false', () => {
    expect(canManageFromPermissions(String(1n << 5n))).toBe(true);
    expect(canManageFromPermissions(String(1n << 3n))).toBe(true);
    expect(canManageFromPermissions(1n << 5n)).toBe(true);
    expect(canManageFromPermissions('2147483648')).toBe(false); // Use Application Commands only
    expect(canManageFromPermissions(String((1n << 40n) | (1n << 10n)))).toBe(false);
    expect(canManageFromPermissions('0')).toBe(false);
    expect(canManageFromPermissions(undefined)).toBe(false);
    expect(canManageFromPermissions(null)).toBe(false);
    expect(canManageFromPermissions('not a number')).toBe(false);
    expect(canManageFromPermissions('-1')).toBe(false); // a negative bigint has every bit set
  });
});

describe('contexts', () => {
  const timeline = fixtureTimeline(3);
  it('GIVEN a raw guild interaction THEN the context carries the member, its permission, the guild and the channel', () => {
    const ctx = contextFromApiInteraction(
      {
        id: '1',
        type: 2,
        guild_id: '10',
        channel: { id: '20', type: 0 },
        channel_id: '20',
        member: { user: { id: '30', username: 'ann', global_name: 'Ann' }, permissions: String(1n << 5n) },
      } as any,
      { timeline, now: new Date('2026-01-01T00:00:00Z'), platform: 'http' },
    );
    expect(ctx).toMatchObject({ platform: 'http', guildId: '10', channelId: '20', user: { id: '30', name: 'Ann', canManage: true }, services: {} });
    expect(ctx.timeline).toBe(timeline);
  });

  it('GIVEN no member permissions (a DM) THEN canManage is false and there is no guild', () => {
    const ctx = buildContext({ timeline, now: new Date(), userId: 'u' });
    expect(ctx.user.canManage).toBe(false);
    expect(ctx.guildId).toBeUndefined();
    expect(ctx.platform).toBe('discord');
  });

  it('GIVEN the digest group THEN a defer is private; otherwise public', () => {
    expect(deferEphemeral({ group: 'digest' })).toBe(true);
    expect(deferEphemeral({})).toBe(false);
  });
});
