/**
 * Dates and periods in questions and in figure records. Pure.
 *
 * ## How fiscal years are read
 * Honda and Nissan (like most Japanese companies) run their fiscal year from 1 April to 31 March and
 * name it after the calendar year in which it STARTS:
 *   - "FY2025", "FY25", "fiscal 2025", "fiscal year 2025", "FY2025/26" = 1 April 2025 – 31 March 2026;
 *   - "fiscal year ending March 2026", "FY ending Mar 2026", "year to March 2026", "FY ended March 2026"
 *     = the same year (FY2025);
 *   - a fiscal quarter counts from April: Q1 = April–June, Q2 = July–September, Q3 = October–December,
 *     Q4 = January–March of the following calendar year; "first half" (H1) = April–September,
 *     "second half" (H2) = October–March, "nine months" = April–December.
 * A bare calendar year ("in 2025") is a calendar year, January–December; when compared with a figure's
 * fiscal-year period it matches the fiscal year that shares most of its months with it (FY2025 for 2025).
 *
 * Everything else ("in February 2025", "last December", "last month", "13 Feb 2025", "since July")
 * is read by chrono-node relative to an injected `now`; a month named without a year means its latest
 * occurrence not after `now` (questions are about the past).
 *
 * Figure records name their periods in a small, fixed vocabulary ("Aug 2024", "as of May 2025",
 * "end of Dec 2025", "2025-07-23 morning", "from 3 Apr 2025", "2024"). Those shapes are read by our own
 * rules below (`knownShapes`), which give exactly what chrono-node gives for them; chrono-node reads the rest.
 * That keeps chrono-node's first calls — it compiles very large regular expressions on first use, about
 * half a second — out of building the answer index.
 */
import { Chrono, configuration as chronoEnglish, type ParsedResult, type Parser } from 'chrono-node/en';
import { foldText } from './text.js';

/** Month index: year * 12 + (month - 1). */
export type MonthIndex = number;

