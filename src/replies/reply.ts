/**
 * The platform-neutral reply every command returns. Renderers (Discord embeds, Slack Block Kit,
 * console text, JSON) decide how it looks and enforce their platform's limits; commands never do.
 *
 * Text fields use a small markup subset that every renderer understands:
 *   **bold**, _italic_, `code`, [label](https://url), line breaks, and "• " bullets.
 * Text that came from a user must go through `escapeMarkup` before being put in a reply.
 */

export type Tone = 'official' | 'reported' | 'info' | 'warning' | 'error';

export interface ReplyField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface ReplyButton {
  /** Platform-neutral action id routed back to the command (Discord custom_id / Slack action value). ≤ 100 chars. */
  action: string;
  label: string;
  disabled?: boolean;
  style?: 'primary' | 'secondary';
}

export interface Reply {
  title?: string;
  /** Link for the title (e.g. the event's main source). */
  url?: string;
  body?: string;
  fields?: ReplyField[];
  footer?: string;
  tone?: Tone;
  buttons?: ReplyButton[];
  /** Only the asker sees it (errors, admin previews). */
  ephemeral?: boolean;
  /** Structured data for JSON consumers and tests (ids, figures, citations). Never rendered as text. */
  data?: Record<string, unknown>;
}

/** A reply that reports a problem with the user's request: ephemeral, polite, specific. */
export function errorReply(message: string, title = 'Sorry — I can’t do that'): Reply {
  return { title, body: message, tone: 'error', ephemeral: true };
}

/** Neutralise markup and mentions in user-supplied text before echoing it back. */
export function escapeMarkup(text: string): string {
  return text
    .replace(/[\\*_`~|>\[\]()#]/g, (c) => `\\${c}`)
    .replace(/@/g, '@\u200b')
    .replace(/<(?=[@#!&:a-z])/gi, '<\u200b');
}

/**
 * Trim to at most `max` characters, marking the cut with an ellipsis. Markup-aware: never leaves half a
 * `[label](url)` link, an unclosed `**`/`` ` `` or a dangling escape, so every renderer still shows valid text.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  // A link cut anywhere between its "[" and its closing ")" is dropped whole.
  const open = cut.lastIndexOf('[');
  if (open >= 0 && !/\]\([^)\s]*\)/.test(cut.slice(open))) {
    cut = cut.slice(0, open);
  }
  if ((cut.match(/\*\*/g) ?? []).length % 2) cut = cut.slice(0, cut.lastIndexOf('**'));
  if ((cut.match(/`/g) ?? []).length % 2) cut = cut.slice(0, cut.lastIndexOf('`'));
  cut = cut.replace(/\\$/, '');
  return cut.trimEnd() + '…';
}
