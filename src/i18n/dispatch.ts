/**
 * The dispatcher's words by locale (src/core/dispatch-texts.ts; the core names no locale): English is the core's own
 * text, Japanese is written here. Option descriptions come from the Discord localisations. Pure.
 */
import { COMMAND_NAME, type CommandContext } from '../core/command.js';
import { EN_DISPATCH, type DispatchTexts } from '../core/dispatch-texts.js';
import { JA_COMMANDS } from './ja/commands.js';

const CMD = `/${COMMAND_NAME}`;

/** Refusals by precondition, in the platform's own terms. */
function deniedJa(requires: string, platform: CommandContext['platform']): { message: string; title: string } | undefined {
  if (requires === 'manage') {
    return {
      title: '管理者のみ',
      message:
        platform === 'slack'
          ? `\`${CMD} digest\` を使えるのはワークスペースの管理者（またはボットの運用者が定期配信の管理者として登録したユーザー）だけです。このチャンネルの定期配信の設定は管理者に依頼してください。`
          : `\`${CMD} digest\` を使えるのは **サーバー管理** 権限を持つメンバーだけです。このチャンネルの定期配信の設定はサーバーの管理者に依頼してください。`,
    };
  }
  if (requires === 'curate') {
    return {
      title: '編集者のみ',
      message:
        platform === 'slack'
          ? 'ニュース候補を確認できるのは記録の編集者（ワークスペースの管理者、またはボットの運用者が登録したユーザー）だけです。'
          : 'ニュース候補を確認できるのは記録の編集者（編集を担当するサーバーで **サーバー管理** 権限を持つメンバー、または編集者ロールを持つメンバー）だけです。',
    };
  }
  return undefined;
}

export const JA_DISPATCH: DispatchTexts = {
  errorTitle: '申し訳ありません — 実行できません',
  noSuchCommand: (command, menu) =>
    `\`${command}\` というコマンドはありません。${menu ? `${CMD} のメニューから選ぶ` : `\`${CMD} help\` を試す`}か、\`${CMD} about\` をご覧ください。`,
  staleButton: 'このボタンはもう使えません。もう一度コマンドを実行してください。',
  staleForm: 'このフォームはもう使えません。もう一度コマンドを実行してください。',
  formNotOpened: 'フォームを開けませんでした。もう一度お試しください。',
  platformFailed: '回答中にこちら側で問題が発生しました。少し待ってからもう一度お試しください。',
  sendFailed: '回答の送信中に問題が発生しました。もう一度お試しください。',
  none: 'なし',
  noOption: (command, option, list) => `${command} に \`${option}\` というオプションはありません。使えるオプション: ${list}。`,
  needs: (command, option, description) => `${command} には \`${option}\` が必要です: ${description}`,
  optionDescription: (cmd, opt) => JA_COMMANDS.sub[cmd.group ? `${cmd.group} ${cmd.name}` : cmd.name]?.options?.[opt.name]?.description ?? opt.description,
  wholeNumber: (o, got) => `${o} は整数で指定してください（入力: "${got}"）。`,
  atLeast: (o, min, n) => `${o} は${min}以上で指定してください（入力: ${n}）。`,
  atMost: (o, max, n) => `${o} は${max}以下で指定してください（入力: ${n}）。`,
  trueFalse: (o) => `${o} は true か false で指定してください。`,
  text: (o) => `${o} は文字で指定してください。`,
  tooLong: (o, len, max) => `${o} が長すぎます: ${len}文字です（上限${max}文字）。短くしてください。`,
  tooShort: (o, min) => `${o} が短すぎます: ${min}文字以上必要です。`,
  oneOf: (o, list, got) => `${o} は次のいずれかで指定してください: ${list}（入力: "${got}"）。`,
  storageDown: '現在ボットは変更を保存できないため、何も変更していません。しばらくしてからもう一度お試しください（ボットの運用者には通知済みです）。',
  storageDownTitle: '現在は変更を保存できません',
  generic: '回答中にこちら側で問題が発生しました。記録済みですので、少し待ってからもう一度お試しください。',
  genericTitle: '問題が発生しました',
  needsSubcommand: (command, subs) => `\`${command}\` にはサブコマンドが必要です: ${subs}。`,
  notSubcommand: (word, suggestion, ask) => `「${word}」というサブコマンドはありません。\`${suggestion}\` のことですか？（質問するときは \`${ask}\` のように書いてください。）`,
  notOption: (name, command, near, usage) => `「${name}」は ${command} のオプションではありません。${near ? `${near}: のことですか？` : ''}オプション: ${usage}`,
  notUnderstood: (words, command, usage) => `${command} で「${words}」は理解できませんでした。使い方: ${usage}`,
  noOptions: '（オプションなし）',
  denied: deniedJa,
};

export function dispatchTexts(ctx: Pick<CommandContext, 'locale'>): DispatchTexts {
  return ctx.locale === 'ja' ? JA_DISPATCH : EN_DISPATCH;
}
