/**
 * Varied, deterministic inputs for every benchmarked subcommand, drawn from the log being measured:
 * real ids, title and label words, the evaluation questions, filters over the log's own topics,
 * companies and years, and every keystroke of typed autocomplete queries.
 */
import type { CommandRequest } from '../src/core/dispatch.js';
import type { Timeline } from '../src/timeline/timeline.js';
import { encodeState, PAGE_SIZE } from '../commands/timeline.js';
import { PERIODS } from '../commands/recap.js';
import { loadQuestions } from '../scripts/eval.js';
import { pick, rng } from './lib.js';

export interface AutocompleteInput {
  name: 'event' | 'figure';
  option: string;
  value: string;
}

export interface Inputs {
  latest: CommandRequest[];
  /** `/nissan-honda timeline` with filters (opens on the last page). */
  timeline: CommandRequest[];
  /** Previous/Next button ids (`tl:<page>|…`), answered through runAction. */
  timelinePage: string[];
  event: CommandRequest[];
  figure: CommandRequest[];
  ask: CommandRequest[];
  recap: CommandRequest[];
  autocompleteEvent: AutocompleteInput[];
  autocompleteFigure: AutocompleteInput[];
}

const words = (s: string) => s.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 1);

/** Every prefix of a typed phrase, as Discord sends one autocomplete request per keystroke. */
function keystrokes(phrase: string): string[] {
  const out: string[] = [];
  for (let i = 1; i <= phrase.length; i++) if (phrase[i - 1] !== ' ') out.push(phrase.slice(0, i));
  return out;
}

function shuffle<T>(list: T[], r: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

export function buildInputs(timeline: Timeline, count = 2000, seed = 20260601): Inputs {
  const r = rng(seed);
  const events = timeline.events;
  const figures = timeline.figures;
  const years = [...new Set(events.map((e) => e.date.slice(0, 4)))];
  const months = [...new Set(events.map((e) => e.date.slice(0, 7)).filter((d) => d.length === 7))];
  const questions = loadQuestions().map((q) => q.question);
  const figureQuestions = loadQuestions()
    .filter((q) => q.kind === 'figure')
    .map((q) => q.question);
  const n = (k: number) => Array.from({ length: k }, (_, i) => i);

  const latest = n(count).map(() => ({ name: 'latest', args: r() < 0.3 ? {} : { count: 1 + Math.floor(r() * 10) } }));

  const filter = () => {
    const p = r();
    if (p < 0.3) return {};
    if (p < 0.5) return { topic: pick(timeline.topics, r) };
    if (p < 0.7) return { company: pick(timeline.companies, r) };
    if (p < 0.85) {
      const a = pick(months, r);
      const b = pick(months, r);
      return a <= b ? { from: a, to: b } : { from: b, to: a };
    }
    return { topic: pick(timeline.topics, r), from: pick(years, r) };
  };
  const timelineReqs = n(count).map(() => ({ name: 'timeline', args: filter() as Record<string, unknown> }));
  const pages = Math.ceil(events.length / PAGE_SIZE);
  const timelinePage = n(count).map(() => {
    const f = r() < 0.6 ? {} : (filter() as { topic?: string; company?: string; from?: string; to?: string });
    const page = Object.keys(f).length ? Math.floor(r() * 20) : Math.floor(r() * pages);
    return encodeState({ page, ...f });
  });

  const event = n(count).map(() => {
    const e = pick(events, r);
    if (r() < 0.7) return { name: 'event', args: { id: e.id } };
    return { name: 'event', args: { id: words(e.title).slice(0, 2 + Math.floor(r() * 3)).join(' ') } };
  });

  const figure = n(count).map(() => {
    const f = pick(figures, r).figure;
    const p = r();
    if (p < 0.6) return { name: 'figure', args: { query: f.id } };
    if (p < 0.8) return { name: 'figure', args: { query: pick(figureQuestions, r).slice(0, 100) } };
    return { name: 'figure', args: { query: [f.company === '—' ? '' : f.company, ...words(f.label).slice(0, 3)].join(' ').trim() } };
  });

  const ask = shuffle([...questions, ...questions, ...questions, ...questions, ...questions], r)
    .slice(0, count)
    .map((question) => ({ name: 'ask', args: { question } }));

  const recap = n(count).map(() => {
    if (r() < 0.6) return { name: 'recap', args: r() < 0.2 ? {} : { period: pick(PERIODS, r).value } };
    const a = pick(months, r);
    const b = pick(months, r);
    return { name: 'recap', args: a <= b ? { from: a, to: b } : { from: b, to: a } };
  });

  const typed = (phrases: () => string, name: 'event' | 'figure', option: string): AutocompleteInput[] => {
    const out: AutocompleteInput[] = [{ name, option, value: '' }];
    while (out.length < count) for (const value of keystrokes(phrases())) out.push({ name, option, value });
    return shuffle(out.slice(0, count), r);
  };
  const autocompleteEvent = typed(
    () => {
      const e = pick(events, r);
      const ws = words(e.title);
      const start = Math.floor(r() * Math.max(1, ws.length - 2));
      return ws.slice(start, start + 1 + Math.floor(r() * 3)).join(' ');
    },
    'event',
    'id',
  );
  const autocompleteFigure = typed(
    () => {
      const f = pick(figures, r).figure;
      const ws = [...(f.company === '—' ? [] : words(f.company).slice(0, 1)), ...words(f.label).filter((w) => !words(f.company).includes(w))];
      return ws.slice(0, 1 + Math.floor(r() * 3)).join(' ');
    },
    'figure',
    'query',
  );

  return { latest, timeline: timelineReqs, timelinePage, event, figure, ask, recap, autocompleteEvent, autocompleteFigure };
}

/** A request as a console line (`/nissan-honda figure query:"…"`), for the console process. */
export function toTextCommand(req: CommandRequest): string {
  const parts = [`/nissan-honda ${req.name}`];
  for (const [k, v] of Object.entries(req.args)) {
    if (v === undefined) continue;
    const s = String(v).replace(/["“”]/g, '');
    parts.push(/\s/.test(s) ? `${k}:"${s}"` : `${k}:${s}`);
  }
  return parts.join(' ');
}
