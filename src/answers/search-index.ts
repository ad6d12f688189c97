/**
 * Per-Timeline search structures, built once and cached in a WeakMap (a reload builds a new
 * Timeline, so the old index is dropped with it). Pure.
 */
import { seriesKey, type FigureRecord, type Timeline } from '../timeline/timeline.js';
import { EVENT_IMPLIES, lexiconWords, METRIC_TERMS, PEOPLE, RESULT_METRICS, ROLE_BIT, ROLE_TEXT, type RoleKind } from './lexicon.js';
import { periodOfDate, yearOf, type Period } from './periods.js';
import { foldText, stem, words } from './text.js';
import { markUS } from './understand.js';
import { summaryReason } from './reasons.js';
import { runInSlices, runNow, type SliceOptions, type Steps } from '../core/slices.js';
import type { AnswerIndex, EventDoc, FigureDoc, Postings } from './index-types.js';
import { addAll, analyze, analyzeDoc, cachedFigurePeriod, companyKeys, mentionedPeriod, NO_STRINGS, numberSet, othersIn, PLACES, sharedList, stripPeriodWords, unitWords } from './document-text.js';

export type { AnswerIndex, EventDoc, FigureDoc, Postings } from './index-types.js';
export { analyze, analyzeDoc, companyKeys, eventWords, othersIn, PLACES } from './document-text.js';

const PERSON_KEYS = new Set(PEOPLE.map((p) => p.key));

const COMPANY_WORDS = new Set(['honda', 'nissan', 'mitsubishi', 'foxconn', 'renault', 'hon', 'hai', 'hmc', 'mmc']);

const cache = new WeakMap<Timeline, AnswerIndex>();
/** Index builds started (for tests: whether an index was built at once or came prepared). */
let builds = 0;
export function indexBuilds(): number {
  return builds;
}

/** The index for a Timeline (built on first use, then cached for the Timeline's lifetime). */
export function indexOf(timeline: Timeline): AnswerIndex {
  let idx = cache.get(timeline);
  if (!idx) {
    idx = runNow(build(timeline));
    cache.set(timeline, idx);
  }
  return idx;
}

/**
 * Builds a Timeline's index in slices, giving the event loop a turn between them (a new log's index, built while
 * the current log keeps answering); then `indexOf` has it at once. Rejects, caching nothing, when `signal` aborts.
 */
export async function prepareIndex(timeline: Timeline, opts: SliceOptions = {}): Promise<void> {
  if (cache.has(timeline)) return;
  const idx = await runInSlices(build(timeline), opts);
  // (unless something asked for it meanwhile and built it at once)
  if (!cache.has(timeline)) cache.set(timeline, idx);
}


/** Adds one document (the union of its term sets) to document frequencies. */
function countTerms(df: Map<string, number>, sets: Iterable<string>[]): void {
  const seen = new Set<string>();
  for (const s of sets) for (const t of s) seen.add(t);
  for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
}

function idfOf(df: Map<string, number>, docs: number): { map: Map<string, number>; max: number } {
  const n = docs || 1;
  const map = new Map<string, number>();
  let max = 0;
  for (const [t, d] of df) {
    const v = Math.log(1 + n / d);
    map.set(t, v);
    if (v > max) max = v;
  }
  return { map, max: max || 1 };
}

function addPost<K>(post: Map<K, number[]>, w: K, i: number): void {
  const l = post.get(w);
  if (!l) post.set(w, [i]);
  else if (l[l.length - 1] !== i) l.push(i);
}

/**
 * Builds the index, yielding every 16 events or 64 figures and between its phases: `indexOf` runs it at once,
 * `prepareIndex` in slices (see core/slices.ts).
 */
