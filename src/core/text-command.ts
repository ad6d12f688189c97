/**
 * Parse a typed command line (console, Slack's free text) into a CommandRequest:
 *   /nissan-honda figure honda tariff
 *   /nissan-honda timeline topic:tariffs from:2025-04
 *   /nissan-honda recap 30d
 *   /nissan-honda digest subscribe daily 09:00 Asia/Tokyo
 *   /nissan-honda why did the talks collapse?      (anything that is not a subcommand is `ask`)
 *   /nissan-honda latest news on tariffs           (a subcommand word followed by several words it cannot
 *                                                   take is a question too; one stray word is an error)
 * Named options are `name:value` (quotes for spaces: `company:"Mitsubishi Motors"`) or `--name value`;
 * a boolean option can also be switched on by its bare name (`quiet`).
 * Remaining words fill positional options: options with choices take a word that matches a choice or
 * alias; the rest of the text goes to the first free string option.
 * Typos are pointed out, never answered: a first word a letter or two from a subcommand (`lastest`, `timline`) that is
 * no English word gets "did you mean …"; `name:value` with a name that is not one of the subcommand's options
 * (`compnay:nissan`) is an error listing its options, not a value for another option.
 */
import type { OptionDef, Subcommand } from './command.js';
import { COMMAND_NAME } from './command.js';
import { choicesOf, type CommandRequest, type Registry } from './dispatch.js';
import { EN_DISPATCH, type DispatchTexts } from './dispatch-texts.js';
import type { Timeline } from '../timeline/timeline.js';
import { escapeMarkup, truncate } from '../replies/reply.js';
import { editDistance } from './edit-distance.js';
import { isEnglishWord } from './english-words.js';

export type TextParse =
  | { kind: 'command'; request: CommandRequest }
  | { kind: 'help' }
  | { kind: 'empty' }
  | { kind: 'error'; message: string };

/** Split on whitespace, keeping "quoted strings" (and name:"quoted values") together. */
export function tokenize(s: string): string[] {
  const out: string[] = [];
  const re = /([^\s"“”]*)(?:["“]([^"”]*)["”]?)|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    if (m[3] !== undefined) out.push(m[3]);
    else out.push((m[1] ?? '') + (m[2] ?? ''));
  }
  return out;
}

/** Positional slots in the order they are filled. Time-like and tz-like words are matched by shape. */
function acceptsWord(opt: OptionDef, word: string, timeline: Timeline): string | undefined {
  const lower = word.toLowerCase();
  const choices = choicesOf(opt, timeline);
  if (choices) {
    const alias = opt.aliases?.[lower];
    const hit = choices.find((c) => String(c.value).toLowerCase() === (alias ?? lower) || c.name.toLowerCase() === lower);
    return hit ? String(hit.value) : undefined;
  }
  if (opt.type === 'integer') return /^-?\d+$/.test(word) ? word : undefined;
  if (opt.type === 'boolean') return ['true', 'false', 'yes', 'no', 'on', 'off'].includes(lower) ? lower : undefined;
  return undefined;
}

/** How far a typed word may be from a name to be taken for a typo of it: one slip, two in longer words. */
function typoReach(word: string): number {
  return word.length >= 6 ? 2 : word.length >= 4 ? 1 : 0;
}

/** The name `word` is most likely a typo of (never an English word, which was meant as typed), if any. */
function closestName(word: string, names: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  if (!/^[a-z]+$/.test(w) || names.includes(w) || isEnglishWord(w)) return undefined;
  const reach = typoReach(w);
  let best: string | undefined;
  let bestD = reach + 1;
  for (const n of names) {
    const d = editDistance(w, n, reach);
    if (d < bestD) [best, bestD] = [n, d];
  }
  return best;
}

/** The error for a `name:value` whose name is none of the subcommand's options. */
function unknownOption(cmd: Subcommand, name: string, t: DispatchTexts): TextParse {
  const near = closestName(name, cmd.options.map((o) => o.name));
  const usage = cmd.options.map((o) => `${o.name}:…`).join(' ');
  return { kind: 'error', message: t.notOption(escapeMarkup(truncate(name, 30)), `/${COMMAND_NAME} ${cmd.group ? cmd.group + ' ' : ''}${cmd.name}`, near, usage) };
}

