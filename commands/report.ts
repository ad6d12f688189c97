import { UserError, type CommandContext, type Subcommand } from '../src/core/command.js';
import { escapeMarkup, truncate } from '../src/replies/reply.js';
import { eventChoices } from '../src/answers/index.js';
import { CurationError } from '../src/curation/index.js';

/** Who did it, as recorded with every change and report: platform, id and display name. */
export function actorOf(ctx: Pick<CommandContext, 'platform' | 'user'>): string {
  return `${ctx.platform}:${ctx.user.id}${ctx.user.name ? ` (${ctx.user.name})` : ''}`;
}

/** The curation services, or a polite refusal where the bot runs without a database. */
export function curationOf(ctx: CommandContext) {
  const c = ctx.services.curation;
  if (!c) throw new UserError('Reports and the news queue need the bot’s database, which this copy of the bot runs without (e.g. the local console). Use `npm run curate` instead.', 'Not available here');
  return c;
}

/** Run a curation operation, turning its refusals into polite user errors. */
export async function curating<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CurationError) throw new UserError(escapeMarkup(err.message).replace(/\\`/g, '`'), 'Nothing was changed');
    throw err;
  }
}

export const report: Subcommand = {
  name: 'report',
  description: 'Report a mistake or a missing source in an event; the curators review every report',
  options: [
    { name: 'event', description: 'The event (start typing a title word and pick from the list)', type: 'string', required: true, autocomplete: true, maxLength: 100 },
    { name: 'what', description: 'What is wrong, in a sentence or two', type: 'string', required: true, minLength: 5, maxLength: 500 },
    { name: 'source', description: 'A link to a source showing the correct fact (optional)', type: 'string', maxLength: 300 },
  ],
  async run(args, ctx) {
    const { service } = curationOf(ctx);
    const eventId = String(args.event).trim();
    const event = ctx.timeline.get(eventId) ?? ctx.timeline.get(String(eventChoices(ctx.timeline, eventId)[0]?.value ?? ''));
    if (!event) throw new UserError(`There is no event \`${escapeMarkup(truncate(eventId, 60))}\` in the log. Start typing a title word and pick from the list.`, 'Event not found');
    const r = await curating(() =>
      service.report({
        eventId: event.id,
        message: String(args.what),
        sourceUrl: args.source === undefined ? undefined : String(args.source),
        reporter: actorOf(ctx),
        platform: ctx.platform,
        guildId: ctx.guildId,
      }),
    );
    return {
      title: 'Thank you — your report is with the curators',
      body: `Report #${r.id} on **${escapeMarkup(event.title)}** (\`${event.id}\`). A curator checks it against the sources; if the log changes, the event will show it.`,
      tone: 'info',
      ephemeral: true,
      data: { report: r.id, event: event.id },
    };
  },
  autocomplete(_option, value, { timeline }) {
    return eventChoices(timeline, value);
  },
};
