import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadTimelineFile } from '../../../src/timeline/store.js';
import { createRegistry } from '../../../commands/index.js';
import { runAction, runCommand } from '../../../src/core/dispatch.js';
import type { CommandContext } from '../../../src/core/command.js';
import { loadJaLogFile } from '../../../src/i18n/ja/log.js';
import { formatDateJa } from '../../../src/i18n/ja/format.js';
import { helpReply } from '../../../src/core/help.js';
import { helpTexts } from '../../../src/i18n/help.js';
import { JA_COMMANDS } from '../../../src/i18n/ja/commands.js';
import { digestSubscribe } from '../../../commands/digest.js';

const loaded = loadTimelineFile(resolve(import.meta.dirname, '../../../data/events.json'));
if (!loaded.ok) throw new Error(loaded.error.message);
const ja = loadJaLogFile();
if (!ja.ok) throw new Error(ja.error);
const registry = createRegistry();
const ctx = (locale?: 'ja' | 'en'): CommandContext => ({ timeline: loaded.timeline, now: new Date('2026-06-01T00:00:00Z'), platform: 'console', user: { id: 'u', canManage: false }, services: {}, ...(locale ? { locale } : {}) });
const KANA = /[\u3040-\u30ff]/;

describe('latest in Japanese', () => {
  it('GIVEN a ja locale THEN latest lists the same events with Japanese titles, dates and status', async () => {
    const jaReply = await runCommand(registry, { name: 'latest', args: { count: 3 } }, ctx('ja'));
    const enReply = await runCommand(registry, { name: 'latest', args: { count: 3 } }, ctx());
    expect(jaReply.data?.events).toEqual(enReply.data?.events);
    expect(jaReply.title).toBe('最新の動き（3件）');
    const ids = jaReply.data?.events as string[];
    for (const id of ids) {
      const e = loaded.timeline.get(id)!;
      expect(jaReply.body).toContain(`**${formatDateJa(e.date)}** · [${ja.log.events[id].title}]`);
    }
    expect(jaReply.body).toMatch(/^_最新の出来事: \d{4}年\d+月(\d+日)?（.+）。記録は/);
    expect(jaReply.body).toMatch(/_(公式|報道)_/);
    expect(jaReply.footer).toMatch(/^記録の出来事 \d+件/);
  });

  it('GIVEN no locale or en THEN the English latest reply is unchanged (no Japanese in it)', async () => {
    const none = await runCommand(registry, { name: 'latest', args: {} }, ctx());
    const en = await runCommand(registry, { name: 'latest', args: {} }, ctx('en'));
    expect(en).toEqual(none);
    expect(none.title).toBe('Latest 5 developments');
    expect(none.body).toMatch(/^_Newest event: /);
    expect(KANA.test(JSON.stringify(none))).toBe(false);
  });
});

describe('timeline in Japanese', () => {
  it('GIVEN a ja locale THEN the timeline page and its Previous button page are in Japanese, with the same events as English', async () => {
    const jaReply = await runCommand(registry, { name: 'timeline', args: { topic: 'tariffs' } }, ctx('ja'));
    const enReply = await runCommand(registry, { name: 'timeline', args: { topic: 'tariffs' } }, ctx());
    expect(jaReply.data?.events).toEqual(enReply.data?.events);
    expect(jaReply.title).toMatch(/^年表（絞り込み）: \d{4}年/);
    expect(jaReply.body).toMatch(/^絞り込み: トピック \*\*関税\*\*/);
    const id = (jaReply.data?.events as string[])[0];
    expect(jaReply.body).toContain(`[${ja.log.events[id].title}]`);
    expect(jaReply.footer).toMatch(/^\d+ \/ \d+ページ · \d+件 · 古い順$/);
    expect(jaReply.buttons?.map((b) => b.label)).toEqual(['◀ 前へ', '次へ ▶']);
    expect(jaReply.buttons?.map((b) => b.action)).toEqual(enReply.buttons?.map((b) => b.action));

    const jaPrev = await runAction(registry, jaReply.buttons![0].action, ctx('ja'));
    const enPrev = await runAction(registry, enReply.buttons![0].action, ctx());
    expect(jaPrev.data?.events).toEqual(enPrev.data?.events);
    expect(jaPrev.footer).toMatch(/古い順$/);
    expect(KANA.test(JSON.stringify(enPrev))).toBe(false);
  });

  it('GIVEN a ja locale and no matching event, or a stale button THEN a polite Japanese message', async () => {
    const none = await runCommand(registry, { name: 'timeline', args: { company: 'Toyota' } }, ctx('ja'));
    expect(none.body).toMatch(/条件（会社 \*\*Toyota\*\*）に合う出来事はありません/);
    const stale = await runAction(registry, 'tl:0|gossip|||', ctx('ja'));
    expect(stale.body).toMatch(/古くなっています/);
    const swapped = await runCommand(registry, { name: 'timeline', args: { from: '2025-05', to: '2025-01' } }, ctx('ja'));
    expect(swapped.body).toMatch(/より後になっています/);
  });

  it('GIVEN no locale THEN the English timeline is unchanged (no Japanese in it)', async () => {
    const en = await runCommand(registry, { name: 'timeline', args: {} }, ctx());
    expect(en.title).toMatch(/^Timeline: /);
    expect(en.footer).toMatch(/^Page \d+ of \d+ · \d+ events · oldest first$/);
    expect(en.buttons?.map((b) => b.label)).toEqual(['◀ Previous', 'Next ▶']);
    expect(KANA.test(JSON.stringify(en))).toBe(false);
  });
});

