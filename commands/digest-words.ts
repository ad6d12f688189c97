/**
 * The words of the `digest` replies by the asker's language: English as it was in digest.ts, Japanese beside it.
 * Schedules, instants and delivery failures come from src/digests/words.ts. Pure.
 */
import type { Locale } from '../src/i18n/catalogue.js';
import type { Frequency, ScheduleError } from '../src/digests/schedule.js';
import { digestWords, type DigestWords } from '../src/digests/words.js';

const CMD = '/nissan-honda digest';
const mention = (channelId: string) => `<#${channelId}>`;
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export interface DigestCommandWords {
  post: DigestWords;
  needsPlatform: string;
  needsPlatformTitle: string;
  whichChannel: string;
  needsServer: string;
  needsServerTitle: string;
  notPicked(got: string): string;
  notHere(channelId: string): string;
  notAChannel(got: string): string;
  noDigest(channelId: string): string;
  alertsSchedule: string;
  nextPaused: string;
  nextAlerts: string;
  status: { notRun: string; sent: string; empty: string; skipped: string; unconfirmed: string; testSent: string; testFailed: string; failed: string };
  paused(max: number, failure: string): string;
  failing(n: number, failure: string, max: number): string;
  language: Record<Locale, string>;
  /** A ScheduleError in this language; undefined: its own (English) message. */
  scheduleError(err: ScheduleError): string | undefined;
  subscribe: {
    alertLine(channelId: string): string;
    datesIn(zone: string): string;
    digestLine(channelId: string, schedule: string): string;
    nextRun(text: string): string;
    explain(created: boolean, quiet: boolean): string;
    created: string;
    replaced(schedule: string, wasPaused: boolean): string;
    ignored(frequency: Frequency, list: string): string;
    language(language: string): string;
    check: string;
    titleCreated: string;
    titleUpdated: string;
  };
  zoneChoice(zone: string, offset: string): string;
  unsubscribe: { title: string; body(channelId: string, schedule: string): string };
  list: {
    title: string; titleN(n: number): string; empty: string; quiet: string; notQuiet: string; nextRun(t: string): string; lastRun(t: string): string; notRun: string;
    summary(n: number, paused: number, more: boolean): string; language(l: string): string;
  };
  sendNow: {
    title: string; body(channelId: string, events: number): string; resumed(next: string): string;
    failedTitle: string; failed(channelId: string, failure: string, error: string): string; forbidden: string; gone: string;
  };
}

