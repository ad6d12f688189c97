/**
 * The Discord definition of `/nissan-honda`, derived from the registry: one top-level chat-input
 * command whose subcommands (and subcommand groups, for any Subcommand with `group`) are the
 * core's subcommands. Plain API JSON, ready for `PUT /applications/:id/commands`.
 *
 * Permissions: Discord's `default_member_permissions` applies only to a whole top-level command, so
 * it cannot restrict just the `digest` group without hiding the read commands from everyone. It is
 * therefore NOT set here. The `digest` group is enforced server-side by the `requires: 'manage'`
 * precondition in src/core/dispatch.ts (runCommand/runAction/runAutocomplete), using the member's
 * permissions that Discord sends with every interaction.
 */
import type {
  APIApplicationCommandBasicOption,
  APIApplicationCommandOption,
  APIApplicationCommandOptionChoice,
  APIApplicationCommandSubcommandOption,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
} from 'discord.js';
import { COMMAND_DESCRIPTION, COMMAND_NAME, type OptionDef, type Subcommand } from '../../core/command.js';
import { choicesOf, type Registry } from '../../core/dispatch.js';
import type { Timeline } from '../../timeline/timeline.js';
import { truncate } from '../../replies/reply.js';
import { log } from '../../logger.js';
import { localiseDefinition } from '../../i18n/discord.js';

export const COMMAND_LIMITS = {
  description: 100,
  options: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  totalChars: 8000,
  stringLength: 6000,
} as const;

/** Discord's name rule for commands and options (lowercase where a lowercase form exists). */
export const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const desc = (s: string) => truncate(s.trim(), COMMAND_LIMITS.description) || '—';

function toChoices(opt: OptionDef, timeline: Timeline): APIApplicationCommandOptionChoice[] | undefined {
  const choices = choicesOf(opt, timeline);
  if (!choices) return undefined;
  if (choices.length > COMMAND_LIMITS.choices) {
    log.warn('discord: option has more than 25 choices; only the first 25 are registered', { option: opt.name, choices: choices.length });
  }
  return choices.slice(0, COMMAND_LIMITS.choices).map((c) => ({
    name: truncate(c.name, COMMAND_LIMITS.choiceName),
    value: typeof c.value === 'string' ? c.value.slice(0, COMMAND_LIMITS.choiceValue) : c.value,
  })) as APIApplicationCommandOptionChoice[];
}

function toOption(opt: OptionDef, timeline: Timeline): APIApplicationCommandBasicOption {
  const base = { name: opt.name, description: desc(opt.description), required: !!opt.required };
  switch (opt.type) {
    case 'boolean':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'channel':
      return { ...base, type: ApplicationCommandOptionType.Channel, channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] };
    case 'integer': {
      const choices = toChoices(opt, timeline);
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(opt.minValue !== undefined ? { min_value: opt.minValue } : {}),
        ...(opt.maxValue !== undefined ? { max_value: opt.maxValue } : {}),
        ...(choices ? { choices: choices as { name: string; value: number }[] } : opt.autocomplete ? { autocomplete: true } : {}),
      } as APIApplicationCommandBasicOption;
    }
    case 'string': {
      const choices = toChoices(opt, timeline);
      const clamp = (n: number) => Math.max(0, Math.min(COMMAND_LIMITS.stringLength, n));
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...(opt.minLength !== undefined ? { min_length: clamp(opt.minLength) } : {}),
        ...(opt.maxLength !== undefined ? { max_length: Math.max(1, clamp(opt.maxLength)) } : {}),
        ...(choices ? { choices: choices as { name: string; value: string }[] } : opt.autocomplete ? { autocomplete: true } : {}),
      } as APIApplicationCommandBasicOption;
    }
  }
}

function toSubcommand(cmd: Subcommand, timeline: Timeline): APIApplicationCommandSubcommandOption {
  // Discord requires required options before optional ones; keep the definition's order otherwise.
  const options = [...cmd.options.filter((o) => o.required), ...cmd.options.filter((o) => !o.required)].map((o) => toOption(o, timeline));
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: cmd.name,
    description: desc(cmd.description),
    ...(options.length ? { options } : {}),
  };
}

/** Human descriptions for subcommand groups (Discord needs one); unknown groups get a generic line. */
const GROUP_DESCRIPTIONS: Record<string, string> = {
  digest: 'Scheduled recaps posted to a channel (Manage Server only)',
};