/** A choice whose name is several words ("last 30 days"): the words starting at `at` that spell it, longest first. */
function multiWordChoice(opt: OptionDef, words: readonly string[], at: number, timeline: Timeline): { value: string; length: number } | undefined {
  const choices = choicesOf(opt, timeline);
  if (!choices) return undefined;
  for (let n = Math.min(4, words.length - at); n >= 2; n--) {
    const phrase = words.slice(at, at + n).join(' ').toLowerCase();
    const hit = choices.find((c) => c.name.toLowerCase() === phrase);
    if (hit) return { value: String(hit.value), length: n };
  }
  return undefined;
}

/** `t`: the words of its errors in the asker's language (the registry's texts for the context); default English. */
export function parseTextCommand(line: string, registry: Registry, timeline: Timeline, t: DispatchTexts = EN_DISPATCH): TextParse {
  let text = line.trim();
  const prefix = new RegExp(`^/?${COMMAND_NAME}\\b`, 'i');
  text = text.replace(prefix, '').trim();
  if (!text) return { kind: 'empty' };
  const tokens = tokenize(text);
  const first = tokens[0].toLowerCase();
  if (first === 'help' || first === '--help' || first === '?') return { kind: 'help' };

  let cmd: Subcommand | undefined;
  let rest: string[];
  if (registry.groups().includes(first) && !tokens[1]) {
    // `digest` alone: say which subcommands the group has rather than asking "digest" as a question.
    const subs = registry.commands.filter((c) => c.group === first).map((c) => `\`/${COMMAND_NAME} ${first} ${c.name}\``);
    return { kind: 'error', message: t.needsSubcommand(`/${COMMAND_NAME} ${first}`, subs.join(', ')) };
  }
  if (registry.groups().includes(first) && tokens[1]) {
    cmd = registry.find(first, tokens[1].toLowerCase());
    if (!cmd) return { kind: 'command', request: { group: first, name: tokens[1].toLowerCase(), args: {} } };
    rest = tokens.slice(2);
  } else {
    cmd = registry.find(undefined, first);
    rest = tokens.slice(1);
  }
  if (!cmd && !registry.groups().includes(first)) {
    // a typo of a subcommand or group ("lastest", "timline", "recpa") is pointed out, never asked as a question
    const names = [...new Set(registry.commands.filter((c) => !c.group).map((c) => c.name).concat(registry.groups()))];
    const near = closestName(first, names);
    if (near) {
      return { kind: 'error', message: t.notSubcommand(escapeMarkup(truncate(tokens[0], 30)), `/${COMMAND_NAME} ${near}`, `/${COMMAND_NAME} ask question:…`) };
    }
  }
  if (!cmd) {
    // Not a subcommand: the whole text is a question.
    return { kind: 'command', request: { name: 'ask', args: { question: text } } };
  }

  const args: Record<string, unknown> = {};
  const free: string[] = [];
  const optionNamed = (tok: string) => {
    const m = /^([a-z][a-z0-9_-]*):(.*)$/i.exec(tok) ?? /^--([a-z][a-z0-9_-]*)$/i.exec(tok);
    return !!m && cmd!.options.some((o) => o.name === m[1].toLowerCase());
  };
  // the required free-text option (a question, a figure query): as in Discord, `question:why did the talks collapse?` is the
  // whole text up to the next named option, not its first word
  const textOption = cmd.options.find((o) => o.type === 'string' && o.required && !choicesOf(o, timeline) && !['time', 'timezone', 'from', 'to'].includes(o.name));
  for (let i = 0; i < rest.length; i++) {
    const tok = rest[i];
    const named = /^([a-z][a-z0-9_-]*):(.*)$/i.exec(tok);
    const dashed = /^--([a-z][a-z0-9_-]*)$/i.exec(tok);
    if (named && cmd.options.some((o) => o.name === named[1].toLowerCase())) {
      const name = named[1].toLowerCase();
      const words = [named[2]];
      const phrase = multiWordChoice(cmd.options.find((o) => o.name === name)!, [named[2], ...rest.slice(i + 1)], 0, timeline);
      if (phrase) {
        // `period:last 30 days`: a choice named in several words
        args[name] = phrase.value;
        i += phrase.length - 1;
        continue;
      }
      if (name === textOption?.name) while (i + 1 < rest.length && !optionNamed(rest[i + 1])) words.push(rest[++i]);
      args[name] = words.filter(Boolean).join(' ');
    } else if (named && named[2] && cmd.options.length && /^[a-z]{3,}$/i.test(named[1]) && (!textOption || closestName(named[1], cmd.options.map((o) => o.name)))) {
      // `compnay:nissan`: a misspelt option name, not a value (a free-text option's words may hold colons: "re:nissan")
      return unknownOption(cmd, named[1], t);
    } else if (dashed && cmd.options.some((o) => o.name === dashed[1].toLowerCase())) {
      const opt = cmd.options.find((o) => o.name === dashed[1].toLowerCase())!;
      if (opt.type === 'boolean' && (i + 1 >= rest.length || acceptsWord(opt, rest[i + 1], timeline) === undefined)) args[opt.name] = 'true';
      else args[opt.name] = rest[++i] ?? '';
    } else {
      free.push(tok);
    }
  }

  // Positional words: choice/integer/boolean options take matching words; then shape-typed string options.
  const remaining: string[] = [];
  for (let i = 0; i < free.length; i++) {
    const word = free[i];
    // `recap this year`, `recap last 7 days`: a choice named in several words
    let phrase: { value: string; length: number } | undefined;
    const multi = cmd.options.find((o) => args[o.name] === undefined && (phrase = multiWordChoice(o, free, i, timeline)));
    if (multi && phrase) {
      args[multi.name] = phrase.value;
      i += phrase.length - 1;
      continue;
    }
    const opt = cmd.options.find((o) => args[o.name] === undefined && acceptsWord(o, word, timeline) !== undefined);
    // A boolean option may be switched on by its bare name: `digest subscribe daily 09:00 UTC quiet`.
    const flag = cmd.options.find((o) => o.type === 'boolean' && args[o.name] === undefined && o.name === word.toLowerCase());
    if (opt) args[opt.name] = acceptsWord(opt, word, timeline);
    else if (flag) args[flag.name] = 'true';
    else remaining.push(word);
  }
  const leftovers: string[] = [];
  for (const word of remaining) {
    const opt = cmd.options.find(
      (o) =>
        args[o.name] === undefined &&
        ((o.name === 'time' && /^\d{1,2}:\d{2}$/.test(word)) ||
          (o.name === 'timezone' && /^[A-Za-z]+\/[A-Za-z_+\-/0-9]+$|^UTC$/i.test(word)) ||
          ((o.name === 'from' || o.name === 'to') && /^\d{4}([-/]\d{1,2}){0,2}$/.test(word)) ||
          (o.type === 'channel' && /^<?#?[A-Z0-9]+(\|[^>]*)?>?$/.test(word) && /\d|^<#/.test(word))),
    );
    if (opt) args[opt.name] = opt.type === 'channel' ? word.replace(/^<#|\|.*$|>$/g, '') : word;
    else leftovers.push(word);
  }
  if (leftovers.length) {
    const target = cmd.options.find((o) => o.type === 'string' && !o.choices && args[o.name] === undefined && o.required) ??
      cmd.options.find((o) => o.type === 'string' && !o.choices && args[o.name] === undefined && !['time', 'timezone', 'from', 'to'].includes(o.name));
    if (target) args[target.name] = leftovers.join(' ');
    else if (!cmd.group && leftovers.length >= 2 && registry.find(undefined, 'ask')) {
      // "latest news on tariffs", "about the merger?": a question that starts with a subcommand's name.
      // Single stray words ("recap 3d") stay errors with the usage, so typos are pointed out.
      return { kind: 'command', request: { name: 'ask', args: { question: text } } };
    } else {
      const usage = cmd.options.map((o) => `${o.name}:…`).join(' ') || t.noOptions;
      return { kind: 'error', message: t.notUnderstood(escapeMarkup(truncate(leftovers.join(' '), 60)), `/${COMMAND_NAME} ${cmd.group ? cmd.group + ' ' : ''}${cmd.name}`, usage) };
    }
  }
  return { kind: 'command', request: { group: cmd.group, name: cmd.name, args } };
}