export interface Period {
  /** First and last month covered (inclusive). */
  start: MonthIndex;
  end: MonthIndex;
  /** Day precision when the question named a day (YYYY-MM-DD). */
  day?: string;
  /** Read as a Japanese fiscal year (or a part of one). */
  fiscal?: boolean;
  /** Human words for the period: "FY2025 (Apr 2025–Mar 2026)". */
  label: string;
  /** The text it was read from. */
  text: string;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6, jul: 7, july: 7,
  aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
const MONTH_RE = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const mi = (year: number, month: number): MonthIndex => year * 12 + (month - 1);
export const yearOf = (m: MonthIndex): number => Math.floor(m / 12);
export const monthOf = (m: MonthIndex): number => (m % 12) + 1;
export function monthLabel(m: MonthIndex): string {
  return `${SHORT[monthOf(m) - 1]} ${yearOf(m)}`;
}

/** FY n = April n – March n+1. */
export function fiscalYear(n: number, text = `FY${n}`): Period {
  return { start: mi(n, 4), end: mi(n + 1, 3), fiscal: true, label: `FY${n} (Apr ${n}–Mar ${n + 1})`, text };
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? 2000 + n : n;
}

/** Months covered by a partial date (YYYY, YYYY-MM, YYYY-MM-DD). */
export function periodOfDate(d: string): Period {
  const [y, m, day] = d.split('-').map(Number);
  if (!m) return { start: mi(y, 1), end: mi(y, 12), label: String(y), text: d };
  return { start: mi(y, m), end: mi(y, m), day: day ? d : undefined, label: day ? d : monthLabel(mi(y, m)), text: d };
}

function range(start: MonthIndex, end: MonthIndex, text: string, fiscal = false): Period {
  const label = start === end ? monthLabel(start) : `${monthLabel(start)}–${monthLabel(end)}`;
  return { start, end, fiscal, label, text };
}

interface Found {
  period: Period;
  index: number;
  length: number;
}

/** Fiscal-year and fiscal-part expressions (our own rule; chrono knows nothing of fiscal years). */
function findFiscal(s: string, now?: Date): Found[] {
  const out: Found[] = [];
  const push = (m: RegExpExecArray, p: Period) => out.push({ period: { ...p, text: m[0].trim() }, index: m.index, length: m[0].length });
  let m: RegExpExecArray | null;
  // "this fiscal year", "last fiscal year", "next financial year": relative to now (a fiscal year starts in April)
  if (now) {
    const rel = /\b(this|current|the current|last|previous|prior|past|next|coming|the coming|following)\s+(fiscal|financial|business)(?:\s+year)?\b|\b(this|last|next)\s+fy\b/g;
    let r: RegExpExecArray | null;
    const cur = now.getUTCMonth() + 1 >= 4 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
    while ((r = rel.exec(s))) {
      const w = (r[1] ?? r[3]).replace(/^the\s+/, '');
      const n = /^(last|previous|prior|past)$/.test(w) ? cur - 1 : /^(next|coming|following)$/.test(w) ? cur + 1 : cur;
      out.push({ period: { ...fiscalYear(n), text: r[0] }, index: r.index, length: r[0].length });
    }
  }
  // "(fiscal) year ending/ended/to March 2026", "FY ending Mar 2026", "12 months to March 2026"
  const ending = new RegExp(
    `\\b(?:(?:fy|fiscal(?:\\s+year)?|financial\\s+year|business\\s+year|full[\\s-]+year|(?:twelve|12)\\s+months|year)\\s*(?:that\\s+|which\\s+)?(?:ending|ended|ends|end|to|through|thru|till|until)(?:\\s+in)?(?:\\s+on)?|\\(to)\\s+(?:31\\s+)?${MONTH_RE}\\s*(?:31,?\\s*)?'?(\\d{4}|\\d{2})\\b`,
    'g',
  );
  while ((m = ending.exec(s))) {
    const month = MONTHS[m[1].replace('.', '')];
    const y = fullYear(m[2]);
    // a fiscal year ending in month M of year Y began the month after M of Y-1
    const end = mi(y, month);
    const p = month === 3 ? fiscalYear(y - 1, m[0]) : range(end - 11, end, m[0], true);
    push(m, p);
  }
  // "nine months to December 2025", "six months ended September 2025", "three months to June 2025"
  const monthsTo = new RegExp(`\\b(three|six|nine|twelve|3|6|9|12|quarter|half|half[\\s-]+year)[\\s-]*(?:months?)?\\s+(?:to|ended|ending|through|thru|until)\\s+(?:the\\s+end\\s+of\\s+)?${MONTH_RE}\\s*,?\\s*'?(\\d{4})\\b`, 'g');
  while ((m = monthsTo.exec(s))) {
    const n = { three: 3, six: 6, nine: 9, twelve: 12, quarter: 3, half: 6 }[m[1].split(/[\s-]/)[0] as 'three'] ?? Number(m[1]);
    const end = mi(Number(m[3]), MONTHS[m[2].replace('.', '')]);
    const p = range(end - n + 1, end, m[0], true);
    if (n === 12 && monthOf(end) === 3) push(m, fiscalYear(yearOf(end) - 1, m[0]));
    else push(m, p);
  }
  // "Q1 FY2025", "first quarter of fiscal 2025", "H1 FY2025", "first half of FY2025", "nine months of FY2025"
  const part = /\b(q[1-4]|[1-4](?:st|nd|rd|th)[\s-]+quarter|(?:first|second|third|fourth)(?:\s+fiscal)?[\s-]+quarter|h[12]|(?:first|second)[\s-]+half|(?:first\s+)?nine[\s-]+months|9\s*months|9m)\s*(?:of\s+(?:the\s+)?)?(?:fy|fiscal(?:\s+year)?|financial\s+year)\s*'?(\d{4}|\d{2})(?:\s*[/-]\s*'?(?:\d{4}|\d{2}))?\b/g;
  while ((m = part.exec(s))) {
    const n = fullYear(m[2]);
    const p = fiscalPart(m[1], n);
    if (p) push(m, { ...p, text: m[0] });
  }
  // "FY2025", "FY25", "FY 2025", "FY2025/26", "FY2025-26", "fiscal 2025", "fiscal year 2025", "fy'25"
  const fy = /\b(?:fy|fiscal(?:\s+year)?|financial\s+year|business\s+year)\s*'?(\d{4}|\d{2})(?:\s*[/-]\s*'?(\d{4}|\d{2}))?(?!\d)/g;
  while ((m = fy.exec(s))) {
    if (out.some((f) => m!.index >= f.index && m!.index < f.index + f.length)) continue;
    let n = fullYear(m[1]);
    // "FY2025/26": the first year names it. "FY ending 2026" handled above.
    if (m[2] && fullYear(m[2]) === n) n = n - 0;
    push(m, fiscalYear(n, m[0]));
  }
  // "fiscal Q1 2025", "Q3 2025" (calendar quarter wording is ambiguous; a bare "Qn YYYY" is read as fiscal, as the companies report)
  const qy = /\b(?:fiscal\s+)?(q[1-4])\s*'?(\d{4}|\d{2})\b/g;
  while ((m = qy.exec(s))) {
    if (out.some((f) => m!.index >= f.index && m!.index < f.index + f.length)) continue;
    const p = fiscalPart(m[1], fullYear(m[2]));
    if (p) push(m, { ...p, text: m[0] });
  }
  // "first-half net loss for FY2025": a part named apart from its fiscal year narrows that year
  const loose = /\b(q[1-4]|[1-4](?:st|nd|rd|th)[\s-]+quarter|(?:first|second|third|fourth)[\s-]+quarter|h[12]|(?:first|second)[\s-]+half|nine[\s-]+months?|9[\s-]*months?)\b/.exec(s);
  if (loose && !out.some((f) => f.period.fiscal) && !out.some((f) => loose.index >= f.index && loose.index < f.index + f.length)) {
    // a part with no fiscal year named: the fiscal year of the month or year named elsewhere ("first-half loss forecast from July 2025")
    const other = new RegExp(`\\b${MONTH_RE}\\s*,?\\s*(\\d{4})\\b|\\b(20\\d\\d)\\b`).exec(s);
    if (other) {
      const y = Number(other[2] ?? other[3]);
      const mo = other[1] ? MONTHS[other[1].replace('.', '')] : 4;
      const part = fiscalPart(loose[1], mo >= 4 ? y : y - 1);
      if (part) out.push({ period: { ...part, text: loose[0] }, index: loose.index, length: loose[0].length });
    } else if (now) {
      // no year anywhere ("Nissan's Q3 operating profit", "the first half"): the latest such part that has ended,
      // as a month named without a year is its latest occurrence (questions are about the past)
      const current = mi(now.getUTCFullYear(), now.getUTCMonth() + 1);
      for (let n = yearOf(current); n > yearOf(current) - 3; n--) {
        const part = fiscalPart(loose[1], n);
        if (part && part.end < current) {
          out.push({ period: { ...part, text: loose[0] }, index: loose.index, length: loose[0].length });
          break;
        }
      }
    }
  } else if (loose) {
    for (const f of out) {
      const p = f.period;
      if (p.fiscal && p.end - p.start === 11 && !out.some((o) => o !== f && o.period.end - o.period.start < 11)) {
        const part = fiscalPart(loose[1], yearOf(p.start));
        if (part) {
          f.period = { ...part, text: `${loose[0]} ${p.text}` };
          out.push({ period: f.period, index: loose.index, length: loose[0].length });
          break;
        }
      }
    }
  }
  return out;
}

