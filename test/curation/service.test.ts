import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CurationError } from '../../src/curation/index.js';
import { addCandidate, curationFixture, type CurationFixture } from './helpers.js';

let f: CurationFixture;
afterEach(() => f?.db.close());

describe('the curation service', async () => {
  it('GIVEN a draft whose id is taken THEN it gets the next free id AND adding both keeps the log valid', async () => {
    f = curationFixture();
    const a = await addCandidate(f.store, { url: 'https://news.example/a', title: 'Honda and Nissan talk again' });
    const b = await addCandidate(f.store, { url: 'https://news.example/b', title: 'Honda and Nissan talk again!' });
    const first = (await f.service.add(await f.service.draft(a.id), 'cli:t')).event.id;
    const second = (await f.service.draft(b.id)).id;
    expect(second).toBe(`${first}-2`);
    expect((await f.service.add(await f.service.draft(b.id), 'cli:t')).event.id).toBe(second);
  });

  it('GIVEN unknown ids or a finished item THEN polite refusals that change nothing', async () => {
    f = curationFixture();
    const before = readFileSync(f.eventsPath);
    const c = await addCandidate(f.store, { url: 'https://news.example/c', title: 'Nissan plant to close' });
    await expect(f.service.attach(c.id, 'no-such-event', 'cli:t')).rejects.toThrow(/no event `no-such-event`/);
    await expect(f.service.report({ eventId: 'no-such-event', message: 'wrong', reporter: 'r', platform: 'discord' })).rejects.toThrow(CurationError);
    await expect(f.service.report({ eventId: 'event-1', message: 'wrong', sourceUrl: 'not a link', reporter: 'r', platform: 'discord' })).rejects.toThrow(/full http\(s\) link/);
    await expect(f.service.add([1, 2], 'cli:t')).rejects.toThrow(/must be one event/);
    const r = await f.service.report({ eventId: 'event-1', message: 'wrong date', reporter: 'discord:1', platform: 'discord' });
    await f.service.resolveReport(r.id, 'not-a-mistake', 'cli:t');
    await expect(f.service.resolveReport(r.id, 'fixed', 'cli:u')).rejects.toThrow(/already resolved \(not-a-mistake\) by cli:t/);
    expect(readFileSync(f.eventsPath).equals(before)).toBe(true);
    expect((await f.store.changes()).map((x) => [x.action, x.reportId, x.actor])).toEqual([['resolve-report', r.id, 'cli:t']]);
  });

  it('GIVEN a reader who floods reports THEN the eleventh in a day is refused politely', async () => {
    f = curationFixture();
    for (let i = 0; i < 10; i++) await f.service.report({ eventId: 'event-1', message: `mistake ${i}`, reporter: 'discord:9', platform: 'discord' });
    await expect(f.service.report({ eventId: 'event-1', message: 'one more', reporter: 'discord:9', platform: 'discord' })).rejects.toThrow(/sent 10 reports in the last 24 hours/);
    expect((await f.service.report({ eventId: 'event-1', message: 'another reader', reporter: 'discord:8', platform: 'discord' })).id).toBe(11);
  });

  it('GIVEN figures typed for an event THEN ranges, scales and the event’s date and source are kept exactly; ids stay unique; a figure breaking a rule is refused', async () => {
    f = curationFixture();
    const a = await f.service.addFigure('event-2', { label: 'Honda tariff hit', value: '700–750', unit: 'JPY billion', period: 'FY2025', company: 'Honda' }, 'cli:t');
    expect(a).toMatchObject({ id: 'honda-tariff-hit-2025-01-21', value: 700, valueHigh: 750, unit: 'JPY', scale: 'billion', metric: 'tariff-hit', asOf: '2025-01-21', source: 'https://example.com/news/2' });
    const b = await f.service.addFigure('event-2', { label: 'Honda tariff hit', value: '-4.9', unit: 'percent', period: 'FY2025', company: 'Honda' }, 'cli:t');
    expect(b).toMatchObject({ id: 'honda-tariff-hit-2025-01-21-2', value: -4.9, unit: 'percent' });
    const before = readFileSync(f.eventsPath);
    await expect(f.service.addFigure('event-2', { label: 'x', value: '1', unit: 'JPY', period: 'FY2025', company: 'Toyota' }, 'cli:t')).rejects.toThrow(/company: "Toyota" is not among the event's companies/);
    await expect(f.service.addFigure('nope', { label: 'x', value: '1', unit: 'JPY', period: 'p', company: 'Honda' }, 'cli:t')).rejects.toThrow(/no event `nope`/);
    expect(readFileSync(f.eventsPath).equals(before)).toBe(true);
  });

  it('GIVEN open candidates THEN autocomplete’s list has them after a read AND a dismissed one is gone at the next read', async () => {
    f = curationFixture();
    const a = await addCandidate(f.store, { url: 'https://news.example/a', title: 'Honda and Nissan talk again' });
    const b = await addCandidate(f.store, { url: 'https://news.example/b', title: 'Nissan plant to close' });
    await f.service.refreshChoices();
    expect(f.service.openCandidates().map((c) => c.id).sort()).toEqual([a.id, b.id]);
    await f.service.dismiss(a.id, 'cli:t');
    await f.service.refreshChoices();
    expect(f.service.openCandidates().map((c) => c.id)).toEqual([b.id]);
  });
});
