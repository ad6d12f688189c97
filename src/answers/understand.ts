/**
 * Question understanding: which companies and people, which metric or story, which period, and what
 * kind of answer is wanted (when / how much / who / why / what happened). Pure.
 */
import { BOTH_ALIASES, canonical, COMPANIES, OTHER_COMPANIES, PEOPLE, type PersonDef } from './lexicon.js';
import { readPeriods, type Period } from './periods.js';
import { editDistance, foldText, spellOut, stem, STOPWORDS, WEAK, words } from './text.js';
import type { AnswerIndex } from './search-index.js';

export type QuestionKind = 'figure' | 'when' | 'who' | 'why' | 'what';

export interface Understanding {
  question: string;
  kind: QuestionKind;
  /** Covered companies named (canonical keys: honda, nissan, mitsubishi, foxconn, renault), people's companies included. */
  companies: string[];
  /** "both", "the two automakers", "Honda and Nissan", "combined". */
  both: boolean;
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
  /** A question about a figure's quantity ("how much", "how many", "what percentage"). */
  quantity: boolean;
  /** Typos corrected: [typed, read as]. */
  corrected: [string, string][];
}

const UNIT_WORDS: Record<string, string> = {
  yen: 'JPY', jpy: 'JPY', usd: 'USD', dollar: 'USD', percent: 'percent', percentage: 'percent', pct: 'percent',
  vehicle: 'vehicles', unit: 'units', job: 'jobs', employee: 'employees', plant: 'plants', billion: '', trillion: '', million: '', thousand: '',
};

function phraseRe(p: string): RegExp {
  return new RegExp(`(^|[^a-z0-9])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')}(?=$|[^a-z0-9])`);
}
const COMPANY_RES = COMPANIES.map((c) => ({ key: c.key, res: c.aliases.map(phraseRe) }));
const PEOPLE_RES = PEOPLE.map((p) => ({ p, res: p.aliases.map(phraseRe) }));
const OTHER_RES = OTHER_COMPANIES.map((o) => ({ o, re: phraseRe(o) }));
const BOTH_RES = BOTH_ALIASES.map(phraseRe);

/** Correct a word not known to the log or lexicon to its nearest known word (edit distance 1, or 2 for long words). */
function correct(w: string, index: AnswerIndex | undefined): string {
  if (!index || w.length < 4 || /\d/.test(w) || index.vocab.has(w) || STOPWORDS.has(stem(w)) || WEAK.has(stem(w))) return w;
  const max = w.length >= 8 ? 2 : 1;
  let best = w;
  let bestD = max + 1;
  for (let len = w.length - max; len <= w.length + max; len++) {
    for (const v of index.vocabByLen.get(len) ?? []) {
      if (v[0] !== w[0] && max === 1 && w.length < 6) continue;
      const d = editDistance(w, v, max);
      if (d < bestD) {
        bestD = d;
        best = v;
        if (d === 1 && max === 1) break;
      }
    }
  }
  return bestD <= max ? best : w;
}

