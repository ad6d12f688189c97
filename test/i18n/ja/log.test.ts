import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadTimelineFile } from '../../../src/timeline/store.js';
import { checkJapanese, loadJaLogFile, readMyriad, type JaLog } from '../../../src/i18n/ja/log.js';

const loaded = loadTimelineFile(resolve(import.meta.dirname, '../../../data/events.json'));
if (!loaded.ok) throw new Error(loaded.error.message);
const events = loaded.timeline.events;
const real = loadJaLogFile();
if (!real.ok) throw new Error(real.error);
const copy = (): JaLog => JSON.parse(JSON.stringify(real.log)) as JaLog;

describe('data/events.ja.json', () => {
  it('GIVEN the curated log THEN every event has a Japanese title and summary, every figure a label, and no amount is changed', () => {
    expect(checkJapanese(events, real.log)).toEqual([]);
  });

  it('GIVEN an event and a figure without Japanese THEN both are reported by id', () => {
    const ja = copy();
    const e = events.find((x) => x.figures.length)!;
    delete ja.events[e.id];
    delete ja.figures[e.figures[0].id];
    const problems = checkJapanese(events, ja);
    expect(problems.some((p) => p.startsWith(`event ${e.id}: no Japanese title`))).toBe(true);
    expect(problems.some((p) => p.startsWith(`figure ${e.figures[0].id}`))).toBe(true);
  });

  it('GIVEN a Japanese summary whose yen amount differs from the log THEN it is reported', () => {
    const ja = copy();
    const id = '2025-11-07-honda-cuts-forecast-550bn';
    ja.events[id].summary = ja.events[id].summary.replace('3,850億円', '3,900億円');
    expect(checkJapanese(events, ja)).toEqual([`event ${id}: the Japanese text says 3,900億円, an amount the event does not state`]);
  });

  it('GIVEN entries for ids the log does not hold THEN they are reported', () => {
    const ja = copy();
    ja.figures['no-such-figure'] = 'x';
    expect(checkJapanese(events, ja)).toEqual(['data/events.ja.json: figure no-such-figure is not in the log']);
  });

  it('GIVEN a broken or mis-shaped file THEN a clear error, no half-read log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja-log-'));
    writeFileSync(join(dir, 'bad.json'), '{"events": {');
    writeFileSync(join(dir, 'shape.json'), JSON.stringify({ events: { 'a-b': { title: '' , summary: 'x' } }, figures: {} }));
    const bad = loadJaLogFile(join(dir, 'bad.json'));
    const shape = loadJaLogFile(join(dir, 'shape.json'));
    expect(bad.ok).toBe(false);
    expect(shape.ok === false && shape.error).toMatch(/events\.a-b\.title/);
  });

  it('GIVEN myriad notation THEN the exact number of yen', () => {
    expect(readMyriad('1兆1,000億')).toBe('1100000000000');
    expect(readMyriad('92億3,000万')).toBe('9230000000');
  });
});
