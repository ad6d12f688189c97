/**
 * The asker's language on the command context, added by declaration merging (see src/digests/context.ts), so
 * src/core never names a feature. Types only: nothing here runs.
 */
import type { Locale } from './catalogue.js';

declare module '../core/command.js' {
  interface CommandContext {
    /** Discord interaction then guild locale; Slack BOT_LOCALE or the user's; console LOCALE. Unset: the question's script decides. */
    locale?: Locale;
  }
}

export {};
