/**
 * One bot process for processes.test.ts: the curation service on a shared Postgres, the fake feeds and one log file.
 * Not a test file by itself. Prints `ready` once set up, then runs one JSON command per stdin line and answers each
 * with one JSON line: {"op":"round","slot":…} (the scheduled poll), {"op":"poll"} (forced), {"op":"add","drafts":[…]}.
 *
 * env: CURATION_DB_URL, CURATION_EVENTS, CURATION_HISTORY, CURATION_FEEDS (JSON list), CURATION_NOW (ISO).
 */
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { openState } from '../../src/db/state.js';
import { CurationService } from '../../src/curation/service.js';
import { loadTimelineFile } from '../../src/timeline/store.js';

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is required`);
  return v;
};

const now = new Date(env('CURATION_NOW'));
const state = await openState({ databaseUrl: env('CURATION_DB_URL'), databasePath: '', onIdleError: () => undefined });
const eventsPath = env('CURATION_EVENTS');
const service = new CurationService({
  store: state.curation,
  eventsPath,
  historyDir: env('CURATION_HISTORY'),
  feeds: JSON.parse(env('CURATION_FEEDS')),
  now: () => now,
  timeline: () => {
    const res = loadTimelineFile(eventsPath);
    if (!res.ok) throw new Error(res.error.message);
    return res.timeline;
  },
});
const me = `child:${process.pid}`;
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const cmd = JSON.parse(line) as { op: string; slot?: string; drafts?: string[] };
  try {
    if (cmd.op === 'round') {
      const res = await service.pollRound(cmd.slot!, me, 15 * 60_000);
      process.stdout.write(JSON.stringify(res ? { polled: true, added: res.added } : { polled: false }) + '\n');
    } else if (cmd.op === 'poll') {
      const res = await service.poll(true);
      process.stdout.write(JSON.stringify({ polled: true, added: res.added, candidates: res.candidates.map((c) => c.url) }) + '\n');
    } else if (cmd.op === 'add') {
      const ids: string[] = [];
      for (const file of cmd.drafts!) ids.push((await service.add(JSON.parse(readFileSync(file, 'utf8')), me)).event.id);
      process.stdout.write(JSON.stringify({ added: ids }) + '\n');
    }
  } catch (err) {
    process.stdout.write(JSON.stringify({ error: (err as Error).message }) + '\n');
  }
}
await state.close();
