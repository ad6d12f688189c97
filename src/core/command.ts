/**
 * How a /nissan-honda subcommand is defined: once, for every platform.
 * A definition is data (name, description, options) plus handlers that return platform-neutral Replies.
 */
import type { Timeline } from '../timeline/timeline.js';
import type { TimelineStore } from '../timeline/store.js';
import type { Reply } from '../replies/reply.js';

export type OptionType = 'string' | 'integer' | 'boolean' | 'channel';

export interface Choice {
  name: string;
  value: string | number;
}

export interface OptionDef {
  name: string;
  /** ≤ 100 characters (Discord's limit). */
  description: string;
  type: OptionType;
  required?: boolean;
  minValue?: number;
  maxValue?: number;
  minLength?: number;
  maxLength?: number;
  /** Fixed choices, or choices computed from the log (e.g. its topics). ≤ 25. */
  choices?: Choice[] | ((timeline: Timeline) => Choice[]);
  autocomplete?: boolean;
  /** Other spellings accepted in text (console/Slack), e.g. "7d" for "last-7-days". */
  aliases?: Record<string, string>;
}

export type ArgValue = string | number | boolean;
export type Args = Record<string, ArgValue | undefined>;

export type Platform = 'discord' | 'slack' | 'console' | 'cli' | 'http';

export interface CommandUser {
  id: string;
  name?: string;
  /** Discord: Manage Server; Slack: workspace admin or configured admin id; console: true. */
  canManage: boolean;
  /** Discord: the member's role ids (curators may be named by role, see src/curation/permissions.ts). */
  roles?: readonly string[];
}

/**
 * Services commands may use. Platforms provide what they have; a command says politely when one is missing.
 * Features add their own fields by declaration merging (e.g. src/digests/context.ts), so the core names none.
 */
/** Why writes cannot be trusted now, or undefined when they can; `probe` also tries a real write. */
export interface StorageStatus {
  problem(opts?: { probe?: boolean }): string | undefined;
}

export interface Services {
  store?: TimelineStore;
  /** Whether stored state can be written now (src/db/health.ts provides it); commands that write are refused while it cannot. */
  database?: StorageStatus;
}

/**
 * Preconditions by name: "manage" = Manage Server / workspace admin. Features add their own by declaration merging
 * and define how they are checked with definePrecondition (src/curation adds "curate"), so the core names none.
 */
export interface Preconditions {
  manage: true;
}

export interface CommandContext {
  /** The log snapshot this request is answered from (never changes mid-request). */
  timeline: Timeline;
  now: Date;
  platform: Platform;
  user: CommandUser;
  /** Server (Discord guild / Slack team) and channel the request came from, if any. */
  guildId?: string;
  channelId?: string;
  /** Channels the platform resolved from `channel` options (Discord), with the server each belongs to. */
  resolvedChannels?: Readonly<Record<string, { guildId?: string }>>;
  services: Services;
}

export interface Subcommand {
  name: string;
  /** Subcommand group, e.g. "digest" for `/nissan-honda digest subscribe`. */
  group?: string;
  description: string;
  options: OptionDef[];
  /** Precondition checked by the dispatcher, never by the handler (see Preconditions). */
  requires?: keyof Preconditions;
  /** The command changes stored state: refused by the dispatcher while the database cannot be written. */
  writes?: boolean;
  /** Work may take long: platforms defer (Discord) or ack first (Slack). */
  slow?: boolean;
  run(args: Args, ctx: CommandContext): Reply | Promise<Reply>;
  /** Autocomplete choices for the focused option (≤ 25, fast, never throws). */
  autocomplete?(option: string, value: string, ctx: CommandContext, args: Args): Choice[];
  /** Button/action ids starting with `${actionPrefix}:` are routed to onAction with the rest of the id. */
  actionPrefix?: string;
  onAction?(state: string, ctx: CommandContext): Reply | Promise<Reply>;
  /** A submitted form (Reply.modal) whose id starts with `${actionPrefix}:`; values by field id. */
  onSubmit?(state: string, values: Record<string, string>, ctx: CommandContext): Reply | Promise<Reply>;
}

/** A problem with the user's request. Its message is shown to the user (ephemeral, polite). */
export class UserError extends Error {
  constructor(message: string, readonly title?: string) {
    super(message);
  }
}

export const COMMAND_NAME = 'nissan-honda';
export const COMMAND_DESCRIPTION = 'Honda–Nissan: latest news, timeline, figures and answers from a sourced event log';
