/**
 * Child process for memory.test.ts (run with node --expose-gc, or without it). Holds about 55 MB of live objects, as
 * a bot holds its log and indexes, then makes about 25 MB of garbage that survives into the old generation: too
 * little, next to what is live, for V8 to start a full collection by itself. Then either collects at once
 * (`collect`), goes quiet with a reclaimer running (`quiet`), or goes quiet without one (`idle`), and prints the heap
 * before and after as one JSON line.
 */
import { getHeapStatistics } from 'node:v8';
import { collectGarbage, startReclaimer } from '../../src/memory.js';

const MB = 1048576;
const used = () => getHeapStatistics().used_heap_size;
const mode = process.argv[2];
const objects = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ a: i, b: `${tag} ${i} ${'x'.repeat(20)}` }));

const live = objects(250_000, 'live');
(globalThis as { gc?: () => void }).gc?.();
const reclaimer = mode === 'quiet' ? startReclaimer({ intervalMs: 100, minGrowthBytes: 8 * MB }) : undefined;

// kept across a few young-generation collections, so it is promoted, then dropped
let garbage: unknown[] | undefined = objects(110_000, 'garbage');
for (let k = 0; k < 3; k++) objects(100_000, 'churn');
const withGarbage = used();
garbage = undefined;

const report = (extra: object = {}) =>
  process.stdout.write(`${JSON.stringify({ ...extra, beforeMB: withGarbage / MB, afterMB: used() / MB, live: live.length, garbage })}\n`);
if (mode === 'collect') {
  report({ ran: collectGarbage() });
} else {
  // quiet: nothing more is allocated; a reclaimer should notice within a few intervals
  setTimeout(() => {
    reclaimer?.stop();
    report();
  }, 1000);
}
