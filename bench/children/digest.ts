/**
 * Digest fan-out, in its own process (the fake Discord runs in the parent and counts what arrives):
 *   node --import tsx bench/children/digest.ts --api-url http://127.0.0.1:P/api --guild <id>
 *        --channel-base <snowflake> --channels 1000 [--rest default|unlimited]
 *
 * 1. A log without its two newest events; N channels subscribe to a daily digest at 09:00 UTC.
 * 2. The two events are curated (the file changes, the store reloads).
 * 3. At 09:00:01 the due-check runs twice at once — as when the node-cron task and the one-minute
 *    sweep fire in the same minute — then once more. Each channel must get exactly one post.
 * `--rest default` is the sink `npm start` builds (discord.js REST: its client-side global limit of 50
 * requests/s, like Discord's); `unlimited` lifts that limit to show what the engine itself sustains.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { openDatabase } from '../../src/db/database.js';
import { createDigestService, type ProcessOutcome } from '../../src/digests/service.js';
import { createDiscordDigestSink } from '../../src/platforms/discord/digest-sink.js';
import { BENCH_LIMITS, argValue, report, ROOT, round } from '../lib.js';

const apiUrl = argValue('api-url')!;
const guildId = argValue('guild')!;
const base = BigInt(argValue('channel-base')!);
const n = Number(argValue('channels', '1000'));
const restMode = argValue('rest', 'default');

const dir = mkdtempSync(join(tmpdir(), 'nh-bench-digest-'));
const logPath = join(dir, 'events.json');
const full = JSON.parse(readFileSync(join(ROOT, 'data/events.json'), 'utf8')) as { events: unknown[] };
writeFileSync(logPath, JSON.stringify({ ...full, events: full.events.slice(0, -2) }));
const store = TimelineStore.open(logPath, BENCH_LIMITS);
const db = openDatabase(join(dir, 'bench.db'));

let clock = new Date('2026-06-01T08:00:00Z');
const sink =
  restMode === 'unlimited'
    ? createDiscordDigestSink({ rest: new REST({ api: apiUrl, globalRequestsPerSecond: 1_000_000, retries: 3, timeout: 15_000 }).setToken('bench-token') })
    : createDiscordDigestSink({ token: 'bench-token', api: apiUrl });
const service = createDigestService({ db, store, sinks: [sink], catchupHours: 6, now: () => clock, timers: false });
await service.start();

const channels = Array.from({ length: n }, (_, i) => String(base + BigInt(i)));
let t0 = performance.now();
for (const channelId of channels) {
  await service.subscribe({ platform: 'discord', guildId, channelId, frequency: 'daily', time: '09:00', timezone: 'UTC', userId: '900000000000000001' });
}
const subscribeMs = performance.now() - t0;

writeFileSync(logPath, JSON.stringify(full));
const reload = store.reload();
if (!reload.ok) throw new Error('reload failed');

clock = new Date('2026-06-01T09:00:01Z');
t0 = performance.now();
const [first, second] = await Promise.all([service.runDue(), service.runDue()]);
const fanOutMs = performance.now() - t0;
clock = new Date('2026-06-01T09:00:30Z');
const third = await service.runDue();
await service.idle();

const count = (list: ProcessOutcome[]) => list.reduce<Record<string, number>>((acc, o) => ((acc[o.status] = (acc[o.status] ?? 0) + 1), acc), {});
const sent = [...first, ...second, ...third].filter((o) => o.status === 'sent').length;
const deliveries = db.prepare("SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status").all() as { status: string; n: number }[];

await service.stop();
db.close();
store.close();
rmSync(dir, { recursive: true, force: true });

report({
  channels: n,
  rest: restMode,
  subscribeMs: round(subscribeMs, 1),
  fanOutMs: round(fanOutMs, 1),
  sent,
  postsPerSecond: round(sent / (fanOutMs / 1000), 1),
  outcomes: { first: count(first), second: count(second), third: count(third) },
  deliveries: Object.fromEntries(deliveries.map((d) => [d.status, d.n])),
});
