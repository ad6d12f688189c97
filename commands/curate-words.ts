/** The words of the curators' replies, buttons and forms by the asker's language (English as it was in curate.ts). Pure. */
import type { Locale } from '../src/i18n/catalogue.js';
import type { Refusal } from '../src/curation/index.js';

export interface CurateWords {
  dateUnknown: string;
  footer(items: number, lastPoll: string | undefined): string;
  lastPoll(at: string, ok: number, feeds: number): string;
  queueTitle: string;
  empty: string;
  item(p: number, n: number): string;
  reportTitle(id: number, title: string): string;
  suggested(url: string): string;
  fields: { event: string; from: string; received: string; publisher: string; published: string; relevance: string };
  buttons: { fixed: string; notAMistake: string; draft: string; attach: string; dismiss: string; addFigure: string; addAnother: string };
  candidate(id: number): string;
  draftForm: { title: string; submit: string; title_: string; date: string; summary: string; status: string; tags: string };
  figureForm: { title: string; submit: string; label: string; value: string; unit: string; period: string; company: string };
  attachForm: { title: string; submit: string; event: string };
  unknownTags(list: string, known: string): string;
  unchanged: string;
  noEvent(id: string): string;
  dismissed(id: number, title: string): string;
  resolved(id: number, fixed: boolean): string;
  staleButton: string;
  staleForm: string;
  added: { title: string; body(title: string, id: string): string };
  figureAdded: { title: string; body(label: string, value: string, period: string, company: string, eventId: string): string };
  attached: { title: string; body(id: number, eventId: string): string };
  polled(feeds: number, added: number): string;
  pollLine: { failed: string; noChange: string; added(n: number): string };
  noFeeds: string;
  needsServer: string;
  shown: { title(show: boolean): string; body(show: boolean): string };
}

export const EN_CURATE: CurateWords = {
  dateUnknown: 'date unknown',
  footer: (n, poll) => `${n} to review · last poll ${poll ?? 'not yet'}`,
  lastPoll: (at, ok, feeds) => `${at} UTC: ${ok}/${feeds} feeds read`,
  queueTitle: 'News queue',
  empty: 'Nothing to review: no open reports and no new candidates.',
  item: (p, n) => `Item ${p} of ${n}`,
  reportTitle: (id, t) => `Report #${id} on ${t}`,
  suggested: (url) => `\n\nSuggested source: ${url}`,
  fields: { event: 'Event', from: 'From', received: 'Received', publisher: 'Publisher', published: 'Published', relevance: 'Relevance' },
  buttons: { fixed: 'Fixed', notAMistake: 'Not a mistake', draft: 'Draft event', attach: 'Attach to event', dismiss: 'Dismiss', addFigure: 'Add a figure', addAnother: 'Add another figure' },
  candidate: (id) => ` · candidate #${id}`,
  draftForm: {
    title: 'Draft event from the news', submit: 'Add to the log', title_: 'Title', date: 'Date (YYYY, YYYY-MM or YYYY-MM-DD)', summary: 'Summary (what the source says)',
    status: 'Status', tags: 'Companies and topics',
  },
  figureForm: { title: 'Add a figure to the event', submit: 'Add figure', label: 'What it measures', value: 'Value exactly as the source states it', unit: 'Unit and scale', period: 'Period', company: 'Company' },
  attachForm: { title: 'Attach the item to an event', submit: 'Attach', event: 'Event id (best match prefilled)' },
  unknownTags: (list, known) => `Not a company or topic the log knows: ${list}. Use: ${known}.`,
  unchanged: 'Nothing was changed',
  noEvent: (id) => `There is no event \`${id}\` in the log.`,
  dismissed: (id, t) => `Dismissed #${id}: ${t}`,
  resolved: (id, fixed) => `Report #${id} resolved: ${fixed ? 'fixed' : 'not a mistake'}.`,
  staleButton: 'This button is no longer recognised. Please run `/nissan-honda curate queue` again.',
  staleForm: 'This form is no longer recognised. Please run `/nissan-honda curate queue` again.',
  added: {
    title: 'Added to the log',
    body: (t, id) => `**${t}** (\`${id}\`) is in the log; the bot answers from it as soon as the file is reloaded. Add the figures its source states with the button (or \`npm run curate\`).`,
  },
  figureAdded: { title: 'Figure added', body: (l, v, p, c, id) => `${l}: **${v}** (${p}, ${c}) on \`${id}\`, citing its first source.` },
  attached: { title: 'Attached', body: (id, e) => `Candidate #${id} is now a source of \`${e}\`.` },
  polled: (feeds, added) => `Polled ${feeds} feeds: ${added} new candidate(s)`,
  pollLine: { failed: 'failed', noChange: 'no change', added: (n) => `${n} new` },
  noFeeds: 'No feeds are configured (FEEDS_PATH).',
  needsServer: 'This setting belongs to a server; run it in one.',
  shown: {
    title: (show) => (show ? 'News not yet reviewed: shown' : 'News not yet reviewed: hidden'),
    body: (show) =>
      show
        ? '`latest`, `recap` and this server’s digests show news the curators have not reviewed yet under its own heading, apart from the log.'
        : '`latest`, `recap` and this server’s digests show only the log. Anyone can still ask for it with `news:true`.',
  },
};

