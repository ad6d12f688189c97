/**
 * Answering a question that asks for two or more things (see decompose.ts): each part from its own records, shown side
 * by side with its source and date. Which is larger is said only when both are stated in the same unit, scale and
 * period; a difference is never computed (the sources do not state it).
 */
import type { Event } from '../timeline/schema.js';
import type { FigureRecord } from '../timeline/timeline.js';
import { formatDate } from '../timeline/dates.js';
import { figureLine, formatValue } from '../replies/format.js';
import type { Answer } from './answer.js';
import type { QueryPart } from './decompose.js';
import type { Understanding } from './understand.js';
import { citationsOf } from './wording.js';
import { dateInPeriod } from './periods.js';

function eventLine(e: Event): string {
  return `${formatDate(e.date)} — ${e.title} — [${e.sources[0].publisher}](${e.sources[0].url})`;
}

/** The record a part's line shows: in its series, the statement made in the part's period when there is one. */
function headFor(u: Understanding, a: Answer): FigureRecord | undefined {
  const group = a.groups?.[0];
  if (!group) return undefined;
  const period = u.period;
  return (period && group.find((r) => dateInPeriod(r.figure.asOf, period))) || group[0];
}

/** "Of the two, Nissan's is larger", when the two figures can be compared as stated; otherwise nothing. */
function larger(parts: readonly QueryPart[], heads: readonly (FigureRecord | undefined)[]): string {
  if (heads.length !== 2 || !heads[0] || !heads[1]) return '';
  const [a, b] = [heads[0].figure, heads[1].figure];
  const comparable = a.metric === b.metric && a.unit === b.unit && (a.scale ?? '') === (b.scale ?? '') && a.period === b.period && a.valueHigh === undefined && b.valueHigh === undefined;
  if (!comparable || a.value === b.value || a.value < 0 || b.value < 0 || (a.qualifier ?? '') !== (b.qualifier ?? '')) return '';
  const k = a.value > b.value ? 0 : 1;
  return `\nLarger of the two: **${parts[k].label}** (${formatValue(heads[k]!.figure)} against ${formatValue(heads[1 - k]!.figure)}; the same unit and period, as stated).`;
}

/**
 * The answer to every part side by side, or undefined when a part is not answered (the question is then answered or
 * declined whole) or two parts came to the same record (there was nothing to compare).
 */
export function answerParts(u: Understanding, parts: readonly QueryPart[], answers: readonly Answer[]): Answer | undefined {
  // every part must be answered: a comparison the log holds only half of is declined whole, the half shown as the
  // nearest thing (a figure is never stated for a question the log cannot answer)
  // ("which company cut more jobs?" when the log holds job cuts for one of the two: that one, and the other said to be
  // missing — a part the question did not name may be missing, one it named may not)
  const missing = parts.filter((_, k) => !answers[k].found);
  if (missing.length && (missing.length === parts.length || missing.some((p) => !p.implied))) return undefined;
  if (missing.length) {
    const found = parts.map((p, k) => [p, answers[k]] as const).filter(([, a]) => a.found);
    const one = answerParts(u, found.map(([p]) => p), found.map(([, a]) => a));
    if (!one) return undefined;
    return { ...one, answer: `${one.answer}\n${missing.map((p) => `**${p.label}**: the log holds no such figure.`).join('\n')}` };
  }
  const heads = answers.map((a, k) => (a.found ? headFor(parts[k].u, a) : undefined));
  const firstIds = answers.map((a, k) => heads[k]?.figure.id ?? a.events[0]?.id).filter(Boolean);
  if (new Set(firstIds).size < firstIds.length) return undefined;
  const lines: string[] = [];
  answers.forEach((a, k) => {
    const head = heads[k];
    const what = head ? figureLine(head, { withLabel: true }).split('\n')[0] : a.events[0] ? eventLine(a.events[0]) : a.answer;
    lines.push(`**${parts[k].label}**: ${what}`);
  });
  // each part's own record first (the one its line shows), then the rest of its series
  const figures: FigureRecord[] = [];
  answers.forEach((a, k) => {
    const head = heads[k];
    if (head && !figures.includes(head)) figures.push(head);
    for (const r of a.figures) if (!figures.includes(r)) figures.push(r);
  });
  const events: Event[] = [];
  for (const e of answers.flatMap((a) => a.events)) if (!events.some((x) => x.id === e.id)) events.push(e);
  return {
    question: u.question,
    found: true,
    answer: lines.join('\n') + larger(parts, heads),
    kind: answers.every((a) => a.kind === 'figure') ? 'figure' : 'what',
    figures,
    events,
    citations: citationsOf(figures, answers.every((a) => a.kind === 'figure') ? [] : events),
    confidence: Math.min(...answers.map((a) => a.confidence ?? 0)),
    groups: answers.flatMap((a) => a.groups ?? []),
  };
}
