/** Option helpers shared by command handlers. */
import { UserError } from './command.js';
import { parseDateOption, DateInputError } from '../timeline/dates.js';

/**
 * A `from`/`to` date option (2025, 2025-02 or 2025-02-13) as a partial date; a bad one is a polite UserError, in
 * `words` when given (src/i18n/options.ts gives them by locale), else in English.
 */
export function dateOption(v: unknown, name: string, words?: (name: string, e: DateInputError) => string): string | undefined {
  if (v === undefined) return undefined;
  try {
    return parseDateOption(String(v), name);
  } catch (e) {
    if (e instanceof DateInputError) throw new UserError(words ? words(name, e) : e.message);
    throw e;
  }
}
