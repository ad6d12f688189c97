/**
 * Does a news item concern the story? It must name Honda and/or Nissan and use a story word. Both are read with the
 * answers engine's own understanding of text (its company aliases, stemming and synonyms, through `understand`), so
 * "tie-up", "merger" and "business integration" count alike, as they do for questions.
 *
 * src/answers exports no lexicon of its own; this adapter canonicalises the story words below with the same public
 * `understand` it applies to headlines, so both sides meet in the engine's terms.
 */
import { understand } from '../answers/index.js';
import type { Topic } from '../timeline/schema.js';

/** Story words and the log topic each suggests for a draft. */
const STORY_WORDS: Record<string, Topic> = {
  merger: 'merger-talks', integration: 'merger-talks', talks: 'merger-talks', alliance: 'merger-talks', partnership: 'merger-talks',
  holding: 'merger-talks', 'holding company': 'merger-talks', terminate: 'merger-talks', collaboration: 'merger-talks', stake: 'merger-talks', acquisition: 'merger-talks', memorandum: 'merger-talks',
  pickup: 'pickup-deal', truck: 'pickup-deal', 'contract manufacturing': 'pickup-deal', supply: 'pickup-deal',
  software: 'ev-software', ev: 'ev-software', electric: 'ev-software', battery: 'ev-software', platform: 'ev-software',
  tariff: 'tariffs', duties: 'tariffs', trade: 'trade-policy', export: 'trade-policy', import: 'trade-policy',
  plant: 'plants', factory: 'plants', production: 'plants', output: 'plants', capacity: 'plants', utilisation: 'plants',
  restructuring: 'restructuring', layoffs: 'restructuring', 'job cuts': 'restructuring', closure: 'restructuring', recovery: 'restructuring', cost: 'restructuring',
  results: 'earnings', earnings: 'earnings', profit: 'earnings', 'operating profit': 'earnings', 'net income': 'earnings', loss: 'earnings', revenue: 'earnings', forecast: 'earnings', guidance: 'earnings', sales: 'earnings',
  ceo: 'leadership', president: 'leadership', chairman: 'leadership', resign: 'leadership', appoint: 'leadership',
};

/** The engine reads English only; Japanese headlines (a watched news-search feed is in Japanese) are read here. */
const JA_COMPANIES: [RegExp, string][] = [[/ホンダ|本田技研/, 'Honda'], [/日産/, 'Nissan']];
const JA_STORY: [RegExp, Topic][] = [
  [/統合|合併|協議|提携|持ち株|協業|出資/, 'merger-talks'], [/ピックアップ|トラック|受託生産|OEM/, 'pickup-deal'], [/ソフトウェア|EV|電気自動車|電池/, 'ev-software'],
  [/関税/, 'tariffs'], [/貿易|輸出|輸入/, 'trade-policy'], [/工場|生産|稼働/, 'plants'], [/再建|リストラ|人員削減|閉鎖/, 'restructuring'],
  [/決算|利益|赤字|黒字|売上|業績|見通し/, 'earnings'], [/社長|会長|CEO|辞任|就任/, 'leadership'],
];

let storyTerms: Map<string, Topic> | undefined;

/** Each story word in the engine's canonical terms (computed once). */
function terms(): Map<string, Topic> {
  if (storyTerms) return storyTerms;
  storyTerms = new Map();
  for (const [word, topic] of Object.entries(STORY_WORDS)) {
    const u = understand(word);
    for (const t of [...u.terms, ...u.weak]) if (!storyTerms.has(t)) storyTerms.set(t, topic);
  }
  return storyTerms;
}

export interface Relevance {
  /** 0 = not about the story. Higher = closer: both companies and several story words. */
  score: number;
  /** Covered companies named, as the log names them (Honda, Nissan, …). */
  companies: string[];
  /** Topics the story words suggest, most named first. */
  topics: Topic[];
}

const LOG_NAMES: Record<string, string> = { honda: 'Honda', nissan: 'Nissan', mitsubishi: 'Mitsubishi', foxconn: 'Foxconn', renault: 'Renault' };

/** Score a headline (and summary). An item about another company alone scores 0. */
export function relevance(title: string, summary = ''): Relevance {
  const text = `${title}. ${summary}`.slice(0, 2000);
  const u = understand(text);
  const companies = u.companies.map((c) => LOG_NAMES[c] ?? c);
  for (const [re, name] of JA_COMPANIES) if (re.test(text) && !companies.includes(name)) companies.push(name);
  const story = companies.filter((c) => c === 'Honda' || c === 'Nissan');
  if (!story.length) return { score: 0, companies, topics: [] };
  const map = terms();
  const counts = new Map<Topic, number>();
  let hits = 0;
  for (const t of new Set([...u.terms, ...u.weak])) {
    const topic = map.get(t);
    if (!topic) continue;
    hits++;
    counts.set(topic, (counts.get(topic) ?? 0) + 1);
  }
  for (const [re, topic] of JA_STORY) {
    if (!re.test(text)) continue;
    hits++;
    counts.set(topic, (counts.get(topic) ?? 0) + 1);
  }
  if (!hits) return { score: 0, companies, topics: [] };
  const topics = [...counts].sort((a, b) => b[1] - a[1]).map(([t]) => t);
  // both companies named is the heart of the story; each further story word adds a little, up to three
  const score = Math.round((story.length === 2 || u.both ? 2 : 1) + Math.min(hits, 3) * 0.5 + (companies.some((c) => title.includes(c)) || JA_COMPANIES.some(([re]) => re.test(title)) ? 0.5 : 0));
  return { score, companies, topics };
}
