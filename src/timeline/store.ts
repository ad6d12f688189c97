/**
 * Holds the current Timeline and swaps in a new one atomically when data/events.json changes.
 * A broken file never replaces the last good log: the error is kept (for `about` and logs) and reported.
 */
import { closeSync, openSync, readSync, watch, type FSWatcher } from 'node:fs';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { dirname, basename } from 'node:path';
import { Timeline } from './timeline.js';
import { validateLog, formatProblems, type Problem } from './validate.js';
import { compactStrings } from './compact.js';

export interface LoadFailure {
  at: Date;
  message: string;
  problems: Problem[];
}

export type LoadResult = { ok: true; timeline: Timeline } | { ok: false; error: LoadFailure };

/**
 * The file's text and the hash of its bytes, read 64 KiB at a time. `readFileSync(path, 'utf8')` reads into a buffer
 * that doubles as it grows; freeing those buffers (up to 16 MB for a log of 10,000 events) makes glibc's malloc keep
 * later allocations of up to that size in its own heap, which it seldom gives back (about 20 MB more RSS at 10,000
 * events). Small reads leave no such buffer. The decoder keeps a byte-order mark, as readFileSync does, and replaces
 * bytes that are not UTF-8 the same way.
 */
function readText(path: string): { text: string; version: string } {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(65536);
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const hash = createHash('sha256');
    const parts: string[] = [];
    for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) {
      const bytes = chunk.subarray(0, n);
      hash.update(bytes);
      parts.push(decoder.decode(bytes, { stream: true }));
    }
    parts.push(decoder.decode());
    return { text: parts.join(''), version: hash.digest('hex').slice(0, 12) };
  } finally {
    closeSync(fd);
  }
}

/** Read and validate a log file. Never throws. */
export function loadTimelineFile(path: string, now = new Date()): LoadResult {
  let text: string;
  let version: string;
  try {
    ({ text, version } = readText(path));
  } catch (err) {
    return { ok: false, error: { at: now, message: `cannot read ${path}: ${(err as Error).message}`, problems: [] } };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: { at: now, message: `${path} is not valid JSON: ${(err as Error).message}`, problems: [] } };
  }
  try {
    // strings copied out of the file text before validation makes its own copy of the log, so the text (held by
    // every parsed string) can be freed first and the two are never alive together
    raw = compactStrings(raw);
  } catch (err) {
    return { ok: false, error: { at: now, message: `${path} could not be read: ${(err as Error).message} (is it nested far too deep?)`, problems: [] } };
  }
  text = '';
  const res = validateLog(raw);
  if (!res.ok) {
    return {
      ok: false,
      error: { at: now, message: `${path} has ${res.problems.length} problem(s):\n${formatProblems(res.problems)}`, problems: res.problems },
    };
  }
  return { ok: true, timeline: new Timeline(res.log, version, now) };
}

export interface TimelineChange {
  previous: Timeline;
  current: Timeline;
  /** Ids present now that were not in the previous log. */
  added: string[];
}

export interface StoreEvents {
  change: [TimelineChange];
  rejected: [LoadFailure];
}

export class TimelineStore extends EventEmitter<StoreEvents> {
  #current: Timeline;
  #lastError: LoadFailure | undefined;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(readonly path: string, initial: Timeline) {
    super();
    this.#current = initial;
  }

  /** Load the file or throw an Error whose message lists every problem (used at start-up: no last good log yet). */
  static open(path: string): TimelineStore {
    const res = loadTimelineFile(path);
    if (!res.ok) throw new Error(res.error.message);
    return new TimelineStore(path, res.timeline);
  }

  get current(): Timeline {
    return this.#current;
  }

  /** The last rejected reload, if the file is currently broken. Cleared by the next good load. */
  get lastError(): LoadFailure | undefined {
    return this.#lastError;
  }

  /** Re-read the file. A valid, changed file is swapped in; an invalid one is rejected and the last good log keeps serving. */
  reload(): LoadResult {
    const res = loadTimelineFile(this.path);
    if (!res.ok) {
      this.#lastError = res.error;
      this.emit('rejected', res.error);
      return res;
    }
    this.#lastError = undefined;
    const previous = this.#current;
    if (res.timeline.version === previous.version) return { ok: true, timeline: previous };
    this.#current = res.timeline;
    const added = res.timeline.events.filter((e) => !previous.byId.has(e.id)).map((e) => e.id);
    this.emit('change', { previous, current: res.timeline, added });
    return res;
  }

  /** Watch the file's folder (editors replace files by rename) and reload after writes settle. */
  watch(debounceMs = 200): void {
    if (this.#watcher) return;
    const file = basename(this.path);
    this.#watcher = watch(dirname(this.path), (_type, name) => {
      if (name && name !== file) return;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.reload(), debounceMs);
    });
    this.#watcher.on('error', () => undefined);
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#watcher?.close();
    this.#watcher = undefined;
  }
}
