/**
 * A bare measure ("nissan utilisation") is answered with the measure itself, not with a threshold or aim that
 * carries the same word (the break-even utilisation); a place's figure answers a question naming no place, labelled
 * with its place, and never a question naming another place.
 */
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answers/index.js';
import { runCommand } from '../../src/core/dispatch.js';
import type { CommandContext } from '../../src/core/command.js';
import { createRegistry } from '../../commands/index.js';
import { realTimeline } from '../helpers/fixture.js';

const timeline = realTimeline();
const registry = createRegistry();
const now = new Date('2026-06-01T00:00:00Z');
const ctx: CommandContext = { timeline, now, platform: 'console', user: { id: 'u', canManage: false }, services: {} };
const figure = (query: string) => runCommand(registry, { name: 'figure', args: { query } }, ctx);

const US = ['nissan-us-plants-utilisation-2024', 'nissan-canton-utilisation-2024'];
const BREAK_EVEN = ['nissan-break-even-utilisation-japan-news', 'nissan-break-even-utilisation-nikkei'];

describe('plant utilisation without a place', () => {
  it('GIVEN `figure nissan utilisation` THEN the US plants utilisation series leads (57% Canton vs about 50% all US plants, sources differ), and the break-even thresholds follow as a separate, labelled series', async () => {
    const r = await figure('nissan utilisation');
    const series = r.data?.series as string[][];
    expect(series[0]).toEqual(expect.arrayContaining(US));
    expect(series.slice(1).some((s) => BREAK_EVEN.every((id) => s.includes(id)))).toBe(true);
    expect(r.title).toBe('Nissan US plants utilisation');
    expect(r.body).toMatch(/sources differ/i);
    expect(r.body).toContain('57%');
    expect(r.body).toContain('about 50%');
    expect(r.body).not.toContain('70–80%');
    expect(r.footer).toContain('id: nissan-us-plants-utilisation-2024');
    const related = r.fields!.find((f) => /break-even/i.test(f.name));
    expect(related?.name).toMatch(/^Nissan plant break-even utilisation/);
    expect(related?.value).toContain('70–80%');
  });

  it('GIVEN `ask how busy are nissan plants` or "what is nissan\'s plant utilisation" THEN the utilisation itself, labelled with its place, never the break-even level', () => {
    for (const q of ['how busy are nissan plants', "what is nissan's plant utilisation", 'nissan utilisation']) {
      const a = answerQuestion(timeline, q, { now });
      expect(a.found, q).toBe(true);
      expect(a.kind, q).toBe('figure');
      expect(a.figures.map((r) => r.figure.id).sort(), q).toEqual([...US].sort());
      expect(a.answer, q).toContain('**Nissan US plants utilisation**');
      expect(a.answer, q).toMatch(/sources differ/i);
      expect(a.answer, q).not.toMatch(/break-even/i);
    }
  });

  it('GIVEN the break-even threshold asked for THEN the threshold, with both sources', () => {
    const a = answerQuestion(timeline, 'nissan break-even utilisation', { now });
    expect(a.figures.map((r) => r.figure.id).sort()).toEqual([...BREAK_EVEN].sort());
  });

  it('GIVEN a question naming another place (Japan, Mexico) THEN it declines; the US figures appear only as the nearest thing, marked as not an answer', async () => {
    for (const q of ["What is Nissan's Japan plant utilisation?", 'Nissan Mexico plant utilisation']) {
      const a = answerQuestion(timeline, q, { now });
      expect(a.found, q).toBe(false);
      expect(a.figures, q).toEqual([]);
      expect(a.answer, q).toMatch(/^The log does not hold/);
      const us = a.answer.indexOf('about 50%');
      if (us >= 0) expect(a.answer.indexOf('not an answer to your question'), q).toBeLessThan(us);
    }
    const r = await figure('nissan japan plant utilisation');
    expect(r.title).toBe('Figure not found');
  });

  it('GIVEN a count or amount of one place THEN it never answers for the whole company ("Nissan\'s headcount" is not the Oppama workforce)', () => {
    const a = answerQuestion(timeline, 'How many employees does Nissan have?', { now });
    expect(a.figures.map((r) => r.figure.id)).not.toContain('nissan-oppama-workforce');
  });
});

describe('headline figures asked barely', () => {
  const top = (q: string) => {
    const a = answerQuestion(timeline, q, { now });
    expect(a.found, q).toBe(true);
    return a.figures.map((r) => r.figure.id);
  };

  it('GIVEN "Honda\'s tariff hit?" or "honda tariff" THEN the full-year tariff impact, latest ¥385 billion first, revisions after', () => {
    for (const q of ["Honda's tariff hit?", 'honda tariff']) {
      const ids = top(q);
      expect(ids[0], q).toMatch(/^honda-tariff-impact-fy2025-nov/);
      expect(ids.indexOf('honda-tariff-impact-fy2025-aug'), q).toBeLessThan(ids.indexOf('honda-tariff-impact-fy2025-may'));
    }
  });

  it('GIVEN "layoffs at nissan" THEN the Re:Nissan 20,000 job cuts first, the earlier 9,000 after', () => {
    const ids = top('layoffs at nissan');
    expect(ids[0]).toBe('nissan-job-cuts-re-nissan');
    expect(ids).toContain('nissan-job-cuts-2024-11');
  });

  it('GIVEN "renault stake in nissan" THEN the latest statement (about 35%, Jiji, Mar 2025)', () => {
    const a = answerQuestion(timeline, 'renault stake in nissan', { now });
    expect(a.figures.map((r) => r.figure.id)).toEqual(['renault-stake-in-nissan-2025-03']);
  });

  it('GIVEN "how many plants will nissan close" THEN the Re:Nissan 7 closures first, not the targeted plant count', () => {
    const ids = top('how many plants will nissan close');
    expect(ids[0]).toBe('nissan-plant-closures-re-nissan');
    expect(ids).not.toContain('nissan-vehicle-plants-target');
  });

  it('GIVEN "how many plants does nissan plan to have" THEN the aim is asked for: the targeted plant count', () => {
    expect(top('how many plants does nissan plan to have')[0]).toBe('nissan-vehicle-plants-target');
  });

  it('GIVEN "honda operating profit forecast" THEN the forecast series latest first, and the later loss forecast for the same year shown after it, labelled', () => {
    const a = answerQuestion(timeline, 'honda operating profit forecast', { now });
    const ids = a.figures.map((r) => r.figure.id);
    expect(ids.slice(0, 3)).toEqual(['honda-operating-profit-forecast-fy2025-nov', 'honda-operating-profit-forecast-fy2025-aug', 'honda-operating-profit-forecast-fy2025-may']);
    expect(ids).toContain('honda-operating-loss-forecast-fy2025-mar');
    expect(a.answer.indexOf('¥550 billion')).toBeLessThan(a.answer.indexOf('Stated later as a loss'));
    expect(a.answer).toContain('¥270–570 billion');
  });

  it('GIVEN "nissan net loss" or "honda net loss" THEN the right company and the latest full year (each company actual)', () => {
    expect(top('nissan net loss')[0]).toBe('nissan-net-loss-fy2025');
    expect(top('honda net loss')).toEqual(['honda-net-loss-fy2025']);
  });
});
