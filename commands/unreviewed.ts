import type { CommandContext, OptionDef } from '../src/core/command.js';
import type { ReplyField } from '../src/replies/reply.js';
import { unreviewedField, unreviewedItems } from '../src/curation/unreviewed.js';

/** The `news` option of latest and recap: show news not yet reviewed (default: the server's setting, on). */
export const NEWS_OPTION: OptionDef = { name: 'news', description: 'Also show news the curators have not reviewed yet (default: this server’s setting)', type: 'boolean' };

/** The "In the news — not yet reviewed" field for a command, when wanted and there is any. */
export async function unreviewedFor(ctx: CommandContext, asked: boolean | undefined, days: number): Promise<ReplyField | undefined> {
  const store = ctx.services.curation?.service.store;
  if (!store) return undefined;
  const show = asked ?? (await store.showUnreviewed(ctx.platform, ctx.guildId));
  return show ? unreviewedField(await unreviewedItems(store, { now: ctx.now, days }), ctx.locale) : undefined;
}
