/**
 * Answering: figures first, events with their reasons, and honest declines. Pure.
 *
 * Every number in an answer comes from a figure record (formatted by formatValue) or from an event's
 * own summary, and is cited with its source. Nothing is computed, rounded or guessed.
 */
import { formatDate } from '../timeline/dates.js';
import { type Event, type Source } from '../timeline/schema.js';
import { type FigureRecord, type Timeline } from '../timeline/timeline.js';
import { COMPANIES, METRIC_TERMS } from './lexicon.js';
import { answerRole, answerTenure, ROLE_NAMES, undatedTenure } from './people.js';
import { bestEvents, scoreEvents } from './scoring/event-scores.js';
import { KIND_ESTIMATE, KIND_FORECAST, KIND_TARGET, companyOk, fieldsOf } from './scoring/fields.js';
import { type ScoredFigure, answersFigure, bestFigures, scoreFiguresNow, seriesBests } from './scoring/figure-scores.js';
import { best, figureOrder } from './scoring/top-k.js';
import { type AnswerIndex, indexOf } from './search-index.js';
import { currentAt, groupSeries, laterOtherSign, seriesOf } from './series.js';
import { datedPlan } from './stated-reasons.js';
import { EVENT_WORDING, type Understanding, derive, understand } from './understand.js';
import { THRESHOLDS } from './weights.js';
import { companyParts, decompose } from './decompose.js';
import { contextNumber } from './context-numbers.js';
import { askedCurrency, statedIn } from './currency.js';
import { unstatedSpecific } from './named-thing.js';
import { ownershipAgrees, ownershipOf } from './ownership.js';
import { anchorAllows, anchoredQuestion, hasAnchor, labelNamesClause, statedOnAnchorSide } from './relative-time.js';
import { STATUS_TERMS, STATUS_WORDING, statusEvents, statusNote, statusThread } from './status.js';

/** Words asking for a market price or move ("stock", "trading at", "the yen"). */
const MARKET_ASKED = /\b(stocks?|shares? price|share prices?|trading|traded|market cap|market value|exchange rate|usd\W?jpy|dollar\W?yen|the yen)\b/;
/** A status answer shows the latest report on the matter and at most this many events in all. */
const STATUS_SHOWN = 4;
/** How many of the best matches a status question's thread is read from. */
const STATUS_CANDIDATES = 12;
import { foldText } from './text.js';
import { answerParts } from './answer-parts.js';
import { askedDateNote, citationsOf, companyList, decline, describeSeries, eventText, whyText } from './wording.js';

export interface Answer {
  question: string;
  found: boolean;
  /** Markup text (see src/replies/reply.ts). */
  answer: string;
  kind: string;
  figures: FigureRecord[];
  events: Event[];
  citations: Source[];
  /** When declining: the closest things the log holds, clearly not an answer. */
  nearest?: { figures: FigureRecord[]; events: Event[] };
  /** The engine's confidence (0–1) in the answer it gives (or in the nearest thing, when declining). */
  confidence?: number;
  /** Why it declined, in one short phrase (for logs and tests). */
  reason?: string;
  /** For figure answers: the series, each newest first; `differ` marks groups whose sources disagree. */
  groups?: FigureRecord[][];
}

/** Answer a free question from the log. Never states a figure the log does not hold. */
export function answerQuestion(timeline: Timeline, question: string, opts: { now?: Date } = {}): Answer {
  const index = indexOf(timeline);
  const u = understand(question, { now: opts.now, index });
  // a question asking for two things: each answered from its own records, side by side
  const parts = decompose(u, index);
  if (parts) {
    const both = answerParts(u, parts, parts.map((p) => answerUnderstood(index, p.u)));
    if (both) return both;
  }
  // "after the merger talks ended": a period anchored on the event the clause names — unless a figure's own label
  // says it ("the tariff before the order"), when the question is answered as asked
  const whole = u.kind === 'figure' ? answerUnderstood(index, u) : undefined;
  const anchored = anchoredQuestion(u, index);
  if (whole?.found && (!anchored || labelNamesClause(whole.figures[0]?.figure.label ?? '', anchored))) return whole;
  let anchoredDecline: Answer | undefined;
  if (anchored) {
    const a = answerUnderstood(index, anchored);
    if (a.found) return a;
    // ("what happened after the ECU talks?": nothing after them is an answer, not the talks themselves)
    if (u.kind !== 'figure') anchoredDecline = a;
  }
  if (whole?.found) return whole;
  // a figure question naming two companies that no one record answers: each company's figure, side by side
  const perCompany = companyParts(anchored ?? u);
  if (perCompany) {
    const both = answerParts(u, perCompany, perCompany.map((p) => answerUnderstood(index, p.u)));
    if (both) return both;
  }
  return whole ?? anchoredDecline ?? answerUnderstood(index, u);
}

