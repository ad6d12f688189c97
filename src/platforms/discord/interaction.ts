/**
 * Conversions between Discord interactions and the core's CommandRequest / CommandContext, shared by
 * the gateway (discord.js) and the HTTP-interactions endpoint. Works on raw API shapes
 * (discord-api-types/v10) and on discord.js's `interaction.options.data`, which has the same
 * structure (name, type, value, options, focused). Imports no discord.js runtime code.
 */
import { toLocale } from '../../i18n/catalogue.js';
import type {
  APIAutocompleteApplicationCommandInteractionData,
  APIChatInputApplicationCommandInteractionData,
  APIInteraction,
} from 'discord-api-types/v10';
import type { CommandContext, Services } from '../../core/command.js';
import type { CommandRequest } from '../../core/dispatch.js';
import type { Timeline } from '../../timeline/timeline.js';

/** ApplicationCommandOptionType values used here (literals: no runtime import). */
const OPTION_SUBCOMMAND = 1;
const OPTION_SUBCOMMAND_GROUP = 2;

/** Permission bits (https://discord.com/developers/docs/topics/permissions). */
export const PERMISSION_ADMINISTRATOR = 1n << 3n;
export const PERMISSION_MANAGE_GUILD = 1n << 5n;

/** After this long without an answer the platform defers (Discord's deadline is 3 s). */
export const DEFER_AFTER_MS = 1500;

/** The structural subset of an interaction option both raw API data and discord.js expose. */
export interface OptionLike {
  name: string;
  type: number;
  value?: unknown;
  focused?: boolean;
  options?: readonly OptionLike[] | null;
}

export type AutocompleteRequest = CommandRequest & { focused: string };

/**
 * Walk the option tree of a `/nissan-honda` interaction: an optional subcommand group, a subcommand,
 * and its options. Returns the core request plus the name of the focused option, if any.
 */
export function requestFromOptions(options: readonly OptionLike[] | null | undefined): CommandRequest & { focused?: string } {
  let list = options ?? [];
  let group: string | undefined;
  const groupOpt = list.find((o) => o.type === OPTION_SUBCOMMAND_GROUP);
  if (groupOpt) {
    group = groupOpt.name;
    list = groupOpt.options ?? [];
  }
  const sub = list.find((o) => o.type === OPTION_SUBCOMMAND);
  const name = sub?.name ?? '';
  const args: Record<string, unknown> = {};
  let focused: string | undefined;
  for (const o of sub?.options ?? []) {
    if (o.type === OPTION_SUBCOMMAND || o.type === OPTION_SUBCOMMAND_GROUP) continue;
    args[o.name] = o.value;
    if (o.focused) focused = o.name;
  }
  return { ...(group ? { group } : {}), name, args, ...(focused ? { focused } : {}) };
}

/** A chat-input interaction's data (raw API) as a core CommandRequest. */
export function commandRequestFromData(data: Pick<APIChatInputApplicationCommandInteractionData, 'options'>): CommandRequest {
  const { focused: _ignored, ...req } = requestFromOptions(data.options as readonly OptionLike[] | undefined);
  return req;
}

/** An autocomplete interaction's data (raw API) as a core request with the focused option's name. */
export function autocompleteRequestFromData(data: Pick<APIAutocompleteApplicationCommandInteractionData, 'options'>): AutocompleteRequest {
  const req = requestFromOptions(data.options as readonly OptionLike[] | undefined);
  return { ...req, focused: req.focused ?? '' };
}

/** A permission bitfield as Discord sends it: a decimal string (BigInt() alone also takes "0x20", " 32 ", 32, ["32"]). */
const PERMISSION_STRING = /^\d{1,30}$/;

/**
 * True when a member's permission bitfield includes Manage Server or Administrator. Only the forms Discord and
 * discord.js produce count: a decimal string (API) or a non-negative bigint (discord.js); anything else grants nothing.
 */
