/**
 * Giving memory back to the system after work that leaves garbage: building the indexes, the warm-up, a burst of
 * commands. V8 collects garbage when it needs room, not when the bot goes quiet, and an ordinary full collection
 * neither compacts most half-empty pages nor shrinks the young generation. Needs `node --expose-gc`, as `npm start`
 * runs it; without it nothing here collects.
 */
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { performance } from 'node:perf_hooks';
import { log } from './logger.js';

const MB = 1048576;

/** `gc` when node runs with --expose-gc. */
function exposedGc(): (() => void) | undefined {
  return (globalThis as { gc?: () => void }).gc;
}

/** What V8 holds from the system for its heap: live and dead objects, free room, and the young generation. */
function heapCommitted(): number {
  return getHeapStatistics().total_heap_size;
}

/** The size of V8's young generation (both halves). */
function youngSize(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * One full collection that also compacts every fragmented page. When it follows a few seconds of little allocation,
 * V8 also shrinks its young generation back to its smallest (it grows under load). Returns whether it ran.
 *
 * An ordinary full collection compacts only the few most fragmented pages, and V8 compacts everything only when it
 * decides to reduce memory, which an idle bot may never trigger; the flag asks for it for this one collection and is
 * turned off again at once. (Every full collection reads the flag; test/memory checks on a real heap that it works.)
 */
export function collectGarbage(): boolean {
  const gc = exposedGc();
  if (!gc) return false;
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
  return true;
}

/**
 * When to collect after a burst of work, from samples taken at a fixed interval: once the heap V8 holds has grown
 * by `minGrowth` since the last collection (dead objects and a regrown young generation count) and the event loop was
 * busy less than `maxBusy` of each of the last `quietIntervals` intervals (the bot has gone quiet: a collection then
 * makes no one wait). Two quiet intervals, because V8 shrinks its young generation only in a collection after several
 * seconds of little allocation; the heap's size alone cannot tell quiet, as it rises and falls under load. When a
 * collection still leaves the young generation above `maxYoung` (V8 judged the allocation not low enough yet), it
 * asks once more after the next quiet spell. Pure: the caller samples, collects and reports the heap after it.
 * The measurements behind these thresholds are in docs/performance.md.
 */
export class QuietCollector {
  #base: number;
  #quiet = 0;
  /** Whether a large young generation may still be a reason: after a collection, but not after such a retry. */
  #retry = false;
  #retrying = false;

  constructor(
    sizeNow: number,
    readonly minGrowth = 16 * MB,
    readonly maxBusy = 0.01,
    readonly quietIntervals = 2,
    readonly maxYoung = 8 * MB,
  ) {
    this.#base = sizeNow;
  }

  /**
   * A new sample: the heap's size, the share of the interval the event loop was busy (0–1), and the young generation's
   * size. True: collect now.
   */
  sample(size: number, busy: number, young = 0): boolean {
    this.#quiet = busy < this.maxBusy ? this.#quiet + 1 : 0;
    if (this.#quiet < this.quietIntervals) return false;
    if (size - this.#base >= this.minGrowth) return true;
    if (this.#retry && young > this.maxYoung) {
      this.#retry = false;
      this.#retrying = true;
      return true;
    }
    return false;
  }

  /** The heap's size just after a collection: growth is counted from here, and quiet spells start again. */
  collected(size: number): void {
    this.#base = size;
    this.#quiet = 0;
    this.#retry = !this.#retrying;
    this.#retrying = false;
  }
}

export interface Reclaimer {
  /** Collect now (after building the indexes, after the warm-up), and count later growth from here. */
  collect(reason: string): void;
  stop(): void;
}

/**
 * Collects now when asked, and by itself once a burst of work is over (see QuietCollector), checking every
 * `intervalMs`. The check reads one V8 statistic and the event loop's utilisation; its timer does not keep the
 * process alive.
 */
export function startReclaimer(opts: { intervalMs?: number; minGrowthBytes?: number } = {}): Reclaimer {
  const quiet = new QuietCollector(heapCommitted(), opts.minGrowthBytes);
  const collect = (reason: string) => {
    const before = heapCommitted();
    const started = performance.now();
    if (!collectGarbage()) return;
    const after = heapCommitted();
    quiet.collected(after);
    log.debug('garbage collected', { reason, heapMB: `${Math.round(before / MB)} → ${Math.round(after / MB)}`, ms: Math.round(performance.now() - started) });
  };
  let loop = performance.eventLoopUtilization();
  const timer = exposedGc()
    ? setInterval(() => {
        const now = performance.eventLoopUtilization();
        const busy = performance.eventLoopUtilization(now, loop).utilization;
        loop = now;
        if (quiet.sample(heapCommitted(), busy, youngSize())) collect('quiet after work');
      }, opts.intervalMs ?? 5000).unref()
    : undefined;
  return { collect, stop: () => clearInterval(timer) };
}
