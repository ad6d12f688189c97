/**
 * Ranked autocomplete for `figure` and `event`. Pure and fast: the word indexes are built once per
 * Timeline (WeakMap cache) and a lookup only walks sorted vocabularies and posting lists.
 *
 * Events:  exact id > title prefix > all words in the title > all words in title or summary.
 * Figures: exact id > label prefix > all words in label/company/period > all words with the event's title.
 * Within a tier, newest first. Synonyms count as matches ("layoffs" finds "job cuts").
 * Empty query: the newest events; for figures, the series people ask about most (revised or disputed
 * figures first), newest first.
 */
import type { Choice } from '../core/command.js';
import type { FigureRecord, Timeline } from '../timeline/timeline.js';
import { formatDate } from '../timeline/dates.js';
import { formatValue } from '../replies/format.js';
import { truncate } from '../replies/reply.js';
import { canonical } from './lexicon.js';
import { indexOf, prepareIndex } from './search-index.js';
import { runInSlices, runNow, type SliceOptions, type Steps } from '../core/slices.js';
import { foldText, stem, words } from './text.js';

const MAX = 25;

/**
 * Work done by lookups (index entries visited), for tests: speed is asserted as work per lookup, which does
 * not depend on the machine or its load; wall-clock timing is left to `npm run bench`.
 */
let visited = 0;
let builds = 0;
export function autocompleteWork(): { visited: number; builds: number } {
  return { visited, builds };
}

interface Item {
  /** Choice value (event id / figure id). */
  id: string;
  /** Folded display text used for prefix matching. */
  name: string;
}

/**
 * Each word's items, for every word of a level in one byte array: the words sorted, word k's items (ascending) in
 * `bytes[start[k]]` up to `bytes[start[k + 1]]`, each written as its distance from the one before (the first: from
 * -1) in 7-bit groups, low group first, the high bit set on every group but the last. A prefix is a range of words,
 * read without a lookup per word. Most distances take one byte: at 10,000 events the index's arrays take 5.9 MB,
 * against 19.2 MB when each entry took 4 bytes; and there is no object per word.
 */
interface Postings {
  words: string[];
  start: Int32Array;
  bytes: Uint8Array;
}

function* postingsOf(map: Map<string, number[]>): Steps<Postings> {
  const words = [...map.keys()].sort();
  yield;
  const start = new Int32Array(words.length + 1);
  // measured first (no output), then written where each word starts
  for (let k = 0; k < words.length; k++) {
    start[k + 1] = putDistances(map.get(words[k])!, start[k]);
    if ((k & 1023) === 1023) yield;
  }
  const bytes = new Uint8Array(start[words.length]);
  for (let k = 0; k < words.length; k++) {
    putDistances(map.get(words[k])!, start[k], bytes);
    if ((k & 1023) === 1023) yield;
  }
  return { words, start, bytes };
}

/** Writes an ascending list as distances (see Postings) into `out` from `at`, or only measures it without `out`; returns the end. */
function putDistances(list: readonly number[], at: number, out?: Uint8Array): number {
  let prev = -1;
  for (const i of list) {
    let d = i - prev;
    for (; d >= 128; d >>>= 7) {
      if (out) out[at] = (d & 127) | 128;
      at++;
    }
    if (out) out[at] = d;
    at++;
    prev = i;
  }
  return at;
}

/** A word → items index with two levels (primary words, secondary words) and sorted names. */
class PrefixIndex {
  /** Item positions in the order of their names. */
  readonly byName: Int32Array;