export const EN_DIGEST_COMMAND: DigestCommandWords = {
  post: digestWords('en'),
  needsPlatform:
    'Scheduled digests need a chat platform: they are posted to a Discord or Slack channel. Run this command in a server where the bot is installed (it is not available in the local console).',
  needsPlatformTitle: 'Digests need Discord or Slack',
  whichChannel: 'Which channel? Pick one with the `channel` option.',
  needsServer: 'Digests belong to a server: run this command in a channel of the server.',
  needsServerTitle: 'Run this in a server',
  notPicked: (got) => `\`channel\` must be a channel of this server, picked from the list (got "${got}").`,
  notHere: (id) => `${mention(id)} is not a channel of this server.`,
  notAChannel: (got) => `\`channel\` must be a channel, e.g. #general (got "${got}").`,
  noDigest: (id) => `${mention(id)} has no digest. Set one up with \`${CMD} subscribe\`.`,
  alertsSchedule: 'alerts: each newly curated event, as soon as it is in the log',
  nextPaused: 'none — paused',
  nextAlerts: 'as soon as a new event is curated',
  status: {
    notRun: 'not run yet', sent: 'posted', empty: 'nothing new, nothing posted', skipped: 'skipped (missed while the bot was offline)',
    unconfirmed: 'interrupted, not repeated (its events go into the next digest)', testSent: 'test send posted', testFailed: 'test send failed', failed: 'failed',
  },
  paused: (max, f) =>
    `**Paused** after ${max} failed deliveries in a row (${f}). Fix the channel or the bot's permissions there, then run \`${CMD} send-now\` or \`${CMD} subscribe\` again to resume.`,
  failing: (n, f, max) => `⚠ Failing: ${n} failed deliver${n === 1 ? 'y' : 'ies'} in a row (${f}); it pauses after ${max}.`,
  language: { en: 'English', ja: 'Japanese' },
  scheduleError: () => undefined,
  subscribe: {
    alertLine: (id) => `${mention(id)} will get an **alert** for each event newly added to the log, as soon as it is curated.`,
    datesIn: (z) => `Dates are shown for **${z}**.`,
    digestLine: (id, s) => `${mention(id)} will get a digest **${s}**.`,
    nextRun: (t) => `**Next run:** ${t}.`,
    explain: (created, quiet) =>
      'Each digest lists the events that are new to this channel since the previous one — newest first, grouped by topic, with links. ' +
      (created ? 'The first one also opens with the log’s 3 latest events, as context. ' : '') +
      (quiet ? 'When nothing is new it says "no new developments".' : 'When nothing is new it posts nothing (set `quiet:true` to post "no new developments").'),
    created: 'Events already in the log count as seen: subscribing never floods the channel with the history.',
    replaced: (s, p) => `This replaces the channel's previous digest (${s}${p ? ', paused — now resumed' : ''}); what it has already shown still counts as seen.`,
    ignored: (f, list) => `_Not used by ${f}: ${list}._`,
    language: (l) => `Posts are in **${l}** (set \`language\` to change).`,
    check: `Check it with \`${CMD} preview\`, try it with \`${CMD} send-now\`.`,
    titleCreated: 'Digest set up for this channel',
    titleUpdated: 'Digest updated',
  },
  zoneChoice: (z, o) => `${z} (${o} now)`,
  unsubscribe: {
    title: 'Digest stopped',
    body: (id, s) => `${mention(id)} will no longer get the ${s} digest. Subscribe again any time with \`${CMD} subscribe\` (it starts from the log as it is then).`,
  },
  list: {
    title: 'Digests in this server', titleN: (n) => `Digests in this server (${n})`, empty: `No digests yet. Set one up with \`${CMD} subscribe\`.`,
    quiet: 'quiet: posts "no new developments"', notQuiet: 'posts only when something is new', nextRun: (t) => `**Next run:** ${t}`, lastRun: (t) => `**Last run:** ${t}`, notRun: 'not run yet',
    summary: (n, p, more) =>
      `${n} channel${plural(n, '', 's')} subscribed${p ? `, **${p} paused**` : ''}. Times are each channel's local time, then UTC.${more ? ' The first 25 are shown.' : ''}`,
    language: (l) => ` · in ${l}`,
  },
  sendNow: {
    title: 'Test digest posted',
    body: (id, n) =>
      `Posted a test digest to ${mention(id)}${n ? ` with ${n} new event${plural(n, '', 's')}` : ''}. The schedule is unchanged and those events still count as new for the next digest.`,
    resumed: (next) => `\n\nThe digest was paused; it has **resumed**. Next run: ${next}.`,
    failedTitle: 'The test digest could not be posted',
    failed: (id, f, e) => `${mention(id)}: ${f} (${e}).`,
    forbidden: ' Give the bot **View Channel**, **Send Messages** and **Embed Links** there.',
    gone: ` Choose another channel with \`${CMD} subscribe\`, or \`${CMD} unsubscribe\` this one.`,
  },
};

const FREQUENCY_JA: Record<Frequency, string> = { daily: '毎日の配信', weekly: '毎週の配信', alerts: '速報' };
const WEEKDAYS_JA = '日曜日、月曜日、火曜日、水曜日、木曜日、金曜日、土曜日';
const ZONES = '`Asia/Tokyo`、`Europe/Berlin`、`America/New_York`、`UTC` のようなIANAの名前で指定してください（入力候補が表示されます）。';

function scheduleErrorJa(err: ScheduleError): string | undefined {
  const got = err.detail;
  switch (err.problem) {
    case 'time': return `\`time\` は 09:00 や 18:30 のような24時間制の時刻で指定してください（入力: "${got}"）。`;
    case 'hour': return `\`time\`: 24時間制に${Number(got.split(':')[0])}時はありません（00〜23で指定してください。入力: "${got}"）。`;
    case 'minute': return `\`time\`: 分は00〜59で指定してください（入力: "${got}"）。`;
    case 'weekday': return `\`weekday\` は曜日で指定してください: ${WEEKDAYS_JA}（入力: "${got}"）。`;
    case 'region': return `\`timezone\` "${got}" は地域名ではありません。${ZONES}`;
    case 'timezone': return `\`timezone\` "${got}" は知らないタイムゾーンです。${ZONES}`;
    default: return undefined;
  }
}

