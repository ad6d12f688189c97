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
    expect(readJapanese('2025年4〜6月期').english).toContain('Q1 FY2025');
  });
  it('GIVEN a year with a month range THEN a fiscal part is read in its fiscal year, other ranges as calendar months', () => {
    expect(readJapanese('26年1〜3月期').english).toContain('Q4 FY2025');
    expect(readJapanese('2025年4〜12月').english).toContain('nine months FY2025');
    expect(readJapanese('2025年10〜12月期').english).toContain('Q3 FY2025');
    expect(readJapanese('2025年4〜9月').english).toContain('first half FY2025');
    expect(readJapanese('2025年2〜5月').english).toContain('February-May 2025');
    expect(readJapanese('日産の3Q累計の営業利益').english).toContain('nine months');
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
    const r = readJapanese('日産の株主優待は？');
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

describe('readJapanese: classes of wording', () => {
  it('GIVEN 何 and a counter THEN how many, with what the counter counts', () => {
    expect(readJapanese('ホンダは何車種出す？').english).toBe('how many Honda models?');
    expect(readJapanese('何株買った？').english).toMatch(/^how many shares/);
    expect(readJapanese('日産は何人減らす？').english).toMatch(/^how many /);
  });
  it('GIVEN kanji numerals before a counter or myriad THEN the same number in digits', () => {
    expect(readJapanese('二千億円').english).toContain('¥200 billion');
    expect(readJapanese('二万人').english).toContain('20000 jobs');
    expect(readJapanese('三菱自の株').english).toContain('Mitsubishi Motors');
  });
  it('GIVEN a person with a title THEN the name, without "CEO"; a company’s shares that move THEN its share price', () => {
    expect(readJapanese('三部社長は報酬を何％返上した？').english).not.toContain('CEO');
    expect(readJapanese('日産の社長は誰？').english).toContain('CEO');
    expect(readJapanese('ホンダ株は翌日どうなった？').english).toContain('share price');
    expect(readJapanese('日産って三菱自の株どれくらい持ってるの？').english).toContain('stake');
  });
  it('GIVEN 〜のあと / 〜の前 THEN relative time in English order; の後任 stays a successor', () => {
    expect(readJapanese('追加関税が発動する前の関税は？').english).toMatch(/tariff before .*additional tariff/);
    expect(readJapanese('統合破談のあと、格付けが落ちたのはいつ？').english).toMatch(/^when did .*downgrade.* after .*merger collapse/);
    expect(readJapanese('青山さんの後任は誰？').english).toContain('replaced');
  });
  it('GIVEN two questions in one THEN they are joined with ", and"; a clause that asks nothing joins the next', () => {
    expect(readJapanese('本田の自社株買い、上限はいくらで、実際に何株買ったの？').english).toBe('how much Honda share buyback ceiling, and how many shares buy?');
    expect(readJapanese('いつ、誰が発表した？').english).not.toContain(', and');
  });
  it('GIVEN 「AとBを比べて」 or 「Aと比べて」 THEN "compared with"; status wording THEN the engine’s status words', () => {
    expect(readJapanese('7月の予想と実績を比べて').english).toContain('July forecast compared with actual');
    expect(readJapanese('前年同期と比べてどう？').english).toContain('compared with a year earlier');
    expect(readJapanese('あの話、どうなった？').english).toMatch(/^what happened to/);
    expect(readJapanese('協議はまだ続いてる？').english).toContain('still');
  });
  it('GIVEN polite endings THEN いくらでしょうか is no prediction, いつ〜ますか is non-past and いつ〜ましたか past', () => {
    expect(readJapanese('日産の純損失はいくらでしょうか').english).toBe('how much Nissan net loss?');
    expect(readJapanese('ホンダと日産は再統合するでしょうか').english).toMatch(/^will /);
    expect(readJapanese('追浜工場の生産はいつ終わりますか？').english).toMatch(/^when will /);
    expect(readJapanese('追浜工場の生産はいつ終わりましたか？').english).toMatch(/^when did /);
  });
  it('GIVEN a role asked with no question word THEN who; 今 asks the current value, but a market price now stays live data', () => {
    expect(readJapanese('日産の社長は？').english).toBe('who Nissan CEO?');
    expect(readJapanese('アメリカの日本車関税って今何％？').english).toContain('current');
    expect(readJapanese('日産の株価は今いくら？').english).toContain('now');
  });
  it('GIVEN a ratio asked (何倍) THEN declined with no figure, as the log states none; 3社 THEN the three companies', () => {
    const a = answerJapanese(timeline, 'ホンダの時価総額は日産の何倍？', { now });
    expect(a.found).toBe(false);
    expect(a.figures).toEqual([]);
    expect(readJapanese('三社合計の販売台数は？').english).toContain('Honda Nissan Mitsubishi Motors combined sales');
  });
  it('GIVEN arithmetic of two figures (差, 足すと), advice (買いですか) or a cost or measure the log lacks (建設費, 設備投資) THEN declined with no figure', () => {
    for (const q of ['ホンダと日産の関税影響の差はいくら？', 'ホンダと日産の純損失を足すといくら？', '日産の株は買いですか？', 'キャントン工場の建設費は？', '日産の設備投資額は？']) {
      const a = answerJapanese(timeline, q, { now });
      expect([q, a.found, a.figures.length]).toEqual([q, false, 0]);
    }
  });
  it('GIVEN plants or people reduced THEN plant closures or job cuts, keeping the question word', () => {
    expect(readJapanese('日産は工場をいくつ減らす？').english).toBe('how many Nissan plant closures?');
    expect(readJapanese('日産は従業員を何人減らす？').english).toBe('how many Nissan job cuts?');
  });
  it('GIVEN hedges of a casual question THEN they are dropped; an unknown word the Japanese log uses is dropped, one it does not use stays opaque', () => {
    expect(readJapanese('結局、日産の人員削減って何人？').unknown).toEqual([]);
    expect(readJapanese('日産の株主優待は？').unknown.length).toBeGreaterThan(0);
  });
});
