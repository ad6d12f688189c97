/**
 * Periods anchored on an event ("after the merger talks ended"): the event's date and the side asked, kept beside the
 * period (a period keeps the one shape periods.ts gives every period, which the scoring code is optimised for).
 */
import type { Period } from './periods.js';

export interface Anchor {
  after?: string;
  before?: string;
  /** "At the time of …": what had been stated by then. */
  upTo?: string;
}

const anchors = new WeakMap<Period, Anchor>();

export function setAnchor(p: Period, a: Anchor): void {
  anchors.set(p, a);
}

export function anchorOf(p: Period | undefined): Anchor | undefined {
  return p && anchors.get(p);
}

/** Whether a period is anchored on an event: a window of time, in which any figure stated or covering it fits. */
export function hasAnchor(p: Period | undefined): boolean {
  return !!p && anchors.has(p);
}
