import { describe, expect, it } from 'vitest';
import { runInSlices, runNow, type Steps } from '../../src/core/slices.js';
import { turnsDuring } from '../helpers/turns.js';

/** Work of `n` steps that records how far it got and whether its clean-up ran. */
function work(n: number, seen: { steps: number; cleaned: boolean }): Steps<number> {
  return (function* () {
    try {
      for (let i = 0; i < n; i++) {
        seen.steps++;
        yield;
      }
      return n;
    } finally {
      seen.cleaned = true;
    }
  })();
}

describe('work in slices', () => {
  it('GIVEN work run at once THEN it runs to its end without a turn of the event loop', () => {
    const seen = { steps: 0, cleaned: false };
    let turned = false;
    setImmediate(() => (turned = true));
    expect(runNow(work(50, seen))).toBe(50);
    expect(turned).toBe(false);
    expect(seen).toEqual({ steps: 50, cleaned: true });
  });

  it('GIVEN slices of 0 ms THEN the event loop gets a turn at every yield, and the result is the same', async () => {
    const seen = { steps: 0, cleaned: false };
    let result: number | undefined;
    const turns = await turnsDuring(async () => (result = await runInSlices(work(20, seen), { sliceMs: 0 })));
    expect(result).toBe(20);
    expect(turns).toBeGreaterThanOrEqual(20);
  });

  it('GIVEN the signal aborts half-way THEN it rejects with the reason, stops, and the work cleans up', async () => {
    const seen = { steps: 0, cleaned: false };
    const controller = new AbortController();
    const running = runInSlices(work(1000, seen), { sliceMs: 0, signal: controller.signal });
    setImmediate(() => controller.abort(new Error('superseded')));
    await expect(running).rejects.toThrow('superseded');
    expect(seen.steps).toBeGreaterThan(0);
    expect(seen.steps).toBeLessThan(1000);
    expect(seen.cleaned).toBe(true);
  });
});
