/**
 * Per-Timeline search structures, built once and cached in a WeakMap (a reload builds a new
 * Timeline, so the old index is dropped with it). Pure.
 */
import type { Event } from '../timeline/schema.js';
import { seriesKey, type FigureRecord, type Timeline } from '../timeline/timeline.js';
import { canonical, COMPANIES, lexiconWords, OTHER_COMPANIES } from './lexicon.js';
import { figurePeriod, periodOfDate, type Period } from './periods.js';
import { foldText, stem, STOPWORDS, words } from './text.js';
import { markUS } from './understand.js';

/** Text → canonical content terms (stemmed, synonyms rewritten, stopwords dropped). */
export function analyze(text: string): string[] {
  return canonical(words(text).map(stem)).filter((t) => !STOPWORDS.has(t));
}

export interface FigureDoc {
  rec: FigureRecord;
  /** Position in timeline.figures. */
  i: number;
  /** Terms of the label, metric and unit (what the figure measures). */
  terms: Set<string>;
  /** Terms of the event's title (context, half weight). */
  context: Set<string>;
  /** Folded company keys the figure is about ('' for sector-wide). */
  companies: string[];
  period?: Period;
  series: string;
  /** Other (non-covered) companies named in the label. */
  others: string[];
  /** Folded label, for autocomplete. */
  label: string;
}

export interface EventDoc {
  event: Event;
  /** Position in timeline.events (date order). */
  i: number;
  title: Set<string>;
  summary: Set<string>;
  companies: string[];
  period: Period;
  others: string[];
  /** Folded title / summary for autocomplete. */
  titleText: string;
  summaryText: string;
  /** Raw folded title words (unstemmed) and summary words, for prefix matching. */
  titleWords: string[];
  summaryWords: string[];
}

export interface AnswerIndex {
  timeline: Timeline;
  figures: FigureDoc[];
  events: EventDoc[];
  /** Inverse document frequency of terms in figure docs and event docs. */
  figIdf: Map<string, number>;
  evIdf: Map<string, number>;
  figMaxIdf: number;
  evMaxIdf: number;
  /** Raw words known to the log or the lexicon (for typo correction), grouped by length. */
  vocab: Set<string>;
  vocabByLen: Map<number, string[]>;
  /** Series (same metric+company+period), newest statement first, by series key. */
  series: Map<string, FigureRecord[]>;
  /** Autocomplete: sorted unique words → event positions (title / summary). */
  ac: {
    titleVocab: string[];
    titlePost: Map<string, number[]>;
    summaryVocab: string[];
    summaryPost: Map<string, number[]>;
    titlesSorted: { t: string; i: number }[];
  };
}

const COMPANY_WORDS = new Set(['honda', 'nissan', 'mitsubishi', 'foxconn', 'renault', 'hon', 'hai', 'hmc', 'mmc']);

const cache = new WeakMap<Timeline, AnswerIndex>();

/** The index for a Timeline (built on first use, then cached for the Timeline's lifetime). */
export function indexOf(timeline: Timeline): AnswerIndex {
  let idx = cache.get(timeline);
  if (!idx) {
    idx = build(timeline);
    cache.set(timeline, idx);
  }
  return idx;
}

export function companyKeys(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    const f = foldText(n);
    for (const c of COMPANIES) if (c.aliases.some((a) => new RegExp(`\\b${a}\\b`).test(f)) && !out.includes(c.key)) out.push(c.key);
  }
  return out;
}

const OTHER_RE = OTHER_COMPANIES.map((o) => ({ o, re: new RegExp(`\\b${o.replace(/ /g, '\\s+')}\\b`) }));
export function othersIn(text: string): string[] {
  const f = foldText(text);
  return OTHER_RE.filter((x) => x.re.test(f)).map((x) => x.o);
}