/** The first month of the log's latest-starting event (an event dated by its year alone may end later). */
const latestStarts = new WeakMap<AnswerIndex, number>();
function latestStart(index: AnswerIndex): number {
  let m = latestStarts.get(index);
  if (m === undefined) {
    m = 0;
    for (const d of index.events) if (d.period.start > m) m = d.period.start;
    latestStarts.set(index, m);
  }
  return m;
}

/** Where the log ends, for declines about later times. */
function logEnd(index: AnswerIndex): string {
  const newest = index.events[index.events.length - 1];
  return newest ? `The log runs to ${formatDate(newest.event.date)}` : 'The log is empty';
}

export function answerUnderstood(index: AnswerIndex, u: Understanding): Answer {
  const a = answerNow(index, u);
  // a decline about a time after the log's newest event says where the log ends
  if (!a.found && u.period && a.reason !== 'prediction' && u.period.start > latestStart(index)) {
    return decline(u, 'after-log', `The log does not hold anything for ${u.period.label} yet. ${logEnd(index)}.`, a.nearest);
  }
  // (nothing in a span reaching the log's end: say where it ends)
  if (!a.found && a.reason === 'empty-period' && u.period && u.period.end >= index.newestMonth) return { ...a, answer: a.answer.replace(/\.(?=\s|$)/, `. ${logEnd(index)}.`) };
  return a;
}

/** Japanese script (kana, kanji): the understanding reads English only, so such a question is never half-read. */
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/g;
function mostlyJapanese(question: string): boolean {
  const letters = question.replace(/[\s\d\p{P}\p{S}]/gu, '').length;
  return letters > 0 && (question.match(JAPANESE)?.length ?? 0) >= 0.3 * letters;
}

