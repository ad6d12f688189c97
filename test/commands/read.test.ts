import { describe, it, expect } from 'vitest';
import { Registry, runAction, runCommand } from '../../src/core/dispatch.js';
import type { CommandContext } from '../../src/core/command.js';
import { latest } from '../../commands/latest.js';
import { timelineCommand, PAGE_SIZE } from '../../commands/timeline.js';
import { recap } from '../../commands/recap.js';
import { about, age } from '../../commands/about.js';
import { fixtureTimeline, fixtureEvent, fixtureLog } from '../helpers/fixture.js';
import { parseTextCommand } from '../../src/core/text-command.js';
import { Timeline } from '../../src/timeline/timeline.js';

const registry = new Registry([latest, timelineCommand, recap, about]);
const tl = fixtureTimeline(15); // events 2025-01-01 … every 10 days … 2025-05-11
function ctx(t: Timeline = tl, now = '2025-05-15T12:00:00Z'): CommandContext {
  return { timeline: t, now: new Date(now), platform: 'console', user: { id: 'u', canManage: false }, services: {} };
}
const run = (name: string, args: Record<string, unknown> = {}, c = ctx()) => runCommand(registry, { name, args }, c);

describe('latest', () => {
  it('GIVEN no count THEN the 5 newest events, newest first, each with date, title, summary and status', async () => {
    const r = await run('latest');
    expect(r.data?.events).toEqual(['event-14', 'event-13', 'event-12', 'event-11', 'event-10']);
    expect(r.body).toMatch(/\*\*21 May 2025\*\* · \[Event number 14\]\(https:\/\/example.com\/news\/14\) · _official_/);
    expect(r.body).toContain('Summary of event 14.');
    expect(r.body).not.toContain('Second sentence');
  });
  it('GIVEN count 2 THEN two; count 11 THEN a polite error', async () => {
    expect((await run('latest', { count: 2 })).data?.events).toEqual(['event-14', 'event-13']);
    const bad = await run('latest', { count: 11 });
    expect(bad.ephemeral).toBe(true);
    expect(bad.body).toMatch(/at most 10/);
  });
});

describe('timeline', () => {
  it('GIVEN no filters THEN it opens on the last page (most recent events) with Previous enabled and Next disabled', async () => {
    const r = await run('timeline');
    const pages = Math.ceil(15 / PAGE_SIZE);
    expect(r.data).toMatchObject({ page: pages, pages });
    expect((r.data?.events as string[]).at(-1)).toBe('event-14');
    const [prev, next] = r.buttons!;
    expect(prev.disabled).toBe(false);
    expect(next.disabled).toBe(true);
    expect(prev.action.length).toBeLessThanOrEqual(100);
  });

  it('GIVEN the Previous button id THEN the earlier page comes back, in date order, from the id alone (survives restarts)', async () => {
    const first = await run('timeline');
    const prevId = first.buttons![0].action;
    // A brand-new registry/timeline object stands in for a restarted bot.
    const restarted = new Registry([timelineCommand]);
    const r = await runAction(restarted, prevId, ctx(fixtureTimeline(15)));
    expect(r.data?.page).toBe((first.data?.page as number) - 1);
    expect(r.data?.events).toEqual(['event-6', 'event-7', 'event-8', 'event-9', 'event-10', 'event-11'].slice(0, PAGE_SIZE));
  });

  it('GIVEN topic, company and date filters THEN only matching events, and the filters survive paging', async () => {
    const r = await run('timeline', { topic: 'tariffs', from: '2025-02', to: '2025-04-30' });
    // tariffs = every third event: 0,3,6,9,12 → dates Jan 1, Jan 31, Mar 2, Apr 1, May 1
    expect(r.data?.events).toEqual(['event-6', 'event-9']);
    expect(r.body).toMatch(/topic \*\*tariffs\*\*/);
    const all = await run('timeline', { topic: 'merger-talks' }); // 10 events → 2 pages
    expect(all.data).toMatchObject({ page: 2, pages: 2 });
    const back = await runAction(registry, all.buttons![0].action, ctx());
    expect(back.data?.page).toBe(1);
    expect(back.data?.events).toEqual(['event-1', 'event-2', 'event-4', 'event-5', 'event-7', 'event-8']);
    const none = await run('timeline', { company: 'Toyota' });
    expect(none.body).toMatch(/No events match/);
  });

  it('GIVEN bad dates THEN specific ephemeral errors', async () => {
    expect((await run('timeline', { from: '2025-13' })).body).toMatch(/no month 13/);
    expect((await run('timeline', { from: '2025-02-30' })).body).toMatch(/not a real calendar date/);
    expect((await run('timeline', { from: 'yesterday' })).body).toMatch(/like 2025-02 or 2025-02-13/);
    expect((await run('timeline', { from: '2025-05', to: '2025-01' })).body).toMatch(/after/);
    expect((await run('timeline', { topic: 'gossip' })).body).toMatch(/must be one of/);
  });

  it('GIVEN a tampered button id THEN a polite error, not a crash', async () => {
    const r = await runAction(registry, 'tl:abc|||', ctx());
    expect(r.ephemeral).toBe(true);
    expect(r.body).toMatch(/out of date/);
  });
});

