/**
 * Discord renderer: a platform-neutral Reply as one embed plus button rows, always inside Discord's
 * limits (anchors.md §2.2). It decides how a reply looks on Discord, never what it says.
 *
 * The result is plain API JSON (no discord.js builders), so the same object works for
 * `interaction.reply()/update()/editReply()` in discord.js and — through `toApiMessageBody()` —
 * for raw REST posts and the HTTP-interactions endpoint.
 *
 * Limits enforced: title 256, description 4096, ≤ 25 fields (name 256, value 1024), footer 2048,
 * whole embed ≤ 6000 characters (fields are cut from the end with a "…more" note rather than
 * breaking), ≤ 5 rows of ≤ 5 buttons, custom_id 1–100 characters and unique, label ≤ 80.
 */
import { cutMarkdown, cutPlain, repairTail } from '../../replies/reply.js';
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { Reply, ReplyButton, Tone } from '../../replies/reply.js';
import { markupToText } from '../../replies/plain-text.js';
import { log } from '../../logger.js';

/** Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  embeds: 10,
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
} as const;

/** MessageFlags.Ephemeral (1 << 6); a literal so this module needs no discord.js at runtime. */
export const EPHEMERAL_FLAG = 64;
const COMPONENT_ACTION_ROW = 1;
const COMPONENT_BUTTON = 2;
const BUTTON_PRIMARY = 1;
const BUTTON_SECONDARY = 2;

/** Embed colour by tone. */
export const TONE_COLORS: Record<Tone, number> = {
  official: 0x2e8b57, // green: confirmed by the companies
  reported: 0xe6a23c, // amber: press reports
  info: 0x5865f2, // Discord blurple
  warning: 0xf08c00, // orange
  error: 0xed4245, // Discord red
};

export type DiscordButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** A file sent with a message (discord.js `files` entry; REST `files` for @discordjs/rest). */
export interface DiscordFile {
  name: string;
  data: Buffer;
  /** Alt text (Discord's attachment description, ≤ 1024). */
  description?: string;
}

/** A message in discord.js option shape (`allowedMentions`), usable for reply/update/editReply/followUp/send. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: DiscordButtonRow[];
  /** The reply's image, shown in the embed through `attachment://<name>`. */
  files?: { attachment: Buffer; name: string; description?: string }[];
  /** MessageFlags.Ephemeral (64) when only the asker should see it. */
  flags?: number;
  allowedMentions: { parse: [] };
}

/** The same message in raw API shape (`allowed_mentions`) for REST posts and interaction callbacks. */
export interface DiscordApiMessageBody {
  content?: string;
  embeds: APIEmbed[];
  components: DiscordButtonRow[];
  flags?: number;
  allowed_mentions: { parse: [] };
}

const MORE = '…more';

/** Markup subset → Discord markdown. `**bold**`, `_italic_`, `` `code` ``, `[label](url)` are already Discord markdown. */
function markdown(s: string): string {
  const text = s.replace(/\r\n?/g, '\n').trim();
  // Text someone already cut ("…" at the end) may end inside a link or a bold span: drop that dangling part.
  return text.endsWith('…') ? `${repairTail(text.slice(0, -1))}…` : text;
}

/** For places where Discord does not render masked links (title, field names): keep the label. */
function withoutLinks(s: string): string {
  return markdown(s).replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1');
}

