import type { CommandContext } from '../src/core/command.js';
import type { ReplyField } from '../src/replies/reply.js';
import { escapeMarkup, truncate } from '../src/replies/reply.js';

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** The field's words by the asker's language (English as it was). */
const WORDS = {
  en: {
    name: 'Keeping the log current',
    actions: { add: 'added', 'add-figure': 'added a figure to', attach: 'added a source to', dismiss: 'dismissed a news item', 'resolve-report': 'resolved a report on' } as Record<string, string>,
    last: (at: string, what: string) => `Last curation: ${at} — ${what}`,
    noneYet: 'Last curation: none recorded yet (the log is edited and reviewed like code).',
    feeds: (n: number, list: string) => `Feeds watched (${n}): ${list}`,
    noFeeds: 'Feeds watched: none (FEEDS_PATH lists none, or could not be read).',
    poll: (at: string, ok: number, feeds: number, added: number, failed: string) => `Last poll: ${at} — ${ok} of ${feeds} read, ${added} new item(s)${failed ? `; could not read ${failed}` : ''}`,
    noPoll: 'Last poll: not yet.',
    report: 'Spotted a mistake? `/nissan-honda report` sends it to the curators.',
  },
  ja: {
    name: '記録の更新',
    actions: { add: '出来事を追加', 'add-figure': '数値を追加', attach: '出典を追加', dismiss: 'ニュース候補を却下', 'resolve-report': '報告を処理' } as Record<string, string>,
    last: (at: string, what: string) => `最終更新: ${at} — ${what}`,
    noneYet: '最終更新: まだ記録がありません（記録はコードと同じように編集・レビューされています）。',
    feeds: (n: number, list: string) => `監視中のフィード（${n}件）: ${list}`,
    noFeeds: '監視中のフィード: なし（FEEDS_PATH に記載がないか、読み込めませんでした）。',
    poll: (at: string, ok: number, feeds: number, added: number, failed: string) => `前回の取得: ${at} — ${feeds}件中${ok}件を取得、新着 ${added}件${failed ? `。取得できなかったもの: ${failed}` : ''}`,
    noPoll: '前回の取得: まだありません。',
    report: '誤りに気づいたら `/nissan-honda report` で編集者に知らせてください。',
  },
};

/** For `about`: the last curation, the feeds watched and the last poll's outcome (undefined without curation). */
export async function curationStatusField(ctx: CommandContext): Promise<ReplyField | undefined> {
  const c = ctx.services.curation;
  if (!c) return undefined;
  const W = WORDS[ctx.locale ?? 'en'] ?? WORDS.en;
  const store = c.service.store;
  const lines: string[] = [];
  const change = (await store.changes(1))[0];
  lines.push(change ? W.last(minute(change.at), `${W.actions[change.action] ?? change.action}${change.eventId ? ` \`${change.eventId}\`` : ''}`) : W.noneYet);
  const feeds = c.service.feeds;
  lines.push(feeds.length ? W.feeds(feeds.length, feeds.map((f) => escapeMarkup(f.name)).join(', ')) : W.noFeeds);
  const poll = await store.lastPoll();
  if (poll) {
    const failed = poll.failed.map((f) => `${escapeMarkup(f.name)} (${escapeMarkup(truncate(f.reason, 60))})`).join(', ');
    lines.push(W.poll(minute(poll.at), poll.ok, poll.feeds, poll.added, failed));
  } else if (feeds.length) lines.push(W.noPoll);
  lines.push(W.report);
  return { name: W.name, value: truncate(lines.join('\n'), 1024) };
}
