/**
 * Japanese questions → the structured English words the answers engine reads. Pure.
 *
 * How: normalise (NFKC: full-width digits and punctuation become half-width), read dates and periods
 * (2025年度, 2026年3月期, 上期, 第1四半期, 4〜6月期, 2025年2月13日), numbers (3,850億円), then the
 * longest known Japanese term at each place (companies, people, metrics, kinds of question). What is
 * left is split into words with Intl.Segmenter: grammar (particles, endings) is dropped, and any other
 * content word is kept as an opaque unknown word — the engine never finds it in a record, so a question
 * about something the log does not hold is still declined rather than answered from its known words.
 */
import { JA_ARITHMETIC, JA_TERMS, JA_FRAME_WORDS, JA_GRAMMAR, JA_PEOPLE } from './lexicon.js';
import { jaLog } from './log.js';

/** Hiragana, katakana or kanji anywhere: the question is read as Japanese. */
export const JAPANESE_SCRIPT = /[\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Han}]/u;

export function isJapanese(text: string): boolean {
  return JAPANESE_SCRIPT.test(text);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const month = (m: string) => MONTHS[Number(m) - 1] ?? m;
const fullYear = (y: string) => (y.length === 2 ? `20${y}` : y);
const RANGE = '[〜~\\-–ー—から]+';

/** A month range without a year is a part of a fiscal year, as Japanese results name them (4〜6月期 = Q1). */
const FISCAL_PARTS: Record<string, string> = {
  '4-6': 'Q1', '7-9': 'Q2', '10-12': 'Q3', '1-3': 'Q4', '4-9': 'first half', '10-3': 'second half', '4-12': 'nine months',
};

/** A piece of the question already in English. */
const en = (s: string) => `⟦${s}⟧`;

/**
 * A year with a month range that is a part of a fiscal year (2025年4〜6月期, 25年10〜12月, 2026年1〜3月期): Japanese
 * results name quarters by calendar months, so the part is read in the fiscal year it belongs to (Jan–Mar is the
 * previous fiscal year's fourth quarter). Other ranges stay calendar months.
 */
function yearRange(y: string, a: string, b: string): string {
  const part = FISCAL_PARTS[`${Number(a)}-${Number(b)}`];
  const year = Number(fullYear(y));
  if (!part || part === 'second half') return en(`${month(a)}-${month(b)} ${fullYear(y)}`);
  return en(`${part} FY${Number(a) >= 4 ? year : year - 1}`);
}

const KANJI_DIGITS: Record<string, number> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 二千五百 → 2500, 十五 → 15, 三 → 3 (kanji numerals below 10,000; 万, 億 and 兆 are read by NUMBERS). */
export function kanjiNumber(k: string): number {
  let total = 0;
  let digit = 0;
  for (const ch of k) {
    const unit = ch === '十' ? 10 : ch === '百' ? 100 : ch === '千' ? 1000 : 0;
    if (unit) {
      total += (digit || 1) * unit;
      digit = 0;
    } else digit = digit * 10 + KANJI_DIGITS[ch];
  }
  return total + digit;
}

/** Kanji numerals before a counter or a myriad (二千億円, 三万人, 十五車種, 二割): arabic digits, so the readers below see them. */
const KANJI_NUMERAL = /[〇一二三四五六七八九十百千]+(?=[万億兆人台社件車%円割年月日]|カ所|か所|ヶ所|四半期|拠点)/g;
/** 1Q, 3Q累計, Q3 (the analysts' quarter notation). */
const Q_NOTATION: [RegExp, string][] = [
  [/([1-4])Q累計/g, '第$1四半期累計'],
  [/([1-4])Q/g, '第$1四半期'],
];

/** Period and date shapes, most specific first. Each replacement is English for the engine's period reader. */
const PERIODS: [RegExp, (...m: string[]) => string][] = [
  [/(\d{4})年(\d{1,2})月(\d{1,2})日/g, (_, y, m, d) => en(`${Number(d)} ${month(m)} ${y}`)],
  [new RegExp(`(\\d{4}|\\d{2})年(\\d{1,2})${RANGE}(\\d{1,2})月期?`, 'g'), (_, y, a, b) => yearRange(y, a, b)],
  [new RegExp(`(\\d{1,2})${RANGE}(\\d{1,2})月期?`, 'g'), (_, a, b) => en(FISCAL_PARTS[`${Number(a)}-${Number(b)}`] ?? `${month(a)}-${month(b)}`)],
  [/(\d{1,2})\s*[かカヶケ箇]月(間)?/g, (_, n) => en(n === '9' ? 'nine months' : `${n} months`)],
  [/(\d{2}|\d{4})年(\d{1,2})月期/g, (_, y, m) => en(`fiscal year ending ${month(m)} ${fullYear(y)}`)],
  // 3月期 without a year: a March year-end company's full year (the latest, as the engine reads "full year")
  [/(?<![\d年])3月期/g, () => en('full year')],
  [/(\d{4}|\d{2})年度の?(上期|上半期|中間期)/g, (_, y) => en(`first half FY${fullYear(y)}`)],
  [/(\d{4}|\d{2})年度の?(下期|下半期)/g, (_, y) => en(`second half FY${fullYear(y)}`)],
  [/(\d{4}|\d{2})年度の?第3四半期(まで)?の?累計/g, (_, y) => en(`nine months FY${fullYear(y)}`)],
  [/(\d{4}|\d{2})年度の?第2四半期(まで)?の?累計/g, (_, y) => en(`first half FY${fullYear(y)}`)],
  [/(\d{4}|\d{2})年度の?第([1-4])四半期/g, (_, y, q) => en(`Q${q} FY${fullYear(y)}`)],
  [/(\d{4}|\d{2})年度/g, (_, y) => en(`FY${fullYear(y)}`)],
  [/(上期|上半期|中間期)/g, () => en('first half')],
  [/(下期|下半期)/g, () => en('second half')],
  [/第3四半期(まで)?の?累計/g, () => en('nine months')],
  [/第2四半期(まで)?の?累計/g, () => en('first half')],
  [/第([1-4])四半期/g, (_, q) => en(`Q${q}`)],
  [/(\d{4})年(\d{1,2})月/g, (_, y, m) => en(`${month(m)} ${y}`)],
  [/(\d{4})年/g, (_, y) => en(`in ${y}`)],
  [/(\d{1,2})月/g, (_, m) => en(month(m))],
];

/** "3,850億円" → "¥385 billion": the same value in the engine's notation (exact decimal shift, no float). */
const NUMBERS: [RegExp, (...m: string[]) => string][] = [
  [/(\d[\d,]*)兆(?:(\d[\d,]*)億)?円?/g, (_, t, o) => en(`¥${shift(t.replace(/,/g, ''), 0)}${o ? `.${o.replace(/,/g, '').padStart(4, '0').replace(/0+$/, '')}` : ''} trillion`.replace('.trillion', ' trillion'))],
  [/(\d[\d,]*(?:\.\d+)?)億円?/g, (_, b) => en(`¥${shift(b.replace(/,/g, ''), -1)} billion`)],
  [/(\d[\d,]*(?:\.\d+)?)万(台|人)?/g, (_, n, u) => en(`${shift(n.replace(/,/g, ''), 4)}${u === '台' ? ' vehicles' : u === '人' ? ' jobs' : ''}`)],
  [/(\d[\d.]*)\s*(%|％|パーセント)/g, (_, n) => en(`${n} percent`)],
  [/(\d[\d,]*)円/g, (_, n) => en(`${n.replace(/,/g, '')} yen`)],
];

/** Move the decimal point of a decimal string by `places` (positive: multiply by 10^places). */
export function shift(decimal: string, places: number): string {
  const [int, frac = ''] = decimal.split('.');
  let digits = int + frac;
  let point = int.length + places;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits = digits.padEnd(point, '0');
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(point).replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : whole;
}

const TERM_RE = new RegExp(
  [...JA_TERMS.keys()].sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  'g',
);

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });

