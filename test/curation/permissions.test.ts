import { describe, expect, it } from 'vitest';
import { isCurator } from '../../src/curation/permissions.js';
import type { CommandContext } from '../../src/core/command.js';

const policy = { guildIds: ['111111111111111111'], roleId: '222222222222222222' };
const ctx = (over: Partial<CommandContext> & { canManage?: boolean; roles?: string[] }): Pick<CommandContext, 'platform' | 'user' | 'guildId' | 'services'> => ({
  platform: over.platform ?? 'discord',
  guildId: over.guildId,
  user: { id: 'u', canManage: over.canManage ?? false, roles: over.roles },
  services: { curation: { service: undefined as never, policy } },
});

describe('who is a curator', () => {
  it('GIVEN Manage Server THEN a curator only in a listed server', () => {
    expect(isCurator(ctx({ canManage: true, guildId: '111111111111111111' }))).toBe(true);
    expect(isCurator(ctx({ canManage: true, guildId: '999999999999999999' }))).toBe(false);
    expect(isCurator(ctx({ canManage: true }))).toBe(false);
  });

  it('GIVEN the curator role THEN a curator in any server; other roles are not', () => {
    expect(isCurator(ctx({ roles: ['222222222222222222'], guildId: '999999999999999999' }))).toBe(true);
    expect(isCurator(ctx({ roles: ['333333333333333333'], guildId: '111111111111111111' }))).toBe(false);
  });

  it('GIVEN Slack THEN workspace admins (canManage) only; GIVEN no curation configured THEN nobody on Discord', () => {
    expect(isCurator(ctx({ platform: 'slack', canManage: true }))).toBe(true);
    expect(isCurator(ctx({ platform: 'slack', canManage: false }))).toBe(false);
    expect(isCurator({ platform: 'discord', user: { id: 'u', canManage: true }, guildId: '111111111111111111', services: {} })).toBe(false);
  });
});
