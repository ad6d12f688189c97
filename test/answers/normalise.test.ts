import { describe, expect, it } from 'vitest';
import { normalise } from '../../src/answers/normalise.js';

describe('normalise', () => {
  it('GIVEN mentions from Discord and Slack THEN they are dropped before understanding', () => {
    expect(normalise('<@123> <@!456> <@&789> <@U01ABC|sam> <!here> @everyone nissan job cuts')).toBe('nissan job cuts');
  });

  it('GIVEN chat-speak and business shorthand THEN each is spelt out', () => {
    expect(normalise('whats hondas op profit rn?')).toBe("what's hondas operating profit now?");
    expect(normalise('how much did u say the tariff hit was w/ 1H numbers')).toBe('how much did you say the tariff hit was with H1 numbers');
    expect(normalise('honda 1.5tn rev yoy')).toBe('honda 1.5 trillion revenue year on year');
    expect(normalise('y did the talks collapse b/c of mgmt')).toBe('why did the talks collapse because of management');
    expect(normalise("FY 25 guidance vs FY'24")).toBe("FY25 guidance versus FY'24");
  });

  it('GIVEN "9M" before a results word THEN nine months; "$500m" stays an amount', () => {
    expect(normalise('9M operating profit')).toBe('nine months operating profit');
    expect(normalise('a $500m plant')).toBe('a $500 million plant');
  });

  it('GIVEN ordinary words that only look like shorthand THEN they are left alone', () => {
    expect(normalise('Plan B for the US plants')).toBe('Plan B for the US plants');
    expect(normalise('nissan co-development')).toBe('nissan co-development');
  });
});