/** The JSON for `/nissan-honda` built from the registry; computed choices (topics) come from the timeline. */
export function commandDefinition(registry: Registry, timeline: Timeline): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const options: APIApplicationCommandOption[] = [];
  const groups = new Map<string, APIApplicationCommandSubcommandOption[]>();
  for (const cmd of registry.commands) {
    const sub = toSubcommand(cmd, timeline);
    if (!cmd.group) {
      options.push(sub);
      continue;
    }
    let list = groups.get(cmd.group);
    if (!list) {
      list = [];
      groups.set(cmd.group, list);
      options.push({
        type: ApplicationCommandOptionType.SubcommandGroup,
        name: cmd.group,
        description: desc(GROUP_DESCRIPTIONS[cmd.group] ?? `${cmd.group} commands`),
        options: list,
      });
    }
    list.push(sub);
  }
  // Japanese names and descriptions (name_localizations / description_localizations) from the catalogue
  return localiseDefinition({
    type: ApplicationCommandType.ChatInput,
    name: COMMAND_NAME,
    description: desc(COMMAND_DESCRIPTION),
    // Guild install, used in servers. No default_member_permissions: see the note at the top of this file.
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    nsfw: false,
    options,
  });
}

/** Characters Discord counts towards the 8000 limit: names, descriptions and choice names/values, recursively. */
export function definitionLength(def: { name: string; description: string; options?: readonly unknown[] }): number {
  const walk = (o: Record<string, unknown>): number => {
    let n = String(o.name ?? '').length + String(o.description ?? '').length;
    for (const c of (o.choices as { name: string; value: unknown }[] | undefined) ?? []) n += c.name.length + String(c.value).length;
    for (const sub of (o.options as Record<string, unknown>[] | undefined) ?? []) n += walk(sub);
    return n;
  };
  return walk(def as unknown as Record<string, unknown>);
}

/**
 * Check a definition against Discord's rules; returns one line per problem (empty when valid).
 * Used by tests and by deploy before anything is sent.
 */
export function validateDefinition(def: RESTPostAPIChatInputApplicationCommandsJSONBody): string[] {
  const problems: string[] = [];
  const L = COMMAND_LIMITS;
  const checkNamed = (where: string, o: { name: string; description?: string }) => {
    if (!NAME_PATTERN.test(o.name) || o.name !== o.name.toLowerCase()) problems.push(`${where}: name "${o.name}" does not match Discord's naming rule`);
    const d = o.description ?? '';
    if (d.length < 1 || d.length > L.description) problems.push(`${where}: description must be 1–100 characters (has ${d.length})`);
  };
  const checkOptions = (where: string, options: readonly APIApplicationCommandOption[] | undefined) => {
    const list = options ?? [];
    if (list.length > L.options) problems.push(`${where}: ${list.length} options, the limit is 25`);
    const names = new Set<string>();
    let sawOptional = false;
    for (const o of list) {
      const at = `${where} ${o.name}`;
      checkNamed(at, o);
      if (names.has(o.name)) problems.push(`${at}: duplicate option name`);
      names.add(o.name);
      if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) {
        if (o.type === ApplicationCommandOptionType.SubcommandGroup && where.split(' ').length > 1) problems.push(`${at}: groups cannot be nested`);
        checkOptions(at, o.options as APIApplicationCommandOption[] | undefined);
        continue;
      }
      const required = 'required' in o && !!o.required;
      if (required && sawOptional) problems.push(`${at}: a required option comes after an optional one`);
      if (!required) sawOptional = true;
      const choices = 'choices' in o ? (o.choices as { name: string; value: string | number }[] | undefined) : undefined;
      const autocomplete = 'autocomplete' in o && !!o.autocomplete;
      if (choices && autocomplete) problems.push(`${at}: choices and autocomplete cannot be combined`);
      if (choices && choices.length > L.choices) problems.push(`${at}: ${choices.length} choices, the limit is 25`);
      for (const c of choices ?? []) {
        if (c.name.length < 1 || c.name.length > L.choiceName) problems.push(`${at}: choice name "${c.name}" must be 1–100 characters`);
        if (typeof c.value === 'string' && (c.value.length < 1 || c.value.length > L.choiceValue)) problems.push(`${at}: choice value "${c.value}" must be 1–100 characters`);
      }
      if (o.type === ApplicationCommandOptionType.String) {
        const { min_length: min, max_length: max } = o as { min_length?: number; max_length?: number };
        if (min !== undefined && (min < 0 || min > L.stringLength)) problems.push(`${at}: min_length must be 0–6000`);
        if (max !== undefined && (max < 1 || max > L.stringLength)) problems.push(`${at}: max_length must be 1–6000`);
        if (min !== undefined && max !== undefined && min > max) problems.push(`${at}: min_length is above max_length`);
      }
      if (o.type === ApplicationCommandOptionType.Integer || o.type === ApplicationCommandOptionType.Number) {
        const { min_value: min, max_value: max } = o as { min_value?: number; max_value?: number };
        if (min !== undefined && max !== undefined && min > max) problems.push(`${at}: min_value is above max_value`);
      }
    }
  };
  checkNamed('/', def);
  checkOptions(`/${def.name}`, def.options);
  const total = definitionLength(def);
  if (total > L.totalChars) problems.push(`/${def.name}: ${total} characters in names, descriptions and choices, the limit is 8000`);
  return problems;
}
