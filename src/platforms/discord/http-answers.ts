/**
 * Answers to each interaction type arriving over HTTP, one function per type (discord-api-types' enums), and the
 * deferral they share: answer inline when the work is quick, otherwise defer and edit `@original` later through REST.
 */
import { REST, Routes } from 'discord.js';
import { InteractionResponseType, InteractionType, type APIInteraction } from 'discord-api-types/v10';
import { COMMAND_NAME, type CommandContext } from '../../core/command.js';
import { permitted, runAction, runAutocomplete, runCommand, runSubmit, type Registry } from '../../core/dispatch.js';
import { errorReply, type Reply } from '../../replies/reply.js';
import { log } from '../../logger.js';
import type { HttpReply, Exchange } from '../http/front.js';
import { EPHEMERAL_FLAG, toDiscordApiMessage } from './render.js';
import { autocompleteRequestFromData, commandRequestFromData, deferEphemeral } from './interaction.js';
import { toDiscordModal, valuesFromModalSubmit } from './modal.js';

/** What every answer needs: the dispatcher, a context builder, the REST client for deferred edits, and their bookkeeping. */
export interface AnswerKit {
  registry: Registry;
  contextFor(interaction: APIInteraction): CommandContext;
  rest: REST;
  applicationId: string;
  /** Defer when an answer is not ready after this long. */
  deferAfterMs: number;
  /** A deferred answer's REST calls give up after this long (Discord keeps the token 15 minutes). */
  deferredBudgetMs: number;
  /** Registers deferred work so that stop() can wait for it. */
  track(p: Promise<void>): void;
}

interface Deferral {
  interaction: APIInteraction;
  ex: Exchange;
  work: () => Promise<Reply>;
  inline: (reply: Reply) => HttpReply;
  deferral: HttpReply;
  /** The deferral shows a private placeholder (so a private answer can edit it in place). */
  placeholderIsPrivate: boolean;
  /** Defer at once, without waiting deferAfterMs. */
  slow: boolean;
  what: string;
}

const message = (reply: Reply): HttpReply => ({ status: 200, body: { type: InteractionResponseType.ChannelMessageWithSource, data: toDiscordApiMessage(reply) } });

/**
 * Finish a deferred interaction: edit `@original` (the placeholder, or the message a button sits on). An error (or
 * any private answer) under a public placeholder replaces it privately: the placeholder is deleted (commands only)
 * and the answer goes out as an ephemeral follow-up. Retries on 429/5xx are @discordjs/rest's, cut off after the
 * budget; a failure is logged once, never thrown.
 */
async function finishDeferred(kit: AnswerKit, d: Deferral, reply: Reply): Promise<void> {
  const { flags: _flags, ...edit } = toDiscordApiMessage(reply);
  const { token } = d.interaction;
  const signal = AbortSignal.timeout(kit.deferredBudgetMs);
  try {
    if (reply.ephemeral && !d.placeholderIsPrivate) {
      if (d.interaction.type === InteractionType.ApplicationCommand) {
        await kit.rest
          .delete(Routes.webhookMessage(kit.applicationId, token, '@original'), { auth: false, signal })
          .catch((err: Error) => log.warn('discord http: could not remove the placeholder', { what: d.what, error: err.message }));
      }
      await kit.rest.post(Routes.webhook(kit.applicationId, token), { body: { ...edit, flags: EPHEMERAL_FLAG }, auth: false, signal });
      return;
    }
    await kit.rest.patch(Routes.webhookMessage(kit.applicationId, token, '@original'), { body: edit, auth: false, signal });
  } catch (err) {
    const e = err as { status?: number; code?: unknown; message?: string };
    const gaveUp = signal.aborted;
    log.error(gaveUp ? 'discord http: gave up sending the deferred answer' : 'discord http: could not send the deferred answer', {
      what: d.what,
      status: e.status,
      code: e.code,
      error: gaveUp ? `no success within ${kit.deferredBudgetMs} ms` : e.message,
    });
  }
}

/** HttpReply inline when the work finishes within deferAfterMs (or at once when `slow`), else defer now and edit later. */
async function answerOrDefer(kit: AnswerKit, d: Deferral): Promise<HttpReply> {
  const job = d.work();
  if (!d.slow) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      // The budget counts from the request's arrival (reading and verifying it took some of it).
      timer = setTimeout(() => resolve('late'), Math.max(0, kit.deferAfterMs - (performance.now() - d.ex.receivedAt)));
    });
    const first = await Promise.race([job, late]);
    clearTimeout(timer);
    if (first !== 'late') return d.inline(first);
  }
  // Edit only after the deferral has been written back to Discord (an edit before it would 404).
  kit.track(
    Promise.all([job, d.ex.sent])
      .then(([reply]) => finishDeferred(kit, d, reply))
      .catch((err: unknown) => log.error('discord http: deferred work failed', { what: d.what, error: (err as Error)?.message ?? String(err) })),
  );
  return d.deferral;
}

