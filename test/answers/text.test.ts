import { describe, expect, it } from 'vitest';
import { foldText, spellOut, words } from '../../src/answers/text.js';

describe('text normalisation', () => {
  it('folds case, accents, typographic quotes and dashes (plain ASCII takes a shorter path to the same result)', () => {
    expect(foldText('Nissan Motor Co')).toBe('nissan motor co');
    expect(foldText('Nissan’s “Re:Nissan” – Café')).toBe('nissan\'s "re:nissan" - cafe');
    // a backtick is ASCII but is still made a plain apostrophe
    expect(foldText('Honda`s plan')).toBe("honda's plan");
    expect(foldText('Ｈｏｎｄａ ¥ −5')).toBe('honda ¥ -5');
  });

  it('spells out symbols, compact amounts, thousands separators, "record" results and apostrophes', () => {
    expect(spellOut('¥650bn')).toBe(' yen 650 billion');
    expect(spellOut('57% & rising')).toBe('57 percent   and  rising');
    expect(spellOut('$3tn, €2 m')).toBe(' usd 3 trillion,  eur 2 million');
    expect(spellOut('1,200 jobs in 2,025')).toBe('1200 jobs in 2025');
    expect(spellOut('a record fy2024 net loss, as recorded')).toBe('a alltimerecord fy2024 net loss, as recorded');
    expect(spellOut("nissan's plan isn't the companies' plan")).toBe('nissan plan is not the companies plan');
    // text holding none of what the rules look for comes back as it is
    const plain = 'honda and nissan end talks';
    expect(spellOut(plain)).toBe(plain);
  });

  it('splits into folded words, keeping decimal points inside numbers', () => {
    expect(words('Honda’s ¥1.5 trillion US$3.2bn plan; job-cuts of 9,000.')).toEqual([
      'honda', 'yen', '1.5', 'trillion', 'us', 'usd', '3.2', 'billion', 'plan', 'job', 'cuts', 'of', '9000',
    ]);
    expect(words('  ')).toEqual([]);
  });
});
