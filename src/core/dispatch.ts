/**
 * The one path every platform uses: find the subcommand, check its precondition, validate the
 * arguments against its option definitions, run it, and turn failures into polite replies.
 */
import type { Args, ArgValue, Choice, CommandContext, OptionDef, Subcommand } from './command.js';
import { COMMAND_NAME, UserError } from './command.js';
import { errorReply, escapeMarkup, truncate, type Reply } from '../replies/reply.js';
import type { Timeline } from '../timeline/timeline.js';
import { log } from '../logger.js';
import type { Preconditions } from './command.js';
import { EN_DISPATCH, type DispatchTexts } from './dispatch-texts.js';

export type { DispatchTexts } from './dispatch-texts.js';

/** How a named precondition is checked, what the asker is told when it fails, and how help marks its commands. */
export interface PreconditionCheck {
  allows(ctx: CommandContext): boolean;
  denied(platform: CommandContext['platform']): Reply;
  /** e.g. "admins", shown after the command in help. */
  label: string;
}

const preconditions = new Map<keyof Preconditions, PreconditionCheck>([
  ['manage', { allows: (ctx) => ctx.user.canManage, denied: (platform) => errorReply(deniedMessage(platform), 'Admins only'), label: 'admins' }],
]);

/** A feature defines how its precondition is checked (declared on Preconditions by declaration merging). */
export function definePrecondition(name: keyof Preconditions, check: PreconditionCheck): void {
  preconditions.set(name, check);
}

export function preconditionLabel(cmd: Subcommand): string | undefined {
  return cmd.requires ? (preconditions.get(cmd.requires)?.label ?? 'restricted') : undefined;
}

/** Does the asker meet the subcommand's precondition? One nobody defined lets nobody through. */
export function permitted(cmd: Subcommand, ctx: CommandContext): boolean {
  if (!cmd.requires) return true;
  return preconditions.get(cmd.requires)?.allows(ctx) ?? false;
}

function denied(cmd: Subcommand, ctx: CommandContext, t: DispatchTexts): Reply {
  const own = t.denied?.(cmd.requires ?? 'manage', ctx.platform);
  if (own) return errorReply(own.message, own.title);
  const check = cmd.requires ? preconditions.get(cmd.requires) : undefined;
  return check ? check.denied(ctx.platform) : errorReply(deniedMessage(ctx.platform), 'Admins only');
}

export interface CommandRequest {
  group?: string;
  name: string;
  /** Raw option values as the platform delivered them (strings from text, typed from Discord). */
  args: Record<string, unknown>;
}

export class Registry {
  /** `texts`: the dispatcher's own words for the asker (src/i18n/dispatch.ts gives them by locale); default English. */
  constructor(
    readonly commands: readonly Subcommand[],
    readonly texts: (ctx: CommandContext) => DispatchTexts = () => EN_DISPATCH,
  ) {
    const seen = new Set<string>();
    for (const c of commands) {
      const key = `${c.group ?? ''} ${c.name}`;
      if (seen.has(key)) throw new Error(`duplicate subcommand ${key}`);
      seen.add(key);
    }
  }

  find(group: string | undefined, name: string): Subcommand | undefined {
    return this.commands.find((c) => c.name === name && (c.group ?? undefined) === (group || undefined));
  }

  groups(): string[] {
    return [...new Set(this.commands.map((c) => c.group).filter((g): g is string => !!g))];
  }

  findAction(actionId: string): { command: Subcommand; state: string } | undefined {
    for (const command of this.commands) {
      if (command.actionPrefix && actionId.startsWith(`${command.actionPrefix}:`)) {
        return { command, state: actionId.slice(command.actionPrefix.length + 1) };
      }
    }
    return undefined;
  }
}

export function choicesOf(opt: OptionDef, timeline: Timeline): Choice[] | undefined {
  if (!opt.choices) return undefined;
  return typeof opt.choices === 'function' ? opt.choices(timeline) : opt.choices;
}

function displayName(cmd: Subcommand): string {
  return `/${COMMAND_NAME} ${cmd.group ? cmd.group + ' ' : ''}${cmd.name}`;
}

/** Validate and convert raw option values. Throws UserError naming the option and the limit. */
export function validateArgs(cmd: Subcommand, raw: Record<string, unknown>, timeline: Timeline, t: DispatchTexts = EN_DISPATCH): Args {
  const out: Args = {};
  const known = new Set(cmd.options.map((o) => o.name));
  for (const key of Object.keys(raw)) {
    if (!known.has(key) && raw[key] !== undefined) {
      const list = cmd.options.map((o) => `\`${o.name}\``).join(', ') || t.none;
      throw new UserError(t.noOption(displayName(cmd), escapeMarkup(truncate(key, 32)), list));
    }
  }
  for (const opt of cmd.options) {
    const v = raw[opt.name];
    if (v === undefined || v === null || v === '') {
      if (opt.required) throw new UserError(t.needs(displayName(cmd), opt.name, t.optionDescription(cmd, opt)));
      continue;
    }
    out[opt.name] = convert(opt, v, timeline, t);
  }
  return out;
}

