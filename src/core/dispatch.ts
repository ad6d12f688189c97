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

function denied(cmd: Subcommand, ctx: CommandContext): Reply {
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
  constructor(readonly commands: readonly Subcommand[]) {
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
export function validateArgs(cmd: Subcommand, raw: Record<string, unknown>, timeline: Timeline): Args {
  const out: Args = {};
  const known = new Set(cmd.options.map((o) => o.name));
  for (const key of Object.keys(raw)) {
    if (!known.has(key) && raw[key] !== undefined) {
      const list = cmd.options.map((o) => `\`${o.name}\``).join(', ') || 'none';
      throw new UserError(`${displayName(cmd)} has no option \`${escapeMarkup(truncate(key, 32))}\`. Its options: ${list}.`);
    }
  }
  for (const opt of cmd.options) {
    const v = raw[opt.name];
    if (v === undefined || v === null || v === '') {
      if (opt.required) throw new UserError(`${displayName(cmd)} needs \`${opt.name}\`: ${opt.description}`);
      continue;
    }
    out[opt.name] = convert(opt, v, timeline);
  }
  return out;
}

function convert(opt: OptionDef, v: unknown, timeline: Timeline): ArgValue {
  const name = `\`${opt.name}\``;
  switch (opt.type) {
    case 'integer': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
      if (!Number.isInteger(n)) throw new UserError(`${name} must be a whole number (got "${escapeMarkup(truncate(String(v), 20))}").`);
      if (opt.minValue !== undefined && n < opt.minValue) throw new UserError(`${name} must be at least ${opt.minValue} (got ${n}).`);
      if (opt.maxValue !== undefined && n > opt.maxValue) throw new UserError(`${name} can be at most ${opt.maxValue} (got ${n}).`);
      return n;
    }
    case 'boolean': {
      if (typeof v === 'boolean') return v;
      const s = String(v).trim().toLowerCase();
      if (['true', 'yes', 'on', '1'].includes(s)) return true;
      if (['false', 'no', 'off', '0'].includes(s)) return false;
      throw new UserError(`${name} must be true or false.`);
    }
    case 'channel':
    case 'string': {
      if (typeof v !== 'string') throw new UserError(`${name} must be text.`);
      let s = v.trim();
      if (opt.maxLength !== undefined && s.length > opt.maxLength) {
        throw new UserError(`${name} is too long: ${s.length} characters, the limit is ${opt.maxLength}. Please shorten it.`);
      }
      if (opt.minLength !== undefined && s.length < opt.minLength) {
        throw new UserError(`${name} is too short: it needs at least ${opt.minLength} characters.`);
      }
      const choices = choicesOf(opt, timeline);
      if (choices) {
        const lower = s.toLowerCase();
        const alias = opt.aliases?.[lower];
        const hit = choices.find((c) => String(c.value).toLowerCase() === (alias ?? lower) || c.name.toLowerCase() === lower);
        if (!hit) {
          throw new UserError(`${name} must be one of: ${choices.map((c) => `\`${c.value}\``).join(', ')} (got "${escapeMarkup(truncate(s, 40))}").`);
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
  const cmd = registry.find(req.group, req.name);
  if (!cmd) {
    const name = [req.group, req.name].filter(Boolean).join(' ');
    const hint = ctx.platform === 'discord' || ctx.platform === 'http' ? `Pick one from the /${COMMAND_NAME} menu` : `Try \`/${COMMAND_NAME} help\``;
    return errorReply(`There is no \`/${COMMAND_NAME} ${escapeMarkup(truncate(name, 40))}\`. ${hint}, or see \`/${COMMAND_NAME} about\`.`);
  }
  if (!permitted(cmd, ctx)) return denied(cmd, ctx);
  if (cmd.writes && ctx.services.database?.problem({ probe: true })) return storageDown();
  try {
    const args = validateArgs(cmd, req.args, ctx.timeline);
    return await cmd.run(args, ctx);
  } catch (err) {
    return failure(err, displayName(cmd));
  }
}

/** Route a button/action id to its command. Never throws. */
export async function runAction(registry: Registry, actionId: string, ctx: CommandContext): Promise<Reply> {
  const hit = registry.findAction(actionId);
  if (!hit || !hit.command.onAction) return errorReply('This button is no longer recognised. Please run the command again.');
  if (!permitted(hit.command, ctx)) return denied(hit.command, ctx);
  if (hit.command.writes && ctx.services.database?.problem({ probe: true })) return storageDown();
  try {
    return await hit.command.onAction(hit.state, ctx);
  } catch (err) {
    return failure(err, `button ${truncate(actionId, 40)}`);
  }
}

/** Route a submitted form (Reply.modal) to its command, checking the precondition again. Never throws. */
export async function runSubmit(registry: Registry, actionId: string, values: Record<string, string>, ctx: CommandContext): Promise<Reply> {
  const hit = registry.findAction(actionId);
  if (!hit || !hit.command.onSubmit) return errorReply('This form is no longer recognised. Please run the command again.');
  if (!permitted(hit.command, ctx)) return denied(hit.command, ctx);
  try {
    return await hit.command.onSubmit(hit.state, values, ctx);
  } catch (err) {
    return failure(err, `form ${truncate(actionId, 40)}`);
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
function storageDown(): Reply {
  return errorReply('The bot cannot save changes right now, so nothing was changed. Please try again later; the bot’s operator has been alerted.', 'Cannot save changes now');
}

function failure(err: unknown, where: string): Reply {
  if (err instanceof UserError) return errorReply(err.message, err.title);
  log.error(`${where} failed`, { error: (err as Error)?.stack ?? String(err) });
  return errorReply('Something went wrong on our side while answering. It has been logged; please try again in a moment.', 'Something went wrong');
}