  /** Builds the index of `items`, yielding every 16 items and between its steps (see core/slices.ts). */
  static *build(items: Item[], primary: (i: number) => string[], secondary: (i: number) => string[]): Steps<PrefixIndex> {
    const post1 = new Map<string, number[]>();
    const post2 = new Map<string, number[]>();
    const byId = new Map<string, number>();
    for (let i = 0; i < items.length; i++) {
      byId.set(items[i].id, i);
      const p = new Set(primary(i));
      for (const w of p) push(post1, w, i);
      for (const w of new Set([...p, ...secondary(i)])) push(post2, w, i);
      if ((i & 15) === 15) yield;
    }
    const level1 = yield* postingsOf(post1);
    const level2 = yield* postingsOf(post2);
    yield;
    return new PrefixIndex(items, level1, level2, byId);
  }

  private constructor(
    readonly items: Item[],
    readonly level1: Postings,
    readonly level2: Postings,
    readonly byId: Map<string, number>,
  ) {
    this.byName = Int32Array.from(items.keys()).sort((a, b) => (items[a].name < items[b].name ? -1 : items[a].name > items[b].name ? 1 : a - b));
    const n = items.length;
    this.takenGen = new Int32Array(n);
    this.markGen = new Int32Array(n);
    this.countGen = new Int32Array(n);
    this.count = new Uint16Array(n);
    this.lastWord = new Int16Array(n);
  }

  // scratch buffers reused by every lookup (no per-call allocation, so no GC pauses on the hot path)
  private gen = 0;
  private readonly takenGen: Int32Array;
  private readonly markGen: Int32Array;
  private readonly countGen: Int32Array;
  private readonly count: Uint16Array;
  private readonly lastWord: Int16Array;

