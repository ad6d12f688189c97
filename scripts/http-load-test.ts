/**
 * Load test for the Discord HTTP-interactions endpoint (`npm run load-test`).
 *
 * Starts the endpoint on 127.0.0.1 with a freshly generated Ed25519 key pair (in a child process by
 * default, so client and server each get a core; `--in-process` keeps both in this process), then
 * fires N signed interactions with at most C in flight — a mix of `latest`, `figure`, `ask`,
 * `event`, `timeline`, autocomplete and PING — and reports throughput, latency percentiles and
 * errors. Exits 1 on any error. Only ever talks to 127.0.0.1; deferred edits (if any) go to a
 * local sink, never to Discord.
 *
 *   npm run load-test -- [--requests 2000] [--concurrency 100] [--in-process] [--events data/events.json]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createRegistry } from '../commands/index.js';
import { rng } from './gen-synthetic-log.js';
import type { Registry } from '../src/core/dispatch.js';
import type { CommandContext, Subcommand } from '../src/core/command.js';
import { TimelineStore } from '../src/timeline/store.js';
import type { Timeline } from '../src/timeline/timeline.js';
import { startDiscordHttp } from '../src/platforms/discord/http.js';

const HOST = '127.0.0.1';
const APP_ID = '1100000000000000001';
const GUILD_ID = '1200000000000000001';
const CHANNEL_ID = '1300000000000000001';

const { values: flags } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '100' },
    'in-process': { type: 'boolean', default: false },
    events: { type: 'string', default: process.env.EVENTS_PATH || 'data/events.json' },
    // internal: run only the endpoint (child mode)
    serve: { type: 'boolean', default: false },
    'public-key': { type: 'string' },
    'api-url': { type: 'string' },
  },
  strict: true,
});

function positiveInt(name: string, v: string | undefined, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    process.stderr.write(`--${name} must be a whole number between 1 and ${max} (got ${v})\n`);
    process.exit(2);
  }
  return n;
}

async function serveEndpoint(publicKey: string, apiUrl: string, eventsPath: string) {
  const store = TimelineStore.open(eventsPath);
  const registry = createRegistry();
  const endpoint = await startDiscordHttp({ publicKey, port: 0, host: HOST, token: 'load-test', applicationId: APP_ID, apiUrl, store, registry });
  return { endpoint, store, registry };
}

// ── the load run ────────────────────────────────────────────────────────────────────────────────

interface Sample {
  kind: string;
  ms: number;
  ok: boolean;
  deferred?: boolean;
  error?: string;
}

type Kind = 'ping' | 'latest' | 'figure' | 'ask' | 'event' | 'timeline' | 'autocomplete';
/** Share of each kind in the mix (sums to 100). */
const MIX: [Kind, number][] = [
  ['latest', 18],
  ['figure', 14],
  ['ask', 18],
  ['event', 14],
  ['timeline', 12],
  ['autocomplete', 16],
  ['ping', 8],
];

const QUESTIONS = [
  'When were the merger talks called off?',
  'How much did Nissan lose in fiscal 2024?',
  'What was the planned holding company structure?',
  'Is Mitsubishi part of the deal?',
  'What happened with Foxconn?',
  'How many jobs is Nissan cutting?',
  'What did Honda say about Nissan being a subsidiary?',
  'What are the companies doing together on software-defined vehicles?',
];


function pick<T>(list: readonly T[], r: () => number): T {
  return list[Math.floor(r() * list.length)];
}

/** Option values for a subcommand, taken from its own definition and autocomplete (so the mix follows the commands). */
function optionValues(cmd: Subcommand | undefined, timeline: Timeline): { option?: string; values: string[] } {
  if (!cmd) return { values: [] };
  const opt = cmd.options.find((o) => o.required && o.type === 'string') ?? cmd.options.find((o) => o.autocomplete);
  if (!opt) return { values: [] };
  const ctx: CommandContext = { timeline, now: new Date(), platform: 'discord', user: { id: '1', canManage: false }, services: {} };
  const values = cmd.autocomplete ? cmd.autocomplete(opt.name, '', ctx, {}).map((c) => String(c.value)) : [];
  return { option: opt.name, values };
}

