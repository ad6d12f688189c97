/**
 * The dispatcher's words in Japanese (src/i18n/dispatch.ts) through the real registry: unknown subcommand, options
 * too long, missing, not a number, not a choice, an unknown event id, a failure, a refusal — and English unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRegistry } from '../../commands/index.js';
import { Registry, runAction, runCommand } from '../../src/core/dispatch.js';
import type { CommandContext } from '../../src/core/command.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { EN_DISPATCH } from '../../src/core/dispatch-texts.js';
import { dispatchTexts, JA_DISPATCH } from '../../src/i18n/dispatch.js';

let store: TimelineStore;
beforeAll(() => {
  store = TimelineStore.open('data/events.json');
});
afterAll(() => store?.close());

const registry = commandRegistry();
const ctx = (locale?: 'ja' | 'en', canManage = false): CommandContext => ({
  timeline: store.current, now: new Date('2026-06-01T00:00:00Z'), platform: 'discord', user: { id: 'u', canManage }, guildId: 'g', channelId: 'c', services: {},
  ...(locale ? { locale } : {}),
});
const run = (name: string, args: Record<string, unknown>, locale?: 'ja' | 'en', group?: string) => runCommand(registry, { group, name, args }, ctx(locale));

describe('GIVEN a ja locale', () => {
  it('WHEN the subcommand does not exist THEN a Japanese error pointing to the menu', async () => {
    const r = await run('lattest', {}, 'ja');
    expect(r).toMatchObject({ tone: 'error', ephemeral: true, title: '申し訳ありません — 実行できません' });
    expect(r.body).toBe('`/nissan-honda lattest` というコマンドはありません。/nissan-honda のメニューから選ぶか、`/nissan-honda about` をご覧ください。');
  });

  it('WHEN an option is too long, missing, not a whole number or not a choice THEN each error is in Japanese and names the option', async () => {
    expect((await run('ask', { question: 'あ'.repeat(301) }, 'ja')).body).toBe('`question` が長すぎます: 301文字です（上限300文字）。短くしてください。');
    expect((await run('ask', {}, 'ja')).body).toMatch(/^\/nissan-honda ask には `question` が必要です: 質問（例:/);
    expect((await run('latest', { count: 'five' }, 'ja')).body).toBe('`count` は整数で指定してください（入力: "five"）。');
    expect((await run('latest', { count: 99 }, 'ja')).body).toMatch(/^`count` は10以下で指定してください（入力: 99）。$/);
    expect((await run('recap', { period: 'decade' }, 'ja')).body).toMatch(/^`period` は次のいずれかで指定してください: `last-7-days`/);
    expect((await run('latest', { colour: 'red' }, 'ja')).body).toMatch(/^\/nissan-honda latest に `colour` というオプションはありません。/);
  });

  it('WHEN a date option or an event id is wrong THEN the error is in Japanese', async () => {
    expect((await run('timeline', { from: '2025-02-30' }, 'ja')).body).toBe('`from`: 2025-02-30 は実在しない日付です。');
    expect((await run('recap', { to: 'yesterday' }, 'ja')).body).toBe('`to` は 2025-02 や 2025-02-13 のような日付で指定してください（入力: "yesterday"）。');
    const none = await run('event', { id: 'zzzzqqqq' }, 'ja');
    expect(none.title).toBe('出来事が見つかりません');
    expect(none.body).toMatch(/^記録に `zzzzqqqq` という出来事はありません。/);
  });

  it('WHEN a member runs an admin command, or a button is stale THEN the refusal and the message are in Japanese', async () => {
    const r = await run('list', {}, 'ja', 'digest');
    expect(r.title).toBe('管理者のみ');
    expect(r.body).toContain('**サーバー管理** 権限');
    expect((await runAction(registry, 'nope:1', ctx('ja'))).body).toBe(JA_DISPATCH.staleButton);
  });
});

describe('GIVEN a command that fails unexpectedly', () => {
  it('WHEN asked in Japanese THEN a Japanese apology; in English the English one', async () => {
    const broken = new Registry([{ name: 'broken', description: 'b', options: [], run: () => { throw new Error('kaboom'); } }], dispatchTexts);
    const ja = await runCommand(broken, { name: 'broken', args: {} }, ctx('ja'));
    expect(ja).toMatchObject({ title: '問題が発生しました', body: JA_DISPATCH.generic, tone: 'error', ephemeral: true });
    const en = await runCommand(broken, { name: 'broken', args: {} }, ctx());
    expect(en).toMatchObject({ title: 'Something went wrong', body: 'Something went wrong on our side while answering. It has been logged; please try again in a moment.' });
  });
});

describe('GIVEN no locale or en', () => {
  it('WHEN the same mistakes are made THEN the English errors are exactly as before', async () => {
    for (const locale of [undefined, 'en'] as const) {
      expect((await run('lattest', {}, locale)).body).toBe('There is no `/nissan-honda lattest`. Pick one from the /nissan-honda menu, or see `/nissan-honda about`.');
      expect((await run('ask', { question: 'a'.repeat(301) }, locale)).body).toBe('`question` is too long: 301 characters, the limit is 300. Please shorten it.');
      expect((await run('timeline', { from: '2025-02-30' }, locale)).body).toBe('`from`: 2025-02-30 is not a real calendar date.');
      expect((await run('list', {}, locale, 'digest')).title).toBe('Admins only');
      expect((await runAction(registry, 'nope:1', ctx(locale))).body).toBe(EN_DISPATCH.staleButton);
    }
  });
});
