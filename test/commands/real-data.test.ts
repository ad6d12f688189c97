/** Every read subcommand on the real curated log. */
import { describe, it, expect } from 'vitest';
import { runCommand, runAction } from '../../src/core/dispatch.js';
import type { CommandContext } from '../../src/core/command.js';
import { createRegistry } from '../../commands/index.js';
import { realTimeline } from '../helpers/fixture.js';

const timeline = realTimeline();
const registry = createRegistry();
const ctx: CommandContext = { timeline, now: new Date('2026-11-25T12:00:00Z'), platform: 'console', user: { id: 'u', canManage: false }, services: {} };
const run = (name: string, args: Record<string, unknown> = {}) => runCommand(registry, { name, args }, ctx);

describe('read subcommands on the real log', () => {
  it('GIVEN latest THEN the newest events of the log, newest first', async () => {
    const r = await run('latest', { count: 3 });
    const ids = r.data?.events as string[];
    expect(ids).toEqual(timeline.newest(3).map((e) => e.id));
    expect(ids.every((id) => timeline.get(id)!.date >= '2026')).toBe(true);
  });

  it('GIVEN timeline THEN it opens on the page holding the newest event and pages back in date order', async () => {
    const r = await run('timeline');
    expect((r.data?.events as string[]).at(-1)).toBe(timeline.newestEvent!.id);
    const back = await runAction(registry, r.buttons![0].action, ctx);
    const ids = back.data?.events as string[];
    const dates = ids.map((id) => timeline.get(id)!.date);
    expect([...dates].sort()).toEqual(dates);
    expect(dates.at(-1)! <= timeline.get((r.data?.events as string[])[0])!.date).toBe(true);
  });

  it('GIVEN timeline with company Mitsubishi and topic merger-talks THEN only such events', async () => {
    const r = await run('timeline', { company: 'mitsubishi', topic: 'merger-talks' });
    const ids = r.data?.events as string[];
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const e = timeline.get(id)!;
      expect(e.companies).toContain('Mitsubishi Motors');
      expect(e.topics).toContain('merger-talks');
    }
  });

  it('GIVEN every event id THEN the event reply carries all its figures and every source as a link', async () => {
    for (const e of timeline.events) {
      const r = await run('event', { id: e.id });
      expect(r.title).toBe(e.title);
      expect(r.data?.figures).toEqual(e.figures.map((f) => f.id));
      const text = JSON.stringify(r.fields);
      for (const s of e.sources) expect(text).toContain(s.url);
    }
  });

  it('GIVEN an unknown event id THEN an ephemeral, specific error', async () => {
    const r = await run('event', { id: 'zzzz-qqqq-nothing' });
    expect(r.ephemeral).toBe(true);
    expect(r.body).toMatch(/no event `zzzz-qqqq-nothing`/);
  });

  it('GIVEN recap all THEN every event appears once, grouped by topic', async () => {
    const r = await run('recap', { period: 'all' });
    expect((r.data?.events as string[]).length).toBe(timeline.size);
    expect(r.fields!.length).toBe(new Set(timeline.events.map((e) => e.topics[0])).size);
  });

  it('GIVEN recap from 2025-02 to 2025-02 THEN the February 2025 events, including the MOU termination', async () => {
    const r = await run('recap', { from: '2025-02', to: '2025-02' });
    const ids = r.data?.events as string[];
    expect(ids).toContain('2025-02-13-merger-mou-terminated');
    expect(ids.every((id) => timeline.get(id)!.date.startsWith('2025-02'))).toBe(true);
  });

  it('GIVEN about THEN it counts events and sources and names the newest event', async () => {
    const r = await run('about');
    const text = JSON.stringify(r.fields);
    expect(text).toContain(`${timeline.size} events`);
    expect(text).toContain(`${timeline.sourceCount} sources`);
    expect(text).toContain(timeline.newestEvent!.id);
  });

  it('GIVEN about and latest on the real log THEN they say the period covered, the last curation and how old the newest event is', async () => {
    const about = JSON.stringify((await run('about')).fields);
    expect(about).toContain('events from 15 Mar 2024 to June 2026');
    expect(about).toContain('last curated 6 Dec 2026');
    expect(about).toMatch(/June 2026 \(4 months ago\)/);
    const latest = await run('latest');
    expect(latest.body).toMatch(/^_Newest event: June 2026, 4 months ago\. The log holds events from 15 Mar 2024 to June 2026 \(last curated 6 Dec 2026\)\._/);
  });

  it('GIVEN questions answered with citations THEN the citations come best tier first', async () => {
    const tierOf = new Map(timeline.events.flatMap((e) => e.sources).map((src) => [src.url, src.tier]));
    const rank = (url: string) => ['primary', 'wire', 'press', 'relay'].indexOf(tierOf.get(url)!);
    for (const question of ['How big is Honda\'s tariff hit?', 'why did the merger talks collapse', 'nissan net loss']) {
      const r = await run('ask', { question });
      const urls = (r.data?.citations as { url: string }[]).map((c) => c.url);
      expect(urls.length, question).toBeGreaterThan(0);
      expect(urls.map(rank), question).toEqual([...urls.map(rank)].sort((a, b) => a - b));
    }
  });

  it('GIVEN recap this year after the log ends THEN it says where the log ends', async () => {
    const r = await run('recap', { period: 'last-30-days' });
    expect(r.body).toMatch(/^The log has no events in the last 30 days: it ends in June 2026, before this period starts\./);
  });
});