function answerNow(index: AnswerIndex, u: Understanding): Answer {
  const NOT = 'The log does not hold';
  if (mostlyJapanese(u.question)) {
    return decline(u, 'language', 'I can read questions in English only for now, so I cannot answer this one reliably. Please ask it in English (for example: "How big is Honda\'s tariff hit?").');
  }
  if (!u.terms.length && !u.period && !u.companies.length && !u.others.length) {
    return decline(u, 'empty', `I could not find a question about Honda, Nissan or their story in that. ${NOT} an answer to it.`);
  }
  // other companies: only when the record itself names them
  if (u.others.length) {
    const figs = bestFigures(index, u, 1, {}, answersFigure).length > 0;
    const evs = bestEvents(index, u, 1, { minCover: THRESHOLDS.event }).length > 0;
    if (!figs && !evs) {
      const near = nearestFor(index, derive(u, { others: [] }));
      return decline(u, 'other-company', `${NOT} anything on ${u.others.join(', ')} for that: it covers Honda and Nissan (and, where they take part, Mitsubishi Motors, Foxconn and Renault).`, near);
    }
  }
  if (u.prediction || (u.future && (u.ahead || (u.period !== undefined && u.period.end > index.newestMonth)))) {
    // never answered as if the log could predict; a company's own forecast or target for that time is shown, labelled
    const outlook = statedOutlook(index, u);
    return decline(
      u,
      'prediction',
      `The log does not predict: it does not hold what will happen, only what was announced or reported, with sources. ${logEnd(index)}.`,
      // the companies' own forecasts or targets for that time, else the latest events on the matter
      { figures: outlook, events: outlook.length ? [] : bestEvents(index, u, 2).map((s) => s.doc.event) },
    );
  }

  // "is honda stock up today?": a market price at the time of asking is a figure (declined when the latest is stale)
  if (u.kind === 'what' && u.present && MARKET_ASKED.test(foldText(u.question))) u = derive(u, { kind: 'figure' });
  // "what's the status of Nissan's Renault stake sale?": where a matter stands is an event answer, not a figure
  if (u.kind === 'figure' && !u.quantity && STATUS_WORDING.test(foldText(u.question))) u = derive(u, { kind: 'what' });

  if (u.kind === 'who') {
    const anchor = (terms: string[]) => {
      const s = bestEvents(index, derive(u, { terms, people: [] }), 1)[0];
      return s && s.cover >= THRESHOLDS.eventKnown ? s.doc : undefined;
    };
    const r = answerRole(index, u, u.now, anchor);
    if (r?.kind === 'nobody') {
      const co = COMPANIES.find((c) => c.key === r.company)?.logName ?? r.company;
      const named = r.others.map((h) => `${h.person.name} (${h.role.title})`);
      return decline(
        u,
        'no-person',
        `The log does not name ${r.role === 'other' ? `the holder of that post at ${co}` : `${co}'s ${ROLE_NAMES[r.role]}`}.${named.length ? ` For ${co} it names ${named.join(', ')}.` : ''}`,
      );
    }
    if (r?.kind === 'person') {
      const h = r.holder;
      const text = `**${h.person.name}** — ${h.role.title}.\n${eventText(r.events[0], 'who')}${r.events.length > 1 ? `\nAlso: ${r.events.slice(1).map((e) => `${formatDate(e.date)} — ${e.title}`).join('; ')}` : ''}`;
      return { question: u.question, found: true, answer: text, kind: 'who', figures: [], events: r.events, citations: citationsOf([], r.events), confidence: 1 };
    }
  }

  // "when did Espinosa start as CEO?": the day the log dates the post from (or to), with its announcement
  const tenure = answerTenure(index, u);
  if (tenure) {
    const { holder, events } = tenure;
    const text = `**${formatDate(tenure.day)}** — ${holder.person.name} ${tenure.starts ? 'took up the post of' : 'left the post of'} ${holder.role.title}.\n${eventText(events[0], 'when')}`;
    return { question: u.question, found: true, answer: text, kind: 'when', figures: [], events, citations: citationsOf([], events), confidence: 1 };
  }

  const undated = undatedTenure(u);
  if (undated) {
    return decline(u, 'undated-post', `The log names ${undated.person.name} but does not date when ${undated.starts ? 'they took up' : 'they left'} that post.`, nearestFor(index, u));
  }

  // (the best figure of each series: all the answer needs of the scored figures)
  const allFigs = u.terms.length && (u.kind === 'figure' || u.kind === 'what') ? seriesBests(index, u) : [];
  // "Nissan's stake in Renault" is never answered by Renault's stake in Nissan
  const stake = ownershipOf(u.question);
  // "the forecast before the tariffs took effect": only a series stated on the asked side of the anchor
  const scoredFigs = stake || hasAnchor(u.period) ? allFigs.filter((s) => ownershipAgrees(stake, s.doc.rec.figure.label) && statedOnAnchorSide(u.period, seriesOf(index, s.doc)).length > 0) : allFigs;
  const figureFirst = u.kind === 'figure' || (u.kind === 'what' && prefersFigure(index, u, scoredFigs));
  if (figureFirst && u.terms.length) {
    const first = best(scoredFigs, 1, figureOrder)[0];
    if (first && (first.cover >= THRESHOLDS.figure || matchesEverythingNamed(index, u, first))) {
      // (the best series, and the one stated later with the other sign, are each the best of those that qualify: the
      // thousands of series a common word matches on a large log are not put in order for them)
      const top = { group: statedOnAnchorSide(u.period, seriesOf(index, first.doc)), best: first };
      if (!top.group.length) return decline(u, 'other-period', `${NOT} that figure as stated in ${u.period!.label}.`, { figures: [first.doc.rec], events: [] }, first.cover);
      // "Honda's EV losses in dollars": never converted; a series stated in another currency only does not answer
      const currency = askedCurrency(u.question);
      if (currency && !statedIn(top.group, currency)) return decline(u, 'other-unit', `${NOT} that figure in ${currency.name}: the log never converts a figure.`, { figures: [top.group[0]], events: [] }, first.cover);
      // "what is Honda worth today?": a statement older than six months is not today's value
      const latest = top.group[0].figure.asOf;
      if (u.present && !u.period && !currentAt(top.group[0], first.doc.period, u.now)) {
        return decline(u, 'stale', `The log does not hold the current value: its latest statement of that is from ${formatDate(latest)}.`, { figures: [top.group[0]], events: [] }, first.cover);
      }
      // the same measure stated later with the other sign (a profit forecast later turned into a loss forecast)
      const later = laterOtherSign(index, u, top, scoredFigs);
      const answerGroups = later ? [top.group, later.group] : [top.group];
      const figures = answerGroups.flat();
      const text =
        describeSeries(top.group) +
        askedDateNote(u, top.group) +
        (later ? `\n\n**Stated later as ${later.group[0].figure.metric.includes('loss') ? 'a loss' : 'a profit'}:**\n${describeSeries(later.group)}` : '');
      const events = uniqEvents(figures.map((r) => r.event));
      return {
        question: u.question,
        found: true,
        answer: text,
        kind: 'figure',
        figures,
        events,
        citations: citationsOf(figures, []),
        confidence: Math.min(1, first.cover),
        groups: answerGroups,
      };
    }
    // a number the event's own text states in passing (no figure record holds it): the sentence, quoted, with its source
    const said = first && first.cover >= THRESHOLDS.figure ? undefined : contextNumber(index, u);
    if (said) return said;
    if (u.kind === 'figure') {
      // a figure question the log cannot answer: say so, with the nearest figures clearly labelled
      const anyPeriod = u.period ? bestFigures(index, u, 3, { ignorePeriod: true }, answersFigure) : [];
      const nearFigs = (anyPeriod.length ? anyPeriod : bestFigures(index, u, 3, { ignorePeriod: true, loose: true })).map((s) => s.doc.rec);
      const what = u.period && anyPeriod.length ? `that figure for ${u.period.label}` : 'that figure';
      return decline(u, anyPeriod.length ? 'other-period' : 'no-figure', `${NOT} ${what}${u.companies.length ? ` for ${companyList(u)}` : ''}.`, { figures: nearFigs, events: [] }, first?.cover ?? 0);
    }
  }

  // events: "what happened in February 2025?" lists the period; otherwise the best-matching event(s)
  if (!u.terms.length && u.period) {
    const inPeriod = scoreEvents(index, u, { requirePeriod: true }).filter((s) => anchorAllows(u.period!, s.doc.event.date));
    if (!inPeriod.length) {
      const near = index.events.filter((d) => companyOk(d.companies, u) !== 'no');
      const before = near.filter((d) => d.period.end < u.period!.start).slice(-2).map((d) => d.event);
      const after = near.filter((d) => d.period.start > u.period!.end).slice(0, 1).map((d) => d.event);
      return decline(u, 'empty-period', `${NOT} any event${u.companies.length ? ` for ${companyList(u)}` : ''} in ${u.period.label}.`, { figures: [], events: [...before.reverse(), ...after] });
    }
    const events = inPeriod.map((s) => s.doc).sort((a, b) => a.i - b.i).slice(0, 10).map((d) => d.event);
    const lines = events.map((e) => `• **${formatDate(e.date)}** — ${e.title} — [${e.sources[0].publisher}](${e.sources[0].url})`);
    const more = inPeriod.length > events.length ? `\n…and ${inPeriod.length - events.length} more (see \`/nissan-honda timeline\`).` : '';
    return {
      question: u.question,
      found: true,
      answer: `In ${u.period.label} the log holds ${inPeriod.length} event${inPeriod.length === 1 ? '' : 's'}${u.companies.length ? ` for ${companyList(u)}` : ''}:\n${lines.join('\n')}${more}`,
      kind: u.kind === 'figure' ? 'what' : u.kind,
      figures: [],
      events,
      citations: citationsOf([], events),
      confidence: 1,
    };
  }
  if (!u.terms.length) {
    // only a company named: its latest events
    const evs = index.events.filter((d) => companyOk(d.companies, u) === 'yes' && u.companies.every((c) => d.companies.includes(c))).slice(-5).reverse().map((d) => d.event);
    if (!evs.length) return decline(u, 'empty', `${NOT} an answer to that.`);
    return {
      question: u.question,
      found: true,
      answer: `The latest events in the log for ${companyList(u)}:\n${evs.map((e) => `• **${formatDate(e.date)}** — ${e.title} — [${e.sources[0].publisher}](${e.sources[0].url})`).join('\n')}`,
      kind: 'what',
      figures: [],
      events: evs,
      citations: citationsOf([], evs),
      confidence: 0.8,
    };
  }
  // "what happened in May 2025" is bounded by its period; in "why did Honda lower its 2030 target" the year names the subject
  const requirePeriod = !!u.period && u.kind === 'what';
  let top = bestEvents(index, u, 1, { requirePeriod })[0];
  const allKnown = !u.fuzzy && u.terms.every((t) => index.known.has(t));
  const bar = allKnown ? Math.min(THRESHOLDS.event, THRESHOLDS.eventKnown) : THRESHOLDS.event;
  // "has anything been signed on the pickups?": the matter is found without the words asking how it stands
  const status = u.kind !== 'why' && u.kind !== 'who' && STATUS_WORDING.test(foldText(u.question));
  let withoutOutcome = false;
  if (status) {
    // the matter is what is found; the words asking how it stands ("signed", "still") are not part of it
    const matter = u.terms.filter((t) => !STATUS_TERMS.has(t));
    if (matter.length && matter.length < u.terms.length) {
      const mu = derive(u, { terms: matter });
      const mtop = bestEvents(index, mu, 1, { requirePeriod })[0];
      // (the matter alone must be found as surely as any event answer: the lower bar for known words does not apply)
      if (mtop && mtop.cover >= THRESHOLDS.event) {
        u = mu;
        top = mtop;
        withoutOutcome = true;
      }
    }
  }
  if (!top || top.cover < bar) {
    const near = nearestFor(index, u);
    return decline(u, 'no-event', `${NOT} an answer to that question.`, near, top?.cover ?? 0);
  }
  let picked = bestEvents(index, u, 3, { requirePeriod, minCover: bar }).filter((s) => s.score >= top!.score - THRESHOLDS.eventMargin && (!u.period || anchorAllows(u.period, s.doc.event.date)));
  if (!picked.length) return decline(u, 'no-event', `${NOT} an answer to that question.`, nearestFor(index, u), top.cover);
  // "when did they first …": the earliest of the close matches leads
  if (u.earliest && picked.length > 1) picked = [...picked].sort((a, b) => a.doc.i - b.doc.i);
  // "are the talks still on?": the latest of the close matches leads, with where it stands
  if (status && !u.earliest) {
    // (the thread is read from the best matches only: scoring every event of a large log would cost too much)
    const candidates = bestEvents(index, u, STATUS_CANDIDATES, { requirePeriod, minCover: THRESHOLDS.statusThread });
    const events = statusEvents(statusThread(index, candidates, picked), picked.map((s) => s.doc.event), STATUS_SHOWN);
    const text = `${statusNote(index, u.question, events[0], withoutOutcome)}\n${eventText(events[0], 'what')}`;
    return { question: u.question, found: true, answer: text, kind: u.kind === 'figure' ? 'what' : u.kind, figures: [], events, citations: citationsOf([], events), confidence: Math.min(1, top.cover) };
  }
  const events = picked.map((s) => s.doc.event);
  const main = events[0];
  // the best match explains the words but not the name or change asked for ("which plant", "who replaced …")
  const unstated = unstatedSpecific(index, u, picked[0].doc);
  if (unstated) return decline(u, unstated.reason, unstated.text, { figures: [], events: events.slice(0, 2) }, top.cover);
  // "when will X happen?": only a plan the log dates answers it; anything else would be a prediction
  if (u.kind === 'when' && u.future && !u.period && !datedPlan(picked[0].doc, u)) {
    return decline(u, 'prediction', `The log does not predict: it does not hold when that will happen, only what was announced or reported, with sources.`, {
      figures: [],
      events: events.slice(0, 2),
    });
  }
  const parts = [u.kind === 'why' ? whyText(picked[0].doc, u) : eventText(main, u.kind)];
  if (events.length > 1) parts.push(`Related: ${events.slice(1).map((e) => `${formatDate(e.date)} — ${e.title}`).join('; ')}`);
  return {
    question: u.question,
    found: true,
    answer: parts.join('\n'),
    kind: u.kind === 'figure' ? 'what' : u.kind,
    figures: [],
    events,
    citations: citationsOf([], events),
    confidence: Math.min(1, top.cover),
  };
}