/** Fiscal quarter/half/nine months of FY n. */
export function fiscalPart(word: string, n: number): Period | undefined {
  const w = word.toLowerCase();
  const q = /q([1-4])/.exec(w)?.[1] ?? /([1-4])(?:st|nd|rd|th)/.exec(w)?.[1] ?? { first: '1', second: '2', third: '3', fourth: '4' }[/(first|second|third|fourth)/.exec(w)?.[1] ?? ''];
  if (/half|h[12]/.test(w)) {
    const second = /second|h2/.test(w);
    const start = second ? mi(n, 10) : mi(n, 4);
    return { ...range(start, start + 5, w, true), label: `${second ? 'second' : 'first'} half of FY${n} (${monthLabel(start)}–${monthLabel(start + 5)})` };
  }
  if (/nine|9/.test(w) && !/q/.test(w)) {
    return { ...range(mi(n, 4), mi(n, 12), w, true), label: `first nine months of FY${n} (Apr–Dec ${n})` };
  }
  if (q) {
    const start = mi(n, 4) + (Number(q) - 1) * 3;
    return { ...range(start, start + 2, w, true), label: `Q${q} of FY${n} (${monthLabel(start)}–${monthLabel(start + 2)})` };
  }
  return undefined;
}

/** "April–June 2025", "Apr-Sep 2025", "April to December 2025", "Oct–Dec 2025", "Apr 2025–Mar 2026". */
function findMonthRanges(s: string): Found[] {
  const out: Found[] = [];
  const re = new RegExp(`\\b(?:between\\s+|from\\s+)?${MONTH_RE}\\s*(?:'?(\\d{4}))?\\s*(?:-|–|to|through|thru|until|and)\\s*${MONTH_RE}\\s*,?\\s*'?(\\d{4})\\b`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const m1 = MONTHS[m[1].replace('.', '')];
    const m2 = MONTHS[m[3].replace('.', '')];
    const y2 = Number(m[4]);
    const y1 = m[2] ? Number(m[2]) : m1 <= m2 ? y2 : y2 - 1;
    const a = mi(y1, m1);
    const b = mi(y2, m2);
    if (b < a) continue;
    const p = range(a, b, m[0]);
    // April–March spans and their halves/quarters are the fiscal calendar
    if (m1 === 4 && (m2 === 3 || m2 === 6 || m2 === 9 || m2 === 12)) p.fiscal = true;
    out.push({ period: p, index: m.index, length: m[0].length });
  }
  return out;
}

