/**
 * The dispatcher's own words (unknown subcommand, option validation, refusals, failures). The core names no locale:
 * the Registry takes a function from the context to these texts; src/i18n/dispatch.ts supplies them by locale.
 */
import type { CommandContext, OptionDef, Subcommand } from './command.js';
import { COMMAND_NAME } from './command.js';

export interface DispatchTexts {
  errorTitle: string;
  /** `menu`: the platform has a command menu (Discord, HTTP interactions). */
  noSuchCommand(command: string, menu: boolean): string;
  staleButton: string;
  staleForm: string;
  /** A platform could not open a form (Slack's views.open failed). */
  formNotOpened: string;
  /** A platform failed around the command (its answer could not be made or sent). */
  platformFailed: string;
  /** The answer was made but could not be sent (a last resort, privately). */
  sendFailed: string;
  none: string;
  noOption(command: string, option: string, list: string): string;
  needs(command: string, option: string, description: string): string;
  /** The option's description in this language (English: the definition's own). */
  optionDescription(cmd: Subcommand, opt: OptionDef): string;
  wholeNumber(option: string, got: string): string;
  atLeast(option: string, min: number, got: number): string;
  atMost(option: string, max: number, got: number): string;
  trueFalse(option: string): string;
  text(option: string): string;
  tooLong(option: string, length: number, max: number): string;
  tooShort(option: string, min: number): string;
  oneOf(option: string, list: string, got: string): string;
  storageDown: string;
  storageDownTitle: string;
  generic: string;
  genericTitle: string;
  /** Typed commands (console, Slack): a group without its subcommand, a typo of a subcommand or option, words not understood. */
  needsSubcommand(command: string, subs: string): string;
  notSubcommand(word: string, suggestion: string, ask: string): string;
  notOption(name: string, command: string, near: string | undefined, usage: string): string;
  notUnderstood(words: string, command: string, usage: string): string;
  noOptions: string;
  /** A refusal in this language for a precondition by name; undefined: the precondition's own (English) refusal. */
  denied?(requires: string, platform: CommandContext['platform']): { message: string; title: string } | undefined;
}

export const EN_DISPATCH: DispatchTexts = {
  errorTitle: 'Sorry — I can’t do that',
  noSuchCommand: (command, menu) =>
    `There is no \`${command}\`. ${menu ? `Pick one from the /${COMMAND_NAME} menu` : `Try \`/${COMMAND_NAME} help\``}, or see \`/${COMMAND_NAME} about\`.`,
  staleButton: 'This button is no longer recognised. Please run the command again.',
  staleForm: 'This form is no longer recognised. Please run the command again.',
  formNotOpened: 'The form could not be opened. Please try again.',
  platformFailed: 'Something went wrong on our side while answering. Please try again in a moment.',
  sendFailed: 'Something went wrong while sending the answer. Please try again.',
  none: 'none',
  noOption: (command, option, list) => `${command} has no option \`${option}\`. Its options: ${list}.`,
  needs: (command, option, description) => `${command} needs \`${option}\`: ${description}`,
  optionDescription: (_cmd, opt) => opt.description,
  wholeNumber: (o, got) => `${o} must be a whole number (got "${got}").`,
  atLeast: (o, min, n) => `${o} must be at least ${min} (got ${n}).`,
  atMost: (o, max, n) => `${o} can be at most ${max} (got ${n}).`,
  trueFalse: (o) => `${o} must be true or false.`,
  text: (o) => `${o} must be text.`,
  tooLong: (o, len, max) => `${o} is too long: ${len} characters, the limit is ${max}. Please shorten it.`,
  tooShort: (o, min) => `${o} is too short: it needs at least ${min} characters.`,
  oneOf: (o, list, got) => `${o} must be one of: ${list} (got "${got}").`,
  storageDown: 'The bot cannot save changes right now, so nothing was changed. Please try again later; the bot’s operator has been alerted.',
  storageDownTitle: 'Cannot save changes now',
  generic: 'Something went wrong on our side while answering. It has been logged; please try again in a moment.',
  genericTitle: 'Something went wrong',
  needsSubcommand: (command, subs) => `\`${command}\` needs a subcommand: ${subs}.`,
  notSubcommand: (word, suggestion, ask) => `"${word}" is not a subcommand. Did you mean \`${suggestion}\`? (To ask a question, write it out: \`${ask}\`.)`,
  notOption: (name, command, near, usage) => `"${name}" is not an option of ${command}.${near ? ` Did you mean ${near}:?` : ''} Options: ${usage}`,
  notUnderstood: (words, command, usage) => `I did not understand "${words}" for ${command}. Usage: ${usage}`,
  noOptions: '(no options)',
};