export const JA_CURATE: CurateWords = {
  dateUnknown: '日付不明',
  footer: (n, poll) => `確認待ち ${n}件 · 前回の取得 ${poll ?? 'まだありません'}`,
  lastPoll: (at, ok, feeds) => `${at} UTC: ${feeds}件中${ok}件のフィードを取得`,
  queueTitle: 'ニュース候補',
  empty: '確認待ちはありません: 未対応の報告も新しい候補もありません。',
  item: (p, n) => `${n}件中${p}件目`,
  reportTitle: (id, t) => `報告 #${id}: ${t}`,
  suggested: (url) => `\n\n提案された出典: ${url}`,
  fields: { event: '出来事', from: '報告者', received: '受付', publisher: '発行元', published: '公開日', relevance: '関連度' },
  buttons: { fixed: '修正済み', notAMistake: '誤りではない', draft: '出来事を起草', attach: '出来事に追加', dismiss: '却下', addFigure: '数値を追加', addAnother: '数値をさらに追加' },
  candidate: (id) => ` · 候補 #${id}`,
  draftForm: {
    title: 'ニュースから出来事を起草', submit: '記録に追加', title_: '見出し（英語）', date: '日付（YYYY、YYYY-MM、YYYY-MM-DD）', summary: '概要（英語、出典の内容）',
    status: '公式/報道', tags: '会社とトピック',
  },
  figureForm: { title: '出来事に数値を追加', submit: '数値を追加', label: '何の数値か（英語）', value: '出典の表記どおりの値', unit: '単位と桁', period: '対象期間', company: '会社' },
  attachForm: { title: '出来事の出典として追加', submit: '追加', event: '出来事のid（最も近いものを入力済み）' },
  unknownTags: (list, known) => `記録にない会社またはトピックです: ${list}。使えるもの: ${known}。`,
  unchanged: '何も変更していません',
  noEvent: (id) => `記録に \`${id}\` という出来事はありません。`,
  dismissed: (id, t) => `#${id} を却下しました: ${t}`,
  resolved: (id, fixed) => `報告 #${id} を処理しました: ${fixed ? '修正済み' : '誤りではない'}。`,
  staleButton: 'このボタンはもう使えません。もう一度 `/nissan-honda curate queue` を実行してください。',
  staleForm: 'このフォームはもう使えません。もう一度 `/nissan-honda curate queue` を実行してください。',
  added: {
    title: '記録に追加しました',
    body: (t, id) => `**${t}**（\`${id}\`）を記録に追加しました。ファイルが再読み込みされ次第、ボットはこれを使って答えます。出典にある数値はボタン（または \`npm run curate\`）で追加してください。`,
  },
  figureAdded: { title: '数値を追加しました', body: (l, v, p, c, id) => `${l}: **${v}**（${p}、${c}）を \`${id}\` に追加しました（出典は最初の出典）。` },
  attached: { title: '追加しました', body: (id, e) => `候補 #${id} を \`${e}\` の出典にしました。` },
  polled: (feeds, added) => `${feeds}件のフィードを取得: 新しい候補 ${added}件`,
  pollLine: { failed: '失敗', noChange: '変更なし', added: (n) => `新着 ${n}件` },
  noFeeds: 'フィードが設定されていません（FEEDS_PATH）。',
  needsServer: 'この設定はサーバーごとです。サーバー内で実行してください。',
  shown: {
    title: (show) => (show ? '未確認のニュース: 表示する' : '未確認のニュース: 表示しない'),
    body: (show) =>
      show
        ? '`latest`、`recap` とこのサーバーの定期配信に、編集者がまだ確認していないニュースを記録とは別の見出しで表示します。'
        : '`latest`、`recap` とこのサーバーの定期配信には記録だけを表示します。`news:true` を付ければ誰でも表示できます。',
  },
};

export function curateWords(locale: Locale | undefined): CurateWords {
  return locale === 'ja' ? JA_CURATE : EN_CURATE;
}

const CANDIDATE_STATUS_JA: Record<string, string> = { new: '未確認', dismissed: '却下', attached: '出典に追加', added: '記録に追加' };
const REPORT_STATUS_JA: Record<string, string> = { fixed: '修正済み', 'not-a-mistake': '誤りではない' };

/** A curation refusal in Japanese (the English wording is the service's own message). The log's check details stay as written. */
export function refusalJa(r: Refusal): string {
  const by = (who?: string, at?: string) => `${who ? `${who} が` : ''}${at ? `${at} に` : ''}`;
  switch (r.kind) {
    case 'no-candidate':
      return `候補 #${r.id} はありません。\`curate list\` で一覧できます。`;
    case 'already-reviewed':
      return `候補 #${r.id} は${by(r.by, r.at)}すでに処理済みです（${CANDIDATE_STATUS_JA[r.status] ?? r.status}）。`;
    case 'no-event':
      return `記録に \`${r.id}\` という出来事はありません。`;
    case 'report-no-event':
      return `記録に \`${r.id}\` という出来事はありません。入力中に表示される一覧から選んでください。`;
    case 'bad-source-url':
      return '出典は http(s) で始まる完全なリンクにしてください（例: https://example.com/article）。';
    case 'report-limit':
      return `この24時間に${r.count}件の報告を受け取りました。編集者が読み終えるまで、新しい報告はお待ちください。ご協力ありがとうございます。`;
    case 'no-report':
      return `報告 #${r.id} はありません。`;
    case 'report-resolved':
      return `報告 #${r.id} は${by(r.by, r.at)}すでに処理済みです（${REPORT_STATUS_JA[r.status] ?? r.status}）。`;
    case 'not-an-event':
      return '下書きは出来事ひとつ分（id、date、title、summary、status、companies、topics、sources を持つ JSON オブジェクト）にしてください。';
    case 'checks-failed':
      return `何も変更していません。記録の検査で見つかった問題:\n${r.found}`;
  }
}