describe('recap in Japanese', () => {
  it('GIVEN a ja locale THEN recap groups the same events under Japanese topic names, with Japanese titles and dates', async () => {
    const jaReply = await runCommand(registry, { name: 'recap', args: { from: '2025-02', to: '2025-02' } }, ctx('ja'));
    const enReply = await runCommand(registry, { name: 'recap', args: { from: '2025-02', to: '2025-02' } }, ctx());
    expect(jaReply.data?.events).toEqual(enReply.data?.events);
    expect(jaReply.title).toMatch(/^まとめ: 2025年2月から2025年2月まで — \d+件$/);
    expect(jaReply.body).toMatch(/^トピック別、新しい順です。/);
    expect(jaReply.fields?.map((f) => f.name)).toContain(`経営統合協議（${enReply.fields!.find((f) => f.name.startsWith('merger-talks'))!.name.match(/\((\d+)\)/)![1]}件）`);
    const id = (jaReply.data?.events as string[])[0];
    expect(JSON.stringify(jaReply.fields)).toContain(ja.log.events[id].title);
  });

  it('GIVEN a ja locale and a period after the log ends, or both period and dates THEN a Japanese message', async () => {
    const empty = await runCommand(registry, { name: 'recap', args: { period: 'last-7-days' } }, { ...ctx('ja'), now: new Date('2030-01-01T00:00:00Z') });
    expect(empty.title).toBe('まとめ: 直近7日間');
    expect(empty.body).toMatch(/^直近7日間の(新しい)?出来事は/);
    const both = await runCommand(registry, { name: 'recap', args: { period: 'all', from: '2025-01' } }, ctx('ja'));
    expect(both.body).toMatch(/どちらか一方/);
  });

  it('GIVEN no locale THEN the English recap is unchanged (no Japanese in it)', async () => {
    const en = await runCommand(registry, { name: 'recap', args: { period: 'all' } }, ctx());
    expect(en.title).toMatch(/^Recap: the whole log — \d+ events$/);
    expect(en.body).toMatch(/^Grouped by topic, newest first\./);
    expect(KANA.test(JSON.stringify(en))).toBe(false);
  });
});

describe('about in Japanese', () => {
  it('GIVEN a ja locale THEN about is in Japanese with the same counts and Japanese dates', async () => {
    const jaReply = await runCommand(registry, { name: 'about', args: {} }, ctx('ja'));
    const t = loaded.timeline;
    expect(jaReply.title).toBe('/nissan-honda について');
    expect(jaReply.body).toMatch(/^ホンダと日産/);
    expect(jaReply.fields?.[0]).toMatchObject({ name: '収録範囲', value: `出来事 ${t.size}件 · 数値 ${t.figures.length}件 · 出典 ${t.sourceCount}件` });
    expect(jaReply.fields?.[1].value).toMatch(new RegExp(`^${formatDateJa(t.coverage()!.first)}から`));
    expect(jaReply.fields?.[2].value).toMatch(new RegExp(`^${formatDateJa(t.newestEvent!.date)}（`));
    expect(jaReply.fields?.map((f) => f.name)).toEqual(['収録範囲', '対象期間', '最新の出来事', '公式/報道の内訳', '記録の作り方', '誤りの報告']);
  });

  it('GIVEN no locale THEN the English about is unchanged (no Japanese in it)', async () => {
    const en = await runCommand(registry, { name: 'about', args: {} }, ctx());
    expect(en.title).toBe('About /nissan-honda');
    expect(en.fields?.map((f) => f.name)).toEqual(['Coverage', 'Period covered', 'Newest event', 'Status mix', 'How the log is curated', 'Report a mistake']);
    expect(KANA.test(JSON.stringify(en))).toBe(false);
  });
});

describe('help in Japanese', () => {
  it('GIVEN a ja locale THEN help lists every subcommand with its Japanese description and Japanese tips', () => {
    const withDigest = createRegistry([digestSubscribe]);
    const jaHelp = helpReply(withDigest, 'console', helpTexts('ja'));
    const enHelp = helpReply(withDigest, 'console');
    expect(jaHelp.title).toBe('/nissan-honda — コマンド一覧');
    expect(jaHelp.body).toContain(`\`/nissan-honda latest [count] [news]\` — ${JA_COMMANDS.sub.latest.description}`);
    expect(jaHelp.body).toContain(JA_COMMANDS.sub['digest subscribe'].description);
    expect(jaHelp.body).toMatch(/（管理者のみ）/);
    expect(jaHelp.body).toMatch(/サブコマンド以外の入力は質問として扱います。年表のページ送り/);
    expect(jaHelp.body!.split('\n').filter((l) => l.startsWith('• ')).length).toBe(enHelp.body!.split('\n').filter((l) => l.startsWith('• ')).length);
  });

  it('GIVEN no locale or en THEN the English help is unchanged', () => {
    for (const platform of ['console', 'slack', 'discord'] as const) expect(helpReply(registry, platform, helpTexts('en'))).toEqual(helpReply(registry, platform));
    const en = helpReply(registry, 'slack');
    expect(en.title).toBe('/nissan-honda — commands');
    expect(en.body).toMatch(/Anything that is not a subcommand is asked as a question\.$/);
    expect(KANA.test(JSON.stringify(en))).toBe(false);
  });
});

describe('ageJa', () => {
  it('GIVEN the same dates as `age` THEN the same thresholds, in Japanese', async () => {
    const { ageJa } = await import('../../../src/i18n/ja/format.js');
    expect(ageJa('2026-06', new Date('2026-07-03T00:00:00Z'))).toBe('2日前');
    expect(ageJa('2026-06', new Date('2026-06-20T00:00:00Z'))).toBe('この期間中');
    expect(ageJa('2024', new Date('2026-07-03T00:00:00Z'))).toBe('18か月前');
    expect(ageJa('2020', new Date('2026-07-03T00:00:00Z'))).toBe('5年前');
  });
});
