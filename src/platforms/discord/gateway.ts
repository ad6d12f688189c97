/**
 * Discord over the gateway: the real discord.js Client (Guilds intent only, small caches) answering
 * `/nissan-honda` interactions through the core dispatcher. This file decides how and when to
 * answer on Discord (reply, defer, update, ephemeral) — never what to say.
 */
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Options,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { runSubmit } from '../../core/dispatch.js';
import { toDiscordModal, valuesFromModalSubmit } from './modal.js';
import type { Services } from '../../core/command.js';
import { COMMAND_NAME } from '../../core/command.js';
import { runAction, runAutocomplete, runCommand, type Registry } from '../../core/dispatch.js';
import { errorReply, type Reply } from '../../replies/reply.js';
import type { TimelineStore } from '../../timeline/store.js';
import { log } from '../../logger.js';
import { toDiscordMessage, type DiscordMessage } from './render.js';
import { buildContext, DEFER_AFTER_MS, deferEphemeral, requestFromOptions, resolvedChannelsOf, type OptionLike } from './interaction.js';

export interface DiscordGatewayOptions {
  token: string;
  /** REST base URL (discord.js `rest.api`), e.g. a proxy or a test server. Default: Discord's. */
  apiUrl?: string;
  store: TimelineStore;
  registry: Registry;
  services?: Services;
  now?: () => Date;
  /** Defer when a command has not answered within this many ms (default 1500; Discord's deadline is 3 s). */
  deferAfterMs?: number;
}

export interface DiscordGateway {
  client: Client;
  stop(): Promise<void>;
}

/** Discord error codes that mean the interaction can no longer be answered. */
const EXPIRED_CODES = new Set([10062 /* Unknown interaction */, 40060 /* already acknowledged */, 10008 /* Unknown Message */]);

function describe(err: unknown): Record<string, unknown> {
  const e = err as { code?: unknown; status?: unknown; message?: string; stack?: string };
  return { code: e?.code, status: e?.status, error: e?.message ?? String(err) };
}

function logFailure(what: string, interaction: Interaction, err: unknown): void {
  const code = (err as { code?: unknown })?.code;
  const fields = { ...describe(err), interaction: interaction.id, guild: interaction.guildId ?? undefined };
  if (typeof code === 'number' && EXPIRED_CODES.has(code)) log.warn(`discord: ${what}: the interaction expired or was already answered`, fields);
  else log.error(`discord: ${what} failed`, fields);
}

/** discord.js edit/update options do not take the Ephemeral flag. */
function withoutFlags(msg: DiscordMessage): Omit<DiscordMessage, 'flags'> {
  const { flags: _flags, ...rest } = msg;
  return rest;
}

function ephemeral(msg: DiscordMessage): DiscordMessage & { flags: number } {
  return { ...msg, flags: MessageFlags.Ephemeral };
}