export function understand(question: string, opts: { now?: Date; index?: AnswerIndex } = {}): Understanding {
  const now = opts.now ?? new Date();
  const q = question.trim();
  const qUS = markUS(q);
  // typo correction first, on plain words, so every later step reads the corrected text
  const corrected: [string, string][] = [];
  const rawWords = foldText(qUS).split(/(\s+)/);
  const fixedText = rawWords
    .map((chunk) =>
      chunk.replace(/[a-z]{4,}/g, (w) => {
        const c = correct(w, opts.index);
        if (c !== w) corrected.push([w, c]);
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
  let both = BOTH_RES.some((re) => re.test(f));
  if (companies.includes('honda') && companies.includes('nissan')) both = true;
  if (both) for (const k of ['honda', 'nissan']) if (!companies.includes(k)) companies.push(k);
  const others = OTHER_RES.filter((o) => o.re.test(f)).map((o) => o.o);

  const read = readPeriods(fixedText, now);
  const rest = ` ${spellOut(read.rest)} `;

  // terms: the rest of the question, with company/people/other-company names removed
  let text = rest;
  for (const c of COMPANY_RES) for (const re of c.res) text = text.replace(new RegExp(re.source, 'g'), '$1 ');
  for (const p of PEOPLE_RES) for (const re of p.res) text = text.replace(new RegExp(re.source, 'g'), '$1 ');
  for (const o of OTHER_RES) text = text.replace(new RegExp(o.re.source, 'g'), '$1 ');
  for (const re of BOTH_RES) text = text.replace(new RegExp(re.source, 'g'), '$1 ');
  const toks = canonical(words(text).map(stem)).filter((t) => !STOPWORDS.has(t));
  const numbers: number[] = [];
  const units: string[] = [];
  const terms: string[] = [];
  const weak: string[] = [];
  for (const t of toks) {
    if (/^\d+(\.\d+)?$/.test(t)) {
      numbers.push(Number(t));
      continue;
    }
    if (t in UNIT_WORDS) {
      if (UNIT_WORDS[t]) units.push(UNIT_WORDS[t]);
      if (t !== 'plant' && t !== 'job' && t !== 'employee') continue;
    }
    if (WEAK.has(t)) weak.push(t);
    else if (!terms.includes(t)) terms.push(t);
  }
  // people's surnames stay as terms for event matching
  for (const p of people) {
    const w = stem(p.key);
    if (!terms.includes(w)) terms.push(w);
  }

  const fq = foldText(q);
  const wantsForecast = /\b(forecast|outlook|guidance|expect|expects|expected|expecting|estimate|estimated|projected|projection|predicts?|sees|plan|target|warn|warned|warning)\b/.test(fq);
  const wantsActual = /\b(actual|actually|posted|booked|final|realised|realized|ended up|results?|recorded|reported (a|its|the)|logged)\b/.test(fq);
  const quantity = /\b(how (much|many|big|large|deep|high|low|steep|severe|bad|badly)|what (percentage|percent|proportion|portion|fraction|share|amount|size|level|rate|value|number|figure|price)|by how much|how much of|what was the (figure|number|amount)|in (yen|dollars|usd|percent))\b|%|¥|\$/.test(fq);
  const prediction =
    /^\s*(will|would|shall|is .{1,40} going to|are .{1,40} going to|could|might|may)\b/.test(fq) ||
    /\b(predict|prediction|likely|likelihood|chance|chances|odds|probability|going to happen|in the future|next decade|should i (buy|sell|invest)|price target|will .{1,40} (merge|be|happen|recover|survive|go bankrupt|collapse|buy|sell|close|rise|fall|announce|reach)|forecast for 20(2[7-9]|[3-9]\d))\b/.test(fq) &&
      !/^\s*(when|what|how|which|who|why)\b/.test(fq);

  let kind: QuestionKind = 'what';
  if (/^\s*(who|whom|whose)\b|\bwho (is|was|were|are|will|did|does|said|says|took|runs|led|leads|heads|replaced|became|signed|announced)\b|\b(which|what) (executive|exec|person|people|ceo|boss|chairman|official|officials|leader|company|firm|automaker|carmaker)\b|\bname of the\b/.test(fq)) kind = 'who';
  if (/^\s*when\b|\bwhen (did|was|were|is|will|does|do)\b|\bwhat (date|day|month|year|time)\b|\bon which (date|day)\b|\bhow long ago\b|\bsince when\b|\bdate of\b/.test(fq)) kind = 'when';
  if (/^\s*(why|how come)\b|\bwhy (did|was|were|is|does|do|has|have)\b|\bwhat (caused|led to|was behind|is behind|drove|prompted|triggered|made)\b|\breasons?\b|\bbecause of what\b|\bexplain why\b/.test(fq)) kind = 'why';
  if (kind === 'what' && quantity) kind = 'figure';

  return {
    question: q,
    kind,
    companies,
    both,
    people,
    others: others.filter((o) => !companies.some((c) => o === c)),
    period: read.period,
    periods: read.all,
    terms,
    weak,
    units,
    numbers,
    wantsForecast,
    wantsActual,
    prediction,
    quantity,
    corrected,
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
    .replace(/\b(in|to|into|from|across|the|for) us\b(?!\s+(?:about|what|how|why|when|who|if|whether|the|a|an)\b)/gi, '$1 usa');
}