/**
 * The best figure matches every company, measure and period the question names: the words it leaves unexplained are
 * only wording ("so like how bad was…"), so it is the answer rather than the nearest thing.
 */
function matchesEverythingNamed(index: AnswerIndex, u: Understanding, s: ScoredFigure): boolean {
  return (
    s.cover >= THRESHOLDS.figureNamed &&
    u.terms.some((t) => METRIC_TERMS.has(t)) &&
    u.named.length > 0 &&
    // (a person's pay or age is not their company's figure; a word the log never uses is not just wording)
    !u.people.length &&
    !u.fuzzy &&
    u.terms.every((t) => index.known.has(t)) &&
    u.named.every((c) => s.doc.companies.includes(c)) &&
    (!u.period || s.fit >= 0.9)
  );
}

/** A "what …" question is a figure question when a figure explains it well and the wording is not about events. */
export function prefersFigure(index: AnswerIndex, u: Understanding, scored: ScoredFigure[]): boolean {
  const first = best(scored, 1, figureOrder)[0];
  if (!first || first.cover < THRESHOLDS.figure) return false;
  if (EVENT_WORDING.test(u.question)) return false;
  // "What is Re:Nissan?" asks what a thing is: a figure answers only when a measure is named
  if (!u.terms.some((t) => METRIC_TERMS.has(t)) && !u.units.length && /^\s*(what|what's|whats)\s+(is|was|are|were|'s)\b/i.test(u.question) && u.terms.length <= 1) return false;
  const ev = bestEvents(index, u, 1)[0];
  // the figure must explain the question at least as well as any event does, with a tight label
  return !ev || first.cover >= ev.cover - 0.05 || first.precision >= 0.5;
}