/** Resolve with the work's result, or with `undefined` when it is still running after `ms`. */
async function within<T>(work: Promise<T>, ms: number): Promise<{ value: T } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work.then((value) => ({ value })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A guild member's role ids, whether discord.js holds the member or only the raw API member. */
function memberRoles(interaction: Interaction): string[] | undefined {
  const roles = (interaction.member as { roles?: unknown } | null)?.roles;
  if (Array.isArray(roles)) return roles.map(String);
  const cache = (roles as { cache?: Map<string, unknown> } | undefined)?.cache;
  return cache ? [...cache.keys()] : undefined;
}

export async function startDiscordGateway(opts: DiscordGatewayOptions): Promise<DiscordGateway> {
  const now = opts.now ?? (() => new Date());
  const deferAfter = opts.deferAfterMs ?? DEFER_AFTER_MS;
  const services: Services = { store: opts.store, ...opts.services };

  const isSelf = (x: { id: string; client: Client }) => x.id === x.client.user?.id;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // The bot reads nothing but interactions: keep guilds, channels and roles (needed for permissions),
    // and nothing else.
    makeCache: Options.cacheWithLimits({
      ApplicationCommandManager: 0,
      ApplicationEmojiManager: 0,
      AutoModerationRuleManager: 0,
      BaseGuildEmojiManager: 0,
      DMMessageManager: 0,
      EntitlementManager: 0,
      GuildBanManager: 0,
      GuildEmojiManager: 0,
      GuildForumThreadManager: 0,
      GuildInviteManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: isSelf },
      GuildMessageManager: 0,
      GuildScheduledEventManager: 0,
      GuildStickerManager: 0,
      GuildTextThreadManager: 0,
      MessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      StageInstanceManager: 0,
      ThreadManager: 0,
      ThreadMemberManager: 0,
      UserManager: { maxSize: 0, keepOverLimit: isSelf },
      VoiceStateManager: 0,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      messages: { interval: 3600, lifetime: 1800 },
      users: { interval: 3600, filter: () => (user) => !isSelf(user) },
    },
    rest: opts.apiUrl ? { api: opts.apiUrl } : {},
    allowedMentions: { parse: [] },
  });

  const contextFor = (interaction: Interaction) =>
    buildContext({
      timeline: opts.store.current,
      now: now(),
      services,
      userId: interaction.user.id,
      userName: interaction.user.globalName ?? interaction.user.username,
      permissions: interaction.memberPermissions?.bitfield ?? null,
      roles: memberRoles(interaction),
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      locale: interaction.locale,
      guildLocale: interaction.guildLocale,
      resolvedChannels: resolvedChannelsOf(interaction.isChatInputCommand() ? interaction.options.resolved : undefined),
    });

  async function onChatInput(interaction: ChatInputCommandInteraction): Promise<void> {
    const started = performance.now();
    if (interaction.commandName !== COMMAND_NAME) {
      await interaction.reply(toDiscordMessage(errorReply(`This bot only answers \`/${COMMAND_NAME}\`.`)));
      return;
    }
    const req = requestFromOptions(interaction.options.data as readonly OptionLike[]);
    delete req.focused;
    const ctx = contextFor(interaction);
    const cmd = opts.registry.find(req.group, req.name);
    const work = runCommand(opts.registry, req, ctx);
    const privateDefer = deferEphemeral(req);

    if (!cmd?.slow) {
      const done = await within(work, deferAfter);
      if (done) {
        await interaction.reply(toDiscordMessage(done.value));
        log.debug('discord: answered', { command: req.name, group: req.group, ms: Math.round(performance.now() - started) });
        return;
      }
    }
    await interaction.deferReply(privateDefer ? { flags: MessageFlags.Ephemeral } : {});
    const reply = await work;
    await finishDeferred(interaction, reply, privateDefer);
    log.debug('discord: answered after defer', { command: req.name, group: req.group, ms: Math.round(performance.now() - started) });
  }

  /** After a defer: edit the placeholder, or — for an error/ephemeral answer under a public placeholder — replace it privately. */
  async function finishDeferred(interaction: ChatInputCommandInteraction | ButtonInteraction, reply: Reply, placeholderIsPrivate: boolean): Promise<void> {
    const msg = toDiscordMessage(reply);
    if (reply.ephemeral && !placeholderIsPrivate) {
      if (interaction.isChatInputCommand()) await interaction.deleteReply().catch((err) => logFailure('removing the placeholder', interaction, err));
      await interaction.followUp(ephemeral(msg));
      return;
    }
    await interaction.editReply(withoutFlags(msg));
  }

  async function onButton(interaction: ButtonInteraction): Promise<void> {
    const started = performance.now();
    const ctx = contextFor(interaction);
    const work = runAction(opts.registry, interaction.customId, ctx);
    const done = await within(work, deferAfter);
    if (done?.value.modal) {
      await interaction.showModal(toDiscordModal(done.value.modal));
      return;
    }
    if (done) {
      const reply = done.value;
      const msg = toDiscordMessage(reply);
      // An error (or any private answer) must not replace the public message the button sits on.
      // (a private page of a private message, e.g. the curators' queue, replaces it in place)
      const onPrivate = interaction.message.flags.has(MessageFlags.Ephemeral) && reply.tone !== 'error';
      if (reply.ephemeral && !onPrivate) await interaction.reply(ephemeral(msg));
      else await interaction.update(withoutFlags(msg));
    } else {
      await interaction.deferUpdate();
      await finishDeferred(interaction, await work, false);
    }
    log.debug('discord: button answered', { action: interaction.customId.slice(0, 40), ms: Math.round(performance.now() - started) });
  }

  async function onModalSubmit(interaction: ModalSubmitInteraction): Promise<void> {
    const values = valuesFromModalSubmit(
      [...interaction.fields.fields.values()].map((f) => {
        const x = f as { customId: string; value?: unknown; values?: unknown };
        return { custom_id: x.customId, value: x.value, values: x.values };
      }),
    );
    const reply = await runSubmit(opts.registry, interaction.customId, values, contextFor(interaction));
    await interaction.reply(ephemeral(toDiscordMessage(reply)));
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    let choices: { name: string; value: string | number }[] = [];
    try {
      if (interaction.commandName === COMMAND_NAME) {
        const req = requestFromOptions(interaction.options.data as readonly OptionLike[]);
        choices = runAutocomplete(opts.registry, { ...req, focused: req.focused ?? '' }, contextFor(interaction));
      }
    } catch (err) {
      log.warn('discord: autocomplete failed', describe(err));
      choices = [];
    }
    await interaction.respond(choices);
  }

  client.on(Events.InteractionCreate, (interaction) => {
    const handle = async () => {
      if (interaction.isChatInputCommand()) return onChatInput(interaction);
      if (interaction.isAutocomplete()) return onAutocomplete(interaction);
      if (interaction.isButton()) return onButton(interaction);
      if (interaction.isModalSubmit()) return onModalSubmit(interaction);
      log.debug('discord: ignored interaction', { type: interaction.type });
    };
    handle().catch(async (err) => {
      logFailure('answering an interaction', interaction, err);
      // Last resort: tell the user privately, if the interaction can still be answered.
      const code = (err as { code?: unknown })?.code;
      const expired = typeof code === 'number' && EXPIRED_CODES.has(code);
      if (!expired && (interaction.isChatInputCommand() || interaction.isButton())) {
        try {
          const t = opts.registry.texts(contextFor(interaction));
          const sorry = ephemeral(toDiscordMessage(errorReply(t.sendFailed, t.genericTitle)));
          if (interaction.deferred || interaction.replied) await interaction.followUp(sorry);
          else await interaction.reply(sorry);
        } catch (e) {
          log.debug('discord: could not report the failure to the user', describe(e));
        }
      }
    });
  });

  client.on(Events.Error, (err) => log.error('discord: client error', describe(err)));
  client.on(Events.Warn, (message) => log.warn('discord: client warning', { message }));
  client.on(Events.ShardDisconnect, (event, shardId) => log.warn('discord: gateway disconnected', { shard: shardId, code: event.code }));
  client.on(Events.ShardReconnecting, (shardId) => {
    if (!stopped) log.info('discord: reconnecting to the gateway', { shard: shardId });
  });
  client.on(Events.ShardResume, (shardId, replayed) => log.info('discord: gateway session resumed', { shard: shardId, replayed }));
  client.on(Events.ShardError, (err, shardId) => log.error('discord: gateway error', { shard: shardId, ...describe(err) }));

  let stopped = false;
  const started = performance.now();
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(opts.token);
    const c = await ready;
    log.info(`connected to Discord as ${c.user.tag} in ${c.guilds.cache.size} server${c.guilds.cache.size === 1 ? '' : 's'}`, {
      ms: Math.round(performance.now() - started),
    });
  } catch (err) {
    await client.destroy().catch(() => undefined);
    throw err;
  }

  return {
    client,
    async stop() {
      if (stopped) return;
      stopped = true;
      await client.destroy();
      log.info('disconnected from Discord');
    },
  };
}
