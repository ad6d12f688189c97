/**
 * News the curators have not reviewed yet, shown under its own heading beside the log ("In the news — not yet
 * reviewed"): each item as its headline, publisher, date and link. Never a log event: answers, figures and charts
 * never read it. A server turns it off with `/nissan-honda curate unreviewed show:false`.
 */
import { escapeMarkup, truncate, type ReplyField } from '../replies/reply.js';
import { formatDate } from '../timeline/dates.js';
import type { CurationStore } from './store.js';
import type { Locale } from '../i18n/catalogue.js';
import { formatDateJa } from '../i18n/ja/format.js';

export const UNREVIEWED_HEADING = 'In the news — not yet reviewed';

export interface UnreviewedItem {
  title: string;
  url: string;
  publisher?: string;
  published?: string;
}

/** New candidates published (or found) in the last `days`, newest first. */
export async function unreviewedItems(store: CurationStore, opts: { now: Date; days: number; limit?: number }): Promise<UnreviewedItem[]> {
  const since = opts.now.getTime() - opts.days * 86_400_000;
  return (await store.candidates({ status: 'new', limit: 200 }))
    .filter((c) => Date.parse(c.published ?? c.foundAt) >= since)
    .slice(0, opts.limit ?? 5)
    .map((c) => ({ title: c.title, url: c.url, publisher: c.publisher ?? c.feed, published: c.published ?? c.foundAt }));
}

/** The heading, notes and dates of the field by language (headlines stay as published). */
const WORDS = {
  en: { heading: UNREVIEWED_HEADING, unknown: 'unknown publisher', note: 'Found by the news feeds; not checked by a curator and not part of the log.', date: formatDate },
  ja: { heading: 'ニュース（未確認）', unknown: '発行元不明', note: 'ニュースフィードで見つかったもので、編集者による確認前であり、記録には含まれていません。', date: formatDateJa },
};

/** The reply field for the items, or undefined when there are none. */
export function unreviewedField(items: readonly UnreviewedItem[], locale?: Locale): ReplyField | undefined {
  if (!items.length) return undefined;
  const w = WORDS[locale ?? 'en'] ?? WORDS.en;
  const lines = items.map((i) => `• [${escapeMarkup(truncate(i.title, 150))}](${i.url}) — ${escapeMarkup(i.publisher ?? w.unknown)}${i.published ? `, ${w.date(i.published.slice(0, 10))}` : ''}`);
  let value = '';
  for (const line of lines) {
    if (value.length + line.length + 1 > 1000) break;
    value += (value ? '\n' : '') + line;
  }
  return { name: w.heading, value: `${value}\n_${w.note}_` };
}
