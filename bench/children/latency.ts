/**
 * One run of the handler-latency suite on one log, in its own process:
 *   node --import tsx bench/children/latency.ts --events <path> [--iterations 2000] [--budget-ms 6000]
 * Every subcommand is measured through the dispatcher (runCommand / runAction / runAutocomplete), as
 * the platforms call it, after a warm-up; the answer and autocomplete indexes are built first, as
 * `npm start` does.
 * Prints `RESULT {…}` with p50/p95/p99 per subcommand.
 */
import { TimelineStore } from '../../src/timeline/store.js';
import { createRegistry } from '../../commands/index.js';
import { digestCommands } from '../../commands/digest.js';
import { runAction, runAutocomplete, runCommand } from '../../src/core/dispatch.js';
import type { CommandContext } from '../../src/core/command.js';
import { eventChoices, indexOf } from '../../src/answers/index.js';
import { buildInputs } from '../inputs.js';
import { argValue, BENCH_NOW, report, stats, type Stats } from '../lib.js';

const path = argValue('events', 'data/events.json')!;
const iterations = Number(argValue('iterations', '2000'));
const budgetMs = Number(argValue('budget-ms', '6000'));
const only = argValue('only')?.split(',');

const store = TimelineStore.open(path);
const timeline = store.current;
// What `npm start` builds before it answers: the answer index and the autocomplete index.
indexOf(timeline);
eventChoices(timeline, '');
const registry = createRegistry(digestCommands);
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
const suites: [string, number, Job][] = [
  ['latest', inputs.latest.length, (i) => runCommand(registry, inputs.latest[i], ctx)],
  ['timeline', inputs.timeline.length, (i) => runCommand(registry, inputs.timeline[i], ctx)],
  ['timeline page', inputs.timelinePage.length, (i) => runAction(registry, inputs.timelinePage[i], ctx)],
  ['event', inputs.event.length, (i) => runCommand(registry, inputs.event[i], ctx)],
  ['figure', inputs.figure.length, (i) => runCommand(registry, inputs.figure[i], ctx)],
  ['ask', inputs.ask.length, (i) => runCommand(registry, inputs.ask[i], ctx)],
  ['recap', inputs.recap.length, (i) => runCommand(registry, inputs.recap[i], ctx)],
  [
    'autocomplete event',
    inputs.autocompleteEvent.length,
    (i) => runAutocomplete(registry, { name: 'event', args: { id: inputs.autocompleteEvent[i].value }, focused: 'id' }, ctx),
  ],
  [
    'autocomplete figure',
    inputs.autocompleteFigure.length,
    (i) => runAutocomplete(registry, { name: 'figure', args: { query: inputs.autocompleteFigure[i].value }, focused: 'query' }, ctx),
  ],
];

async function measure(total: number, job: Job): Promise<{ stats: Stats; cpuMeanMs: number; errors: number; firstMs: number }> {
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
  return { stats: stats(samples), cpuMeanMs: (cpu.user + cpu.system) / 1000 / samples.length, errors, firstMs };
}

const results: Record<string, Stats & { cpuMeanMs: number; errors: number; firstMs: number }> = {};
for (const [name, total, job] of suites) {
  if (only && !only.includes(name)) continue;
  const m = await measure(total, job);
  results[name] = { ...m.stats, cpuMeanMs: m.cpuMeanMs, errors: m.errors, firstMs: m.firstMs };
}
store.close();
report({ events: timeline.size, figures: timeline.figures.length, heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1048576), results });
