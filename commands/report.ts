import { UserError, type CommandContext, type Subcommand } from '../src/core/command.js';
import { escapeMarkup, truncate } from '../src/replies/reply.js';
import { CurationError } from '../src/curation/index.js';
import { messages } from '../src/i18n/catalogue.js';
import { localisedEventChoices } from '../src/i18n/ja/choices.js';
import { eventTitleJa } from '../src/i18n/ja/reply.js';
import { refusalJa } from './curate-words.js';

/** Who did it, as recorded with every change and report: platform, id and display name. */
export function actorOf(ctx: Pick<CommandContext, 'platform' | 'user'>): string {
  return `${ctx.platform}:${ctx.user.id}${ctx.user.name ? ` (${ctx.user.name})` : ''}`;
}

/** The curation services, or a polite refusal where the bot runs without a database. */
export function curationOf(ctx: CommandContext) {
  const c = ctx.services.curation;
  if (!c) {
    const R = messages(ctx.locale).report;
    throw new UserError(R.noDatabase, R.noDatabaseTitle);
  }
  return c;
}

/** Run a curation operation, turning its refusals into polite user errors in the asker's language. */
export async function curating<T>(fn: () => T | Promise<T>, locale?: CommandContext['locale']): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CurationError) {
      const text = locale === 'ja' && err.refusal ? refusalJa(err.refusal) : err.message;
      throw new UserError(escapeMarkup(text).replace(/\\`/g, '`'), messages(locale).report.unchanged);
    }
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
    const R = messages(ctx.locale).report;
    const { service } = curationOf(ctx);
    const eventId = String(args.event).trim();
    const event = ctx.timeline.get(eventId) ?? ctx.timeline.get(String(localisedEventChoices(ctx.timeline, eventId, undefined)[0]?.value ?? ''));
    if (!event) throw new UserError(R.noEvent(escapeMarkup(truncate(eventId, 60))), R.noEventTitle);
    const r = await curating(() =>
      service.report({
        eventId: event.id,
        message: String(args.what),
        sourceUrl: args.source === undefined ? undefined : String(args.source),
        reporter: actorOf(ctx),
        platform: ctx.platform,
        guildId: ctx.guildId,
      }),
      ctx.locale,
    );
    return {
      title: R.thanks,
      body: R.filed(r.id, escapeMarkup(ctx.locale === 'ja' ? eventTitleJa(event) : event.title), event.id),
      tone: 'info',
      ephemeral: true,
      data: { report: r.id, event: event.id },
    };
  },
  autocomplete(_option, value, { timeline, locale }) {
    return localisedEventChoices(timeline, value, locale);
  },
};
