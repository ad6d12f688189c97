/**
 * The log in Japanese: data/events.ja.json holds a `ja` title and summary per event id and a `ja` label per figure id,
 * kept apart from data/events.json so the two files are edited independently. Loaded and validated with zod; checked
 * against the log by `checkJapanese` (missing or stray entries, and yen amounts the English log does not state). Pure
 * apart from `loadJaLogFile`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Slug, type Event } from '../../timeline/schema.js';
import { scaled } from './format.js';

export const JaEvent = z.strictObject({ title: z.string().min(1).max(200), summary: z.string().min(1).max(2000) });
export const JaLog = z.strictObject({
  events: z.record(Slug, JaEvent),
  figures: z.record(Slug, z.string().min(1).max(200)),
});
export type JaLog = z.infer<typeof JaLog>;

export const DEFAULT_JA_LOG_PATH = resolve(fileURLToPath(import.meta.url), '../../../../data/events.ja.json');

export type JaLogResult = { ok: true; log: JaLog } | { ok: false; error: string };

/** Read and validate a Japanese log file; a broken file is reported, never half-used. */
export function loadJaLogFile(path = DEFAULT_JA_LOG_PATH): JaLogResult {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return { ok: false, error: `${path}: ${(err as Error).message}` };
  }
  const parsed = JaLog.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  return { ok: true, log: parsed.data };
}

let cached: JaLog | undefined;
/** The Japanese log for replies, read once; an empty log when the file is missing or broken (replies fall back to English texts). */
export function jaLog(): JaLog {
  if (!cached) {
    const r = loadJaLogFile();
    cached = r.ok ? r.log : { events: {}, figures: {} };
  }
  return cached;
}

const ZEROS: Record<string, number> = { thousand: 3, million: 6, billion: 9, trillion: 12 };

/** Exact yen amounts (decimal strings) an event states: its figures' values and every ¥ amount in its English text. */
function statedYen(e: Event): Set<string> {
  const out = new Set<string>();
  for (const f of e.figures) {
    if (f.unit !== 'JPY' && f.unit !== 'yen-per-usd') continue;
    const z = f.unit === 'JPY' && f.scale ? ZEROS[f.scale] : 0;
    out.add(scaled(f.value, z));
    if (f.valueHigh !== undefined) out.add(scaled(f.valueHigh, z));
  }
  for (const m of `${e.title} ${e.summary}`.matchAll(/¥([\d,]+(?:\.\d+)?)(?:[–-]([\d,]+(?:\.\d+)?))?(?:\s*(thousand|million|billion|trillion))?/g)) {
    const z = m[3] ? ZEROS[m[3]] : 0;
    out.add(scaled(Number(m[1].replace(/,/g, '')), z));
    if (m[2]) out.add(scaled(Number(m[2].replace(/,/g, '')), z));
  }
  return out;
}

const MYRIAD = '(?:\\d[\\d,]*(?:\\.\\d+)?[兆億万]?)+';
const JA_YEN = new RegExp(`(${MYRIAD})(?:〜(${MYRIAD}))?円`, 'g');

/** "1兆1,000億" → "1100000000000" (exact). */
export function readMyriad(text: string): string {
  let total = 0n;
  for (const m of text.matchAll(/(\d[\d,]*)(?:\.(\d+))?(兆|億|万)?/g)) {
    const zeros = m[3] === '兆' ? 12 : m[3] === '億' ? 8 : m[3] === '万' ? 4 : 0;
    const frac = (m[2] ?? '').slice(0, zeros);
    total += BigInt(m[1].replace(/,/g, '') + frac.padEnd(zeros, '0'));
  }
  return total.toString();
}

/**
 * Problems with the Japanese log against the English one, one line each (empty when complete): events without a
 * Japanese title or summary, figures without a Japanese label, entries for ids the log does not hold, and yen amounts
 * in a Japanese text that its event does not state (a figure is never changed in translation).
 */
export function checkJapanese(events: readonly Event[], ja: JaLog): string[] {
  const problems: string[] = [];
  const eventIds = new Set(events.map((e) => e.id));
  const figureIds = new Set(events.flatMap((e) => e.figures.map((f) => f.id)));
  for (const e of events) {
    const t = ja.events[e.id];
    if (!t) problems.push(`event ${e.id}: no Japanese title and summary in data/events.ja.json`);
    for (const f of e.figures) if (!ja.figures[f.id]) problems.push(`figure ${f.id} (event ${e.id}): no Japanese label in data/events.ja.json`);
    if (!t) continue;
    const stated = statedYen(e);
    for (const m of `${t.title} ${t.summary}`.matchAll(JA_YEN)) {
      for (const amount of [m[1], m[2]].filter(Boolean)) {
        const yen = readMyriad(amount);
        if (!stated.has(yen)) problems.push(`event ${e.id}: the Japanese text says ${amount}円, an amount the event does not state`);
      }
    }
  }
  for (const id of Object.keys(ja.events)) if (!eventIds.has(id)) problems.push(`data/events.ja.json: event ${id} is not in the log`);
  for (const id of Object.keys(ja.figures)) if (!figureIds.has(id)) problems.push(`data/events.ja.json: figure ${id} is not in the log`);
  return problems;
}

/** For `npm run check-data`: the Japanese log's problems against these events (a broken file is one problem). */
export function japaneseProblems(events: readonly Event[], path = DEFAULT_JA_LOG_PATH): string[] {
  const r = loadJaLogFile(path);
  return r.ok ? checkJapanese(events, r.log) : [r.error];
}
