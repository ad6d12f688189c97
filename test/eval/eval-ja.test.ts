/**
 * The Japanese tuned set (scripts/eval-ja.ts) keeps its floors: a change to the reader or to the English engine that
 * costs Japanese questions fails here. Floors sit at today's numbers, not at the targets (docs/japanese.md).
 */
import { describe, expect, it } from 'vitest';
import { scoreJapanese } from '../../scripts/eval-ja.js';

describe('GIVEN the Japanese tuned set', () => {
  const rows = scoreJapanese();
  const share = (xs: typeof rows) => xs.filter((r) => r.ok).length / xs.length;

  it('WHEN every question is answered THEN at least 85% are right and at least 94% of must-decline questions are declined', () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
    expect(share(rows)).toBeGreaterThanOrEqual(0.85);
    expect(share(rows.filter((r) => r.q.expect === 'decline'))).toBeGreaterThanOrEqual(0.94);
  });

  it('WHEN the splits are read THEN every question has one, and about a third or fewer are held out', () => {
    expect(rows.every((r) => r.q.split === 'tune' || r.q.split === 'holdout')).toBe(true);
    const held = rows.filter((r) => r.q.split === 'holdout').length;
    expect(held).toBeGreaterThan(0);
    expect(held / rows.length).toBeLessThanOrEqual(0.34);
  });
});
