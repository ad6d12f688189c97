/**
 * A changed log's indexes are built a slice at a time (src/core/slices.ts) while the current log keeps answering:
 * the event loop gets turns during the build, the result is the index a build at once makes, and an aborted build
 * leaves nothing behind.
 */
import { describe, expect, it } from 'vitest';
import { answerQuestion, autocompleteWork, eventChoices, figureChoices, indexBuilds, indexOf, prepareAutocomplete, prepareIndex } from '../../src/answers/index.js';
import { Timeline } from '../../src/timeline/timeline.js';
import { generateLog } from '../../scripts/gen-synthetic-log.js';
import { turnsDuring } from '../helpers/turns.js';

const log = generateLog(300);
const fresh = () => new Timeline(structuredClone(log), 'synthetic-300');
const NOW = new Date('2026-06-01T00:00:00Z');

describe('indexes prepared in slices', () => {
  it('GIVEN a new log THEN the event loop keeps turning while its indexes are built, and lookups then use them without building again', async () => {
    const t = fresh();
    const index0 = indexBuilds();
    const ac0 = autocompleteWork().builds;
    const turns = await turnsDuring(() => prepareAutocomplete(t, { sliceMs: 0 }));
    // 300 events and 1,000-odd figures, a yield every 16 events or 64 figures at least
    expect(turns).toBeGreaterThan(30);
    expect(indexBuilds()).toBe(index0 + 1);
    expect(autocompleteWork().builds).toBe(ac0 + 1);
    eventChoices(t, 'nissan');
    figureChoices(t, 'tariff');
    answerQuestion(t, 'What did Honda say about tariffs?', { now: NOW });
    expect(indexBuilds()).toBe(index0 + 1);
    expect(autocompleteWork().builds).toBe(ac0 + 1);
  });

  it('GIVEN the same log built at once and in slices THEN the indexes and every answer are the same', async () => {
    const now = fresh();
    const sliced = fresh();
    await prepareAutocomplete(sliced, { sliceMs: 0 });
    const a = indexOf(now);
    const b = indexOf(sliced);
    expect(b.post).toEqual(a.post);
    expect([...b.figIdf]).toEqual([...a.figIdf]);
    expect([...b.evIdf]).toEqual([...a.evIdf]);
    expect([...b.vocab]).toEqual([...a.vocab]);
    expect([...b.known]).toEqual([...a.known]);
    expect(b.figures.map((d) => [d.i, d.rank, [...d.terms], d.series, d.places, d.mentions])).toEqual(a.figures.map((d) => [d.i, d.rank, [...d.terms], d.series, d.places, d.mentions]));
    const questions = ['Honda tariff impact', 'Nissan US plant utilisation', 'Why did the merger talks collapse?', 'Nissan job cuts 2025', 'Who is the CEO of Nissan?'];
    for (const q of questions) expect(answerQuestion(sliced, q, { now: NOW })).toEqual(answerQuestion(now, q, { now: NOW }));
    for (const q of ['nis', 'tariff op', 'honda pickup']) {
      expect(eventChoices(sliced, q)).toEqual(eventChoices(now, q));
      expect(figureChoices(sliced, q)).toEqual(figureChoices(now, q));
    }
  });

  it('GIVEN the build is aborted THEN it rejects, nothing is cached, and the index is built in full when next asked for', async () => {
    const t = fresh();
    const controller = new AbortController();
    const before = indexBuilds();
    const work = prepareIndex(t, { sliceMs: 0, signal: controller.signal });
    setImmediate(() => controller.abort());
    await expect(work).rejects.toThrow(/abort/i);
    expect(indexBuilds()).toBe(before + 1);
    // not cached: asking builds it (at once), in full
    const idx = indexOf(t);
    expect(indexBuilds()).toBe(before + 2);
    expect(idx.events).toHaveLength(t.size);
    expect(idx.figures).toHaveLength(t.figures.length);
  });
});
