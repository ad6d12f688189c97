/**
 * Japanese names and descriptions of /nissan-honda, its subcommands, options and choices (Discord's
 * name_localizations / description_localizations). Keys are the English names: `sub` by subcommand ("latest",
 * "digest subscribe"), `groups` by group, `choices` by choice value. Names: lowercase, ≤ 32 characters of letters,
 * digits, "-", "_" (Discord's rule); descriptions ≤ 100 characters.
 */
import type { Topic } from '../../timeline/schema.js';
import { CATALOGUE } from '../catalogue.js';

export interface NamedText {
  name: string;
  description: string;
}

export interface CommandTexts {
  command: NamedText;
  groups: Record<string, NamedText>;
  sub: Record<string, NamedText & { options?: Record<string, NamedText> }>;
  choices: Record<string, string>;
}

const from: NamedText = { name: '開始日', description: 'この日から: 2025-02 または 2025-02-13' };
const to: NamedText = { name: '終了日', description: 'この日まで: 2025-06 または 2025-06-30' };
const channel = (description: string): NamedText => ({ name: 'チャンネル', description });
const news: NamedText = { name: '未確認ニュース', description: '編集者がまだ確認していないニュースも表示（既定: このサーバーの設定）' };

export const JA_COMMANDS: CommandTexts = {
  command: { name: '日産ホンダ', description: 'ホンダと日産: 出典付きの記録から最新情報、年表、数値、質問への回答' },
  groups: {
    digest: { name: '定期配信', description: 'チャンネルへのまとめの定期投稿（サーバー管理権限が必要）' },
    curate: { name: '編集', description: '記録の編集者向け: ニュース候補と読者からの報告' },
  },
  sub: {
    latest: { name: '最新', description: 'ホンダと日産の最新の動き（新しい順）', options: { count: { name: '件数', description: '表示する件数（1〜10、既定は5）' }, news } },
    timeline: {
      name: '年表',
      description: '出来事を日付順に1ページずつ表示（最新のページから）',
      options: {
        topic: { name: 'トピック', description: 'このトピックの出来事だけ' },
        company: { name: '会社', description: 'この会社が関わる出来事だけ（例: 三菱自動車）' },
        from,
        to,
      },
    },
    event: { name: '出来事', description: '1つの出来事の全容: 概要、公式か報道か、数値、すべての出典', options: { id: { name: 'id', description: '出来事のidまたは見出しの語句（一覧から選択）' } } },
    figure: { name: '数値', description: '記録にある数値（関税影響、利益、人員削減など）を期間、公式/報道、出典とともに表示', options: { query: { name: '検索語', description: '一覧から選ぶか「ホンダ 関税影響」のように入力' } } },
    chart: {
      name: 'グラフ',
      description: '数値の推移や比較を画像で表示（値は出典の表記どおり、公式は塗り、報道は白抜き）',
      options: {
        query: { name: '検索語', description: '一覧から選ぶか「ホンダ 関税影響」のように入力' },
        compare: { name: '比較', description: '並べて表示するもう1つの数値（例:「日産 関税影響」）' },
        dark: { name: 'ダーク', description: '暗い背景で描く（既定: 明るい背景）' },
      },
    },
    ask: { name: '質問', description: '質問する。出典付きの記録だけから答え、記録にないことはないと答える', options: { question: { name: '質問文', description: '質問（例:「ホンダの関税影響はいくら？」、300文字まで）' } } },
    recap: { name: 'まとめ', description: '期間中の出来事をトピック別に短くまとめる', options: { period: { name: '期間', description: 'どの期間か（既定: 直近30日間）' }, from: { ...from, description: 'または、この日から: 2025-02 または 2025-02-13' }, to, news } },
    about: { name: '概要', description: 'このボットが扱う範囲、記録の作り方、誤りの報告のしかた' },
    report: {
      name: '報告',
      description: '出来事の誤りや足りない出典を報告する。報告はすべて編集者が確認します',
      options: {
        event: { name: '出来事', description: '対象の出来事（見出しの語句を入力して一覧から選択）' },
        what: { name: '内容', description: '何が誤っているか（1〜2文で）' },
        source: { name: '出典', description: '正しい事実を示す出典のリンク（任意）' },
      },
    },
    'curate queue': { name: '確認待ち', description: '編集者: ニュース候補と読者の報告を確認する', options: { page: { name: 'ページ', description: '何件目から表示するか（既定 1）' } } },
    'curate attach': {
      name: '出典に追加',
      description: '編集者: ニュース候補を既存の出来事の出典として追加する',
      options: { candidate: { name: '候補', description: 'ニュース候補（一覧から選択）' }, event: { name: '出来事', description: '対象の出来事（見出しの語句を入力して一覧から選択）' } },
    },
    'curate poll': { name: '今すぐ取得', description: '編集者: 監視しているすべてのフィードを今すぐ取得する' },
    'curate unreviewed': {
      name: '未確認ニュース',
      description: 'サーバー管理者: 最新・まとめ・定期配信で未確認のニュースを表示するか',
      options: { show: { name: '表示', description: 'true: 「ニュース（未確認）」の見出しを表示（既定）、false: 表示しない' } },
    },
    'digest subscribe': {
      name: '登録',
      description: 'まとめをチャンネルに定期投稿（毎日・毎週）または新しい出来事ごとに投稿（速報）',
      options: {
        frequency: { name: '頻度', description: '毎日、毎週、または速報（新しく記録された出来事ごと）' },
        channel: channel('投稿するチャンネル（既定: このチャンネル）'),
        time: { name: '時刻', description: '現地時刻、24時間制のHH:MM（既定 09:00）' },
        timezone: { name: 'タイムゾーン', description: 'IANAのタイムゾーン、例: Asia/Tokyo（既定 UTC）' },
        weekday: { name: '曜日', description: '毎週の場合の曜日（既定: 月曜日）' },
        quiet: { name: '動きなしも投稿', description: '何もなかった日にも「新しい動きなし」と投稿する（既定: しない）' },
        language: { name: '言語', description: '投稿の言語: 英語または日本語（既定: あなたの言語）' },
      },
    },
    'digest unsubscribe': { name: '解除', description: 'チャンネルの定期配信を止める', options: { channel: channel('配信を止めるチャンネル（既定: このチャンネル）') } },
    'digest list': { name: '一覧', description: 'このサーバーの定期配信すべて: 予定、次回、前回、失敗しているか' },
    'digest preview': { name: 'プレビュー', description: '次の配信が今なら何を投稿するかを確認（自分だけに表示）', options: { channel: channel('プレビューするチャンネル（既定: このチャンネル）') } },
    'digest send-now': { name: '今すぐ送信', description: 'テストとして今すぐ配信（予定と新着の扱いは変わらない）', options: { channel: channel('テスト配信するチャンネル（既定: このチャンネル）') } },
  },
  choices: {
    ...(CATALOGUE.ja.topics as Record<Topic, string>),
    'last-7-days': '直近7日間', 'last-30-days': '直近30日間', 'this-year': '今年', all: 'すべて',
    en: '英語', ja: '日本語',
    daily: '毎日', weekly: '毎週', alerts: '速報（新しい出来事が記録されるたび）',
    sunday: '日曜日', monday: '月曜日', tuesday: '火曜日', wednesday: '水曜日', thursday: '木曜日', friday: '金曜日', saturday: '土曜日',
  },
};
