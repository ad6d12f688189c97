/**
 * The message catalogue: every fixed string of a localised reply, keyed by locale. A typed catalogue (see
 * docs/japanese.md): `ja` must have exactly the keys of `en`, checked by the compiler, and each message that
 * takes values is a function of typed arguments. Pure.
 */
import type { Topic } from '../timeline/schema.js';

export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Messages {
  status: { official: string; reported: string };
  kind: { forecast: string; estimate: string; target: string };
  topics: Record<Topic, string>;
  ask: {
    title(question: string): string;
    notFoundTitle(question: string): string;
    sources: string;
    footerFound(eventIds: string): string;
    footerNotFound: string;
    declined: string;
    /** Why it declined, by the engine's reason ("other-company", "prediction"); other reasons use `declined` alone. */
    because: Record<string, string>;
    nearest: string;
    /** "— Honda, FY2025 (stated 13 May 2025; official)" */
    figureContext(company: string, period: string, stated: string, status: string, kind?: string): string;
    sectorWide: string;
    source: string;
    differ: string;
    revisions: string;
  };
  figure: { statements(n: number): string; differ: string; revised: string; latest(date: string): string; notFound(q: string): string; notFoundTitle: string; nearest: string };
  event: { date: string; status: string; companies: string; topics: string; sources(n: number): string; closest(q: string): string; notFound(q: string): string; notFoundTitle: string };
  errors: { generic: string; title: string };
  report: {
    noDatabase: string; noDatabaseTitle: string; unchanged: string; noEvent(id: string): string; noEventTitle: string;
    thanks: string; filed(id: number, title: string, eventId: string): string;
  };
  /** "5 months ago", "this period", "today" */
  age: { thisPeriod: string; today: string; ago(elapsed: string): string };
  coverage(first: string, last: string, curatedAt?: string): string;
  latest: { title(n: number): string; emptyTitle: string; empty: string; newest(date: string, age: string, coverage: string): string; footer(n: number): string };
  timeline: {
    title: string; filtered: string; topic(t: string): string; company(c: string): string; from(d: string): string; to(d: string): string;
    noMatch(filters: string): string; filters(list: string): string; footer(page: number, pages: number, n: number): string; previous: string; next: string;
    stale: string; fromAfterTo(from: string, to: string): string;
  };
  recap: {
    title(label: string): string; titleN(label: string, n: number): string; body: string;
    inLabel(label: string): string; afterEnd(phrase: string, last: string, onDay: boolean, coverage: string): string;
    noEvents(phrase: string): string; newest(date: string, line: string): string;
    apartName(n: number): string; datedOnly(date: string): string; more(n: number, topic: string): string;
    last7: { label: string; phrase: string }; last30: { label: string; phrase: string }; thisYear(y: string): { label: string; phrase: string };
    all: { label: string; phrase: string }; from(d: string): string; to(d: string): string; range(words: string[]): string;
    either: string; group(topic: string, n: number): string;
  };
  about: {
    title: string; body: string; coverage: string; counts(events: number, figures: number, sources: number): string;
    period: string; range(first: string, last: string, curated?: string): string; noEvents: string;
    newest: string; none: string; statusMix: string; mix(official: number, reported: number): string;
    howCurated: string; howCuratedText: string; report: string; reportText: string;
    rejected: string; rejectedText(at: string, problems: number, loaded: string): string; footer(version: string | number): string;
  };
  /** Help (src/core/help.ts's HelpTexts; subcommand descriptions come from the Discord localisations). */
  help: { title(command: string): string; restricted: Record<string, string>; tips: string; consoleTips: string };
}

