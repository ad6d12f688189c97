/** `/nissan-honda chart` and the Chart button on `figure`, through the core dispatcher every platform uses. */
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../commands/index.js';
import { runAction, runCommand } from '../../src/core/dispatch.js';
import { parseTextCommand } from '../../src/core/text-command.js';
import type { CommandContext } from '../../src/core/command.js';
import { chartTimeline } from './fixture.js';

const registry = createRegistry();
const ctx: CommandContext = { timeline: chartTimeline(), now: new Date('2026-11-30T00:00:00Z'), platform: 'console', user: { id: 'u', canManage: false }, services: {} };

describe('/nissan-honda chart', () => {
  it('GIVEN a figure with revisions THEN a reply with the PNG, the values as text, the sources and the ids drawn', async () => {
    const reply = await runCommand(registry, { name: 'chart', args: { query: 'honda tariff impact' } }, ctx);
    expect(reply.tone).not.toBe('error');
    expect(reply.image?.name).toBe('chart-honda-tariff-may.png');
    expect(Buffer.from(reply.image!.data).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([reply.image!.width, reply.image!.height]).toEqual([1200, 675]);
    expect(reply.body).toContain('¥650 billion (13 May 2025) → ¥450 billion (6 Aug 2025, reported) → ¥385 billion (7 Nov 2025)');
    expect(reply.footer).toBe('Sources: Honda, Nikkei · from the curated log, 25 Nov 2026');
    expect(reply.tone).toBe('reported');
    expect(reply.data).toMatchObject({ query: 'honda tariff impact', kind: ['revisions'], figures: ['honda-tariff-may', 'honda-tariff-aug', 'honda-tariff-nov'] });
  });

  it('GIVEN compare, or "A vs B" typed in one line THEN both series', async () => {
    const a = await runCommand(registry, { name: 'chart', args: { query: 'honda operating profit', compare: 'nissan operating profit' } }, ctx);
    const b = await runCommand(registry, { name: 'chart', args: { query: 'honda operating profit vs nissan operating profit' } }, ctx);
    expect((a.data as { figures: string[] }).figures).toHaveLength(6);
    expect(b.data).toMatchObject({ figures: (a.data as { figures: string[] }).figures, compare: 'nissan operating profit' });
  });

  it('GIVEN dark THEN the same chart drawn dark; typed, the word "light" stays part of the query', async () => {
    const light = await runCommand(registry, { name: 'chart', args: { query: 'honda tariff impact' } }, ctx);
    const dark = await runCommand(registry, { name: 'chart', args: { query: 'honda tariff impact', dark: true } }, ctx);
    expect(dark.image?.name).toBe(light.image?.name);
    expect(Buffer.from(dark.image!.data).equals(Buffer.from(light.image!.data))).toBe(false);
    const typed = parseTextCommand('chart honda tariff impact dark', registry, ctx.timeline);
    expect(typed).toEqual({ kind: 'command', request: { name: 'chart', args: { query: 'honda tariff impact', dark: 'true' } } });
    const words = parseTextCommand('chart light vehicles', registry, ctx.timeline);
    expect(words.kind === 'command' && words.request.args.query).toBe('light vehicles');
  });

  it('GIVEN a figure the log does not hold THEN a private, polite error naming the query, and no image', async () => {
    const reply = await runCommand(registry, { name: 'chart', args: { query: 'zebra unicorn figures' } }, ctx);
    expect(reply).toMatchObject({ tone: 'error', ephemeral: true, title: 'Figure not found' });
    expect(reply.body).toContain('The log holds no figure matching “zebra unicorn figures”, so there is nothing to chart.');
    expect(reply.image).toBeUndefined();
    const other = await runCommand(registry, { name: 'chart', args: { query: 'honda tariff impact', compare: 'zebra unicorn figures' } }, ctx);
    expect(other.tone).toBe('error');
  });

  it('GIVEN an over-long query THEN the usual option error', async () => {
    const reply = await runCommand(registry, { name: 'chart', args: { query: 'x'.repeat(101) } }, ctx);
    expect(reply.tone).toBe('error');
    expect(reply.body).toMatch(/too long: 101 characters, the limit is 100/);
  });
});

describe('the Chart button on figure replies', () => {
  it('GIVEN a series of two or more statements THEN figure offers Chart, and pressing it answers with the chart', async () => {
    const fig = await runCommand(registry, { name: 'figure', args: { query: 'honda tariff impact' } }, ctx);
    expect(fig.buttons).toEqual([{ action: 'chart:honda-tariff-nov', label: 'Chart' }]);
    const chart = await runAction(registry, fig.buttons![0].action, ctx);
    expect(chart.image?.name).toBe('chart-honda-tariff-may.png');
    expect(chart.title).toBe('Honda tariff impact estimate — FY ending Mar 2026');
  });

  it('GIVEN a series of one statement THEN no Chart button', async () => {
    const fig = await runCommand(registry, { name: 'figure', args: { query: 'honda-op-fy2024' } }, ctx);
    expect(fig.tone).not.toBe('error');
    expect(fig.buttons ?? []).toEqual([]);
  });

  it('GIVEN a Chart button for a figure since removed from the log THEN a polite error', async () => {
    const reply = await runAction(registry, 'chart:no-such-figure-anymore', ctx);
    expect(reply.tone).toBe('error');
  });
});
