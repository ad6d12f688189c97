/**
 * The help reply's words by locale (src/core/help.ts takes them; the core names no locale). English is the core's
 * own text; Japanese takes its fixed strings from the catalogue and each subcommand's description from its
 * Discord localisation (src/i18n/ja/commands.ts), falling back to the English description. Pure.
 */
import { EN_HELP, type HelpTexts } from '../core/help.js';
import { CATALOGUE, type Locale } from './catalogue.js';
import { JA_COMMANDS } from './ja/commands.js';

const M = CATALOGUE.ja.help;

export const JA_HELP: HelpTexts = {
  title: M.title,
  description: (c) => JA_COMMANDS.sub[c.group ? `${c.group} ${c.name}` : c.name]?.description ?? c.description,
  restricted: (label) => `（${M.restricted[label] ?? label}）`,
  tips: M.tips,
  consoleTips: M.consoleTips,
};

export function helpTexts(locale: Locale | undefined): HelpTexts {
  return locale === 'ja' ? JA_HELP : EN_HELP;
}