describe('recap', () => {
  it('GIVEN last 30 days THEN events in that window grouped by topic, newest first, linked', async () => {
    const r = await run('recap', { period: 'last-30-days' });
    // event i is dated Jan 1 + 10·i days; now = 2025-05-15 → window Apr 16 … May 15 → events 11 (Apr 21), 12 (May 1), 13 (May 11)
    expect(r.data?.events).toEqual(['event-11', 'event-12', 'event-13']);
    const names = r.fields!.map((f) => f.name);
    expect(names).toEqual(['merger-talks (2)', 'tariffs (1)']);
    expect(r.fields![0].value.indexOf('event-13')).toBeLessThan(r.fields![0].value.indexOf('event-11'));
  });
  it('GIVEN an empty window inside the log THEN it says so and names the newest event', async () => {
    const r = await run('recap', { from: '2025-01-02', to: '2025-01-05' });
    expect(r.body).toMatch(/^No new events from 2 Jan 2025 to 5 Jan 2025\. The newest event in the log is from 21 May 2025/);
    expect(r.body).toMatch(/event-14/);
  });
  it('GIVEN a window after the newest event THEN it says where the log ends (and no "in from")', async () => {
    const r = await run('recap', { period: 'last-7-days' }, ctx(tl, '2026-11-25T00:00:00Z'));
    expect(r.body).toMatch(/^The log has no events in the last 7 days: it ends on 21 May 2025, before this period starts\./);
    expect(r.body).toContain('The log holds events from 1 Jan 2025 to 21 May 2025.');
    const later = await run('recap', { from: '2027-01' });
    expect(later.title).toBe('Recap: from January 2027');
    expect(later.body).toMatch(/^The log has no events from January 2027: it ends on 21 May 2025/);
    expect(later.body).not.toMatch(/in from/);
  });
  it('GIVEN an event dated only to a year or a month THEN a window is not "in" it unless it covers the whole period; it is shown apart', async () => {
    const events = [...fixtureLog(15).events, fixtureEvent(20, '2025'), fixtureEvent(21, '2025-05')];
    const t = new Timeline({ events }, 'precision');
    const week = await run('recap', { period: 'last-7-days' }, ctx(t, '2025-05-15T12:00:00Z'));
    expect(week.data?.events).toEqual(['event-13']);
    expect(week.data?.apart).toEqual(['event-20', 'event-21']);
    const apartField = week.fields!.at(-1)!;
    expect(apartField.name).toMatch(/^Dated only to a month or year that overlaps this period \(2\)/);
    expect(apartField.value).toMatch(/event-20.* — dated 2025 only/);
    expect(apartField.value).toMatch(/event-21.* — dated May 2025 only/);
    const may = await run('recap', { from: '2025-05', to: '2025-05' }, ctx(t));
    expect(may.data?.events).toEqual(['event-21', 'event-12', 'event-13', 'event-14']);
    expect(may.data?.apart).toEqual(['event-20']);
    const year = await run('recap', { from: '2025', to: '2025' }, ctx(t));
    expect(year.data?.events).toContain('event-20');
    expect(year.data?.apart).toBeUndefined();
  });
  it('GIVEN the period words of the help and README typed as text THEN recap understands them', () => {
    const args = (line: string) => {
      const p = parseTextCommand(line, registry, tl);
      if (p.kind !== 'command') throw new Error(JSON.stringify(p));
      return p.request.args;
    };
    expect(args('/nissan-honda recap this year')).toEqual({ period: 'this-year' });
    expect(args('/nissan-honda recap last 7 days')).toEqual({ period: 'last-7-days' });
    expect(args('/nissan-honda recap last 30 days')).toEqual({ period: 'last-30-days' });
    expect(args('/nissan-honda recap period:last 30 days')).toEqual({ period: 'last-30-days' });
    expect(args('/nissan-honda recap period:this year')).toEqual({ period: 'this-year' });
    expect(args('/nissan-honda recap 7d')).toEqual({ period: 'last-7-days' });
  });
  it('GIVEN from/to THEN that window; both period and from THEN an error', async () => {
    expect((await run('recap', { from: '2025-01', to: '2025-01' })).data?.events).toEqual(['event-0', 'event-1', 'event-2', 'event-3']);
    expect((await run('recap', { period: 'all', from: '2025-01' })).body).toMatch(/either `period` or `from`\/`to`/);
  });
});

