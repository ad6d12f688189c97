/**
 * Autocomplete in Japanese: Japanese typing is read into the engine's words (the English search finds the records)
 * and, for a ja locale, each choice is named with the Japanese title or label. Values (ids) are unchanged. Pure.
 */
import { eventChoices, figureChoices } from '../../answers/index.js';
import type { Choice } from '../../core/command.js';
import { truncate } from '../../replies/reply.js';
import type { Timeline } from '../../timeline/timeline.js';
import type { Locale } from '../catalogue.js';
import { formatDateJa, formatValueJa, periodJa } from './format.js';
import { jaLog } from './log.js';
import { isJapanese, readJapanese } from './question.js';

/** The search words for typed text: Japanese is read into English words (without the kind of question). */
export function searchWords(value: string): string {
  if (!isJapanese(value)) return value;
  return readJapanese(value).english.replace(/\?$/, '').replace(/^(when (did|will)|how (much|many)|what (percentage|happened)|who|why|will)\s*/, '');
}

export function localisedEventChoices(timeline: Timeline, value: string, locale: Locale | undefined): Choice[] {
  const choices = eventChoices(timeline, searchWords(value));
  if (locale !== 'ja' && !isJapanese(value)) return choices;
  const ja = jaLog();
  return choices.map((c) => {
    const e = timeline.get(String(c.value));
    const title = e && ja.events[e.id]?.title;
    return e && title ? { ...c, name: truncate(`${formatDateJa(e.date)} · ${title}`, 100) } : c;
  });
}

export function localisedFigureChoices(timeline: Timeline, value: string, locale: Locale | undefined): Choice[] {
  const choices = figureChoices(timeline, searchWords(value));
  if (locale !== 'ja' && !isJapanese(value)) return choices;
  const ja = jaLog();
  return choices.map((c) => {
    const rec = timeline.figureById.get(String(c.value));
    const label = rec && ja.figures[rec.figure.id];
    return rec && label ? { ...c, name: truncate(`${label} · ${formatValueJa(rec.figure)} · ${periodJa(rec.figure.period)}`, 100) } : c;
  });
}
