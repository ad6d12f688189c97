/**
 * A recap: events grouped by topic, newest first, each linked to its source. Used by `/nissan-honda recap`
 * and by digests, so both read the same.
 */
import type { CommandContext } from '../core/command.js';
import { compareDates, formatDate } from '../timeline/dates.js';
import { eventLine } from '../replies/format.js';
import { truncate, type Reply } from '../replies/reply.js';
import type { Event } from '../timeline/schema.js';

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

export function recapReply(events: Event[], label: string, ctx: CommandContext): Reply {
  if (!events.length) {
    const newest = ctx.timeline.newestEvent;
    return {
      title: `Recap: ${label}`,
      body: `No new events in ${label}.${newest ? ` The newest event in the log is from ${formatDate(newest.date)}: ${eventLine(newest)}` : ''}`,
      tone: 'info',
      data: { events: [] },
    };
  }
  const groups = groupByTopic(events);
  const fields = [...groups.entries()].slice(0, 25).map(([topic, evs]) => {
    const lines: string[] = [];
    let used = 0;
    for (const [i, e] of evs.entries()) {
      const line = `• ${eventLine(e)}`;
      if (used + line.length + 1 > 1000) {
        lines.push(`…and ${evs.length - i} more (see \`/nissan-honda timeline topic:${topic}\`)`);
        break;
      }
      lines.push(line);
      used += line.length + 1;
    }
    return { name: `${topic} (${evs.length})`, value: lines.join('\n') };
  });
  return {
    title: truncate(`Recap: ${label} — ${events.length} event${events.length === 1 ? '' : 's'}`, 256),
    body: `Grouped by topic, newest first. Open one with \`/nissan-honda event <id>\`.`,
    fields,
    tone: 'info',
    data: { events: events.map((e) => e.id) },
  };
}
