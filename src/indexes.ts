/**
 * Keeping the answer and autocomplete indexes ready for the log being served: built before the first answer (and,
 * for a changed log, before it is swapped in), the engine warmed up in the background, and the garbage that work
 * leaves collected (see memory.ts). The bot's entry point only calls these.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Timeline } from './timeline/timeline.js';
import type { TimelineStore, StoreOptions } from './timeline/store.js';
import { eventChoices, indexOf, prepareAutocomplete } from './answers/index.js';
import { warmUp } from './answers/warm.js';
import { startReclaimer } from './memory.js';
import { log } from './logger.js';

/** How long after the warm-up the start-up garbage is collected a second time (see warmCode). */
const QUIET_MS = 6000;

/**
 * The store's `prepare` hook: a changed log's indexes are built a slice at a time while the current log keeps
 * answering, and it replaces the current log once they are ready.
 */
export const prepareIndexes: NonNullable<StoreOptions['prepare']> = async (timeline, signal) => {
  const started = performance.now();
  log.info('event log changed: building its indexes; the current log answers meanwhile', { version: timeline.version, events: timeline.size });
  await prepareAutocomplete(timeline, { signal });
  log.debug('indexes of the changed log built', { version: timeline.version, ms: Math.round(performance.now() - started) });
};

export interface IndexKeeper {
  /** Stop the warm-up under way and the reclaimer's timer. */
  stop(): void;
}

/** Build the current log's indexes now, warm the engine up, and do both again after every reload. */
export function keepIndexesReady(store: TimelineStore): IndexKeeper {
  // Built now, not on the first question; the autocomplete index too, since autocomplete cannot be deferred and
  // building it on the first keystroke of a large log would take longer than Discord's 3 s.
  const reclaimer = startReclaimer();
  const buildIndexes = (timeline: Timeline) => {
    indexOf(timeline);
    eventChoices(timeline, '');
    // Building leaves far more garbage than it keeps, and an idle bot allocates too little for V8 to collect it soon.
    reclaimer.collect('indexes built');
  };
  buildIndexes(store.current);
  // The engine's code is compiled by running it in the background (see answers/warm.ts); a reload starts over.
  let warming = new AbortController();
  const warmCode = (timeline: Timeline) => {
    const started = performance.now();
    const signal = warming.signal;
    void warmUp(timeline, { signal })
      .then(async (steps) => {
        if (signal.aborted) return;
        log.debug('answer engine warmed up', { steps, ms: Math.round(performance.now() - started) });
        reclaimer.collect('warmed up');
        // Once more a few seconds later: V8 shrinks its young generation only in a collection that follows a few
        // seconds of little allocation.
        await sleep(QUIET_MS, undefined, { signal, ref: false });
        reclaimer.collect('start-up done');
      })
      .catch((err) => {
        if (!signal.aborted) log.warn('warming up the answer engine failed (answers are not affected)', { error: String(err) });
      });
  };
  warmCode(store.current);
  store.on('change', (c) => {
    warming.abort();
    warming = new AbortController();
    buildIndexes(c.current);
    warmCode(c.current);
  });
  // What reading and checking a rejected file allocated is garbage now: give it back.
  store.on('rejected', () => reclaimer.collect('log rejected'));
  return {
    stop() {
      warming.abort();
      reclaimer.stop();
    },
  };
}