let vocabulary: Set<string> | undefined;
/** Words of the Japanese log's own texts: a question using one is about something the log holds, so it is not opaque. */
function logWords(): Set<string> {
  if (vocabulary) return vocabulary;
  const ja = jaLog();
  const texts = [...Object.values(ja.events).flatMap((e) => [e.title, e.summary]), ...Object.values(ja.figures)];
  vocabulary = new Set();
  for (const t of texts) for (const seg of segmenter.segment(t.normalize('NFKC'))) if (seg.isWordLike) vocabulary.add(seg.segment);
  return vocabulary;
}

export interface JapaneseReading {
  /** The question as the English engine reads it. */
  english: string;
  /** Japanese content words not known to the lexicon (kept as unknown words, so the engine declines). */
  unknown: string[];
}

/** A person's title right after the name (三部社長, 内田前社長, エスピノーサ氏): the name says who; the title would ask "who is CEO". */
const TITLE_AFTER_NAME = new RegExp(`(${JA_PEOPLE.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?:前|元|現)?(?:社長|副社長|会長|CEO|最高経営責任者|氏|さん)`, 'g');

/** How many of a counted thing (何車種, 何万台, 何拠点): "how many", and what the counter counts where it names a thing. */
const COUNTER = /何(?:万|千|百)?(人|台|株|車種|件|社|基|回|店舗|拠点|工場|カ所|か所|ヶ所|モデル)/g;
const COUNTED: Record<string, string> = { 株: 'shares', 車種: 'models', モデル: 'models', 拠点: 'plants', 工場: 'plants', 台: 'vehicles' };