describe('about', () => {
  it('GIVEN the log THEN counts, newest event, curation and how to report a mistake', async () => {
    const r = await run('about');
    const text = JSON.stringify(r.fields);
    expect(text).toContain('15 events');
    expect(text).toContain('15 sources');
    expect(text).toContain('event-14');
    expect(text).toMatch(/Report a mistake/);
  });
  it('GIVEN curated dates THEN about gives the period covered, the last curation and the newest event\'s age', async () => {
    const events = fixtureLog(15).events.map((e, i) => ({ ...e, curated: i === 3 ? '2025-06-02' : '2025-05-30' }));
    const r = await run('about', {}, ctx(new Timeline({ events }), '2025-07-21T00:00:00Z'));
    const text = JSON.stringify(r.fields);
    expect(text).toContain('events from 1 Jan 2025 to 21 May 2025');
    expect(text).toContain('last curated 2 Jun 2025');
    expect(text).toContain('21 May 2025 (60 days ago)');
  });
});

describe('latest: how current the log is', () => {
  it('GIVEN a newest event 10 days old THEN latest says so, with the period covered', async () => {
    const r = await run('latest', {}, ctx(tl, '2025-05-31T12:00:00Z'));
    expect(r.body).toMatch(/^_Newest event: 21 May 2025, 9 days ago\. The log holds events from 1 Jan 2025 to 21 May 2025\._/);
  });
  it('GIVEN a month-only newest event THEN its age counts from the end of that month', () => {
    expect(age('2026-06', new Date('2026-07-03T00:00:00Z'))).toBe('2 days ago');
    expect(age('2026-06', new Date('2026-06-20T00:00:00Z'))).toBe('this period');
    expect(age('2024', new Date('2026-07-03T00:00:00Z'))).toBe('18 months ago');
  });
});

describe('partial dates', () => {
  it('GIVEN a month-only event THEN it sorts before the days of that month and matches a day filter inside the month', () => {
    const t = new Timeline({ events: [fixtureEvent(1, '2025-05-13'), fixtureEvent(2, '2025-05')] });
    expect(t.events.map((e) => e.id)).toEqual(['event-2', 'event-1']);
    expect(t.filter({ from: '2025-05-20' }).map((e) => e.id)).toEqual(['event-2']);
  });
});

describe('topic words in text', () => {
  it('GIVEN `timeline tariff` typed in the console THEN it filters by the tariffs topic, not a company called "tariff"', async () => {
    const { parseTextCommand } = await import('../../src/core/text-command.js');
    const parsed = parseTextCommand('/nissan-honda timeline tariff', registry, tl);
    expect(parsed).toMatchObject({ kind: 'command', request: { name: 'timeline', args: { topic: 'tariffs' } } });
    if (parsed.kind !== 'command') throw new Error('not parsed as a command');
    const r = await runCommand(registry, parsed.request, ctx());
    expect(r.body).toMatch(/topic \*\*tariffs\*\*/);
  });
});