const en: Messages = {
  status: { official: 'official', reported: 'reported' },
  kind: { forecast: 'forecast', estimate: 'estimate', target: 'target' },
  topics: {
    'merger-talks': 'merger talks', 'pickup-deal': 'pickup deal', 'ev-software': 'EV & software', tariffs: 'tariffs',
    'trade-policy': 'trade policy', plants: 'plants', restructuring: 'restructuring', earnings: 'earnings', leadership: 'leadership',
  },
  ask: {
    title: (q) => `Q: ${q}`,
    notFoundTitle: (q) => `Not in the log: ${q}`,
    sources: 'Sources',
    footerFound: (ids) => `Answered only from the curated log${ids ? ` · events: ${ids}` : ''}`,
    footerNotFound: 'The log does not hold this. It never guesses; ask about Honda and Nissan events, figures and dates.',
    declined: 'The log does not hold an answer to this question, so I will not guess.',
    because: {
      'other-company': 'The log covers Honda and Nissan (and, where they take part, Mitsubishi Motors, Foxconn and Renault).',
      prediction: 'The log records what was said and done; it does not predict.',
    },
    nearest: 'Closest in the log (not an answer):',
    figureContext: (company, period, stated, status, kind) => `— ${company}, ${period} (stated ${stated}; ${status}${kind ? `, ${kind}` : ''})`,
    sectorWide: 'sector-wide',
    source: 'source',
    differ: 'Sources disagree on this figure:',
    revisions: 'Earlier statements of the same figure:',
  },
  figure: {
    statements: (n) => `${n} statement${n === 1 ? '' : 's'}`, differ: 'sources differ', revised: 'revised over time', latest: (d) => `latest ${d}`,
    notFound: (q) => `The log holds no figure matching “${q}”. Start typing and pick a figure from the list, or try words like “honda tariff hit” or “nissan job cuts”.`,
    notFoundTitle: 'Figure not found', nearest: '_Nearest figures in the log (not a match):_',
  },
  event: { date: 'Date', status: 'Status', companies: 'Companies', topics: 'Topics', sources: (n) => `Sources (${n})`, closest: (q) => `closest match for “${q}”`,
    notFound: (q) => `There is no event \`${q}\` in the log. Start typing a title word and pick from the list, or see \`/nissan-honda timeline\`.`, notFoundTitle: 'Event not found' },
  errors: { generic: 'Something went wrong; please try again.', title: 'Sorry — I can’t do that' },
  report: {
    noDatabase: 'Reports and the news queue need the bot’s database, which this copy of the bot runs without (e.g. the local console). Use `npm run curate` instead.',
    noDatabaseTitle: 'Not available here', unchanged: 'Nothing was changed',
    noEvent: (id) => `There is no event \`${id}\` in the log. Start typing a title word and pick from the list.`, noEventTitle: 'Event not found',
    thanks: 'Thank you — your report is with the curators',
    filed: (n, t, id) => `Report #${n} on **${t}** (\`${id}\`). A curator checks it against the sources; if the log changes, the event will show it.`,
  },
  age: { thisPeriod: 'this period', today: 'today', ago: (e) => `${e} ago` },
  coverage: (first, last, cur) => `The log holds events from ${first} to ${last}${cur ? ` (last curated ${cur})` : ''}.`,
  latest: {
    title: (n) => `Latest ${n} development${n === 1 ? '' : 's'}`, emptyTitle: 'Latest developments', empty: 'The log holds no events yet.',
    newest: (d, a, c) => `_Newest event: ${d}, ${a}. ${c}_`, footer: (n) => `${n} events in the log · /nissan-honda event <id> for the full story and sources`,
  },
  timeline: {
    title: 'Timeline', filtered: ' — filtered', topic: (t) => `topic **${t}**`, company: (c) => `company **${c}**`, from: (d) => `from ${d}`, to: (d) => `to ${d}`,
    noMatch: (f) => `No events match${f}. Try fewer filters, or \`/nissan-honda latest\`.`, filters: (l) => `Filters: ${l}`,
    footer: (p, ps, n) => `Page ${p} of ${ps} · ${n} event${n === 1 ? '' : 's'} · oldest first`, previous: '◀ Previous', next: 'Next ▶',
    stale: 'This timeline button is out of date. Please run `/nissan-honda timeline` again.', fromAfterTo: (f, t) => `\`from\` (${f}) is after \`to\` (${t}). Swap them?`,
  },
  recap: {
    title: (l) => `Recap: ${l}`, titleN: (l, n) => `Recap: ${l} — ${n} event${n === 1 ? '' : 's'}`, body: 'Grouped by topic, newest first. Open one with `/nissan-honda event <id>`.',
    inLabel: (l) => `in ${l}`, afterEnd: (p, last, onDay, c) => `The log has no events ${p}: it ends ${onDay ? 'on' : 'in'} ${last}, before this period starts. ${c}`,
    noEvents: (p) => `No new events ${p}.`, newest: (d, line) => ` The newest event in the log is from ${d}: ${line}`,
    apartName: (n) => `Dated only to a month or year that overlaps this period (${n})`, datedOnly: (d) => ` — dated ${d} only`,
    more: (n, t) => `…and ${n} more (see \`/nissan-honda timeline topic:${t}\`)`,
    last7: { label: 'the last 7 days', phrase: 'in the last 7 days' }, last30: { label: 'the last 30 days', phrase: 'in the last 30 days' },
    thisYear: (y) => ({ label: y, phrase: `in ${y} so far` }), all: { label: 'the whole log', phrase: 'in the log' },
    from: (d) => `from ${d}`, to: (d) => `to ${d}`, range: (w) => w.join(' '), either: 'Use either `period` or `from`/`to`, not both.', group: (t, n) => `${t} (${n})`,
  },
  about: {
    title: 'About /nissan-honda',
    body:
      'Follows one business story: Honda and Nissan — the 2024 integration talks and their collapse in February 2025, the later talks about Nissan building Honda pickups in the US, tariffs, plant utilisation, restructuring and results. ' +
      'Answers come only from a curated, sourced event log; when the log does not hold an answer, the bot says so.',
    coverage: 'Coverage', counts: (e, f, s) => `${e} events · ${f} figures · ${s} sources`,
    period: 'Period covered', range: (a, b, c) => `events from ${a} to ${b}${c ? `\nlast curated ${c}` : ''}`, noEvents: 'no events yet',
    newest: 'Newest event', none: 'none', statusMix: 'Status mix', mix: (o, r) => `${o} official · ${r} reported`,
    howCurated: 'How the log is curated',
    howCuratedText:
      'Every event is written from published reporting and carries its sources (publisher, title, link, date). ' +
      '**official** = the company or a government said it; **reported** = media citing unnamed sources or secondary relays. ' +
      'Figures are quoted exactly as the source states them, with their period — never rounded or estimated. Where sources disagree, both are shown. ' +
      'Sources are ranked primary (the company, a filing, a government), wire, press, relay, and listed best first. ' +
      'Nothing after the newest event is known to the bot: questions about later periods get an honest "not in the log".',
    report: 'Report a mistake',
    reportText: 'Spotted a mistake or a missing source? Tell the server admins or open an issue in the bot’s repository with the event id and the correct source; every correction is checked against its source before it lands.',
    rejected: '⚠ Latest edit rejected',
    rejectedText: (at, p, l) => `The log file changed at ${at} but failed validation (${p} problem(s)); the last good log (loaded ${l}) is still being served.`,
    footer: (v) => `log version ${v}`,
  },
  help: {
    title: (c) => `/${c} — commands`, restricted: { admins: 'admins', curators: 'curators' },
    tips: '\n\nOptions can be given as `name:value` (e.g. `timeline topic:tariffs from:2025-04`) or just as words (`figure honda tariff`, `recap 30d`). Anything that is not a subcommand is asked as a question.',
    consoleTips: ' Type `next` / `previous` to page a timeline, `quit` to leave.',
  },
};

