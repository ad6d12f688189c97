/** Option errors in the asker's language: a bad `from`/`to` date (src/core/options.ts takes the words). Pure. */
import type { DateInputError } from '../timeline/dates.js';
import type { Locale } from './catalogue.js';

function dateErrorJa(name: string, e: DateInputError): string {
  switch (e.problem) {
    case 'month':
      return `\`${name}\`: ${e.detail}月という月はありません（01〜12で指定してください）。`;
    case 'day':
      return `\`${name}\`: ${e.detail} は実在しない日付です。`;
    default:
      return `\`${name}\` は 2025-02 や 2025-02-13 のような日付で指定してください（入力: "${e.detail}"）。`;
  }
}

/** The words for dateOption: Japanese for ja, else undefined (the English message of the error itself). */
export function dateErrorWords(locale: Locale | undefined): ((name: string, e: DateInputError) => string) | undefined {
  return locale === 'ja' ? dateErrorJa : undefined;
}
