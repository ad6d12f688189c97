/**
 * Slack renderer: a platform-neutral Reply as a Block Kit message, always inside Slack's limits
 * (anchors.md §3). It decides how a reply looks on Slack, never what it says.
 *
 *   title   → header block (plain text ≤ 150), or a bold linked section when the reply has a url
 *   body    → section blocks (mrkdwn ≤ 3000 each, split on paragraph/line boundaries, never inside a link)
 *   fields  → consecutive inline fields as one section's `fields` (≤ 10 × 2000); other fields as sections
 *   footer  → a context block
 *   buttons → one actions block; Slack buttons cannot be disabled, so disabled buttons are left out.
 *             The platform-neutral action id travels in the button's `value` (≤ 2000), the block's
 *             `action_id` is `nh:btn:<n>` (unique within the message).
 *   share   → a "Share in channel" button (`nh:share`) on ephemeral answers that are not errors.
 *
 * Safety: every mrkdwn text object is `verbatim: true` (Slack does not auto-link or auto-mention),
 * text outside links has `&`, `<`, `>` escaped (so no `<!channel>`, `<!here>`, `<!everyone>`, `<@U…>`,
 * `<!subteam^…>` or `<!date…>` can be formed from data or user text), and the bare words
 * `@channel`, `@here`, `@everyone` get a zero-width space after the `@`. The one sequence kept is a
 * channel link `<#C…>` (digest replies name their channel that way; it notifies nobody).
 *
 * Limits enforced: ≤ 50 blocks, section text ≤ 3000, header ≤ 150, section fields ≤ 10 × 2000,
 * context ≤ 10 elements, actions ≤ 25 elements, button text ≤ 75, value ≤ 2000, action_id ≤ 255,
 * and a total text budget per message (Slack rejects long block sets with `msg_blocks_too_long` at
 * about 12,000 characters even though no limit is documented: bolt-js#2509, #2867).
 */
import type { types } from '@slack/bolt';
import { cutPlain, type Reply } from '../../replies/reply.js';
import { markupToText } from '../../replies/plain-text.js';

type ActionsBlock = types.ActionsBlock;
type Button = types.Button;
type ContextBlock = types.ContextBlock;
type HeaderBlock = types.HeaderBlock;
type KnownBlock = types.KnownBlock;
type MrkdwnElement = types.MrkdwnElement;
type SectionBlock = types.SectionBlock;

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  actionValue: 2000,
  actionId: 255,
  blockId: 255,
  /** Our own cap on all block text together (the undocumented server limit is about 12,000). */
  totalText: 10_000,
  /** Our own cap on the fallback `text` (used for notifications; Slack truncates at 40,000). */
  fallbackText: 1000,
} as const;

/** action_id prefix of reply buttons; the action itself is in the button's value. */
export const BUTTON_ACTION_PREFIX = 'nh:btn:';
export const BUTTON_ACTION_RE = /^nh:btn:\d+$/;
/** action_id of the "Share in channel" button. */
export const SHARE_ACTION_ID = 'nh:share';
export const SHARE_LABEL = 'Share in channel';

export interface SlackMessage {
  /** Fallback text for notifications and clients that cannot show blocks. Always set, never empty. */
  text: string;
  blocks: KnownBlock[];
  response_type?: 'ephemeral' | 'in_channel';
}

export interface RenderOptions {
  /** Set on messages sent through `respond()`. */
  responseType?: 'ephemeral' | 'in_channel';
  /** Value of a "Share in channel" button (≤ 2000). Shown only on ephemeral, non-error answers. */
  share?: string;
  /** On a shared (in-channel) copy: who shared it (a Slack user id), shown in a context line. */
  sharedBy?: string;
  /** Leave the reply's own buttons out (shared snapshots: nobody pages a message everyone sees). */
  withoutButtons?: boolean;
}

const ZWSP = '\u200b';