export function uniqEvents(events: Event[]): Event[] {
  const seen = new Set<string>();
  return events.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}

/**
 * For a question about the future: the companies' own forecasts and targets for that time (the asked period, or
 * periods not over by the log's newest event), best match first, one statement per series (the latest).
 */
export function statedOutlook(index: AnswerIndex, u: Understanding): FigureRecord[] {
  if (!u.terms.length) return [];
  const now = u.now.getUTCFullYear() * 12 + u.now.getUTCMonth();
  // the figures of those kinds and periods, from the typed arrays; then only those are scored
  const { kind, periodId, periods } = fieldsOf(index);
  const outlook: number[] = [];
  for (let i = 0; i < kind.length; i++) {
    const k = kind[i];
    if ((k !== KIND_FORECAST && k !== KIND_TARGET && k !== KIND_ESTIMATE) || !periodId[i]) continue;
    const p = periods[periodId[i]];
    if (u.period ? !(p.end < u.period.start || p.start > u.period.end) : !(p.end < Math.max(now, index.newestMonth))) outlook.push(i);
  }
  const stated = scoreFiguresNow(index, u, { ignorePeriod: true, loose: true }, { only: outlook });
  return groupSeries(index, stated, 3)
    .map((g) => g.group[0]);
}

export function nearestFor(index: AnswerIndex, u: Understanding): { figures: FigureRecord[]; events: Event[] } {
  const figs = u.terms.length ? bestFigures(index, u, 2, { ignorePeriod: true, loose: true }).map((s) => s.doc.rec) : [];
  const evs = bestEvents(index, u, 2).map((s) => s.doc.event);
  return { figures: figs, events: evs };
}
