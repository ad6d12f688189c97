/**
 * Question understanding: which companies and people, which metric or story, which period, and what
 * kind of answer is wanted (when / how much / who / why / what happened). Pure.
 */
import { BOTH_ALIASES, canonical, COMPANIES, METRIC_TERMS, OTHER_COMPANIES, PEOPLE, type PersonDef } from './lexicon.js';
import { readPeriods, type Period } from './periods.js';
import { editDistance, foldText, NEWSY, spellOut, stem, STOPWORDS, WEAK, words } from './text.js';
import type { AnswerIndex } from './search-index.js';
import { normalise } from './normalise.js';
import { isEnglishWord } from '../core/english-words.js';

/** Event-style wording: "what happened", "what did X say", yes/no questions, "what is the … deal/plan". */
export const EVENT_WORDING =
  /\b(tell me about|what about|explain|summari[sz]e|overview|background|happen\w*|news|story|stories|report(ed)? (about|on)|what (did|does|do|has|have|had|was|is) \w+( \w+){0,3} (say|said|tell|told|propose|proposed|want|wants|mean|do|did|announce|announced|warn|warned|decide|decided|plan|planned|report|reported|apologi[sz]e|ask|asked)|deal between|talks? (about|with|between))\b|^\s*(did|does|do|has|have|is|are|was|were|can|could)\b/i;

const POST_WORD = /\b(ceo|chief executive|chairman|chairwoman|chair|president|cfo|coo|boss)\b/;
const QUESTION_WORD = /^\s*(what|whats|how|which|is|are|was|were|did|does|do|has|have|had|can|could|when|why|where|tell|give|show|list|any)\b/;
const POSSESSIVE_ATTRIBUTE = /^\s*(what|what's|whats)\s*(is|was|are|were|'s)?\s+(the\s+)?(honda|nissan|mitsubishi|foxconn|renault|hon hai|mmc)('s|s'|s)?\s+\w+/;
const EVENT_NOUNS = /\b(plan|plans|strategy|strategies|deal|position|stance|view|views|response|role|reason|reasons|problem|problems|story|situation|relationship|partnership|future|history|issue|issues|news|idea|proposal|offer|talks|side|approach|goal for|vision|agreement|ceo|boss|chairman|president|leader)\b/;

export type QuestionKind = 'figure' | 'when' | 'who' | 'why' | 'what';

export interface Understanding {
  question: string;
  kind: QuestionKind;
  /** Covered companies named (canonical keys: honda, nissan, mitsubishi, foxconn, renault), people's companies included. */
  companies: string[];
  /** "both", "the two automakers", "Honda and Nissan", "combined". */
  both: boolean;
  /** Companies (and people's companies) the question names itself. */
  named: string[];
  people: PersonDef[];
  /** Companies the log does not cover, as named. */
  others: string[];
  period?: Period;
  periods: Period[];
  /** Canonical content terms that must be found in a record (companies, people, numbers and periods removed). */
  terms: string[];
  /** Generic terms (help ranking, never required). */
  weak: string[];
  /** Unit cues: yen, usd, percent, vehicles, jobs… */
  units: string[];
  /** Numbers the question states ("was it ¥450 billion?"). */
  numbers: number[];
  wantsForecast: boolean;
  wantsActual: boolean;
  /** A yes/no question about the future ("will they merge in 2027?") or a request to predict. */
  prediction: boolean;
  /**
   * Phrased about the future ("will", "going to", "expected to", "next year"): a prediction when the period it
   * asks about is not over by the log's newest event (decided in answer.ts, which knows the log).
   */
  future: boolean;
  /** "next year", "in the future", "from now on": a time after now, whether or not a period was read. */
  ahead: boolean;
  /** "now", "today", "currently": the value at the time of asking is wanted. */
  present: boolean;
  /** A question about a figure's quantity ("how much", "how many", "what percentage"). */
  quantity: boolean;
  /** "first", "originally", "earliest": the earliest matching event is wanted. */
  earliest: boolean;
  /** Typos corrected: [typed, read as]. */
  corrected: [string, string][];
  /** A word was read as a different word two edits away: the reading is less certain. */
  fuzzy: boolean;
  /** The moment the question is asked (relative dates and "now" are read from it). */
  now: Date;
}