const ja: Messages = {
  status: { official: '公式', reported: '報道' },
  kind: { forecast: '予想', estimate: '推計', target: '目標' },
  topics: {
    'merger-talks': '経営統合協議', 'pickup-deal': 'ピックアップ協業', 'ev-software': 'EV・ソフトウェア', tariffs: '関税',
    'trade-policy': '通商政策', plants: '工場', restructuring: '経営再建', earnings: '決算', leadership: '経営陣',
  },
  ask: {
    title: (q) => `質問: ${q}`,
    notFoundTitle: (q) => `記録にありません: ${q}`,
    sources: '出典',
    footerFound: (ids) => `出典付きの記録だけから回答しています${ids ? ` · 出来事: ${ids}` : ''}`,
    footerNotFound: '記録にない内容には推測で答えません。ホンダと日産の出来事・数値・日付についてお尋ねください。',
    declined: 'この質問に答える内容は記録にありません。推測はしません。',
    because: {
      'other-company': '記録が扱うのはホンダと日産（および両社と関わる範囲で三菱自動車、鴻海、ルノー）です。',
      prediction: '記録は発表や報道された事実を収めたもので、将来の予測はしません。',
    },
    nearest: '記録の中で最も近いもの（回答ではありません）:',
    figureContext: (company, period, stated, status, kind) => `— ${company}、${period}（${stated}発表・${status}${kind ? `・${kind}` : ''}）`,
    sectorWide: '業界全体',
    source: '出典',
    differ: 'この数値は出典によって異なります:',
    revisions: '同じ数値の以前の発表:',
  },
  figure: {
    statements: (n) => `${n}件の発表`, differ: '出典により異なる', revised: '時期により修正', latest: (d) => `最新 ${d}`,
    notFound: (q) => `「${q}」に合う数値は記録にありません。一覧から選ぶか、「ホンダ 関税影響」「日産 人員削減」のような語で検索してください。`,
    notFoundTitle: '数値が見つかりません', nearest: '_記録の中で最も近い数値（一致ではありません）:_',
  },
  event: { date: '日付', status: '公式/報道', companies: '会社', topics: 'トピック', sources: (n) => `出典（${n}件）`, closest: (q) => `「${q}」に最も近い出来事`,
    notFound: (q) => `記録に \`${q}\` という出来事はありません。見出しの語句を入力して一覧から選ぶか、\`/nissan-honda timeline\` をご覧ください。`, notFoundTitle: '出来事が見つかりません' },
  errors: { generic: '問題が発生しました。もう一度お試しください。', title: '申し訳ありません — 実行できません' },
  report: {
    noDatabase: '報告とニュース候補の確認にはボットのデータベースが必要ですが、このボットはデータベースなしで動いています（ローカルのコンソールなど）。代わりに `npm run curate` をお使いください。',
    noDatabaseTitle: 'ここでは使えません', unchanged: '何も変更していません',
    noEvent: (id) => `記録に \`${id}\` という出来事はありません。見出しの語句を入力して一覧から選んでください。`, noEventTitle: '出来事が見つかりません',
    thanks: 'ありがとうございます — 報告を編集者に送りました',
    filed: (n, t, id) => `報告 #${n}: **${t}**（\`${id}\`）。編集者が出典と照らし合わせて確認し、記録が変われば出来事に反映されます。`,
  },
  age: { thisPeriod: 'この期間中', today: '今日', ago: (e) => `${e}前` },
  coverage: (first, last, cur) => `記録は${first}から${last}までの出来事を収めています${cur ? `（最終更新 ${cur}）` : ''}。`,
  latest: {
    title: (n) => `最新の動き（${n}件）`, emptyTitle: '最新の動き', empty: '記録にはまだ出来事がありません。',
    newest: (d, a, c) => `_最新の出来事: ${d}（${a}）。${c}_`, footer: (n) => `記録の出来事 ${n}件 · 詳細と出典は /nissan-honda event <id>`,
  },
  timeline: {
    title: '年表', filtered: '（絞り込み）', topic: (t) => `トピック **${t}**`, company: (c) => `会社 **${c}**`, from: (d) => `${d}から`, to: (d) => `${d}まで`,
    noMatch: (f) => `条件${f}に合う出来事はありません。条件を減らすか、\`/nissan-honda latest\` をお試しください。`, filters: (l) => `絞り込み: ${l}`,
    footer: (p, ps, n) => `${p} / ${ps}ページ · ${n}件 · 古い順`, previous: '◀ 前へ', next: '次へ ▶',
    stale: 'この年表のボタンは古くなっています。もう一度 `/nissan-honda timeline` を実行してください。', fromAfterTo: (f, t) => `\`from\`（${f}）が \`to\`（${t}）より後になっています。入れ替えますか？`,
  },
  recap: {
    title: (l) => `まとめ: ${l}`, titleN: (l, n) => `まとめ: ${l} — ${n}件`, body: 'トピック別、新しい順です。詳細は `/nissan-honda event <id>` で開けます。',
    inLabel: (l) => l, afterEnd: (p, last, _onDay, c) => `${p}の出来事は記録にありません。記録は${last}までで、この期間より前に終わっています。${c}`,
    noEvents: (p) => `${p}の新しい出来事はありません。`, newest: (d, line) => `記録の最新の出来事は${d}のものです: ${line}`,
    apartName: (n) => `この期間と重なる月・年までしか日付のない出来事（${n}件）`, datedOnly: (d) => ` — 日付は${d}まで`,
    more: (n, t) => `…ほか${n}件（\`/nissan-honda timeline topic:${t}\` を参照）`,
    last7: { label: '直近7日間', phrase: '直近7日間' }, last30: { label: '直近30日間', phrase: '直近30日間' },
    thisYear: (y) => ({ label: `${y}年`, phrase: `${y}年に入ってから` }), all: { label: '記録全体', phrase: '記録全体' },
    from: (d) => `${d}から`, to: (d) => `${d}まで`, range: (w) => w.join(''), either: '`period` か `from`/`to` のどちらか一方を指定してください。', group: (t, n) => `${t}（${n}件）`,
  },
  about: {
    title: '/nissan-honda について',
    body:
      'ホンダと日産をめぐる一つのビジネスの流れを追います。2024年の経営統合協議と2025年2月の破談、その後の日産による米国でのホンダ向けピックアップ生産の協議、関税、工場の稼働率、経営再建、決算です。' +
      '回答は出典付きの厳選された出来事の記録だけから行い、記録にない内容にはそう答えます。',
    coverage: '収録範囲', counts: (e, f, s) => `出来事 ${e}件 · 数値 ${f}件 · 出典 ${s}件`,
    period: '対象期間', range: (a, b, c) => `${a}から${b}までの出来事${c ? `\n最終更新 ${c}` : ''}`, noEvents: 'まだ出来事はありません',
    newest: '最新の出来事', none: 'なし', statusMix: '公式/報道の内訳', mix: (o, r) => `公式 ${o}件 · 報道 ${r}件`,
    howCurated: '記録の作り方',
    howCuratedText:
      'どの出来事も公表された報道から書き起こし、出典（発行元、見出し、リンク、日付）を付けています。' +
      '**公式** = 会社または政府が発表したもの、**報道** = 匿名の関係者を引用した報道や二次的な転載です。' +
      '数値は出典の表記どおり、その対象期間とともに示し、丸めたり推計したりはしません。出典によって異なる場合は両方を示します。' +
      '出典は一次情報（会社、開示書類、政府）、通信社、新聞・雑誌、転載の順に格付けし、良いものから並べます。' +
      '最新の出来事より後のことはボットは知りません。それ以降の期間についての質問には「記録にありません」と正直に答えます。',
    report: '誤りの報告',
    reportText: '誤りや出典の抜けに気づいたら、サーバーの管理者に伝えるか、ボットのリポジトリに出来事の id と正しい出典を添えて issue を作成してください。訂正はすべて出典と照らし合わせてから反映します。',
    rejected: '⚠ 直近の編集は却下されました',
    rejectedText: (at, p, l) => `記録ファイルが ${at} に変更されましたが検証に通りませんでした（問題 ${p}件）。最後に正常だった記録（${l} に読み込み）を引き続き使っています。`,
    footer: (v) => `記録のバージョン ${v}`,
  },
  help: {
    title: (c) => `/${c} — コマンド一覧`, restricted: { admins: '管理者のみ', curators: '編集者のみ' },
    tips: '\n\nオプションは `name:value` の形（例: `timeline topic:tariffs from:2025-04`）でも、単語を並べるだけ（`figure honda tariff`、`recap 30d`）でも指定できます。サブコマンド以外の入力は質問として扱います。',
    consoleTips: '年表のページ送りは `next` / `previous`、終了は `quit` と入力してください。',
  },
};

export const CATALOGUE: Record<Locale, Messages> = { en, ja };

export function messages(locale: Locale | undefined): Messages {
  return CATALOGUE[locale ?? 'en'] ?? en;
}

/**
 * A platform's locale string ("ja", "ja-JP", "en-US", "en_GB") → a catalogue locale; anything else → undefined.
 */
export function toLocale(raw: string | undefined | null): Locale | undefined {
  if (!raw) return undefined;
  const lang = raw.trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(lang) ? (lang as Locale) : undefined;
}
