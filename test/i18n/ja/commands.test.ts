/**
 * chart, report and curate in Japanese for a ja locale, on the real log: the same figures, ids and sources as in
 * English, Japanese words around them; autocomplete names in Japanese within Discord's 100 characters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRegistry } from '../../../commands/index.js';
import { runAutocomplete, runCommand } from '../../../src/core/dispatch.js';
import type { CommandContext } from '../../../src/core/command.js';
import { TimelineStore } from '../../../src/timeline/store.js';
import { jaLog } from '../../../src/i18n/ja/log.js';

let store: TimelineStore;
beforeAll(() => {
  store = TimelineStore.open('data/events.json');
});
afterAll(() => store?.close());

const registry = commandRegistry();
const ctx = (locale?: 'ja'): CommandContext => ({
  timeline: store.current, now: new Date('2026-06-01T00:00:00Z'), platform: 'console', user: { id: 'u', canManage: true }, services: {}, ...(locale ? { locale } : {}),
});

describe('GIVEN a ja locale', () => {
  it('WHEN a figure is charted THEN the text is Japanese with the same figures drawn as in English, and yen in Japanese notation', async () => {
    const en = await runCommand(registry, { name: 'chart', args: { query: 'honda tariff impact' } }, ctx());
    const ja = await runCommand(registry, { name: 'chart', args: { query: 'honda tariff impact' } }, ctx('ja'));
    expect(ja.tone).toBe(en.tone);
    expect((ja.data as { figures: string[] }).figures).toEqual((en.data as { figures: string[] }).figures);
    expect(ja.image?.name).toBe(en.image?.name);
    expect(ja.body).toMatch(/億円/);
    expect(ja.body).not.toMatch(/billion|stated|by period/);
    expect(ja.footer).toMatch(/^出典: /);
    const first = (en.data as { figures: string[] }).figures.at(-1)!;
    expect(ja.title).toContain(jaLog().figures[first]);
  });

  it('WHEN a figure is named in Japanese THEN the same chart; a figure the log lacks THEN a Japanese error with the nearest figures', async () => {
    const typed = await runCommand(registry, { name: 'chart', args: { query: 'ホンダ 関税影響' } }, ctx());
    expect(typed.tone).not.toBe('error');
    expect(typed.footer).toMatch(/^出典: /);
    const none = await runCommand(registry, { name: 'chart', args: { query: 'toyota dividend' } }, ctx('ja'));
    expect(none).toMatchObject({ tone: 'error', title: '数値が見つかりません' });
    expect(none.body).toMatch(/^「toyota dividend」に合う数値は記録にないため/);
  });

  it('WHEN report runs where there is no database THEN the refusal is Japanese', async () => {
    const r = await runCommand(registry, { name: 'report', args: { event: store.current.events[0].id, what: 'The date is wrong.' } }, ctx('ja'));
    expect(r).toMatchObject({ tone: 'error', title: 'ここでは使えません' });
  });

  it('WHEN event names are autocompleted for chart, report and curate attach THEN choices carry Japanese names ≤ 100 characters and the same ids as English', () => {
    for (const [name, group, focused, options] of [
      ['chart', undefined, 'query', { query: 'nissan' }],
      ['report', undefined, 'event', { event: 'nissan' }],
      ['attach', 'curate', 'event', { event: 'nissan' }],
    ] as const) {
      const en = runAutocomplete(registry, { name, group, focused, args: options }, ctx());
      const ja = runAutocomplete(registry, { name, group, focused, args: options }, ctx('ja'));
      expect(ja.map((c) => c.value)).toEqual(en.map((c) => c.value));
      expect(ja.length).toBeGreaterThan(0);
      expect(ja.every((c) => c.name.length <= 100 && /[\u3040-\u30ff\u4e00-\u9fff]/.test(c.name))).toBe(true);
    }
  });
});
