/**
 * Japanese notation for dates, fiscal years, figures and statuses. Pure.
 * A figure is rewritten, never recomputed in floating point: ¥385 billion → 3,850億円 and ¥1.1 trillion →
 * 1兆1,000億円 are the same exact number of yen, moved between notations as decimal strings.
 */
import type { Figure } from '../../timeline/schema.js';
import { endOf } from '../../timeline/dates.js';
import { CATALOGUE } from '../catalogue.js';

/** "2025-02-13" → "2025年2月13日"; "2025-02" → "2025年2月"; "2025" → "2025年" (precision kept, never sharpened). */
export function formatDateJa(d: string): string {
  const [y, m, day] = d.split('-');
  return `${y}年${m ? `${Number(m)}月` : ''}${day ? `${Number(day)}日` : ''}`;
}

/** 2025 → "2025年度（2025年4月〜2026年3月）": the fiscal year named after the year it starts in. */
export function fiscalYearJa(n: number): string {
  return `${n}年度（${n}年4月〜${n + 1}年3月）`;
}

const SCALE_ZEROS: Record<string, number> = { thousand: 3, million: 6, billion: 9, trillion: 12 };

/** Exact decimal string of `value × 10^zeros` (no floating-point arithmetic on the digits). */
export function scaled(value: number, zeros: number): string {
  const neg = value < 0;
  const [int, frac = ''] = String(Math.abs(value)).split('.');
  if (/e/i.test(int)) throw new Error(`cannot write ${value} exactly`);
  let digits = int + frac;
  const point = int.length + zeros;
  if (point > digits.length) digits = digits.padEnd(point, '0');
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const rest = digits.slice(point).replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${rest ? `.${rest}` : ''}`;
}

const group = (n: string) => n.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * An exact decimal amount in Japanese myriad notation: "385000000000" → "3,850億", "1100000000000" → "1兆1,000億",
 * "9230000000" → "92億3,000万", "1368" → "1,368". A fraction (below one unit) is kept on the last group.
 */
export function myriad(amount: string): string {
  const neg = amount.startsWith('-');
  const [int, frac] = (neg ? amount.slice(1) : amount).split('.');
  const units = ['', '万', '億', '兆', '京'];
  const parts: string[] = [];
  let rest = int;
  for (let k = 0; rest.length; k++) {
    const chunk = rest.slice(-4);
    rest = rest.slice(0, -4);
    const n = chunk.replace(/^0+/, '');
    if (k === 0 && frac) parts.unshift(`${group(n || '0')}.${frac}`);
    else if (n) parts.unshift(`${group(n)}${units[k]}`);
  }
  const text = parts.join('') || '0';
  return `${neg ? '-' : ''}${text}`;
}

/** Myriad notation of a value given with a scale, exactly. */
function amountJa(value: number, scale: string | undefined): string {
  return myriad(scaled(value, scale ? SCALE_ZEROS[scale] : 0));
}

/** A plain decimal with thousands separators: 12.22 → "12.22", 20000 → "20,000". */
function plain(v: number): string {
  const [int, frac] = scaled(v, 0).split('.');
  return `${group(int)}${frac ? `.${frac}` : ''}`;
}

const QUALIFIER_BEFORE: Record<string, string> = { about: '約', 'up to': '最大', 'at least': '少なくとも' };
const QUALIFIER_AFTER: Record<string, string> = { 'more than': '超', over: '超', 'just under': '弱', nearly: '近く' };

const COUNTERS: Record<string, string> = {
  vehicles: '台', units: '台', jobs: '人', employees: '人', plants: '工場', years: '年', shares: '株', models: '車種',
};

/** Exactly the figure, in Japanese notation: "3,850億円", "最大4,500億円", "7,000億〜7,500億円", "34%", "9,000人", "740万台". */
export function formatValueJa(f: Pick<Figure, 'value' | 'valueHigh' | 'qualifier' | 'unit' | 'scale'>): string {
  const amount = (v: number) => amountJa(v, f.scale);
  let body: string;
  if (f.unit === 'JPY' || f.unit === 'USD' || f.unit === 'EUR') {
    const sym = f.unit === 'JPY' ? '円' : f.unit === 'USD' ? 'ドル' : 'ユーロ';
    body = f.valueHigh !== undefined ? `${amount(f.value)}〜${amount(f.valueHigh)}${sym}` : `${amount(f.value)}${sym}`;
  } else if (f.unit === 'percent') {
    body = f.valueHigh !== undefined ? `${plain(f.value)}〜${plain(f.valueHigh)}%` : `${plain(f.value)}%`;
  } else if (f.unit === 'percentage-points') {
    body = `${plain(f.value)}ポイント`;
  } else if (f.unit === 'yen-per-usd') {
    body = `1ドル=${plain(f.value)}円`;
  } else {
    const counter = COUNTERS[f.unit] ?? ` ${f.unit}`;
    body = f.valueHigh !== undefined ? `${amount(f.value)}〜${amount(f.valueHigh)}${counter}` : `${amount(f.value)}${counter}`;
  }
  const q = f.qualifier;
  if (q && QUALIFIER_BEFORE[q]) return `${QUALIFIER_BEFORE[q]}${body}`;
  if (q && QUALIFIER_AFTER[q]) return `${body}${QUALIFIER_AFTER[q]}`;
  return body;
}

export function statusLabelJa(status: 'official' | 'reported'): string {
  return status === 'official' ? '公式' : '報道';
}

const MON: Record<string, number> = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };
const PERIOD_WORDS: Record<string, string> = {
  'restructuring plan': '再建計画', annual: '年間', 'per year': '年間', 'deal commitment': '合意での約束', 'under the US–Japan deal': '日米合意のもと',
  'post-integration target': '統合後の目標', 'platform programme': 'プラットフォーム計画', 'per system': '1システムあたり',
};

/**
 * A figure's period words ("FY ending Mar 2026", "Apr–Sep 2025", "as of May 2025", "by FY ending Mar 2028") in Japanese;
 * a shape it does not know is returned as written rather than guessed.
 */
export function periodJa(period: string): string {
  const p = period.trim();
  if (PERIOD_WORDS[p]) return PERIOD_WORDS[p];
  let m: RegExpExecArray | null;
  const fy = (y: string) => Number(y) - 1;
  if ((m = /^(by |end of )?FY ending Mar (\d{4})( and later)?$/.exec(p))) {
    const [, pre, y, later] = m;
    return pre === 'by ' ? `${fy(y)}年度まで` : pre === 'end of ' ? `${fy(y)}年度末（${y}年3月末）` : `${fiscalYearJa(fy(y))}${later ? '以降' : ''}`;
  }
  if ((m = /^FY ending Mar (\d{4})$/.exec(p))) return fiscalYearJa(fy(m[1]));
  if ((m = /^([A-Z][a-z]{2})–([A-Z][a-z]{2}) (\d{4})$/.exec(p)) && MON[m[1]] && MON[m[2]]) return `${m[3]}年${MON[m[1]]}〜${MON[m[2]]}月`;
  if ((m = /^(as of |from |end of |by )?([A-Z][a-z]{2}) (\d{4})$/.exec(p)) && MON[m[2]]) {
    const base = `${m[3]}年${MON[m[2]]}月`;
    return m[1] === 'as of ' ? `${base}時点` : m[1] === 'from ' ? `${base}から` : m[1] === 'end of ' ? `${base}末` : m[1] === 'by ' ? `${base}まで` : base;
  }
  if ((m = /^(from |before )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})$/.exec(p)) && MON[m[3]]) return `${m[4]}年${MON[m[3]]}月${Number(m[2])}日${m[1] === 'from ' ? 'から' : m[1] === 'before ' ? 'より前' : ''}`;
  if ((m = /^before ([A-Z][a-z]{2}) (\d{4})$/.exec(p)) && MON[m[1]]) return `${m[2]}年${MON[m[1]]}月より前`;
  if ((m = /^(\d{4}-\d{2}-\d{2})( morning)?$/.exec(p))) return `${formatDateJa(m[1])}${m[2] ? '午前' : ''}`;
  if ((m = /^(from )?(\d{4})$/.exec(p))) return `${m[2]}年${m[1] ? 'から' : ''}`;
  if ((m = /^(\d+) (months|years)$/.exec(p))) return `${m[1]}${m[2] === 'months' ? 'か月' : '年'}`;
  return p;
}

/** How long ago a (possibly partial) date ended, in Japanese: "9日前", "5か月前", "1年前", "今日", "この期間中" (same thresholds as `age`). */
export function ageJa(date: string, now: Date): string {
  const end = endOf(date);
  const M = CATALOGUE.ja.age;
  if (end.getTime() >= now.getTime()) return M.thisPeriod;
  const days = Math.floor((now.getTime() - end.getTime()) / 86_400_000);
  if (days < 1) return M.today;
  const months = Math.floor(days / 30.44);
  return M.ago(months < 2 ? `${days}日` : months < 24 ? `${months}か月` : `${Math.floor(days / 365.25)}年`);
}
