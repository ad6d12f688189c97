/**
 * Everything `npm run check-data` checks, as a pure function: schema, unique ids, date order,
 * every figure backed by one of its event's sources, well-formed URLs, no duplicate figure ids.
 * Each problem names the event and the field.
 */
import { EventLog, type EventLog as EventLogT } from './schema.js';
import { compareDates, startOf, precisionOf } from './dates.js';

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
  const parsed = EventLog.safeParse(raw);
  const rawEvents: unknown[] = Array.isArray((raw as { events?: unknown })?.events) ? (raw as { events: unknown[] }).events : [];
  if (!parsed.success) {
    const problems = parsed.error.issues.map((iss) => {
      const path = [...iss.path];
      let where = path.length ? path.join('.') : '(top level)';
      if (path[0] === 'events' && typeof path[1] === 'number') {
        const rest = path.slice(2);
        where = `${eventLabel(rawEvents[path[1]], path[1])}${rest.length ? ' → ' + rest.map((p, k) => (typeof p === 'number' ? `[${p}]` : (k ? '.' : '') + String(p))).join('') : ''}`;
      }
      return { where, message: iss.message };
    });
    return { ok: false, problems };
  }
  const log = parsed.data;
  const problems: Problem[] = [];
  const ids = new Map<string, number>();
  const figureIds = new Map<string, string>();
  log.events.forEach((ev, i) => {
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
  });
  if (problems.length) return { ok: false, problems };
  return { ok: true, log, problems: [] };
}

export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `- ${p.where}: ${p.message}`).join('\n');
}
