/**
 * What shape of number a question asks for, read from its wording once per question, and the label wording that rules
 * a figure out for it: "how many" is a count, "how much of Renault" a share, "outside China" everything but China, "cut
 * to the sales forecast" a change rather than the measure.
 */
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

/** A label about everything outside a place ("capacity outside China"). */
export function isOutside(label: string): boolean {
  return OUTSIDE.test(label);
}

/** A label measuring the change to another measure ("Cut to Honda's North American sales forecast"). */
export function measuresChange(label: string): boolean {
  return CHANGE_TO.test(label);
}

/** Wording asking how much something changed ("by how much", "went up", "how did … change"). */
export function asksForChange(question: string): boolean {
  return CHANGE_ASKED.test(question);
}
