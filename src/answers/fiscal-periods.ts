/**
 * Fiscal-year and fiscal-part expressions ("FY2025", "year to March 2026", "Q3 FY25", "first half") and month ranges
 * ("Apr–Jun 2025"): our own rules (chrono-node knows nothing of fiscal years). See periods.ts for how they are read.
 */
import { fiscalYear, fullYear, mi, monthLabel, monthOf, MONTH_RE, MONTHS, range, yearOf, type Period } from './months.js';

export interface Found {
  period: Period;
  index: number;
  length: number;
}

/** Fiscal-year and fiscal-part expressions (our own rule; chrono knows nothing of fiscal years). */
export function findFiscal(s: string, now?: Date): Found[] {
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
export function findMonthRanges(s: string): Found[] {
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

