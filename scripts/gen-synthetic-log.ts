/**
 * Synthetic event logs for benchmarks (`npm run bench` generates them on demand).
 *
 *   npx tsx scripts/gen-synthetic-log.ts [--n 1000,10000] [--seed 7] [--out bench/data]
 *
 * Writes `bench/data/events-<N>.json` (git-ignored). Deterministic: the same N and seed always give
 * the same file. Every log passes `validateLog` (the same checks as `npm run check-data`).
 *
 * The text is assembled from the real log (data/events.json), so search indexes see realistic words,
 * lengths and numbers:
 *  - each synthetic event starts from a real event (its topics, companies, status, figures and
 *    sources as templates); Honda and Nissan are swapped in a quarter of them;
 *  - titles are the template's title or a splice of two real titles at a clause boundary
 *    ("Nissan forecasts a full-year net loss" + "and widens Re:Nissan to 20,000 job cuts");
 *  - summaries are the template's sentences plus sentences from other real summaries;
 *  - years are shifted to the synthetic event's year, amounts and percentages jittered (±40%);
 *  - dates are spread over the years (about 275 events a year at 10,000, so a figure series — same
 *    metric, company and period — holds a few revisions, as in the real log), mostly to the day, some
 *    to the month or the year only;
 *  - figures copy the template's metric, unit, scale, kind and qualifier, with the period moved to the
 *    event's year (or month; a period without a year gets the event's year in brackets), a jittered
 *    value, and one of the event's sources.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Event, EventLog, Figure, Source } from '../src/timeline/schema.js';
import { validateLog, formatProblems } from '../src/timeline/validate.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SYNTHETIC_DIR = resolve(ROOT, 'bench/data');
export const DEFAULT_SEED = 20260301;

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(list: readonly T[], r: Rand): T => list[Math.floor(r() * list.length)];
const int = (lo: number, hi: number, r: Rand) => lo + Math.floor(r() * (hi - lo + 1));

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function slug(s: string, maxWords = 6): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, maxWords)
    .join('-');
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DAY = 86_400_000;

// ── text transforms ────────────────────────────────────────────────────────────────────────────

interface Variation {
  /** Added to every year 2000–2039 in the text. */
  yearShift: number;
  /** Swap Honda and Nissan. */
  swap: boolean;
  r: Rand;
}

function swapCompanies(s: string): string {
  return s.replace(/\b(Honda|Nissan|honda|nissan)\b/g, (m) => ({ Honda: 'Nissan', Nissan: 'Honda', honda: 'nissan', nissan: 'honda' })[m]!);
}

function shiftYears(s: string, shift: number): string {
  if (!shift) return s;
  return s.replace(/(?<![\d.]|\d,)(20[0-3]\d)(?!\d|,\d)/g, (y) => String(Number(y) + shift));
}

/** Jitter a number written as in the source ("670.9", "20,000", "15"), keeping its shape. */
function jitterNumber(raw: string, r: Rand): string {
  const plain = raw.replace(/,/g, '');
  const n = Number(plain);
  if (!Number.isFinite(n) || n === 0) return raw;
  const decimals = plain.includes('.') ? plain.split('.')[1].length : 0;
  let v = n * (0.6 + r() * 0.8);
  v = decimals ? Number(v.toFixed(decimals)) : Math.max(1, Math.round(v));
  const text = decimals ? v.toFixed(decimals) : String(v);
  return raw.includes(',') ? Number(text).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }) : text;
}

/** Amounts (¥/$ … billion), percentages and comma-grouped counts get new values; other numbers stay. */
function jitterAmounts(s: string, r: Rand): string {
  return s
    .replace(/([¥$])(\d[\d,]*(?:\.\d+)?)/g, (_m, cur: string, n: string) => cur + jitterNumber(n, r))
    .replace(/(?<![\d.,¥$])(\d+(?:\.\d+)?)(?=%)/g, (n) => jitterNumber(n, r))
    .replace(/(?<![\d.,¥$])(\d{1,3}(?:,\d{3})+)(?![\d,])/g, (n) => jitterNumber(n, r));
}

function vary(s: string, v: Variation): string {
  let out = shiftYears(s, v.yearShift);
  if (v.swap) out = swapCompanies(out);
  return jitterAmounts(out, v.r);
}

