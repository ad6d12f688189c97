/**
 * Normalisation before understanding: what people type in a chat server, written out the way the log and the lexicon
 * read it — mentions dropped, chat-speak and abbreviations spelt out ("op profit", "rn", "yr", "bn", "w/", "b/c", "YoY",
 * "1H", "9M"), missing apostrophes restored ("whats", "didnt"). Spelling mistakes are corrected later, word by word,
 * against the log's own vocabulary (understand.ts), never into an English word's place.
 */

import { singularAcronyms } from './text.js';

/** Platform mentions carry no meaning for a question: Discord `<@123>`, `<@!123>`, `<@&123>`, Slack `<@U123|name>`, `<!here>`, `@everyone`. */
const MENTIONS = /<@[!&]?\d+>|<@[UW][A-Z0-9]+(?:\|[^>]*)?>|<![a-z]+(?:\|[^>]*)?>|(?<![\w.])@(?:everyone|here|channel)\b/gi;

/** Whole words (case ignored) and what they stand for. */
const WORDS: Record<string, string> = {
  // chat-speak
  rn: 'now', atm: 'at the moment', r: 'are', u: 'you', ur: 'your', pls: '', plz: '', pl0x: '', thx: '', ty: '', lol: '', lmao: '', btw: '', imo: '', tbh: '', idk: '', iirc: '',
  yo: '', ya: '', yeah: '', yep: '', nah: '', bro: '', dude: '', guys: '', folks: '', hmm: '', um: '', umm: '', uh: '', ngl: '', fr: '', srsly: '',
  howmuch: 'how much', howmany: 'how many', happend: 'happened', hapened: 'happened', w: 'with',
  thru: 'by', til: 'until', till: 'until', wrt: 'about',
  tho: 'though', cuz: 'because', coz: 'because', bc: 'because', wat: 'what', wut: 'what', wen: 'when', hw: 'how', abt: 'about', ppl: 'people', smth: 'something',
  govt: 'government', gov: 'government', approx: 'about', yr: 'year', yrs: 'years', qtr: 'quarter', mth: 'month', mths: 'months',
  // business shorthand
  exec: 'executive', execs: 'executives', mgmt: 'management', mgt: 'management', ceo: 'CEO', rev: 'revenue', mkt: 'market', mktcap: 'market cap', mcap: 'market cap',
  bn: 'billion', bln: 'billion', tn: 'trillion', tril: 'trillion', mn: 'million', mln: 'million', mil: 'million', pct: 'percent', ppt: 'percentage points',
  yoy: 'year on year', qoq: 'quarter on quarter', jv: 'joint venture', tse: 'Tokyo Stock Exchange', nyse: 'New York Stock Exchange', hq: 'headquarters',
  vs: 'versus', v: 'versus', versus: 'versus', '1h': 'H1', '2h': 'H2', '9m': 'nine months', '6m': 'six months', '3m': 'three months',
  // apostrophes left out
  whats: "what's", whos: "who's", hows: "how's", wheres: "where's", thats: "that's", theres: "there's", didnt: "didn't", doesnt: "doesn't", dont: "don't",
  isnt: "isn't", wasnt: "wasn't", arent: "aren't", werent: "weren't", hasnt: "hasn't", havent: "haven't", hadnt: "hadn't", wont: "won't", cant: "can't",
  couldnt: "couldn't", wouldnt: "wouldn't", shouldnt: "shouldn't", im: "I'm", ive: "I've", youre: "you're", theyre: "they're",
};
const WORD_RE = new RegExp(`(?<![\\w'’-])(${Object.keys(WORDS).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w'’-])`, 'gi');

/** Phrases whose words alone would mislead. */
const PHRASES: [RegExp, string][] = [
  [/\bw\/o\b/gi, 'without'],
  [/\bw\/(?=\s|\w)/gi, 'with '],
  [/\bb\/c\b/gi, 'because'],
  [/\by\/y\b/gi, 'year on year'],
  [/\bop\.?\s+(profit|income|loss|margin|result)/gi, 'operating $1'],
  // "20k jobs", "¥1.5tn": numbers with a shorthand scale
  [/(\d+(?:\.\d+)?)\s?k\b/gi, '$1 thousand'],
  [/(\d+(?:\.\d+)?)\s?(bn|b|bln)\b/gi, '$1 billion'],
  [/(\d+(?:\.\d+)?)\s?(tn|tril)\b/gi, '$1 trillion'],
  // "9M results", "6m to September": months of a fiscal year; "$500m": millions
  [/\b9m\b(?=\s+(?:fy|of|to|results?|operating|op|net|profit|loss|revenue|sales|figures|period|earnings|numbers))/gi, 'nine months'],
  [/\b6m\b(?=\s+(?:fy|of|to|results?|operating|op|net|profit|loss|revenue|sales|figures|period|earnings|numbers))/gi, 'six months'],
  [/(\d+(?:\.\d+)?)\s?(mn|mln|m)\b/gi, '$1 million'],
  // "FY 25", "FY-2025": the fiscal-year forms the period reader knows
  [/\bfy[\s-]+'?(\d{2}|\d{4})\b/gi, 'FY$1'],
  [/\b(?:y\s|why\s)(?=did|do|does|is|are|was|were)/gi, 'why '],
  [/&/g, ' and '],
  // "end up with a loss": how it turned out, not an ending
  [/\b(?:end|ends|ended|ending)\s+up\b/gi, 'got'],
  // "what's the deal with X?", "what's the story with X?": what about X (no deal is asked for)
  [/\bwhat(?:'s|s| is)\s+the\s+(?:deal|story|situation)\s+(?:with|on|about)\b/gi, 'what about'],
  // "jan 25", "Nov '24": a month and a two-digit year in the log's years (a day would say "25th" or come first)
  [/\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+'?(2[3-9])\b(?!\s*(?:st|nd|rd|th)\b|[:/.]\d)/gi, '$1 20$2'],
];

/** The question as the understanding reads it: mentions dropped, shorthand spelt out. */
export function normalise(question: string): string {
  let s = singularAcronyms(question.replace(MENTIONS, ' '));
  for (const [re, to] of PHRASES) s = s.replace(re, to as string);
  s = s.replace(WORD_RE, (w) => WORDS[w.toLowerCase()] ?? w);
  return s.replace(/\s{2,}/g, ' ').trim();
}