export function canManageFromPermissions(permissions: unknown): boolean {
  let bits: bigint;
  if (typeof permissions === 'bigint') bits = permissions;
  else if (typeof permissions === 'string' && PERMISSION_STRING.test(permissions)) bits = BigInt(permissions);
  else return false;
  if (bits < 0n) return false; // a negative bigint has every bit set: never a real bitfield
  return (bits & PERMISSION_MANAGE_GUILD) !== 0n || (bits & PERMISSION_ADMINISTRATOR) !== 0n;
}

/** Channels an interaction's options resolved (API `resolved.channels`), each with the server it belongs to. */
export function resolvedChannelsOf(resolved: unknown): Record<string, { guildId?: string }> {
  const out: Record<string, { guildId?: string }> = {};
  const channels = (resolved as { channels?: unknown } | undefined)?.channels;
  if (!channels || typeof channels !== 'object') return out;
  const entries = channels instanceof Map ? [...channels.entries()] : Object.entries(channels);
  for (const [id, c] of entries as [string, { guild_id?: unknown; guildId?: unknown } | null][]) {
    const guildId = c?.guild_id ?? c?.guildId;
    out[id] = typeof guildId === 'string' ? { guildId } : {};
  }
  return out;
}

/** Whether a deferred answer to this request should be ephemeral: only digest (admin) commands are. */
export function deferEphemeral(req: Pick<CommandRequest, 'group'>): boolean {
  return req.group === 'digest';
}

export interface ContextInput {
  timeline: Timeline;
  now: Date;
  services?: Services;
  userId: string;
  userName?: string;
  /** Member permission bitfield; absent outside a guild. */
  permissions?: unknown;
  /** The member's role ids (curator role). */
  roles?: readonly string[] | null;
  /** Channels the options resolved (see resolvedChannelsOf). */
  resolvedChannels?: Record<string, { guildId?: string }>;
  guildId?: string | null;
  channelId?: string | null;
  platform?: CommandContext['platform'];
  /** The user's client locale, then the server's preferred locale ("ja", "en-US"). */
  locale?: string | null;
  guildLocale?: string | null;
}

/** The core CommandContext for a Discord interaction. */
export function buildContext(input: ContextInput): CommandContext {
  return {
    timeline: input.timeline,
    now: input.now,
    platform: input.platform ?? 'discord',
    user: {
      id: input.userId,
      ...(input.userName ? { name: input.userName } : {}),
      canManage: canManageFromPermissions(input.permissions),
      ...(input.roles?.length ? { roles: input.roles } : {}),
    },
    ...(input.guildId ? { guildId: input.guildId } : {}),
    ...(input.channelId ? { channelId: input.channelId } : {}),
    ...localeOf(input),
    ...(input.resolvedChannels ? { resolvedChannels: input.resolvedChannels } : {}),
    services: input.services ?? {},
  };
}

function localeOf(input: ContextInput): Pick<CommandContext, 'locale'> {
  const locale = toLocale(input.locale) ?? toLocale(input.guildLocale);
  return locale ? { locale } : {};
}

/** The CommandContext for a raw API interaction (HTTP endpoint). */
export function contextFromApiInteraction(
  interaction: APIInteraction,
  opts: { timeline: Timeline; now: Date; services?: Services; platform?: CommandContext['platform'] },
): CommandContext {
  const user = interaction.member?.user ?? interaction.user;
  return buildContext({
    ...opts,
    userId: user?.id ?? 'unknown',
    userName: user?.global_name ?? user?.username,
    permissions: interaction.member?.permissions,
    roles: interaction.member?.roles,
    guildId: interaction.guild_id,
    channelId: interaction.channel?.id ?? interaction.channel_id,
    locale: 'locale' in interaction ? interaction.locale : undefined,
    guildLocale: interaction.guild_locale,
    resolvedChannels: resolvedChannelsOf((interaction.data as { resolved?: unknown } | undefined)?.resolved),
  });
}
