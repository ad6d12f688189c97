/**
 * The words of digest posts and alerts, by the subscription's language (English strings as they were in engine.ts;
 * Japanese beside them), and the Japanese forms of schedules and instants. Pure.
 */
import type { Locale } from '../i18n/catalogue.js';
import { listLineJa, eventSummaryJa } from '../i18n/ja/reply.js';
import { eventLine, oneLine } from '../replies/format.js';
import { truncate } from '../replies/reply.js';
import type { Event } from '../timeline/schema.js';
import { describeSchedule, formatInZone, formatLocalAndUtc, localParts, zoneAbbreviation, type Frequency, type Schedule } from './schedule.js';
import { describeFailure, type FailureKind } from './sink.js';

export interface DigestWords {
  label: Record<Frequency, string>;
  /** `how`: the schedule in words, or undefined for alerts. */
  footer(alerts: boolean, how: string | undefined): string;
  schedule(s: Schedule): string;
  /** An instant on the subscription's wall clock, then UTC. */
  when(at: Date, timeZone: string): string;
  /** An instant on a zone's wall clock. */
  inZone(at: Date, timeZone: string): string;
  line(e: Event): string;
  /** An alert's body: the event's line and the first sentence of its summary. */
  alertBody(e: Event): string;
  contextName(n: number): string;
  prefix: { test: string; preview: string };
  note: { test: string; preview: string };
  noNewTitle(label: string): string;
  noNew(alerts: boolean, quiet: boolean, manual: boolean): string;
  alertTitle(title: string): string;
  fullStory(id: string): string;
  newEvents(n: number, first: boolean, alerts: boolean): string;
  nothingSinceSubscribed: string;
  firstNote(alerts: boolean): string;
  count(n: number): string;
  stamp(kind: 'catch-up' | 'as-of' | 'scheduled', when: string): string;
  failure: Record<FailureKind, string>;
}

export const EN_DIGEST: DigestWords = {
  label: { daily: 'Daily digest', weekly: 'Weekly digest', alerts: 'New in the log' },
  footer: (alerts, how) => `Honda–Nissan ${alerts ? 'alerts' : 'digest'} · ${how ?? 'alerts: each newly curated event'} · /nissan-honda digest to change`,
  schedule: describeSchedule,
  when: (at, zone) => formatLocalAndUtc(at, zone),
  inZone: formatInZone,
  line: (e) => eventLine(e),
  alertBody: (e) => `${eventLine(e)}\n${oneLine(e.summary, 400)}`,
  contextName: (n) => `For context: the ${n} latest event${n === 1 ? '' : 's'} already in the log`,
  prefix: { test: 'Test send — ', preview: 'Preview — ' },
  note: {
    test: '_This is a test send: the schedule and what counts as new for this channel are unchanged._\n',
    preview: '_Only you can see this preview of what the next post would say if it were sent now._\n',
  },
  noNewTitle: (label) => `${label}: no new developments`,
  noNew: (alerts, quiet, manual) =>
    `No new Honda–Nissan developments in the log since ${alerts ? 'the last alert' : 'the last digest'}.${
      quiet ? '' : manual ? ' (With `quiet` off, a scheduled digest posts nothing when nothing is new.)' : ''
    }`,
  alertTitle: (title) => `New in the log: ${title}`,
  fullStory: (id) => `\n\nThe full story and every source: \`/nissan-honda event ${id}\``,
  newEvents: (n, first, alerts) =>
    `${n} new event${n === 1 ? '' : 's'} since ${first ? 'this channel subscribed' : alerts ? 'the last alert' : 'the last digest'}, grouped by topic, newest first. Open one with \`/nissan-honda event <id>\`.`,
  nothingSinceSubscribed: 'Nothing new since this channel subscribed. New events will appear here as they are added to the log.',
  firstNote: (alerts) => `\n\nThis is the channel's first ${alerts ? 'alert' : 'digest'}: it opens with the log's latest events for context (already in the log before subscribing).`,
  count: (n) => ` — ${n} new event${n === 1 ? '' : 's'}`,
  stamp: (kind, when) => `${kind === 'catch-up' ? 'Posted late (the bot was offline); scheduled for' : kind === 'as-of' ? 'As of' : 'Scheduled for'} ${when}.`,
  failure: { gone: describeFailure('gone'), forbidden: describeFailure('forbidden'), transient: describeFailure('transient') },
};

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];
const pad = (n: number) => String(n).padStart(2, '0');