function idf(docs: Set<string>[][]): { map: Map<string, number>; max: number } {
  const df = new Map<string, number>();
  for (const sets of docs) {
    const seen = new Set<string>();
    for (const s of sets) for (const t of s) seen.add(t);
    for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const n = docs.length || 1;
  const map = new Map<string, number>();
  let max = 0;
  for (const [t, d] of df) {
    const v = Math.log(1 + n / d);
    map.set(t, v);
    if (v > max) max = v;
  }
  return { map, max: max || 1 };
}

function addPost(post: Map<string, number[]>, w: string, i: number): void {
  const l = post.get(w);
  if (!l) post.set(w, [i]);
  else if (l[l.length - 1] !== i) l.push(i);
}

function build(timeline: Timeline): AnswerIndex {
  const eventTitleTerms = new Map<string, Set<string>>();
  const events: EventDoc[] = timeline.events.map((event, i) => {
    const title = new Set(analyze(markUS(event.title)));
    eventTitleTerms.set(event.id, title);
    const titleText = foldText(event.title);
    const summaryText = foldText(event.summary);
    return {
      event,
      i,
      title,
      summary: new Set(analyze(markUS(event.summary))),
      companies: companyKeys(event.companies),
      period: periodOfDate(event.date),
      others: othersIn(`${event.title} ${event.summary}`),
      titleText,
      summaryText,
      titleWords: words(event.title),
      summaryWords: words(event.summary),
    };
  });
  const figures: FigureDoc[] = timeline.figures.map((rec, i) => {
    const f = rec.figure;
    const kindWord = f.kind === 'forecast' || f.kind === 'estimate' ? 'forecast' : f.kind === 'target' ? 'target' : f.kind === 'actual' ? 'actual' : '';
    const terms = new Set(analyze(markUS(`${f.label} ${f.metric.replace(/-/g, ' ')} ${unitWords(f.unit)} ${kindWord}`)).filter((t) => !COMPANY_WORDS.has(t)));
    const companies = f.company === '—' ? [] : companyKeys([f.company]);
    return {
      rec,
      i,
      terms,
      context: eventTitleTerms.get(rec.event.id) ?? new Set(),
      companies,
      period: figurePeriod(f.period),
      series: seriesKey(f),
      others: othersIn(f.label),
      label: foldText(f.label),
    };
  });
  const fi = idf(figures.map((d) => [d.terms]));
  const ei = idf(events.map((d) => [d.title, d.summary]));

  const vocab = new Set<string>(lexiconWords());
  for (const e of timeline.events) for (const w of words(`${e.title} ${e.summary} ${e.companies.join(' ')}`)) vocab.add(w);
  for (const r of timeline.figures) for (const w of words(`${r.figure.label} ${r.figure.metric.replace(/-/g, ' ')} ${r.figure.period}`)) vocab.add(w);
  const vocabByLen = new Map<number, string[]>();
  for (const w of vocab) {
    if (w.length < 3 || /\d/.test(w)) continue;
    const l = vocabByLen.get(w.length) ?? [];
    l.push(w);
    vocabByLen.set(w.length, l);
  }

  const series = new Map<string, FigureRecord[]>();
  for (const d of figures) {
    const l = series.get(d.series) ?? [];
    l.push(d.rec);
    series.set(d.series, l);
  }
  for (const l of series.values()) l.sort((a, b) => (a.figure.asOf < b.figure.asOf ? 1 : a.figure.asOf > b.figure.asOf ? -1 : a.figure.id.localeCompare(b.figure.id)));

  const titlePost = new Map<string, number[]>();
  const summaryPost = new Map<string, number[]>();
  for (const d of events) {
    for (const w of new Set([...d.titleWords, ...d.event.id.split('-')])) addPost(titlePost, w, d.i);
    for (const w of new Set(d.summaryWords)) addPost(summaryPost, w, d.i);
  }
  const titlesSorted = events.map((d) => ({ t: d.titleText, i: d.i })).sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));

  return {
    timeline,
    figures,
    events,
    figIdf: fi.map,
    evIdf: ei.map,
    figMaxIdf: fi.max,
    evMaxIdf: ei.max,
    vocab,
    vocabByLen,
    series,
    ac: {
      titleVocab: [...titlePost.keys()].sort(),
      titlePost,
      summaryVocab: [...summaryPost.keys()].sort(),
      summaryPost,
      titlesSorted,
    },
  };
}

function unitWords(unit: string): string {
  switch (unit) {
    case 'JPY':
      return 'yen';
    case 'USD':
      return 'usd dollar';
    case 'percent':
      return 'percent';
    default:
      return unit.replace(/-/g, ' ');
  }
}
