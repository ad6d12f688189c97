import type { CommandContext } from '../src/core/command.js';
import type { ReplyField } from '../src/replies/reply.js';
import { escapeMarkup, truncate } from '../src/replies/reply.js';

const ACTIONS: Record<string, string> = { add: 'added', 'add-figure': 'added a figure to', attach: 'added a source to', dismiss: 'dismissed a news item', 'resolve-report': 'resolved a report on' };
const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** For `about`: the last curation, the feeds watched and the last poll's outcome (undefined without curation). */
export async function curationStatusField(ctx: CommandContext): Promise<ReplyField | undefined> {
  const c = ctx.services.curation;
  if (!c) return undefined;
  const store = c.service.store;
  const lines: string[] = [];
  const change = (await store.changes(1))[0];
  lines.push(
    change
      ? `Last curation: ${minute(change.at)} — ${ACTIONS[change.action] ?? change.action}${change.eventId ? ` \`${change.eventId}\`` : ''}`
      : 'Last curation: none recorded yet (the log is edited and reviewed like code).',
  );
  const feeds = c.service.feeds;
  lines.push(feeds.length ? `Feeds watched (${feeds.length}): ${feeds.map((f) => escapeMarkup(f.name)).join(', ')}` : 'Feeds watched: none (FEEDS_PATH lists none, or could not be read).');
  const poll = await store.lastPoll();
  if (poll) {
    const failed = poll.failed.map((f) => `${escapeMarkup(f.name)} (${escapeMarkup(truncate(f.reason, 60))})`).join(', ');
    lines.push(`Last poll: ${minute(poll.at)} — ${poll.ok} of ${poll.feeds} read, ${poll.added} new item(s)${failed ? `; could not read ${failed}` : ''}`);
  } else if (feeds.length) lines.push('Last poll: not yet.');
  lines.push('Spotted a mistake? `/nissan-honda report` sends it to the curators.');
  return { name: 'Keeping the log current', value: truncate(lines.join('\n'), 1024) };
}
