import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadTimelineFile } from '../../../src/timeline/store.js';
import { answerQuestion } from '../../../src/answers/index.js';
import { answerJapanese } from '../../../src/i18n/ja/answer.js';
import { isJapanese, readJapanese, shift } from '../../../src/i18n/ja/question.js';

const loaded = loadTimelineFile(resolve(import.meta.dirname, '../../../data/events.json'));
if (!loaded.ok) throw new Error(loaded.error.message);
const timeline = loaded.timeline;
const now = new Date('2026-06-01T00:00:00Z');

describe('readJapanese', () => {
  it('GIVEN full- and half-width fiscal years THEN both read as the same FY', () => {
    expect(readJapanese('ホンダの２０２５年度の営業損益は？').english).toBe(readJapanese('ホンダの2025年度の営業損益は?').english);
    expect(readJapanese('ホンダの2025年度の営業損益は？').english).toContain('FY2025');
  });
  it('GIVEN 3月期, 上期, 第1四半期 and 4〜6月期 THEN each becomes the English period words', () => {
    expect(readJapanese('日産の2026年3月期の純損失').english).toContain('fiscal year ending March 2026');
    expect(readJapanese('日産の2025年度上期の純損失').english).toContain('first half FY2025');
    expect(readJapanese('ホンダの2025年度第1四半期').english).toContain('Q1 FY2025');
    expect(readJapanese('2025年4〜6月期').english).toContain('April-June 2025');
  });
  it('GIVEN a kind word THEN it leads the English question', () => {
    expect(readJapanese('経営統合の協議はいつ始まった？').english.startsWith('when did')).toBe(true);
    expect(readJapanese('日産の社長は誰？').english.startsWith('who')).toBe(true);
  });
  it('GIVEN a yen amount in 億円 THEN it is shifted exactly, never rounded', () => {
    expect(readJapanese('3,850億円').english).toContain('¥385 billion');
    expect(shift('6709', -1)).toBe('670.9');
    expect(shift('1.1', 4)).toBe('11000');
  });
  it('GIVEN an unknown content word THEN it is reported and kept as a word no record holds', () => {
    const r = readJapanese('日産の配当性向は？');
    expect(r.unknown.length).toBeGreaterThan(0);
    expect(isJapanese('ホンダ')).toBe(true);
    expect(isJapanese('Honda')).toBe(false);
  });
});

describe('answerJapanese', () => {
  it('GIVEN a Japanese figure question THEN the same figure as the English question', () => {
    const ja = answerJapanese(timeline, 'ホンダの2024年度の営業利益はいくら？', { now });
    const enA = answerQuestion(timeline, 'How much was Honda operating profit in FY2024?', { now });
    expect(ja.found).toBe(true);
    expect(ja.figures[0].figure.id).toBe(enA.figures[0].figure.id);
    expect(ja.figures[0].figure.id).toBe('honda-operating-profit-fy2024');
  });
  it('GIVEN a company or topic the log does not hold THEN declined with no figure', () => {
    for (const q of ['トヨタの2025年度の営業利益は？', '日産の配当金はいくら？', 'ホンダと日産は2027年に合併する？', 'マツダの人員削減は何人？']) {
      const a = answerJapanese(timeline, q, { now });
      expect(a.found, q).toBe(false);
      expect(a.figures, q).toEqual([]);
    }
  });
});

describe('readJapanese: tense of いつ questions', () => {
  it('GIVEN a past verb THEN "when did"; GIVEN a non-past verb THEN "when will" (a prediction unless the log holds it)', () => {
    expect(readJapanese('日産が本社を売却したのはいつ？').english.startsWith('when did')).toBe(true);
    expect(readJapanese('ホンダが新しいEV工場を日本に建てるのはいつ？').english.startsWith('when will')).toBe(true);
  });
});