/** Escape text for Slack mrkdwn: `&`, `<`, `>` as entities, and no bare broadcast words. */
export function escapeMrkdwn(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, `@${ZWSP}$1`);
}

/** A URL as it may appear inside `<url|label>`. */
function escapeUrl(url: string): string {
  return url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C').replace(/\s/g, '%20');
}

const OPEN = '\uE000';
const CLOSE = '\uE001';

/**
 * The core's markup subset → Slack mrkdwn:
 *   `**b**` → `*b*`, `_i_` stays, `` `c` `` stays (contents escaped), `[l](https://u)` → `<https://u|l>`,
 *   backslash escapes (`\*`, `\[`, …) → the plain character, everything else escaped with escapeMrkdwn.
 * Slack has no escape for `*`/`_`/`~`; an escaped one is shown as the plain character.
 */
export function markupToMrkdwn(input: string): string {
  const held: string[] = [];
  const hold = (s: string) => `${OPEN}${held.push(s) - 1}${CLOSE}`;
  let s = input.replace(/\r\n?/g, '\n').replace(/[\uE000\uE001]/g, '');
  s = s.replace(/\\([\\*_`~|>\[\]()#])/g, (_m, c: string) => hold(escapeMrkdwn(c)));
  s = s.replace(/`([^`\n]+)`/g, (_m, c: string) => hold('`' + escapeMrkdwn(c) + '`'));
  // Channel links (`<#C0123ABC>`, as digest replies write them) notify nobody and are kept. User text
  // cannot form one: escapeMarkup puts a zero-width space after its `<`.
  s = s.replace(/<#([A-Za-z0-9]{2,40})(?:\|[^<>|\n]*)?>/g, (_m, id: string) => hold(`<#${id}>`));
  s = s.replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, label: string, url: string) => {
    // Held escapes inside the label are already escaped; the final restore() puts them back.
    const text = escapeMrkdwn(label.replace(/\*\*/g, '').replace(/\|/g, '¦')).trim() || escapeMrkdwn(url);
    return hold(`<${escapeUrl(url)}|${text}>`);
  });
  // A link cut off by an upstream length cap ("[label](https://ex…"): keep its label.
  s = s.replace(/\[([^\]\n]+)\]\(https?:\/\/[^)\s]*$/gm, (_m, label: string) => hold(escapeMrkdwn(label.replace(/\*\*/g, '')) + '…'));
  s = escapeMrkdwn(s);
  s = s.replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, (_m, inner: string) => `*${inner.replace(/\*\*/g, '')}*`);
  return restore(s, held);
}

/** Put held pieces back (they may nest: a link label holding an escape). */
function restore(s: string, held: string[]): string {
  let out = s;
  for (let i = 0; i < 5 && out.includes(OPEN); i++) {
    out = out.replace(/\uE000(\d+)\uE001/g, (_m, n: string) => held[Number(n)] ?? '');
  }
  return out;
}

/** Markup → plain text (header, field names, button labels); links keep only their label. */
function plain(s: string): string {
  return markupToText(s.replace(/\[([^\]\n]+)\]\((https?:[^)\s]+)\)/g, '$1')).replace(/\s+/g, ' ').trim();
}

/**
 * The longest prefix of mrkdwn `s` of at most `max` characters that does not end inside a
 * `<link|label>`, an `&entity;` or a surrogate pair. Prefers a line break, then a space.
 */
function safePrefix(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, max);
  const nl = cut.lastIndexOf('\n');
  if (nl >= max * 0.5) cut = cut.slice(0, nl);
  else {
    const sp = cut.lastIndexOf(' ');
    if (sp >= max * 0.5) cut = cut.slice(0, sp);
  }
  const lt = cut.lastIndexOf('<');
  if (lt > cut.lastIndexOf('>')) cut = cut.slice(0, lt);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !/^&(amp|lt|gt);/.test(cut.slice(amp))) cut = cut.slice(0, amp);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  if (!cut) {
    // One construct longer than max (a giant link): fall back to a hard cut outside entities.
    cut = s.slice(0, max).replace(/[<&][^>;]*$/, '');
    if (!cut) cut = s.slice(0, max);
  }
  return cut;
}

