/**
 * A figure typed by a curator for an event just added (the second form after Draft): exactly the number the source
 * states, its unit and scale as written ("JPY billion"), its period and company. What the form does not ask is taken
 * from the event: stated on the event's date, backed by its first source. Nothing is converted or rounded.
 */
import { SCALES, type Event, type Figure } from '../timeline/schema.js';
import { eventId as slugOf } from './draft.js';
import { CurationError } from './errors.js';

export interface FigureInput {
  label: string;
  /** "533.1", "-4.9", "700–750" (a range as the source gives it). */
  value: string;
  /** The unit and scale as written: "JPY billion", "percent", "vehicles". */
  unit: string;
  period: string;
  /** One of the event's companies, or "—" for sector-wide figures. */
  company: string;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** The figure for an event, or a CurationError naming the field that cannot be read. */
export function figureFrom(input: FigureInput, event: Event, taken: (id: string) => boolean): Figure {
  const label = input.label.trim();
  const [low, high] = input.value.replace(/,/g, '').replace(/\s+/g, '').split(/[–—]|(?<=\d)-(?=\d)/);
  if (!NUMBER.test(low ?? '') || (high !== undefined && !NUMBER.test(high))) {
    throw new CurationError(`value: “${input.value.slice(0, 30)}” is not a number as the source states it (e.g. 533.1, or 700–750 for a range).`);
  }
  const words = input.unit.trim().split(/\s+/).filter(Boolean);
  const scale = words.length > 1 && (SCALES as readonly string[]).includes(words.at(-1)!.toLowerCase()) ? (words.pop()!.toLowerCase() as Figure['scale']) : undefined;
  const unit = words.join('-');
  if (!unit) throw new CurationError('unit: say what the number counts, e.g. JPY billion, percent or vehicles.');
  const company = input.company.trim() || event.companies[0];
  const companyWords = new RegExp(`\\b(${event.companies.map((c) => c.toLowerCase()).join('|')})('s)?\\b`, 'g');
  const metric = slugOf('', label.toLowerCase().replace(companyWords, ' ')).replace(/^-/, '') || 'figure';
  const base = `${slugOf('', company === '—' ? 'sector' : company).replace(/^-/, '')}-${metric}-${event.date}`.slice(0, 90);
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return {
    id,
    label,
    value: Number(low),
    ...(high !== undefined ? { valueHigh: Number(high) } : {}),
    unit,
    ...(scale ? { scale } : {}),
    period: input.period.trim(),
    company,
    metric,
    asOf: event.date,
    source: event.sources[0].url,
  };
}
