/**
 * Holds the current Timeline and swaps in a new one atomically when data/events.json changes.
 * A broken file never replaces the last good log: the error is kept (for `about` and logs) and reported.
 */
import { closeSync, constants, fstatSync, openSync, readSync, unwatchFile, watch, watchFile, type FSWatcher, type Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { dirname, basename } from 'node:path';
import { Timeline } from './timeline.js';
import { validateSteps, formatProblems, type Problem } from './validate.js';
import { compactSteps } from './compact.js';
import { runInSlices, runNow, type Steps } from '../core/slices.js';

export interface LoadFailure {
  at: Date;
  /** A summary: the first problems and how many there are. */
  message: string;
  /** The first SHOWN_PROBLEMS problems only: nothing more of a rejected file is kept. */
  problems: Problem[];
  /** How many problems the file has in all (0 when it could not be read or parsed). */
  problemCount: number;
}

/** The largest log file read (EVENTS_MAX_BYTES); the curated log is about 0.3 MB, a generated log of 10,000 events about 34 MB. */
export const DEFAULT_EVENTS_MAX_BYTES = 16 * 1024 * 1024;
/** How many problems a rejection names; the rest are counted (npm run check-data lists them all). */
export const SHOWN_PROBLEMS = 10;

export interface ReadLimits {
  /** Refuse a file larger than this many bytes. Default DEFAULT_EVENTS_MAX_BYTES. */
  maxBytes?: number;
}

export type LoadResult = { ok: true; timeline: Timeline } | { ok: false; error: LoadFailure };

/**
 * The file's text and the hash of its bytes, read 64 KiB at a time. `readFileSync(path, 'utf8')` reads into a buffer
 * that doubles as it grows; freeing those large buffers makes glibc's malloc keep later allocations of up to that
 * size in its own heap, which it seldom gives back (docs/performance.md has the cost). Small reads leave no such
 * buffer. The decoder keeps a byte-order mark, as readFileSync does, and replaces
 * bytes that are not UTF-8 the same way.
 */
function* readText(path: string, maxBytes: number): Steps<{ text: string; version: string }> {
  // Non-blocking open: a FIFO without a writer would otherwise hold the whole process. Only a regular file is read.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`it is not a regular file (${kindOf(stat)})`);
    if (stat.size > maxBytes) throw new Error(`it is ${stat.size} bytes, over the limit of ${maxBytes} (EVENTS_MAX_BYTES)`);
    let total = 0;
    const chunk = Buffer.allocUnsafe(65536);
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const hash = createHash('sha256');
    const parts: string[] = [];
    for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) {
      total += n;
      // (the file may grow while it is read)
      if (total > maxBytes) throw new Error(`it grew past the limit of ${maxBytes} bytes (EVENTS_MAX_BYTES) while being read`);
      const bytes = chunk.subarray(0, n);
      hash.update(bytes);
      parts.push(decoder.decode(bytes, { stream: true }));
      yield;
    }
    parts.push(decoder.decode());
    return { text: parts.join(''), version: hash.digest('hex').slice(0, 12) };
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: import('node:fs').Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

/** A rejection that names the first problems and counts the rest. */
function failure(at: Date, message: string, problems: Problem[] = []): { ok: false; error: LoadFailure } {
  return { ok: false, error: { at, message, problems: problems.slice(0, SHOWN_PROBLEMS), problemCount: problems.length } };
}

/** Read and validate a log file. Never throws. */
export function loadTimelineFile(path: string, now = new Date(), limits: ReadLimits = {}): LoadResult {
  return runNow(loadSteps(path, now, limits));
}

/**
 * loadTimelineFile as steps (see core/slices.ts): a reload reads and checks the file a slice at a time. Only parsing
 * the JSON text is one step (the longest pause of a reload: see docs/performance.md).
 */
export function* loadSteps(path: string, now = new Date(), limits: ReadLimits = {}): Steps<LoadResult> {
  let text: string;
  let version: string;
  try {
    ({ text, version } = yield* readText(path, limits.maxBytes ?? DEFAULT_EVENTS_MAX_BYTES));
  } catch (err) {
    return failure(now, `cannot read ${path}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    text = '';
    return failure(now, `${path} is not valid JSON: ${(err as Error).message.slice(0, 200)}`);
  }
  try {
    // strings copied out of the file text before validation makes its own copy of the log, so the text (held by
    // every parsed string) can be freed first and the two are never alive together
    raw = yield* compactSteps(raw);
  } catch (err) {
    return failure(now, `${path} could not be read: ${(err as Error).message} (is it nested far too deep?)`);
  }
  text = '';
  yield;
  const res = yield* validateSteps(raw);
  yield;
  if (!res.ok) {
    const n = res.problems.length;
    const more = n > SHOWN_PROBLEMS ? `\n… and ${n - SHOWN_PROBLEMS} more (npm run check-data lists them all)` : '';
    return failure(now, `${path} has ${n} problem(s):\n${formatProblems(res.problems.slice(0, SHOWN_PROBLEMS))}${more}`, res.problems);
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

export interface StoreOptions {
  /**
   * Work to finish on a new log, when the watched file changes, before it replaces the current one (the bot builds
   * its answer and autocomplete indexes here, a slice at a time): the current log keeps answering meanwhile. A newer
   * change of the file aborts it through `signal`. If it fails, the new log is rejected like a broken file.
   */
  prepare?: (timeline: Timeline, signal: AbortSignal) => Promise<void>;
  /** Refuse a file larger than this (EVENTS_MAX_BYTES). */
  maxBytes?: number;
}

export class TimelineStore extends EventEmitter<StoreEvents> {
  #current: Timeline;
  #lastError: LoadFailure | undefined;
  #watcher: FSWatcher | undefined;
  #polling: ((now: Stats, before: Stats) => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** The reading and preparation of a changed file under way, if any (aborted by a newer change or by close). */
  #preparing: AbortController | undefined;

  constructor(readonly path: string, initial: Timeline, readonly options: StoreOptions = {}) {
    super();
    this.#current = initial;
  }

  /** Load the file or throw an Error whose message lists every problem (used at start-up: no last good log yet). */
  static open(path: string, options: StoreOptions = {}): TimelineStore {
    const res = loadTimelineFile(path, new Date(), { maxBytes: options.maxBytes });
    if (!res.ok) throw new Error(res.error.message);
    return new TimelineStore(path, res.timeline, options);
  }

  get current(): Timeline {
    return this.#current;
  }

  /** The last rejected reload, if the file is currently broken. Cleared by the next good load. */
  get lastError(): LoadFailure | undefined {
    return this.#lastError;
  }

  /** A changed file is being read or prepared (see refresh and StoreOptions.prepare). */
  get preparing(): boolean {
    return this.#preparing !== undefined;
  }

  /**
   * Re-read the file now. A valid, changed file is swapped in at once (without `prepare`: its indexes are built when
   * first asked for); an invalid one is rejected and the last good log keeps serving.
   */
  reload(): LoadResult {
    this.#supersede();
    const res = this.#loaded(loadTimelineFile(this.path, new Date(), { maxBytes: this.options.maxBytes }));
    if (res.ok && res.timeline !== this.#current) this.#swap(res.timeline);
    return res;
  }

  /**
   * Re-read the file as the watcher does: a valid, changed file is first prepared (StoreOptions.prepare) while the
   * current log keeps serving, then swapped in. Resolves when that is done, or rejected, or superseded by a newer
   * refresh (then it changes nothing).
   */
  async refresh(): Promise<void> {
    // what the file holds now, changed or not, supersedes a version still being read or prepared
    this.#supersede();
    const controller = new AbortController();
    this.#preparing = controller;
    const { signal } = controller;
    let loaded: LoadResult;
    try {
      loaded = await runInSlices(loadSteps(this.path, new Date(), { maxBytes: this.options.maxBytes }), { signal });
    } catch {
      // (reading never fails but by being abandoned: a broken file is a LoadResult)
      return;
    }
    if (signal.aborted) return;
    const res = this.#loaded(loaded);
    if (!res.ok || res.timeline === this.#current) {
      this.#preparing = undefined;
      return;
    }
    const prepare = this.options.prepare;
    if (prepare) {
      try {
        await prepare(res.timeline, signal);
      } catch (err) {
        if (signal.aborted) return;
        this.#preparing = undefined;
        this.#reject(failure(new Date(), `${this.path} could not be prepared for answering: ${(err as Error)?.message ?? String(err)}`).error);
        return;
      }
      if (signal.aborted) return;
    }
    this.#preparing = undefined;
    this.#swap(res.timeline);
  }

  /** A broken file is rejected (kept as lastError and emitted); an unchanged one gives the current Timeline. */
  #loaded(res: LoadResult): LoadResult {
    if (!res.ok) {
      this.#reject(res.error);
      return res;
    }
    this.#lastError = undefined;
    if (res.timeline.version === this.#current.version) return { ok: true, timeline: this.#current };
    return res;
  }

  #supersede(): void {
    this.#preparing?.abort();
    this.#preparing = undefined;
  }

  #reject(error: LoadFailure): void {
    this.#lastError = error;
    this.emit('rejected', error);
  }

  #swap(timeline: Timeline): void {
    const previous = this.#current;
    this.#current = timeline;
    const added = timeline.events.filter((e) => !previous.byId.has(e.id)).map((e) => e.id);
    this.emit('change', { previous, current: timeline, added });
  }

  /**
   * Watch the file's folder (editors replace files by rename) and reload after writes settle. `pollMs` > 0 also
   * checks the file's size and modification time on that interval: change notices do not cross machines, so a log on
   * a network file system written by another machine's curator is seen that way; `notices: false` relies on that alone.
   */
  watch(debounceMs = 200, { pollMs = 0, notices = true }: { pollMs?: number; notices?: boolean } = {}): void {
    if (this.#watcher || this.#polling) return;
    const file = basename(this.path);
    const soon = () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.refresh(), debounceMs);
    };
    if (notices) {
      this.#watcher = watch(dirname(this.path), (_type, name) => {
        if (name && name !== file) return;
        soon();
      });
      this.#watcher.on('error', () => undefined);
    }
    if (pollMs > 0) {
      this.#polling = (now: Stats, before: Stats) => {
        if (now.mtimeMs !== before.mtimeMs || now.size !== before.size || now.ino !== before.ino) soon();
      };
      watchFile(this.path, { interval: pollMs, persistent: false }, this.#polling);
    }
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#supersede();
    this.#watcher?.close();
    this.#watcher = undefined;
    if (this.#polling) unwatchFile(this.path, this.#polling);
    this.#polling = undefined;
  }
}