const UNIT_WORDS: Record<string, string> = Object.fromEntries(
  Object.entries({
    yen: 'JPY', jpy: 'JPY', usd: 'USD', dollar: 'USD', percent: 'percent', percentage: 'percent', pct: 'percent',
    vehicle: 'vehicles', unit: 'units', job: 'jobs', employee: 'employees', plant: 'plants', billion: '', trillion: '', million: '', thousand: '',
  }).map(([k, v]) => [stem(k), v]),
);
const COUNT_UNITS = new Set(['vehicles', 'units', 'jobs', 'employees', 'plants']);
const KEEP_AS_TERM = new Set(['plant', 'job', 'employee', 'vehicle'].map(stem));
/** Weak words that frame a question and never carry its content. */
const FRAME = new Set(
  'money date dates day days face faces faced facing speak speaks spoke spoken speaking reason reasons cause causes caused explain explains explained explanation behind motive motivation rationale interested interest number figure figures amount value data info information details detail stat stats statistic according exact want wants wanted wish hope hoped try tried give gave given giving say says said tell told think thought mean means see saw look looks looking doing going'
    .split(/\s+/)
    .map(stem),
);

function phraseRe(p: string): RegExp {
  return new RegExp(`(^|[^a-z0-9])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')}(?=$|[^a-z0-9])`);
}
const COMPANY_RES = COMPANIES.map((c) => ({ key: c.key, res: c.aliases.map(phraseRe) }));
const PEOPLE_RES = PEOPLE.map((p) => ({ p, res: p.aliases.map(phraseRe) }));
const OTHER_RES = OTHER_COMPANIES.map((o) => ({ o, re: phraseRe(o) }));
const BOTH_RES = BOTH_ALIASES.map(phraseRe);
/**
 * Every name above, in that order, as a global expression (compiled once) with its first word: removed from a
 * question's terms. A text without the first word cannot hold the name (removing a name never makes a word).
 */
const NAME_RES = [
  ...COMPANIES.flatMap((c) => c.aliases),
  ...PEOPLE.flatMap((p) => p.aliases),
  ...OTHER_COMPANIES,
  ...BOTH_ALIASES,
].map((name) => ({ first: name.split(' ')[0], re: new RegExp(phraseRe(name).source, 'g') }));

/**
 * Correct a word not known to the log or lexicon to its nearest known word (edit distance 1, or 2 for long words). An
 * English word is never corrected: it was meant as typed, and a word the log never uses is how a question outside it
 * is recognised.
 */
function correctWithDistance(w: string, index: AnswerIndex | undefined): [string, number] {
  // a short word is corrected only for two letters typed the wrong way round ("jbos" → "jobs")
  if (index && w.length >= SHORTEST_SWAPPED && w.length < SHORTEST_CORRECTED && !index.vocab.has(w) && !STOPWORDS.has(w) && !isEnglishWord(w)) return [swapped(w, index) ?? w, 0];
  if (!index || w.length < SHORTEST_CORRECTED || /\d/.test(w) || index.vocab.has(w) || index.stems.has(stem(w)) || STOPWORDS.has(stem(w)) || WEAK.has(stem(w))) return [w, 0];
  // "standardisation", "amendment": a derived form of a word the log uses is that word
  for (const [suffix, ends] of DERIVED) {
    if (!w.endsWith(suffix) || w.length - suffix.length < 4) continue;
    const base = w.slice(0, -suffix.length);
    for (const end of ends) if (index.vocab.has(base + end)) return [base + end, 0];
  }
  if (isEnglishWord(w)) return [w, 0];
  // (a longer word is never cut down to a shorter one: "EBITDA" is not "EBIT", it names another measure)
  const isCut = (v: string) => w.length - v.length >= 2 && w.startsWith(v);
  const max = w.length >= 6 ? 2 : 1;
  let best = w;
  let bestD = max + 1;
  for (let len = w.length - max; len <= w.length + max; len++) {
    for (const v of index.vocabByLen.get(len) ?? []) {
      // typos keep their first letter unless the slip is a single one: "reason" is never "person"
      const sameFirst = v[0] === w[0];
      if (!sameFirst && w.length < 6) continue;
      if (isCut(v)) continue;
      const d = editDistance(w, v, sameFirst ? max : 1);
      if (!sameFirst && d > 1) continue;
      if (d < bestD) {
        bestD = d;
        best = v;
        if (d === 1 && max === 1) break;
      }
    }
  }
  return bestD <= max ? [best, bestD] : [w, 0];
}

