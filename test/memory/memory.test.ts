import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { QuietCollector } from '../../src/memory.js';

const MB = 1048576;

function runChild(mode: string, nodeFlags: string[]): Promise<{ out: Record<string, unknown>; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', join('test', 'memory', 'child.ts'), mode], {
      env: { ...process.env, LOG_LEVEL: 'debug' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve({ out: JSON.parse(out), err }) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

describe('QuietCollector', () => {
  it('GIVEN the heap has not grown enough THEN it never asks to collect, however quiet', () => {
    const q = new QuietCollector(100 * MB, 16 * MB, 0.01);
    expect([110, 110, 115, 115].map((m) => q.sample(m * MB, 0))).toEqual([false, false, false, false]);
  });

  it('GIVEN the heap grew while the bot is busy THEN it waits, whatever the heap does; once the bot is quiet for two intervals THEN it asks', () => {
    const q = new QuietCollector(100 * MB, 16 * MB, 0.01, 2);
    // busy: the heap rises and falls with the young generation's collections, even holding still between two samples
    expect([
      [124, 0.6],
      [118, 0.4],
      [118, 0.3],
      [131, 0.02],
    ].map(([m, busy]) => q.sample(m * MB, busy))).toEqual([false, false, false, false]);
    // quiet: one interval is not enough, the second is
    expect(q.sample(131 * MB, 0.001)).toBe(false);
    expect(q.sample(131 * MB, 0.002)).toBe(true);
    q.collected(102 * MB);
    expect([102, 110, 110].map((m) => q.sample(m * MB, 0))).toEqual([false, false, false]);
  });

  it('GIVEN a busy interval between quiet ones THEN the quiet count starts again', () => {
    const q = new QuietCollector(100 * MB, 16 * MB, 0.01, 2);
    expect([0, 0.2, 0, 0].map((busy) => q.sample(120 * MB, busy))).toEqual([false, false, false, true]);
  });

  it('GIVEN a collection that left the young generation large THEN it asks once more after the next quiet spell, and only once', () => {
    const q = new QuietCollector(100 * MB, 16 * MB, 0.01, 2, 8 * MB);
    // before any collection a large young generation alone is no reason
    expect([0, 0].map((busy) => q.sample(100 * MB, busy, 32 * MB))).toEqual([false, false]);
    expect(q.sample(120 * MB, 0, 32 * MB)).toBe(true);
    q.collected(90 * MB);
    // quiet spells start again after a collection: two quiet intervals, then once more
    expect([0, 0].map((busy) => q.sample(90 * MB, busy, 32 * MB))).toEqual([false, true]);
    q.collected(90 * MB);
    // a young generation shrunk: nothing more to do
    expect([0, 0, 0].map((busy) => q.sample(90 * MB, busy, 1 * MB))).toEqual([false, false, false]);
    // and a young generation V8 will not shrink is retried once, not after every retry (an idle bot would collect forever)
    const r = new QuietCollector(100 * MB, 16 * MB, 0.01, 2, 8 * MB);
    r.collected(100 * MB);
    expect([0, 0].map((busy) => r.sample(100 * MB, busy, 32 * MB))).toEqual([false, true]);
    r.collected(100 * MB);
    expect([0, 0, 0, 0, 0, 0].map((busy) => r.sample(100 * MB, busy, 32 * MB))).toEqual([false, false, false, false, false, false]);
    // until the next collection for growth
    expect(r.sample(120 * MB, 0, 32 * MB)).toBe(true);
    r.collected(100 * MB);
    expect([0, 0].map((busy) => r.sample(100 * MB, busy, 32 * MB))).toEqual([false, true]);
  });

  it('GIVEN a collection THEN growth is counted from the heap after it', () => {
    const q = new QuietCollector(100 * MB, 16 * MB, 0.01, 1);
    q.collected(50 * MB);
    expect(q.sample(60 * MB, 0)).toBe(false); // quiet, but only 10 MB above 50
    expect(q.sample(67 * MB, 0.5)).toBe(false); // 17 MB above, but busy
    expect(q.sample(67 * MB, 0)).toBe(true); // quiet and 17 MB above
  });
});

describe('collecting garbage (a real V8 heap, in a child process)', () => {
  it('GIVEN node --expose-gc THEN collectGarbage frees what was promoted and dropped', async () => {
    const { out } = await runChild('collect', ['--expose-gc']);
    expect(out.ran).toBe(true);
    expect((out.beforeMB as number) - (out.afterMB as number)).toBeGreaterThan(20);
  });

  it('GIVEN node without --expose-gc THEN collectGarbage does nothing and says so', async () => {
    const { out } = await runChild('collect', []);
    expect(out.ran).toBe(false);
  });

  it('GIVEN a reclaimer and a heap that grew, then a quiet spell THEN it collects by itself and logs why', async () => {
    const { out, err } = await runChild('quiet', ['--expose-gc']);
    expect(err).toMatch(/DEBUG garbage collected reason="quiet after work" heapMB="\d+ → \d+"/);
    expect((out.beforeMB as number) - (out.afterMB as number)).toBeGreaterThan(20);
    // the control: the same garbage and the same quiet spell without a reclaimer, and V8 keeps it all
    const idle = await runChild('idle', ['--expose-gc']);
    expect((idle.out.beforeMB as number) - (idle.out.afterMB as number)).toBeLessThan(5);
  });
});
