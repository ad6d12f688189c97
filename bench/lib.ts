/** Shared helpers for `npm run bench`: statistics, child processes, machine facts, log paths. */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const HOST = '127.0.0.1';
/** The instant every benchmark answers "now" at (the evaluation's default). */
export const BENCH_NOW = new Date('2026-06-01T00:00:00Z');
/** The generated log of 10,000 events is about 34 MB, over the bot's default EVENTS_MAX_BYTES (16 MB). */
export const BENCH_LIMITS = { maxBytes: 256 * 1024 * 1024 };

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? NaN, mean };
}

export function median(values: readonly number[]): number {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median of each statistic over several runs (n summed). */
export function medianStats(runs: readonly Stats[]): Stats & { runs: number; p99s: number[] } {
  return {
    n: runs.reduce((a, r) => a + r.n, 0),
    p50: median(runs.map((r) => r.p50)),
    p95: median(runs.map((r) => r.p95)),
    p99: median(runs.map((r) => r.p99)),
    max: Math.max(...runs.map((r) => r.max)),
    mean: median(runs.map((r) => r.mean)),
    runs: runs.length,
    p99s: runs.map((r) => round(r.p99, 3)),
  };
}

export function round(v: number, digits = 2): number {
  return Number.isFinite(v) ? Number(v.toFixed(digits)) : v;
}

export function ms(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  if (v >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

export function machine() {
  const cpu = cpus();
  return {
    cores: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    totalMemoryMB: Math.round(totalmem() / 1048576),
    loadAverageAtStart: loadavg().map((l) => round(l, 2)),
    date: new Date().toISOString(),
  };
}

/** Resident set size (and peak) of a process from /proc (Linux), in MB. */
export function procMemory(pid: number): { rssMB: number; peakMB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMB: round(kb('VmRSS') / 1024, 1), peakMB: round(kb('VmHWM') / 1024, 1) };
  } catch {
    return undefined;
  }
}

/** `node --import tsx <script> …args`, stdout piped (read as JSON lines), stderr inherited. */
export function spawnTs(script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}, nodeFlags: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeFlags, '--import', 'tsx', resolve(ROOT, script), ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
  });
}

/** Resolve with the first stdout line the predicate accepts (child is left running). */
export function waitForLine(child: ChildProcess, pred: (line: string) => boolean, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      lines.close();
      reject(new Error(`child did not print the expected line within ${timeoutMs} ms`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`child exited (code ${code}) before printing the expected line`));
    };
    lines.on('line', (line) => {
      if (pred(line)) {
        clearTimeout(timer);
        child.off('exit', onExit);
        lines.close();
        resolvePromise(line);
      }
    });
    child.once('exit', onExit);
  });
}

/** Run a TS child that prints one `RESULT <json>` line, and return the parsed result. */
export async function runChild<T>(script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}, timeoutMs = 600_000, nodeFlags: string[] = []): Promise<T> {
  const child = spawnTs(script, args, env, nodeFlags);
  child.stdin!.end();
  const line = await waitForLine(child, (l) => l.startsWith('RESULT '), timeoutMs);
  await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
  return JSON.parse(line.slice('RESULT '.length)) as T;
}

/** Print the one line a child reports its result with. */
export function report(result: unknown): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

export { rng } from '../scripts/gen-synthetic-log.js';

export const pick = <T>(list: readonly T[], r: () => number): T => list[Math.floor(r() * list.length)];

export function argValue(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