/** 「AとBを比べて」「Aと比べると」: A compared with B (the engine reads "compared with" between the two). */
const COMPARE_PAIR = /([^、,?]+?)と([^、,?]+?)(?:を|の)?(?:比べ(?:て|ると|たら|る)?|比較(?:して|すると|する)?)/g;
const COMPARE_ONE = /([^、,?]+?)と(?:比べ(?:て|ると|たら|る)?|比較(?:して|すると|する)?)/g;

/** Where one clause ends and another may begin: 「〜で、」「〜、あと」「〜。」. */
const CLAUSE_JOINT = /、(?:あと|それと|また|そして|それから)?|。(?=\S)/;

/** A company's shares moving (ホンダ株は上がった, 日産株はどうなった) are its share price, not a stake. */
const SHARE_MOVE = /株(?=(?:は|が|って|も)[^?]*?(?:上が|下が|どうなっ|上昇|下落|急騰|急落|動い|値上|値下))/g;

/** 〜の後 / 〜の前 as relative time; before a kanji they are part of a compound (の後任, の前年, の前社長). */
const RELATIVE: [RegExp, string][] = [
  [/の後(?!\p{sc=Han})/gu, 'after'],
  [/の前(?!\p{sc=Han})/gu, 'before'],
];

/** Reducing plants or people (工場を減らす, 人員を減らす) is closing plants or cutting jobs: the log's measures for them. */
const REDUCE: [RegExp, string][] = [
  [/工場(?:の数)?(?:を|は)?(いくつ|どれくらい|何カ所|何か所)?(?:減らす|減らし|減ら|削減|縮小|閉じ|閉め)/g, '$1工場閉鎖'],
  [/(?:人員|従業員|社員|人)(?:を|は)?(何人|どれくらい|何万人)?(?:減らす|減らし|減ら|カット|切る|切っ)/g, '$1人員削減'],
];

/** 今 / 現在 with a market price (株価は今いくら) asks for live data, which the log never holds: "now" (declined as stale). */
const LIVE_NOW = /(株価|時価総額|為替|レート|終値)[^?]*?(今|現在|現時点)|(今|現在|現時点)[^?]*?(株価|時価総額|為替|レート|終値)/u;

/** A rating that falls (格付けが下がった, 投機的等級まで落ちた) is a downgrade. */
const RATING_FALL = /(格付け[^?]*?)(?:下がっ|下がる|下げ|落ち)/g;

/**
 * Read a Japanese question as English words for the answers engine. Two questions in one (「上限はいくらで、何株買ったの」)
 * are read clause by clause and joined with ", and", as the engine splits an English question in two; a clause that
 * asks nothing itself (「本田の自社株買い、」) belongs to the question after it.
 */
export function readJapanese(question: string): JapaneseReading {
  const normalised = question.normalize('NFKC').trim();
  const groups: { text: string; r: Clause }[] = [];
  let pending = '';
  for (const clause of normalised.split(CLAUSE_JOINT)) {
    const text = pending ? `${pending}、${clause}` : clause;
    const r = readClause(text);
    // a clause asks its own question when it has a kind and something to ask about (not a bare 「いつ、」)
    if (r.kinds.length && (r.out.length || r.unknown.length)) {
      groups.push({ text, r });
      pending = '';
    } else pending = text;
  }
  if (groups.length < 2) return finish(readClause(normalised), question);
  if (pending) groups[groups.length - 1].r = readClause(`${groups[groups.length - 1].text}、${pending}`);
  const parts = groups.map((g) => finish(g.r, g.text));
  return { english: `${parts.map((p) => p.english.replace(/\?$/, '')).join(', and ')}?`, unknown: parts.flatMap((p) => p.unknown) };
}

interface Clause {
  kinds: string[];
  out: string[];
  unknown: string[];
  normalised: string;
}

