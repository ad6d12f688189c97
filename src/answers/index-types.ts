/**
 * The shapes of the answer index: its documents (one per figure, one per event) and the postings that let a question be
 * scored against only the documents that can match it (built in search-index.ts).
 */
import type { Event } from '../timeline/schema.js';
import type { FigureRecord, Timeline } from '../timeline/timeline.js';
import type { Period } from './periods.js';

export interface FigureDoc {
  rec: FigureRecord;
  /** Position in timeline.figures. */
  i: number;
  /** Place by statement date, newest first (ties: position): the order among figures that score the same. */
  rank: number;
  /**
   * Terms of the label and metric (what the figure measures). What else explains a question's word for it — its unit
   * and kind words, the terms of its series, its event's title and summary — is held in the postings only. Figures
   * with the same terms share one set (at 10,000 events, 347 sets for 39,970 figures).
   */
  terms: ReadonlySet<string>;
  /** A period named in the label itself: "(announced Nov 2024)". */
  mentioned?: Period;
  /** Folded company keys the figure is about ('' for sector-wide). */
  companies: string[];
  period?: Period;
  series: string;
  /** Covered companies named in the label or the company field (for "every company named must appear"). */
  mentions: string[];
  /** Other (non-covered) companies named in the label. */
  others: string[];
  /** About two or more companies together ("combined sales, Honda and Nissan"). */
  joint: boolean;
  /** Places the label names (a plant, a country, a region): the figure is about that part only. */
  places: string[];
}

export interface EventDoc {
  event: Event;
  /** Position in timeline.events (date order). */
  i: number;
  companies: string[];
  period: Period;
  /** Periods the event is about: those of its figures ("results for the year to March 2026" are dated May 2026). */
  about: Period[];
  others: string[];
  /**
   * Folded title (for autocomplete). The folded summary is not kept (6.8 MB at 10,000 events): what people's answers
   * read from it is in the postings (`peopleInText`, `roleText`).
   */
  titleText: string;
  /**
   * Whether the summary gives a reason (for "why" questions; see reasonsIn): `true` whatever the question,
   * a set of terms when only a sentence holding one of them does, undefined when it never does.
   */
  reason?: true | Set<string>;
}


export interface AnswerIndex {
  timeline: Timeline;
  figures: FigureDoc[];
  events: EventDoc[];
  /** Inverse document frequency of terms in figure docs and event docs. */
  figIdf: Map<string, number>;
  evIdf: Map<string, number>;
  figMaxIdf: number;
  evMaxIdf: number;
  /** Raw words known to the log or the lexicon (for typo correction), grouped by length. */
  vocab: Set<string>;
  /** Stems of the vocabulary. */
  stems: Set<string>;
  /** Every canonical term the log's events and figures contain. */
  known: Set<string>;
  vocabByLen: Map<number, string[]>;
  /** Month index of the log's newest event (questions about later periods ask for predictions). */
  newestMonth: number;
  /** Series (same metric+company+period), newest statement first, by series key. */
  series: Map<string, FigureRecord[]>;
  /**
   * Postings (positions in ascending order), so that a question is scored against the documents that can match
   * it rather than against every document of the log.
   */
  post: Postings;
}

export interface Postings {
  /** Term → figures whose own label/metric terms hold it (`FigureDoc.terms`: a figure needs one such hit). */
  figTerms: Map<string, number[]>;
  /** Term → figures that explain it by themselves other than by their own terms (`extra` or `seriesTerms`, not `terms`). */
  figOwn: Map<string, number[]>;
  /**
   * Term → events whose title terms hold it / whose summary terms, and not their title terms, hold it (an event is in at
   * most one of the two lists of a term: the title counts first).
   */
  evTitle: Map<string, number[]>;
  evSummary: Map<string, number[]>;
  /** Term → figures whose label/metric terms or unit/kind words hold it, for the measure words (METRIC_TERMS) only. */
  figMeasure: Map<string, number[]>;
  /**
   * Event position → its figures, which are positions `evFigStart[e]` up to (not including) `evFigStart[e + 1]`: a
   * Timeline lists figures event by event, in event order; figure position → its event's position (-1: none).
   */
  evFigStart: Int32Array;
  figEvent: Int32Array;
  /**
   * Person (PEOPLE key: "espinosa") → events whose title or summary holds the key as a word. Only people are ever
   * looked up; every word of the log listed here took 8 MB at 10,000 events.
   */
  people: Map<string, number[]>;
  /** Person key → events whose folded title or summary holds the key anywhere, inside a word too. */
  peopleInText: Map<string, number[]>;
  /**
   * Event position → the posts (ROLE_BIT) whose words (ROLE_TEXT) its folded title and summary hold, for the events
   * that name a person (in `people`); 0 for the others.
   */
  roleText: Uint8Array;
  /** Number → events whose title and summary / whose title hold it ("¥650 billion" → 650). */
  evNumbers: Map<number, number[]>;
  evTitleNumbers: Map<number, number[]>;
  /** Year → events dated in it (a question listing a period's events reads those only). */
  evYear: Map<number, number[]>;
  /**
   * Year → figures whose period, label-named period or statement date touches it (-1: a period of a century or more):
   * a figure can fit an asked period only through one of these.
   */
  figYear: Map<number, number[]>;
  /** Company key ('' for none: sector-wide) → figures / events about it. */
  figCompany: Map<string, number[]>;
  evCompany: Map<string, number[]>;
  /** Other (non-covered) company → figures / events naming it. */
  figOthers: Map<string, number[]>;
  evOthers: Map<string, number[]>;
}
