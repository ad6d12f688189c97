/**
 * One run of the handler-latency suite on one log, in its own process:
 *   node --expose-gc --import tsx bench/children/latency.ts --events <path> [--iterations 2000] [--budget-ms 6000]
 * Every subcommand is measured through the dispatcher (runCommand / runAction / runAutocomplete), as
 * the platforms call it, after a warm-up; the answer and autocomplete indexes are built first and the engine
 * is warmed up (src/answers/warm.ts) and its garbage collected (src/memory.ts), as `npm start` does.
 * Prints `RESULT {…}` with p50/p95/p99 per subcommand, as measured and as the fastest of several repeats of each
 * distinct input (`best`).
 */
import { TimelineStore } from '../../src/timeline/store.js';
import { commandRegistry } from '../../commands/index.js';
import { runAction, runAutocomplete, runCommand } from '../../src/core/dispatch.js';
import type { CommandContext } from '../../src/core/command.js';
import { eventChoices, indexOf } from '../../src/answers/index.js';
import { warmUp } from '../../src/answers/warm.js';
import { collectGarbage } from '../../src/memory.js';
import { buildInputs } from '../inputs.js';
import { BENCH_LIMITS, argValue, BENCH_NOW, report, stats, type Stats } from '../lib.js';

const path = argValue('events', 'data/events.json')!;
const iterations = Number(argValue('iterations', '2000'));
const budgetMs = Number(argValue('budget-ms', '6000'));
const only = argValue('only')?.split(',');
/** How many more times each distinct input is measured for its fastest time. */
const REPEATS = Number(argValue('repeats', '5'));
if (!Number.isInteger(REPEATS) || REPEATS < 1) throw new Error(`--repeats must be a whole number of at least 1 (got ${argValue('repeats')})`);

const store = TimelineStore.open(path, BENCH_LIMITS);
const timeline = store.current;
// What `npm start` builds before it answers: the answer index and the autocomplete index; then what it runs in the
// background once it answers: the warm-up (awaited here, so that what is measured is the started bot's answering)
indexOf(timeline);
eventChoices(timeline, '');
await warmUp(timeline, { now: BENCH_NOW });
// and collects the garbage that leaves, as the bot does (the bench runs this child with --expose-gc, as `npm start` runs node)
collectGarbage();
const registry = commandRegistry();
const ctx: CommandContext = {
  timeline,
  now: BENCH_NOW,
  platform: 'discord',
  user: { id: '900000000000000001', name: 'bench', canManage: false },
  guildId: '1200000000000000001',
  channelId: '1300000000000000001',
  services: { store },
};
const inputs = buildInputs(timeline, iterations);

type Job = (i: number) => unknown;
/** Each suite: its name, its inputs (one per call), the call. */
const suites: [string, readonly unknown[], Job][] = [
  ['latest', inputs.latest, (i) => runCommand(registry, inputs.latest[i], ctx)],
  ['timeline', inputs.timeline, (i) => runCommand(registry, inputs.timeline[i], ctx)],
  ['timeline page', inputs.timelinePage, (i) => runAction(registry, inputs.timelinePage[i], ctx)],
  ['event', inputs.event, (i) => runCommand(registry, inputs.event[i], ctx)],
  ['figure', inputs.figure, (i) => runCommand(registry, inputs.figure[i], ctx)],
  ['ask', inputs.ask, (i) => runCommand(registry, inputs.ask[i], ctx)],
  ['recap', inputs.recap, (i) => runCommand(registry, inputs.recap[i], ctx)],
  [
    'autocomplete event',
    inputs.autocompleteEvent,
    (i) => runAutocomplete(registry, { name: 'event', args: { id: inputs.autocompleteEvent[i].value }, focused: 'id' }, ctx),
  ],
  [
    'autocomplete figure',
    inputs.autocompleteFigure,
    (i) => runAutocomplete(registry, { name: 'figure', args: { query: inputs.autocompleteFigure[i].value }, focused: 'query' }, ctx),
  ],
];

async function measure(list: readonly unknown[], job: Job): Promise<{ stats: Stats; best: Stats; cpuMeanMs: number; errors: number; firstMs: number }> {
  const total = list.length;
  // The very first call (it may build a lazily cached index) is reported apart, not in the percentiles.
  const t0 = performance.now();
  await job(0);
  const firstMs = performance.now() - t0;
  // Warm-up: a tenth of the inputs (at least 50 calls), not measured.
  const warm = Math.max(50, Math.floor(total / 10));
  for (let i = 0; i < warm; i++) await job(i % total);
  const samples: number[] = [];
  let errors = 0;
  // CPU time of the process over the whole loop (all threads, so GC work counts), per call: unlike wall
  // time it does not grow when other processes take the core. The kernel counts it in ticks (4 ms here),
  // so only the mean over many calls is meaningful, not a per-call percentile.
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const a = performance.now();
    const out = (await job(i)) as { tone?: string } | unknown[];
    samples.push(performance.now() - a);
    if (!Array.isArray(out) && (out as { tone?: string })?.tone === 'error' && /went wrong/i.test(JSON.stringify(out))) errors++;
    if (samples.length >= 200 && performance.now() - started > budgetMs) break;
  }
  const cpu = process.cpuUsage(cpu0);
  // The same calls without what the machine adds: each distinct input measured REPEATS more times and its fastest
  // time taken, one per sample above. Another process taking the core (a 4–10 ms time slice on a busy machine) or a
  // garbage collection lands on some calls and not others, so the fastest of several is the work of the call itself.
  const keys = samples.map((_, i) => JSON.stringify(list[i]));
  const first = new Map<string, number>();
  keys.forEach((k, i) => first.has(k) || first.set(k, i));
  const fastest = new Map<string, number>();
  for (let r = 0; r < REPEATS; r++) {
    for (const [k, i] of first) {
      const a = performance.now();
      await job(i);
      const t = performance.now() - a;
      fastest.set(k, Math.min(fastest.get(k) ?? Infinity, t));
    }
  }
  const best = stats(keys.map((k) => fastest.get(k)!));
  return { stats: stats(samples), best, cpuMeanMs: (cpu.user + cpu.system) / 1000 / samples.length, errors, firstMs };
}

const results: Record<string, Stats & { best: Stats; cpuMeanMs: number; errors: number; firstMs: number }> = {};
for (const [name, list, job] of suites) {
  if (only && !only.includes(name)) continue;
  const m = await measure(list, job);
  results[name] = { ...m.stats, best: m.best, cpuMeanMs: m.cpuMeanMs, errors: m.errors, firstMs: m.firstMs };
}
store.close();
report({ events: timeline.size, figures: timeline.figures.length, heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1048576), results });
