import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadTimelineFile } from '../../../src/timeline/store.js';
import { createRegistry } from '../../../commands/index.js';
import { runCommand } from '../../../src/core/dispatch.js';
import type { CommandContext } from '../../../src/core/command.js';
import { loadJaLogFile } from '../../../src/i18n/ja/log.js';

const loaded = loadTimelineFile(resolve(import.meta.dirname, '../../../data/events.json'));
if (!loaded.ok) throw new Error(loaded.error.message);
const ja = loadJaLogFile();
if (!ja.ok) throw new Error(ja.error);
const registry = createRegistry();
const ctx = (locale?: 'ja' | 'en'): CommandContext => ({ timeline: loaded.timeline, now: new Date('2026-06-01T00:00:00Z'), platform: 'console', user: { id: 'u', canManage: false }, services: {}, ...(locale ? { locale } : {}) });

describe('event and figure in Japanese', () => {
  it('GIVEN a ja locale WHEN an event is shown THEN its Japanese title and summary, the same figures and sources', async () => {
    const id = '2025-11-07-honda-cuts-forecast-550bn';
    const jaReply = await runCommand(registry, { name: 'event', args: { id } }, ctx('ja'));
    const enReply = await runCommand(registry, { name: 'event', args: { id } }, ctx());
    expect(jaReply.title).toBe(ja.log.events[id].title);
    expect(jaReply.body).toBe(ja.log.events[id].summary);
    expect(jaReply.fields?.map((f) => f.name)).toContain('公式/報道');
    expect(JSON.stringify(jaReply.fields)).toContain('3,850億円');
    expect({ ...jaReply.data, locale: undefined }).toEqual({ ...enReply.data, locale: undefined });
  });

  it('GIVEN a Japanese figure query THEN a Japanese series with the same figures as the English query', async () => {
    const jaReply = await runCommand(registry, { name: 'figure', args: { query: 'ホンダ 関税影響' } }, ctx());
    const enReply = await runCommand(registry, { name: 'figure', args: { query: 'honda tariff impact' } }, ctx());
    expect(jaReply.title).toBe('ホンダの営業利益への関税影響');
    expect(jaReply.body).toContain('3,850億円');
    expect(jaReply.data?.series).toEqual(enReply.data?.series);
  });

  it('GIVEN a Japanese figure query the log does not hold THEN a polite Japanese error', async () => {
    const r = await runCommand(registry, { name: 'figure', args: { query: 'トヨタ 配当金' } }, ctx('ja'));
    expect(r.tone).toBe('error');
    expect(r.body).toMatch(/記録にありません/);
  });
});

describe('autocomplete in Japanese', () => {
  it('GIVEN Japanese typing in the figure option THEN the same figures as the English words, named in Japanese', () => {
    const figure = registry.find(undefined, 'figure')!;
    const jaChoices = figure.autocomplete!('query', 'ホンダ 関税影響', ctx('ja'), {});
    const enChoices = figure.autocomplete!('query', 'honda tariff impact', ctx(), {});
    expect(jaChoices.map((c) => c.value)).toEqual(enChoices.map((c) => c.value));
    expect(jaChoices[0].name).toMatch(/億円/);
    for (const c of jaChoices) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it('GIVEN a ja locale in the event option THEN choices carry Japanese titles and the same ids', () => {
    const event = registry.find(undefined, 'event')!;
    const jaChoices = event.autocomplete!('id', '', ctx('ja'), {});
    const enChoices = event.autocomplete!('id', '', ctx(), {});
    expect(jaChoices.map((c) => c.value)).toEqual(enChoices.map((c) => c.value));
    expect(jaChoices[0].name).toMatch(/年\d+月/);
  });
});
