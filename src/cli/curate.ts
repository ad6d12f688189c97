/**
 * `npm run --silent curate -- <command>`: the curators' command line, on the same code paths as the chat commands.
 * Honours EVENTS_PATH, DATABASE_URL (Postgres, shared with the running bots) or DATABASE_PATH (SQLite), and FEEDS_PATH. Exit codes: 0 done, 2 bad input or refused, 1 cannot start.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { DatabaseError } from '../db/database.js';
import { isPostgresUrl, openState, type State } from '../db/state.js';
import { loadTimelineFile } from '../timeline/store.js';
import type { Timeline } from '../timeline/timeline.js';
import { CurationError, CurationService, FeedsConfigError, loadFeeds, type FeedDef } from '../curation/index.js';

const USAGE = `usage: npm run --silent curate -- <command>
  poll                          fetch every feed once (names each feed that failed; exit 0 all the same)
  list [--json] [--status S]    candidates, newest first (S: new, dismissed, attached, added)
  dismiss <id>                  dismiss a candidate
  attach <id> <eventId>         add the candidate's item as a source of that event
  draft <id> --out <file>       write an event skeleton filled from the item
  add <file>                    check an event with the log's rules and insert it in date order
  reports [--json] [--status S] readers' reports (S: open, fixed, not-a-mistake)
  resolve <reportId> fixed|not-a-mistake
options: --as <name> (who is recorded as making the change; default: your user name)`;

class Usage extends Error {}

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Usage(`${name} needs a value`);
  argv.splice(i, 2);
  return v;
}

function idArg(v: string | undefined, what: string): number {
  if (!v || !/^#?\d+$/.test(v)) throw new Usage(`${what} must be a number, as \`curate list\` shows it (got ${v === undefined ? 'nothing' : JSON.stringify(v)})`);
  return Number(v.replace('#', ''));
}

function timelineAt(path: string): Timeline {
  const res = loadTimelineFile(path);
  if (!res.ok) throw new CurationError(`cannot use the event log: ${res.error.message}`);
  return res.timeline;
}

async function main(argvIn: string[]): Promise<number> {
  const argv = [...argvIn];
  if (!argv.length || argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return argv.length ? 0 : 2;
  }
  const eventsPath = process.env.EVENTS_PATH || 'data/events.json';
  const databasePath = process.env.DATABASE_PATH || './var/nissan-honda.db';
  const feedsPath = process.env.FEEDS_PATH || 'data/feeds.json';
  const actor = `cli:${flag(argv, '--as') ?? process.env.USER ?? userInfo().username}`;
  const json = argv.includes('--json');
  const status = flag(argv, '--status');
  const out = flag(argv, '--out');
  const [cmd, ...rest] = argv.filter((a) => a !== '--json');
  const unknown = rest.filter((a) => a.startsWith('--'));
  if (unknown.length) throw new Usage(`unknown option ${unknown.join(', ')}`);

  let feeds: FeedDef[] = [];
  if (cmd === 'poll') feeds = loadFeeds(feedsPath);
  else if (cmd === 'draft' || cmd === 'attach') {
    // only for the feeds' tiers (a newsroom's items are primary sources); without the list, tiers are guessed
    try {
      feeds = loadFeeds(feedsPath);
    } catch {
      feeds = [];
    }
  }
  const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !isPostgresUrl(databaseUrl)) throw new Usage('DATABASE_URL must be a postgres:// URL; remove it to use SQLite at DATABASE_PATH');
  let state: State;
  try {
    state = await openState({ databaseUrl, databasePath });
  } catch (err) {
    if (err instanceof DatabaseError) {
      process.stderr.write(`curate: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  try {
    const store = state.curation;
    const service = new CurationService({ store, eventsPath, feeds, timeline: () => timelineAt(eventsPath) });
    switch (cmd) {
      case 'poll': {
        const res = await service.poll(true);
        for (const r of res.results) {
          if (r.status === 'failed') process.stdout.write(`✗ ${r.feed.name}: failed — ${r.reason}\n`);
          else if (r.status === 'not-modified') process.stdout.write(`✓ ${r.feed.name}: not modified since the last poll\n`);
          else process.stdout.write(`✓ ${r.feed.name}: ${r.items} items, ${r.added} new candidate(s)\n`);
        }
        process.stdout.write(`${res.ok} of ${res.feeds} feeds read; ${res.added} new candidate(s)${res.failed.length ? `; failed: ${res.failed.map((f) => f.name).join(', ')}` : ''}\n`);
        return 0;
      }
      case 'list': {
        if (status && !['new', 'dismissed', 'attached', 'added'].includes(status)) throw new Usage('--status must be new, dismissed, attached or added');
        const list = await store.candidates({ status: status as 'new' | undefined });
        if (json) {
          const rows = list.map((c) => ({ id: c.id, title: c.title, url: c.url, feed: c.feed, published: c.published ?? null, status: c.status, score: c.score }));
          process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        } else if (!list.length) process.stdout.write('No candidates. `curate poll` fetches the feeds.\n');
        else for (const c of list) process.stdout.write(`#${c.id} [${c.status}] ${c.published?.slice(0, 10) ?? '—'} ${c.title}\n    ${c.url} (${c.feed}, score ${c.score})\n`);
        return 0;
      }
      case 'dismiss': {
        const c = await service.dismiss(idArg(rest[0], 'the candidate id'), actor);
        process.stdout.write(`Dismissed #${c.id}: ${c.title}\n`);
        return 0;
      }
      case 'attach': {
        if (!rest[1]) throw new Usage('attach needs a candidate id and an event id: attach <id> <eventId>');
        const c = await service.attach(idArg(rest[0], 'the candidate id'), rest[1], actor);
        process.stdout.write(`Attached #${c.id} to ${c.eventId} as a source.\n`);
        return 0;
      }
      case 'draft': {
        if (!out) throw new Usage('draft needs --out <file>: draft <id> --out draft.json');
        const ev = await service.draft(idArg(rest[0], 'the candidate id'));
        writeFileSync(out, JSON.stringify(ev, null, 2) + '\n');
        process.stdout.write(`Wrote ${out}. Check every field against the source, then: npm run curate -- add ${out}\n`);
        return 0;
      }
      case 'add': {
        if (!rest[0]) throw new Usage('add needs a file: add draft.json');
        let raw: unknown;
        try {
          raw = JSON.parse(readFileSync(rest[0], 'utf8'));
        } catch (err) {
          throw new CurationError(`cannot read ${rest[0]}: ${(err as Error).message}`);
        }
        const res = await service.add(raw, actor);
        process.stdout.write(`Added ${res.event.id} to ${eventsPath}${res.candidates.length ? ` (from candidate ${res.candidates.map((i) => '#' + i).join(', ')})` : ''}.\n`);
        return 0;
      }
      case 'reports': {
        if (status && !['open', 'fixed', 'not-a-mistake'].includes(status)) throw new Usage('--status must be open, fixed or not-a-mistake');
        const list = await store.reports({ status: status as 'open' | undefined });
        if (json) process.stdout.write(JSON.stringify(list, null, 2) + '\n');
        else if (!list.length) process.stdout.write('No reports.\n');
        else for (const r of list) process.stdout.write(`#${r.id} [${r.status}] ${r.eventId}: ${r.message}${r.sourceUrl ? ` (source: ${r.sourceUrl})` : ''} — ${r.reporter} on ${r.platform}, ${r.createdAt}\n`);
        return 0;
      }
      case 'resolve': {
        const how = rest[1];
        if (how !== 'fixed' && how !== 'not-a-mistake') throw new Usage('resolve needs a report id and fixed or not-a-mistake');
        const r = await service.resolveReport(idArg(rest[0], 'the report id'), how, actor);
        process.stdout.write(`Report #${r.id} resolved: ${r.status}.\n`);
        return 0;
      }
      default:
        throw new Usage(`there is no \`curate ${cmd}\``);
    }
  } finally {
    await state.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof Usage) {
      process.stderr.write(`curate: ${err.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (err instanceof CurationError || err instanceof FeedsConfigError) {
      process.stderr.write(`curate: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`curate: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
