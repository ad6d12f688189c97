import { describe, it, expect } from 'vitest';
import { truncate, escapeMarkup } from '../../src/replies/reply.js';

describe('truncate', () => {
  it('GIVEN short text THEN unchanged', () => {
    expect(truncate('abc', 5)).toBe('abc');
  });
  it('GIVEN a cut inside a link THEN the whole link is dropped, never half of it', () => {
    const t = 'See [Nippon.com (Jiji Press)](https://www.nippon.com/en/news/x.html) for more';
    for (let max = 5; max < 60; max++) {
      const out = truncate(t, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/\[[^\]]*$|\]\([^)]*$/);
    }
    expect(truncate(t, 40)).toBe('See…');
  });
  it('GIVEN a cut after a complete link THEN the link is kept', () => {
    expect(truncate('[a](https://x.io) and more words here', 24)).toBe('[a](https://x.io) and…');
  });
  it('GIVEN a cut inside bold or code THEN no unclosed marker remains', () => {
    expect(truncate('**bold text that is long**', 10)).toBe('…');
    expect(truncate('x `code that is long`', 10)).toBe('x…');
  });
});

describe('escapeMarkup', () => {
  it('GIVEN mentions and markdown THEN they are neutralised', () => {
    const out = escapeMarkup('@everyone <@123> <@&456> **bold** [x](http://e.vil)');
    expect(out).not.toMatch(/@everyone|<@123>|<@&456>/);
    expect(out).toContain('\\*\\*bold\\*\\*');
    expect(out).toContain('\\[x\\]\\(http://e.vil\\)');
  });
});
