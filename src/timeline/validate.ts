/**
 * Everything `npm run check-data` checks, as a pure function: schema, unique ids, date order,
 * every figure backed by one of its event's sources, well-formed URLs, no duplicate figure ids.
 * Each problem names the event and the field.
 */
import { z } from 'zod';
import { EventLog, Event, TIERS, type EventLog as EventLogT } from './schema.js';
import { compareDates, startOf, precisionOf } from './dates.js';
import { runNow, type Steps } from '../core/slices.js';

export interface Problem {
  /** e.g. `events[3] (2025-02-13-merger-mou-terminated) → figures[1].source` */
  where: string;
  message: string;
}

export type ValidationResult = { ok: true; log: EventLogT; problems: [] } | { ok: false; problems: Problem[] };

function eventLabel(raw: unknown, i: number): string {
  const id = (raw as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? `events[${i}] (${id})` : `events[${i}]`;
}

export function validateLog(raw: unknown): ValidationResult {
  return runNow(validateSteps(raw));
}

/** Schema issues as problems, naming each event by its position and id. */
export function schemaProblems(issues: readonly z.core.$ZodIssue[], rawEvents: readonly unknown[]): Problem[] {
  return issues.map((iss) => {
    const path = [...iss.path];
    let where = path.length ? path.join('.') : '(top level)';
    if (path[0] === 'events' && typeof path[1] === 'number') {
      const rest = path.slice(2);
      where = `${eventLabel(rawEvents[path[1]], path[1])}${rest.length ? ' → ' + rest.map((p, k) => (typeof p === 'number' ? `[${p}]` : (k ? '.' : '') + String(p))).join('') : ''}`;
    }
    return { where, message: iss.message };
  });
}

/** The log's fields other than its events, checked first; each event is then checked against `Event` on its own. */
const Outline = EventLog.extend({ events: z.array(z.unknown()) });

/**
 * validateLog, yielding every 64 events (see core/slices.ts). The schema is applied event by event, so that a slice
 * is short; the problems are those of `EventLog` applied to the whole log, in the same order.
 */
export function* validateSteps(raw: unknown): Steps<ValidationResult> {
  const rawEvents: unknown[] = Array.isArray((raw as { events?: unknown })?.events) ? (raw as { events: unknown[] }).events : [];
  const outline = Outline.safeParse(raw);
  const issues: z.core.$ZodIssue[] = outline.success ? [] : [...outline.error.issues];
  const events: EventLogT['events'] = [];
  for (let i = 0; i < rawEvents.length; i++) {
    const one = Event.safeParse(rawEvents[i]);
    if (one.success) events.push(one.data);
    else for (const iss of one.error.issues) issues.push({ ...iss, path: ['events', i, ...iss.path] });
    if ((i & 63) === 63) yield;
  }
  if (issues.length) return { ok: false, problems: schemaProblems(issues, rawEvents) };
  const log: EventLogT = { ...(outline.data as EventLogT), events };
  const problems: Problem[] = [];
  const ids = new Map<string, number>();
  const figureIds = new Map<string, string>();
  for (let i = 0; i < log.events.length; i++) {
    const ev = log.events[i];
    if ((i & 255) === 255) yield;
    const at = `events[${i}] (${ev.id})`;
    if (ids.has(ev.id)) problems.push({ where: `${at} → id`, message: `duplicate event id (also events[${ids.get(ev.id)}])` });
    else ids.set(ev.id, i);
    if (i > 0 && compareDates(log.events[i - 1].date, ev.date) > 0) {
      problems.push({ where: `${at} → date`, message: `${ev.date} is earlier than the previous event's ${log.events[i - 1].date}; keep events in date order` });
    }
    const urls = new Set<string>();
    ev.sources.forEach((s, k) => {
      if (urls.has(s.url)) problems.push({ where: `${at} → sources[${k}].url`, message: 'the same source is listed twice' });
      urls.add(s.url);
      // a source cannot predate the event it reports (compare at the coarser precision), unless the
      // event's dateNote names that earlier date, e.g. a tariff announced on one day and in force a week later
      const p = Math.min(s.date.length, ev.date.length);
      if (s.date.slice(0, p) < ev.date.slice(0, p) && !ev.dateNote?.includes(s.date)) {
        problems.push({
          where: `${at} → sources[${k}].date`,
          message: `source dated ${s.date} is before the event's date ${ev.date} (if that is right, say why in dateNote, naming ${s.date})`,
        });
      }
    });
    if (new Set(ev.topics).size !== ev.topics.length) problems.push({ where: `${at} → topics`, message: 'a topic is listed twice' });
    ev.figures.forEach((f, k) => {
      const fat = `${at} → figures[${k}] (${f.id})`;
      if (figureIds.has(f.id)) problems.push({ where: `${fat}.id`, message: `duplicate figure id (also in ${figureIds.get(f.id)})` });
      else figureIds.set(f.id, ev.id);
      if (!urls.has(f.source)) problems.push({ where: `${fat}.source`, message: `${f.source} is not one of this event's sources` });
      if (f.valueHigh !== undefined && f.valueHigh <= f.value) problems.push({ where: `${fat}.valueHigh`, message: 'valueHigh must be greater than value' });
      if (f.company !== '—' && !ev.companies.includes(f.company)) {
        problems.push({ where: `${fat}.company`, message: `"${f.company}" is not among the event's companies (${ev.companies.join(', ')}); use "—" for sector-wide figures` });
      }
      const fp = Math.min(f.asOf.length, ev.date.length);
      if (precisionOf(f.asOf) && startOf(f.asOf.slice(0, fp)) < startOf(ev.date.slice(0, fp))) {
        problems.push({ where: `${fat}.asOf`, message: `asOf ${f.asOf} is before the event's date ${ev.date}` });
      }
    });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, log, problems: [] };
}

/**
 * The curating rules `npm run check-data` adds to the schema for the curated log (docs/curating.md). Not applied
 * when a log is loaded: a draft or a test log may leave tiers out. Every source has a tier; sources are listed best
 * tier first; an official event rests on at least one primary or wire source.
 */
export function curationProblems(log: EventLogT): Problem[] {
  const problems: Problem[] = [];
  log.events.forEach((ev, i) => {
    const at = `events[${i}] (${ev.id})`;
    let previous = -1;
    ev.sources.forEach((s, k) => {
      if (!s.tier) {
        problems.push({ where: `${at} → sources[${k}].tier`, message: `missing; one of ${TIERS.join(', ')}` });
        return;
      }
      const rank = TIERS.indexOf(s.tier);
      if (rank < previous) {
        problems.push({ where: `${at} → sources[${k}].tier`, message: `${s.tier} source listed after a ${TIERS[previous]} one; list sources best tier first (${TIERS.join(', ')})` });
      }
      previous = Math.max(previous, rank);
    });
    if (ev.status === 'official' && !ev.sources.some((s) => s.tier === 'primary' || s.tier === 'wire')) {
      problems.push({ where: `${at} → status`, message: 'official needs a primary or wire source; add one, or make it reported and say why in statusNote' });
    }
  });
  return problems;
}

export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `- ${p.where}: ${p.message}`).join('\n');
}
