/**
 * What an event's own sentences state: the reasons it gives (for "why" questions) and the plans it dates (for "when
 * will…" questions).
 */
import { CAUSAL, eventSentences } from './reasons.js';
import { type EventDoc, analyzeDoc } from './search-index.js';
import { type Understanding, markUS } from './understand.js';

/** Sentences of an event (title first) that say why: they carry a cause word and at least one of the question's words. */
export function reasonsIn(d: EventDoc, u: Understanding): string[] {
  const strong = new Set(u.terms);
  const out: string[] = [];
  for (const sen of eventSentences(d.event)) {
    if (!CAUSAL.test(sen)) continue;
    if (out.length === 0 || analyzeDoc(markUS(sen)).some((t) => strong.has(t))) out.push(sen);
  }
  // the title is a headline: keep it only when no sentence of the summary gives a reason
  return out.length > 1 ? out.filter((x) => x !== d.event.title).slice(0, 3) : out;
}

/** Does the event's summary give a reason for the question (reasonsIn holds more than the headline)? From the index. */
export function givesReason(d: EventDoc, strong: readonly string[]): boolean {
  return d.reason === true || (d.reason !== undefined && strong.some((t) => (d.reason as Set<string>).has(t)));
}

/** Does the event date a plan ("by fiscal 2026", "from 2028", "in August 2026") in a sentence with the question's words? */
export function datedPlan(d: EventDoc, u: Understanding): boolean {
  const year = Number(d.event.date.slice(0, 4));
  const strong = new Set(u.terms);
  for (const sen of eventSentences(d.event)) {
    if (!analyzeDoc(markUS(sen)).some((t) => strong.has(t))) continue;
    const m = /\b(?:by|from|in|until|before|through|to)\s+(?:the\s+end\s+of\s+)?(?:(?:fiscal|fy)\s*(?:year\s*)?'?(\d{4})|(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+)?(\d{4}))\b/i.exec(sen);
    if (m && Number(m[1] ?? m[2]) >= year) return true;
  }
  return false;
}
