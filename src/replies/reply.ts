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

/** One field of a form. `choices`: the values allowed (Slack shows a menu; Discord a text box naming them). */
export interface ModalField {
  id: string;
  /** ≤ 45 characters (Discord's limit). */
  label: string;
  value?: string;
  style?: 'short' | 'paragraph';
  required?: boolean;
  maxLength?: number;
  placeholder?: string;
  choices?: string[];
  /** Several choices may be picked (submitted comma-separated). */
  multiple?: boolean;
}

/** A form shown instead of a message (Discord modal, Slack view). Its submission goes to the command's onSubmit. */
export interface ReplyModal {
  /** Routed like a button action: `${actionPrefix}:…`, ≤ 100 chars. */
  action: string;
  /** ≤ 45 characters. */
  title: string;
  /** ≤ 5 fields (Discord's limit). */
  fields: ModalField[];
  submitLabel?: string;
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
  /** Show this form instead of a message (only in answer to a button). */
  modal?: ReplyModal;
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

/** Drop a dangling, half-cut construct at the end of a truncated text: an open link or an odd `**`/`` ` ``. */
export function repairTail(s: string): string {
  let out = s;
  // "[label](http…" or "[label" cut before its end.
  const open = out.lastIndexOf('[');
  if (open >= 0 && !/\[[^\]]*\]\([^)\s]*\)/.test(out.slice(open))) {
    const before = out.slice(0, open);
    if (!before.endsWith('\\')) out = before;
  }
  if ((out.match(/\*\*/g)?.length ?? 0) % 2 === 1) out = out.slice(0, out.lastIndexOf('**'));
  if ((out.replace(/\\`/g, '').match(/`/g)?.length ?? 0) % 2 === 1) out = out.slice(0, out.lastIndexOf('`'));
  return out.replace(/[\s\\]+$/, '');
}

/**
 * Cut markdown to at most `max` characters, preferring a line break, then a word boundary, and
 * never leaving a half link or an unclosed bold/code span. Marks the cut with "…".
 */
export function cutMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  const budget = max - 1;
  let cut = text.slice(0, budget);
  const nl = cut.lastIndexOf('\n');
  if (nl >= budget * 0.6) cut = cut.slice(0, nl);
  else {
    const sp = cut.lastIndexOf(' ');
    if (sp >= budget * 0.6) cut = cut.slice(0, sp);
  }
  cut = repairTail(cut);
  return `${cut}…`;
}

/** Cut plain text (no markup) at a word boundary, marking the cut with "…". */
export function cutPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  const budget = max - 1;
  let cut = text.slice(0, budget);
  const sp = cut.lastIndexOf(' ');
  if (sp >= budget * 0.6) cut = cut.slice(0, sp);
  return `${cut.trimEnd()}…`;
}

/** Trim to at most `max` characters (markup-aware, see cutMarkdown). */
export const truncate = cutMarkdown;
