/**
 * A recap: events grouped by topic, newest first, each linked to its source. Used by `/nissan-honda recap`
 * and by digests, so both read the same.
 */
import type { CommandContext } from '../core/command.js';
import { compareDates, formatDate, isoDay, precisionOf } from '../timeline/dates.js';
import { coverageSentence } from '../timeline/timeline.js';
import { eventLine } from '../replies/format.js';
import { truncate, type Reply } from '../replies/reply.js';
import type { Event, Topic } from '../timeline/schema.js';
import { messages, type Locale } from '../i18n/catalogue.js';
import { formatDateJa } from '../i18n/ja/format.js';
import { listLineJa } from '../i18n/ja/reply.js';

/** Notation by locale: English as before; Japanese dates, titles and topic names for 'ja' (strings: the catalogue). */
function notation(locale: Locale | undefined) {
  const ja = locale === 'ja';
  const M = messages(ja ? 'ja' : 'en');
  return {
    ja,
    M,
    date: ja ? formatDateJa : formatDate,
    line: (e: Event) => (ja ? listLineJa(e) : eventLine(e)),
    topic: (t: string) => (ja ? M.topics[t as Topic] ?? t : t),
    coverage: (c: { first: string; last: string; curatedAt?: string }) =>
      ja ? M.coverage(formatDateJa(c.first), formatDateJa(c.last), c.curatedAt && formatDateJa(c.curatedAt)) : coverageSentence(c),
  };
}

export interface RecapRange {
  from?: string;
  to?: string;
  /** For the title: "the last 7 days", "from January 2027". */
  label: string;
  /** For a sentence: "in the last 7 days", "from January 2027". */
  phrase: string;
}

/**
 * Newest first; equal dates keep their given order (what a stable sort gives). Input already in date
 * order — `timeline.filter` always returns it so — is reversed run by run in O(n) instead of sorted:
 * `recap period:all` on a large log spent most of its time sorting.
 */
function newestFirst(events: readonly Event[]): Event[] {
  for (let i = 1; i < events.length; i++) {
    if (compareDates(events[i - 1].date, events[i].date) > 0) return [...events].sort((a, b) => compareDates(b.date, a.date));
  }
  const out: Event[] = [];
  for (let end = events.length; end > 0; ) {
    let start = end - 1;
    while (start > 0 && events[start - 1].date === events[end - 1].date) start--;
    for (let i = start; i < end; i++) out.push(events[i]);
    end = start;
  }
  return out;
}

/** Events grouped by their first topic; topics in the order they first appear; events newest first. */
function groupByTopic(events: Event[]): Map<string, Event[]> {
  const groups = new Map<string, Event[]>();
  for (const e of newestFirst(events)) {
    const t = e.topics[0];
    if (!groups.has(t)) groups.set(t, []);
    groups.get(t)!.push(e);
  }
  return groups;
}

/** Events only dated to a month or year that overlaps the window: one line each, said to be dated only so far. */
function apartField(apart: Event[], n: ReturnType<typeof notation>) {
  const lines = newestFirst(apart).slice(0, 10).map((e) => `• ${n.line(e)}${n.M.recap.datedOnly(precisionOf(e.date) === 'year' && !n.ja ? e.date : n.date(e.date))}`);
  return { name: n.M.recap.apartName(apart.length), value: truncate(lines.join('\n'), 1000) };
}

/** When the window reaches past the newest event: where the log ends, so that silence is not read as "nothing happened". */
function coverageNote(ctx: CommandContext, n: ReturnType<typeof notation>, range?: { to?: string }): string {
  const cov = ctx.timeline.coverage();
  if (!cov) return '';
  const end = range?.to ?? isoDay(ctx.now);
  return ctx.timeline.isAfterCoverage(end) || !range ? `${n.ja ? '' : ' '}${n.coverage(cov)}` : '';
}

export function recapReply(events: Event[], label: string, ctx: CommandContext, opts: { range?: RecapRange; apart?: Event[] } = {}): Reply {
  const apart = opts.apart ?? [];
  const n = notation(ctx.locale);
  const R = n.M.recap;
  const locale = n.ja ? { locale: 'ja' } : {};
  if (!events.length) {
    const newest = ctx.timeline.newestEvent;
    const phrase = opts.range?.phrase ?? R.inLabel(label);
    const afterEnd = opts.range?.from && ctx.timeline.isAfterCoverage(opts.range.from);
    const cov = ctx.timeline.coverage();
    const body = afterEnd && cov
      ? R.afterEnd(phrase, n.date(cov.last), precisionOf(cov.last) === 'day', n.coverage(cov))
      : `${R.noEvents(phrase)}${newest ? R.newest(n.date(newest.date), n.line(newest)) : ''}`;
    return {
      title: R.title(label),
      body,
      fields: apart.length ? [apartField(apart, n)] : undefined,
      tone: 'info',
      data: { events: [], ...(apart.length ? { apart: apart.map((e) => e.id) } : {}), ...locale },
    };
  }
  const groups = groupByTopic(events);
  const fields = [...groups.entries()].slice(0, 25).map(([topic, evs]) => {
    const lines: string[] = [];
    let used = 0;
    for (const [i, e] of evs.entries()) {
      const line = `• ${n.line(e)}`;
      if (used + line.length + 1 > 1000) {
        lines.push(R.more(evs.length - i, topic));
        break;
      }
      lines.push(line);
      used += line.length + 1;
    }
    return { name: R.group(n.topic(topic), evs.length), value: lines.join('\n') };
  });
  if (apart.length && fields.length < 25) fields.push(apartField(apart, n));
  return {
    title: truncate(R.titleN(label, events.length), 256),
    body: `${R.body}${opts.range ? coverageNote(ctx, n, opts.range) : ''}`,
    fields,
    tone: 'info',
    data: { events: events.map((e) => e.id), ...(apart.length ? { apart: apart.map((e) => e.id) } : {}), ...locale },
  };
}