/** "2025年3月10日(月) 09:00 JST" */
export function formatInZoneJa(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
  return `${p.year}年${p.month}月${p.day}日(${WEEKDAYS_JA[weekday]}) ${pad(p.hour)}:${pad(p.minute)} ${zoneAbbreviation(at, timeZone)}`;
}

/** "2025年3月10日(月) 09:00 JST（UTC 0:00）": local first, then UTC (with its date when it differs). */
export function formatLocalAndUtcJa(at: Date, timeZone: string): string {
  return formatLocalAndUtc(at, timeZone, formatInZoneJa, (local, utc) => `${local}（${utc}）`);
}

/** "毎日 09:00（Asia/Tokyo）", "毎週月曜日 09:00（Europe/Berlin）" */
export function describeScheduleJa(s: Schedule): string {
  const when = s.frequency === 'weekly' ? `毎週${WEEKDAYS_JA[s.weekday ?? 1]}曜日` : '毎日';
  return `${when} ${s.time}（${s.timezone}）`;
}

function firstSentenceJa(s: string, max = 400): string {
  const i = s.indexOf('。');
  return truncate(i > 0 ? s.slice(0, i + 1) : s, max);
}

export const JA_DIGEST: DigestWords = {
  label: { daily: '日次まとめ', weekly: '週次まとめ', alerts: '記録に追加' },
  footer: (alerts, how) => `ホンダ・日産 ${alerts ? '速報' : '定期配信'} · ${how ?? '速報: 新しく記録された出来事ごと'} · 変更は /nissan-honda digest`,
  schedule: describeScheduleJa,
  when: formatLocalAndUtcJa,
  inZone: formatInZoneJa,
  line: (e) => listLineJa(e),
  alertBody: (e) => `${listLineJa(e)}\n${firstSentenceJa(eventSummaryJa(e))}`,
  contextName: (n) => `参考: 記録にすでにある最新の出来事${n}件`,
  prefix: { test: 'テスト送信 — ', preview: 'プレビュー — ' },
  note: {
    test: '_これはテスト送信です。配信の予定と、このチャンネルで新着として扱う出来事は変わりません。_\n',
    preview: '_このプレビューはあなたにだけ表示されています。今送信した場合に次の投稿がどうなるかを示しています。_\n',
  },
  noNewTitle: (label) => `${label}: 新しい動きなし`,
  noNew: (alerts, quiet, manual) =>
    `${alerts ? '前回の速報' : '前回の配信'}以降、記録にホンダ・日産の新しい動きはありません。${
      quiet ? '' : manual ? '（`quiet` がオフのため、定期配信は新着がないときには何も投稿しません。）' : ''
    }`,
  alertTitle: (title) => `記録に追加: ${title}`,
  fullStory: (id) => `\n\n全容とすべての出典: \`/nissan-honda event ${id}\``,
  newEvents: (n, first, alerts) =>
    `${first ? 'このチャンネルの登録' : alerts ? '前回の速報' : '前回の配信'}以降の新しい出来事${n}件です（トピック別、新しい順）。詳細は \`/nissan-honda event <id>\` で開けます。`,
  nothingSinceSubscribed: 'このチャンネルの登録以降、新しい出来事はありません。出来事が記録に追加されるとここに表示されます。',
  firstNote: (alerts) => `\n\nこのチャンネルへの最初の${alerts ? '速報' : '配信'}です。参考として、登録前から記録にある最新の出来事を先頭に載せています。`,
  count: (n) => ` — 新しい出来事${n}件`,
  stamp: (kind, when) => (kind === 'catch-up' ? `ボットの停止中のため遅れて投稿しました（予定: ${when}）。` : kind === 'as-of' ? `${when}時点。` : `配信予定: ${when}。`),
  failure: { gone: 'チャンネルがもう存在しません', forbidden: 'ボットにそこへ投稿する権限がありません', transient: 'プラットフォームが投稿を受け付けませんでした' },
};

export function digestWords(language: Locale | undefined): DigestWords {
  return language === 'ja' ? JA_DIGEST : EN_DIGEST;
}
