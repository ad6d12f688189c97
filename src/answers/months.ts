/**
 * Months and periods: the month index periods are made of, their labels, fiscal years, the months a partial date covers,
 * and how a figure's period fits an asked one. Pure.
 */
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

export const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6, jul: 7, july: 7,
  aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
export const MONTH_RE = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
export const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

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

export function fullYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? 2000 + n : n;
}

/** Months covered by a partial date (YYYY, YYYY-MM, YYYY-MM-DD). */
export function periodOfDate(d: string): Period {
  const [y, m, day] = d.split('-').map(Number);
  if (!m) return { start: mi(y, 1), end: mi(y, 12), label: String(y), text: d };
  return { start: mi(y, m), end: mi(y, m), day: day ? d : undefined, label: day ? d : monthLabel(mi(y, m)), text: d };
}

export function range(start: MonthIndex, end: MonthIndex, text: string, fiscal = false): Period {
  const label = start === end ? monthLabel(start) : `${monthLabel(start)}–${monthLabel(end)}`;
  return { start, end, fiscal, label, text };
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
  // a fiscal period asked is that span: a figure for months partly outside it does not answer it
  return asked.fiscal ? 0 : 0.2;
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

/** The same span moved by `months` (made as the readers make a period, field for field). */
export function shiftPeriod(p: Period, months: number): Period {
  const start = p.start + months;
  const end = p.end + months;
  const label = start === end ? monthLabel(start) : `${monthLabel(start)}–${monthLabel(end)}`;
  return { start, end, fiscal: p.fiscal, label, text: p.text };
}