export interface ReadPeriods {
  /** The period the question is about, if any (the widest reading when several are named). */
  period?: Period;
  /** Every period found, in text order. */
  all: Period[];
  /** The question with period expressions blanked out (so "2025" is not read as a number to match). */
  rest: string;
  /** Range words around the period: "since X" → open end, "before X" → open start. */
  open?: 'after' | 'before';
}

/** Every token chrono-node's English parsers start from: digits, month and weekday names, casual and relative words. */
const MAYBE_DATE =
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

/**
 * Read the periods in a text. `now` anchors relative expressions ("last month").
 * Fiscal expressions are read first (our rule), then month ranges, then chrono-node, then bare years.
 */
export function readPeriods(text: string, now: Date = new Date()): ReadPeriods {
  let s = foldText(text);
  const found: Found[] = [];
  const blank = (f: Found) => {
    s = s.slice(0, f.index) + ' '.repeat(f.length) + s.slice(f.index + f.length);
  };
  for (const f of findFiscal(s, now)) found.push(f);
  found.forEach(blank);
  for (const f of findMonthRanges(s)) {
    found.push(f);
    blank(f);
  }
  const explicitYears = [...s.matchAll(/\b(19[5-9]\d|20\d\d)\b/g)].map((m) => Number(m[1]));
  // days, months, relative expressions: the fixed shapes of figure records by our own rules, the rest by chrono-node
  let results: DateHit[] = [];
  // chrono-node is by far the slowest step; skip it when nothing in the text could be a date.
  if (MAYBE_DATE.test(s)) results = knownShapes(s) ?? chronoHits(s, now);
  for (const r of results) {
    if (/^\d{4}$/.test(r.text.trim())) continue; // bare years handled below
    if (/^(now|today|tonight)$/i.test(r.text.trim())) continue;
    // "build in a year", "within a month": a duration, not a date
    if (/^(in|within)\s+(a|an|one)\s+(year|month|week|day)$/i.test(r.text.trim())) continue;
    const known = r;
    const y = known.year;
    const mo = known.month;
    const d = known.day;
    let p: Period | undefined;
    if (mo === undefined && y === undefined) {
      // a weekday or time only: use chrono's date as a day
      const dt = known.date();
      p = { ...periodOfDate(dt.toISOString().slice(0, 10)), text: r.text };
    } else if (mo === undefined) {
      p = { start: mi(y!, 1), end: mi(y!, 12), label: String(y), text: r.text };
    } else {
      let year = y;
      if (year === undefined) {
        // a month without a year: the year named elsewhere in the question, else its latest occurrence not after now
        const later = explicitYears.find(() => true);
        if (later !== undefined) year = later;
        else {
          year = now.getUTCFullYear();
          if (mi(year, mo) > mi(now.getUTCFullYear(), now.getUTCMonth() + 1)) year -= 1;
        }
      }
      if (d !== undefined && /\bweek\b/.test(r.text)) {
        // "last week", "this week": the seven days from chrono's anchor
        const startDay = known.date();
        const endDay = new Date(startDay.getTime() + 6 * 86400000);
        const a = startDay.toISOString().slice(0, 10);
        const b = endDay.toISOString().slice(0, 10);
        p = { start: mi(startDay.getUTCFullYear(), startDay.getUTCMonth() + 1), end: mi(endDay.getUTCFullYear(), endDay.getUTCMonth() + 1), label: `${a} to ${b}`, text: r.text };
        (p as Period & { days?: [string, string] }).days = [a, b];
      } else if (d !== undefined && y !== undefined) {
        const iso = `${year}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        p = { ...periodOfDate(iso), text: r.text };
      } else {
        p = { ...range(mi(year, mo), mi(year, mo), r.text) };
      }
    }
    if (r.end && p) {
      const e = r.end;
      const ey = e.year ?? yearOf(p.end);
      const em = e.month ?? monthOf(p.end);
      p = { ...p, end: Math.max(p.end, mi(ey, em)), day: undefined, label: `${monthLabel(p.start)}–${monthLabel(Math.max(p.end, mi(ey, em)))}` };
    }
    if (p) {
      const f = { period: p, index: r.index, length: r.text.length };
      found.push(f);
      blank(f);
    }
  }
  // bare years: "in 2025", "2024's", "during 2026"
  for (const m of s.matchAll(/\b(19[5-9]\d|20\d\d)\b/g)) {
    const y = Number(m[1]);
    const f = { period: { start: mi(y, 1), end: mi(y, 12), label: String(y), text: m[0] }, index: m.index!, length: m[0].length };
    found.push(f);
    blank(f);
  }
  found.sort((a, b) => a.index - b.index);
  const all = found.map((f) => f.period);
  let period: Period | undefined;
  if (all.length === 1) period = all[0];
  else if (all.length > 1) {
    // "between March and May 2025", "from Dec 2024 to Feb 2025": the span; otherwise the most specific
    const span = /\b(between|from)\b[\s\S]*\b(and|to|until|till|through)\b/.test(foldText(text));
    if (span) {
      const start = Math.min(...all.map((p) => p.start));
      const end = Math.max(...all.map((p) => p.end));
      period = { start, end, label: `${monthLabel(start)}–${monthLabel(end)}`, text: all.map((p) => p.text).join(' … ') };
    } else {
      period = [...all].sort((a, b) => a.end - a.start - (b.end - b.start))[0];
      // a fiscal year named alongside a month (e.g. "FY2025 forecast in May 2025"): keep the fiscal year as the period
      const fy = all.find((p) => p.fiscal);
      if (fy) period = fy;
    }
  }
  let open: ReadPeriods['open'];
  const f = foldText(text);
  // "since July 2025", "before April 2025": only when the word directly precedes the period named
  const at = period ? f.indexOf(period.text.split(' … ')[0]) : -1;
  const before = at > 0 ? f.slice(Math.max(0, at - 12), at) : '';
  if (period && /\b(since|after)\s+(the\s+)?$/.test(before)) open = 'after';
  else if (period && /\b(before|until|till|prior to)\s+(the\s+)?$/.test(before)) open = 'before';
  if (period && open === 'after') period = { ...period, end: mi(now.getUTCFullYear(), now.getUTCMonth() + 1), label: `since ${monthLabel(period.start)}` };
  if (period && open === 'before') period = { ...period, start: 0, label: `before ${monthLabel(period.end)}` };
  return { period, all, rest: s, open };
}

/**
 * The period a figure refers to, read from its `period` words ("FY ending Mar 2026 (estimate)",
 * "Apr–Jun 2025", "FY2024 (to Mar 2025)", "2024", "Dec 2024"). Undefined for words like "annual".
 */
export function figurePeriod(words: string): Period | undefined {
  const s = words.replace(/\((?:forecast|estimate)[^)]*\)/gi, '');
  const r = readPeriods(s, new Date(Date.UTC(2100, 0, 1)));
  if (!r.all.length) return undefined;
  // the first reading names it ("FY2024 (to Mar 2025)" → FY2024); fiscal readings win over months
  return r.all.find((p) => p.fiscal) ?? r.all[0];
}

/** How well a figure's period fits the asked period: 1 same, 0.6 inside/around it, 0 disjoint. */
export function periodFit(fig: Period, asked: Period): number {
  const lo = Math.max(fig.start, asked.start);
  const hi = Math.min(fig.end, asked.end);
  if (hi < lo) return 0;
  const overlap = hi - lo + 1;
  const figLen = fig.end - fig.start + 1;
  const askLen = asked.end - asked.start + 1;
  if (overlap === figLen && overlap === askLen) return 1;
  // calendar 2025 vs fiscal 2025: same length, mostly the same months
  if (figLen === askLen && overlap / figLen >= 0.75) return 0.9;
  // the figure's period lies inside the asked one: a month's value (a stake, a market value) may stand for it,
  // but a part is never the whole (nine months' revenue is not the year's revenue)
  if (overlap === figLen) return figLen >= 2 ? 0 : 0.6;
  // the asked period lies inside the figure's: a quarter or half is never answered with a full-year figure;
  // a calendar month may still name when a full-year figure was stated (see the asOf reading)
  if (overlap === askLen) return asked.fiscal ? 0 : 0.5;
  return 0.2;
}

/** Does a partial date (YYYY, YYYY-MM, YYYY-MM-DD) fall in a period? */
export function dateInPeriod(date: string, p: Period): boolean {
  const days = (p as Period & { days?: [string, string] }).days;
  if (days || p.day) {
    // a day or a week was asked: only dates known to the day can be said to fall in it
    if (date.length < 10) return false;
    return days ? date >= days[0] && date <= days[1] : date === p.day;
  }
  // a date known only to the month or year falls in the asked period only when it lies wholly inside it
  // ("2026" is not "in February 2026")
  const d = periodOfDate(date);
  return d.start >= p.start && d.end <= p.end;
}