export const JA_DIGEST_COMMAND: DigestCommandWords = {
  post: digestWords('ja'),
  needsPlatform: '定期配信はDiscordまたはSlackのチャンネルに投稿されます。ボットが導入されているサーバーでこのコマンドを実行してください（ローカルのコンソールでは使えません）。',
  needsPlatformTitle: '定期配信にはDiscordかSlackが必要です',
  whichChannel: 'どのチャンネルですか？ `channel` オプションで選んでください。',
  needsServer: '定期配信はサーバーごとの設定です。サーバーのチャンネルでこのコマンドを実行してください。',
  needsServerTitle: 'サーバー内で実行してください',
  notPicked: (got) => `\`channel\` には一覧から選んだこのサーバーのチャンネルを指定してください（入力: "${got}"）。`,
  notHere: (id) => `${mention(id)} はこのサーバーのチャンネルではありません。`,
  notAChannel: (got) => `\`channel\` には #general のようなチャンネルを指定してください（入力: "${got}"）。`,
  noDigest: (id) => `${mention(id)} には定期配信が設定されていません。\`${CMD} subscribe\` で設定できます。`,
  alertsSchedule: '速報: 新しく記録された出来事ごとに、記録され次第',
  nextPaused: 'なし — 一時停止中',
  nextAlerts: '新しい出来事が記録され次第',
  status: {
    notRun: 'まだ実行されていません', sent: '投稿済み', empty: '新着なし（投稿なし）', skipped: 'スキップ（ボットの停止中に予定時刻を過ぎたため）',
    unconfirmed: '中断され、再送していません（その出来事は次の配信に入ります）', testSent: 'テスト送信済み', testFailed: 'テスト送信に失敗', failed: '失敗',
  },
  paused: (max, f) =>
    `連続${max}回の配信失敗（${f}）のため **一時停止中** です。チャンネルかそこでのボットの権限を直してから、\`${CMD} send-now\` または \`${CMD} subscribe\` を実行すると再開します。`,
  failing: (n, f, max) => `⚠ 失敗中: 連続${n}回配信に失敗しています（${f}）。${max}回で一時停止します。`,
  language: { en: '英語', ja: '日本語' },
  scheduleError: scheduleErrorJa,
  subscribe: {
    alertLine: (id) => `${mention(id)} には、記録に新しく追加された出来事ごとに、記録され次第 **速報** を投稿します。`,
    datesIn: (z) => `日時は **${z}** で表示します。`,
    digestLine: (id, s) => `${mention(id)} にまとめを **${s}** に投稿します。`,
    nextRun: (t) => `**次回:** ${t}。`,
    explain: (created, quiet) =>
      '各回の配信には、前回以降このチャンネルにとって新しい出来事を、新しい順・トピック別にリンク付きで載せます。' +
      (created ? '初回は参考として記録の最新3件も先頭に載せます。' : '') +
      (quiet ? '新着がないときは「新しい動きなし」と投稿します。' : '新着がないときは何も投稿しません（`quiet:true` で「新しい動きなし」と投稿します）。'),
    created: '登録時点で記録にある出来事は既読として扱うため、過去の出来事がまとめて投稿されることはありません。',
    replaced: (s, p) => `このチャンネルの以前の配信（${s}${p ? '、一時停止中 — 再開しました' : ''}）を置き換えます。すでに表示した出来事は既読のままです。`,
    ignored: (f, list) => `_${FREQUENCY_JA[f]}では使わないオプション: ${list}_`,
    language: (l) => `投稿は **${l}** です（\`language\` で変更できます）。`,
    check: `\`${CMD} preview\` で確認、\`${CMD} send-now\` で試せます。`,
    titleCreated: 'このチャンネルに定期配信を設定しました',
    titleUpdated: '定期配信を更新しました',
  },
  zoneChoice: (z, o) => `${z}（現在 ${o}）`,
  unsubscribe: {
    title: '定期配信を停止しました',
    body: (id, s) => `${mention(id)} への定期配信（${s}）を停止しました。\`${CMD} subscribe\` でいつでも再登録できます（その時点の記録から始まります）。`,
  },
  list: {
    title: 'このサーバーの定期配信', titleN: (n) => `このサーバーの定期配信（${n}件）`, empty: `定期配信はまだありません。\`${CMD} subscribe\` で設定できます。`,
    quiet: '新着なしでも「新しい動きなし」と投稿', notQuiet: '新着があるときだけ投稿', nextRun: (t) => `**次回:** ${t}`, lastRun: (t) => `**前回:** ${t}`, notRun: 'まだ実行されていません',
    summary: (n, p, more) => `${n}チャンネルが登録済み${p ? `、うち **${p}件が一時停止中**` : ''}。時刻は各チャンネルの現地時刻、続いてUTCです。${more ? '最初の25件を表示しています。' : ''}`,
    language: (l) => ` · ${l}`,
  },
  sendNow: {
    title: 'テスト配信を投稿しました',
    body: (id, n) => `${mention(id)} にテスト配信を投稿しました${n ? `（新しい出来事${n}件）` : ''}。配信の予定は変わらず、これらの出来事は次の配信でも新着として扱います。`,
    resumed: (next) => `\n\n一時停止していた配信を **再開** しました。次回: ${next}。`,
    failedTitle: 'テスト配信を投稿できませんでした',
    failed: (id, f, e) => `${mention(id)}: ${f}（${e}）。`,
    forbidden: 'そのチャンネルでボットに **チャンネルを見る**、**メッセージを送信**、**埋め込みリンク** の権限を与えてください。',
    gone: `\`${CMD} subscribe\` で別のチャンネルを選ぶか、\`${CMD} unsubscribe\` でこのチャンネルの配信を止めてください。`,
  },
};

export function digestCommandWords(locale: Locale | undefined): DigestCommandWords {
  return locale === 'ja' ? JA_DIGEST_COMMAND : EN_DIGEST_COMMAND;
}
