/**
 * The list of watched feeds: `data/feeds.json` (or FEEDS_PATH), `{ "feeds": [{ "name", "url" }] }`.
 * RSS 2.0, Atom and JSON Feed are all read by the same poller (see fetch.ts).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Tier } from '../timeline/schema.js';

export const FeedDef = z.object({
  name: z.string().trim().min(1).max(100),
  url: z.url({ protocol: /^https?$/ }),
  /** The tier of the feed's items when the feed is itself the source (a company newsroom: primary). */
  tier: Tier.optional(),
});
export const FeedsFile = z.object({ feeds: z.array(FeedDef) });
export type FeedDef = z.infer<typeof FeedDef>;

export const DEFAULT_FEEDS_PATH = 'data/feeds.json';

export class FeedsConfigError extends Error {}

/** Read and check the feeds file. Throws FeedsConfigError naming the file, the field and how to fix it. */
export function loadFeeds(path: string): FeedDef[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new FeedsConfigError(`Cannot read the feeds list ${path}: ${(err as Error).message}. Set FEEDS_PATH to a JSON file like data/feeds.json.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new FeedsConfigError(`The feeds list ${path} is not valid JSON: ${(err as Error).message}.`);
  }
  const res = FeedsFile.safeParse(raw);
  if (!res.success) {
    const lines = res.error.issues.map((i) => `- ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new FeedsConfigError(`The feeds list ${path} has ${lines.length} problem(s) (expected { "feeds": [{ "name", "url" }] }):\n${lines.join('\n')}`);
  }
  const seen = new Set<string>();
  for (const f of res.data.feeds) {
    if (seen.has(f.url)) throw new FeedsConfigError(`The feeds list ${path} lists ${f.url} twice.`);
    seen.add(f.url);
  }
  return res.data.feeds;
}