function convert(opt: OptionDef, v: unknown, timeline: Timeline, t: DispatchTexts): ArgValue {
  const name = `\`${opt.name}\``;
  switch (opt.type) {
    case 'integer': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
      if (!Number.isInteger(n)) throw new UserError(t.wholeNumber(name, escapeMarkup(truncate(String(v), 20))));
      if (opt.minValue !== undefined && n < opt.minValue) throw new UserError(t.atLeast(name, opt.minValue, n));
      if (opt.maxValue !== undefined && n > opt.maxValue) throw new UserError(t.atMost(name, opt.maxValue, n));
      return n;
    }
    case 'boolean': {
      if (typeof v === 'boolean') return v;
      const s = String(v).trim().toLowerCase();
      if (['true', 'yes', 'on', '1'].includes(s)) return true;
      if (['false', 'no', 'off', '0'].includes(s)) return false;
      throw new UserError(t.trueFalse(name));
    }
    case 'channel':
    case 'string': {
      if (typeof v !== 'string') throw new UserError(t.text(name));
      let s = v.trim();
      if (opt.maxLength !== undefined && s.length > opt.maxLength) {
        throw new UserError(t.tooLong(name, s.length, opt.maxLength));
      }
      if (opt.minLength !== undefined && s.length < opt.minLength) {
        throw new UserError(t.tooShort(name, opt.minLength));
      }
      const choices = choicesOf(opt, timeline);
      if (choices) {
        const lower = s.toLowerCase();
        const alias = opt.aliases?.[lower];
        const hit = choices.find((c) => String(c.value).toLowerCase() === (alias ?? lower) || c.name.toLowerCase() === lower);
        if (!hit) {
          throw new UserError(t.oneOf(name, choices.map((c) => `\`${c.value}\``).join(', '), escapeMarkup(truncate(s, 40))));
        }
        s = String(hit.value);
      }
      return s;
    }
  }
}

/** The refusal for manage-only subcommands, in the platform's own terms. */
export function deniedMessage(platform: CommandContext['platform']): string {
  return platform === 'slack'
    ? 'Only workspace admins (or users the bot’s operator has listed as digest admins) may use `/nissan-honda digest`. Ask one of them to set up the digest for this channel.'
    : 'Only members who can **Manage Server** may use `/nissan-honda digest`. Ask a server admin to set up the digest for this channel.';
}

/** Run a subcommand. Never throws: every failure becomes an ephemeral error reply. */
export async function runCommand(registry: Registry, req: CommandRequest, ctx: CommandContext): Promise<Reply> {
  const t = registry.texts(ctx);
  const cmd = registry.find(req.group, req.name);
  if (!cmd) {
    const name = [req.group, req.name].filter(Boolean).join(' ');
    return errorReply(t.noSuchCommand(`/${COMMAND_NAME} ${escapeMarkup(truncate(name, 40))}`, ctx.platform === 'discord' || ctx.platform === 'http'), t.errorTitle);
  }
  if (!permitted(cmd, ctx)) return denied(cmd, ctx, t);
  if (cmd.writes && ctx.services.database?.problem({ probe: true })) return storageDown(t);
  try {
    const args = validateArgs(cmd, req.args, ctx.timeline, t);
    return await cmd.run(args, ctx);
  } catch (err) {
    return failure(err, displayName(cmd), t);
  }
}

/** Route a button/action id to its command. Never throws. */
export async function runAction(registry: Registry, actionId: string, ctx: CommandContext): Promise<Reply> {
  const t = registry.texts(ctx);
  const hit = registry.findAction(actionId);
  if (!hit || !hit.command.onAction) return errorReply(t.staleButton, t.errorTitle);
  if (!permitted(hit.command, ctx)) return denied(hit.command, ctx, t);
  if (hit.command.writes && ctx.services.database?.problem({ probe: true })) return storageDown(t);
  try {
    return await hit.command.onAction(hit.state, ctx);
  } catch (err) {
    return failure(err, `button ${truncate(actionId, 40)}`, t);
  }
}

/** Route a submitted form (Reply.modal) to its command, checking the precondition again. Never throws. */
export async function runSubmit(registry: Registry, actionId: string, values: Record<string, string>, ctx: CommandContext): Promise<Reply> {
  const t = registry.texts(ctx);
  const hit = registry.findAction(actionId);
  if (!hit || !hit.command.onSubmit) return errorReply(t.staleForm, t.errorTitle);
  if (!permitted(hit.command, ctx)) return denied(hit.command, ctx, t);
  try {
    return await hit.command.onSubmit(hit.state, values, ctx);
  } catch (err) {
    return failure(err, `form ${truncate(actionId, 40)}`, t);
  }
}

/** Autocomplete choices, ≤ 25, names ≤ 100 chars. Never throws (returns [] on failure). */
export function runAutocomplete(registry: Registry, req: CommandRequest & { focused: string }, ctx: CommandContext): Choice[] {
  const cmd = registry.find(req.group, req.name);
  if (!cmd?.autocomplete) return [];
  if (!permitted(cmd, ctx)) return [];
  try {
    const value = String(req.args[req.focused] ?? '');
    const args = Object.fromEntries(Object.entries(req.args).map(([k, v]) => [k, v as ArgValue]));
    return cmd
      .autocomplete(req.focused, value.slice(0, 200), ctx, args)
      .slice(0, 25)
      .map((c) => ({ name: truncate(c.name, 100), value: typeof c.value === 'string' ? c.value.slice(0, 100) : c.value }));
  } catch (err) {
    log.warn('autocomplete failed', { command: req.name, error: (err as Error).message });
    return [];
  }
}

/** The reason itself goes to the operator log and /healthz, not to the user. */
function storageDown(t: DispatchTexts): Reply {
  return errorReply(t.storageDown, t.storageDownTitle);
}

function failure(err: unknown, where: string, t: DispatchTexts): Reply {
  if (err instanceof UserError) return errorReply(err.message, err.title ?? t.errorTitle);
  log.error(`${where} failed`, { error: (err as Error)?.stack ?? String(err) });
  return errorReply(t.generic, t.genericTitle);
}
