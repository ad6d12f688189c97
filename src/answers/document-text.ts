/**
 * Reading the log's documents for the index: text to canonical terms, the companies, other companies, places and
 * periods a label or an event names, and the lists many documents share. Pure.
 */
import { canonical, COMPANIES, IMPLIES, OTHER_COMPANIES } from './lexicon.js';
import { figurePeriod, readPeriods, type Period } from './periods.js';
import { foldText, stem, STOPWORDS, words } from './text.js';
import type { EventDoc } from './index-types.js';

/** Text → canonical content terms (stemmed, synonyms rewritten, stopwords dropped). */
export function analyze(text: string): string[] {
  return canonical(words(text).map(stem)).filter((t) => !STOPWORDS.has(t));
}

/** Like analyze, plus what the log's words imply (an operating-profit figure is also a "profit"). */
export function analyzeDoc(text: string, also?: Record<string, string[]>): string[] {
  const out = new Set(analyze(text));
  for (const t of [...out]) for (const i of [...(IMPLIES[t] ?? []), ...(also?.[t] ?? [])]) out.add(i);
  return [...out];
}

/** An event's raw folded words (unstemmed), read from its text when asked for (autocomplete, people's names). */
export function eventWords(d: EventDoc): { title: string[]; summary: string[] } {
  return { title: words(d.event.title), summary: words(d.event.summary) };
}

/** Many documents have no company, other company, place or number: they share one empty list or set. */
export const NO_STRINGS: string[] = Object.freeze([]) as unknown as string[];
export const NO_NUMBERS: ReadonlySet<number> = new Set();
const shared = new Map<string, string[]>();
export function sharedList(list: string[]): string[] {
  if (!list.length) return NO_STRINGS;
  const key = list.join('\u0000');
  let l = shared.get(key);
  if (!l) {
    if (shared.size > 5000) shared.clear();
    shared.set(key, (l = list));
  }
  return l;
}
export function numberSet(ws: string[]): ReadonlySet<number> {
  const ns = ws.filter((w) => /^\d+(\.\d+)?$/.test(w)).map(Number);
  return ns.length ? new Set(ns) : NO_NUMBERS;
}


/** Places and sites: a figure naming one is about that part of a company only ("Oppama plant workforce"). */
export const PLACES = new Set(
  analyze(
    'usa mexico japan china thailand canada europe asia africa india brazil france uk germany oppama canton mississippi yokohama kyushu shonan civac cuernavaca aguascalientes fukuoka kanagawa yokosuka ohio tennessee smyrna',
  ),
);

const COMPANY_ALIAS_RES = COMPANIES.map((c) => ({ key: c.key, res: c.aliases.map((a) => new RegExp(`\\b${a}\\b`)) }));
const companyCache = new Map<string, string[]>();

export function companyKeys(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    let keys = companyCache.get(n);
    if (!keys) {
      const f = foldText(n);
      keys = COMPANY_ALIAS_RES.filter((c) => c.res.some((re) => re.test(f))).map((c) => c.key);
      if (companyCache.size < 5000) companyCache.set(n, keys);
    }
    for (const k of keys) if (!out.includes(k)) out.push(k);
  }
  return out;
}

/** Period words repeat across figures ("FY ending Mar 2026"): read each distinct string once. */
const periodCache = new Map<string, Period | undefined>();
export function cachedFigurePeriod(words: string): Period | undefined {
  if (!periodCache.has(words)) {
    if (periodCache.size > 5000) periodCache.clear();
    periodCache.set(words, figurePeriod(words));
  }
  return periodCache.get(words);
}
const mentionCache = new Map<string, Period | undefined>();
export function mentionedPeriod(label: string): Period | undefined {
  if (!/\b(announced|as of|in|from)\s/i.test(label)) return undefined;
  if (!mentionCache.has(label)) {
    if (mentionCache.size > 5000) mentionCache.clear();
    mentionCache.set(label, readPeriods(label.replace(/^.*?\(/, '('), new Date(Date.UTC(2100, 0, 1))).all[0]);
  }
  return mentionCache.get(label);
}

const OTHER_ANY = new RegExp(`\\b(${OTHER_COMPANIES.map((o) => o.replace(/ /g, '\\s+')).join('|')})\\b`, 'g');
export function othersIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of foldText(text).matchAll(OTHER_ANY)) out.add(m[1].replace(/\s+/g, ' '));
  return [...out];
}


export function addAll<T>(set: Set<T>, items: Iterable<T>): Set<T> {
  for (const x of items) set.add(x);
  return set;
}


/** Words in a label that only say which period it covers ("first-half", "nine-month"): the period field carries that. */
export function stripPeriodWords(label: string): string {
  return label.replace(/\b(first|second|third|fourth)[\s-]+(half|quarter)\b|\bnine[\s-]+months?\b|\bfull[\s-]+year\b|\bin the (quarter|first half)\b|\b(this|next) fiscal year\b|\b(prior|previous) year\b|\byear earlier\b/gi, ' ');
}

export function unitWords(unit: string): string {
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