export function answerCommand(kit: AnswerKit, interaction: APIInteraction, ex: Exchange): Promise<HttpReply> | HttpReply {
  const data = interaction.data as { name?: string; options?: unknown } | undefined;
  const ctx = kit.contextFor(interaction);
  if (data?.name !== COMMAND_NAME) return message(errorReply(`This bot only answers \`/${COMMAND_NAME}\`.`));
  const req = commandRequestFromData(data as Parameters<typeof commandRequestFromData>[0]);
  const cmd = kit.registry.find(req.group, req.name);
  const ephemeralDefer = deferEphemeral(req);
  return answerOrDefer(kit, {
    interaction,
    ex,
    work: () => runCommand(kit.registry, req, ctx),
    inline: message,
    deferral: {
      status: 200,
      body: { type: InteractionResponseType.DeferredChannelMessageWithSource, ...(ephemeralDefer ? { data: { flags: EPHEMERAL_FLAG } } : {}) },
    },
    placeholderIsPrivate: ephemeralDefer,
    // A precondition failure is instant and must stay ephemeral: never defer it.
    slow: !!cmd?.slow && permitted(cmd, ctx),
    what: `/${COMMAND_NAME} ${[req.group, req.name].filter(Boolean).join(' ')}`,
  });
}

export function answerComponent(kit: AnswerKit, interaction: APIInteraction, ex: Exchange): Promise<HttpReply> {
  const data = interaction.data as { custom_id?: unknown } | undefined;
  const customId = typeof data?.custom_id === 'string' ? data.custom_id : '';
  const ctx = kit.contextFor(interaction);
  return answerOrDefer(kit, {
    interaction,
    ex,
    work: () => runAction(kit.registry, customId, ctx),
    // Errors go to the clicker only (a new ephemeral message); a form opens; anything else updates the message in
    // place (a private page of a private message, e.g. the curators' queue, too).
    inline: (reply) => {
      if (reply.modal) return { status: 200, body: { type: InteractionResponseType.Modal, data: toDiscordModal(reply.modal) } };
      const onPrivate = ((interaction.message?.flags ?? 0) & EPHEMERAL_FLAG) !== 0 && reply.tone !== 'error';
      if (reply.ephemeral && !onPrivate) return message(reply);
      const { flags: _flags, ...data } = toDiscordApiMessage(reply);
      return { status: 200, body: { type: InteractionResponseType.UpdateMessage, data } };
    },
    deferral: { status: 200, body: { type: InteractionResponseType.DeferredMessageUpdate } },
    placeholderIsPrivate: false,
    slow: false,
    what: `button ${customId.slice(0, 40)}`,
  });
}

export function answerAutocomplete(kit: AnswerKit, interaction: APIInteraction): HttpReply {
  const data = interaction.data as Parameters<typeof autocompleteRequestFromData>[0] | undefined;
  const choices = runAutocomplete(kit.registry, autocompleteRequestFromData(data ?? {}), kit.contextFor(interaction));
  return { status: 200, body: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } } };
}

export async function answerModal(kit: AnswerKit, interaction: APIInteraction): Promise<HttpReply> {
  const data = interaction.data as { custom_id?: unknown; components?: Parameters<typeof valuesFromModalSubmit>[0] } | undefined;
  const customId = typeof data?.custom_id === 'string' ? data.custom_id : '';
  const reply = await runSubmit(kit.registry, customId, valuesFromModalSubmit(data?.components), kit.contextFor(interaction));
  return { status: 200, body: { type: InteractionResponseType.ChannelMessageWithSource, data: { ...toDiscordApiMessage(reply), flags: EPHEMERAL_FLAG } } };
}

/** A signed body whose shape the option walker cannot read (Discord never sends one): a polite answer. */
export function answerUnreadable(interaction: APIInteraction): HttpReply {
  return interaction.type === InteractionType.ApplicationCommandAutocomplete
    ? { status: 200, body: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } } }
    : message(errorReply('This request could not be read. Please run the command again.'));
}
