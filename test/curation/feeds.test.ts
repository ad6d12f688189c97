import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFeeds, FeedsConfigError } from '../../src/curation/feeds.js';
import { canonicalUrl } from '../../src/curation/urls.js';
import { relevance } from '../../src/curation/relevance.js';

describe('the feeds list', () => {
  it('GIVEN the shipped data/feeds.json THEN it names news-search and newsroom feeds over https', () => {
    const feeds = loadFeeds('data/feeds.json');
    expect(feeds.length).toBeGreaterThanOrEqual(3);
    for (const f of feeds) expect(f.url).toMatch(/^https:\/\//);
  });

  it('GIVEN a broken list THEN the error names the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'feeds-'));
    const path = join(dir, 'feeds.json');
    writeFileSync(path, JSON.stringify({ feeds: [{ name: 'x', url: 'ftp://nope' }] }));
    expect(() => loadFeeds(path)).toThrow(FeedsConfigError);
    expect(() => loadFeeds(path)).toThrow(/feeds\.0\.url/);
    expect(() => loadFeeds(join(dir, 'missing.json'))).toThrow(/Set FEEDS_PATH/);
  });
});

describe('canonical URLs', () => {
  it('GIVEN tracking parameters, fragments, www and http THEN one spelling per article', () => {
    expect(canonicalUrl('http://www.Example.com/a/?utm_source=x&b=2&a=1&fbclid=y#top')).toBe('https://example.com/a/?a=1&b=2');
    expect(canonicalUrl('https://example.com/story/')).toBe('https://example.com/story');
    expect(canonicalUrl('mailto:x@example.com')).toBeUndefined();
    expect(canonicalUrl('not a url')).toBeUndefined();
  });
});

describe('what concerns the story', () => {
  it('GIVEN headlines THEN Honda and/or Nissan with a story word count, in English and Japanese; other companies alone or no story word do not', () => {
    expect(relevance('Honda, Nissan scrap plan to form holding company').score).toBeGreaterThan(0);
    expect(relevance('Nissan posts record net loss, to cut 20,000 jobs').topics).toEqual(expect.arrayContaining(['earnings']));
    expect(relevance('Honda warns US tariffs will hit operating profit').score).toBeGreaterThan(0);
    expect(relevance('日産とホンダ、経営統合の協議を打ち切り').companies).toEqual(expect.arrayContaining(['Honda', 'Nissan']));
    expect(relevance('Toyota and Subaru deepen their alliance').score).toBe(0);
    expect(relevance('Honda unveils a new motorcycle colour').score).toBe(0);
  });

  it('GIVEN both companies THEN the score is higher than for one', () => {
    expect(relevance('Honda and Nissan restart merger talks').score).toBeGreaterThan(relevance('Nissan restarts talks with a supplier').score);
  });
});
