/** Console/CLI renderer: a Reply as plain text (links as "label <url>"), width-agnostic. */
import type { Reply } from './reply.js';

/** Markup subset → plain text. */
export function markupToText(s: string): string {
  return s
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1 <$2>')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\\([\\*_`~|>\[\]()#])/g, '$1')
    .replace(/\u200b/g, '');
}

export function renderText(reply: Reply): string {
  const out: string[] = [];
  const prefix = reply.tone === 'error' ? '✖ ' : reply.tone === 'warning' ? '⚠ ' : '';
  if (reply.title) out.push(`${prefix}${markupToText(reply.title)}`, '='.repeat(Math.min(72, reply.title.length + prefix.length)));
  if (reply.url) out.push(reply.url);
  if (reply.body) out.push(markupToText(reply.body));
  for (const f of reply.fields ?? []) {
    out.push('', `${markupToText(f.name)}:`, markupToText(f.value).replace(/^/gm, '  '));
  }
  if (reply.footer) out.push('', `— ${markupToText(reply.footer)}`);
  if (reply.buttons?.length) {
    const enabled = reply.buttons.filter((b) => !b.disabled);
    if (enabled.length) out.push(`[buttons: ${enabled.map((b) => `${b.label.replace(/[◀▶]/g, '').trim()} = "${b.action}"`).join(', ')}]`);
  }
  return out.join('\n');
}
