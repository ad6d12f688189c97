/**
 * Who is a curator. Discord: members with Manage Server in a server listed in CURATOR_GUILD_IDS, or members holding
 * CURATOR_ROLE_ID. Slack: workspace admins/owners and SLACK_ADMIN_USER_IDS (the platform's `canManage`). The local
 * console and the command line are the operator's own.
 */
import type { CommandContext } from '../core/command.js';
import { definePrecondition } from '../core/dispatch.js';
import { errorReply } from '../replies/reply.js';
import type { CurationService } from './service.js';

export interface CuratorPolicy {
  guildIds: readonly string[];
  roleId?: string;
}

export interface CurationServices {
  service: CurationService;
  policy: CuratorPolicy;
}

export function isCurator(ctx: Pick<CommandContext, 'platform' | 'user' | 'guildId' | 'services'>): boolean {
  if (ctx.platform === 'console' || ctx.platform === 'cli') return true;
  if (ctx.platform === 'slack') return ctx.user.canManage;
  const policy = ctx.services.curation?.policy;
  if (!policy) return false;
  if (policy.roleId && ctx.user.roles?.includes(policy.roleId)) return true;
  return ctx.user.canManage && !!ctx.guildId && policy.guildIds.includes(ctx.guildId);
}

export const CURATORS_ONLY = (platform: CommandContext['platform']): string =>
  platform === 'slack'
    ? 'Only the log’s curators (workspace admins, or users the bot’s operator has listed) may review the news queue.'
    : 'Only the log’s curators (members with **Manage Server** in a curating server, or holding the curator role) may review the news queue.';

definePrecondition('curate', { allows: isCurator, denied: (platform) => errorReply(CURATORS_ONLY(platform), 'Curators only'), label: 'curators' });