function buildPayloads(n: number, registry: Registry, timeline: Timeline): { kind: Kind; payload: Record<string, unknown>; expect: number }[] {
  const r = rng(20260301);
  const figure = optionValues(registry.find(undefined, 'figure'), timeline);
  const ask = registry.find(undefined, 'ask');
  const askOption = ask?.options.find((o) => o.required && o.type === 'string')?.name ?? 'question';
  const eventIds = timeline.events.map((e) => e.id);
  const topics = timeline.topics;
  const words = [...new Set(timeline.events.flatMap((e) => e.title.toLowerCase().split(/\W+/)).filter((w) => w.length > 3))];
  const weights = MIX.flatMap(([k, w]) => Array<Kind>(w).fill(k));
  let seq = 0;
  const base = (type: number, data?: unknown) => {
    seq++;
    const id = String(1400000000000000000n + BigInt(seq));
    return {
      id,
      application_id: APP_ID,
      type,
      token: `load-${id}`,
      version: 1,
      ...(data ? { data } : {}),
      guild_id: GUILD_ID,
      channel_id: CHANNEL_ID,
      channel: { id: CHANNEL_ID, type: 0 },
      member: { user: { id: `9000000000000${String(seq % 1000).padStart(5, '0')}`, username: 'loadtester', global_name: 'Load Tester' }, roles: [], permissions: '2147552256' },
      app_permissions: '2048',
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': GUILD_ID },
      context: 0,
    };
  };
  const command = (sub: string, options: Record<string, string | number>, focused?: string) => ({
    id: '1300000000000000099',
    name: 'nissan-honda',
    type: 1,
    options: [
      {
        type: 1,
        name: sub,
        options: Object.entries(options).map(([name, value]) => ({
          name,
          type: typeof value === 'number' ? 4 : 3,
          value,
          ...(name === focused ? { focused: true } : {}),
        })),
      },
    ],
  });
  const out: { kind: Kind; payload: Record<string, unknown>; expect: number }[] = [];
  for (let i = 0; i < n; i++) {
    let kind = pick(weights, r);
    if (kind === 'figure' && !(figure.option && figure.values.length)) kind = 'latest';
    if (kind === 'ask' && !ask) kind = 'latest';
    switch (kind) {
      case 'ping':
        out.push({ kind, payload: { ...base(1), data: undefined }, expect: 1 });
        break;
      case 'latest':
        out.push({ kind, payload: base(2, command('latest', { count: 1 + Math.floor(r() * 10) })), expect: 4 });
        break;
      case 'figure':
        out.push({ kind, payload: base(2, command('figure', { [figure.option!]: pick(figure.values, r) })), expect: 4 });
        break;
      case 'ask':
        out.push({ kind, payload: base(2, command('ask', { [askOption]: pick(QUESTIONS, r) })), expect: 4 });
        break;
      case 'event':
        out.push({ kind, payload: base(2, command('event', { id: pick(eventIds, r) })), expect: 4 });
        break;
      case 'timeline':
        out.push({ kind, payload: base(2, command('timeline', r() < 0.5 && topics.length ? { topic: pick(topics, r) } : {})), expect: 4 });
        break;
      case 'autocomplete': {
        const word = pick(words, r);
        out.push({ kind, payload: base(4, command('event', { id: word.slice(0, 2 + Math.floor(r() * (word.length - 1))) }, 'id')), expect: 8 });
        break;
      }
    }
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** A local stand-in for Discord's REST API: accepts deferred edits so nothing ever leaves 127.0.0.1. */
async function startSink(): Promise<{ server: Server; url: string; edits: () => number }> {
  let edits = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      edits++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  return { server, url: `http://${HOST}:${(server.address() as AddressInfo).port}/api`, edits: () => edits };
}

interface Child {
  child: ChildProcess;
  port: number;
  /** Server CPU time (user + system, µs) since the last mark. */
  cpu(command: 'mark' | 'report'): Promise<number | undefined>;
}

async function startChild(publicKey: string, apiUrl: string, events: string): Promise<Child> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--serve', '--public-key', publicKey, '--api-url', apiUrl, '--events', events], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' },
  });
  let onCpu: ((us: number) => void) | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the endpoint child did not start within 30 s')), 30_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^PORT (\d+)$/.exec(line.trim());
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
      const c = /^CPU (.+)$/.exec(line.trim());
      if (c) {
        const u = JSON.parse(c[1]) as { user: number; system: number };
        onCpu?.(u.user + u.system);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the endpoint child exited with code ${code}`));
    });
  });
  const cpu = (command: 'mark' | 'report') =>
    new Promise<number | undefined>((resolve) => {
      if (command === 'mark') {
        child.stdin!.write('mark\n');
        resolve(undefined);
        return;
      }
      const timer = setTimeout(() => resolve(undefined), 5000);
      onCpu = (us) => {
        clearTimeout(timer);
        resolve(us);
      };
      child.stdin!.write('report\n');
    });
  return { child, port, cpu };
}

async function runLoad(): Promise<void> {
  const total = positiveInt('requests', flags.requests, 1_000_000);
  const concurrency = positiveInt('concurrency', flags.concurrency, 1000);
  const inProcess = flags['in-process'];
  if (inProcess) process.env.LOG_LEVEL ??= 'error';

  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const publicKeyHex = der.subarray(der.length - 32).toString('hex');

  const store = TimelineStore.open(flags.events!);
  const registry = createRegistry();
  const payloads = buildPayloads(total, registry, store.current);
  store.close();

  const sink = await startSink();
  let port: number;
  let stopServer: () => Promise<void>;
  let serverCpu: (command: 'mark' | 'report') => Promise<number | undefined> = async () => undefined;
  if (inProcess) {
    const s = await serveEndpoint(publicKeyHex, sink.url, flags.events!);
    port = s.endpoint.port;
    stopServer = async () => {
      await s.endpoint.stop();
      s.store.close();
    };
  } else {
    const c = await startChild(publicKeyHex, sink.url, flags.events!);
    port = c.port;
    serverCpu = c.cpu;
    stopServer = async () => {
      const exited = new Promise((resolve) => c.child.once('exit', resolve));
      c.child.kill('SIGTERM');
      await exited;
    };
  }

  const url = `http://${HOST}:${port}/interactions`;
  const send = async (p: { kind: Kind; payload: Record<string, unknown>; expect: number }): Promise<Sample> => {
    const body = JSON.stringify(p.payload);
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(ts + body), privateKey as KeyObject).toString('hex');
    const started = performance.now();
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': ts },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      const ms = performance.now() - started;
      if (res.status !== 200) return { kind: p.kind, ms, ok: false, error: `HTTP ${res.status} ${text.slice(0, 120)}` };
      const json = JSON.parse(text) as { type?: number; data?: { flags?: number; embeds?: { title?: string }[] } };
      if (json.type === 5 && p.expect === 4) return { kind: p.kind, ms, ok: true, deferred: true };
      if (json.type !== p.expect) return { kind: p.kind, ms, ok: false, error: `expected callback type ${p.expect}, got ${json.type}` };
      if (((json.data?.flags ?? 0) & 64) !== 0) {
        return { kind: p.kind, ms, ok: false, error: `error reply: ${json.data?.embeds?.[0]?.title ?? '?'} (${text.slice(0, 160)})` };
      }
      return { kind: p.kind, ms, ok: true };
    } catch (err) {
      return { kind: p.kind, ms: performance.now() - started, ok: false, error: `${(err as Error).name}: ${(err as Error).message}` };
    }
  };

  // Warm up (JIT, search indexes, connections) outside the measurement.
  await Promise.all(payloads.slice(0, Math.min(20, payloads.length)).map((p) => send({ ...p, payload: { ...p.payload, id: `${p.payload.id}0` } })));

  const samples: Sample[] = new Array(total);
  let next = 0;
  const worker = async () => {
    // Bounded: each worker takes the next index until all N are sent.
    for (let i = next++; i < total; i = next++) samples[i] = await send(payloads[i]);
  };
  await serverCpu('mark');
  const clientCpuStart = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const seconds = (performance.now() - started) / 1000;
  const clientCpu = process.cpuUsage(clientCpuStart);
  const cpuUs = await serverCpu('report');

  await stopServer();
  await new Promise<void>((resolve) => sink.server.close(() => resolve()));

  const lat = samples.map((s) => s.ms).sort((a, b) => a - b);
  const errors = samples.filter((s) => !s.ok);
  const byKind = new Map<string, number>();
  for (const s of samples) byKind.set(s.kind, (byKind.get(s.kind) ?? 0) + 1);
  const deferred = samples.filter((s) => s.deferred).length;
  const f = (n: number) => n.toFixed(1);
  const lines = [
    `Discord HTTP interactions load test — ${inProcess ? 'endpoint in this process' : 'endpoint in a child process'} on ${HOST}`,
    `requests     ${total} (${[...byKind].map(([k, v]) => `${k} ${v}`).join(', ')})`,
    `concurrency  ${concurrency}`,
    `duration     ${seconds.toFixed(2)} s`,
    `throughput   ${f(total / seconds)} req/s`,
    `latency      p50 ${f(percentile(lat, 50))} ms · p90 ${f(percentile(lat, 90))} ms · p99 ${f(percentile(lat, 99))} ms · max ${f(lat.at(-1) ?? 0)} ms`,
    `over 3 s     ${lat.filter((ms) => ms > 3000).length} (Discord's deadline for the first response)`,
    ...(cpuUs !== undefined
      ? [`server CPU   ${f(cpuUs / 1000 / total)} ms per request (${f(cpuUs / 1e6)} s in all): about ${Math.round(total / (cpuUs / 1e6))} req/s per free core`]
      : []),
    `client CPU   ${f((clientCpu.user + clientCpu.system) / 1000 / total)} ms per request (signing, fetch${inProcess ? ', and the endpoint itself' : ''})`,
    `deferred     ${deferred} (edits received by the local sink: ${sink.edits()})`,
    `errors       ${errors.length}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (errors.length) {
    const seen = new Map<string, number>();
    for (const e of errors) seen.set(`${e.kind}: ${e.error}`, (seen.get(`${e.kind}: ${e.error}`) ?? 0) + 1);
    for (const [msg, n] of [...seen].slice(0, 10)) process.stdout.write(`  ${n}× ${msg}\n`);
    process.exit(1);
  }
}

// ── entry: the endpoint alone (child mode), or the load run ──────────────────────────────────────
if (flags.serve) {
  process.env.LOG_LEVEL ??= 'error';
  const { endpoint, store } = await serveEndpoint(flags['public-key'] ?? '', flags['api-url'] ?? `http://${HOST}:9/api`, flags.events!);
  process.stdout.write(`PORT ${endpoint.port}\n`);
  const bye = async () => {
    await endpoint.stop();
    store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void bye());
  process.on('SIGINT', () => void bye());
  // The parent asks for this process's CPU time around the measured run: "mark", then "report".
  let mark = process.cpuUsage();
  const commands = createInterface({ input: process.stdin });
  commands.on('line', (line) => {
    if (line === 'mark') mark = process.cpuUsage();
    if (line === 'report') process.stdout.write(`CPU ${JSON.stringify(process.cpuUsage(mark))}\n`);
  });
  commands.on('close', () => void bye()); // parent went away
} else {
  await runLoad();
}
