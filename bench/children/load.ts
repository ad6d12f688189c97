/**
 * Log load and index build, step by step, in a fresh process (as at start-up or after a reload):
 *   node --import tsx bench/children/load.ts --events <path>
 * read → JSON.parse → compact (strings out of the file text) → validate (zod + cross checks) → Timeline → answer index (`indexOf`, built by
 * `npm start` before it answers) → autocomplete index (built by the first autocomplete or fuzzy
 * `event` lookup) → evaluation baseline (MiniSearch; `npm run eval` only).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { validateLog } from '../../src/timeline/validate.js';
import { Timeline } from '../../src/timeline/timeline.js';
import { loadTimelineFile, TimelineStore } from '../../src/timeline/store.js';
import { compactStrings } from '../../src/timeline/compact.js';
import { baselineSearch, eventChoices, indexOf, prepareAutocomplete } from '../../src/answers/index.js';
import { BENCH_LIMITS, argValue, report, round } from '../lib.js';

const path = argValue('events', 'data/events.json')!;
const steps: Record<string, number> = {};
const gc = (globalThis as { gc?: () => void }).gc;
/** Live heap in MB (after a full collection when node runs with --expose-gc, as `npm run bench` starts it). */
const heap = () => {
  gc?.();
  gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1048576);
};
/** The live heap, and typed arrays' contents (ArrayBuffers, outside the heap: counted apart), in MB. */
const memory = () => ({ heap: heap(), buffers: round(process.memoryUsage().arrayBuffers / 1048576, 1) });
const base = memory();
const baseHeap = base.heap;
const time = <T>(name: string, fn: () => T): T => {
  const t0 = performance.now();
  const out = fn();
  steps[name] = round(performance.now() - t0, 1);
  return out;
};

let text: string | undefined = time('read', () => readFileSync(path, 'utf8'));
const fileMB = round(Buffer.byteLength(text) / 1048576, 1);
let raw: unknown = time('parse', () => JSON.parse(text!) as unknown);
// as loadTimelineFile does: strings copied out of the file text (and repeats shared) before validation
raw = time('compact', () => compactStrings(raw));
const valid = time('validate', () => validateLog(raw));
if (!valid.ok) throw new Error(`${path} does not validate`);
const version = createHash('sha256').update(text).digest('hex').slice(0, 12);
const timeline = time('timeline', () => new Timeline(valid.log, version));
// What stays alive after loadTimelineFile returns: the validated log only (file text and raw JSON are dropped).
text = undefined;
raw = undefined;
// each heap reading after a turn of the event loop: until the building function's frame is gone, V8 may still
// count its temporaries as alive
const settle = () => new Promise((r) => setTimeout(r, 50));
await settle();
const atLog = memory();
const afterLog = atLog.heap;
time('answerIndex', () => indexOf(timeline));
await settle();
const atIndex = memory();
const afterIndex = atIndex.heap;
time('autocompleteIndex', () => eventChoices(timeline, 'a'));
await settle();
const atAc = memory();
const afterAc = atAc.heap;
time('baselineIndex', () => baselineSearch(timeline, 'honda'));
// The same path loadTimelineFile takes, end to end (file cache warm now), for a cross-check.
const again = time('loadTimelineFile', () => loadTimelineFile(path, new Date(), BENCH_LIMITS));
if (!again.ok) throw new Error('reload failed');

// A hot reload as the bot does it (src/main.ts): the store holds the real log, the file is replaced by this one, and
// refresh() reads it and builds its indexes a slice at a time before swapping it in. Meanwhile a callback re-queued
// on every turn of the event loop records the gaps between turns: what a command arriving then would wait.
const dir = mkdtempSync(join(tmpdir(), 'nh-bench-reload-'));
const watched = join(dir, 'events.json');
copyFileSync('data/events.json', watched);
const store = TimelineStore.open(watched, { ...BENCH_LIMITS, prepare: (t, signal) => prepareAutocomplete(t, { signal }) });
copyFileSync(path, watched);
const gaps: number[] = [];
let last = performance.now();
let reloading = true;
const turn = () => {
  const now = performance.now();
  gaps.push(now - last);
  last = now;
  if (reloading) setImmediate(turn);
};
setImmediate(turn);
const r0 = performance.now();
await store.refresh();
const reloadMs = performance.now() - r0;
reloading = false;
if (store.current.size !== timeline.size) throw new Error('the reload did not swap the log in');
store.close();
rmSync(dir, { recursive: true, force: true });
gaps.sort((a, b) => a - b);

report({
  events: timeline.size,
  figures: timeline.figures.length,
  fileMB,
  steps,
  /** A hot reload to this log: total time, and the longest and 99th-percentile wait for a turn of the event loop meanwhile. */
  reload: { ms: round(reloadMs, 0), maxGapMs: round(gaps.at(-1) ?? 0, 1), p99GapMs: round(gaps[Math.floor(gaps.length * 0.99)] ?? 0, 1), turns: gaps.length },
  /** Start-up work `npm start` does before answering: load + validate + Timeline + answer index. */
  loadAndIndexMs: round(steps.read + steps.parse + steps.compact + steps.validate + steps.timeline + steps.answerIndex, 1),
  heapMB: {
    base: baseHeap,
    afterLog,
    afterAnswerIndex: afterIndex,
    afterAutocompleteIndex: afterAc,
    log: afterLog - baseHeap,
    answerIndex: afterIndex - afterLog,
    autocompleteIndex: afterAc - afterIndex,
  },
  /** Typed-array contents (outside the heap) each step added. */
  buffersMB: {
    log: round(atLog.buffers - base.buffers, 1),
    answerIndex: round(atIndex.buffers - atLog.buffers, 1),
    autocompleteIndex: round(atAc.buffers - atIndex.buffers, 1),
  },
});