function finish(c: Clause, question: string): JapaneseReading {
  // unknown content words become words no record holds: the engine then declines
  const opaque = c.unknown.map((w) => `jx${[...w].map((ch) => ch.codePointAt(0)!.toString(16)).join('')}`);
  // a non-past verb asked about with いつ (建てるのはいつ) asks about the future: "when will", which the engine declines
  // unless the log holds it; a past form (したのはいつ) stays "when did"
  const n = c.normalised;
  // (polite forms alike: 終わりますか is non-past, 終わりましたか past)
  const future =
    (/[るすくうつむぶぐ](のは|のか)?いつ|いつ[^?]*[るす](のか|の)?\??$/u.test(n) || /いつ[^?]*ます(か)?[。?]?$/u.test(n)) &&
    !/[ただ](のは|のか|の)?いつ|いつ[^?]*[ただ](のか|の)?\??$|ました(か)?[。?]?$/u.test(n);
  const kind = c.kinds.map((k) => (k === 'when did' && future ? 'when will' : k)).join(' ');
  // 「Aの前、B」 asks B before A: English puts what is asked first ("US tariff before additional tariff took effect")
  const at = c.out.findIndex((w) => w === 'before' || w === 'after');
  const out = at > 0 && at < c.out.length - 1 ? [...c.out.slice(at + 1), c.out[at], ...c.out.slice(0, at)] : c.out;
  const english = [kind, ...out, ...opaque].filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
  return { english: english ? `${english}?` : question, unknown: c.unknown };
}

function readClause(normalised: string): Clause {
  let s = normalised.replace(KANJI_NUMERAL, (k) => String(kanjiNumber(k)));
  for (const [re, to] of Q_NOTATION) s = s.replace(re, to);
  s = s
    .replace(TITLE_AFTER_NAME, '$1')
    .replace(REDUCE[0][0], REDUCE[0][1])
    .replace(REDUCE[1][0], REDUCE[1][1])
    .replace(COUNTER, (_, c: string) => en('@how many') + (COUNTED[c] ? en(COUNTED[c]) : ''))
    .replace(SHARE_MOVE, '株価')
    .replace(RATING_FALL, '$1格下げ')
    // 建設費, 人件費: the cost of the thing before it (a lone 費 would otherwise be dropped as a suffix)
    .replace(/(\p{sc=Han})費(?!用)/gu, `$1${en('costs')}`)
    .replace(COMPARE_PAIR, `$1${en('compared with')}$2`)
    .replace(COMPARE_ONE, `${en('compared with')}$1`);
  for (const [re, word] of RELATIVE) s = s.replace(re, en(word));
  for (const [re, f] of PERIODS) s = s.replace(re, f as (...a: string[]) => string);
  for (const [re, f] of NUMBERS) s = s.replace(re, f as (...a: string[]) => string);
  s = s.replace(TERM_RE, (t) => en(JA_TERMS.get(t) ?? t));
  if (LIVE_NOW.test(normalised)) s = s.replace(/⟦current⟧/g, en('now'));
  // 「メキシコからの車」 is "vehicles from Mexico": English names the origin with "from"
  s = s.replace(/(⟦[^⟧@]*⟧)から/g, '⟦from⟧$1');
  // 「中国以外」 is "outside China": the word after the place in Japanese, before it in English
  s = s.replace(/(⟦[^⟧@]*⟧)⟦outside⟧/g, '⟦outside⟧$1');
  const out: string[] = [];
  const unknown: string[] = [];
  const kinds: string[] = [];
  for (const part of s.split(/(⟦[^⟧]*⟧)/)) {
    if (!part) continue;
    if (part.startsWith('⟦')) {
      const w = part.slice(1, -1);
      if (w.startsWith('@')) kinds.push(w.slice(1));
      else if (w) out.push(w);
      continue;
    }
    for (const seg of segmenter.segment(part)) {
      const w = seg.segment.trim();
      if (!w || !seg.isWordLike) continue;
      if (JA_ARITHMETIC.has(w)) unknown.push(w);
      else if (/^[\p{sc=Latin}\d.]+$/u.test(w)) out.push(w);
      else if (JA_GRAMMAR.has(w) || JA_FRAME_WORDS.has(w) || /^[\p{sc=Hiragana}ー]+$/u.test(w)) continue;
      // a lone kanji (a verb stem such as 減 in 減ります, or an affix such as 額) or kanji with a kana ending (減らす, 見込む)
      // is the predicate or a suffix; the content of a question is carried by compounds and names
      else if (/^\p{sc=Han}\p{sc=Hiragana}*$/u.test(w) || /^\p{sc=Han}{1,2}\p{sc=Hiragana}+$/u.test(w)) continue;
      else if (logWords().has(w)) continue;
      else unknown.push(w);
    }
  }
  // 「日産の社長は？」: a role named last, with no question word, asks who holds it
  if (!kinds.length && ROLE_ASKED.test(normalised)) kinds.push('who');
  return { kinds, out, unknown, normalised };
}

const ROLE_ASKED = /(社長|会長|CEO|後任|後継者?|トップ|責任者|副社長)(は|って|とは)?(誰|だれ)?(ですか|なの|だっけ)?[?。]?$/u;
