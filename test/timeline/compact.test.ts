import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compactStrings } from '../../src/timeline/compact.js';
import { loadTimelineFile } from '../../src/timeline/store.js';

describe('compactStrings', () => {
  it('keeps every value of the log as it was', () => {
    const raw = JSON.parse(readFileSync('data/events.json', 'utf8'));
    const before = structuredClone(raw);
    const after = compactStrings(raw);
    expect(after).toBe(raw);
    expect(after).toEqual(before);
  });

  it('handles nested arrays, empty strings, numbers, booleans and null', () => {
    const v = { a: ['x', '', 'x', ['¥650 billion', 'a long string that is certainly longer than thirteen characters']], b: 1, c: null, d: true, e: { f: 'x' } };
    expect(compactStrings(structuredClone(v))).toEqual(v);
  });

  it('serves the same log through loadTimelineFile', () => {
    const res = loadTimelineFile('data/events.json');
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const raw = JSON.parse(readFileSync('data/events.json', 'utf8'));
    expect(res.timeline.events.map((e) => [e.id, e.title, e.summary, e.sources.map((s) => s.url), e.figures.map((f) => [f.id, f.value, f.unit, f.period])])).toEqual(
      [...raw.events]
        .sort((a: { date: string }, b: { date: string }) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
        .map((e: { id: string; title: string; summary: string; sources: { url: string }[]; figures: { id: string; value: number; unit: string; period: string }[] }) => [
          e.id,
          e.title,
          e.summary,
          e.sources.map((s) => s.url),
          e.figures.map((f) => [f.id, f.value, f.unit, f.period]),
        ]),
    );
  });
});

describe('loadTimelineFile on a file nested too deep to walk', () => {
  it('reports it as unreadable instead of throwing', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'nh-deep-')), 'events.json');
    writeFileSync(path, '['.repeat(20000) + ']'.repeat(20000));
    const res = loadTimelineFile(path);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/could not be read/);
  });
});
