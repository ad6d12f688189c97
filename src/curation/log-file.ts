/**
 * Changing data/events.json safely. The change is applied to the file as it is now, the whole result is checked with
 * the rules of `npm run check-data`, and only then written: to a temporary file beside it (flushed to disk), the
 * previous version copied to the history folder, and the temporary file renamed over the log. A rename is atomic, so
 * a crash at any moment leaves the old file or the new one. A refused change writes nothing.
 */
import { closeSync, copyFileSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { curationProblems, validateLog, type Problem } from '../timeline/validate.js';
import { compareDates } from '../timeline/dates.js';
import { TIERS, type Event, type Source } from '../timeline/schema.js';

export const DEFAULT_HISTORY_DIR = 'var/log-history';

/** A change the rules refuse; `problems` name the field of each. The file was not touched. */
export class LogChangeRefused extends Error {
  constructor(readonly problems: Problem[], message?: string) {
    super(message ?? `the change was refused:\n${problems.map((p) => `- ${p.where}: ${p.message}`).join('\n')}`);
  }
}

type RawLog = { events: Record<string, unknown>[] } & Record<string, unknown>;

export interface WriteOptions {
  historyDir?: string;
  /** Called after the new file is flushed and before it replaces the log (tests stop here to simulate a crash). */
  beforeRename?: () => void;
}

export interface WriteResult {
  /** Where the previous version was kept. */
  previous: string;
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* some file systems cannot sync a folder; the rename is still atomic */
  }
}

/**
 * Apply `change` to the log at `path` and write the result if it passes every check. `change` edits the parsed file
 * (not the validated copy, so fields left out, like empty figure lists, stay left out).
 */
export function changeLog(path: string, change: (log: RawLog) => string[] | void, opts: WriteOptions = {}): WriteResult {
  const before = readFileSync(path);
  let raw: RawLog;
  try {
    raw = JSON.parse(before.toString('utf8'));
  } catch (err) {
    throw new LogChangeRefused([{ where: path, message: `the log itself is not valid JSON (${(err as Error).message}); fix it first` }]);
  }
  if (!raw || !Array.isArray(raw.events)) throw new LogChangeRefused([{ where: path, message: 'the log has no events array; fix it first' }]);
  const touched = change(raw) ?? [];
  // problems in a touched event are named as the event's ("event (id) → date"), not by its place in the log
  const named = (problems: Problem[]) =>
    problems.map((p) => ({ ...p, where: p.where.replace(/^events\[\d+\] \(([^)]*)\)/, (m, id: string) => (touched.includes(id) ? `event (${id})` : m)) }));
  const res = validateLog(raw);
  if (!res.ok) throw new LogChangeRefused(named(res.problems));
  // check-data's curating rules (tiers, best tier first, official on a primary or wire source) for the events this
  // change touches: on the curated log, which passes them, that is the whole log passing check-data
  const curating = curationProblems(res.log).filter((p) => touched.some((id) => p.where.startsWith('events[') && p.where.includes(`] (${id})`)));
  if (curating.length) throw new LogChangeRefused(named(curating));
  const text = JSON.stringify(raw, null, 2) + '\n';

  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const historyDir = opts.historyDir ?? DEFAULT_HISTORY_DIR;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const previous = join(historyDir, `${basename(path, '.json')}.${stamp}.json`);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    mkdirSync(historyDir, { recursive: true });
    copyFileSync(path, previous);
    // someone else changed the log meanwhile: refuse rather than overwrite their change
    if (!readFileSync(path).equals(before)) throw new LogChangeRefused([{ where: path, message: 'the log changed while this change was being written; try again' }]);
    opts.beforeRename?.();
    renameSync(tmp, path);
    fsyncDir(dir);
  } finally {
    rmSync(tmp, { force: true });
  }
  return { previous };
}

/** Insert an event after every event dated on or before it (date order, the log's rule). */
export function insertEvent(log: RawLog, event: Event | Record<string, unknown>): number {
  const date = String((event as { date?: unknown }).date ?? '');
  let at = log.events.length;
  while (at > 0 && /^\d{4}/.test(date) && compareDates(String(log.events[at - 1].date), date) > 0) at--;
  log.events.splice(at, 0, event as Record<string, unknown>);
  return at;
}

/** Problems found in a log with the new event at index `at`, named as the draft's fields ("event (id) → summary"). */
export function draftProblems(problems: Problem[], at: number): Problem[] {
  const prefix = new RegExp(`^events\\[${at}\\]( \\(([^)]*)\\))?`);
  return problems.map((p) => ({ ...p, where: p.where.replace(prefix, (_m, _g, id) => (id ? `event (${id})` : 'event')) }));
}

/** Add one event (refused with the draft's fields named, file untouched, if any check fails). */
export function addEvent(path: string, event: Record<string, unknown>, opts: WriteOptions = {}): WriteResult & { index: number } {
  let index = -1;
  try {
    const res = changeLog(path, (log) => {
      index = insertEvent(log, event);
      return [String(event.id)];
    }, opts);
    return { ...res, index };
  } catch (err) {
    if (err instanceof LogChangeRefused && index >= 0) throw new LogChangeRefused(draftProblems(err.problems, index));
    throw err;
  }
}

/** Add a source to an existing event. */
export function attachSource(path: string, eventId: string, source: Source, opts: WriteOptions = {}): WriteResult {
  return changeLog(path, (log) => {
    const ev = log.events.find((e) => e.id === eventId);
    if (!ev) throw new LogChangeRefused([{ where: 'eventId', message: `there is no event \`${eventId}\` in the log` }]);
    const sources = Array.isArray(ev.sources) ? (ev.sources as Source[]) : [];
    if (sources.some((s) => s.url === source.url)) throw new LogChangeRefused([{ where: `event (${eventId}) → sources`, message: `${source.url} is already one of its sources` }]);
    // after every source of the same or a better tier (sources are listed best tier first)
    const rank = (s: Source) => (s.tier ? TIERS.indexOf(s.tier) : TIERS.length);
    let at = sources.length;
    while (at > 0 && rank(sources[at - 1]) > rank(source)) at--;
    ev.sources = [...sources.slice(0, at), source, ...sources.slice(at)];
    return [eventId];
  }, opts);
}
