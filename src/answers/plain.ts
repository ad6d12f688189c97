/** Markup subset (see src/replies/reply.ts) → plain text, for JSON answers and the command line. */
export function markupToPlain(s: string): string {
  return s
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1 <$2>')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\\([\\*_`~|>\[\]()#])/g, '$1')
    .replace(/\u200b/g, '');
}
