/**
 * Long work written as a generator that yields now and then (every few dozen items), run either at once or in
 * slices that give the event loop a turn between them, so that the bot keeps answering while it rebuilds its
 * indexes for a new log. Pure apart from timers; knows nothing of any chat platform.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

export type Steps<T> = Generator<void, T, void>;

/** Runs the work to its end without a break (start-up, when nothing is being answered yet). */
export function runNow<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export interface SliceOptions {
  /** Stops the work at its next yield; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** How long one slice may run before the event loop gets a turn (0: a turn at every yield). */
  sliceMs?: number;
}

/** Runs the work in slices of about `sliceMs` (10 ms by default), with a turn of the event loop between slices. */
export async function runInSlices<T>(steps: Steps<T>, { signal, sliceMs = 10 }: SliceOptions = {}): Promise<T> {
  let started = performance.now();
  let done = false;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const r = steps.next();
      if (r.done) {
        done = true;
        return r.value;
      }
      if (performance.now() - started >= sliceMs) {
        await nextTurn();
        started = performance.now();
      }
    }
  } finally {
    // work abandoned half-way still runs its own clean-up (its finally blocks: an open file is closed)
    if (!done) steps.return(undefined as T);
  }
}