  /** Items (positions) ranked by tier, then by position descending (items are stored oldest first). */
  search(query: string, limit = MAX): number[] {
    const out: number[] = [];
    const taken = ++this.gen;
    const take = (i: number) => {
      if (this.takenGen[i] !== taken && out.length < limit) {
        this.takenGen[i] = taken;
        out.push(i);
      }
    };
    const q = foldText(query).trim();
    const exact = this.byId.get(q);
    if (exact !== undefined) take(exact);
    if (!q) return out;
    // name prefix: the names starting with the query are one range of the sorted names (found by two binary searches);
    // a few are sorted newest first; more are marked, then taken newest first (no sort of a possibly large range);
    // most of the names ("nissan" on a large log): the newest items are read until enough start with the query
    const lo = this.nameBound(q);
    const hi = this.nameBound(`${q}\uffff`);
    const n = this.items.length;
    if (hi - lo <= 64) {
      const pre: number[] = [];
      for (let k = lo; k < hi; k++) pre.push(this.byName[k]);
      visited += hi - lo;
      pre.sort((a, b) => b - a).forEach(take);
    } else if ((hi - lo) * (hi - lo) > limit * n) {
      let i = n - 1;
      for (; i >= 0 && out.length < limit; i--) if (this.items[i].name.startsWith(q)) take(i);
      visited += n - 1 - i;
    } else {
      const mark = ++this.gen;
      for (let k = lo; k < hi; k++) this.markGen[this.byName[k]] = mark;
      let i = n - 1;
      for (; i >= 0 && out.length < limit; i--) if (this.markGen[i] === mark) take(i);
      visited += hi - lo + (n - 1 - i);
    }
    if (out.length >= limit) return out;
    const qw = words(q).slice(0, 8);
    if (!qw.length) return out;
    for (const level of [this.level1, this.level2]) {
      const g = this.allWords(qw, level);
      let i = this.items.length - 1;
      for (; i >= 0 && out.length < limit; i--) if (this.countGen[i] === g && this.count[i] === qw.length) take(i);
      visited += this.items.length - 1 - i;
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Count, for each item, how many query words it matches (prefix or synonym); returns the generation stamped. */
  private allWords(qw: string[], level: Postings): number {
    const g = ++this.gen;
    const { countGen, count, lastWord } = this;
    const { words, start, bytes } = level;
    qw.forEach((w, wi) => {
      const mark = (k: number) => {
        for (let x = start[k], end = start[k + 1], i = -1; x < end; ) {
          let b = bytes[x++];
          let d = b & 127;
          for (let shift = 7; b & 128; shift += 7) {
            b = bytes[x++];
            d |= (b & 127) << shift;
          }
          i += d;
          visited++;
          if (countGen[i] !== g) {
            if (wi > 0) continue; // missed an earlier word: can never match all
            countGen[i] = g;
            count[i] = 0;
            lastWord[i] = -1;
          }
          if (lastWord[i] !== wi && count[i] === wi) {
            lastWord[i] = wi;
            count[i]++;
          }
        }
      };
      for (let k = lowerBound(words.length, (k) => words[k] < w); k < words.length && words[k].startsWith(w); k++) mark(k);
      // synonyms: the canonical word of a complete query word ("layoffs" → jobcut)
      const c = canonical([stem(w)])[0];
      if (c !== w) {
        const k = lowerBound(words.length, (m) => words[m] < `~${c}`);
        if (words[k] === `~${c}`) mark(k);
      }
    });
    return g;
  }

  /** The first position in name order whose name is not below `q`. */
  private nameBound(q: string): number {
    const { byName, items } = this;
    return lowerBound(byName.length, (k) => items[byName[k]].name < q);
  }
}

function push(m: Map<string, number[]>, w: string, i: number): void {
  const l = m.get(w);
  if (!l) m.set(w, [i]);
  else if (l[l.length - 1] !== i) l.push(i);
}

/** The first of positions 0…n-1 where `below` stops holding (it holds for a prefix of them): a binary search. */
function lowerBound(n: number, below: (k: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (below(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Raw words plus their canonical forms marked with "~" (so a synonym never prefix-matches by accident). */
function withCanonical(ws: string[]): string[] {
  const out = [...ws];
  for (const c of canonical(ws.map(stem))) out.push(`~${c}`);
  return out;
}

interface AcIndex {
  events: PrefixIndex;
  figures: PrefixIndex;
  /** Figure records in the order of `figures.items` (oldest statement first). */
  figureRecs: FigureRecord[];
  /** Default figure list (empty query). */
  popular: FigureRecord[];
  /** Figure id → series key. */
  seriesOf: Map<string, string>;
}

const cache = new WeakMap<Timeline, AcIndex>();

function acIndex(timeline: Timeline): AcIndex {
  let ac = cache.get(timeline);
  if (!ac) cache.set(timeline, (ac = runNow(buildAc(timeline))));
  return ac;
}

/**
 * Builds a Timeline's autocomplete index (and its answer index first, if need be) in slices, giving the event loop a
 * turn between them; then lookups have it at once. Rejects, caching nothing, when `signal` aborts.
 */
export async function prepareAutocomplete(timeline: Timeline, opts: SliceOptions = {}): Promise<void> {
  if (cache.has(timeline)) return;
  await prepareIndex(timeline, opts);
  const ac = await runInSlices(buildAc(timeline), opts);
  if (!cache.has(timeline)) cache.set(timeline, ac);
}

function* buildAc(timeline: Timeline): Steps<AcIndex> {
  builds++;
  const idx = indexOf(timeline);
  const evs = idx.events;
  const events = yield* PrefixIndex.build(
    evs.map((d) => ({ id: d.event.id, name: d.titleText })),
    (i) => withCanonical([...words(evs[i].event.title), ...evs[i].event.id.split('-')]),
    (i) => withCanonical(words(evs[i].event.summary)),
  );
  const recs = [...timeline.figures].sort((a, b) => (a.figure.asOf < b.figure.asOf ? -1 : a.figure.asOf > b.figure.asOf ? 1 : 0));
  // labels repeat (670 distinct among 39,970 figures at 10,000 events): each folded once, and kept once
  const foldedLabels = new Map<string, string>();
  const foldedLabel = (label: string) => foldedLabels.get(label) ?? foldedLabels.set(label, foldText(label)).get(label)!;
  // so do the texts a figure's words come from (an event's title, for each of its figures): each read once while building
  const wordsOfText = new Map<string, string[]>();
  const wordsOf = (text: string) => wordsOfText.get(text) ?? wordsOfText.set(text, withCanonical(words(text))).get(text)!;
  const figures = yield* PrefixIndex.build(
    recs.map((r) => ({ id: r.figure.id, name: foldedLabel(r.figure.label) })),
    (i) => wordsOf(`${recs[i].figure.label} ${recs[i].figure.company} ${recs[i].figure.period} ${recs[i].figure.metric.replace(/-/g, ' ')}`),
    (i) => wordsOf(`${recs[i].event.title} ${recs[i].figure.note ?? ''}`),
  );
  // empty query: one entry per series, revised/disputed series first, newest first
  const series = [...idx.series.values()];
  series.sort((a, b) => (b.length > 1 ? 1 : 0) - (a.length > 1 ? 1 : 0) || (a[0].figure.asOf < b[0].figure.asOf ? 1 : a[0].figure.asOf > b[0].figure.asOf ? -1 : 0));
  const popular = series.slice(0, MAX).map((s) => s[0]);
  const seriesOf = new Map(idx.figures.map((d) => [d.rec.figure.id, d.series]));
  return { events, figures, figureRecs: recs, popular, seriesOf };
}

const nameCache = new WeakMap<FigureRecord, string>();

/** "Honda tariff impact on operating profit — ¥385 billion · FY ending Mar 2026" (≤ 100 chars). */
export function figureChoiceName(r: FigureRecord): string {
  let name = nameCache.get(r);
  if (!name) {
    name = buildFigureChoiceName(r);
    nameCache.set(r, name);
  }
  return name;
}

function buildFigureChoiceName(r: FigureRecord): string {
  const tail = ` — ${formatValue(r.figure)} · ${r.figure.period}`;
  const label = r.figure.company !== '—' && !foldText(r.figure.label).includes(foldText(r.figure.company).split(' ')[0]) ? `${r.figure.company}: ${r.figure.label}` : r.figure.label;
  if (label.length + tail.length <= 100) return label + tail;
  return truncate(label, Math.max(40, 100 - tail.length)) + tail.slice(0, 100 - Math.min(label.length, Math.max(40, 100 - tail.length)));
}

export function eventChoiceName(e: { date: string; title: string }): string {
  return truncate(`${formatDate(e.date)} · ${e.title}`, 100);
}

/** Autocomplete for `/nissan-honda event id`: ≤ 25 choices, value = event id. */
export function eventChoices(timeline: Timeline, query: string): Choice[] {
  const ac = acIndex(timeline);
  const q = (query ?? '').slice(0, 100);
  if (!q.trim()) return timeline.newest(MAX).map((e) => ({ name: eventChoiceName(e), value: e.id }));
  return ac.events.search(q).map((i) => {
    const e = timeline.events[i];
    return { name: eventChoiceName(e), value: e.id };
  });
}

/** Autocomplete for `/nissan-honda figure query`: ≤ 25 choices (one per series), value = figure id. */
export function figureChoices(timeline: Timeline, query: string): Choice[] {
  const ac = acIndex(timeline);
  const idx = indexOf(timeline);
  const q = (query ?? '').slice(0, 100);
  const recs = q.trim() ? ac.figures.search(q, MAX * 3).map((i) => ac.figureRecs[i]) : ac.popular;
  const out: Choice[] = [];
  const seen = new Set<string>();
  const folded = foldText(q).trim();
  for (const r of recs) {
    const key = ac.seriesOf.get(r.figure.id) ?? r.figure.id;
    if (seen.has(key)) continue;
    seen.add(key);
    // an exact id keeps its own figure; otherwise the series' latest statement
    const shown = folded === r.figure.id ? r : (idx.series.get(key)?.[0] ?? r);
    out.push({ name: figureChoiceName(shown), value: shown.figure.id });
    if (out.length >= MAX) break;
  }
  return out;
}