function sentences(summary: string): string[] {
  return summary.split(/(?<=[.!?])\s+(?=[A-Z¥$0-9“"])/).filter(Boolean);
}

/** Clause boundaries where two titles can be spliced. */
const SPLIT = /( and | as | after | on | while | but |; |, )/;

function splice(a: string, b: string, r: Rand): string {
  const pa = a.split(SPLIT);
  const pb = b.split(SPLIT);
  if (pa.length < 3 || pb.length < 3) return a;
  const headEnd = 1 + 2 * Math.floor(r() * ((pa.length - 1) / 2)); // index of a separator in pa
  const tailStart = 1 + 2 * Math.floor(r() * ((pb.length - 1) / 2)); // index of a separator in pb
  return [...pa.slice(0, headEnd), pb[tailStart], ...pb.slice(tailStart + 1)].join('').trim();
}

// ── periods ────────────────────────────────────────────────────────────────────────────────────

/**
 * The template figure's period moved to the synthetic event: fiscal years and plain years by the year
 * shift; month-named periods to the event's month; quarters and halves to the event's year.
 */
function movePeriod(period: string, v: Variation, eventDate: string): string {
  const [y, m] = eventDate.split('-').map(Number);
  const mon = MONTHS[(m || 1) - 1];
  if (/^(as of |from |end of |before )?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$/.test(period) && m) {
    return period.replace(/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$/, `${mon} ${y}`);
  }
  if (/^\d{4}-\d{2}-\d{2}( morning)?$/.test(period) && eventDate.length === 10) return period.replace(/^\d{4}-\d{2}-\d{2}/, eventDate);
  const moved = shiftYears(period, v.yearShift);
  // "restructuring plan", "annual": tie it to the event's year, or one series would span every year
  return /\d{4}/.test(moved) ? moved : `${moved} (${y})`;
}

// ── the generator ──────────────────────────────────────────────────────────────────────────────

interface Host {
  publisher: string;
  host: string;
  titles: string[];
}

export interface GenerateOptions {
  seed?: number;
  /** The real log to take the vocabulary from. */
  base?: EventLog;
  /** First year covered (default: about 275 events a year, ending in the real log's last year). */
  fromYear?: number;
}

export function loadBaseLog(path = resolve(ROOT, 'data/events.json')): EventLog {
  return JSON.parse(readFileSync(path, 'utf8')) as EventLog;
}

export function generateLog(n: number, opts: GenerateOptions = {}): EventLog {
  const base = opts.base ?? loadBaseLog();
  const r = rng((opts.seed ?? DEFAULT_SEED) ^ n);
  const templates = base.events;
  const lastYear = Number(templates[templates.length - 1].date.slice(0, 4));
  const years = Math.max(2, Math.round(n / 275));
  const fromYear = opts.fromYear ?? lastYear - years + 1;
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(lastYear, 4, 31);

  const hosts = new Map<string, Host>();
  for (const e of templates) {
    for (const s of e.sources) {
      const h = hosts.get(s.publisher) ?? { publisher: s.publisher, host: new URL(s.url).host, titles: [] };
      h.titles.push(s.title);
      hosts.set(s.publisher, h);
    }
  }
  const hostList = [...hosts.values()];
  const allSentences = templates.flatMap((e) => sentences(e.summary));
  const allTitles = templates.map((e) => e.title);

  // Dates first (sorted), so ids, years and periods follow from them.
  const days = Array.from({ length: n }, () => start + Math.floor(r() * ((end - start) / DAY + 1)) * DAY).sort((a, b) => a - b);
  const dates = days.map((ms) => {
    const d = isoDay(ms);
    const p = r();
    return p < 0.02 ? d.slice(0, 4) : p < 0.1 ? d.slice(0, 7) : d;
  });
  // A truncated date sorts before the full dates inside it; keep the file in date order.
  dates.sort();

  const events: Event[] = [];
  const figureIds = new Set<string>();
  for (let i = 0; i < n; i++) {
    const date = dates[i];
    const year = Number(date.slice(0, 4));
    const t = pick(templates, r);
    const v: Variation = { yearShift: year - Number(t.date.slice(0, 4)), swap: r() < 0.25, r };
    const title = vary(r() < 0.6 ? t.title : splice(t.title, pick(allTitles, r), r), v).slice(0, 256);
    const own = sentences(t.summary).map((s) => vary(s, v));
    const extra = Array.from({ length: int(0, 2, r) }, () => vary(pick(allSentences, r), v));
    let summary = '';
    for (const s of [...own, ...extra]) {
      if (summary.length + s.length + 1 > 1500) break;
      summary = summary ? `${summary} ${s}` : s;
    }
    const companies = v.swap ? [...new Set(t.companies.map(swapCompanies))] : [...t.companies];
    const id = `${date}-${slug(title, 5)}-${i.toString(36)}`.slice(0, 100).replace(/-+$/, '');

    // Sources: 1–4 publishers, dated on the event's day or within a few days after it.
    const nSources = Math.max(1, Math.min(4, t.sources.length + int(-1, 1, r)));
    const firstDay = date.length === 10 ? Date.parse(`${date}T00:00:00Z`) : date.length === 7 ? Date.parse(`${date}-01T00:00:00Z`) : Date.parse(`${date}-01-01T00:00:00Z`);
    const sources: Source[] = [];
    const usedHosts = new Set<string>();
    for (let k = 0; k < nSources; k++) {
      let h = pick(hostList, r);
      for (let tries = 0; usedHosts.has(h.host) && tries < 5; tries++) h = pick(hostList, r);
      usedHosts.add(h.host);
      const within = date.length === 10 ? int(0, 3, r) : date.length === 7 ? int(0, 27, r) : int(0, 330, r);
      const sd = isoDay(firstDay + within * DAY);
      sources.push({
        publisher: h.publisher,
        title: k === 0 && r() < 0.5 ? title : vary(pick(h.titles, r), v).slice(0, 200),
        url: `https://${h.host}/${sd.slice(0, 4)}/${sd.slice(5, 7)}/${slug(title, 7)}-${i.toString(36)}-${k}`,
        date: r() < 0.1 ? sd.slice(0, 7) : sd,
      });
    }

    const figures: Figure[] = t.figures.map((f, k) => {
      const company = f.company === '—' ? '—' : v.swap ? swapCompanies(f.company) : f.company;
      let fid = `${slug(v.swap ? swapCompanies(f.id) : f.id, 8)}-${i.toString(36)}-${k}`.slice(0, 100).replace(/-+$/, '');
      while (figureIds.has(fid)) fid = `${fid.slice(0, 95)}-x`;
      figureIds.add(fid);
      const value = Number(jitterNumber(String(Math.abs(f.value)), r).replace(/,/g, '')) * Math.sign(f.value || 1);
      const src = sources[k % sources.length];
      const fig: Figure = {
        id: fid,
        label: vary(f.label, v).slice(0, 200),
        value,
        unit: f.unit,
        period: movePeriod(f.period, v, date),
        company: company === '—' || companies.includes(company) ? company : '—',
        metric: f.metric,
        asOf: src.date,
        source: src.url,
      };
      if (f.valueHigh !== undefined) fig.valueHigh = Math.max(value + 1, Number((value + (f.valueHigh - f.value) * (0.6 + r() * 0.8)).toFixed(2)));
      if (f.qualifier) fig.qualifier = f.qualifier;
      if (f.scale) fig.scale = f.scale;
      if (f.kind) fig.kind = f.kind;
      if (f.status) fig.status = f.status;
      if (f.note && r() < 0.5) fig.note = vary(f.note, v);
      return fig;
    });

    const lastSource = sources.map((s) => s.date).sort().at(-1)!;
    const curated = isoDay(Date.parse(`${lastSource.length === 10 ? lastSource : `${lastSource}-28`}T00:00:00Z`) + int(0, 20, r) * DAY);
    const event: Event = {
      id,
      date,
      title,
      summary,
      status: t.status,
      companies,
      topics: [...t.topics],
      curated,
      figures,
      sources,
    };
    if (t.statusNote && r() < 0.5) event.statusNote = vary(t.statusNote, v);
    events.push(event);
  }
  return { events };
}

/** Generate, validate and write `events-<n>.json`; returns its path. Throws if the log does not validate. */
export function writeSyntheticLog(n: number, opts: GenerateOptions & { outDir?: string } = {}): string {
  const log = generateLog(n, opts);
  const check = validateLog(log);
  if (!check.ok) throw new Error(`synthetic log of ${n} events does not validate:\n${formatProblems(check.problems.slice(0, 20))}`);
  const dir = opts.outDir ?? SYNTHETIC_DIR;
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, `events-${n}.json`);
  writeFileSync(path, JSON.stringify({ $schema: '../../data/events.schema.json', ...log }, null, 2) + '\n');
  return path;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { n: { type: 'string', default: '1000,10000' }, seed: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  for (const raw of values.n!.split(',')) {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 1_000_000) {
      process.stderr.write(`--n must list whole numbers between 1 and 1000000 (got ${raw})\n`);
      process.exit(2);
    }
    const t0 = performance.now();
    const path = writeSyntheticLog(n, { seed: values.seed ? Number(values.seed) : undefined, outDir: values.out ? resolve(values.out) : undefined });
    const log = JSON.parse(readFileSync(path, 'utf8')) as EventLog;
    const figures = log.events.reduce((a, e) => a + e.figures.length, 0);
    process.stdout.write(`${path}: ${n} events, ${figures} figures, ${log.events[0].date} – ${log.events.at(-1)!.date} (${Math.round(performance.now() - t0)} ms, valid)\n`);
  }
}