/** Words shorter than this are not corrected (but for a swap of two letters, down to three letters). */
const SHORTEST_CORRECTED = 5;
const SHORTEST_SWAPPED = 3;

/** The log's word that is `w` with two neighbouring letters swapped, if exactly one is. */
function swapped(w: string, index: AnswerIndex): string | undefined {
  let found: string | undefined;
  for (let k = 0; k + 1 < w.length; k++) {
    const v = w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2);
    if (v !== w && index.vocab.has(v)) {
      if (found && found !== v) return undefined;
      found = v;
    }
  }
  return found;
}

/** Derivational endings and what the word they are made from ends in ("standardisation" ← "standardise"). */
const DERIVED: [string, string[]][] = [
  ['isation', ['ise', 'ised', 'ize']],
  ['ization', ['ize', 'ized', 'ise']],
  ['ation', ['ate', 'ated', 'e', 'ed', '']],
  ['ments', ['', 'ed']],
  ['ment', ['', 'ed']],
];

export function understand(question: string, opts: { now?: Date; index?: AnswerIndex } = {}): Understanding {
  const now = opts.now ?? new Date();
  const q = question.trim();
  // (the question as typed stays `question`; everything below reads it normalised)
  const said = normalise(q);
  const qUS = markUS(said)
    .replace(/\b(\w+)n[’']t\b/gi, (_m, w: string) => `${/^(ca|wo|sha)$/i.test(w) ? w.replace(/^wo$/i, 'will').replace(/^ca$/i, 'can') : w} not`)
    .replace(/\bre\s*[:\-]?\s*nissan\b/gi, 'renissan')
    // "what was Honda worth?" is its market value; "exports worth ¥6 trillion" is not
    .replace(/\b(what|how much)\s+(is|was|were|are)\s+((?:honda|nissan|mitsubishi(?: motors)?|foxconn|renault|the two(?: companies| automakers| carmakers)?)(?:'s)?)\s+worth\b/gi, '$1 $2 $3 market value')
    // "worth on the stock market", "valued by the market": its market value
    .replace(/\b(?:worth|valued(?: at)?) (?:on|by|in) the (?:stock )?market\b/gi, 'market value')
    // "at the end of FY2024": the period carries it; "end" alone would read as "terminate"
    .replace(/\b(?:at |by )?(?:the )?end of(?=\s+(?:the\s+)?(?:fy|fiscal|financial|year|q[1-4]|h[12]|first|second|\d{4}|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/gi, ' ');
  // typo correction first, on plain words, so every later step reads the corrected text
  const corrected: [string, string][] = [];
  let fuzzy = false;
  const rawWords = foldText(qUS).split(/(\s+)/);
  const fixedText = rawWords
    .map((chunk) =>
      chunk.replace(/[a-z]{3,}/g, (w) => {
        const [c, d] = correctWithDistance(w, opts.index);
        if (c !== w) corrected.push([w, c]);
        if (d >= 2) fuzzy = true;
        return c;
      }),
    )
    .join('');
  const f = ` ${spellOut(fixedText)} `;

  const companies: string[] = [];
  for (const c of COMPANY_RES) if (c.res.some((re) => re.test(f))) companies.push(c.key);
  const people: PersonDef[] = [];
  for (const p of PEOPLE_RES) {
    // "liu"/"seki"/"ivan" alone are only people when nothing else explains them
    if (p.res.some((re) => re.test(f))) {
      people.push(p.p);
      if (!companies.includes(p.p.company)) companies.push(p.p.company);
    }
  }
  // "Re:Nissan" is Nissan's plan
  if (/\brenissan\b/.test(f) && !companies.includes('nissan')) companies.push('nissan');
  /** Companies the question names itself (not implied by "both" or "combined"): a figure must name all of them. */
  const named = [...companies];
  let both = BOTH_RES.some((re) => re.test(f)) || /\bcombined\b/.test(f);
  if (companies.includes('honda') && companies.includes('nissan')) both = true;
  if (both) for (const k of ['honda', 'nissan']) if (!companies.includes(k)) companies.push(k);
  // (other companies named, and below those that are not also covered, collected with `push` into array literals:
  // `filter`/`map` give arrays of another kind to V8 once it has optimised this function, and the scoring code that
  // reads `others` then throws away its own optimised code)
  const others: string[] = [];
  for (const o of OTHER_RES) if (o.re.test(f)) others.push(o.o);
  const othersAlone: string[] = [];
  for (const o of others) if (!companies.includes(o)) othersAlone.push(o);

  const read = readPeriods(fixedText, now);
  const rest = ` ${spellOut(read.rest)} `;

  // terms: the rest of the question, with company/people/other-company names removed
  let text = rest;
  for (const { first, re } of NAME_RES) if (text.includes(first)) text = text.replace(re, '$1 ');
  const toks = canonical(words(text).map(stem)).filter((t) => !STOPWORDS.has(t));
  // (an array of doubles from the start, whatever the numbers: V8 changes an array's element kind when its first
  // fraction arrives, and the answer code that reads `numbers` of every question would keep meeting two kinds)
  const numbers: number[] = [0.5];
  numbers.pop();
  const units: string[] = [];
  const terms: string[] = [];
  const weak: string[] = [];
  for (const t of toks) {
    if (/^\d+(\.\d+)?$/.test(t)) {
      numbers.push(Number(t));
      continue;
    }
    if (t in UNIT_WORDS) {
      // "tariff on Japanese cars" names no unit; "how many cars" does
      if (UNIT_WORDS[t] && (!COUNT_UNITS.has(UNIT_WORDS[t]) || /\b(how many|number of)\b/i.test(said))) units.push(UNIT_WORDS[t]);
      if (!KEEP_AS_TERM.has(t)) continue;
    }
    if (WEAK.has(t)) weak.push(t);
    else if (!terms.includes(t)) terms.push(t);
  }
  // "why is Honda interested in Nissan's big SUVs?": with no stronger word, the generic ones are the content
  // (but not "latest"/"news": those ask for the newest events)
  if (!terms.length && !numbers.length && !people.length) {
    const promoted = weak.filter((t) => !NEWSY.has(t) && !FRAME.has(t));
    if (promoted.length) {
      terms.push(...new Set(promoted));
      weak.splice(0, weak.length, ...weak.filter((t) => !promoted.includes(t)));
    }
  }
  // people's surnames stay as terms for event matching
  for (const p of people) {
    const w = stem(p.key);
    if (!terms.includes(w)) terms.push(w);
  }

  const fq = foldText(said);
  // "how much of Honda's sales…", "what proportion…": a share, in percent
  if (/\b(how much of|what (part|portion|proportion|share|percentage|fraction) of)\b/.test(fq) && !units.includes('percent')) units.push('percent');
  const wantsForecast = /\b(forecast|outlook|guidance|expect|expects|expected|expecting|estimate|estimated|projected|projection|predicts?|sees|plan|target|warn|warned|warning)\b/.test(fq);
  const wantsActual = /\b(actual|actually|posted|booked|final|realised|realized|ended up|results?|recorded|reported (a|its|the)|logged)\b/.test(fq);
  const quantity = /\b(how (much|many|big|large|deep|high|low|steep|severe|bad|badly|long|old)|what (percentage|percent|proportion|portion|fraction|share|amount|size|level|rate|value|number|figure|price)|what (\w+ ){1,2}(rate|price|percentage)|what tariff|by how much|how much of|what was the (figure|number|amount)|in (yen|dollars|usd|percent))\b|%|¥|\$/.test(fq);
  const prediction =
    /\b(predict|prediction|predictions|likely|likelihood|chance|chances|odds|probability|bet|going to happen|in the future|next decade|should i (buy|sell|invest)|price target|crystal ball|speculate)\b/.test(fq) ||
    ((/^\s*(will|would|shall|is .{1,40} going to|are .{1,40} going to|could|might|may)\b/.test(fq) ||
      /\bwill .{1,40} (merge|be|happen|recover|survive|go bankrupt|collapse|buy|sell|rise|fall|announce|reach|return)\b/.test(fq)) &&
      !/^\s*(when|what|how|which|who|why)\b/.test(fq)) ||
    /^\s*(who|which \w+|what \w+) will\b|\bwho(?:'s| is) (going to|likely to|next)\b|\bnext (ceo|boss|chief|president|chairman|merger|partner|earnings|results|report|announcement|meeting)\b|\bwhen (is|are) .{0,40}\bnext\b/.test(fq);

  const future =
    /\b(will|shall|gonna|going to|expected to|expects? to|expecting to|set to|likely to|due to (?!the\b|a\b|an\b|its\b|their\b|tariffs?\b|weak|strong|high|low|higher|lower)|slated to|about to)\b|\w'll\b/.test(fq);
  const ahead = /\b(next|coming|upcoming|following) (year|fiscal year|financial year|fy|quarter|half|month|months|years|decade|season)\b|\bin the (future|years ahead|long run|long term)\b|\bfrom now\b|\bgoing forward\b|\bin (two|three|five|ten|a few|\d+) years\b/.test(fq);

  let kind: QuestionKind = 'what';
  if (people.length === 1 && /\bwhat (?:job|role|position|post|title)\b|\bwhat was \w+(?:'s)? (?:job|role|position|post|title)\b/.test(fq)) kind = 'who';
  if (/^\s*(who|whom|whose)\b|\bwho (is|was|were|are|will|did|does|said|says|took|runs|led|leads|heads|replaced|became|signed|announced)\b|\b(which|what)( \w+){0,2} (executive|executives|exec|person|people|ceo|boss|chairman|official|officials|leader|manager|company|firm|automaker|carmaker|newspaper|outlet|paper|publication|buyer)\b|\bname of the\b/.test(fq)) kind = 'who';
  if (/^\s*when\b|\bwhen (did|was|were|is|will|does|do)\b|\bwhat (date|day|month|year|time)\b|\bon which (date|day)\b|\bhow long ago\b|\bsince when\b|\bdate of\b|\bwhen\s*\?*\s*$|\b(?:end|start|closing|completion) date\b/.test(fq)) kind = 'when';
  if (/^\s*(why|how come)\b|\bwhy (did|was|were|is|does|do|has|have)\b|\bwhat (caused|led to|was behind|is behind|drove|prompted|triggered|made)\b|\breasons?\b|\bbecause of what\b|\bexplain why\b/.test(fq)) kind = 'why';
  // "mitsubishi motors ceo name?", "renault ceo during the foxconn talks?": a post asked for by name, or named with no
  // question word and no measure, asks who holds it
  if (kind === 'what' && !quantity && POST_WORD.test(fq) && !terms.some((t) => METRIC_TERMS.has(t)) && (/\bname\b/.test(fq) || !QUESTION_WORD.test(fq))) kind = 'who';
  if (kind === 'what' && quantity) kind = 'figure';
  // "what is Mitsubishi's operating profit?": a figure question even without "how much"
  if (kind === 'what' && terms.some((t) => METRIC_TERMS.has(t)) && !EVENT_WORDING.test(fq)) kind = 'figure';
  // "what's Nissan's share of the US market?": a company's measurable attribute
  if (kind === 'what' && POSSESSIVE_ATTRIBUTE.test(fq) && !EVENT_NOUNS.test(fq) && !EVENT_WORDING.test(fq)) kind = 'figure';

  return {
    question: q,
    kind,
    companies,
    both,
    named,
    people,
    others: othersAlone,
    period: read.period,
    periods: read.all,
    terms,
    weak,
    units,
    numbers,
    wantsForecast,
    wantsActual,
    prediction,
    future,
    ahead,
    present: /\b(now|today|currently|right now|at present|at the moment|these days|as of today|as we speak|nowadays)\b/.test(fq),
    quantity,
    earliest: /\b(reported|announced|said|revealed|broke|break|emerged|surfaced|came out)\b.{0,40}\bfirst\b|\bfirst\s+(broke|break|emerged|surfaced|came out|reported|leaked)\b|\b(start|started|starting|begin|began|begun|beginning)\s+(to\s+)?(work|cooperat|partner|talk|discuss|team|collaborat|negotiat)\w*|\bfirst\s+(agree|sign|announce|talk|discuss|start|propose|report|meet|team|work|explore|consider|raise|mention|say|said|reveal|plan|decide|join|partner|forecast|warn|estimate|predict|expect|flag|disclose|give|gave|put|cut|lower|approach|offer|float|suggest)\w*|\b(originally|initially|at first|earliest|in the beginning)\b/.test(fq),
    corrected,
    fuzzy,
    now,
  };
}

/**
 * `u` with some of its fields changed ("the same question without its other companies"), made field by field in the
 * order `understand` makes them — not as `{ ...u, terms }`, which copies `u` and then writes over a field of the copy.
 * V8 then treats that field as mutable for every object of that shape and throws away the optimised scoring code that
 * relied on it: on the 10,000-event log, the first who-question anchored on an event ("who was Nissan's boss during the
 * merger talks") made the next hundred questions three to five times slower while the code was compiled again.
 */
export function derive(u: Understanding, patch: Partial<Understanding>): Understanding {
  // (an empty list given for one of `u`'s lists becomes an empty copy of it: `[]` is an array of another kind to V8,
  // which would throw away the optimised scoring code that has only seen the question's own lists)
  const pick = <K extends keyof Understanding>(k: K): Understanding[K] => {
    if (!(k in patch)) return u[k];
    const v = patch[k] as Understanding[K];
    return Array.isArray(v) && !v.length && Array.isArray(u[k]) ? (u[k] as unknown[]).slice(0, 0) as Understanding[K] : v;
  };
  return {
    question: pick('question'),
    kind: pick('kind'),
    companies: pick('companies'),
    both: pick('both'),
    named: pick('named'),
    people: pick('people'),
    others: pick('others'),
    period: pick('period'),
    periods: pick('periods'),
    terms: pick('terms'),
    weak: pick('weak'),
    units: pick('units'),
    numbers: pick('numbers'),
    wantsForecast: pick('wantsForecast'),
    wantsActual: pick('wantsActual'),
    prediction: pick('prediction'),
    future: pick('future'),
    ahead: pick('ahead'),
    present: pick('present'),
    quantity: pick('quantity'),
    earliest: pick('earliest'),
    corrected: pick('corrected'),
    fuzzy: pick('fuzzy'),
    now: pick('now'),
  };
}

const US_NOUNS =
  'plant|plants|factory|factories|market|markets|sales|tariff|tariffs|car|cars|auto|autos|government|president|administration|operations|production|output|pickup|pickups|truck|trucks|import|imports|unit|subsidiary|hybrid|hybrids|ev|evs|lineup|line-up|capacity|utilisation|utilization|duty|duties|levy|trade|deal|demand|buyers|consumers|customers|investment|exports|business|joint|cooperation|collaboration|partnership|venture|team|sites|site|manufacturing';

/** "US" (the country) vs "us" (the pronoun): upper case, dotted, or followed/preceded by a country-ish word means the country. */
export function markUS(s: string): string {
  return s
    .replace(/\bU\.\s?S\.?(?:\s?A\.?)?(?![a-z])/g, ' usa ')
    .replace(/\bUS(A)?\b/g, ' usa ')
    .replace(new RegExp(`\\bus(?=[\\s-]+(?:${US_NOUNS})\\b)`, 'gi'), 'usa')
    // "Japan-US trade", "US-Japan deal": next to another country it is the country
    .replace(/\b(japan|japanese|mexico|china|canada|eu)([\s-]+)us\b/gi, '$1$2usa')
    .replace(/\bus(?=[\s-]+(?:japan|japanese|mexico|china|canada|eu)\b)/gi, 'usa')
    .replace(/\b(in|to|into|from|across|the|for) us\b(?!\s+(?:about|what|how|why|when|who|if|whether|the|a|an)\b)/gi, '$1 usa');
}
