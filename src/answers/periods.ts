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
import { foldText } from './text.js';
import { mi, monthLabel, monthOf, periodOfDate, range, yearOf, type Period } from './months.js';
import { findFiscal, findMonthRanges, type Found } from './fiscal-periods.js';
import { chronoHits, knownShapes, MAYBE_DATE, type DateHit } from './date-hits.js';

export { dateInPeriod, fiscalYear, mi, monthLabel, monthOf, periodFit, periodOfDate, yearOf, type MonthIndex, type Period } from './months.js';
export { fiscalPart } from './fiscal-periods.js';
export { chronoHits, chronoParses, knownShapes, type DateHit } from './date-hits.js';

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

