/**
 * Date expressions in a text, as chrono-node reads them relative to a reference time, and the fixed shapes figure
 * records use, read by our own rules with the same result (which keeps chrono-node's costly first calls out of
 * building the answer index).
 */
import { Chrono, configuration as chronoEnglish, type ParsedResult, type Parser } from 'chrono-node/en';
import { MONTHS } from './months.js';

/** Every token chrono-node's English parsers start from: digits, month and weekday names, casual and relative words. */
export const MAYBE_DATE =
  /\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)|today|tomorrow|yesterday|tonight|now|noon|midnight|morning|afternoon|evening|night|ago|later|last|next|this|past|coming|day|week|fortnight|month|quarter|year|decade|hour|minute|second|christmas|new year/i;

/** A date expression found in a text: where, its words, and the parts it names for certain. */
export interface DateHit {
  index: number;
  text: string;
  year?: number;
  month?: number;
  day?: number;
  /** The date it stands for, parts not named filled in from the reference time (chrono-node's reading); read only when neither month nor year is named. */
  date(): Date;
  /** The end of a range ("Dec 2024 – Feb 2025"), when one was named. */
  end?: { year?: number; month?: number };
}

/**
 * chrono-node's English casual parser — the one `chrono.parse` uses — with two of its parsers guarded.
 * "3 months ago" / "two weeks later" are read by regular expressions so large that compiling them takes
 * about 150 ms each, and V8 compiles a regular expression on its second use. Each guard is a condition
 * every match of its parser satisfies (a time unit's last character, at most five spaces, then the
 * keyword), so a text that fails it would give that parser no match: the parser is skipped for that text
 * and the results are the same as the unguarded parser's.
 */
let chronoParser: Chrono | undefined;
function chronoEn(): Chrono {
  if (chronoParser) return chronoParser;
  const never = /(?!)/;
  const guards: Record<string, RegExp> = {
    ENTimeUnitAgoFormatParser: /\S\s{0,5}(?:ago|before|earlier)(?=\W|$)/i,
    ENTimeUnitLaterFormatParser: /\S\s{0,5}(?:later|after|from now|henceforth|forward|out)(?=\W|$)/i,
  };
  const config = chronoEnglish.createCasualConfiguration(false);
  config.parsers = config.parsers.map((parser): Parser => {
    const guard = guards[parser.constructor.name];
    if (!guard) return parser;
    return {
      pattern: (context) => (guard.test(context.text) ? parser.pattern(context) : never),
      extract: (context, match) => parser.extract(context, match),
    };
  });
  chronoParser = new Chrono(config);
  return chronoParser;
}

let chronoCalls = 0;
/** How many texts have been read by chrono-node in this process (our own rules decided the others). */
export function chronoParses(): number {
  return chronoCalls;
}

/** The date expressions chrono-node finds in a (folded) text, relative to `now`. */
export function chronoHits(s: string, now: Date): DateHit[] {
  let results: ParsedResult[];
  chronoCalls++;
  try {
    results = chronoEn().parse(s, { instant: now, timezone: 'UTC' }, { forwardDate: false });
  } catch {
    return [];
  }
  return results.map((r) => {
    const certain = (c: ParsedResult['start'], part: 'year' | 'month' | 'day') => (c.isCertain(part) ? c.get(part)! : undefined);
    const hit: DateHit = { index: r.index, text: r.text, year: certain(r.start, 'year'), month: certain(r.start, 'month'), day: certain(r.start, 'day'), date: () => r.start.date() };
    if (r.end) hit.end = { year: certain(r.end, 'year'), month: certain(r.end, 'month') };
    return hit;
  });
}

const MONTH_NAMES = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december';
const YEAR = '(19[5-9]\\d|20\\d\\d)';
/** "Aug 2024", "as of May 2025", "from Nov 2025", "before Apr 2025", "(announced Nov 2024)" (chrono-node reads the month and year, without the words before). */
const SHAPE_MONTH = new RegExp(`^ *(?:(?:from|as of|before|\\(announced) )?(${MONTH_NAMES}) ${YEAR}\\)? *$`);
/** "end of Dec 2025": the month's last day (chrono-node's reading, the words included). */
const SHAPE_END_OF = new RegExp(`^ *end of (${MONTH_NAMES}) ${YEAR} *$`);
/** "2025-07-23", "2025-02-05 morning": the day (the time of day is not a certain part). */
const SHAPE_ISO = new RegExp(`^ *${YEAR}-(\\d\\d)-(\\d\\d)( morning)? *$`);
/** "3 Apr 2025", "from 3 Apr 2025": the day, without "from". */
const SHAPE_DAY = new RegExp(`^ *(?:from )?([1-9]|[12]\\d|3[01]) (${MONTH_NAMES}) ${YEAR} *$`);
/** "2024", "annual (2025)", "3 months", "per year (2025)", "share of sales in 2030", "and later": no date beyond the bare year. */
const SHAPE_NO_DATE = new RegExp(`^ *(?:([a-z][a-z' -]*) (?:\\(${YEAR}\\)|in ${YEAR})|(?:(?:[1-9]|1[0-2]) months?|per year)(?: \\(${YEAR}\\))?|${YEAR}|and later) *$`);

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const monthNumber = (name: string) => MONTHS[name];

/**
 * The date expressions in the fixed shapes figure records use, read as chrono-node reads them (same
 * position, words and certain parts); undefined when the text is not one of those shapes.
 */
export function knownShapes(s: string): DateHit[] | undefined {
  let m: RegExpExecArray | null;
  const hit = (index: number, text: string, year: number, month: number, day?: number): DateHit => {
    const h: DateHit = { index, text, year, month, date: () => new Date(Date.UTC(year, month - 1, day ?? 1, 12)) };
    if (day !== undefined) h.day = day;
    return h;
  };
  if ((m = SHAPE_MONTH.exec(s))) {
    const text = `${m[1]} ${m[2]}`;
    return [hit(s.lastIndexOf(text), text, Number(m[2]), monthNumber(m[1]))];
  }
  if ((m = SHAPE_END_OF.exec(s))) {
    const year = Number(m[2]);
    const month = monthNumber(m[1]);
    const text = `end of ${m[1]} ${m[2]}`;
    return [hit(s.indexOf(text), text, year, month, daysIn(year, month))];
  }
  if ((m = SHAPE_ISO.exec(s))) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
    const text = `${m[1]}-${m[2]}-${m[3]}${m[4] ?? ''}`;
    return [hit(s.indexOf(text), text, year, month, day)];
  }
  if ((m = SHAPE_DAY.exec(s))) {
    const [day, month, year] = [Number(m[1]), monthNumber(m[2]), Number(m[3])];
    if (day > daysIn(year, month)) return undefined;
    const text = `${m[1]} ${m[2]} ${m[3]}`;
    return [hit(s.lastIndexOf(text), text, year, month, day)];
  }
  if ((m = SHAPE_NO_DATE.exec(s))) {
    // words before the year that could start a date ("coming", "quarter") are left to chrono-node
    if (m[1] && MAYBE_DATE.test(m[1])) return undefined;
    return [];
  }
  return undefined;
}

