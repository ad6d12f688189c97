/**
 * What shape of number a question asks for, read from its wording once per question, and the label wording that rules
 * a figure out for it: "how many" is a count, "how much of Renault" a share, "outside China" everything but China, "cut
 * to the sales forecast" a change rather than the measure.
 */
import type { AnswerIndex } from '../search-index.js';

/** "Outside China", "ex-China", "excluding Japan": a figure about everything but a place. */
const OUTSIDE = /\b(?:outside|excluding|except|ex-|beyond|other than)\s*(?:the\s+)?[a-z]/i;
/** A label measuring the change to another measure: "Cut to Honda's sales forecast", "Rise in Honda shares". */
const CHANGE_TO = /^\s*(?:cut|cuts|rise|fall|drop|increase|decrease|reduction|change|move|revision)\s+(?:in|to|of)\b/i;
/** Wording that asks how much something changed. */
const CHANGE_ASKED = /\b(?:chang\w*|move\w*|went (?:up|down)|go(?:ne)? (?:up|down)|by how much|how much (?:did|has|have) .{1,50} (?:grow|shrink|slip|slide|improve|worsen|widen|narrow)\w*)\b/i;


/** "How many" (a count) and "how much of <company>" / "what percentage of" (a share), unless matching loosely. */
export function askedShape(question: string, loose: boolean): { howMany: boolean; shareOf: boolean; outsideAsked: boolean } {
  return {
    howMany: !loose && /\bhow many\b/i.test(question),
    shareOf: !loose && /\b(?:how much of (?:the )?(?:honda|nissan|mitsubishi|renault|foxconn)|what (?:percentage|percent|proportion|fraction|portion) of)\b/i.test(question),
    outsideAsked: OUTSIDE.test(question),
  };
}

/** Per figure of an index: its label is about everything outside a place / measures the change to another measure. */
export const LABEL_OUTSIDE = 1;
export const LABEL_CHANGE_TO = 2;
const labelBits = new WeakMap<AnswerIndex, Uint8Array>();

/**
 * Each figure's label wording bits (LABEL_OUTSIDE: "capacity outside China"; LABEL_CHANGE_TO: "Cut to Honda's North
 * American sales forecast"), read once per index so that scoring reads a number rather than a label.
 */
export function labelBitsOf(index: AnswerIndex): Uint8Array {
  let bits = labelBits.get(index);
  if (!bits) {
    bits = new Uint8Array(index.figures.length);
    index.figures.forEach((d, i) => {
      const label = d.rec.figure.label;
      bits![i] = (OUTSIDE.test(label) ? LABEL_OUTSIDE : 0) | (CHANGE_TO.test(label) ? LABEL_CHANGE_TO : 0);
    });
    labelBits.set(index, bits);
  }
  return bits;
}

/** Wording asking how much something changed ("by how much", "went up", "how did … change"). */
export function asksForChange(question: string): boolean {
  return CHANGE_ASKED.test(question);
}
