/**
 * Text normalisation shared by question understanding, search indexes and autocomplete. Pure.
 *
 * Everything that is compared goes through the same pipeline, so a word in a question and the same
 * word in an event or figure always meet: fold accents and case → spell out symbols (¥ → yen,
 * % → percent) → split into words → light stemming (plural and common verb endings).
 */

const PLAIN = /^[\x00-\x5f\x61-\x7f]*$/;

/** Lower-case, accent-free, typographic quotes and dashes made plain. */
export function foldText(s: string): string {
  // plain ASCII without a backtick: nothing below changes it but the case (the log's text mostly, and most questions)
  if (PLAIN.test(s)) return s.toLowerCase();
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .toLowerCase();
}

/** Symbols and compact forms spelled out as words: "¥650bn" → " yen 650 billion", "57%" → "57 percent". */
export function spellOut(s: string): string {
  // each group of rules runs only on text that holds what all its patterns need (a symbol, a digit, "record", an
  // apostrophe): most text holds few of them, and no group writes what another group looks for
  if (SYMBOLS.test(s)) {
    s = s
      .replace(/[¥￥]/g, ' yen ')
      .replace(/\$/g, ' usd ')
      .replace(/€/g, ' eur ')
      .replace(/%/g, ' percent ')
      .replace(/&/g, ' and ');
  }
  if (DIGIT.test(s)) {
    s = s
      .replace(/(\d)\s*(bn|b)\b/g, '$1 billion')
      .replace(/(\d)\s*(tn|trn|t)\b/g, '$1 trillion')
      .replace(/(\d)\s*(mn|m)\b/g, '$1 million')
      .replace(/(\d),(\d{3})\b/g, '$1$2');
  }
  // "a record FY2024 net loss": the adjective (an all-time record), not the verb "recorded"
  if (s.includes('record')) s = s.replace(/\brecord(?=[\s-]+(?:(?:fy\s?'?\d{2,4}|annual|full[\s-]year|quarterly|yearly|\d{4}|net|operating|first[\s-]half|group)[\s-]+){0,3}(?:loss|losses|profit|profits|high|highs|low|lows|deficit|sales|revenue|earnings)\b)/g, 'alltimerecord');
  if (!s.includes("'")) return s;
  return s
    .replace(/n't\b/g, ' not')
    .replace(/'s\b/g, '')
    .replace(/s'(?=\s|$)/g, 's');
}
const SYMBOLS = /[¥￥$€%&]/;
const DIGIT = /\d/;

const KEEP = new Set([
  'us', 'news', 'sales', 'series', 'ceo', 'cfo', 'ev', 'evs', 'has', 'was', 'is', 'this', 'plus', 'bus', 'gas', 'its', 'always',
  'status', 'analysis', 'crisis', 'basis', 'less', 'loss', 'business', 'process', 'access', 'across', 'thus', 'canvas', 'atlas',
  'chassis', 'bonus', 'focus', 'consensus', 'census', 'campus', 'previous', 'various', 'famous', 'serious', 'ambitious', 'axis',
  'during', 'thing', 'nothing', 'something', 'morning', 'evening', 'king', 'ring', 'bring', 'string', 'spring', 'sibling', 'ceiling',
  'feed', 'need', 'speed', 'seed', 'red', 'bed', 'shed', 'led', 'fed', 'wed', 'hundred', 'ted', 'united', 'limited', 'hybrid',
  'mou', 'tesla', 'nexperia', 'kyushu', 'oppama', 'shonan', 'atsugi', 'civac', 'canton', 'aguascalientes', 'minth', 'jiji', 'nhk',
]);

const stemCache = new Map<string, string>();

/** Light stemmer: plural and -ing/-ed endings. Conservative; the same on both sides of every comparison. */
export function stem(w: string): string {
  let s = stemCache.get(w);
  if (s === undefined) {
    s = stemWord(w);
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(w, s);
  }
  return s;
}

function stemWord(w: string): string {
  if (w.length <= 3 || KEEP.has(w) || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ing') && w.length > 5) {
    const b = w.slice(0, -3);
    return dropE(/([b-df-hj-np-tv-z])\1$/.test(b) && !/(ll|ss)$/.test(b) ? b.slice(0, -1) : b);
  }
  if (w.endsWith('ed') && w.length > 4) {
    if (w.endsWith('ied')) return w.slice(0, -3) + 'y';
    if (w.endsWith('eed')) return dropE(w.slice(0, -1));
    const b = w.slice(0, -2);
    if (/([b-df-hj-np-tv-z])\1$/.test(b) && !/(ll|ss)$/.test(b)) return b.slice(0, -1);
    return dropE(b);
  }
  if (w.endsWith('es') && /(ch|sh|x|zz)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return dropE(w.slice(0, -1));
  return dropE(w);
}

/** "announce"/"announced"/"announcing" all become "announc"; short words keep their e ("sale", "rate"). */
function dropE(w: string): string {
  return w.length >= 4 && w.endsWith('e') && !w.endsWith('ee') && !KEEP.has(w) ? w.slice(0, -1) : w;
}

/** Raw words (folded, symbols spelled out), no stemming. Hyphenated words are split. */
/** "ECUs", "EVs", "SUVs": an acronym's plural is the acronym (read before case is folded away). */
const ACRONYM_PLURAL = /\b([A-Z]{2,5})s\b/g;
export function singularAcronyms(s: string): string {
  return s.replace(ACRONYM_PLURAL, '$1');
}

export function words(s: string): string[] {
  const out: string[] = [];
  // (a decimal point is kept inside its number: "1.5" is one word)
  for (const w of spellOut(foldText(singularAcronyms(s))).replace(/(\d)\.(\d)/g, '$1\u0000$2').split(/[^a-z0-9\u0000]+/)) {
    if (w) out.push(own(w.includes('\u0000') ? w.replace(/\u0000/g, '.') : w));
  }
  return out;
}

/**
 * A word of its own. V8 keeps a substring of 13 characters or more as a slice of the text it came from, so a long
 * word kept in an index or cache would keep its whole text (an event's folded summary) alive with it.
 */
function own(w: string): string {
  return w.length < 13 ? w : Buffer.from(w, 'latin1').toString('latin1');
}

/** Words, stemmed. */
export function tokens(s: string): string[] {
  return words(s).map(stem);
}

export { editDistance } from '../core/edit-distance.js';

/** Words that carry no meaning for matching (question words, auxiliaries, fillers). */
export const STOPWORDS = new Set(
  (
    'a an the and or of to in on at by for from with about as into over than then that this these those there their they them it its ' +
    'is are was were be been being am do does did done doing have has had having will would could should can may might must shall ' +
    'what which who whom whose when where why how much many whats hows whos wheres ' +
    'i me my we our you your he she his her him us ' +
    'tell show give say said says know let get got please pls plz any some also just only so very really actually ' +
    'happen happened happening going go went gone thing things stuff something anything ' +
    'exactly approximately roughly around like whether if but not no yes s hey hi ok okay thanks thank ' +
    'under per come comes came coming in at make makes made making one ones there here way between among against toward towards via ' +
    'until because due owing during while whilst amid amidst throughout within without become becomes became becoming supposed meant take takes took taken ' +
    // comparison wording: what is compared carries the content (see decompose.ts)
    'versus vs compare compared comparing comparison each respectively once'
  ).split(/\s+/).map(stem),
);

/**
 * Generic domain words: they help a match when a record has them, but a question is not
 * "less understood" when a record lacks them (they carry no specific fact).
 */
export const WEAK = new Set(
  (
    'latest current currently now recent recently new newest last ago up out off again still yet ever even all ' +
    'number figure figures amount value data info information details detail stat stats statistic overall ' +
    'according company companies firm firms automaker automakers carmaker carmakers maker makers car cars auto autos vehicle vehicles ' +
    'motor motors co ltd corp group news update updates report reported reports story official officially ' +
    'big large size level final exact full year annual yearly annually time period back then ' +
    'announce announced announcement say says said tell told state stated statement disclose disclosed reveal revealed unveil unveiled ' +
    'post posted book booked record recorded log logged see saw think thought mean means expect expected ' +
    'before after first last next previous prior earlier later originally initially early late ' +
    'want wants wanted wish hope hoped try tried seek sought hold holds held ever give gave given giving ' +
    'plan plans planned planning break broke broken money fiscal financial cumulative need needs needed count counts quarter quarters quarterly half halves month months long range including include includes included worth trade reportedly badly bad hard severely heavily nine ' +
    // question frames and speech verbs: "what date…", "which tariff do cars face", "spoke at CES"
    'date dates day days face faces faced facing speak speaks spoke spoken speaking today look looks looked looking doing doin wise rate rates set sets decade decades century ' +
    // why-question frames: the reason is what the answer gives, not a word the record must contain
    'reason reasons cause causes caused explain explains explained explanation behind motive motivation rationale interested interest'
  ).split(/\s+/).map(stem),
);

/**
 * Weak words that only say "latest" or "news": a question made of nothing else asks for the latest events.
 * Other weak words ("big", "vehicles") become the question's content when it has no stronger word.
 */
export const NEWSY = new Set(
  'latest current currently now recent recently new newest last ago news update updates report reported reports story today'.split(/\s+/).map(stem),
);
