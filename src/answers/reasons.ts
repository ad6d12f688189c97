/**
 * Reasons in an event's text, for "why" questions: which sentences carry a cause word. Pure.
 */
import type { Event } from '../timeline/schema.js';

/** Cause words: a sentence with one of them gives a reason ("after", "because of", "citing", "driven by"…). */
export const CAUSAL =
  /\b(because|due to|driven by|citing|cited|blaming|blamed|reflecting|pointing to|out of (?:frustration|concern)|amid|after|in response|response to|weighed down by|hit by|owing to|caused by|thanks to|helped by|on the (?:remarks|reports?|news)|called for|required|requires|so (?:its|it|that)|which (?:put|meant|would)|as (?:that|the|a|tariffs|sales|demand)|to (?:lower|cut|fill|help|secure|localise|raise|overcome)|concern|frustration|uncertainty|weak|weaker|weakened|stronger|shortage|disruption|resistance|(?:could|would|can) not accept|refused|rejected|opposed|pushed back)\b/i;

/** A summary split into sentences (abbreviations such as "U.S." are rare in this log). */
export function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[A-Z¥$0-9"'])/).filter(Boolean);
}

/** The title, then the summary's sentences. */
export function eventSentences(e: Event): string[] {
  return [e.title, ...sentences(e.summary)];
}

/**
 * What reasonsIn (answer.ts) would find beyond the headline, worked out once per event: reasonsIn keeps the first
 * sentence with a cause word whatever the question, then those holding one of the question's terms, and drops the
 * title when a summary sentence is kept. So the summary gives a reason for every question (`true`) when the first
 * causal sentence is not the title; otherwise only for questions sharing a term with a later causal sentence
 * (the set of those sentences' terms); never (undefined) when no such sentence exists.
 */
export function summaryReason(e: Event, analyze: (text: string) => string[]): true | Set<string> | undefined {
  let first = true;
  let terms: Set<string> | undefined;
  for (const sen of eventSentences(e)) {
    if (!CAUSAL.test(sen)) continue;
    if (first) {
      first = false;
      if (sen !== e.title) return true;
      continue;
    }
    if (sen === e.title) continue;
    terms ??= new Set();
    for (const t of analyze(sen)) terms.add(t);
  }
  return terms?.size ? terms : undefined;
}
