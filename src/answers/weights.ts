/**
 * Every threshold, bonus and penalty the scoring uses, by name, and the bound on an event's bonuses computed from the
 * same names as its score (scoring/event-scores.ts). Tuned on the `tune` split of test/eval/questions.jsonl.
 */

/** Thresholds tuned on the `tune` split of test/eval/questions.jsonl (see scripts/eval.ts). */
export const THRESHOLDS = {
  /** Share of the question's content (idf-weighted) a figure must explain to be the answer. */
  figure: 0.85,
  /**
   * A lower bar for a figure that matches every company, measure and period the question names (the rest of the
   * question's words are its wording).
   */
  figureNamed: 0.6,
  /** Share of the question's content an event must explain to be the answer. */
  event: 0.8,
  /**
   * A lower bar for events when every word of the question is known to the log (none is foreign to it):
   * out-of-scope questions almost always carry a word the log never uses.
   */
  eventKnown: 0.6,
  /**
   * A status question's later events on the best match's topic must explain this much of the matter to join the
   * thread whose latest report leads the answer (see status.ts).
   */
  statusThread: 0.6,
  /** Events within this score of the best are returned alongside it. */
  eventMargin: 0.08,
  /** Series within this score of the best are listed by `figure` (never by `ask`). */
  seriesMargin: 0.15,
};

/** How a figure's score is made: cover (0–1) + precision × its weight + period fit × its weight, then bonuses. */
export const FIGURE = {
  precision: 0.1,
  fit: 0.3,
  /** A figure stated in the asked month, or naming the asked period in its label, fits it this well. */
  asOfFit: 0.8,
  mentionedFit: 0.9,
  /** Each weak word of the question ("latest", "total"…) its own terms hold. */
  weakWord: 0.05,
  /** A sector-wide figure answering a question about a company. */
  sectorPenalty: 0.1,
  /** A forecast or estimate when forecasts are asked; a result when results are. */
  askedKind: 0.04,
  /** A result when only forecasts are asked. */
  unaskedActualPenalty: 0.04,
  /** A result when forecasts are not asked (the state of things before an aim). */
  actual: 0.03,
  /** A target when aims are not asked. */
  targetPenalty: 0.04,
  /** Each change word (cut, raise, change) in its label the question does not ask for. */
  deltaPenalty: 0.05,
  /** A threshold or aim word (break-even, target) in its label the question does not ask for. */
  qualifierPenalty: 0.1,
  /** A figure about one place when the question names none (the whole before a part). */
  placePenalty: 0.05,
  /** A unit other than the one asked. */
  otherUnitPenalty: 0.05,
  /** Its value is a number the question names. */
  namedNumber: 0.05,
  /** A full-year figure when no period is asked. */
  fullYear: 0.05,
};

/** How much a figure's event explains a question's word the figure's label lacks (title, summary). */
export const CONTEXT = { title: 0.8, summary: 0.65 };

/** A figure stated longer ago than this does not answer "now" / "today". */
export const STALE_DAYS = 183;
/** …and a market price (a share price, a market value) or a one-day move stated longer ago than this. */
export const STALE_MARKET_DAYS = 7;

/** How an event's score is made: cover (0–1) + its figure bonus + bonuses read from the event. */
export const EVENT = {
  /** A word found in the summary only counts this much of one in the title. */
  summary: 0.85,
  /** A person named alongside other words counts this much (the log often says "Nissan's CEO", not the name). */
  personAmongWords: 0.5,
  /** Each weak word it holds, as a share of the question's whole weight. */
  weakShare: 0.02,
  /** × the best cover × fit of its figures answering the question. */
  figureBonus: 0.1,
  /** "why" questions: its own text gives the reason. */
  givesReason: 0.03,
  /** × the share of the asked companies it involves. */
  companies: 0.05,
  /** Each number of the question in its text, and again in its title. */
  number: 0.1,
  titleNumber: 0.05,
  /** It lies in (or is about) the asked period; or not. */
  inPeriod: 0.1,
  outOfPeriodPenalty: 0.2,
  /** It is mainly about the company asked (first named). */
  mainCompany: 0.03,
  /** Each person of the question its text names. */
  person: 0.03,
};

/** The most an event's bonuses can add to its cover for the question (what `bestEvents` prunes with). */
export function eventBonusBound(u: { kind: string; companies: readonly unknown[]; numbers: readonly unknown[]; period?: unknown; named: readonly unknown[]; people: readonly unknown[] }): number {
  return (
    EVENT.figureBonus +
    (u.kind === 'why' ? EVENT.givesReason : 0) +
    (u.companies.length ? EVENT.companies : 0) +
    (EVENT.number + EVENT.titleNumber) * u.numbers.length +
    (u.period ? EVENT.inPeriod : 0) +
    (u.named.length ? EVENT.mainCompany : 0) +
    EVENT.person * u.people.length
  );
}

/** The least an event's bonuses can add (only the period's penalty is negative). */
export function eventBonusFloor(u: { period?: unknown }): number {
  return u.period ? -EVENT.outOfPeriodPenalty : 0;
}