/** Close an inline span (`*`, `_`, `` ` ``) left open by a cut so it does not run on. */
function closeSpans(s: string): string {
  let out = s;
  if ((out.match(/`/g)?.length ?? 0) % 2 === 1) out = out.slice(0, out.lastIndexOf('`')) + out.slice(out.lastIndexOf('`') + 1);
  return out;
}

/** Cut mrkdwn to ≤ max characters, marking the cut with "…". */
export function cutMrkdwn(s: string, max: number): string {
  if (s.length <= max) return s;
  return closeSpans(safePrefix(s, max - 1)).trimEnd() + '…';
}

/** Split mrkdwn into chunks of ≤ max characters: paragraphs first, then lines, then safe cuts. Nothing is lost. */
export function splitMrkdwn(s: string, max: number): string[] {
  const out: string[] = [];
  let cur = '';
  const push = (piece: string, sep: string) => {
    if (!cur) cur = piece;
    else if (cur.length + sep.length + piece.length <= max) cur += sep + piece;
    else {
      out.push(cur);
      cur = piece;
    }
  };
  for (const para of s.split(/\n{2,}/)) {
    if (para.length <= max) {
      push(para, '\n\n');
      continue;
    }
    let first = true;
    for (const line of para.split('\n')) {
      let rest = line;
      while (rest.length > max) {
        const head = safePrefix(rest, max);
        push(head, first ? '\n\n' : '\n');
        first = false;
        rest = rest.slice(head.length).replace(/^\s+/, '');
      }
      if (rest) push(rest, first ? '\n\n' : '\n');
      first = false;
    }
  }
  if (cur) out.push(cur);
  return out.filter((c) => c.trim().length > 0);
}

function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text) };
}

/** Characters of text a block carries (what counts towards the total budget). */
export function blockTextLength(b: KnownBlock): number {
  switch (b.type) {
    case 'header':
      return b.text.text.length;
    case 'section':
      return (b.text?.text.length ?? 0) + (b.fields ?? []).reduce((n, f) => n + f.text.length, 0);
    case 'context':
      return b.elements.reduce((n, e) => n + ('text' in e && typeof e.text === 'string' ? e.text.length : 0), 0);
    case 'actions':
      return b.elements.reduce((n, e) => n + (e.type === 'button' ? e.text.text.length + (e.value?.length ?? 0) : 0), 0);
    default:
      return 0;
  }
}

/** Which field sections a reply's fields become. */
function fieldBlocks(reply: Reply): SectionBlock[] {
  const L = SLACK_LIMITS;
  const blocks: SectionBlock[] = [];
  let inline: MrkdwnElement[] = [];
  const flush = () => {
    for (let i = 0; i < inline.length; i += L.sectionFields) blocks.push({ type: 'section', fields: inline.slice(i, i + L.sectionFields) });
    inline = [];
  };
  for (const f of reply.fields ?? []) {
    const name = cutMrkdwn(markupToMrkdwn(plain(f.name)), 200);
    const value = markupToMrkdwn(f.value.trim()) || '—';
    if (f.inline) {
      inline.push(mrkdwn(cutMrkdwn(`*${name}*\n${value}`, L.fieldText)));
      continue;
    }
    flush();
    const chunks = splitMrkdwn(`*${name}*\n${value}`, L.sectionText);
    for (const c of chunks) blocks.push(section(c));
  }
  flush();
  return blocks;
}

function titleBlock(reply: Reply): KnownBlock | undefined {
  if (!reply.title) return undefined;
  const title = plain(reply.title);
  if (!title) return undefined;
  const prefix = reply.tone === 'error' ? ':warning: ' : reply.tone === 'warning' ? ':warning: ' : '';
  if (reply.url && /^https?:\/\/\S+$/.test(reply.url) && reply.url.length <= 2000) {
    return section(`*<${escapeUrl(reply.url)}|${escapeMrkdwn(cutPlain(title, 250))}>*`);
  }
  const header: HeaderBlock = { type: 'header', text: { type: 'plain_text', text: prefix + cutPlain(title, SLACK_LIMITS.headerText - prefix.length), emoji: true } };
  return header;
}

function buttonsBlock(reply: Reply, opts: RenderOptions): ActionsBlock | undefined {
  const L = SLACK_LIMITS;
  const elements: Button[] = [];
  if (!opts.withoutButtons) {
    for (const b of reply.buttons ?? []) {
      if (b.disabled || !b.action || b.action.length > L.actionValue) continue;
      if (elements.length >= L.actionsElements - 1) break;
      const button: Button = {
        type: 'button',
        action_id: `${BUTTON_ACTION_PREFIX}${elements.length}`,
        text: { type: 'plain_text', text: cutPlain(plain(b.label), L.buttonText) || '…', emoji: true },
        value: b.action,
      };
      if (b.style === 'primary') button.style = 'primary';
      elements.push(button);
    }
  }
  if (opts.share && opts.share.length <= L.actionValue && opts.responseType !== 'in_channel' && reply.tone !== 'error' && !reply.ephemeral) {
    elements.push({ type: 'button', action_id: SHARE_ACTION_ID, text: { type: 'plain_text', text: SHARE_LABEL }, value: opts.share });
  }
  return elements.length ? { type: 'actions', elements } : undefined;
}

function contextBlock(texts: string[]): ContextBlock | undefined {
  const L = SLACK_LIMITS;
  const elements = texts.filter(Boolean).slice(0, L.contextElements).map((t) => mrkdwn(cutMrkdwn(t, L.contextText)));
  return elements.length ? { type: 'context', elements } : undefined;
}

/** Fallback `text`: the title and the start of the body, in mrkdwn. Never empty. */
function fallbackText(reply: Reply): string {
  const parts = [reply.title ? `*${escapeMrkdwn(plain(reply.title))}*` : '', reply.body ? markupToMrkdwn(reply.body.trim()) : ''].filter(Boolean);
  if (!parts.length && reply.fields?.length) parts.push(markupToMrkdwn(reply.fields[0].value));
  const text = cutMrkdwn(parts.join('\n'), SLACK_LIMITS.fallbackText).trim();
  return text || 'Answer from /nissan-honda';
}

/** A Reply as a Slack message (for `respond()` and `chat.postMessage`). Never pings anyone. */
export function toSlackMessage(reply: Reply, opts: RenderOptions = {}): SlackMessage {
  const L = SLACK_LIMITS;
  const head: KnownBlock[] = [];
  const title = titleBlock(reply);
  if (title) head.push(title);
  const body = reply.body ? splitMrkdwn(markupToMrkdwn(reply.body.trim()), L.sectionText).map(section) : [];
  const fields = fieldBlocks(reply);

  const sharedBy = opts.sharedBy && /^[UW][A-Z0-9]{1,30}$/.test(opts.sharedBy) ? `Shared by <@${opts.sharedBy}>` : '';
  const footer = reply.footer ? markupToMrkdwn(reply.footer.trim()) : '';
  const actions = buttonsBlock(reply, opts);

  const tail = (dropped: number): KnownBlock[] => {
    const more = dropped ? `_${dropped} more part${dropped === 1 ? '' : 's'} of this answer did not fit in one Slack message._` : '';
    const ctx = contextBlock([more, footer, sharedBy]);
    return [ctx, actions].filter((b): b is ContextBlock | ActionsBlock => !!b);
  };

  // Fill content in order while the block count and the text budget allow; report what was left out.
  const content = [...body, ...fields];
  const kept: KnownBlock[] = [...head];
  let used = head.reduce((n, b) => n + blockTextLength(b), 0) + tail(content.length).reduce((n, b) => n + blockTextLength(b), 0);
  let dropped = 0;
  for (const [i, block] of content.entries()) {
    const room = L.blocks - kept.length - tail(1).length;
    const size = blockTextLength(block);
    if (room >= 1 && used + size <= L.totalText) {
      kept.push(block);
      used += size;
      continue;
    }
    // A first body section that alone breaks the budget is cut rather than dropped.
    if (i === 0 && block.type === 'section' && block.text && room >= 1 && used < L.totalText - 200) {
      kept.push(section(cutMrkdwn(block.text.text, L.totalText - used)));
      dropped = content.length - 1;
    } else {
      dropped = content.length - i;
    }
    break;
  }
  const blocks = [...kept, ...tail(dropped)];
  if (!blocks.length) blocks.push(section('_(no answer text)_'));
  const msg: SlackMessage = { text: fallbackText(reply), blocks };
  if (opts.responseType) msg.response_type = opts.responseType;
  return msg;
}

/**
 * Every way a message breaks Slack's limits (empty when it is fine). Used by tests and, cheaply,
 * before sending (a problem is logged and the message is still tried).
 */
export function slackLimitProblems(msg: SlackMessage): string[] {
  const L = SLACK_LIMITS;
  const problems: string[] = [];
  if (!msg.text || !msg.text.trim()) problems.push('fallback text is empty');
  if (msg.blocks.length > L.blocks) problems.push(`${msg.blocks.length} blocks > ${L.blocks}`);
  const total = msg.blocks.reduce((n, b) => n + blockTextLength(b), 0);
  if (total > L.totalText) problems.push(`block text ${total} > ${L.totalText}`);
  const actionIds = new Set<string>();
  msg.blocks.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    if (b.block_id && b.block_id.length > L.blockId) problems.push(`${at}: block_id too long`);
    switch (b.type) {
      case 'header':
        if (b.text.type !== 'plain_text') problems.push(`${at}: header text must be plain_text`);
        if (!b.text.text.length || b.text.text.length > L.headerText) problems.push(`${at}: header text length ${b.text.text.length}`);
        break;
      case 'section':
        if (!b.text && !b.fields?.length) problems.push(`${at}: section without text or fields`);
        if (b.text && (!b.text.text.length || b.text.text.length > L.sectionText)) problems.push(`${at}: section text length ${b.text.text.length}`);
        if (b.fields && b.fields.length > L.sectionFields) problems.push(`${at}: ${b.fields.length} fields`);
        for (const f of b.fields ?? []) if (!f.text.length || f.text.length > L.fieldText) problems.push(`${at}: field length ${f.text.length}`);
        break;
      case 'context':
        if (!b.elements.length || b.elements.length > L.contextElements) problems.push(`${at}: ${b.elements.length} context elements`);
        for (const e of b.elements) if ('text' in e && typeof e.text === 'string' && (!e.text.length || e.text.length > L.contextText)) problems.push(`${at}: context text length`);
        break;
      case 'actions':
        if (!b.elements.length || b.elements.length > L.actionsElements) problems.push(`${at}: ${b.elements.length} action elements`);
        for (const e of b.elements) {
          if (e.type !== 'button') continue;
          if (!e.text.text.length || e.text.text.length > L.buttonText) problems.push(`${at}: button text length ${e.text.text.length}`);
          if ((e.value?.length ?? 0) > L.actionValue) problems.push(`${at}: button value length ${e.value?.length}`);
          const id = e.action_id ?? '';
          if (!id || id.length > L.actionId) problems.push(`${at}: action_id length ${id.length}`);
          if (actionIds.has(id)) problems.push(`${at}: duplicate action_id ${id}`);
          actionIds.add(id);
        }
        break;
    }
  });
  return problems;
}