/** Characters Discord counts towards the 6000 total. */
export function embedLength(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

function buildEmbed(reply: Reply): APIEmbed {
  const L = DISCORD_LIMITS;
  const embed: APIEmbed = { color: TONE_COLORS[reply.tone ?? 'info'] };
  const title = reply.title ? cutMarkdown(withoutLinks(reply.title), L.title) : '';
  if (title) embed.title = title;
  if (title && reply.url && /^https?:\/\//.test(reply.url) && reply.url.length <= 2048) embed.url = reply.url;
  const description = reply.body ? cutMarkdown(markdown(reply.body), L.description) : '';
  if (description) embed.description = description;

  let fields: APIEmbedField[] = (reply.fields ?? [])
    .map((f) => ({
      name: cutMarkdown(withoutLinks(f.name), L.fieldName) || '\u200b',
      value: cutMarkdown(markdown(f.value), L.fieldValue) || '\u200b',
      ...(f.inline ? { inline: true } : {}),
    }));
  let dropped = 0;
  if (fields.length > L.fields) {
    dropped = fields.length - (L.fields - 1);
    fields = fields.slice(0, L.fields - 1);
  }
  let footer = reply.footer ? cutPlain(markupToText(reply.footer).trim(), L.footer) : '';

  const moreField = (n: number): APIEmbedField => ({ name: MORE, value: `${n} more section${n === 1 ? '' : 's'} did not fit in this message.` });
  const assemble = (): APIEmbed => {
    const e: APIEmbed = { ...embed };
    const all = dropped ? [...fields, moreField(dropped)] : fields;
    if (all.length) e.fields = all;
    if (footer) e.footer = { text: footer };
    return e;
  };

  let out = assemble();
  // Whole embed ≤ 6000: cut fields from the end first, then the description, then the footer.
  while (embedLength(out) > L.embedTotal && fields.length) {
    fields = fields.slice(0, -1);
    dropped++;
    out = assemble();
  }
  // Then the footer (least important), keeping at least a short start of it, then the description.
  if (embedLength(out) > L.embedTotal && footer.length > 200) {
    const over = embedLength(out) - L.embedTotal;
    footer = cutPlain(footer, Math.max(200, footer.length - over));
    out = assemble();
  }
  if (embedLength(out) > L.embedTotal && embed.description) {
    const over = embedLength(out) - L.embedTotal;
    embed.description = cutMarkdown(embed.description, Math.max(1, embed.description.length - over - 1));
    out = assemble();
  }
  if (!out.title && !out.description && !out.fields?.length) out.description = '\u200b';
  return out;
}

function buildRows(buttons: ReplyButton[] | undefined): DiscordButtonRow[] {
  const L = DISCORD_LIMITS;
  const seen = new Set<string>();
  const usable: APIButtonComponentWithCustomId[] = [];
  for (const b of buttons ?? []) {
    let id = b.action;
    if (!id || id.length > L.customId) {
      log.warn('discord: button dropped, its action id is empty or longer than 100 characters', { action: id.slice(0, 120) });
      continue;
    }
    if (seen.has(id)) {
      // custom_id must be unique within a message. A disabled duplicate is never clicked, so it may be renamed.
      if (!b.disabled) continue;
      let n = 2;
      while (seen.has(`${id.slice(0, L.customId - 4)}~${n}`)) n++;
      id = `${id.slice(0, L.customId - 4)}~${n}`;
    }
    seen.add(id);
    usable.push({
      type: COMPONENT_BUTTON,
      custom_id: id,
      label: cutPlain(markupToText(b.label).trim(), L.buttonLabel) || '…',
      style: b.style === 'primary' ? BUTTON_PRIMARY : BUTTON_SECONDARY,
      ...(b.disabled ? { disabled: true } : {}),
    });
  }
  const max = L.rows * L.buttonsPerRow;
  if (usable.length > max) {
    log.warn('discord: too many buttons, extra ones dropped', { buttons: usable.length, max });
    usable.length = max;
  }
  const rows: DiscordButtonRow[] = [];
  for (let i = 0; i < usable.length; i += L.buttonsPerRow) {
    rows.push({ type: COMPONENT_ACTION_ROW, components: usable.slice(i, i + L.buttonsPerRow) });
  }
  return rows;
}

/** A Reply as a Discord message (discord.js option shape). Never pings anyone. */
export function toDiscordMessage(reply: Reply): DiscordMessage {
  const msg: DiscordMessage = {
    embeds: [buildEmbed(reply)],
    components: buildRows(reply.buttons),
    allowedMentions: { parse: [] },
  };
  if (reply.ephemeral) msg.flags = EPHEMERAL_FLAG;
  const file = imageFile(reply);
  if (file) {
    msg.embeds[0].image = { url: `attachment://${file.name}` };
    msg.files = [{ attachment: file.data, name: file.name, description: file.description }];
  }
  return msg;
}

/** The reply's image as a file to upload with the message, if it has one. */
export function imageFile(reply: Reply): DiscordFile | undefined {
  if (!reply.image) return undefined;
  const name = reply.image.name.replace(/[^a-z0-9._-]/gi, '-') || 'image.png';
  return { name, data: Buffer.from(reply.image.data), description: reply.image.alt.slice(0, 1024) };
}

/** The same message as a raw API body (`allowed_mentions`), for REST posts and HTTP interaction responses. */
export function toApiMessageBody(msg: DiscordMessage): DiscordApiMessageBody {
  // files travel beside the JSON (multipart), never inside it: see imageFile
  const { allowedMentions, files: _files, ...rest } = msg;
  return { ...rest, allowed_mentions: allowedMentions };
}

/** Shortcut: a Reply straight to a raw API body. */
export function toDiscordApiMessage(reply: Reply): DiscordApiMessageBody {
  return toApiMessageBody(toDiscordMessage(reply));
}
