import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fiscalYearJa, formatDateJa, formatValueJa, myriad, periodJa, statusLabelJa } from '../../../src/i18n/ja/format.js';

const log = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../data/events.json'), 'utf8')) as {
  events: { figures: { id: string; period: string; value: number; valueHigh?: number; unit: string; scale?: string; qualifier?: string }[] }[];
};
const ZEROS: Record<string, number> = { thousand: 3, million: 6, billion: 9, trillion: 12 };

/** value × 10^scale as a BigInt, computed from the number's decimal digits (test's own arithmetic). */
function exactYen(value: number, scale?: string): bigint {
  const [int, frac = ''] = String(Math.abs(value)).split('.');
  const zeros = scale ? ZEROS[scale] : 0;
  expect(frac.length).toBeLessThanOrEqual(zeros);
  return (value < 0 ? -1n : 1n) * BigInt(int + frac.padEnd(zeros, '0'));
}

/** "1兆999億9,988万2,688" → 1099999882688n: reads the Japanese notation back. */
function readMyriad(text: string): bigint {
  const neg = text.startsWith('-');
  let total = 0n;
  for (const m of text.matchAll(/(\d[\d,]*)(兆|億|万)?/g)) {
    const n = BigInt(m[1].replace(/,/g, ''));
    total += n * (m[2] === '兆' ? 10n ** 12n : m[2] === '億' ? 10n ** 8n : m[2] === '万' ? 10n ** 4n : 1n);
  }
  return neg ? -total : total;
}

describe('Japanese formatters', () => {
  it('GIVEN the examples of the notation THEN exactly those strings', () => {
    expect(formatValueJa({ value: 385, unit: 'JPY', scale: 'billion' })).toBe('3,850億円');
    expect(formatValueJa({ value: 1.1, unit: 'JPY', scale: 'trillion' })).toBe('1兆1,000億円');
    expect(formatValueJa({ value: 700, valueHigh: 750, unit: 'JPY', scale: 'billion' })).toBe('7,000億〜7,500億円');
    expect(formatValueJa({ value: 450, unit: 'JPY', scale: 'billion', qualifier: 'up to' })).toBe('最大4,500億円');
    expect(formatValueJa({ value: 9.23, unit: 'JPY', scale: 'billion' })).toBe('92億3,000万円');
    expect(formatValueJa({ value: 20000, unit: 'jobs' })).toBe('2万人');
    expect(formatValueJa({ value: 34, unit: 'percent' })).toBe('34%');
    expect(myriad('1099999882688')).toBe('1兆999億9,988万2,688');
  });

  it('GIVEN every yen figure of data/events.json THEN the Japanese text reads back to exactly the same number of yen', () => {
    let checked = 0;
    for (const e of log.events) {
      for (const f of e.figures.filter((x) => x.unit === 'JPY')) {
        const text = formatValueJa(f as Parameters<typeof formatValueJa>[0]);
        expect(text, f.id).toMatch(/円/);
        const amounts = text.replace(/^(約|最大|少なくとも)/, '').replace(/(超|弱|近く)$/, '').replace(/円$/, '').split('〜');
        expect(readMyriad(amounts[0]), f.id).toBe(exactYen(f.value, f.scale));
        if (f.valueHigh !== undefined) expect(readMyriad(amounts[1]), f.id).toBe(exactYen(f.valueHigh, f.scale));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('GIVEN dates of each precision THEN 年月日 with the precision kept', () => {
    expect(formatDateJa('2025-02-13')).toBe('2025年2月13日');
    expect(formatDateJa('2025-02')).toBe('2025年2月');
    expect(formatDateJa('2025')).toBe('2025年');
  });

  it('GIVEN a fiscal year THEN 年度 with its months; statuses THEN 公式 / 報道', () => {
    expect(fiscalYearJa(2025)).toBe('2025年度（2025年4月〜2026年3月）');
    expect(statusLabelJa('official')).toBe('公式');
    expect(statusLabelJa('reported')).toBe('報道');
  });

  it('GIVEN every figure period of data/events.json THEN Japanese words, no English month or FY left', () => {
    for (const e of log.events) for (const f of e.figures) expect(periodJa(f.period), f.period).not.toMatch(/[A-Za-z]{2,}/);
    expect(periodJa('FY ending Mar 2026')).toBe('2025年度（2025年4月〜2026年3月）');
    expect(periodJa('Apr–Sep 2025')).toBe('2025年4〜9月');
  });
});