function* build(timeline: Timeline): Steps<AnswerIndex> {
  builds++;
  // an event's term sets and words go straight into the postings, document frequencies and the known terms, and
  // are dropped: kept for every event until the end, they made the heap (and so the process) far larger
  const post: Postings = {
    figTerms: new Map(),
    figOwn: new Map(),
    evTitle: new Map(),
    evSummary: new Map(),
    figMeasure: new Map(),
    evFigStart: new Int32Array(timeline.events.length + 1),
    figEvent: new Int32Array(timeline.figures.length).fill(-1),
    people: new Map(),
    peopleInText: new Map(),
    evNumbers: new Map(),
    evTitleNumbers: new Map(),
    roleText: new Uint8Array(timeline.events.length),
    evYear: new Map(),
    figYear: new Map(),
    figCompany: new Map(),
    evCompany: new Map(),
    figOthers: new Map(),
    evOthers: new Map(),
  };
  const evDf = new Map<string, number>();
  const known = new Set<string>();
  const events: EventDoc[] = [];
  for (let i = 0; i < timeline.events.length; i++) {
    const event = timeline.events[i];
    const title = new Set(analyzeDoc(markUS(event.title), EVENT_IMPLIES));
    const summary = new Set(analyzeDoc(markUS(`${event.summary} ${event.topics.join(' ').replace(/-/g, ' ')}`), EVENT_IMPLIES));
    // an event reporting actual results is about "results", whatever words its summary uses
    if (event.figures.some((f) => f.kind === 'actual' && RESULT_METRICS.test(f.metric))) for (const t of analyze('results')) summary.add(t);
    const about: Period[] = [];
    for (const f of event.figures) {
      const p = cachedFigurePeriod(f.period);
      if (p && !about.some((a) => a.start === p.start && a.end === p.end)) about.push(p);
    }
    const titleText = foldText(event.title);
    const tw = words(event.title);
    const sw = words(event.summary);
    countTerms(evDf, [title, summary]);
    for (const t of title) {
      known.add(t);
      addPost(post.evTitle, t, i);
    }
    for (const t of summary) {
      known.add(t);
      if (!title.has(t)) addPost(post.evSummary, t, i);
    }
    let namesPerson = false;
    for (const w of new Set([...tw, ...sw])) {
      if (PERSON_KEYS.has(w)) {
        addPost(post.people, w, i);
        namesPerson = true;
      }
    }
    for (const n of numberSet(tw)) addPost(post.evTitleNumbers, n, i);
    for (const n of numberSet([...tw, ...sw])) addPost(post.evNumbers, n, i);
    const summaryText = foldText(event.summary);
    for (const key of PERSON_KEYS) if (summaryText.includes(key) || titleText.includes(key)) addPost(post.peopleInText, key, i);
    if (namesPerson) {
      const text = `${titleText} ${summaryText}`;
      for (const role of Object.keys(ROLE_TEXT) as RoleKind[]) if (ROLE_TEXT[role].test(text)) post.roleText[i] |= ROLE_BIT[role];
    }
    events.push({
      event,
      i,
      companies: sharedList(companyKeys(event.companies)),
      period: periodOfDate(event.date),
      about,
      others: sharedList(othersIn(`${event.title} ${event.summary}`)),
      titleText,
      reason: summaryReason(event, (text) => analyzeDoc(markUS(text))),
    });
    if ((i & 15) === 15) yield;
  }
  const figExtra: ReadonlySet<string>[] = [];
  // labels, metrics, units and period words repeat from figure to figure (670 distinct labels among 39,970 figures at
  // 10,000 events): what is read from them is read once per distinct text while building (the same sets are shared)
  const termSets = new Map<string, ReadonlySet<string>>();
  const termsOfText = new Map<string, ReadonlySet<string>>();
  const extraOfText = new Map<string, ReadonlySet<string>>();
  const ofLabel = new Map<string, { others: string[]; places: string[]; joint: boolean }>();
  const figures: FigureDoc[] = [];
  for (let i = 0; i < timeline.figures.length; i++) {
    const rec = timeline.figures[i];
    const f = rec.figure;
    const kindWord = f.kind === 'forecast' || f.kind === 'estimate' ? 'forecast' : f.kind === 'target' ? 'target' : f.kind === 'actual' ? 'actual' : '';
    const termText = `${stripPeriodWords(f.label)} ${f.metric.replace(/-/g, ' ')}`;
    let terms = termsOfText.get(termText);
    if (!terms) {
      const termList = analyzeDoc(markUS(termText)).filter((t) => !COMPANY_WORDS.has(t));
      const termKey = termList.join('\u0000');
      terms = termSets.get(termKey);
      if (!terms) termSets.set(termKey, (terms = new Set(termList)));
      termsOfText.set(termText, terms);
    }
    // a negative result is a loss, whatever the label calls it ("nine-month net income: -¥250.2 billion")
    const period = cachedFigurePeriod(f.period);
    // period words that are not a date ("under the US–Japan deal", "restructuring plan") say what the figure is about
    const periodWords = period ? '' : f.period;
    const extraText = `${unitWords(f.unit)} ${kindWord} ${f.value < 0 && f.unit !== 'percent' ? 'loss' : ''} ${periodWords}`;
    // (what is left out depends on the terms too)
    const extraKey = `${extraText}\u0000${termText}`;
    let extra = extraOfText.get(extraKey);
    if (!extra) {
      const own = terms;
      extraOfText.set(extraKey, (extra = new Set(analyzeDoc(markUS(extraText)).filter((t) => !own.has(t) && !COMPANY_WORDS.has(t)))));
    }
    figExtra.push(extra);
    const mentioned = mentionedPeriod(f.label);
    const companies = f.company === '—' ? NO_STRINGS : sharedList(companyKeys([f.company]));
    let label = ofLabel.get(f.label);
    if (!label) {
      ofLabel.set(
        f.label,
        (label = {
          others: sharedList(othersIn(f.label)),
          places: sharedList(analyze(markUS(f.label)).filter((t) => PLACES.has(t))),
          joint: /\b(combined|merged|together|joint|after integration|megadeal)\b|honda[\s,]+(and|–|-)\s*nissan|nissan[\s,]+(and|–|-)\s*honda/i.test(f.label),
        }),
      );
    }
    figures.push({
      rec,
      i,
      rank: 0,
      terms,
      mentioned,
      companies,
      period,
      series: seriesKey(f),
      others: label.others,
      mentions: sharedList(companyKeys([f.label, f.company])),
      joint: label.joint,
      places: label.places,
    });
    if ((i & 63) === 63) yield;
  }
  rankByAsOf(figures);
  yield;
  const figDf = new Map<string, number>();
  for (const d of figures) {
    countTerms(figDf, [d.terms, figExtra[d.i]]);
    if ((d.i & 1023) === 1023) yield;
  }
  const fi = idfOf(figDf, figures.length);
  const ei = idfOf(evDf, events.length);
  yield;

  const vocab = new Set<string>(lexiconWords());
  for (let k = 0; k < timeline.events.length; k++) {
    const e = timeline.events[k];
    for (const w of words(`${e.title} ${e.summary} ${e.companies.join(' ')}`)) vocab.add(w);
    if ((k & 15) === 15) yield;
  }
  const figureTexts = new Set<string>();
  for (const r of timeline.figures) figureTexts.add(`${r.figure.label} ${r.figure.metric.replace(/-/g, ' ')} ${r.figure.period}`);
  yield;
  let n = 0;
  for (const text of figureTexts) {
    for (const w of words(text)) vocab.add(w);
    if ((++n & 63) === 0) yield;
  }
  yield;
  const vocabByLen = new Map<number, string[]>();
  for (const w of vocab) {
    if (w.length < 3 || /\d/.test(w)) continue;
    const l = vocabByLen.get(w.length) ?? [];
    l.push(w);
    vocabByLen.set(w.length, l);
  }

  const series = new Map<string, FigureRecord[]>();
  const seriesTerms = new Map<string, Set<string>>();
  const seriesKeys = new Map<string, string>();
  for (const d of figures) {
    // one string per series, not one per figure (2.9 MB at 10,000 events)
    const key = seriesKeys.get(d.series);
    if (key === undefined) seriesKeys.set(d.series, d.series);
    else d.series = key;
    const l = series.get(d.series) ?? [];
    l.push(d.rec);
    series.set(d.series, l);
    const t = seriesTerms.get(d.series) ?? new Set<string>();
    for (const x of d.terms) t.add(x);
    for (const x of figExtra[d.i]) t.add(x);
    seriesTerms.set(d.series, t);
    if ((d.i & 255) === 255) yield;
  }
  for (const l of series.values()) l.sort((a, b) => (a.figure.asOf < b.figure.asOf ? 1 : a.figure.asOf > b.figure.asOf ? -1 : a.figure.id.localeCompare(b.figure.id)));
  yield;

  const eventPos = new Map(events.map((d) => [d.event.id, d.i]));
  for (const d of figures) {
    for (const t of d.terms) addPost(post.figTerms, t, d.i);
    // unit and kind words, and (one source says "megadeal", another "combined company") the series' terms — besides
    // its own terms, which figTerms holds (a figure is in at most one of the two lists of a term)
    for (const t of new Set([...figExtra[d.i], ...seriesTerms.get(d.series)!])) if (!d.terms.has(t)) addPost(post.figOwn, t, d.i);
    for (const t of new Set([...d.terms, ...figExtra[d.i]])) if (METRIC_TERMS.has(t)) addPost(post.figMeasure, t, d.i);
    for (const c of d.companies.length ? d.companies : ['']) addPost(post.figCompany, c, d.i);
    for (const o of d.others) addPost(post.figOthers, o, d.i);
    const asOf = periodOfDate(d.rec.figure.asOf);
    const years = new Set<number>([yearOf(asOf.start), yearOf(asOf.end)]);
    // (a period of a century or more is listed under -1: every period touches it)
    for (const p of [d.period, d.mentioned]) if (p) for (let y = yearOf(p.start); y <= yearOf(p.end); y++) if (yearOf(p.end) - yearOf(p.start) < 100) years.add(y); else years.add(-1);
    for (const y of [...years].sort((a, b) => a - b)) addPost(post.figYear, y, d.i);
    const e = eventPos.get(d.rec.event.id);
    if (e !== undefined) {
      post.figEvent[d.i] = e;
      post.evFigStart[e + 1]++;
    }
    if ((d.i & 63) === 63) yield;
  }
  // each event's figures are one range of positions (see evFigStart): counted above, summed here, then checked
  for (let e = 0; e < events.length; e++) post.evFigStart[e + 1] += post.evFigStart[e];
  for (const d of figures) {
    const e = post.figEvent[d.i];
    if (e < 0 || d.i < post.evFigStart[e] || d.i >= post.evFigStart[e + 1]) throw new Error(`figure ${d.rec.figure.id} is not listed with its event's other figures`);
  }
  yield;
  for (const d of events) {
    for (let y = yearOf(d.period.start); y <= yearOf(d.period.end); y++) addPost(post.evYear, y, d.i);
    for (const c of d.companies.length ? d.companies : ['']) addPost(post.evCompany, c, d.i);
    for (const o of d.others) addPost(post.evOthers, o, d.i);
  }

  // lists grown by push keep up to half their length again as room to grow; a copy keeps none (the index at 10,000
  // events: 62.2 → 58.8 MB)
  for (const m of [post.figTerms, post.figOwn, post.evTitle, post.evSummary, post.figMeasure, post.people, post.peopleInText, post.evYear, post.figYear, post.figCompany, post.evCompany, post.figOthers, post.evOthers, post.evNumbers, post.evTitleNumbers] as Map<unknown, number[]>[]) {
    let lists = 0;
    for (const [k, l] of m) {
      if (l.length > 1) m.set(k, l.slice());
      if ((++lists & 255) === 0) yield;
    }
    yield;
  }
  const stems = new Set([...vocab].map(stem));
  yield;
  for (const d of figures) {
    addAll(known, d.terms);
    addAll(known, figExtra[d.i]);
  }

  return {
    timeline,
    figures,
    events,
    figIdf: fi.map,
    evIdf: ei.map,
    figMaxIdf: fi.max,
    evMaxIdf: ei.max,
    vocab,
    stems,
    known,
    vocabByLen,
    newestMonth: events.length ? Math.max(...events.map((d) => d.period.end)) : 0,
    series,
    post,
  };
}


/** Sets each figure's `rank`: its place by statement date, newest first (ties: position). */
function rankByAsOf(figures: FigureDoc[]): void {
  const order = figures.map((d) => d.i);
  order.sort((a, b) => {
    const x = figures[a].rec.figure.asOf;
    const y = figures[b].rec.figure.asOf;
    return x < y ? 1 : x > y ? -1 : a - b;
  });
  order.forEach((i, r) => (figures[i].rank = r));
}

